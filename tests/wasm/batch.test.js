// A batch of m examples: z, a, f'(z), delta come back as one row per example, each the same as
// that example run alone; J and the gradients are the means of the single examples'.
import { loadEngine } from '../../bindings/index.js';
import { referencePass } from './helpers/reference.js';
import { doc222, mismatches, passMismatches, runDocument } from './helpers/support.js';

/** A batch and its examples run one by one sum in different orders: a few ulp apart. */
const BATCH_RELATIVE = 1e-13;
const BATCH_ABSOLUTE = 1e-16;
const tolerance = { relative: BATCH_RELATIVE, absolute: BATCH_ABSOLUTE };

const inputs = [
  [0.5, 0.25],
  [-1, 2],
  [0.3, -0.7],
];
const targets = [
  [0, 1],
  [1, 0],
  [0.5, 0.5],
];

const batchDoc = () => doc222({ input: inputs, target: targets, layers: [2, 2, 2] });
const single = (e) => doc222({ input: inputs[e], target: targets[e] });

let engine;
let batch;
let singles;
beforeAll(async () => {
  engine = await loadEngine();
  batch = runDocument(engine, batchDoc());
  singles = inputs.map((_, e) => runDocument(engine, single(e)));
});

test('batchSize is m, the number of rows', () => {
  expect(batch.batchSize).toBe(3);
  expect(singles.map((r) => r.batchSize)).toEqual([1, 1, 1]);
});

test('z, a, fprime and delta are one row per example, each equal to that example run alone', () => {
  for (let k = 0; k < 3; ++k) {
    for (const key of ['z', 'a', 'fprime', 'delta']) {
      const rows = batch.layers[k][key];
      if (k === 0 && key !== 'a') {
        expect(rows).toBeNull();
        continue;
      }
      expect(rows).toHaveLength(3);
      rows.forEach((row, e) => {
        expect(mismatches(row, singles[e].layers[k][key], tolerance)).toEqual([]);
      });
    }
  }
  expect(batch.layers[0].a).toEqual(inputs);
});

test('delta is per example, not divided by m', () => {
  // delta^(3) of example e is (a - y) o f'(z) of that example alone
  batch.layers[2].delta.forEach((row, e) => {
    const { a, fprime } = singles[e].layers[2];
    expect(mismatches(row, a.map((ak, k) => (ak - targets[e][k]) * fprime[k]), tolerance)).toEqual([]);
  });
});

test('J is the mean of the single examples\' J', () => {
  const mean = singles.reduce((sum, r) => sum + r.loss, 0) / 3;
  expect(mismatches(batch.loss, mean, tolerance)).toEqual([]);
});

test('dJ/dW and dJ/db are the means of the single examples\' gradients', () => {
  for (let k = 0; k < 2; ++k) {
    const meanW = singles[0].gradients[k].W.map((row, i) =>
      row.map((_, j) => singles.reduce((sum, r) => sum + r.gradients[k].W[i][j], 0) / 3),
    );
    const meanB = singles[0].gradients[k].b.map((_, i) => singles.reduce((sum, r) => sum + r.gradients[k].b[i], 0) / 3);
    expect(mismatches(batch.gradients[k].W, meanW, tolerance)).toEqual([]);
    expect(mismatches(batch.gradients[k].b, meanB, tolerance)).toEqual([]);
  }
});

test('the batch pass agrees with the per-example loop reference', () => {
  expect(passMismatches(batch, referencePass(batchDoc()))).toEqual([]);
});

test('a batch of one row comes back as rows; a flat example comes back flat, with the same numbers', () => {
  const rows = runDocument(engine, doc222({ input: [[0.5, 0.25]], target: [[0, 1]] }));
  const flat = runDocument(engine, doc222());
  expect(rows.batchSize).toBe(1);
  for (let k = 1; k < 3; ++k) {
    for (const key of ['z', 'a', 'fprime', 'delta']) {
      expect(rows.layers[k][key]).toEqual([flat.layers[k][key]]);
    }
  }
  expect(rows.gradients).toEqual(flat.gradients);
  expect(rows.loss).toBe(flat.loss);
});

test('a larger batch (m = 50) on a 4-6-3 tanh network still equals the reference', () => {
  const rng = (() => {
    let s = 12345;
    return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  })();
  const matrix = (r, c) => Array.from({ length: r }, () => Array.from({ length: c }, rng));
  const doc = {
    layers: [4, 6, 3],
    activations: 'tanh',
    loss: 'mse',
    weights: [matrix(6, 4), matrix(3, 6)],
    biases: [matrix(1, 6)[0], matrix(1, 3)[0]],
    input: matrix(50, 4),
    target: matrix(50, 3),
  };
  const r = runDocument(engine, doc);
  expect(r.batchSize).toBe(50);
  expect(passMismatches(r, referencePass(doc))).toEqual([]);
});
