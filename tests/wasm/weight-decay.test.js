// Weight decay lambda: J gains (lambda/2) sum_l ||W^(l)||^2 (biases not decayed) and
// dJ/dW^(l) gains lambda W^(l); dJ/db and the per-example deltas are unchanged.
import { loadEngine } from '../../bindings/index.js';
import { referencePass } from './helpers/reference.js';
import { doc222, mismatches, passMismatches, runDocument, withNetwork } from './helpers/support.js';

const lambda = 0.1;

let engine;
let plain;
let decayed;
beforeAll(async () => {
  engine = await loadEngine();
  plain = runDocument(engine, doc222());
  decayed = runDocument(engine, doc222({ weightDecay: lambda }));
});

test('J gains (lambda/2) times the sum of every W_ij^2, and not the biases', () => {
  const squares = 0.1 ** 2 + 0.2 ** 2 + 0.3 ** 2 + 0.4 ** 2 + 0.5 ** 2 + 0.6 ** 2 + 0.7 ** 2 + 0.8 ** 2;
  expect(mismatches(decayed.loss, plain.loss + (lambda / 2) * squares)).toEqual([]);
});

test('dJ/dW^(l) gains lambda W^(l)', () => {
  const W = doc222().weights;
  for (let k = 0; k < 2; ++k) {
    const expected = plain.gradients[k].W.map((row, i) => row.map((g, j) => g + lambda * W[k][i][j]));
    expect(mismatches(decayed.gradients[k].W, expected)).toEqual([]);
  }
});

test('dJ/db and every z, a, fprime, delta are the same as without decay', () => {
  for (let k = 0; k < 2; ++k) expect(decayed.gradients[k].b).toEqual(plain.gradients[k].b);
  expect(decayed.layers).toEqual(plain.layers);
});

test('with a batch, the decay is added once to the mean (not per example)', () => {
  const doc = doc222({
    weightDecay: lambda,
    input: [
      [0.5, 0.25],
      [1, -1],
    ],
    target: [
      [0, 1],
      [1, 1],
    ],
  });
  expect(passMismatches(runDocument(engine, doc), referencePass(doc))).toEqual([]);
});

test('a step with weight decay shrinks W by alpha lambda W on top of the data gradient', () => {
  withNetwork(engine, doc222({ weightDecay: lambda }), (net) => {
    net.step(0.5);
    const after = net.toDocument();
    const W = doc222().weights;
    for (let k = 0; k < 2; ++k) {
      const expected = W[k].map((row, i) =>
        row.map((w, j) => w - 0.5 * (plain.gradients[k].W[i][j] + lambda * w)),
      );
      expect(mismatches(after.weights[k], expected)).toEqual([]);
    }
    expect(after.weightDecay).toBe(lambda);
  });
});
