// The gradients, one table per l, laid out as the outer product
//   dJ/dW^(l) = delta^(l+1) (a^(l))^T,   dJ/db^(l) = delta^(l+1)
// the column delta^(l+1) left of the rows, the row (a^(l))^T above the columns, and in
// cell (i, j) the product delta_i^(l+1) a_j^(l). Hovering or focusing a cell highlights its
// two factors and writes the product out with numbers.

import { h, clear, setBackground } from '../dom.js';
import { sym, sup, formatNumber, textFactor } from '../notation.js';
import { tintColor, maxAbs, normalise } from '../color.js';
import { valueCell, setValue } from './fields.js';
import { isBatch } from '../batch.js';
import { createExampleProducts } from './example-products.js';

export function createGradients(ctx) {
  const el = h('div', { class: 'gradients' });
  let parts = null;

  const labels = new Map(); // "l:i:j" -> "δᵢ⁽ˡ⁺¹⁾ aⱼ⁽ˡ⁾", built once
  const factors = (l, i, j) => {
    const key = `${l}:${i}:${j}`;
    if (!labels.has(key)) labels.set(key, `${sym('δ', l + 1, i)} ${sym('a', l, j)}`);
    return labels.get(key);
  };

  /** "δ₁⁽³⁾ a₂⁽²⁾ = 0.1385 × 0.5969 = 0.08267" (digits null: full precision). */
  function productText(state, l, i, j, digits) {
    const res = state.result;
    const delta = res.layers[l].delta[i - 1];
    const a = res.layers[l - 1].a[j - 1];
    const dW = res.gradients[l - 1].W[i - 1][j - 1];
    const lambda = state.resultDoc.weightDecay ?? 0;
    const fmt = (x) => (digits === null ? String(x) : formatNumber(x, digits));
    const fac = (x) => (digits === null ? (x < 0 ? `(${x})` : String(x)) : textFactor(x, digits));
    const base = `${factors(l, i, j)} = ${fac(delta)} × ${fac(a)}`;
    const m = res.batchSize ?? 1;
    if (m > 1) {
      // A batch: the cell is the mean over the examples, not this example's product.
      return `∂J/∂${sym('W', l, i, j)} = (1/m) Σₑ ${factors(l, i, j)} over the m = ${m} examples${lambda > 0 ? ` + λ${sym('W', l, i, j)}` : ''} = ${fmt(dW)}; example ${state.example} alone: ${base} = ${fmt(delta * a)}`;
    }
    return lambda > 0
      ? `${base} + λ${sym('W', l, i, j)} = ${fmt(dW)} (weight decay λ = ${lambda})`
      : `${base} = ${fmt(dW)}`;
  }

  function build(state) {
    clear(el);
    const doc = state.doc;
    const L = doc.layers.length;
    const cells = [];
    const products = [];
    const perExample = [];
    const batch = isBatch(doc);
    const cell = (tag, desc, opts) => { const c = valueCell(tag, desc, ctx, opts); cells.push({ c, desc }); return c; };

    for (let l = 1; l < L; l += 1) {
      const rows = doc.layers[l];
      const colsN = doc.layers[l - 1];
      const title = h('h3', { class: 'block-title' });
      ctx.tex(title, batch
        ? `\\frac{\\partial J}{\\partial W^{(${l})}} = \\frac{1}{m} \\sum_{e=1}^{m} \\delta^{(${l + 1})}_e \\big(a^{(${l})}_e\\big)^{T}, \\qquad \\frac{\\partial J}{\\partial b^{(${l})}} = \\frac{1}{m} \\sum_{e=1}^{m} \\delta^{(${l + 1})}_e`
        : `\\frac{\\partial J}{\\partial W^{(${l})}} = \\delta^{(${l + 1})} \\big(a^{(${l})}\\big)^{T}, \\qquad \\frac{\\partial J}{\\partial b^{(${l})}} = \\delta^{(${l + 1})}`);
      const note = h('p', { class: 'block-note', text: batch
        ? `A batch: each example e gives its own outer product δₑ aₑᵀ, (${rows} × 1)(1 × ${colsN}) = ${rows} × ${colsN}, and ∂J/∂W${sup(`(${l})`)} is their mean over the m examples. So a cell below is not the product of the δ and a beside it (those are the example shown); that example's own product is the second table.`
        : `(${rows} × 1)(1 × ${colsN}) = ${rows} × ${colsN}, the shape of W${sup(`(${l})`)}: cell (i, j) is ∂J/∂${sym('W', l, 'ij')} = ${sym('δ', l + 1, 'i')} ${sym('a', l, 'j')}.` });
      const head1 = h('tr', {}, h('td', { class: 'corner', colspan: '2' }));
      const head2 = h('tr', {}, h('th', { scope: 'row', colspan: '2', class: 'rowlabel', text: `(a${sup(`(${l})`)})ᵀ` }));
      for (let j = 1; j <= colsN; j += 1) {
        head1.append(h('th', { scope: 'col', class: 'colindex', text: `j = ${j}` }));
        head2.append(cell('th', { q: 'a', layer: l, row: j }, { label: sym('a', l, j), scope: 'col', className: 'vec-top' }));
      }
      head1.append(h('th', { scope: 'col', class: 'op', text: `∂J/∂b${sup(`(${l})`)}` }));
      head2.append(h('td', { class: 'spacer' }));
      const tbody = h('tbody');
      const readout = h('p', { class: 'terms product', 'aria-live': 'polite' });
      for (let i = 1; i <= rows; i += 1) {
        const tr = h('tr', {},
          h('th', { scope: 'row', text: `i = ${i}` }),
          cell('th', { q: 'delta', layer: l + 1, row: i }, { label: sym('δ', l + 1, i), scope: 'row', className: 'vec-left' }));
        for (let j = 1; j <= colsN; j += 1) {
          const desc = { q: 'dW', layer: l, row: i, col: j };
          const c = cell('td', desc, { className: ['dw', j === 1 && 'first', j === colsN && 'last', i === 1 && 'top', i === rows && 'bottom'].filter(Boolean).join(' ') });
          const show = () => {
            if (!ctx.state.result) return;
            c.title = `${c._label} = ${productText(ctx.state, l, i, j, null)}`; // full precision
            readout.textContent = productText(ctx.state, l, i, j, ctx.state.digits);
            ctx.actions.hover(desc);
          };
          c.addEventListener('mouseenter', show);
          c.addEventListener('focus', show);
          const leave = () => {
            readout.textContent = selectionText(ctx.state, l);
            ctx.actions.hover(null);
          };
          c.addEventListener('mouseleave', leave);
          c.addEventListener('blur', leave);
          tr.append(c);
        }
        tr.append(cell('td', { q: 'db', layer: l, row: i }, { className: 'db' }));
        tbody.append(tr);
      }
      const example = batch ? createExampleProducts(ctx, l, rows, colsN) : null;
      if (example) perExample.push(example);
      el.append(h('div', { class: 'block', dataset: { block: `gradient-${l}` } },
        title, note,
        h('div', { class: 'table-scroll' },
          h('table', { class: 'mtable outer' },
            batch
              ? h('caption', { text: `∂J/∂W${sup(`(${l})`)} and ∂J/∂b${sup(`(${l})`)}: means over the batch` })
              : h('caption', { class: 'sr-only', text: `∂J/∂W${sup(`(${l})`)} as the outer product of δ${sup(`(${l + 1})`)} (row headers) and a${sup(`(${l})`)} (column headers), and ∂J/∂b${sup(`(${l})`)}` }),
            h('thead', {}, head1, head2),
            tbody)),
        readout,
        example?.el));
      products.push({ l, readout });
    }
    parts = { cells, products, perExample };
  }

  function update(state) {
    if (!parts) return;
    const res = state.result;
    const scales = res ? res.gradients.map((g) => maxAbs(g.W)) : []; // one colour scale per W^(l)
    for (const { c, desc } of parts.cells) {
      let v = null;
      if (res) {
        if (desc.q === 'dW') v = res.gradients[desc.layer - 1].W[desc.row - 1][desc.col - 1];
        else if (desc.q === 'db') v = res.gradients[desc.layer - 1].b[desc.row - 1];
        else v = res.layers[desc.layer - 1][desc.q][desc.row - 1];
      }
      setValue(c, v, state.digits);
      if (desc.q === 'dW' && res) {
        setBackground(c, tintColor(normalise(v, scales[desc.layer - 1]), 0.5));
      }
    }
    if (!res) return;
    for (const { l, readout } of parts.products) readout.textContent = selectionText(state, l);
    for (const p of parts.perExample) p.update(state);
  }

  /** The readout when no cell is hovered: the selected weight's product, or a hint. */
  function selectionText(state, l) {
    const sel = state.selection;
    if (state.result && sel && (sel.q === 'W' || sel.q === 'dW') && sel.layer === l) {
      return productText(state, l, sel.row, sel.col, state.digits);
    }
    return `Hover over or focus a cell to see ${sym('δ', l + 1, 'i')} ${sym('a', l, 'j')} with its numbers.`;
  }

  return { el, build, update };
}
