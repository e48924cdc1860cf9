// The plain-JavaScript comparator of the benchmark: forward pass, backward pass and gradient
// descent update in Float64Array loops, the way one would write it without WebAssembly.
// It lives here, not in the library. Same notation and same maths as the engine
// (docs/NOTATION.md); the benchmark checks its gradients against the engine's before
// timing it.
//
// Layout: per-example values (z, a, f'(z), delta) hold example e's s_l values at
// [e * s_l, (e + 1) * s_l); W^(l) is s_{l+1} x s_l row by row (row i = weights into unit i),
// so both inner loops of the products run over contiguous memory.

const SIGMOID = 0;
const TANH = 1;
const RELU = 2;
const LINEAR = 3;
const SOFTMAX = 4;
const CODES = { sigmoid: SIGMOID, tanh: TANH, relu: RELU, linear: LINEAR, softmax: SOFTMAX };

const flat = (rowsOrVector) => Float64Array.from(rowsOrVector.flat());

export class PlainNet {
  /** `doc`: a complete network document (every weight and bias given, e.g. from toDocument()). */
  constructor(doc) {
    const s = doc.layers;
    const L = s.length;
    const acts = typeof doc.activations === 'string' ? Array(L - 1).fill(doc.activations) : doc.activations;
    if ((doc.weightDecay ?? 0) !== 0) throw new Error('plain JS comparator: weight decay is not implemented');
    const batch = Array.isArray(doc.input[0]);
    const m = batch ? doc.input.length : 1;
    this.s = s;
    this.L = L;
    this.m = m;
    this.learningRate = doc.learningRate ?? 0.1;
    this.crossEntropy = doc.loss === 'cross-entropy';
    this.f = [0, 0]; // f[l] for l = 2..L
    for (const name of acts) {
      if (!(name in CODES)) throw new Error(`plain JS comparator: activation ${name} is not implemented`);
      this.f.push(CODES[name]);
    }
    // index 0 unused, so that W[l] is W^(l) and a[l] is a^(l), as on paper
    this.W = [null];
    this.b = [null];
    this.dW = [null];
    this.db = [null];
    for (let l = 1; l < L; ++l) {
      this.W.push(flat(doc.weights[l - 1]));
      this.b.push(doc.biases?.[l - 1] ? Float64Array.from(doc.biases[l - 1]) : new Float64Array(s[l]));
      this.dW.push(new Float64Array(s[l] * s[l - 1]));
      this.db.push(new Float64Array(s[l]));
    }
    this.a = [null, flat(batch ? doc.input : [doc.input])];
    this.z = [null, null];
    this.fp = [null, null];
    this.delta = [null, null];
    for (let l = 2; l <= L; ++l) {
      this.z.push(new Float64Array(s[l - 1] * m));
      this.a.push(new Float64Array(s[l - 1] * m));
      this.fp.push(new Float64Array(s[l - 1] * m));
      this.delta.push(new Float64Array(s[l - 1] * m));
    }
    this.y = flat(batch ? doc.target : [doc.target]);
    this.J = 0;
  }

  /** z, a, f'(z) of every layer, and J. */
  forward() {
    const { s, L, m } = this;
    for (let l = 1; l < L; ++l) {
      const nIn = s[l - 1];
      const nOut = s[l];
      const W = this.W[l];
      const b = this.b[l];
      const aIn = this.a[l];
      const z = this.z[l + 1];
      const a = this.a[l + 1];
      const fp = this.fp[l + 1];
      // z^(l+1) = W^(l) a^(l) + b^(l)
      for (let e = 0; e < m; ++e) {
        const inAt = e * nIn;
        const outAt = e * nOut;
        for (let i = 0; i < nOut; ++i) {
          let sum = b[i];
          const row = i * nIn;
          for (let j = 0; j < nIn; ++j) sum += W[row + j] * aIn[inAt + j];
          z[outAt + i] = sum;
        }
      }
      // a^(l+1) = f(z^(l+1)), f'(z^(l+1))
      const n = nOut * m;
      switch (this.f[l + 1]) {
        case SIGMOID:
          for (let k = 0; k < n; ++k) {
            const v = 1 / (1 + Math.exp(-z[k]));
            a[k] = v;
            fp[k] = v * (1 - v);
          }
          break;
        case TANH:
          for (let k = 0; k < n; ++k) {
            const v = Math.tanh(z[k]);
            a[k] = v;
            fp[k] = 1 - v * v;
          }
          break;
        case RELU:
          for (let k = 0; k < n; ++k) {
            a[k] = z[k] > 0 ? z[k] : 0;
            fp[k] = z[k] > 0 ? 1 : 0;
          }
          break;
        case LINEAR:
          for (let k = 0; k < n; ++k) {
            a[k] = z[k];
            fp[k] = 1;
          }
          break;
        case SOFTMAX:
          for (let e = 0; e < m; ++e) {
            const at = e * nOut;
            let max = -Infinity;
            for (let i = 0; i < nOut; ++i) if (z[at + i] > max) max = z[at + i];
            let sum = 0;
            for (let i = 0; i < nOut; ++i) {
              const v = Math.exp(z[at + i] - max);
              a[at + i] = v;
              sum += v;
            }
            for (let i = 0; i < nOut; ++i) {
              a[at + i] /= sum;
              fp[at + i] = a[at + i] * (1 - a[at + i]);
            }
          }
          break;
        default:
          throw new Error('unreachable');
      }
    }
    this.J = this.#loss();
    return this.J;
  }

  #loss() {
    const { s, L, m, y } = this;
    const nOut = s[L - 1];
    let J = 0;
    if (!this.crossEntropy) {
      // J = (1/m) sum_e 1/2 ||a^(L) - y||^2
      const a = this.a[L];
      for (let k = 0; k < nOut * m; ++k) J += (a[k] - y[k]) * (a[k] - y[k]);
      return (0.5 * J) / m;
    }
    // J = -(1/m) sum_e sum_k y_k log a_k, with log a_k = z_k - max z - log sum e^{z - max z}
    const z = this.z[L];
    for (let e = 0; e < m; ++e) {
      const at = e * nOut;
      let max = -Infinity;
      for (let k = 0; k < nOut; ++k) if (z[at + k] > max) max = z[at + k];
      let sum = 0;
      for (let k = 0; k < nOut; ++k) sum += Math.exp(z[at + k] - max);
      const logSum = Math.log(sum);
      for (let k = 0; k < nOut; ++k) if (y[at + k] !== 0) J -= y[at + k] * (z[at + k] - max - logSum);
    }
    return J / m;
  }

  /** delta of every layer, dJ/dW and dJ/db (after forward()). */
  backward() {
    const { s, L, m, y } = this;
    const mean = 1 / m;
    {
      // delta^(L) = (a^(L) - y) o f'(z^(L))  (mse);  a^(L) - y  (softmax + cross-entropy)
      const a = this.a[L];
      const fp = this.fp[L];
      const delta = this.delta[L];
      const n = s[L - 1] * m;
      if (this.crossEntropy) for (let k = 0; k < n; ++k) delta[k] = a[k] - y[k];
      else for (let k = 0; k < n; ++k) delta[k] = (a[k] - y[k]) * fp[k];
    }
    for (let l = L - 1; l >= 1; --l) {
      const nIn = s[l - 1];
      const nOut = s[l];
      const dW = this.dW[l];
      const db = this.db[l];
      const aIn = this.a[l];
      const dOut = this.delta[l + 1];
      // dJ/dW^(l) = (1/m) sum_e delta^(l+1) (a^(l))^T;  dJ/db^(l) = (1/m) sum_e delta^(l+1)
      dW.fill(0);
      db.fill(0);
      for (let e = 0; e < m; ++e) {
        const inAt = e * nIn;
        const outAt = e * nOut;
        for (let i = 0; i < nOut; ++i) {
          const d = dOut[outAt + i];
          db[i] += d;
          const row = i * nIn;
          for (let j = 0; j < nIn; ++j) dW[row + j] += d * aIn[inAt + j];
        }
      }
      if (m !== 1) {
        for (let k = 0; k < dW.length; ++k) dW[k] *= mean;
        for (let i = 0; i < nOut; ++i) db[i] *= mean;
      }
      if (l === 1) break;
      // delta^(l) = (W^(l))^T delta^(l+1) o f'(z^(l)): delta_j^(l) = sum_i W_ij delta_i^(l+1), column j of W
      const W = this.W[l];
      const dIn = this.delta[l];
      const fp = this.fp[l];
      for (let e = 0; e < m; ++e) {
        const inAt = e * nIn;
        const outAt = e * nOut;
        for (let j = 0; j < nIn; ++j) dIn[inAt + j] = 0;
        for (let i = 0; i < nOut; ++i) {
          const d = dOut[outAt + i];
          const row = i * nIn;
          for (let j = 0; j < nIn; ++j) dIn[inAt + j] += W[row + j] * d;
        }
        for (let j = 0; j < nIn; ++j) dIn[inAt + j] *= fp[inAt + j];
      }
    }
  }

  /** One training step: forward, backward, W -= alpha dW, b -= alpha db. Returns J before it. */
  step(alpha = this.learningRate) {
    const J = this.forward();
    this.backward();
    for (let l = 1; l < this.L; ++l) {
      const W = this.W[l];
      const dW = this.dW[l];
      const b = this.b[l];
      const db = this.db[l];
      for (let k = 0; k < W.length; ++k) W[k] -= alpha * dW[k];
      for (let i = 0; i < b.length; ++i) b[i] -= alpha * db[i];
    }
    return J;
  }

  /** `steps` training steps; J before the last update. */
  train(steps, alpha = this.learningRate) {
    let J = this.J;
    for (let t = 0; t < steps; ++t) J = this.step(alpha);
    return J;
  }

  /**
   * Forward and backward pass, returned the way the engine's net.run() returns it (index.d.ts
   * PassResult): every intermediate copied out as plain arrays, flat for one example and rows
   * for a batch, gradients as rows, and the non-finite check. The same work as mode (c).
   */
  run() {
    const { s, L, m } = this;
    const loss = this.forward();
    this.backward();
    const batch = m > 1;
    const examples = (values, n) => {
      if (!batch) return Array.from(values);
      const rows = new Array(m);
      for (let e = 0; e < m; ++e) rows[e] = Array.from(values.subarray(e * n, (e + 1) * n));
      return rows;
    };
    let finite = Number.isFinite(loss);
    const scan = (values) => {
      for (let k = 0; k < values.length; ++k) if (!Number.isFinite(values[k])) return false;
      return true;
    };
    const layers = [{ layer: 1, z: null, a: examples(this.a[1], s[0]), fprime: null, delta: null }];
    for (let l = 2; l <= L; ++l) {
      const n = s[l - 1];
      finite = finite && scan(this.z[l]) && scan(this.a[l]) && scan(this.fp[l]) && scan(this.delta[l]);
      layers.push({ layer: l, z: examples(this.z[l], n), a: examples(this.a[l], n), fprime: examples(this.fp[l], n), delta: examples(this.delta[l], n) });
    }
    const gradients = [];
    for (let l = 1; l < L; ++l) {
      const rows = s[l];
      const cols = s[l - 1];
      finite = finite && scan(this.dW[l]) && scan(this.db[l]);
      const W = new Array(rows);
      for (let i = 0; i < rows; ++i) W[i] = Array.from(this.dW[l].subarray(i * cols, (i + 1) * cols));
      gradients.push({ layer: l, W, b: Array.from(this.db[l]) });
    }
    const warnings = finite ? [] : [{ message: 'a value became NaN or infinite' }];
    return { loss, batchSize: m, layers, gradients, warnings };
  }

  /** The gradients as flat arrays: [{ W: dJ/dW^(l) row by row, b: dJ/db^(l) }] for l = 1..L-1. */
  gradients() {
    const out = [];
    for (let l = 1; l < this.L; ++l) out.push({ W: this.dW[l].slice(), b: this.db[l].slice() });
    return out;
  }

  /** W^(l) and b^(l) as flat arrays, l = 1..L-1. */
  parameters() {
    const out = [];
    for (let l = 1; l < this.L; ++l) out.push({ W: this.W[l].slice(), b: this.b[l].slice() });
    return out;
  }
}
