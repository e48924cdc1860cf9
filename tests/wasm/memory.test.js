// 10,000 create/run/dispose cycles do not grow memory, and 10,000 networks alive at once can
// all be disposed. The public API has no heap accessor, so this measures the process, after a
// full garbage collection (so that JS garbage not yet collected does not count):
// - rss: the engine's memory is a WebAssembly.Memory whose pages count in rss once touched, so
//   a leak in the engine shows here even while it fits in memory already grown; a leak in the
//   JS API shows here and in heapUsed.
// - external + arrayBuffers: the size of the WebAssembly memory. It only grows, in steps of
//   the allocator's growth, so it sees a large leak but not necessarily a small one.
// A test checks that the measurement sees a leak of about 1 KB a cycle.
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadEngine } from '../../bindings/index.js';
import { referencePass } from './helpers/reference.js';
import { passMismatches } from './helpers/support.js';

const CYCLES = 10_000;
const WARM_UP = 1_000;
const MiB = 1024 * 1024;
/** Allowed growth of external + arrayBuffers (the WebAssembly memory) over 10,000 cycles. */
const EXTERNAL_MARGIN = 8 * MiB;
/**
 * Allowed growth of rss, measured once settled (see settled()), over 10,000 cycles. Measured
 * on the 2-core box: 0.1 to 1.6 MB, alone and in the whole Jest run; up to 3 MB in a fresh
 * Node process (compiled code, allocator caches). Leaking 1 KB a cycle adds 10 MB (measured:
 * 9.6 to 21 MB, the test below).
 */
const RSS_MARGIN = 6 * MiB;
/** Allowed growth of the JS heap in use after a full collection. */
const HEAP_MARGIN = 4 * MiB;
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

// A full garbage collection on demand, without starting Jest with --expose-gc.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

/**
 * rss and heapUsed once the process has settled: full collections, then a pause for V8's
 * background threads, which free ArrayBuffers and unmap heap pages after a collection, until
 * rss moves by less than SETTLED between two readings. Without the pause, memory left by the
 * test files run before this one in the same worker (tens of MB) can go back to the system
 * in the middle of a measurement.
 */
const SETTLED = 256 * 1024;
async function settled() {
  let last = Infinity;
  for (let round = 0; round < 40; ++round) {
    gc();
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { rss, heapUsed } = process.memoryUsage();
    if (Math.abs(rss - last) < SETTLED) return { rss, heapUsed };
    last = rss;
  }
  throw new Error('rss did not settle within 2 s');
}

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

/**
 * n create/run/dispose cycles; returns how many gave a J other than the first's. With
 * `leakEvery`, every leakEvery-th network is kept (into `kept`), not disposed: a planted leak.
 */
function cycles(n, { leakEvery = 0, kept = [] } = {}) {
  let first;
  let different = 0;
  for (let k = 0; k < n; ++k) {
    const net = engine.createNetwork(doc);
    const J = net.run().loss;
    if (leakEvery && k % leakEvery === 0) kept.push(net);
    else net.dispose();
    first ??= J;
    if (J !== first) different += 1;
  }
  return different;
}

/** The network's pass against the reference on its own parameters (toDocument gives the seeded weights). */
function rightValues(net) {
  return passMismatches(net.run(), referencePass(net.toDocument()));
}

test(`${CYCLES.toLocaleString('en')} create/run/dispose cycles do not grow memory`, async () => {
  expect(cycles(WARM_UP)).toBe(0);
  const before = await settled();
  const external = outside();
  expect(cycles(CYCLES)).toBe(0); // every cycle gave the same J
  const after = await settled();
  expect(outside() - external).toBeLessThan(EXTERNAL_MARGIN);
  expect(after.rss - before.rss).toBeLessThan(RSS_MARGIN);
  expect(after.heapUsed - before.heapUsed).toBeLessThan(HEAP_MARGIN);
});

test('the measurement sees a leak of about 1 KB a cycle (one 16-16-16 network, ~15 KB, in 15 cycles not disposed)', async () => {
  cycles(WARM_UP);
  const kept = [];
  const before = await settled();
  try {
    expect(cycles(CYCLES, { leakEvery: 15, kept })).toBe(0);
    expect(kept.length * 15).toBeGreaterThanOrEqual(CYCLES);
    expect((await settled()).rss - before.rss).toBeGreaterThan(RSS_MARGIN);
  } finally {
    for (const net of kept) net.dispose();
  }
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
