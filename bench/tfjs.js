// The TensorFlow.js comparator: the same network, loss and gradient descent step with
// @tensorflow/tfjs 4.22 (float32), on its `cpu` backend (plain JavaScript kernels) and its
// `wasm` backend (@tensorflow/tfjs-backend-wasm, XNNPACK). Gradients come from
// tf.variableGrads; the update is W := W - alpha dJ/dW, b := b - alpha dJ/db.
//
// The wasm backend's .wasm files are read from node_modules with a file path (setWasmPaths):
// nothing is fetched from the network. In Node, TF.js picks the SIMD build without threads
// (WASM_HAS_MULTITHREAD_SUPPORT is false there), i.e. one thread, like the engine.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

const require = createRequire(import.meta.url);

let tf;
let wasmDir;

/** Loads TF.js once (production mode: no debug checks, no console banner). */
export function loadTf() {
  if (tf) return tf;
  tf = require('@tensorflow/tfjs');
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + sep;
  wasm.setWasmPaths(wasmDir); // a file path: read with fs, no fetch
  tf.enableProdMode();
  return tf;
}

/** Switches TF.js to `name` ('cpu' or 'wasm'); returns what the backend runs on. */
export async function useBackend(name) {
  loadTf();
  if (!(await tf.setBackend(name))) throw new Error(`TF.js backend ${name} failed to initialise`);
  await tf.ready();
  const info = { backend: tf.getBackend(), version: tf.version['tfjs-core'] };
  if (name === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    info.wasmFile = wasmDir + (info.simd ? (info.threads ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm') : 'tfjs-backend-wasm.wasm');
  }
  return info;
}

let serial = 0; // variable names must be unique in one TF.js engine

const rowsOf = (examples) => (Array.isArray(examples[0]) ? examples : [examples]);

export class TfNet {
  /** `doc`: a complete network document (every weight and bias given, e.g. from toDocument()). */
  constructor(doc) {
    loadTf();
    const s = doc.layers;
    const L = s.length;
    const acts = typeof doc.activations === 'string' ? Array(L - 1).fill(doc.activations) : doc.activations;
    this.learningRate = doc.learningRate ?? 0.1;
    this.crossEntropy = doc.loss === 'cross-entropy';
    this.acts = acts;
    const id = ++serial;
    this.W = [];
    this.b = [];
    for (let l = 1; l < L; ++l) {
      // W^(l): s_{l+1} x s_l, as in the engine; z = a W^T + b with one example per row
      this.W.push(tf.variable(tf.tensor2d(doc.weights[l - 1], [s[l], s[l - 1]], 'float32'), true, `W${l}_${id}`));
      this.b.push(tf.variable(tf.tensor1d(doc.biases?.[l - 1] ?? new Array(s[l]).fill(0), 'float32'), true, `b${l}_${id}`));
    }
    const x = rowsOf(doc.input);
    const y = rowsOf(doc.target);
    this.m = x.length;
    this.x = tf.tensor2d(x, [x.length, s[0]], 'float32');
    this.y = tf.tensor2d(y, [y.length, s[L - 1]], 'float32');
    this.vars = [...this.W, ...this.b];
    this.loss = () => this.#loss();
  }

  #loss() {
    let a = this.x;
    let z;
    const last = this.W.length - 1;
    this.W.forEach((W, k) => {
      z = tf.add(tf.matMul(a, W, false, true), this.b[k]);
      switch (this.acts[k]) {
        case 'sigmoid': a = tf.sigmoid(z); break;
        case 'tanh': a = tf.tanh(z); break;
        case 'relu': a = tf.relu(z); break;
        case 'linear': a = z; break;
        case 'softmax':
          if (k !== last || !this.crossEntropy) throw new Error('TF.js comparator: softmax only as output with cross-entropy');
          break;
        default: throw new Error(`TF.js comparator: activation ${this.acts[k]} is not implemented`);
      }
    });
    const m = this.m;
    if (this.crossEntropy) {
      // J = -(1/m) sum_e sum_k y_k log softmax(z)_k
      return tf.div(tf.neg(tf.sum(tf.mul(this.y, tf.logSoftmax(z)))), m);
    }
    // J = (1/m) sum_e 1/2 ||a - y||^2
    return tf.div(tf.mul(0.5, tf.sum(tf.square(tf.sub(a, this.y)))), m);
  }

  /** dJ/dW^(l), dJ/db^(l) as flat Float32Arrays (W row by row), and J. */
  gradients() {
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(this.loss, this.vars);
      return {
        loss: value.dataSync()[0],
        gradients: this.W.map((W, k) => ({ W: grads[W.name].dataSync().slice(), b: grads[this.b[k].name].dataSync().slice() })),
      };
    });
  }

  /** `steps` training steps; returns J before the last update (read once, at the end). */
  train(steps, alpha = this.learningRate) {
    let J = null;
    for (let t = 0; t < steps; ++t) {
      J?.dispose();
      J = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(this.loss, this.vars);
        for (const v of this.vars) v.assign(tf.sub(v, tf.mul(grads[v.name], alpha)));
        return value;
      });
    }
    const value = J.dataSync()[0]; // waits for the backend (both are synchronous anyway)
    J.dispose();
    return value;
  }

  /** W^(l) and b^(l) as flat Float32Arrays, l = 1..L-1. */
  parameters() {
    return this.W.map((W, k) => ({ W: W.dataSync().slice(), b: this.b[k].dataSync().slice() }));
  }

  dispose() {
    for (const v of this.vars) v.dispose();
    this.x.dispose();
    this.y.dispose();
  }
}
