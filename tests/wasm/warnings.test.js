// Overflow is reported, never silent: when a value in the pass becomes NaN or infinite,
// r.warnings says which quantity, layer, unit and example first went wrong. Softmax and
// cross-entropy stay finite where the mathematics is finite.
import { DivergenceError, loadEngine } from '../../bindings/index.js';
import { referencePass } from './helpers/reference.js';
import { mismatches, numbersIn, passMismatches, runDocument, withNetwork } from './helpers/support.js';

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

const big = (v) => [
  [
    [v, v],
    [v, v],
  ],
  [
    [v, v],
    [v, v],
  ],
];

/** Every number of a pass (z, a, fprime, delta, gradients, J). */
const passNumbers = (r) => [r.loss, ...numbersIn(r.layers), ...numbersIn(r.gradients)];

/** The invariant: a non-finite number anywhere in the pass comes with a warning. */
function noSilentNaN(r) {
  const bad = passNumbers(r).some((v) => !Number.isFinite(v));
  return !bad || r.warnings.length > 0;
}

describe('weights of 1e300', () => {
  const doc = { layers: [2, 2, 2], activations: 'linear', loss: 'mse', weights: big(1e300), input: [0.5, 0.25], target: [0, 1] };

  test('overflow gives a non-empty r.warnings naming the quantity and the layer where it began', () => {
    const r = runDocument(engine, doc);
    expect(passNumbers(r).some((v) => !Number.isFinite(v))).toBe(true);
    expect(r.warnings.length).toBeGreaterThan(0);
    // z^(2) = 1e300 (0.5 + 0.25) is finite; z^(3) = 1e300 * 7.5e299 * 2 is not
    const [w] = r.warnings;
    expect({ quantity: w.quantity, layer: w.layer, row: w.row, col: w.col }).toEqual({ quantity: 'z', layer: 3, row: 1, col: 1 });
    expect(w.message).toMatch(/^z\^\(3\) of unit 1 is NaN or infinite/);
    expect(r.layers[1].z.every(Number.isFinite)).toBe(true);
  });

  test('with sigmoid everything stays finite (a saturates at 1), and there is no warning', () => {
    const r = runDocument(engine, { ...doc, activations: 'sigmoid' });
    expect(passNumbers(r).every(Number.isFinite)).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  test('relu overflowing in the first hidden layer is reported there', () => {
    const r = runDocument(engine, { ...doc, activations: 'relu', input: [1e10, 1e10] });
    expect(r.warnings[0]).toMatchObject({ quantity: 'z', layer: 2, row: 1, col: 1 });
    expect(noSilentNaN(r)).toBe(true);
  });

  test('Infinity minus Infinity (NaN) is reported too', () => {
    const weights = [
      [
        [1e300, -1e300],
        [1, 1],
      ],
      [
        [1, 1],
        [1, 1],
      ],
    ];
    const r = runDocument(engine, { ...doc, weights, input: [1e10, 1e10] });
    expect(Number.isNaN(r.layers[1].z[0])).toBe(true);
    expect(r.warnings[0]).toMatchObject({ quantity: 'z', layer: 2, row: 1, col: 1 });
  });
});

test('a step on an overflowing pass is refused with DivergenceError, leaving the parameters as they were', () => {
  const doc = { layers: [2, 2, 2], activations: 'linear', loss: 'mse', weights: big(1e300), input: [0.5, 0.25], target: [0, 1] };
  withNetwork(engine, doc, (net) => {
    const before = JSON.stringify(net.toDocument());
    for (let t = 0; t < 3; ++t) {
      let error;
      try {
        net.step();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DivergenceError);
      expect(error.message).toMatch(/^step\(\) stopped: z\^\(3\) of unit 1 is NaN or infinite/);
      expect(JSON.stringify(net.toDocument())).toBe(before);
      const r = net.run();
      expect(r.warnings.length).toBeGreaterThan(0);
      expect(noSilentNaN(r)).toBe(true);
    }
    // The document it exports is still one the engine accepts.
    expect(engine.validate(net.toDocument())).toBeNull();
  });
});

test('train() stops at the first step that would diverge and says how many were taken', () => {
  // Linear 1-1 network, J = 1/2 (w x + b - y)^2 with x = 1: dJ/dw = dJ/db = e (the error), so
  // with alpha = 10 a step changes z by -20 e and multiplies e by -19: the parameters
  // overflow after about log(1e308) / log(19) = 241 steps.
  const doc = { layers: [1, 1], activations: 'linear', loss: 'mse', weights: [[[1]]], biases: [[0]], input: [1], target: [0] };
  withNetwork(engine, doc, (net) => {
    let error;
    try {
      net.train(10000, 10);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DivergenceError);
    expect(error.stepsTaken).toBeGreaterThan(100);
    expect(error.stepsTaken).toBeLessThan(10000);
    expect(error.message).toMatch(new RegExp(`^train\\(\\) stopped after ${error.stepsTaken} of 10000 steps`));
    const after = net.toDocument();
    expect(Number.isFinite(after.weights[0][0][0])).toBe(true);
    expect(Number.isFinite(after.biases[0][0])).toBe(true);
  });
});

test('in a batch the warning names the example that overflowed', () => {
  const doc = {
    layers: [2, 2, 2],
    activations: 'linear',
    loss: 'mse',
    weights: big(1e10),
    input: [
      [0.5, 0.25],
      [1e300, 1e300],
    ],
    target: [
      [0, 1],
      [0, 1],
    ],
  };
  const r = runDocument(engine, doc);
  expect(r.warnings[0]).toMatchObject({ quantity: 'z', layer: 2, row: 1, col: 2 });
  expect(r.warnings[0].message).toMatch(/^z\^\(2\) of unit 1 in example 2 is NaN or infinite/);
  expect(r.layers[1].z[0].every(Number.isFinite)).toBe(true); // example 1 is fine
});

test('J overflowing while every z, a, fprime is finite is reported as J', () => {
  // a = 1e200 is finite, 1/2 (1e200)^2 is not
  const r = runDocument(engine, { layers: [1, 1], activations: 'linear', loss: 'mse', weights: [[[1e200]]], input: [1], target: [0] });
  expect(r.loss).toBe(Infinity);
  expect(r.warnings[0]).toMatchObject({ quantity: 'J', layer: 0, row: 0, col: 0 });
  expect(r.warnings[0].message).toMatch(/^J is not a finite number/);
});

test('a delta overflowing in the recursion is reported as delta of its layer', () => {
  // z^(3) = (1e298, -1e298): softmax (1, 0), J = 2e298 and delta^(3) = (1, -1) finite;
  // delta^(2) = 1e308 * 1 + (-1e308) * (-1) = 2e308 overflows
  const doc = {
    layers: [1, 1, 2],
    activations: ['linear', 'softmax'],
    loss: 'cross-entropy',
    weights: [[[1e-10]], [[1e308], [-1e308]]],
    input: [1],
    target: [0, 1],
  };
  const r = runDocument(engine, doc);
  expect(Number.isFinite(r.loss)).toBe(true);
  expect(r.layers[2].delta).toEqual([1, -1]);
  expect(r.gradients[1].W.flat().every(Number.isFinite)).toBe(true);
  expect(r.warnings[0]).toMatchObject({ quantity: 'delta', layer: 2, row: 1, col: 1 });
  expect(r.warnings[0].message).toMatch(/^δ\^\(2\) of unit 1 is NaN or infinite/);
});

test('no pass with a non-finite value comes without a warning (a sweep of large weights and inputs)', () => {
  let overflowed = 0;
  for (const activations of ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'linear']) {
    for (const w of [1e100, 1e200, 1e300, 1.7e308]) {
      for (const x of [1, 1e10, 1e200]) {
        const r = runDocument(engine, { layers: [2, 3, 2], activations, loss: 'mse', weights: [[[w, -w], [w, w], [-w, 1]], [[w, 1, -w], [1, w, 1]]], input: [x, x / 2], target: [0, 1] });
        if (passNumbers(r).some((v) => !Number.isFinite(v))) overflowed += 1;
        expect(noSilentNaN(r)).toBe(true);
      }
    }
  }
  expect(overflowed).toBeGreaterThan(10); // the sweep does reach overflow
});

describe('softmax and cross-entropy stay finite where the mathematics is', () => {
  const softmaxDoc = (weights, target, input = [0.5, 0.25]) => ({
    layers: [2, 2],
    activations: 'softmax',
    loss: 'cross-entropy',
    weights: [weights],
    input,
    target,
  });

  test('softmax of huge z (about 5e299) is finite and sums to 1', () => {
    const doc = softmaxDoc(
      [
        [1e300, 0],
        [0, -1e300],
      ],
      [0, 1],
    );
    const r = runDocument(engine, doc);
    expect(r.layers[1].a).toEqual([1, 0]);
    expect(passNumbers(r).every(Number.isFinite)).toBe(true);
    expect(r.warnings).toEqual([]);
    // J = -log a_2 = z_1 - z_2 (+ log(1 + e^(z_2 - z_1)) = 0): 5e299 + 2.5e299
    expect(mismatches(r.loss, 7.5e299)).toEqual([]);
    expect(r.layers[1].delta).toEqual([1, -1]);
  });

  test('softmax of equal huge z is uniform', () => {
    const r = runDocument(engine, softmaxDoc(big(1e300)[0], [0.5, 0.5]));
    expect(r.layers[1].a).toEqual([0.5, 0.5]);
    expect(mismatches(r.loss, Math.LN2)).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  test('a 0 target entry whose probability underflows to 0 adds nothing (no 0 log 0 = NaN)', () => {
    // z = (1000, 0): a = (1, e^-1000 = 0 in double); y = (1, 0): J = log(1 + e^-1000) = 0
    const doc = softmaxDoc(
      [
        [1000, 0],
        [0, 0],
      ],
      [1, 0],
      [1, 0],
    );
    const r = runDocument(engine, doc);
    expect(r.layers[1].a[1]).toBe(0);
    expect(r.loss).toBe(0);
    expect(passNumbers(r).every(Number.isFinite)).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  test('a tiny (1e-304) probability on a 0 target entry leaves J finite and right', () => {
    const doc = softmaxDoc(
      [
        [700, 0],
        [0, 0],
      ],
      [1, 0],
      [1, 0],
    );
    const r = runDocument(engine, doc);
    expect(r.layers[1].a[1]).toBeGreaterThan(0);
    expect(r.layers[1].a[1]).toBeLessThan(1e-300);
    expect(passMismatches(r, referencePass(doc))).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  test('a probability that underflows to 0 on the target class gives J = z_1 - z_2, finite, not -log 0', () => {
    const doc = softmaxDoc(
      [
        [1000, 0],
        [0, 0],
      ],
      [0, 1],
      [1, 0],
    );
    const r = runDocument(engine, doc);
    expect(r.layers[1].a).toEqual([1, 0]);
    expect(r.loss).toBe(1000);
    expect(r.layers[1].delta).toEqual([1, -1]);
    expect(r.warnings).toEqual([]);
  });
});
