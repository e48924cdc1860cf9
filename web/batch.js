// Batches on the page. Pure functions: no DOM, no engine.
//
// A document whose input and target are rows (m >= 2 examples) is a batch: the engine's
// pass then gives z, a, f'(z) and delta per example, J as the mean over the examples and
// every gradient as the mean of the per-example outer products,
//   dJ/dW^(l) = (1/m) sum_e delta_e^(l+1) (a_e^(l))^T   (+ lambda W^(l)),
// (docs/NOTATION.md, "With a batch"). The page shows one example e at a time: the components see
// a view of the document and of the pass for that example (flat vectors, as for a single
// example), while J and the gradients stay the batch's, and are labelled as such.
//
// A batch of one row is written as one example (the page's normal form, as before).

import { normaliseDocument, cloneDocument } from './network-doc.js';

const isRows = (v) => Array.isArray(v) && v.length > 0 && Array.isArray(v[0]);

/** m, the number of examples of a document (1 for a single example). */
export function exampleCount(doc) {
  return doc && isRows(doc.input) ? doc.input.length : 1;
}

/** Whether the document holds more than one example. */
export const isBatch = (doc) => exampleCount(doc) > 1;

/** Example e (1-based) clamped to 1..m. */
export function clampExample(doc, e) {
  const m = exampleCount(doc);
  const k = Number.isInteger(e) ? e : 1;
  return Math.min(Math.max(k, 1), m);
}

/**
 * The document as the page shows it for example e: input and target flat (x and y of that
 * example). Shallow: the other fields are shared with doc (read-only use).
 */
export function exampleView(doc, e) {
  if (!isBatch(doc)) return doc;
  const k = clampExample(doc, e) - 1;
  return { ...doc, input: doc.input[k], target: doc.target[k] };
}

/**
 * The engine's PassResult for a batch, seen from example e: per-example quantities flat (that
 * example's row); loss, gradients, batchSize and warnings are the batch's. A single-example
 * result is returned as it is.
 */
export function exampleResult(result, e) {
  if (!result || result.batchSize <= 1 || !isRows(result.layers[0].a)) return result;
  const k = Math.min(Math.max(e, 1), result.batchSize) - 1;
  const row = (v) => (v === null ? null : v[k]);
  return {
    ...result,
    example: k + 1,
    layers: result.layers.map((ly) => ({ layer: ly.layer, z: row(ly.z), a: row(ly.a), fprime: row(ly.fprime), delta: row(ly.delta) })),
  };
}

/**
 * The page's normal form of any valid document: normaliseDocument for one example, and for a
 * batch the same with the rows kept (a one-row batch becomes one example).
 */
export function normaliseAny(doc) {
  if (!isRows(doc.input) || doc.input.length <= 1) return normaliseDocument(doc);
  const rows = { input: cloneDocument(doc.input), target: cloneDocument(doc.target) };
  const d = normaliseDocument({ ...doc, input: doc.input[0], target: doc.target[0] });
  return { ...d, input: rows.input, target: rows.target };
}

const resize = (row, n) => Array.from({ length: n }, (_, k) => (k < row.length ? row[k] : 0));

/**
 * Applies a single-example edit `op` (a network-doc.js function) to a batch: op sees example 1,
 * and when it changes the number of inputs or outputs every row is cut or padded with zeros
 * the same way. A single-example document goes straight to op.
 */
export function onBatch(doc, op) {
  if (!isBatch(doc)) return op(doc);
  const d = op(exampleView(doc, 1));
  const n1 = d.layers[0];
  const nL = d.layers[d.layers.length - 1];
  return { ...d, input: doc.input.map((r) => resize(r, n1)), target: doc.target.map((r) => resize(r, nL)) };
}

/**
 * A copy of doc with x_i or y_i of example e set (x: q 'x', y: q 'y'), or, for any other
 * parameter, `edit(doc)`. `edit` receives a one-example view when the document is a batch.
 */
export function editExample(doc, e, q, edit) {
  if (!isBatch(doc) || (q !== 'x' && q !== 'y')) return edit(doc);
  const k = clampExample(doc, e) - 1;
  const out = edit(cloneDocument(exampleView(doc, e)));
  const result = out.doc ?? out; // setTargetDistribution returns { doc, note }
  const input = doc.input.map((r, m) => (m === k ? result.input.slice() : r));
  const target = doc.target.map((r, m) => (m === k ? result.target.slice() : r));
  const merged = { ...result, input, target };
  return out.doc ? { ...out, doc: merged } : merged;
}

/**
 * The per-example outer product delta_e^(l+1) (a_e^(l))^T of the example a view result shows,
 * for W^(l) (l 1-based): the term example e adds to the batch mean. Page arithmetic on the
 * engine's delta and a, like the terms of a sum the page writes out.
 */
export function exampleProduct(view, l) {
  const delta = view.layers[l].delta;
  const a = view.layers[l - 1].a;
  return { W: delta.map((d) => a.map((aj) => d * aj)), b: delta.slice() };
}
