// Every activation of the notes' table: a = f(z), f'(z), and the whole pass through it, and
// softmax with cross-entropy (delta^(L) = a^(L) - y).
import { loadEngine } from '../../bindings/index.js';
import { ACTIVATIONS, ELEMENTWISE, LEAKY_RELU_SLOPE, referencePass, softmax } from './helpers/reference.js';
import { checkAgainstReference, mismatches, passMismatches, runDocument } from './helpers/support.js';

/** Step of the central difference used to check f' against f (truncation ~h^2, rounding ~1e-16/h). */
const FPRIME_STEP = 1e-5;
/** How close f'(z) must be to (f(z+h) - f(z-h)) / 2h. */
const FPRIME_ABSOLUTE = 1e-8;
/** Probabilities summed in double precision: 1 within a few ulp. */
const SUMS_TO_ONE = 1e-15;

// A 3-4-2 network whose hidden layer gets z of both signs (so relu and leaky-relu use both branches).
function doc342(activations, loss = 'mse', target = [0.25, 0.75]) {
  return {
    layers: [3, 4, 2],
    activations,
    loss,
    weights: [
      [
        [0.9, -0.4, 0.2],
        [-0.7, 0.5, -0.3],
        [0.3, 0.8, -0.6],
        [-0.2, -0.9, 0.4],
      ],
      [
        [0.6, -0.5, 0.7, -0.3],
        [-0.8, 0.4, 0.2, 0.9],
      ],
    ],
    biases: [
      [0.05, -0.1, 0.15, -0.05],
      [0.1, -0.2],
    ],
    input: [0.8, -0.6, 0.3],
    target,
  };
}

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

test('the engine lists the six activations and the two losses', () => {
  expect(engine.activations).toEqual(['sigmoid', 'tanh', 'relu', 'leaky-relu', 'linear', 'softmax']);
  expect(engine.losses).toEqual(['mse', 'cross-entropy']);
});

test('the lists are the names the validator accepts, read from the engine tables', () => {
  const output = (f) => (f === 'softmax' ? { activations: ['sigmoid', 'softmax'], loss: 'cross-entropy', target: [0.25, 0.75] } : { activations: f, loss: 'mse', target: [0.5, 0.5] });
  const base = { layers: [2, 3, 2], input: [0.1, -0.2], seed: 3 };
  for (const f of engine.activations) expect(engine.validate({ ...base, ...output(f) })).toBeNull();
  for (const f of ['swish', 'Sigmoid', 'leaky_relu']) expect(engine.validate({ ...base, ...output(f) })?.field).toBe('activations');
  for (const loss of engine.losses) {
    const doc = loss === 'mse' ? { ...base, activations: 'sigmoid', loss, target: [0.5, 0.5] } : { ...base, activations: ['tanh', 'softmax'], loss, target: [0.25, 0.75] };
    expect(engine.validate(doc)).toBeNull();
  }
  expect(Object.isFrozen(engine.activations) && Object.isFrozen(engine.losses) && Object.isFrozen(engine.plantedBugs)).toBe(true);
});

describe.each(ELEMENTWISE)('activation %s', (name) => {
  const doc = doc342(name);

  test('the hidden layer of the test network has z of both signs', () => {
    const z = referencePass(doc).layers[1].z;
    expect(z.some((v) => v > FPRIME_STEP)).toBe(true);
    expect(z.some((v) => v < -FPRIME_STEP)).toBe(true);
  });

  test('a = f(z) in every layer', () => {
    const r = runDocument(engine, doc);
    for (const layer of r.layers.slice(1)) {
      expect(mismatches(layer.a, layer.z.map(ACTIVATIONS[name].f))).toEqual([]);
    }
  });

  test("f'(z) agrees with central differences of f", () => {
    const { f } = ACTIVATIONS[name];
    const r = runDocument(engine, doc);
    for (const layer of r.layers.slice(1)) {
      const numeric = layer.z.map((z) => (f(z + FPRIME_STEP) - f(z - FPRIME_STEP)) / (2 * FPRIME_STEP));
      expect(mismatches(layer.fprime, numeric, { relative: 0, absolute: FPRIME_ABSOLUTE })).toEqual([]);
    }
  });

  test('the whole pass (z, a, fprime, delta, gradients, J) agrees with the reference', () => {
    expect(checkAgainstReference(engine, doc)).toEqual([]);
  });
});

describe('the branches of the piecewise activations', () => {
  test("relu: a unit with z < 0 has a = 0, f' = 0, delta = 0 and a zero row in dJ/dW", () => {
    const r = runDocument(engine, doc342('relu'));
    const hidden = r.layers[1];
    const off = hidden.z.map((z, i) => (z < 0 ? i : -1)).filter((i) => i >= 0);
    expect(off.length).toBeGreaterThan(0);
    for (const i of off) {
      expect(hidden.a[i]).toBe(0);
      expect(hidden.fprime[i]).toBe(0);
      // exactly zero (either sign: -0 is a product with a negative number)
      expect(Math.abs(hidden.delta[i])).toBe(0);
      expect(r.gradients[0].W[i].map(Math.abs)).toEqual([0, 0, 0]);
      expect(Math.abs(r.gradients[0].b[i])).toBe(0);
    }
  });

  test("leaky-relu: a unit with z < 0 has a = 0.01 z and f' = 0.01; with z > 0, a = z and f' = 1", () => {
    const r = runDocument(engine, doc342('leaky-relu'));
    const hidden = r.layers[1];
    hidden.z.forEach((z, i) => {
      if (z < 0) {
        expect(mismatches(hidden.a[i], LEAKY_RELU_SLOPE * z)).toEqual([]);
        expect(hidden.fprime[i]).toBe(LEAKY_RELU_SLOPE);
      } else {
        expect(hidden.a[i]).toBe(z);
        expect(hidden.fprime[i]).toBe(1);
      }
    });
  });

  test("linear: a = z and f' = 1 everywhere", () => {
    const r = runDocument(engine, doc342('linear'));
    for (const layer of r.layers.slice(1)) {
      expect(layer.a).toEqual(layer.z);
      expect(layer.fprime).toEqual(layer.z.map(() => 1));
    }
  });
});

test('an array of activations gives each layer its own f', () => {
  const doc = {
    layers: [3, 4, 3, 2],
    activations: ['tanh', 'relu', 'leaky-relu'],
    loss: 'mse',
    weights: [
      doc342('tanh').weights[0],
      [
        [0.5, -0.4, 0.3, 0.2],
        [-0.6, 0.7, -0.1, 0.4],
        [0.2, 0.3, -0.8, -0.5],
      ],
      [
        [0.9, -0.3, 0.4],
        [-0.5, 0.6, 0.2],
      ],
    ],
    biases: [null, [0.1, -0.05, 0.02], [0.0, -0.3]],
    input: [0.8, -0.6, 0.3],
    target: [0.5, -0.5],
  };
  const r = runDocument(engine, doc);
  expect(mismatches(r.layers[1].a, r.layers[1].z.map(Math.tanh))).toEqual([]);
  expect(passMismatches(r, referencePass(doc))).toEqual([]);
});

describe('softmax output with cross-entropy', () => {
  const doc = doc342(['tanh', 'softmax'], 'cross-entropy', [0.2, 0.8]);

  test('a^(L) = softmax(z^(L)) sums to 1', () => {
    const out = runDocument(engine, doc).layers[2];
    expect(mismatches(out.a, softmax(out.z))).toEqual([]);
    expect(Math.abs(out.a[0] + out.a[1] - 1)).toBeLessThan(SUMS_TO_ONE);
  });

  test('delta^(L) = a^(L) - y (no extra factor of f\'(z))', () => {
    const out = runDocument(engine, doc).layers[2];
    expect(mismatches(out.delta, [out.a[0] - 0.2, out.a[1] - 0.8])).toEqual([]);
  });

  test("J = -sum_k y_k log a_k and f'(z) is shown as the Jacobian's diagonal a_k (1 - a_k)", () => {
    const r = runDocument(engine, doc);
    const a = r.layers[2].a;
    expect(mismatches(r.loss, -(0.2 * Math.log(a[0]) + 0.8 * Math.log(a[1])))).toEqual([]);
    expect(mismatches(r.layers[2].fprime, a.map((ak) => ak * (1 - ak)))).toEqual([]);
  });

  test('the whole pass agrees with the reference, also with three classes and a batch', () => {
    expect(checkAgainstReference(engine, doc)).toEqual([]);
    const three = {
      layers: [2, 3, 3],
      activations: ['sigmoid', 'softmax'],
      loss: 'cross-entropy',
      weights: [
        [
          [0.4, -0.2],
          [0.1, 0.6],
          [-0.5, 0.3],
        ],
        [
          [0.7, -0.1, 0.2],
          [-0.3, 0.5, 0.4],
          [0.2, 0.2, -0.6],
        ],
      ],
      biases: [
        [0, 0.1, -0.1],
        [0.05, 0, -0.05],
      ],
      input: [
        [1, 0.5],
        [-0.5, 2],
        [0, 0],
      ],
      target: [
        [1, 0, 0],
        [0, 0.5, 0.5],
        [0, 0, 1],
      ],
    };
    expect(checkAgainstReference(engine, three)).toEqual([]);
  });
});
