// Undo and redo of document edits. Pure: a history is an immutable value
// { past: [{ doc, key, at }], future: [...] } holding snapshots of documents (plain JSON data,
// never changed once recorded), and every function returns a new one.
//
// record(history, before, key, now) is called after every edit with the document as it was
// before it. Edits that carry the same key within MERGE_MS of each other (typing "0.153"
// into one field is five input events) become one entry: undo goes back to before the first
// of them. Steps, loads and training sessions are recorded without a key, one entry each.

export const HISTORY_LIMIT = 200;
export const MERGE_MS = 1200;

export const EMPTY_HISTORY = Object.freeze({ past: Object.freeze([]), future: Object.freeze([]) });

/** The history after an edit whose document before it was `before`. */
export function record(history, before, key = null, now = 0) {
  const top = history.past[history.past.length - 1];
  if (key !== null && top && top.key === key && now - top.at <= MERGE_MS) {
    // The same edit continued: keep the older snapshot, note the time.
    return { past: [...history.past.slice(0, -1), { ...top, at: now }], future: [] };
  }
  const past = [...history.past, { doc: before, key, at: now }];
  return { past: past.length > HISTORY_LIMIT ? past.slice(-HISTORY_LIMIT) : past, future: [] };
}

/** { history, doc }: the document to go back to (current goes onto the redo list), or null. */
export function undo(history, current) {
  const entry = history.past[history.past.length - 1];
  if (!entry) return null;
  return {
    doc: entry.doc,
    history: { past: history.past.slice(0, -1), future: [...history.future, { doc: current, key: null, at: 0 }] },
  };
}

/** { history, doc }: the document to go forward to (current goes back onto the undo list), or null. */
export function redo(history, current) {
  const entry = history.future[history.future.length - 1];
  if (!entry) return null;
  return {
    doc: entry.doc,
    history: { past: [...history.past, { doc: current, key: null, at: 0 }], future: history.future.slice(0, -1) },
  };
}

/** Ends merging: the next edit is a new entry even with the same key. */
export function seal(history) {
  const top = history.past[history.past.length - 1];
  if (!top || top.key === null) return history;
  return { ...history, past: [...history.past.slice(0, -1), { ...top, key: null }] };
}

export const canUndo = (history) => history.past.length > 0;
export const canRedo = (history) => history.future.length > 0;
