// The benchmark's workloads, as network documents (index.d.ts NetworkDocument).
//
//   S  2-2-2, sigmoid, mse, one example: the hand-exercise network (the page's default, the
//      numbers of Matt Mazur's worked example, learning rate 0.5)
//   M  8-8-8-4, sigmoid, mse, one example (seeded weights, random x and y)
//   L  784-128-10, sigmoid hidden layer, softmax + cross-entropy, a mini-batch of 64: an
//      MNIST-sized step (random "pixels" in [0, 1), one-hot targets)
//   sweep  [w, w, w], sigmoid, mse, batch m: the size sweep
//
// Random data comes from mulberry32 with a fixed seed, rounded down to 3 decimals (short
// JSON, and exactly the same doubles in bench/native_bench.cpp, which generates the sweep
// networks from the same recipe). Weights that a document leaves out are initialised by the
// engine from `seed`; the comparators get them from net.toDocument().

import { DEFAULT_DOCUMENT, cloneDocument } from '../web/network-doc.js';

/** mulberry32: a small 32-bit generator; the same sequence as native_bench.cpp's. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = ((t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t) >>> 0;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quantise = (u) => Math.floor(u * 1000) / 1000;

/** m rows of n numbers drawn from `rng`, rounded down to 3 decimals. */
function rows(rng, m, n) {
  return Array.from({ length: m }, () => Array.from({ length: n }, () => quantise(rng())));
}

export const SWEEP_DATA_SEED = 7; // native_bench.cpp's kSweepDataSeed

/** The page's default network, as a learner first sees it (web/network-doc.js). */
function S() {
  return cloneDocument(DEFAULT_DOCUMENT);
}

function M() {
  const rng = mulberry32(2);
  return {
    layers: [8, 8, 8, 4],
    activations: 'sigmoid',
    loss: 'mse',
    input: rows(rng, 1, 8)[0],
    target: rows(rng, 1, 4)[0],
    learningRate: 0.1,
    seed: 1,
  };
}

function L() {
  const rng = mulberry32(3);
  const m = 64;
  const input = rows(rng, m, 784);
  const target = Array.from({ length: m }, () => {
    const y = new Array(10).fill(0);
    y[Math.floor(rng() * 10)] = 1;
    return y;
  });
  return {
    layers: [784, 128, 10],
    activations: ['sigmoid', 'softmax'],
    loss: 'cross-entropy',
    input,
    target,
    learningRate: 0.1,
    seed: 1,
  };
}

export const WORKLOADS = {
  S: { make: S, description: '2-2-2 sigmoid mse, 1 example' },
  M: { make: M, description: '8-8-8-4 sigmoid mse, 1 example' },
  L: { make: L, description: '784-128-10 sigmoid/softmax+CE, batch 64' },
};

/** The sweep network of width w and batch m (native_bench.cpp's sweep_document). */
export function sweepDocument(w, m) {
  const rng = mulberry32(SWEEP_DATA_SEED);
  const input = rows(rng, m, w);
  const target = rows(rng, m, w);
  return {
    layers: [w, w, w],
    activations: 'sigmoid',
    loss: 'mse',
    input: m > 1 ? input : input[0],
    target: m > 1 ? target : target[0],
    learningRate: 0.1,
    seed: 1,
  };
}

/** Examples in a document: m. */
export const batchOf = (doc) => (Array.isArray(doc.input[0]) ? doc.input.length : 1);

/**
 * Floating-point operations of one training step, counting the matrix products and the
 * update only (what grows with size): per W^(l) (s_{l+1} x s_l) and m examples,
 * z = W a: 2 s_{l+1} s_l m; dW = delta a^T: 2 s_{l+1} s_l m; delta^(l) = W^T delta^(l+1)
 * (l >= 2 only): 2 s_{l+1} s_l m; W -= alpha dW: 2 s_{l+1} s_l.
 */
export function stepFlops(layers, m) {
  let flops = 0;
  for (let l = 1; l < layers.length; ++l) {
    const n = layers[l] * layers[l - 1];
    flops += 2 * n * m * (l >= 2 ? 3 : 2) + 2 * n;
  }
  return flops;
}
