// net.trainEpochs(epochs, { learningRate, batchSize }): full-batch and mini-batch gradient
// descent with a loss curve, checked against the independent reference.
import { DivergenceError, loadEngine } from '../../bindings/index.js';
import { reference, referenceStep } from './helpers/reference.js';
import { REFERENCE_RELATIVE, withNetwork } from './helpers/support.js';

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

const XOR = Object.freeze({
  layers: [2, 2, 1],
  activations: 'sigmoid',
  loss: 'mse',
  weights: [[[0.5, -0.4], [0.3, 0.8]], [[0.7, -0.6]]],
  biases: [[0.1, -0.2], [0.05]],
  input: [[0, 0], [0, 1], [1, 0], [1, 1]],
  target: [[0], [1], [1], [0]],
  learningRate: 1.5,
  seed: 5,
});

const close = (a, b) => Math.abs(a - b) <= REFERENCE_RELATIVE * Math.max(1, Math.abs(b));

test('full batch: epoch t of the curve is J before the t-th reference step, and the weights match', () => {
  withNetwork(engine, XOR, (net) => {
    const curve = net.trainEpochs(25);
    let doc = structuredClone(XOR);
    expect(curve).toHaveLength(25);
    for (let t = 0; t < 25; ++t) {
      expect(close(curve[t], reference(doc).loss)).toBe(true);
      doc = referenceStep(doc);
    }
    const after = net.toDocument();
    after.weights.flat(2).forEach((w, k) => expect(close(w, doc.weights.flat(2)[k])).toBe(true));
    expect(close(net.run().loss, reference(doc).loss)).toBe(true);
  });
});

test('batchSize >= m is the full batch, bit for bit', () => {
  withNetwork(engine, XOR, (full) =>
    withNetwork(engine, XOR, (same) => {
      expect(same.trainEpochs(40, { batchSize: 4 })).toEqual(full.trainEpochs(40));
      expect(same.toDocument()).toEqual(full.toDocument());
    }),
  );
});

test('mini-batches: one step per batch, an order that depends on the seed, reproducible', () => {
  const run = (doc, batchSize) =>
    withNetwork(engine, doc, (net) => ({ curve: net.trainEpochs(30, { batchSize }), doc: net.toDocument() }));
  const a = run(XOR, 1);
  const b = run(XOR, 1);
  expect(b).toEqual(a); // same seed: same shuffles
  expect(run({ ...XOR, seed: 6 }, 1).doc.weights).not.toEqual(a.doc.weights); // another order
  expect(run(XOR, 1).doc).not.toEqual(run(XOR, 4).doc); // not the full batch
  // An epoch of batch 2 on 4 examples is 2 steps: compare with the reference taking the two
  // halves in some order: the first epoch's J is the untrained loss in every case.
  expect(close(run(XOR, 2).curve[0], reference(XOR).loss)).toBe(true);
});

test('with batch size 1 an epoch equals m single-example reference steps in the shuffled order', () => {
  // The order is unknown to the test, so try every permutation of the 4 examples for the
  // first epoch: exactly the engine's parameters must be reached by one of them.
  const perms = (xs) => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));
  const after = withNetwork(engine, XOR, (net) => (net.trainEpochs(1, { batchSize: 1 }), net.toDocument()));
  const matches = perms([0, 1, 2, 3]).filter((order) => {
    let doc = structuredClone(XOR);
    for (const e of order) {
      const single = referenceStep({ ...doc, input: [doc.input[e]], target: [doc.target[e]] });
      doc = { ...doc, weights: single.weights, biases: single.biases };
    }
    return doc.weights.flat(2).every((w, k) => close(w, after.weights.flat(2)[k]));
  });
  expect(matches).toHaveLength(1);
});

test('a diverging run stops with DivergenceError carrying the completed epochs', () => {
  const doc = { layers: [1, 1], activations: 'linear', loss: 'mse', weights: [[[1]]], biases: [[0]], input: [[1], [2]], target: [[0], [0]], learningRate: 10 };
  withNetwork(engine, doc, (net) => {
    let error;
    try {
      net.trainEpochs(10000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DivergenceError);
    expect(error.curve.length).toBe(error.stepsTaken);
    expect(error.curve.length).toBeGreaterThan(10);
    expect(error.message).toMatch(new RegExp(`^trainEpochs\\(\\) stopped after ${error.curve.length} of 10000 epochs`));
    expect(error.curve.every(Number.isFinite)).toBe(true);
    expect(net.toDocument().weights.flat(2).every(Number.isFinite)).toBe(true);
  });
});

test('bad arguments are refused with a message naming them', () => {
  withNetwork(engine, XOR, (net) => {
    expect(() => net.trainEpochs(-1)).toThrow('trainEpochs(epochs): epochs must be a whole number');
    expect(() => net.trainEpochs(1, { batchSize: 1.5 })).toThrow('trainEpochs(epochs, { batchSize }) must be a whole number');
    expect(() => net.trainEpochs(1, { learningRate: -1 })).toThrow('trainEpochs(epochs, { learningRate }) must be a finite number');
  });
});
