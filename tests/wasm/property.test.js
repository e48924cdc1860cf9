// Property-based tests of the API with fast-check, as hardening against untrusted documents:
// over 10,000 generated documents a run, valid and invalid.
//
// - Valid documents (small random networks: 2-4 layers of 1-4 units, smooth activations or
//   relu/leaky-relu away from their kinks, mse or softmax + cross-entropy, one example or a
//   batch, weight decay sometimes): J matches the JS reference (tests/wasm/helpers), and every
//   gradient matches central differences of the reference's J computed here in JavaScript.
// - Invalid documents, made by one mutation of a valid one (wrong types, NaN and infinities,
//   negative, zero, fractional or oversized sizes, unknown names, extra keys, wrong shapes,
//   missing fields), as objects and as JSON text: a DocumentError whose `field` names a real
//   path of the document (the mutated one, exactly, where the mutation pins it down).
// - Arbitrary JSON values and arbitrary text: validate() and createNetwork() agree, and
//   anything refused is a DocumentError, never another error, an abort or a hang.
// - Round trip: toDocument() of an accepted document builds the same network, bit for bit.
// After each test the instance still gives the 2-2-2 reference network's values. Each test
// counts the documents it tried and checks that count itself; the line printed at the end only
// sums them up.
//
// Seeded (FC_SEED to replay another run); FC_RUNS_SCALE scales the number of runs.
import fc from 'fast-check';
import { DocumentError, loadEngine } from '../../bindings/index.js';
import { reference } from './helpers/reference.js';
import { awayFromKinks, parametersOf, perturbed } from './helpers/random-networks.js';
import { bitwise, engineStillRight } from './helpers/support.js';

const SEED = Number(process.env.FC_SEED ?? 20261127);
const SCALE = Number(process.env.FC_RUNS_SCALE ?? 1);
const runs = (n) => Math.max(1, Math.round(n * SCALE));
const RUNS = { valid: runs(3000), roundTrip: runs(1000), invalid: runs(8000), json: runs(2000), text: runs(1500) };

let engine;
/** For the summary line only: what the tests that ran tried (no test reads it). */
const summary = { valid: 0, invalid: 0, refused: 0, arbitraryAccepted: 0, arbitraryRefused: 0, kinds: {} };
const report = (counts) => {
  for (const [key, value] of Object.entries(counts)) {
    if (key === 'kinds') for (const [k, n] of Object.entries(value)) summary.kinds[k] = (summary.kinds[k] ?? 0) + n;
    else summary[key] += value;
  }
};
beforeAll(async () => {
  engine = await loadEngine();
});
afterAll(() => {
  const total = summary.valid + summary.invalid + summary.arbitraryAccepted + summary.arbitraryRefused;
  console.log(`property tests: ${total} documents (${summary.valid} valid, ${summary.invalid} mutated invalid, ` +
    `${summary.arbitraryAccepted + summary.arbitraryRefused} arbitrary JSON/text of which ${summary.arbitraryRefused} refused); ` +
    `${summary.refused} refused in all; seed ${SEED}; mutations: ${JSON.stringify(summary.kinds)}`);
});

// ---- valid documents -----------------------------------------------------------------------

const ACTIVATIONS = ['sigmoid', 'tanh', 'linear', 'sigmoid', 'tanh', 'leaky-relu', 'relu'];
const num = (scale) => fc.double({ min: -scale, max: scale, noNaN: true, noDefaultInfinity: true });
const vec = (n, scale) => fc.array(num(scale), { minLength: n, maxLength: n });
const mat = (rows, cols, scale) => fc.array(vec(cols, scale), { minLength: rows, maxLength: rows });
const distribution = (n) => fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((p) => {
  const sum = p.reduce((a, b) => a + b, 0);
  const y = p.map((v) => v / sum);
  y[n - 1] = Math.max(0, 1 - y.slice(0, -1).reduce((a, b) => a + b, 0));
  return y;
});

const validDocument = fc
  .record({
    layers: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
    softmax: fc.boolean(),
    m: fc.integer({ min: 0, max: 3 }), // 0: one example as a flat array
    single: fc.boolean(), // one activation name for every layer
    decay: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.1, noNaN: true })),
    learningRate: fc.double({ min: 0, max: 2, noNaN: true }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  })
  .chain(({ layers: sizes, softmax, m, single, decay, learningRate, seed }) => {
    const layers = sizes.slice();
    if (softmax && layers[layers.length - 1] < 2) layers[layers.length - 1] = 2;
    const L = layers.length;
    const pairs = Array.from({ length: L - 1 }, (_, k) => k);
    const example = fc.tuple(vec(layers[0], 1), softmax ? distribution(layers[L - 1]) : vec(layers[L - 1], 1));
    return fc.record({
      layers: fc.constant(layers),
      activations: fc.array(fc.constantFrom(...ACTIVATIONS), { minLength: L - 1, maxLength: L - 1 }).map((a) => {
        if (softmax) return [...a.slice(0, -1), 'softmax'];
        return single ? a[0] : a;
      }),
      loss: fc.constant(softmax ? 'cross-entropy' : 'mse'),
      weights: fc.tuple(...pairs.map((k) => mat(layers[k + 1], layers[k], 1.5 / Math.sqrt(layers[k])))),
      biases: fc.tuple(...pairs.map((k) => vec(layers[k + 1], 0.3))),
      examples: m === 0 ? example.map((e) => [e]) : fc.array(example, { minLength: m, maxLength: m }),
      flat: fc.constant(m === 0),
      learningRate: fc.constant(learningRate),
      weightDecay: fc.constant(decay),
      seed: fc.constant(seed),
    });
  })
  .map(({ examples, flat, ...doc }) => ({
    ...doc,
    input: flat ? examples[0][0] : examples.map((e) => e[0]),
    target: flat ? examples[0][1] : examples.map((e) => e[1]),
  }));

/** Central difference of the reference's J, the step scaled to the parameter. */
function centralDifference(doc, p) {
  const eps = 1e-5;
  const J = (d) => reference(d).loss;
  return (J(perturbed(doc, p, eps)) - J(perturbed(doc, p, -eps))) / (2 * eps);
}

test(`${RUNS.valid} valid documents: J as the reference, every gradient as central differences`, () => {
  let valid = 0;
  fc.assert(
    fc.property(validDocument, (doc) => {
      fc.pre(awayFromKinks(doc));
      valid += 1;
      const net = engine.createNetwork(doc);
      let r;
      try { r = net.run(); } finally { net.dispose(); }
      const ref = reference(doc);
      expect(r.warnings).toEqual([]);
      expect(Math.abs(r.loss - ref.loss)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref.loss)));
      const floor = 1e-8 * Math.max(1, Math.abs(ref.loss)); // rounding of J over the step, and truncation
      for (const p of parametersOf(doc)) {
        const g = p.quantity === 'W' ? r.gradients[p.k].W[p.i][p.j] : r.gradients[p.k].b[p.i];
        const numeric = centralDifference(doc, p);
        const where = `${p.quantity}^(${p.k + 1})[${p.i}]${p.j === null ? '' : `[${p.j}]`}`;
        if (!(Math.abs(g - numeric) <= floor + 1e-6 * Math.max(Math.abs(g), Math.abs(numeric)))) {
          throw new Error(`${where}: backward pass ${g}, central difference ${numeric}`);
        }
      }
    }),
    { seed: SEED, numRuns: RUNS.valid },
  );
  report({ valid });
  expect(valid).toBe(RUNS.valid); // fast-check runs numRuns documents that pass fc.pre
  expect(engineStillRight(engine)).toEqual([]);
});

test(`${RUNS.roundTrip} valid documents: toDocument() builds the same network, bit for bit`, () => {
  let valid = 0;
  fc.assert(
    fc.property(validDocument, fc.boolean(), (doc, asText) => {
      valid += 1;
      const a = engine.createNetwork(asText ? JSON.stringify(doc) : doc);
      try {
        const b = engine.createNetwork(a.toDocument());
        try {
          expect(bitwise(b.run())).toEqual(bitwise(a.run()));
        } finally { b.dispose(); }
      } finally { a.dispose(); }
    }),
    { seed: SEED + 1, numRuns: RUNS.roundTrip },
  );
  report({ valid });
  expect(valid).toBe(RUNS.roundTrip);
  expect(engineStillRight(engine)).toEqual([]);
});

// ---- invalid documents: one mutation of a valid one ------------------------------------------

const REQUIRED = ['layers', 'activations', 'loss', 'input', 'target'];
const KNOWN = ['layers', 'input', 'target', 'activations', 'loss', 'weights', 'biases', 'learningRate', 'weightDecay', 'seed'];

/** Every number of a document as a path ([key, index, ...]). */
function numericLeaves(doc) {
  const out = [];
  const walk = (v, path) => {
    if (typeof v === 'number') out.push(path);
    else if (Array.isArray(v)) v.forEach((x, k) => walk(x, [...path, k]));
  };
  for (const key of KNOWN) if (doc[key] !== undefined) walk(doc[key], [key]);
  return out;
}
const pathText = (path) => path.map((p, k) => (k === 0 ? p : `[${p}]`)).join('');
const setAt = (doc, path, value) => {
  const copy = structuredClone(doc);
  let at = copy;
  for (const p of path.slice(0, -1)) at = at[p];
  at[path[path.length - 1]] = value;
  return copy;
};
/** Whether "weights[0][1]" names something in doc (or a required field that is missing). */
function realPath(doc, field) {
  const m = field.match(/^([A-Za-z_$][\w$-]*)((\[\d+\])*)$/);
  if (!m) return Object.prototype.hasOwnProperty.call(doc, field);
  let at = doc;
  if (!Object.prototype.hasOwnProperty.call(at, m[1])) return REQUIRED.includes(m[1]);
  at = at[m[1]];
  for (const k of (m[2].match(/\d+/g) ?? []).map(Number)) {
    if (!Array.isArray(at) || k >= at.length) return false;
    at = at[k];
  }
  return true;
}
/** One is the other, or a path inside it. */
const related = (a, b) => a === b || a.startsWith(`${b}[`) || b.startsWith(`${a}[`);

/** A mutation: (doc, random picks) -> { doc, path (where), exact (field must be path) }. */
const mutation = fc.oneof(
  // a number replaced by a value of another type
  fc.record({ kind: fc.constant('type'), pick: fc.nat(), value: fc.constantFrom('0.5', true, false, {}, [], 'NaN') }),
  // a number replaced by NaN or an infinity (written as the NaN / Infinity tokens)
  fc.record({ kind: fc.constant('nonfinite'), pick: fc.nat(), value: fc.constantFrom(NaN, Infinity, -Infinity) }),
  // a layer size that is not a positive whole number, or too large
  fc.record({ kind: fc.constant('size'), pick: fc.nat(), value: fc.constantFrom(0, -1, -4096, 1.5, 4097, 1e9, 2 ** 53) }),
  // a layer size changed to another valid one: the shapes no longer fit
  fc.record({ kind: fc.constant('resize'), pick: fc.nat(), value: fc.integer({ min: 1, max: 5 }) }),
  // a negative or otherwise out-of-range scalar
  fc.record({ kind: fc.constant('scalar'), pick: fc.nat(), value: fc.constantFrom(-1, -1e-300, 0.5, -0.5, 2 ** 32, 1e20) }),
  // an unknown activation or loss name
  fc.record({ kind: fc.constant('name'), pick: fc.nat(), value: fc.string({ maxLength: 12 }) }),
  // an extra key
  fc.record({ kind: fc.constant('extra'), pick: fc.nat(), value: fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,20}$/) }),
  // a row one number short or one too long
  fc.record({ kind: fc.constant('shape'), pick: fc.nat(), value: fc.boolean() }),
  // a required field missing
  fc.record({ kind: fc.constant('missing'), pick: fc.nat(), value: fc.constant(null) }),
  // softmax on a hidden layer, or cross-entropy without softmax
  fc.record({ kind: fc.constant('softmax'), pick: fc.nat(), value: fc.constant(null) }),
);

function mutate(doc, { kind, pick, value }) {
  const leaves = numericLeaves(doc);
  switch (kind) {
    case 'type':
    case 'nonfinite': {
      const path = leaves[pick % leaves.length];
      // [] in place of a number of a flat input or target makes it a batch of rows: then the
      // other one of the pair is what no longer fits (and is named).
      const pairing = Array.isArray(value) && ['input', 'target'].includes(path[0]) && path.length === 2;
      return { doc: setAt(doc, path, value), path: pathText(path), exact: !pairing };
    }
    case 'size': {
      const k = pick % doc.layers.length;
      return { doc: setAt(doc, ['layers', k], value), path: `layers[${k}]`, exact: true };
    }
    case 'resize': {
      const k = pick % doc.layers.length;
      if (doc.layers[k] === value) return null;
      return { doc: setAt(doc, ['layers', k], value), path: `layers[${k}]`, exact: false };
    }
    case 'scalar': {
      const key = ['learningRate', 'weightDecay', 'seed'][pick % 3];
      const bad = key === 'seed' ? !(Number.isInteger(value) && value >= 0 && value < 2 ** 32) : value < 0;
      if (!bad) return null;
      return { doc: { ...doc, [key]: value }, path: key, exact: true };
    }
    case 'name': {
      if (engine.activations.includes(value) || engine.losses.includes(value)) return null;
      if (pick % 3 === 0) return { doc: { ...doc, loss: value }, path: 'loss', exact: true };
      if (typeof doc.activations === 'string') return { doc: { ...doc, activations: value }, path: 'activations', exact: true };
      const k = pick % doc.activations.length;
      return { doc: setAt(doc, ['activations', k], value), path: `activations[${k}]`, exact: true };
    }
    case 'extra': {
      if (KNOWN.includes(value) || ['__proto__', 'constructor', 'prototype'].includes(value)) return null;
      return { doc: { ...doc, [value]: pick }, path: value, exact: true };
    }
    case 'shape': {
      const rows = [];
      const walk = (v, path) => {
        if (Array.isArray(v) && v.length && typeof v[0] === 'number') rows.push(path);
        else if (Array.isArray(v)) v.forEach((x, k) => walk(x, [...path, k]));
      };
      for (const key of ['weights', 'biases', 'input', 'target']) walk(doc[key], [key]);
      const path = rows[pick % rows.length];
      let row = doc;
      for (const p of path) row = row[p];
      const changed = value ? [...row, 0.5] : row.slice(0, -1);
      return { doc: setAt(doc, path, changed), path: pathText(path), exact: false };
    }
    case 'missing': {
      const key = REQUIRED[pick % REQUIRED.length];
      const copy = { ...doc };
      delete copy[key];
      return { doc: copy, path: key, exact: true };
    }
    case 'softmax': {
      const L = doc.layers.length;
      const acts = typeof doc.activations === 'string' ? Array(L - 1).fill(doc.activations) : doc.activations.slice();
      if (doc.loss === 'cross-entropy') {
        if (L < 3) return { doc: { ...doc, loss: 'mse' }, path: 'loss', exact: false };
        acts[0] = 'softmax';
        return { doc: { ...doc, activations: acts }, path: 'activations[0]', exact: false };
      }
      return { doc: { ...doc, loss: 'cross-entropy' }, path: 'loss', exact: false };
    }
    default:
      return null;
  }
}

/** A document object as JSON text with NaN/Infinity tokens (as the API writes them). */
const asText = (doc) => JSON.stringify(doc, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? `@@${v}@@` : v))
  .replace(/"@@(NaN|Infinity|-Infinity)@@"/g, '$1');

test(`${RUNS.invalid} mutated documents: a DocumentError naming a real path of the document`, () => {
  const counts = { invalid: 0, refused: 0, kinds: {} };
  fc.assert(
    fc.property(validDocument, mutation, fc.boolean(), (doc, m, text) => {
      const mutated = mutate(doc, m);
      fc.pre(mutated !== null);
      const given = text ? asText(mutated.doc) : mutated.doc;
      counts.invalid += 1;
      counts.kinds[m.kind] = (counts.kinds[m.kind] ?? 0) + 1;
      let error = null;
      try {
        engine.createNetwork(given).dispose();
      } catch (e) {
        error = e;
      }
      if (error === null) throw new Error(`accepted after ${m.kind} at ${mutated.path}: ${asText(mutated.doc).slice(0, 300)}`);
      counts.refused += 1;
      expect(error).toBeInstanceOf(DocumentError);
      expect(error.message.length).toBeGreaterThan(0);
      const { field } = error;
      if (!realPath(mutated.doc, field)) throw new Error(`field "${field}" is not a path of the document (${m.kind} at ${mutated.path}): ${error.message}`);
      if (field) expect(error.message).toContain(field);
      if (mutated.exact && field !== mutated.path) throw new Error(`${m.kind} at ${mutated.path}, but field "${field}": ${error.message}`);
      if (!mutated.exact && m.kind === 'shape' && !related(field, mutated.path) && !['input', 'target'].some((k) => field.startsWith(k))) {
        throw new Error(`${m.kind} at ${mutated.path}, but field "${field}": ${error.message}`);
      }
      // validate() says the same without building anything.
      expect(engine.validate(given)).toEqual({ field, message: error.message });
      if (counts.invalid % 1000 === 0) expect(engineStillRight(engine)).toEqual([]);
    }),
    { seed: SEED + 2, numRuns: RUNS.invalid },
  );
  report(counts);
  expect(counts.invalid).toBe(RUNS.invalid);
  expect(counts.refused).toBe(RUNS.invalid); // every mutated document refused
  expect(Object.keys(counts.kinds).length).toBeGreaterThanOrEqual(SCALE >= 1 ? 10 : 1); // every kind of mutation tried
  expect(engineStillRight(engine)).toEqual([]);
});

// ---- arbitrary JSON and text ------------------------------------------------------------------

/** Checks that validate() and createNetwork() agree on `given`; counts it in `counts`. */
function agrees(given, counts) {
  const problem = engine.validate(given);
  let error = null;
  try {
    engine.createNetwork(given).dispose();
  } catch (e) {
    error = e;
  }
  if (problem === null) {
    expect(error).toBeNull();
    counts.arbitraryAccepted += 1;
  } else {
    expect(error).toBeInstanceOf(DocumentError);
    expect({ field: error.field, message: error.message }).toEqual(problem);
    counts.arbitraryRefused += 1;
    counts.refused += 1;
  }
}

test(`${RUNS.json} arbitrary JSON values (and objects with the document's keys): refused as DocumentErrors, never anything else`, () => {
  const fieldValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.integer({ min: -2, max: 5 }), { maxLength: 5 }));
  const documentish = fc.dictionary(fc.constantFrom(...KNOWN, '__proto__', 'constructor', 'x'), fieldValue, { maxKeys: 8 });
  const counts = { arbitraryAccepted: 0, arbitraryRefused: 0, refused: 0 };
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), documentish), fc.boolean(), (value, text) => {
      agrees(text ? JSON.stringify(value) ?? 'null' : value, counts);
    }),
    { seed: SEED + 3, numRuns: RUNS.json },
  );
  report(counts);
  expect(counts.arbitraryAccepted + counts.arbitraryRefused).toBe(RUNS.json);
  expect(counts.arbitraryRefused).toBeGreaterThan(0);
  expect(engineStillRight(engine)).toEqual([]);
});

test(`${RUNS.text} arbitrary texts (and JSON with a byte changed): refused as DocumentErrors, never anything else`, () => {
  const counts = { arbitraryAccepted: 0, arbitraryRefused: 0, refused: 0 };
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), validDocument.chain((d) => {
      const t = JSON.stringify(d);
      return fc.tuple(fc.nat({ max: t.length - 1 }), fc.string({ minLength: 1, maxLength: 3, unit: 'binary' })).map(([k, s]) => t.slice(0, k) + s + t.slice(k + 1));
    })), (text) => {
      agrees(text, counts);
    }),
    { seed: SEED + 4, numRuns: RUNS.text },
  );
  report(counts);
  expect(counts.arbitraryAccepted + counts.arbitraryRefused).toBe(RUNS.text);
  expect(counts.arbitraryRefused).toBeGreaterThan(0);
  expect(engineStillRight(engine)).toEqual([]);
});

test('a full run tries at least 10,000 documents', () => {
  const planned = Object.values(RUNS).reduce((a, b) => a + b, 0);
  expect(planned).toBeGreaterThanOrEqual(Math.min(10_000, runs(10_000)));
});
