// The selection panel: what is selected, and its equations typeset with KaTeX with the
// numbers of the current pass substituted (tex.js builds every string).

import { h, clear } from '../dom.js';
import { quantityLabel } from '../format.js';
import { equationsFor } from '../tex.js';
import { batchItems } from '../batch-tex.js';

/** Replaces the contents of `list` with captioned, typeset equations ({ caption, tex }). */
export function showEquations(ctx, list, items) {
  clear(list);
  for (const item of items) {
    const math = h('div', { class: 'eq' });
    ctx.tex(math, item.tex, true);
    list.append(h('figure', { class: 'eq-item' }, h('figcaption', { text: item.caption }), math));
  }
}

export function createEquations(ctx) {
  const heading = h('p', { class: 'selected-name' });
  const list = h('div', { class: 'equation-list' });
  const el = h('div', { class: 'equations' }, heading, list,
    h('p', { class: 'hint', text: 'Click or Tab to any number, unit or edge to select it. The numbers here follow the digits setting; hover or focus a number on the page for its full value.' }));
  let shown = '';

  function update(state) {
    const sel = state.selection;
    const res = state.result;
    if (!sel || !res) {
      heading.textContent = res ? 'Nothing selected.' : 'No pass yet.';
      clear(list);
      shown = '';
      return;
    }
    const p = { doc: state.resultDoc, res, digits: state.digits };
    let items;
    try {
      items = batchItems(equationsFor(sel, p), sel, p, res.batchSize ?? 1, state.example);
    } catch {
      items = []; // a selection that no longer exists in this structure
    }
    const key = JSON.stringify(items);
    heading.textContent = `Selected: ${quantityLabel(sel.q, sel.layer, sel.row, sel.col)}`;
    if (key === shown) return;
    shown = key;
    showEquations(ctx, list, items);
  }

  return { el, build() { shown = ''; }, update };
}
