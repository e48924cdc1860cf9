// Random network documents for the gradient tests: depth L = 2 ... 6, seeded, away from ReLU kinks.
import { ELEMENTWISE, randomMatrix, reference } from './reference.js';
import { EPSILON, GRADIENT_CHECK_RELATIVE, relativeError } from './support.js';

/**
 * How far every z of a relu/leaky-relu unit must stay from 0. A central difference with
 * epsilon = 1e-4 on one parameter moves z by far less than this, so no difference straddles
 * the kink (where f' jumps and the difference quotient means nothing).
 */
export const KINK_MARGIN = 0.02;

/** Whether every relu/leaky-relu unit of every example has |z| >= KINK_MARGIN. */
export function awayFromKinks(doc) {
  const names = typeof doc.activations === 'string' ? Array(doc.layers.length - 1).fill(doc.activations) : doc.activations;
  const { examples } = reference(doc);
  return examples.every((e) =>
    e.layers.every((layer, k) => {
      if (k === 0 || (names[k - 1] !== 'relu' && names[k - 1] !== 'leaky-relu')) return true;
      return layer.z.every((z) => Math.abs(z) >= KINK_MARGIN);
    }),
  );
}

/**
 * A random document: L in [2, 6] layers of 1 ... 5 units, activations drawn per layer (or one
 * name for all), mse or softmax + cross-entropy, a flat example or a batch of 2 ... 4, weight
 * decay sometimes. Drawn again until no relu/leaky-relu z is near its kink.
 */
export function randomDocument(rng, { depth } = {}) {
  for (;;) {
    const L = depth ?? rng.int(2, 6);
    const softmaxOutput = rng.next() < 0.3;
    const layers = Array.from({ length: L }, () => rng.int(1, 5));
    if (softmaxOutput) layers[L - 1] = rng.int(2, 5);
    const hidden = Array.from({ length: L - 1 }, () => rng.pick(ELEMENTWISE));
    if (softmaxOutput) hidden[L - 2] = 'softmax';
    const activations = !softmaxOutput && rng.next() < 0.25 ? hidden[0] : hidden;
    const weights = [];
    const biases = [];
    for (let l = 1; l < L; ++l) {
      // scale ~ 1/sqrt(fan-in) keeps deep networks out of saturation, so gradients are not vanishingly small
      weights.push(randomMatrix(rng, layers[l], layers[l - 1], 1.5 / Math.sqrt(layers[l - 1])));
      biases.push(Array.from({ length: layers[l] }, () => rng.uniform(-0.3, 0.3)));
    }
    const m = rng.next() < 0.5 ? 0 : rng.int(2, 4); // 0: one example as a flat array
    const example = () => Array.from({ length: layers[0] }, () => rng.uniform(-1, 1));
    const label = () => {
      if (!softmaxOutput) return Array.from({ length: layers[L - 1] }, () => rng.uniform(-1, 1));
      const p = Array.from({ length: layers[L - 1] }, () => rng.next());
      const sum = p.reduce((a, b) => a + b, 0);
      const y = p.map((v) => v / sum);
      y[y.length - 1] = 1 - y.slice(0, -1).reduce((a, b) => a + b, 0); // sums to 1 within rounding
      return y;
    };
    const doc = {
      layers,
      activations,
      loss: softmaxOutput ? 'cross-entropy' : 'mse',
      weights,
      biases,
      input: m === 0 ? example() : Array.from({ length: m }, example),
      target: m === 0 ? label() : Array.from({ length: m }, label),
      weightDecay: rng.next() < 0.3 ? rng.uniform(0, 0.1) : 0,
    };
    if (awayFromKinks(doc) && resolvable(doc)) return doc;
    rejected += 1;
  }
}

/** How many drawn documents randomDocument() threw away (kinks or unresolvable gradients). */
export let rejected = 0;

/**
 * A 1e-7 agreement is only meaningful where central differences at epsilon = 1e-4 can resolve
 * the gradient that finely. Two things stop them, whatever the backward pass:
 * - rounding: J is only known to about one ulp, so the difference quotient carries an error of
 *   about Number.EPSILON |J| / epsilon; a gradient must be large against that (or exactly 0,
 *   as behind a dead relu, where both sides give exactly 0);
 * - truncation: the O(epsilon^2) term, large where J has a large third derivative.
 * Both are decided from the JS reference alone (its own J, gradients and central differences),
 * before the engine is asked anything, with a margin of RESOLVABLE_RELATIVE (a quarter of the
 * tolerance the engine must meet).
 */
export const RESOLVABLE_RELATIVE = GRADIENT_CHECK_RELATIVE / 4;

export function resolvable(doc) {
  const { gradients, loss } = reference(doc);
  const rounding = (Number.EPSILON * Math.max(Math.abs(loss), 1)) / EPSILON;
  const J = (d) => reference(d).loss;
  return parametersOf(doc).every((p) => {
    const g = p.quantity === 'W' ? gradients[p.k].W[p.i][p.j] : gradients[p.k].b[p.i];
    if (g === 0) return true;
    if (rounding > RESOLVABLE_RELATIVE * Math.abs(g)) return false;
    const numeric = (J(perturbed(doc, p, EPSILON)) - J(perturbed(doc, p, -EPSILON))) / (2 * EPSILON);
    return relativeError(g, numeric) < RESOLVABLE_RELATIVE;
  });
}

/** Every parameter of a document as { quantity, k, i, j } (k = l - 1; j null for b). */
export function parametersOf(doc) {
  const out = [];
  for (let k = 0; k < doc.layers.length - 1; ++k) {
    for (let i = 0; i < doc.layers[k + 1]; ++i) {
      for (let j = 0; j < doc.layers[k]; ++j) out.push({ quantity: 'W', k, i, j });
    }
    for (let i = 0; i < doc.layers[k + 1]; ++i) out.push({ quantity: 'b', k, i, j: null });
  }
  return out;
}

/** A copy of the document with one parameter moved by `delta`. */
export function perturbed(doc, { quantity, k, i, j }, delta) {
  const copy = structuredClone(doc);
  if (quantity === 'W') copy.weights[k][i][j] += delta;
  else copy.biases[k][i] += delta;
  return copy;
}
