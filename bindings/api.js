// The JavaScript API over the WebAssembly engine (see index.d.ts for the reference).
//
// This module knows nothing about where the Emscripten factory comes from: index.js (Node,
// bundlers) and browser.js (browsers) pass it in. It is the only JavaScript that touches
// the raw module: it turns documents into JSON text, copies every buffer out of WASM
// memory at once, and turns error values into Errors. Nothing it returns refers to WASM
// memory.

/** A bad network document; `field` names the offending field as the document spells it. */
export class DocumentError extends Error {
  constructor(message, field) {
    super(message);
    this.name = 'DocumentError';
    this.field = field;
  }
}

/** A gradient descent step that would leave NaN or infinity; the parameters are unchanged by it. */
export class DivergenceError extends Error {
  constructor(message, stepsTaken) {
    super(message);
    this.name = 'DivergenceError';
    this.stepsTaken = stepsTaken;
  }
}

const MAX_DEPTH = 64; // as the engine's JSON reader
const MAX_TRAIN_STEPS = 1e9;

const QUANTITY_NAMES = {
  z: 'z',
  a: 'a',
  fprime: "f'(z)",
  delta: 'δ',
  dW: '∂J/∂W',
  db: '∂J/∂b',
};

/**
 * A document as JSON text. Like JSON.stringify, but NaN and ±Infinity are written as the
 * tokens NaN/Infinity (the engine then names them in its message instead of seeing null),
 * typed arrays are written as arrays, and nesting is bounded (a cycle is refused, not a
 * stack overflow).
 */
function toJsonText(value, depth = 0) {
  switch (typeof value) {
    case 'number':
      if (Number.isFinite(value)) return String(value);
      return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return String(value);
    case 'bigint':
      return value.toString();
    case 'object': {
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) {
        throw new DocumentError(`document nests arrays and objects deeper than ${MAX_DEPTH} levels`, '');
      }
      if (typeof value.toJSON === 'function') return toJsonText(value.toJSON(), depth);
      if (Array.isArray(value) || ArrayBuffer.isView(value)) {
        const items = [];
        for (let k = 0; k < value.length; ++k) items.push(toJsonText(value[k], depth + 1) ?? 'null');
        return `[${items.join(',')}]`;
      }
      const members = [];
      for (const key of Object.keys(value)) {
        const text = toJsonText(value[key], depth + 1);
        if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      return undefined; // undefined, functions, symbols: left out, as JSON.stringify does
  }
}

function documentText(doc) {
  if (typeof doc === 'string') return doc;
  if (doc === undefined) throw new DocumentError('document must be a JSON object, got undefined', '');
  return toJsonText(doc);
}

function checkNumber(what, value, { min = 0, integer = false, max = Infinity } = {}) {
  const ok =
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const kind = integer ? 'a whole number' : 'a finite number';
    const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
    throw new RangeError(`${what} must be ${kind} ${range}, got ${String(value)}`);
  }
}

// Copies out of WASM memory. `heap` is the module's current HEAPF64, read right after the
// call that filled the buffer (so it cannot have been detached by memory growth since).

/** `count` values from `heap` at index `at`, as a plain array. */
function copy(heap, at, count) {
  const out = new Array(count);
  for (let k = 0; k < count; ++k) out[k] = heap[at + k];
  return out;
}

/** m examples of `size` values: a flat array for one example, rows for a batch. */
function examples(heap, at, size, m, batch) {
  if (!batch) return copy(heap, at, size);
  const rows = new Array(m);
  for (let e = 0; e < m; ++e) rows[e] = copy(heap, at + e * size, size);
  return rows;
}

/** A matrix stored row after row, as an array of rows. */
function matrixRows(heap, at, rows, cols) {
  const out = new Array(rows);
  for (let i = 0; i < rows; ++i) out[i] = copy(heap, at + i * cols, cols);
  return out;
}

const registry = new FinalizationRegistry(({ raw, handle }) => raw.destroy(handle));

/** The engine's own tables of names (engine/activation.cpp, document.cpp, network.cpp), read once per module. */
const names = new WeakMap();
function namesOf(raw) {
  let n = names.get(raw);
  if (!n) {
    const read = raw.names();
    n = Object.freeze({
      activations: Object.freeze(Array.from(read.activations)),
      losses: Object.freeze(Array.from(read.losses)),
      plantedBugs: Object.freeze(Array.from(read.plantedBugs)),
    });
    names.set(raw, n);
  }
  return n;
}

class Network {
  #raw;
  #handle;
  #info;
  #bug = 'none';

  constructor(raw, handle) {
    this.#raw = raw;
    this.#handle = handle;
    this.#info = raw.describe(handle);
    registry.register(this, { raw, handle }, this);
  }

  #live() {
    if (this.#handle === 0) throw new Error('this network was disposed; create a new one with engine.createNetwork()');
    return this.#handle;
  }

  get layers() {
    this.#live();
    return this.#info.layers.slice();
  }

  get batchSize() {
    this.#live();
    return this.#info.batchSize;
  }

  get plantedBug() {
    this.#live();
    return this.#bug;
  }

  set plantedBug(name) {
    const handle = this.#live();
    const bugs = namesOf(this.#raw).plantedBugs;
    if (!bugs.includes(name)) {
      throw new RangeError(`plantedBug must be one of ${bugs.map((b) => `"${b}"`).join(', ')}, got ${String(name)}`);
    }
    const why = this.#raw.setPlantedBug(handle, name);
    if (why) throw new Error(why);
    this.#bug = name;
  }

  run() {
    const handle = this.#live();
    const start = this.#raw._bp_run(handle) / 8;
    const heap = this.#raw.HEAPF64;
    const { layers: s, batch, batchSize: m } = this.#info;
    const L = s.length;
    let at = start + 2;
    const take = (size) => {
      const values = examples(heap, at, size, m, batch);
      at += size * m;
      return values;
    };
    const layers = [];
    for (let l = 1; l <= L; ++l) {
      const a = take(s[l - 1]);
      if (l === 1) {
        layers.push({ layer: 1, z: null, a, fprime: null, delta: null });
        continue;
      }
      const z = take(s[l - 1]);
      const fprime = take(s[l - 1]);
      const delta = take(s[l - 1]);
      layers.push({ layer: l, z, a, fprime, delta });
    }
    const gradients = [];
    for (let l = 1; l < L; ++l) {
      const rows = s[l];
      const cols = s[l - 1];
      const W = matrixRows(heap, at, rows, cols);
      at += rows * cols;
      const b = copy(heap, at, rows);
      at += rows;
      gradients.push({ layer: l, W, b });
    }
    const loss = heap[start];
    const warnings = heap[start + 1] ? [this.#warning()] : [];
    return { loss, batchSize: m, layers, gradients, warnings };
  }

  #warning() {
    const { quantity, layer, row, col } = this.#raw.nonFinite(this.#handle);
    const name = QUANTITY_NAMES[quantity] ?? quantity;
    let where;
    if (quantity === 'J') where = 'J';
    else if (quantity === 'dW') where = `${name}^(${layer}) at row ${row}, column ${col}`;
    else if (quantity === 'db') where = `${name}^(${layer}) at row ${row}`;
    else where = `${name}^(${layer}) of unit ${row}${this.#info.batchSize > 1 ? ` in example ${col}` : ''}`;
    const message =
      `${where} is ${quantity === 'J' ? 'not a finite number' : 'NaN or infinite'}: the numbers overflowed. ` +
      'Try smaller weights, inputs or learning rate.';
    return { quantity, layer, row, col, message };
  }

  step(alpha = this.#info.learningRate) {
    const handle = this.#live();
    checkNumber('step(alpha): alpha', alpha);
    const J = this.#raw._bp_step(handle, alpha); // NaN: the step was not taken
    if (Number.isNaN(J)) throw this.#divergence('step()', 0, 1);
    return J;
  }

  train(steps, alpha = this.#info.learningRate) {
    const handle = this.#live();
    checkNumber('train(steps): steps', steps, { integer: true, max: MAX_TRAIN_STEPS });
    checkNumber('train(steps, alpha): alpha', alpha);
    const J = this.#raw._bp_train(handle, steps, alpha);
    const taken = this.#raw._bp_steps_taken(handle);
    if (taken < steps) throw this.#divergence('train()', taken, steps);
    return J;
  }

  /**
   * Mini-batch gradient descent over the document's examples: `epochs` passes through them,
   * `batchSize` examples a step (default: all of them, one step an epoch), in an order
   * shuffled from the seed. Returns the loss curve: J over all the data at the start of each
   * epoch. On divergence throws DivergenceError (parameters as before the diverging step;
   * the error's `curve` holds the epochs completed).
   */
  trainEpochs(epochs, { learningRate = this.#info.learningRate, batchSize = 0 } = {}) {
    const handle = this.#live();
    checkNumber('trainEpochs(epochs): epochs', epochs, { integer: true, max: MAX_TRAIN_STEPS });
    checkNumber('trainEpochs(epochs, { learningRate })', learningRate);
    checkNumber('trainEpochs(epochs, { batchSize })', batchSize, { integer: true, max: 2 ** 31 - 1 });
    const at = this.#raw._bp_train_epochs(handle, epochs, learningRate, batchSize) / 8;
    const heap = this.#raw.HEAPF64;
    const curve = copy(heap, at + 1, heap[at]);
    if (curve.length < epochs) {
      const error = this.#divergence('trainEpochs()', curve.length, epochs);
      error.curve = curve;
      throw error;
    }
    return curve;
  }

  /** The Error for a step that was not taken because it would leave NaN or infinity. */
  #divergence(call, taken, steps) {
    this.#raw._bp_run(this.#handle); // the pass at the parameters kept, to say where it overflows
    const where = this.#raw.nonFinite(this.#handle);
    const cause = where
      ? this.#warning().message
      : 'the update W := W − α ∂J/∂W would overflow; try a smaller learning rate.';
    const unit = call === 'trainEpochs()' ? 'epochs' : 'steps';
    const done = steps === 1 ? '' : ` after ${taken} of ${steps} ${unit}`;
    return new DivergenceError(`${call} stopped${done}: ${cause} The parameters are those before the step that diverged.`, taken);
  }

  gradientCheck({ epsilon = 1e-4 } = {}) {
    const handle = this.#live();
    checkNumber('gradientCheck({ epsilon })', epsilon, { min: Number.MIN_VALUE });
    let at = this.#raw.gradientCheck(handle, epsilon) / 8;
    const heap = this.#raw.HEAPF64;
    const s = this.#info.layers;
    const entries = [];
    let maxRelativeError = 0;
    const add = (quantity, layer, row, col) => {
      const analytic = heap[at];
      const numeric = heap[at + 1];
      const relativeError = heap[at + 2];
      at += 3;
      maxRelativeError = Math.max(maxRelativeError, relativeError);
      entries.push({ quantity, layer, row, col, analytic, numeric, relativeError });
    };
    for (let l = 1; l < s.length; ++l) {
      for (let i = 1; i <= s[l]; ++i) for (let j = 1; j <= s[l - 1]; ++j) add('W', l, i, j);
      for (let i = 1; i <= s[l]; ++i) add('b', l, i, null);
    }
    return { epsilon, entries, maxRelativeError };
  }

  /**
   * The output a^(L) for each of `inputs` (one example as s_1 numbers, or rows of them),
   * without touching the network's own input, target or last pass. Same shape convention as
   * run(): a flat array for one example, rows for several.
   */
  predict(inputs) {
    const handle = this.#live();
    const s1 = this.#info.layers[0];
    const sL = this.#info.layers.at(-1);
    const batch = inputs.length > 0 && typeof inputs[0] === 'object';
    const rows = batch ? inputs : [inputs];
    rows.forEach((row, e) => {
      const name = batch ? `predict(inputs): inputs[${e}]` : 'predict(inputs): inputs';
      if (!row || row.length !== s1) {
        throw new RangeError(`${name} must have ${s1} numbers (layer 1 has ${s1} units), got ${row?.length ?? String(row)}`);
      }
      for (let j = 0; j < s1; ++j) {
        if (typeof row[j] !== 'number' || !Number.isFinite(row[j])) {
          throw new RangeError(`${name}[${j}] must be a finite number, got ${String(row[j])}`);
        }
      }
    });
    const m = rows.length;
    let at = this.#raw._bp_input_buffer(handle, m * s1) / 8;
    let heap = this.#raw.HEAPF64;
    for (const row of rows) for (let j = 0; j < s1; ++j) heap[at++] = row[j];
    at = this.#raw._bp_predict(handle, m) / 8;
    heap = this.#raw.HEAPF64; // predict may have grown memory
    return examples(heap, at, sL, m, batch);
  }

  toDocument() {
    const handle = this.#live();
    let at = this.#raw.parameters(handle) / 8;
    const heap = this.#raw.HEAPF64;
    const { layers: s, activations, loss, batch, batchSize: m, learningRate, weightDecay, seed } = this.#info;
    const L = s.length;
    const weights = [];
    const biases = [];
    for (let l = 1; l < L; ++l) {
      weights.push(matrixRows(heap, at, s[l], s[l - 1]));
      at += s[l] * s[l - 1];
      biases.push(copy(heap, at, s[l]));
      at += s[l];
    }
    const input = examples(heap, at, s[0], m, batch);
    at += s[0] * m;
    const target = examples(heap, at, s[L - 1], m, batch);
    const sameActivation = activations.every((f) => f === activations[0]);
    return {
      layers: s.slice(),
      activations: sameActivation ? activations[0] : activations.slice(),
      loss,
      weights,
      biases,
      input,
      target,
      learningRate,
      weightDecay,
      seed,
    };
  }

  dispose() {
    if (this.#handle === 0) return;
    registry.unregister(this);
    this.#raw.destroy(this.#handle);
    this.#handle = 0;
  }
}

class Engine {
  #raw;

  #limits;

  #names;

  constructor(raw) {
    this.#raw = raw;
    this.#limits = Object.freeze(raw.limits());
    this.#names = namesOf(raw);
  }

  get limits() {
    return this.#limits;
  }

  get activations() {
    return this.#names.activations;
  }

  get losses() {
    return this.#names.losses;
  }

  get plantedBugs() {
    return this.#names.plantedBugs;
  }

  createNetwork(doc) {
    const handle = this.#raw.create(documentText(doc));
    if (handle === 0) {
      const { field, message } = this.#raw.lastError();
      throw new DocumentError(message, field);
    }
    return new Network(this.#raw, handle);
  }

  validate(doc) {
    let text;
    try {
      text = documentText(doc);
    } catch (error) {
      if (error instanceof DocumentError) return { field: error.field, message: error.message };
      throw error;
    }
    return this.#raw.validate(text) ? null : this.#raw.lastError();
  }
}

/** Makes loadEngine() for one Emscripten factory: the module is instantiated once. */
export function makeLoadEngine(factory) {
  let engine;
  return function loadEngine() {
    engine ??= factory().then(
      (raw) => new Engine(raw),
      (error) => {
        engine = undefined; // let a later call try again
        throw error;
      },
    );
    return engine;
  };
}
