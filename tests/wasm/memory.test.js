// 10,000 create/run/dispose cycles do not grow memory, and 10,000 networks alive at once can
// all be disposed. The public API has no heap accessor, so this measures the process: the
// WebAssembly memory is counted in process.memoryUsage().external (it grows, never shrinks, so
// a leak in the engine shows there); rss is checked too, with room for JS garbage.
import { loadEngine } from '../../bindings/index.js';
import { referencePass } from './helpers/reference.js';
import { passMismatches } from './helpers/support.js';

const CYCLES = 10_000;
const WARM_UP = 1_000;
const MiB = 1024 * 1024;
/**
 * Allowed growth of external + arrayBuffers over 10,000 cycles. One network of the size below
 * holds ~15 KB in the engine, so leaking even 1 KB per cycle (10 MB) would exceed it.
 */
const EXTERNAL_MARGIN = 8 * MiB;
/** Allowed rss growth: JS garbage (the result objects) comes and goes with the collector. */
const RSS_MARGIN = 64 * MiB;
/** Keeping 10,000 networks alive must show up as at least this much more external memory. */
const KEPT_AT_LEAST = 40 * MiB;

// 16-16-16: big enough that a leaked network is visible, small enough to be quick.
const doc = {
  layers: [16, 16, 16],
  activations: ['tanh', 'sigmoid'],
  loss: 'mse',
  input: Array.from({ length: 16 }, (_, i) => Math.sin(i)),
  target: Array.from({ length: 16 }, (_, i) => (i % 2 ? 0.9 : 0.1)),
  seed: 7,
};

const outside = () => {
  const m = process.memoryUsage();
  return m.external + m.arrayBuffers;
};

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

// Every network a test creates is disposed after it, even when an expectation fails midway
// (dispose() twice is harmless).
const created = [];
const create = (d) => {
  const net = engine.createNetwork(d);
  created.push(net);
  return net;
};
afterEach(() => {
  for (const net of created.splice(0)) net.dispose();
});

/** n create/run/dispose cycles; returns how many gave a J other than the first's. */
function cycles(n) {
  let first;
  let different = 0;
  for (let k = 0; k < n; ++k) {
    const net = engine.createNetwork(doc);
    const J = net.run().loss;
    net.dispose();
    first ??= J;
    if (J !== first) different += 1;
  }
  return different;
}

/** The network's pass against the reference on its own parameters (toDocument gives the seeded weights). */
function rightValues(net) {
  return passMismatches(net.run(), referencePass(net.toDocument()));
}

test(`${CYCLES.toLocaleString('en')} create/run/dispose cycles do not grow memory`, () => {
  expect(cycles(WARM_UP)).toBe(0);
  const external = outside();
  const rss = process.memoryUsage().rss;
  expect(cycles(CYCLES)).toBe(0); // every cycle gave the same J
  expect(outside() - external).toBeLessThan(EXTERNAL_MARGIN);
  expect(process.memoryUsage().rss - rss).toBeLessThan(RSS_MARGIN);
});

test(`${CYCLES.toLocaleString('en')} networks alive at once are all right, then all dispose, and their memory is reused`, () => {
  cycles(WARM_UP);
  const before = outside();
  const nets = [];
  for (let k = 0; k < CYCLES; ++k) {
    const net = create(doc);
    net.run();
    nets.push(net);
  }
  const grown = outside() - before;
  // the measurement sees the engine's memory (so "did not grow" above means something)
  expect(grown).toBeGreaterThan(KEPT_AT_LEAST);
  for (const k of [0, 1, CYCLES / 2, CYCLES - 1]) expect(rightValues(nets[k])).toEqual([]);

  for (const net of nets) net.dispose();
  expect(() => nets[0].run()).toThrow(/disposed/);
  expect(() => nets[CYCLES - 1].run()).toThrow(/disposed/);

  // the freed memory is reused: as many networks again need no more memory
  const after = outside();
  const again = [];
  for (let k = 0; k < CYCLES; ++k) again.push(create(doc));
  expect(outside() - after).toBeLessThan(EXTERNAL_MARGIN);
  expect(rightValues(again[CYCLES - 1])).toEqual([]);
  for (const net of again) net.dispose();
});
