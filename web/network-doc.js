// Network documents (index.d.ts NetworkDocument) as the page edits them. Pure functions:
// each takes a document and returns a new one, never touching the engine.
//
// The page keeps documents normalised: `activations` as an array of L-1 names (layers 2..L),
// `weights` and `biases` as arrays of L-1 entries, `input` and `target` as one example.
// A null weights entry asks the engine to initialise W^(l) from the seed (the page then
// reads the numbers back with toDocument()).

/**
 * The default network: 2-2-2, sigmoid, mse, the numbers of the classic worked example
 * (Matt Mazur, "A Step by Step Backpropagation Example"), so a learner can check every
 * value by hand or against that write-up.
 */
export const DEFAULT_DOCUMENT = Object.freeze({
  layers: [2, 2, 2],
  activations: ['sigmoid', 'sigmoid'],
  loss: 'mse',
  weights: [
    [[0.15, 0.2], [0.25, 0.3]],
    [[0.4, 0.45], [0.5, 0.55]],
  ],
  biases: [[0.35, 0.35], [0.6, 0.6]],
  input: [0.05, 0.1],
  target: [0.01, 0.99],
  learningRate: 0.5,
  weightDecay: 0,
  seed: 1,
});

/** Deep copy (documents are plain JSON data). */
export const cloneDocument = (doc) => JSON.parse(JSON.stringify(doc));

const resize = (values, n, fill = 0) => Array.from({ length: n }, (_, k) => (values && k < values.length ? values[k] : fill));

/** The page's normal form of any valid single-example document. */
export function normaliseDocument(doc) {
  const d = cloneDocument(doc);
  const L = d.layers.length;
  if (!Array.isArray(d.activations)) d.activations = Array(L - 1).fill(d.activations);
  d.weights = Array.from({ length: L - 1 }, (_, k) => (d.weights?.[k] ?? null));
  d.biases = Array.from({ length: L - 1 }, (_, k) => (d.biases?.[k] ?? null));
  if (Array.isArray(d.input[0])) d.input = d.input[0];
  if (Array.isArray(d.target[0])) d.target = d.target[0];
  d.learningRate ??= 0.1;
  d.weightDecay ??= 0;
  d.seed ??= 1;
  return d;
}

/** Same layers, activations and loss: the page's tables keep their shape. */
export const structureKey = (doc) => JSON.stringify([doc.layers, doc.activations, doc.loss]);

/** A copy of doc with one parameter changed. */
export function setParam(doc, q, layer, row, col, value) {
  const d = cloneDocument(doc);
  switch (q) {
    case 'W': d.weights[layer - 1][row - 1][col - 1] = value; break;
    case 'b':
      d.biases[layer - 1] ??= Array(d.layers[layer]).fill(0);
      d.biases[layer - 1][row - 1] = value;
      break;
    case 'x': d.input[row - 1] = value; break;
    case 'y': d.target[row - 1] = value; break;
    default: throw new Error(`not a parameter: ${q}`);
  }
  return d;
}

/**
 * Cross-entropy needs y to be a distribution: setting y_k to p (0 <= p <= 1) rescales the
 * other entries so that y still sums to 1 (spread evenly when they were all 0).
 * Returns { doc, note }.
 */
export function setTargetDistribution(doc, k, p) {
  const d = cloneDocument(doc);
  const y = d.target;
  y[k - 1] = p;
  const others = y.reduce((acc, v, m) => (m === k - 1 ? acc : acc + v), 0);
  const rest = 1 - p;
  if (y.length > 1 && p >= 0 && p <= 1 && Math.abs(others - rest) > 1e-15) {
    for (let m = 0; m < y.length; m += 1) {
      if (m === k - 1) continue;
      y[m] = others > 0 ? y[m] * (rest / others) : rest / (y.length - 1);
    }
    return { doc: d, note: 'Cross-entropy needs y to sum to 1: the other targets were rescaled.' };
  }
  return { doc: d, note: null };
}

/**
 * Layer l gets n units. W^(l-1) (into it) and W^(l) (out of it) are re-initialised from the
 * seed; b^(l-1) keeps the biases of the units that stay (new units start at 0); x or y
 * grow with zeros or shrink when l is the input or output layer.
 */
export function setUnits(doc, l, n) {
  const d = cloneDocument(doc);
  const L = d.layers.length;
  d.layers[l - 1] = n;
  if (l > 1) {
    d.weights[l - 2] = null;
    d.biases[l - 2] = resize(d.biases[l - 2], n);
  }
  if (l < L) d.weights[l - 1] = null;
  if (l === 1) d.input = resize(d.input, n);
  if (l === L) d.target = resize(d.target, n);
  return d;
}

/**
 * A new hidden layer of n units between layers l and l+1 (it becomes layer l+1). The one
 * matrix W^(l) that joined them is replaced by two, both initialised from the seed; the
 * new layer's biases start at 0 and every other parameter is kept.
 */
export function insertLayer(doc, l, n, activation) {
  const d = cloneDocument(doc);
  const hidden = activation ?? d.activations.find((f, k) => k < d.activations.length - 1) ?? 'sigmoid';
  d.layers.splice(l, 0, n);
  d.activations.splice(l - 1, 0, hidden === 'softmax' ? 'sigmoid' : hidden);
  d.weights.splice(l - 1, 1, null, null);
  d.biases.splice(l - 1, 0, Array(n).fill(0));
  return d;
}

/**
 * Removes hidden layer l (1 < l < L). W^(l-1) and W^(l) become one matrix joining layers
 * l-1 and l+1, initialised from the seed; b^(l) (into layer l+1) is kept.
 */
export function removeLayer(doc, l) {
  const d = cloneDocument(doc);
  d.layers.splice(l - 1, 1);
  d.activations.splice(l - 2, 1);
  d.weights.splice(l - 2, 2, null);
  d.biases.splice(l - 2, 1);
  return d;
}

/** Layer l (2..L) computes a = f(z) with the named activation. Weights are kept. */
export function setActivation(doc, l, name) {
  const d = cloneDocument(doc);
  d.activations[l - 2] = name;
  return d;
}

/**
 * The loss. Cross-entropy needs a softmax output (docs/NOTATION.md), so choosing it sets layer
 * L to softmax, and leaving it while the output is softmax sets layer L back to sigmoid.
 * Returns { doc, note } where note says what else changed (or is null).
 */
export function setLoss(doc, name) {
  const d = cloneDocument(doc);
  const L = d.layers.length;
  d.loss = name;
  let note = null;
  if (name === 'cross-entropy' && d.activations[L - 2] !== 'softmax') {
    d.activations[L - 2] = 'softmax';
    note = `Cross-entropy goes with a softmax output: layer ${L} now uses softmax.`;
  } else if (name !== 'cross-entropy' && d.activations[L - 2] === 'softmax') {
    d.activations[L - 2] = 'sigmoid';
    note = `Softmax goes with cross-entropy: layer ${L} now uses sigmoid.`;
  }
  return { doc: d, note };
}

/** Every W^(l) re-drawn from `seed`; biases, x, y and the structure are kept. */
export function reinitialise(doc, seed = doc.seed) {
  const d = cloneDocument(doc);
  d.seed = seed;
  d.weights = d.weights.map(() => null);
  return d;
}

/** Fills null weights/biases of doc from a document the engine returned (toDocument()). */
export function fillFrom(doc, engineDoc) {
  const d = cloneDocument(doc);
  d.weights = d.weights.map((W, k) => W ?? engineDoc.weights[k]);
  d.biases = d.biases.map((b, k) => b ?? engineDoc.biases?.[k] ?? Array(d.layers[k + 1]).fill(0));
  return d;
}
