// Shared fixtures, tolerances and comparisons for the tests in tests/wasm.
import { referencePass } from './reference.js';

// ---- tolerances (named, so that every comparison says how close "equal" is) -----------------

/**
 * Engine against the JS reference on the same formulas: both are double precision, but the
 * engine sums in Eigen's order and uses its own exp/tanh, so a few ulp apart. Relative to the
 * value, plus an absolute floor for values that should be (near) zero.
 */
export const REFERENCE_RELATIVE = 1e-12;
export const REFERENCE_ABSOLUTE = 1e-15;

/** Analytic gradient against central differences (docs/NOTATION.md: "agreement to about 1e-7"). */
export const GRADIENT_CHECK_RELATIVE = 1e-7;
/** The central difference step of docs/NOTATION.md. */
export const EPSILON = 1e-4;
/** Floor of the relative error's divisor, as in docs/NOTATION.md's "max(|g|, |ĝ|, tiny)". */
export const RELATIVE_ERROR_TINY = 1e-10;

/** A value that should be wrong (a planted bug) must differ from the right one by at least this, relatively. */
export const WRONG_BY_AT_LEAST = 1e-3;

// ---- a 2-2-2 network small enough to work by hand ---------------------------------------------

export const DOC_222 = Object.freeze({
  layers: [2, 2, 2],
  activations: 'sigmoid',
  loss: 'mse',
  weights: [
    [
      [0.1, 0.2],
      [0.3, 0.4],
    ],
    [
      [0.5, 0.6],
      [0.7, 0.8],
    ],
  ],
  biases: [
    [0.1, 0.1],
    [0.2, 0.2],
  ],
  input: [0.5, 0.25],
  target: [0, 1],
  learningRate: 0.5,
});

/** A fresh, mutable copy of the 2-2-2 document (with optional changes). */
export function doc222(changes = {}) {
  return { ...structuredClone(DOC_222), ...changes };
}

/** Runs `fn(net)` on a network of `doc` and disposes the network whatever happens. */
export function withNetwork(engine, doc, fn) {
  const net = engine.createNetwork(doc);
  try {
    return fn(net);
  } finally {
    net.dispose();
  }
}

/** The pass of a document, from a network that is disposed at once. */
export function runDocument(engine, doc) {
  return withNetwork(engine, doc, (net) => net.run());
}

/** J of a document, from a network that is disposed at once. */
export function lossOf(engine, doc) {
  return runDocument(engine, doc).loss;
}

// ---- comparisons -----------------------------------------------------------------------------

/** |a - b| / max(|a|, |b|, tiny): the relative error of docs/NOTATION.md. */
export function relativeError(a, b) {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), RELATIVE_ERROR_TINY);
}

/**
 * Every place where `actual` and `expected` (numbers or nested arrays of numbers, or null)
 * differ by more than `relative * |expected| + absolute`, as "path: actual vs expected".
 * Shapes must match exactly. An empty list means they agree.
 */
export function mismatches(
  actual,
  expected,
  { relative = REFERENCE_RELATIVE, absolute = REFERENCE_ABSOLUTE } = {},
  path = '',
) {
  if (expected === null || expected === undefined) {
    return actual === expected ? [] : [`${path}: ${JSON.stringify(actual)} vs ${expected}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: ${JSON.stringify(actual)} is not an array`];
    if (actual.length !== expected.length) return [`${path}: length ${actual.length} vs ${expected.length}`];
    return expected.flatMap((e, k) => mismatches(actual[k], e, { relative, absolute }, `${path}[${k}]`));
  }
  if (typeof actual !== 'number') return [`${path}: ${JSON.stringify(actual)} is not a number`];
  const ok = Math.abs(actual - expected) <= relative * Math.abs(expected) + absolute;
  return ok ? [] : [`${path}: ${actual} vs ${expected}`];
}

/** The parts of a PassResult the reference computes, compared field by field. */
export function passMismatches(actual, expected, tolerance) {
  const out = [...mismatches(actual.loss, expected.loss, tolerance, 'loss')];
  expected.layers.forEach((layer, k) => {
    for (const key of ['z', 'a', 'fprime', 'delta']) {
      out.push(...mismatches(actual.layers[k][key], layer[key], tolerance, `layers[${k}].${key}`));
    }
  });
  expected.gradients.forEach((g, k) => {
    out.push(...mismatches(actual.gradients[k].W, g.W, tolerance, `gradients[${k}].W`));
    out.push(...mismatches(actual.gradients[k].b, g.b, tolerance, `gradients[${k}].b`));
  });
  return out;
}

/** The engine's pass on `doc` against the reference: an empty list when right. */
export function checkAgainstReference(engine, doc, tolerance) {
  return passMismatches(runDocument(engine, doc), referencePass(doc), tolerance);
}

/** Every number in a nested structure, depth first. */
export function numbersIn(value) {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

/** The IEEE-754 bit pattern of a double, so that "identical" means bit for bit (0 vs -0, NaN payloads). */
export function bits(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16);
}

/** A structure with every number replaced by its bit pattern: toEqual on it is a bitwise comparison. */
export function bitwise(value) {
  if (typeof value === 'number') return bits(value);
  if (Array.isArray(value)) return value.map(bitwise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bitwise(v)]));
  }
  return value;
}

/** The engine on the 2-2-2 network still gives the reference's values (after errors, stress, ...). */
export function engineStillRight(engine) {
  return checkAgainstReference(engine, doc222());
}

/**
 * The 2-2-2 network of Matt Mazur's "A Step by Step Backpropagation Example" (2015), whose
 * published numbers (a_1^(3) = 0.75136507, J = 0.298371109, ...) are an outside oracle.
 */
export const DOC_MAZUR = Object.freeze({
  layers: [2, 2, 2],
  activations: 'sigmoid',
  loss: 'mse',
  weights: [
    [
      [0.15, 0.2],
      [0.25, 0.3],
    ],
    [
      [0.4, 0.45],
      [0.5, 0.55],
    ],
  ],
  biases: [
    [0.35, 0.35],
    [0.6, 0.6],
  ],
  input: [0.05, 0.1],
  target: [0.01, 0.99],
  learningRate: 0.5,
});

/** A fresh copy of the Mazur network with some fields changed. */
export const mazur = (changes = {}) => ({ ...structuredClone(DOC_MAZUR), ...changes });
