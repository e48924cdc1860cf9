// For a batch: the outer product of the example the page shows,
//   delta_e^(l+1) (a_e^(l))^T,
// laid out like the gradient table above it (delta_e down the left, a_e across the top).
// The batch's dJ/dW^(l) is the mean of these tables over e = 1..m; this one is example e's
// term, so each of its cells is exactly the product of the delta and a shown beside it.
// Cells carry data-quantity "dWe"/"dbe" (not "dW"/"db": they are not the gradient).

import { h } from '../dom.js';
import { sym, sup, formatNumber, textFactor } from '../notation.js';
import { exampleProduct } from '../batch.js';
import { valueCell, setValue, hooks } from './fields.js';

export function createExampleProducts(ctx, l, rows, colsN) {
  const cells = [];
  const products = [];
  const cell = (tag, desc, opts) => { const c = valueCell(tag, desc, ctx, opts); cells.push({ c, desc }); return c; };
  const caption = h('caption', {});
  const readout = h('p', { class: 'terms product', 'aria-live': 'polite' });

  const head1 = h('tr', {}, h('td', { class: 'corner', colspan: '2' }));
  const head2 = h('tr', {}, h('th', { scope: 'row', colspan: '2', class: 'rowlabel', text: `(a${sup(`(${l})`)}ₑ)ᵀ` }));
  for (let j = 1; j <= colsN; j += 1) {
    head1.append(h('th', { scope: 'col', class: 'colindex', text: `j = ${j}` }));
    head2.append(cell('th', { q: 'a', layer: l, row: j }, { label: sym('a', l, j), scope: 'col', className: 'vec-top' }));
  }
  head1.append(h('th', { scope: 'col', class: 'op', text: `δ${sup(`(${l + 1})`)}ₑ` }));
  head2.append(h('td', { class: 'spacer' }));
  const tbody = h('tbody');
  for (let i = 1; i <= rows; i += 1) {
    const tr = h('tr', {},
      h('th', { scope: 'row', text: `i = ${i}` }),
      cell('th', { q: 'delta', layer: l + 1, row: i }, { label: sym('δ', l + 1, i), scope: 'row', className: 'vec-left' }));
    for (let j = 1; j <= colsN; j += 1) {
      const td = h('td', {
        class: ['val', 'dwe', j === 1 && 'first', j === colsN && 'last', i === 1 && 'top', i === rows && 'bottom'],
        tabindex: '0',
        dataset: hooks({ q: 'dWe', layer: l, row: i, col: j }),
      });
      const show = () => {
        readout.textContent = productText(ctx.state, i, j, ctx.state.digits);
        td.title = productText(ctx.state, i, j, null);
        ctx.actions.readout(td);
        ctx.actions.hover({ q: 'dW', layer: l, row: i, col: j });
      };
      const leave = () => { readout.textContent = hint(ctx.state); ctx.actions.hover(null); };
      td.addEventListener('mouseenter', show);
      td.addEventListener('focus', show);
      td.addEventListener('mouseleave', leave);
      td.addEventListener('blur', leave);
      products.push({ td, i, j });
      tr.append(td);
    }
    const db = h('td', { class: 'val dbe', tabindex: '0', dataset: hooks({ q: 'dbe', layer: l, row: i }) });
    db.addEventListener('mouseenter', () => ctx.actions.readout(db));
    db.addEventListener('focus', () => ctx.actions.readout(db));
    products.push({ td: db, i, j: null });
    tr.append(db);
    tbody.append(tr);
  }
  const el = h('div', { class: 'example-products' },
    h('div', { class: 'table-scroll' },
      h('table', { class: 'mtable outer example-outer' }, caption, h('thead', {}, head1, head2), tbody)),
    readout);

  function productText(state, i, j, digits) {
    const view = state.result;
    const e = state.example;
    const d = view.layers[l].delta[i - 1];
    const a = view.layers[l - 1].a[j - 1];
    const fmt = (x) => (digits === null ? String(x) : formatNumber(x, digits));
    const fac = (x) => (digits === null ? (x < 0 ? `(${x})` : String(x)) : textFactor(x, digits));
    return `example ${e}: ${sym('δ', l + 1, i)} ${sym('a', l, j)} = ${fac(d)} × ${fac(a)} = ${fmt(d * a)}; ∂J/∂${sym('W', l, i, j)} is the mean of this over the ${state.result.batchSize} examples: ${fmt(state.result.gradients[l - 1].W[i - 1][j - 1])}`;
  }
  const hint = (state) => `Example ${state.example}'s term of the mean: cell (i, j) = ${sym('δ', l + 1, 'i')} ${sym('a', l, 'j')} of example ${state.example}. Hover over a cell for its numbers.`;

  function update(state) {
    const view = state.result;
    if (!view) return;
    const m = view.batchSize;
    caption.textContent = `Example e = ${state.example} of ${m} alone: δ${sup(`(${l + 1})`)}ₑ (a${sup(`(${l})`)}ₑ)ᵀ, its term in the mean`;
    for (const { c, desc } of cells) setValue(c, view.layers[desc.layer - 1][desc.q][desc.row - 1], state.digits);
    const p = exampleProduct(view, l);
    for (const { td, i, j } of products) {
      const v = j === null ? p.b[i - 1] : p.W[i - 1][j - 1];
      td.textContent = formatNumber(v, state.digits);
      td.dataset.value = String(v);
      td._label = j === null ? `δ${sub1(i)}${sup(`(${l + 1})`)} of example ${state.example}` : `${sym('δ', l + 1, i)} ${sym('a', l, j)} of example ${state.example}`;
    }
    readout.textContent = hint(state);
  }
  const sub1 = (i) => sym('', null, i);

  return { el, update };
}
