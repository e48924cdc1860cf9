// An independent reference implementation of the notes' backpropagation (docs/NOTATION.md),
// written for the tests with plain JavaScript Math: plain loops, one example at a time, no
// matrices, nothing shared with the engine. It is the oracle the engine is checked against.
//
// Indices follow the public API: layers[k] is layer l = k + 1, gradients[k] is W^(l), b^(l)
// with l = k + 1. W^(l) is s_{l+1} rows of s_l numbers (row i = weights into unit i).

export const LEAKY_RELU_SLOPE = 0.01;

const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** f and f' of every element-wise activation, straight from the table in docs/NOTATION.md. */
export const ACTIVATIONS = {
  sigmoid: { f: sigmoid, fprime: (z) => sigmoid(z) * (1 - sigmoid(z)) },
  tanh: { f: (z) => Math.tanh(z), fprime: (z) => 1 - Math.tanh(z) ** 2 },
  relu: { f: (z) => (z > 0 ? z : 0), fprime: (z) => (z > 0 ? 1 : 0) },
  'leaky-relu': {
    f: (z) => (z > 0 ? z : LEAKY_RELU_SLOPE * z),
    fprime: (z) => (z > 0 ? 1 : LEAKY_RELU_SLOPE),
  },
  linear: { f: (z) => z, fprime: () => 1 },
};

export const ELEMENTWISE = Object.keys(ACTIVATIONS);

/** softmax of one layer: e^{z_k} / sum_m e^{z_m} (shifted by max z, the same value). */
export function softmax(z) {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  const e = z.map((v) => Math.exp(v - max));
  let sum = 0;
  for (const v of e) sum += v;
  return e.map((v) => v / sum);
}

/** The activations of layers 2..L as an array of L-1 names. */
export function activationList(doc) {
  const L = doc.layers.length;
  return typeof doc.activations === 'string' ? Array(L - 1).fill(doc.activations) : doc.activations.slice();
}

/** Whether input/target are written as rows of examples. */
export function isBatch(doc) {
  return Array.isArray(doc.input[0]);
}

/** The examples as a list of { x, y }. */
export function examplesOf(doc) {
  if (!isBatch(doc)) return [{ x: doc.input, y: doc.target }];
  return doc.input.map((x, e) => ({ x, y: doc.target[e] }));
}

/** One example's forward and backward pass. Returns z, a, fprime, delta per layer and J_e. */
export function referenceExample(doc, x, y) {
  const s = doc.layers;
  const L = s.length;
  const f = activationList(doc);
  const W = doc.weights;
  const b = doc.biases ?? [];
  const layers = [{ z: null, a: x.slice(), fprime: null, delta: null }];
  // forward: z_i^(l+1) = sum_j W_ij^(l) a_j^(l) + b_i^(l), a^(l+1) = f(z^(l+1))
  for (let l = 1; l < L; ++l) {
    const prev = layers[l - 1].a;
    const z = new Array(s[l]);
    for (let i = 0; i < s[l]; ++i) {
      let sum = b[l - 1] ? b[l - 1][i] : 0;
      for (let j = 0; j < s[l - 1]; ++j) sum += W[l - 1][i][j] * prev[j];
      z[i] = sum;
    }
    const name = f[l - 1];
    let a;
    let fprime;
    if (name === 'softmax') {
      a = softmax(z);
      fprime = a.map((ak) => ak * (1 - ak)); // diagonal of the Jacobian, for reference only
    } else {
      a = z.map(ACTIVATIONS[name].f);
      fprime = z.map(ACTIVATIONS[name].fprime);
    }
    layers.push({ z, a, fprime, delta: null });
  }
  // loss of this example
  const out = layers[L - 1];
  let J = 0;
  if (doc.loss === 'mse') {
    for (let k = 0; k < s[L - 1]; ++k) J += 0.5 * (out.a[k] - y[k]) ** 2;
  } else {
    // -sum_k y_k log a_k, with log a_k = z_k - log sum_m e^{z_m} (log-sum-exp, shifted)
    let max = -Infinity;
    for (const v of out.z) max = Math.max(max, v);
    let sum = 0;
    for (const v of out.z) sum += Math.exp(v - max);
    const logSum = max + Math.log(sum);
    for (let k = 0; k < s[L - 1]; ++k) if (y[k] !== 0) J -= y[k] * (out.z[k] - logSum);
  }
  // backward: delta^(L) from the loss, then delta_i^(l) = (sum_j W_ji^(l) delta_j^(l+1)) f'(z_i^(l))
  out.delta = new Array(s[L - 1]);
  for (let k = 0; k < s[L - 1]; ++k) {
    out.delta[k] = doc.loss === 'mse' ? (out.a[k] - y[k]) * out.fprime[k] : out.a[k] - y[k];
  }
  for (let l = L - 1; l >= 2; --l) {
    const next = layers[l].delta; // delta^(l+1)
    const here = layers[l - 1];
    here.delta = new Array(s[l - 1]);
    for (let i = 0; i < s[l - 1]; ++i) {
      let sum = 0;
      for (let j = 0; j < s[l]; ++j) sum += W[l - 1][j][i] * next[j]; // column i of W^(l)
      here.delta[i] = sum * here.fprime[i];
    }
  }
  // per-example gradients: dJ/dW_ij^(l) = delta_i^(l+1) a_j^(l), dJ/db_i^(l) = delta_i^(l+1)
  const gradients = [];
  for (let l = 1; l < L; ++l) {
    const delta = layers[l].delta;
    const a = layers[l - 1].a;
    const gW = [];
    for (let i = 0; i < s[l]; ++i) {
      const row = new Array(s[l - 1]);
      for (let j = 0; j < s[l - 1]; ++j) row[j] = delta[i] * a[j];
      gW.push(row);
    }
    gradients.push({ W: gW, b: delta.slice() });
  }
  return { J, layers, gradients };
}

/**
 * The whole pass on a document whose weights are all given: J and gradients are means over
 * the batch plus weight decay; per-example values are kept per example.
 * Returns { loss, examples: [{ layers, gradients, J }], gradients }.
 */
export function reference(doc) {
  const s = doc.layers;
  const L = s.length;
  const lambda = doc.weightDecay ?? 0;
  const list = examplesOf(doc);
  const m = list.length;
  const perExample = list.map(({ x, y }) => referenceExample(doc, x, y));
  let loss = 0;
  for (const r of perExample) loss += r.J / m;
  const gradients = [];
  for (let l = 1; l < L; ++l) {
    const W = [];
    for (let i = 0; i < s[l]; ++i) {
      const row = new Array(s[l - 1]).fill(0);
      for (let j = 0; j < s[l - 1]; ++j) {
        for (const r of perExample) row[j] += r.gradients[l - 1].W[i][j] / m;
        row[j] += lambda * doc.weights[l - 1][i][j];
      }
      W.push(row);
    }
    const b = new Array(s[l]).fill(0);
    for (let i = 0; i < s[l]; ++i) for (const r of perExample) b[i] += r.gradients[l - 1].b[i] / m;
    gradients.push({ layer: l, W, b });
  }
  if (lambda !== 0) {
    for (const Wl of doc.weights) for (const row of Wl) for (const w of row) loss += 0.5 * lambda * w * w;
  }
  return { loss, examples: perExample, gradients };
}

/**
 * The reference in the shape of the API's PassResult (without warnings): per-example values
 * flat for one example, rows for a batch.
 */
export function referencePass(doc) {
  const r = reference(doc);
  const batch = isBatch(doc);
  const pick = (k, key) => {
    const rows = r.examples.map((e) => e.layers[k][key]);
    if (rows[0] === null) return null;
    return batch ? rows : rows[0];
  };
  const layers = doc.layers.map((_, k) => ({
    layer: k + 1,
    z: pick(k, 'z'),
    a: pick(k, 'a'),
    fprime: pick(k, 'fprime'),
    delta: pick(k, 'delta'),
  }));
  return { loss: r.loss, batchSize: r.examples.length, layers, gradients: r.gradients };
}

/** One gradient descent step: W := W - alpha dJ/dW, b := b - alpha dJ/db. Returns the new document. */
export function referenceStep(doc, alpha = doc.learningRate ?? 0.1) {
  const { gradients } = reference(doc);
  const next = structuredClone(doc);
  next.biases ??= doc.layers.slice(1).map((n) => new Array(n).fill(0));
  for (let l = 0; l < gradients.length; ++l) {
    next.weights[l] = doc.weights[l].map((row, i) => row.map((w, j) => w - alpha * gradients[l].W[i][j]));
    const b = doc.biases?.[l] ?? new Array(doc.layers[l + 1]).fill(0);
    next.biases[l] = b.map((v, i) => v - alpha * gradients[l].b[i]);
  }
  return next;
}

// ---- seeded pseudo-random numbers for the tests (mulberry32) ----------------------------------

export function makeRng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()), // lo..hi inclusive
    pick: (list) => list[Math.floor(list.length * next())],
  };
}

/** A random matrix of `rows` x `cols` numbers in [-scale, scale]. */
export function randomMatrix(rng, rows, cols, scale = 1) {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(-scale, scale)));
}
