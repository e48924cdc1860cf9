// Small data sets for training, generated deterministically from a seed: the same seed gives
// the same numbers on every run (a 32-bit generator and + - * /, Math.sqrt, Math.log,
// Math.cos, Math.sin; the last three may differ in the last bit between JavaScript engines).
//
// Every generator returns { name, inputs, targets, description }: inputs[e] is x of example
// e (s_1 numbers), targets[e] its y (s_L numbers) shaped for the network: a two-class set has
// one output in {0, 1} (sigmoid), a k-class set is one-hot (softmax with cross-entropy).
// Pure functions: no DOM, no engine.

// ---- pseudo-random numbers ---------------------------------------------------------------------

/**
 * mulberry32: a 32-bit generator (Tommy Ettinger's constants). Returns a function giving
 * numbers in [0, 1), each a multiple of 2^-32.
 */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal numbers by the Box-Muller transform (both numbers of each pair are used). */
export function gaussian(random) {
  let spare = null;
  return function normal() {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    const u = 1 - random(); // (0, 1]: log(u) is finite
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

// ---- checks ------------------------------------------------------------------------------------------

const MAX_EXAMPLES = 100000;

function checkSeed(seed) {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be a whole number from 0 to 4294967295, got ${String(seed)}`);
  }
}

function checkCount(name, n, min = 1) {
  if (!Number.isInteger(n) || n < min || n > MAX_EXAMPLES) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${MAX_EXAMPLES}, got ${String(n)}`);
  }
}

function checkNonNegative(name, x) {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(x)}`);
  }
}

const oneHot = (c, k) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0));

// ---- logic gates: the four corners ---------------------------------------------------------------

const CORNERS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

function gate(name, fn, description) {
  return {
    name,
    inputs: CORNERS.map((x) => x.slice()),
    targets: CORNERS.map(([p, q]) => [fn(p, q)]),
    description,
  };
}

/** XOR of two bits: 1 when exactly one input is 1. Not linearly separable. */
export function xor() {
  return gate(
    'xor',
    (p, q) => p ^ q,
    'XOR: the four corners of the unit square, target 1 when exactly one input is 1. No straight line separates the two classes, so a network needs a hidden layer (2-2-1 learns it; 2-1-1 cannot).',
  );
}

/** AND of two bits. Linearly separable. */
export function and() {
  return gate('and', (p, q) => p & q, 'AND: the four corners of the unit square, target 1 only at (1, 1). One straight line separates the classes, so a single sigmoid unit can learn it.');
}

/** OR of two bits. Linearly separable. */
export function or() {
  return gate('or', (p, q) => p | q, 'OR: the four corners of the unit square, target 0 only at (0, 0). One straight line separates the classes, so a single sigmoid unit can learn it.');
}

// ---- two-dimensional classification ---------------------------------------------------------------

/**
 * Two concentric rings: class 0 at radius `inner`, class 1 at radius `outer`, each point's
 * radius jittered uniformly by at most `noise`. Examples alternate between the classes (the
 * classes differ in size by at most one).
 */
export function circles({ n = 100, seed = 1, inner = 0.4, outer = 0.9, noise = 0.05 } = {}) {
  checkCount('n', n, 2);
  checkSeed(seed);
  checkNonNegative('inner', inner);
  checkNonNegative('outer', outer);
  checkNonNegative('noise', noise);
  const random = mulberry32(seed);
  const inputs = [];
  const targets = [];
  for (let e = 0; e < n; ++e) {
    const c = e % 2;
    const angle = 2 * Math.PI * random();
    const r = (c === 0 ? inner : outer) + noise * (2 * random() - 1);
    inputs.push([r * Math.cos(angle), r * Math.sin(angle)]);
    targets.push([c]);
  }
  return {
    name: 'circles',
    inputs,
    targets,
    description: `Two rings around the origin: class 0 at radius ${inner}, class 1 at radius ${outer} (±${noise}), ${n} points (seed ${seed}). The boundary is a circle, so the network needs a hidden layer to bend it.`,
  };
}

/**
 * Two interleaved spirals: for t in [0, 1], radius t and angle 2π·turns·t (+ π for class 1),
 * plus gaussian noise of standard deviation `noise`. Examples alternate between the classes.
 */
export function spirals({ n = 100, seed = 1, turns = 1.25, noise = 0.03 } = {}) {
  checkCount('n', n, 2);
  checkSeed(seed);
  checkNonNegative('turns', turns);
  checkNonNegative('noise', noise);
  const random = mulberry32(seed);
  const normal = gaussian(random);
  const inputs = [];
  const targets = [];
  const perClass = Math.ceil(n / 2);
  for (let e = 0; e < n; ++e) {
    const c = e % 2;
    const k = Math.floor(e / 2);
    const t = perClass > 1 ? 0.05 + (0.95 * k) / (perClass - 1) : 0.5;
    const angle = 2 * Math.PI * turns * t + c * Math.PI;
    inputs.push([t * Math.cos(angle) + noise * normal(), t * Math.sin(angle) + noise * normal()]);
    targets.push([c]);
  }
  return {
    name: 'spirals',
    inputs,
    targets,
    description: `Two spirals winding ${turns} times around the origin, half a turn apart, ${n} points (seed ${seed}). The hardest of these sets: it needs several hidden units and many epochs.`,
  };
}

/**
 * k gaussian blobs with centres evenly spaced on a circle of radius `radius` and standard
 * deviation `spread`. Example e belongs to class e mod k. Targets: one-hot of length k for
 * k > 2 (or when oneHot is true), one output in {0, 1} for k = 2.
 */
export function blobs({ n = 150, k = 3, seed = 1, radius = 1, spread = 0.3, oneHot: hot = k > 2 } = {}) {
  checkCount('n', n, 1);
  checkSeed(seed);
  if (!Number.isInteger(k) || k < 2 || k > 16) throw new RangeError(`k must be a whole number from 2 to 16, got ${String(k)}`);
  checkNonNegative('radius', radius);
  checkNonNegative('spread', spread);
  const normal = gaussian(mulberry32(seed));
  const centres = Array.from({ length: k }, (_, c) => [radius * Math.cos((2 * Math.PI * c) / k + Math.PI / 2), radius * Math.sin((2 * Math.PI * c) / k + Math.PI / 2)]);
  const inputs = [];
  const targets = [];
  for (let e = 0; e < n; ++e) {
    const c = e % k;
    inputs.push([centres[c][0] + spread * normal(), centres[c][1] + spread * normal()]);
    targets.push(hot ? oneHot(c, k) : [c]);
  }
  return {
    name: 'blobs',
    inputs,
    targets,
    centres,
    description: `${k} gaussian blobs (standard deviation ${spread}) around centres on a circle of radius ${radius}, ${n} points (seed ${seed}). ${hot ? `Targets are one-hot over the ${k} classes, for a softmax output with cross-entropy.` : 'Targets are 0 or 1, for one sigmoid output.'}`,
  };
}

/**
 * A 1-D regression curve: y = sin(2πx) + gaussian noise, x evenly spaced over [0, 1].
 * Targets lie roughly in [-1, 1]: use a linear (or tanh) output with mse.
 */
export function regression({ n = 40, seed = 1, noise = 0.1 } = {}) {
  checkCount('n', n, 2);
  checkSeed(seed);
  checkNonNegative('noise', noise);
  const normal = gaussian(mulberry32(seed));
  const inputs = [];
  const targets = [];
  for (let e = 0; e < n; ++e) {
    const x = e / (n - 1);
    inputs.push([x]);
    targets.push([Math.sin(2 * Math.PI * x) + noise * normal()]);
  }
  return {
    name: 'regression',
    inputs,
    targets,
    description: `A curve to fit: y = sin(2πx) plus gaussian noise (standard deviation ${noise}) at ${n} points evenly spaced over [0, 1] (seed ${seed}). The targets go below 0, so the output layer should be linear (or tanh), with mean squared error.`,
  };
}

/** The generators by name. */
export const DATASETS = Object.freeze({ xor, and, or, circles, spirals, blobs, regression });

// ---- a network document for a data set ------------------------------------------------------------

/**
 * A copy of `baseDoc` that trains on `dataset`: input and target become its rows, layers[0]
 * and layers[L-1] take the data's sizes (the weight matrix next to a resized layer is left to
 * the seeded initialisation, a resized output layer's biases start at 0). With cross-entropy
 * a 0/1 target column becomes one-hot over two classes. Throws an Error when the data cannot
 * be used as it is (ragged rows, non-finite numbers, targets that are not distributions with
 * cross-entropy).
 */
export function datasetDocument(dataset, baseDoc) {
  const { inputs, targets } = dataset ?? {};
  if (!Array.isArray(inputs) || !Array.isArray(targets) || inputs.length === 0) {
    throw new Error('the data set has no examples');
  }
  if (inputs.length !== targets.length) {
    throw new Error(`the data set has ${inputs.length} inputs but ${targets.length} targets`);
  }
  const width = (rows, what) => {
    const n = rows[0]?.length;
    rows.forEach((row, e) => {
      if (!Array.isArray(row) || row.length !== n || n === 0) {
        throw new Error(`${what} of example ${e + 1} has ${row?.length ?? 0} numbers, the first has ${n}`);
      }
      row.forEach((v, j) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${what} ${j + 1} of example ${e + 1} is not a finite number`);
      });
    });
    return n;
  };
  const s1 = width(inputs, 'input');
  let y = targets.map((row) => row.slice());
  let sL = width(y, 'target');
  const doc = JSON.parse(JSON.stringify(baseDoc));
  const L = doc.layers.length;
  if (doc.loss === 'cross-entropy') {
    if (sL === 1 && y.every(([v]) => v === 0 || v === 1)) {
      y = y.map(([v]) => [1 - v, v]); // class 0 / class 1 as a distribution over two outputs
      sL = 2;
    }
    y.forEach((row, e) => {
      const sum = row.reduce((acc, v) => acc + v, 0);
      if (row.some((v) => v < 0) || Math.abs(sum - 1) > 1e-9) {
        throw new Error(`cross-entropy needs each target to be a distribution (no negative entries, summing to 1): example ${e + 1} sums to ${sum}`);
      }
    });
  }
  const resized = (k, n) => doc.layers[k] !== n;
  if (resized(0, s1)) {
    doc.layers[0] = s1;
    if (doc.weights) doc.weights[0] = null;
  }
  if (resized(L - 1, sL)) {
    doc.layers[L - 1] = sL;
    if (doc.weights) doc.weights[L - 2] = null;
    if (doc.biases) doc.biases[L - 2] = null;
  }
  doc.input = inputs.map((row) => row.slice());
  doc.target = y;
  return doc;
}
