// Weights the document leaves out are drawn from a seeded generator, scaled by fan-in:
// U(-r, r) with r = sqrt(6 / (s_l + s_{l+1})) (Glorot) for sigmoid, tanh, linear and softmax,
// r = sqrt(6 / s_l) (He) for relu and leaky-relu, the activation being that of layer l+1.
import { loadEngine } from '../../bindings/index.js';
import { referencePass } from './helpers/reference.js';
import { bitwise, passMismatches, withNetwork } from './helpers/support.js';

/** Engine against the reference on a 30-40-30-20-25-10 network: long sums, a little looser than 2-2-2. */
const WIDE_REFERENCE = { relative: 1e-11, absolute: 1e-15 };

const glorot = (sIn, sOut) => Math.sqrt(6 / (sIn + sOut));
const he = (sIn) => Math.sqrt(6 / sIn);

/**
 * With at least 250 draws from U(-r, r), the largest |W_ij| is above 0.9 r except with
 * probability 0.9^250 < 1e-11: so a range that is too narrow (Glorot where He belongs) shows.
 */
const NEAR_EDGE = 0.9;

// Layer l+1's activation decides the range of W^(l); the sizes make Glorot and He differ.
const doc = {
  layers: [30, 40, 30, 20, 25, 10],
  activations: ['relu', 'tanh', 'leaky-relu', 'sigmoid', 'softmax'],
  loss: 'cross-entropy',
  input: Array(30).fill(0.1),
  target: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
};
const RANGES = [he(30), glorot(40, 30), he(30), glorot(20, 25), glorot(25, 10)];
// Where He is right, Glorot would be narrower: the largest draw must be past it. (Where Glorot is
// right, He would be wider, which the upper bound already rules out.)
const NARROW = [glorot(30, 40), null, glorot(30, 20), null, null];

const weightsOf = (engine, d) => withNetwork(engine, d, (net) => net.toDocument().weights);
const flat = (W) => W.flat();

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

test('the same seed gives the same weights, bit for bit', () => {
  expect(bitwise(weightsOf(engine, { ...doc, seed: 42 }))).toEqual(bitwise(weightsOf(engine, { ...doc, seed: 42 })));
});

test('a different seed gives different weights in every layer', () => {
  const a = weightsOf(engine, { ...doc, seed: 42 });
  const b = weightsOf(engine, { ...doc, seed: 43 });
  a.forEach((W, k) => {
    const x = flat(W);
    const y = flat(b[k]);
    const same = x.filter((v, n) => v === y[n]).length;
    expect(same).toBe(0);
  });
});

test('no seed means seed 1; seeds 0 and 4294967295 are valid and differ from it', () => {
  const one = bitwise(weightsOf(engine, doc));
  expect(bitwise(weightsOf(engine, { ...doc, seed: 1 }))).toEqual(one);
  expect(bitwise(weightsOf(engine, { ...doc, seed: 0 }))).not.toEqual(one);
  expect(bitwise(weightsOf(engine, { ...doc, seed: 4294967295 }))).not.toEqual(one);
});

test.each([
  [1, 'relu (He)'],
  [2, 'tanh (Glorot)'],
  [3, 'leaky-relu (He)'],
  [4, 'sigmoid (Glorot)'],
  [5, 'softmax (Glorot)'],
])('W^(%i), feeding %s, lies in U(-r, r) and reaches near r', (l) => {
  const k = l - 1;
  const values = flat(weightsOf(engine, { ...doc, seed: 2024 })[k]);
  expect(values).toHaveLength(doc.layers[k] * doc.layers[k + 1]);
  const largest = Math.max(...values.map(Math.abs));
  expect(largest).toBeLessThan(RANGES[k]);
  expect(largest).toBeGreaterThan(NEAR_EDGE * RANGES[k]);
  if (NARROW[k] !== null) expect(largest).toBeGreaterThan(NARROW[k]);
  // centred: the mean of n draws from U(-r, r) has standard deviation r / sqrt(3 n); allow 5 of them
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  expect(Math.abs(mean)).toBeLessThan((5 * RANGES[k]) / Math.sqrt(3 * values.length));
});

test('linear layers get the Glorot range', () => {
  const values = flat(
    weightsOf(engine, { layers: [30, 30], activations: 'linear', loss: 'mse', input: Array(30).fill(0), target: Array(30).fill(0) })[0],
  );
  const largest = Math.max(...values.map(Math.abs));
  expect(largest).toBeLessThan(glorot(30, 30));
  expect(largest).toBeGreaterThan(NEAR_EDGE * glorot(30, 30));
});

test('omitted biases are zero', () => {
  withNetwork(engine, doc, (net) => {
    expect(net.toDocument().biases).toEqual(doc.layers.slice(1).map((n) => Array(n).fill(0)));
  });
});

test('a null entry in weights initialises only that layer, as a fresh network would', () => {
  const seeded = weightsOf(engine, { ...doc, seed: 5 });
  const given = seeded.map((W) => W.map((row) => row.map((w) => w / 2 + 0.01)));
  const mixed = weightsOf(engine, { ...doc, seed: 5, weights: [given[0], null, given[2], given[3], null] });
  expect(bitwise(mixed[0])).toEqual(bitwise(given[0]));
  expect(bitwise(mixed[1])).toEqual(bitwise(seeded[1]));
  expect(bitwise(mixed[2])).toEqual(bitwise(given[2]));
  expect(bitwise(mixed[3])).toEqual(bitwise(given[3]));
  expect(bitwise(mixed[4])).toEqual(bitwise(seeded[4]));
});

test('a null entry in biases is zeros for that layer only', () => {
  const d = { layers: [2, 2, 2], activations: 'tanh', loss: 'mse', input: [1, 2], target: [0, 0], biases: [null, [0.5, -0.5]] };
  withNetwork(engine, d, (net) => {
    expect(net.toDocument().biases).toEqual([
      [0, 0],
      [0.5, -0.5],
    ]);
  });
});

test('a network with seeded weights computes the right pass on them', () => {
  withNetwork(engine, doc, (net) => {
    expect(passMismatches(net.run(), referencePass(net.toDocument()), WIDE_REFERENCE)).toEqual([]);
  });
});
