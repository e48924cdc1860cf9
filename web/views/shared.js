// What the views share: the one function that reads any quantity of the pass, and when a
// view's tables must be built again.

import { isBatch } from '../batch.js';

/**
 * The value of a quantity { q, layer, row, col } (the data-* hooks' names): parameters, x and
 * y from the document, everything computed from the pass's result (one example's view for a
 * batch; J and the gradients are the batch's). null when the pass has no such number.
 */
export function valueOf(doc, res, { q, layer, row, col }) {
  switch (q) {
    case 'W': return doc.weights[layer - 1]?.[row - 1]?.[col - 1] ?? null;
    case 'b': return doc.biases[layer - 1]?.[row - 1] ?? null;
    case 'x': return doc.input[row - 1] ?? null;
    case 'y': return doc.target[row - 1] ?? null;
    case 'J': return res?.loss ?? null;
    case 'dW': return res?.gradients[layer - 1]?.W[row - 1]?.[col - 1] ?? null;
    case 'db': return res?.gradients[layer - 1]?.b[row - 1] ?? null;
    case 'z': case 'a': case 'fprime': case 'delta': return res?.layers[layer - 1]?.[q]?.[row - 1] ?? null;
    default: return null;
  }
}

/** Whether the tables' shape differs between two states (layers, activations, loss, batch). */
export function structureChanged(state, prev) {
  if (!prev) return true;
  const a = state.doc;
  const b = prev.doc;
  if (a === b) return false;
  return a.loss !== b.loss || isBatch(a) !== isBatch(b)
    || a.layers.length !== b.layers.length || a.layers.some((n, k) => n !== b.layers[k])
    || a.activations.some((f, k) => f !== b.activations[k]);
}
