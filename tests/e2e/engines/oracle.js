// The oracle of the browser scenarios: the forward and backward pass in plain JavaScript,
// loop by loop as docs/NOTATION.md writes them, sharing no code with the engine or the page.
// Layers from 1 (the input) to L; arrays indexed by layer keep index 0 empty.

const ACTIVATIONS = {
  // f(z) and f'(z)
  sigmoid: [(z) => 1 / (1 + Math.exp(-z)), (z) => { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); }],
  tanh: [(z) => Math.tanh(z), (z) => 1 - Math.tanh(z) ** 2],
  relu: [(z) => (z > 0 ? z : 0), (z) => (z > 0 ? 1 : 0)],
  'leaky-relu': [(z) => (z > 0 ? z : 0.01 * z), (z) => (z > 0 ? 1 : 0.01)],
  linear: [(z) => z, () => 1],
};

/** The worked example the default network uses: 2-2-2, sigmoid, mse. */
export const WORKED = {
  layers: [2, 2, 2],
  activations: 'sigmoid',
  loss: 'mse',
  weights: [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]],
  biases: [[0.35, 0.35], [0.6, 0.6]],
  input: [0.05, 0.1],
  target: [0.01, 0.99],
};

/** Its published values (nine significant digits): E_total, ∂E/∂w1 = ∂J/∂W_11^(1), ∂E/∂w5 = ∂J/∂W_11^(2). */
export const PUBLISHED = { J: 0.298371109, dW1_11: 0.000438568, dW2_11: 0.082167041 };

/**
 * One pass over a document { layers, activations, loss: 'mse', weights, biases, input, target,
 * weightDecay? }: a single example or a batch (input and target as lists of examples).
 * Returns { J, dW, db, examples }: dW[l][i][j] = ∂J/∂W_ij^(l) and db[l][i] (0-based i, j),
 * means over the batch plus λ W; examples[k] = { z, a, fprime, delta } by layer.
 */
export function pass(doc) {
  if (doc.loss !== 'mse') throw new Error(`the oracle knows mse only, not ${doc.loss}`);
  const s = doc.layers;
  const L = s.length;
  const act = (l) => (Array.isArray(doc.activations) ? doc.activations[l - 2] : doc.activations); // of layer l ≥ 2
  const W = [null, ...doc.weights];
  const b = [null, ...doc.biases];
  const batch = Array.isArray(doc.input[0]);
  const xs = batch ? doc.input : [doc.input];
  const ys = batch ? doc.target : [doc.target];
  const m = xs.length;
  const lambda = doc.weightDecay ?? 0;

  const dW = [null];
  const db = [null];
  for (let l = 1; l < L; l += 1) {
    dW.push(W[l].map((row) => row.map(() => 0)));
    db.push(b[l].map(() => 0));
  }
  let J = 0;
  const examples = [];
  for (let k = 0; k < m; k += 1) {
    const a = [null, xs[k].slice()];
    const z = [null, null];
    const fprime = [null, null];
    for (let l = 1; l < L; l += 1) {
      const [f, df] = ACTIVATIONS[act(l + 1)];
      // z_i^(l+1) = Σ_j W_ij^(l) a_j^(l) + b_i^(l)
      z[l + 1] = [];
      for (let i = 0; i < s[l]; i += 1) {
        let sum = b[l][i];
        for (let j = 0; j < s[l - 1]; j += 1) sum += W[l][i][j] * a[l][j];
        z[l + 1].push(sum);
      }
      a[l + 1] = z[l + 1].map(f);
      fprime[l + 1] = z[l + 1].map(df);
    }
    // J = ½ ‖a^(L) − y‖²; δ^(L) = (a^(L) − y) ∘ f'(z^(L))
    let Jk = 0;
    const delta = [];
    delta[L] = [];
    for (let i = 0; i < s[L - 1]; i += 1) {
      const diff = a[L][i] - ys[k][i];
      Jk += 0.5 * diff * diff;
      delta[L].push(diff * fprime[L][i]);
    }
    J += Jk / m;
    // δ_i^(l) = (Σ_j W_ji^(l) δ_j^(l+1)) f'(z_i^(l)), for l = L−1 … 2
    for (let l = L - 1; l >= 2; l -= 1) {
      delta[l] = [];
      for (let i = 0; i < s[l - 1]; i += 1) {
        let sum = 0;
        for (let j = 0; j < s[l]; j += 1) sum += W[l][j][i] * delta[l + 1][j];
        delta[l].push(sum * fprime[l][i]);
      }
    }
    // ∂J/∂W_ij^(l) = δ_i^(l+1) a_j^(l), ∂J/∂b_i^(l) = δ_i^(l+1): the mean over the batch
    for (let l = 1; l < L; l += 1) {
      for (let i = 0; i < s[l]; i += 1) {
        db[l][i] += delta[l + 1][i] / m;
        for (let j = 0; j < s[l - 1]; j += 1) dW[l][i][j] += (delta[l + 1][i] * a[l][j]) / m;
      }
    }
    examples.push({ z, a, fprime, delta });
  }
  for (let l = 1; l < L; l += 1) {
    for (let i = 0; i < s[l]; i += 1) {
      for (let j = 0; j < s[l - 1]; j += 1) {
        J += (lambda / 2) * W[l][i][j] ** 2;
        dW[l][i][j] += lambda * W[l][i][j];
      }
    }
  }
  return { J, dW, db, examples };
}

/** A copy of a document with one parameter changed: q 'W' or 'b', layer l, row i, col j (from 1). */
export function withParameter(doc, { q, layer, row, col }, value) {
  const copy = JSON.parse(JSON.stringify(doc));
  if (q === 'W') copy.weights[layer - 1][row - 1][col - 1] = value;
  else copy.biases[layer - 1][row - 1] = value;
  return copy;
}

/** A number as the page writes it ("−0.0381", "4.386×10⁻⁴"), read back. */
export function readShown(text) {
  const SUP = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-' };
  const t = text.trim().replace(/−/g, '-');
  const sci = t.match(/^(-?[\d.]+)×10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)$/);
  const value = sci ? Number(sci[1]) * 10 ** Number([...sci[2]].map((c) => SUP[c]).join('')) : Number(t);
  if (!/^-?[\d.]/.test(t) || !Number.isFinite(value)) throw new Error(`not a number as the page writes them: "${text}"`);
  return value;
}
