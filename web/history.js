// Undo and redo of document edits. Pure: the history holds snapshots of documents (plain
// JSON data, never mutated once recorded) and knows nothing of the page.
//
// record(before, key) is called after every edit with the document as it was before it.
// Edits that carry the same key within `mergeMs` of each other (typing "0.153" into one
// field is five input events) become one entry: undo goes back to before the first of them.
// Steps and training sessions are recorded without a key, one entry each.

export function createHistory({ limit = 200, mergeMs = 1200, now = () => Date.now() } = {}) {
  let undoStack = []; // { doc, key, at }
  let redoStack = [];

  return {
    record(before, key = null) {
      const t = now();
      const top = undoStack[undoStack.length - 1];
      redoStack = [];
      if (key !== null && top && top.key === key && t - top.at <= mergeMs) {
        top.at = t; // same edit continued: keep the older snapshot
        return;
      }
      undoStack.push({ doc: before, key, at: t });
      if (undoStack.length > limit) undoStack = undoStack.slice(-limit);
    },
    /** The document to go back to (current goes onto the redo stack), or null. */
    undo(current) {
      const entry = undoStack.pop();
      if (!entry) return null;
      redoStack.push({ doc: current, key: null, at: 0 });
      return entry.doc;
    },
    /** The document to go forward to (current goes back onto the undo stack), or null. */
    redo(current) {
      const entry = redoStack.pop();
      if (!entry) return null;
      undoStack.push({ doc: current, key: null, at: 0 });
      return entry.doc;
    },
    /** Ends merging: the next edit is a new entry even with the same key. */
    seal() {
      const top = undoStack[undoStack.length - 1];
      if (top) top.key = null;
    },
    get canUndo() { return undoStack.length > 0; },
    get canRedo() { return redoStack.length > 0; },
    get sizes() { return { undo: undoStack.length, redo: redoStack.length }; },
    clear() { undoStack = []; redoStack = []; },
  };
}
