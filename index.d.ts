// Backprop Sandbox: the JavaScript API over the WebAssembly engine.
//
// Notation as in the lecture notes: layers are numbered from 1 (the input) to L (the
// output); W^(l) is s_{l+1} x s_l (row i = weights into unit i of layer l+1, column j =
// weights out of unit j of layer l); z^(l+1) = W^(l) a^(l) + b^(l), a^(l+1) = f(z^(l+1));
// delta^(l) = dJ/dz^(l); dJ/dW^(l) = delta^(l+1) (a^(l))^T; dJ/db^(l) = delta^(l+1).
//
// Every value that comes out is a plain JavaScript number or array (a copy): nothing
// refers to WebAssembly memory, so results stay valid after dispose() and after later calls.

export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'linear' | 'softmax';
export type LossName = 'mse' | 'cross-entropy';
export type PlantedBugName =
  | 'none'
  | 'forget-fprime'
  | 'W-instead-of-WT'
  | 'drop-bias-gradient'
  | 'wrong-sign-output-delta'
  | 'forget-batch-mean';

/** One example as a flat array, or a batch as one row per example. */
export type Examples = number[] | number[][];

/** The network document: the one interchange format (API, import/export, share links). */
export interface NetworkDocument {
  /** Units per layer, input first: [s_1, ..., s_L], L >= 2. At most 32 layers, 4096 units each. */
  layers: number[];
  /** One name for every non-input layer, or L-1 names (layers 2..L). Softmax: output only. */
  activations: ActivationName | ActivationName[];
  /** 'mse' (J = 1/2 ||a^(L) - y||^2) or 'cross-entropy' (softmax output). */
  loss: LossName;
  /** weights[l-1] = W^(l): s_{l+1} rows of s_l numbers. Omitted (or a null entry): seeded init. */
  weights?: (number[][] | null)[];
  /** biases[l-1] = b^(l): s_{l+1} numbers. Omitted (or a null entry): zeros. */
  biases?: (number[] | null)[];
  /** x: s_1 numbers, or a batch of rows. */
  input: Examples;
  /** y: s_L numbers, or a batch of rows (as many as input). Cross-entropy: distributions. */
  target: Examples;
  /** alpha >= 0, default 0.1. */
  learningRate?: number;
  /** lambda >= 0, default 0: adds (lambda/2) sum ||W^(l)||^2 to J. */
  weightDecay?: number;
  /** Integer 0 ... 2^32-1, default 1: seeds the initialisation of missing weights. */
  seed?: number;
}

/** Values of one layer l = k + 1 after a pass. Per-example: flat for one example, rows for a batch. */
export interface LayerValues {
  /** l, 1-based. */
  layer: number;
  /** z^(l); null for the input layer. */
  z: Examples | null;
  /** a^(l); a^(1) = x. */
  a: Examples;
  /**
   * f'(z^(l)); null for the input layer. For a softmax output it is the diagonal of the
   * Jacobian, a_k (1 - a_k), shown for reference only: delta^(L) = a^(L) - y directly.
   */
  fprime: Examples | null;
  /** delta^(l) = dJ_e/dz^(l) per example (not divided by m); null for the input layer. */
  delta: Examples | null;
}

/** Gradients of W^(l) and b^(l), l = k + 1: means over the batch, weight decay included. */
export interface Gradient {
  layer: number;
  /** dJ/dW^(l): s_{l+1} rows of s_l numbers. */
  W: number[][];
  /** dJ/db^(l): s_{l+1} numbers. */
  b: number[];
}

/** Where a non-finite value first appeared in the pass, in the order the pass computes. */
export interface PassWarning {
  quantity: 'z' | 'a' | 'fprime' | 'J' | 'delta' | 'dW' | 'db';
  /** Same convention as data-layer: l of z^(l), a^(l), ...; l of W^(l) for dW and db. */
  layer: number;
  /** 1-based unit i (0 for J). */
  row: number;
  /** 1-based example for per-example quantities, j for dW, 0 otherwise. */
  col: number;
  message: string;
}

export interface PassResult {
  /** J: mean over the batch, weight decay included. */
  loss: number;
  /** m, the number of examples. */
  batchSize: number;
  /** layers[k] is layer l = k + 1, k = 0 ... L-1. */
  layers: LayerValues[];
  /** gradients[k] is for W^(l), b^(l) with l = k + 1, k = 0 ... L-2. */
  gradients: Gradient[];
  /** Empty unless a value became NaN or infinite; then where it first appeared. */
  warnings: PassWarning[];
}

export interface GradientCheckEntry {
  quantity: 'W' | 'b';
  layer: number;
  row: number;
  /** j for W, null for b. */
  col: number | null;
  analytic: number;
  numeric: number;
  /** |g - g^| / max(|g|, |g^|, 1e-10). */
  relativeError: number;
}

export interface GradientCheck {
  epsilon: number;
  entries: GradientCheckEntry[];
  maxRelativeError: number;
}

/** Thrown for a bad document; `field` names the offending field as the document spells it. */
export class DocumentError extends Error {
  name: 'DocumentError';
  field: string;
}

/** A step that would leave NaN or infinity: not taken, the parameters are unchanged by it. */
export class DivergenceError extends Error {
  name: 'DivergenceError';
  /** How many steps (epochs, for trainEpochs) were taken before the one that diverged. */
  stepsTaken: number;
  /** trainEpochs only: J at the start of each completed epoch. */
  curve?: number[];
}

export interface Network {
  /** [s_1, ..., s_L]. */
  readonly layers: number[];
  /** m, the number of examples in input/target. */
  readonly batchSize: number;
  /** Which deliberately wrong backward pass to run (teaching); 'none' by default. */
  plantedBug: PlantedBugName;
  /** Forward and backward pass on the document's input and target. */
  run(): PassResult;
  /**
   * One gradient descent step: run, then W -= alpha dW, b -= alpha db. Returns J before it.
   * Throws DivergenceError, leaving the parameters as they were, if the pass or the update
   * would produce NaN or infinity.
   */
  step(alpha?: number): number;
  /**
   * `steps` gradient descent steps inside the engine. Returns J before the last update (J at
   * the current parameters for 0 steps). Stops at the first step that would diverge and
   * throws DivergenceError (its stepsTaken says how many were taken).
   */
  train(steps: number, alpha?: number): number;
  /**
   * Mini-batch gradient descent over the document's examples: `epochs` passes through them,
   * `batchSize` examples a step (default 0: all of them, one step an epoch), in an order
   * shuffled from the document's seed, a new order each epoch. Returns the loss curve: J
   * over all the data at the start of each epoch. Stops at a step that would diverge and
   * throws DivergenceError (its `curve` holds the epochs completed). Afterwards run() shows
   * the pass of all the data at the final parameters.
   */
  trainEpochs(epochs: number, options?: { learningRate?: number; batchSize?: number }): number[];
  /** Central differences (epsilon 1e-4) against the backward pass, for every W_ij and b_i. */
  gradientCheck(options?: { epsilon?: number }): GradientCheck;
  /**
   * The output a^(L) for other inputs (one example, or rows), e.g. over a grid for a
   * heatmap; the network's own data and last pass are left alone.
   */
  predict(inputs: Examples): Examples;
  /** The current state (weights after any steps) as a network document. */
  toDocument(): NetworkDocument;
  /** Frees the engine's memory for this network. Calling anything afterwards throws. */
  dispose(): void;
}

export interface Engine {
  /** Validates the document (an object or JSON text) and builds the network; throws DocumentError. */
  createNetwork(doc: NetworkDocument | string): Network;
  /** The message createNetwork would throw for this document, or null if it is valid. */
  validate(doc: NetworkDocument | string): { field: string; message: string } | null;
  readonly activations: readonly ActivationName[];
  readonly losses: readonly LossName[];
  readonly plantedBugs: readonly PlantedBugName[];
  readonly limits: {
    maxLayers: number;
    maxUnits: number;
    maxParameters: number;
    maxBatchValues: number;
  };
}

/** Instantiates the WebAssembly module (once; later calls return the same engine). */
export function loadEngine(): Promise<Engine>;
