// The Gradients view: one table per l, laid out as the outer product
//   dJ/dW^(l) = delta^(l+1) (a^(l))^T,   dJ/db^(l) = delta^(l+1)
// the column delta^(l+1) left of the rows, the row (a^(l))^T above the columns, and in cell
// (i, j) the product delta_i^(l+1) a_j^(l). Pointing at, focusing or tapping a cell marks its
// two factors and writes the product out with numbers under the table.
//
// A batch: each cell is the mean of the per-example products; the second table of each
// block is the example shown on its own (its cells carry data-quantity "dWe"/"dbe", not
// "dW"/"db": they are not the gradient).

import { h, clear, setBackground } from '../dom.js';
import { sym, sup, formatNumber, textFactor } from '../notation.js';
import { tintColor, maxAbs, normalise } from '../color.js';
import { isBatch, exampleProduct } from '../batch.js';
import { valueCell, setValue, createMarker, hooks } from './cells.js';
import { structureChanged, valueOf } from './shared.js';

/** "δ₁⁽³⁾ a₂⁽²⁾ = 0.1385 × 0.5969 = 0.08267" for cell (i, j) of ∂J/∂W^(l) (digits null: full precision). */
export function productText(pass, l, i, j, digits, example = 1) {
  const res = pass.result;
  const delta = res.layers[l].delta[i - 1];
  const a = res.layers[l - 1].a[j - 1];
  const dW = res.gradients[l - 1].W[i - 1][j - 1];
  const lambda = pass.doc.weightDecay ?? 0;
  const fmt = (x) => (digits === null ? String(x) : formatNumber(x, digits));
  const fac = (x) => (digits === null ? (x < 0 ? `(${x})` : String(x)) : textFactor(x, digits));
  const factors = `${sym('δ', l + 1, i)} ${sym('a', l, j)}`;
  const base = `${factors} = ${fac(delta)} × ${fac(a)}`;
  const m = res.batchSize ?? 1;
  if (m > 1) {
    // A batch: the cell is the mean over the examples, not this example's product.
    return `∂J/∂${sym('W', l, i, j)} = (1/m) Σₑ ${factors} over the m = ${m} examples${lambda > 0 ? ` + λ${sym('W', l, i, j)}` : ''} = ${fmt(dW)}; example ${example} alone: ${base} = ${fmt(delta * a)}`;
  }
  return lambda > 0
    ? `${base} + λ${sym('W', l, i, j)} = ${fmt(dW)} (weight decay λ = ${lambda})`
    : `${base} = ${fmt(dW)}`;
}

export function createGradientsView(ctx) {
  const el = h('div', { class: 'gradients' });
  let parts = null;
  const marker = createMarker(ctx);

  function build(state) {
    clear(el);
    marker.reset();
    const doc = state.doc;
    const L = doc.layers.length;
    const cells = [];
    const products = [];
    const perExample = [];
    const batch = isBatch(doc);
    const cell = (tag, desc, opts) => { const c = valueCell(tag, desc, ctx, opts); cells.push({ el: c, desc }); return c; };

    for (let l = 1; l < L; l += 1) {
      const rows = doc.layers[l];
      const colsN = doc.layers[l - 1];
      const title = h('h3', { class: 'block-title' });
      ctx.tex(title, batch
        ? `\\frac{\\partial J}{\\partial W^{(${l})}} = \\frac{1}{m} \\sum_{e=1}^{m} \\delta^{(${l + 1})}_e \\big(a^{(${l})}_e\\big)^{T}, \\qquad \\frac{\\partial J}{\\partial b^{(${l})}} = \\frac{1}{m} \\sum_{e=1}^{m} \\delta^{(${l + 1})}_e`
        : `\\frac{\\partial J}{\\partial W^{(${l})}} = \\delta^{(${l + 1})} \\big(a^{(${l})}\\big)^{T}, \\qquad \\frac{\\partial J}{\\partial b^{(${l})}} = \\delta^{(${l + 1})}`);
      const note = h('p', { class: 'block-note', text: batch
        ? `A batch: each example e gives its own outer product δₑ aₑᵀ, (${rows} × 1)(1 × ${colsN}) = ${rows} × ${colsN}, and ∂J/∂W${sup(`(${l})`)} is their mean over the m examples. So a cell below is not the product of the δ and a beside it (those are the example shown); that example's own product is the second table.`
        : `(${rows} × 1)(1 × ${colsN}) = ${rows} × ${colsN}, the shape of W${sup(`(${l})`)}: cell (i, j) is ∂J/∂${sym('W', l, 'ij')} = ${sym('δ', l + 1, 'i')} ${sym('a', l, 'j')}, the error at the unit the weight feeds times the activation it carries.` });
      const head1 = h('tr', {}, h('td', { class: 'corner', colspan: '2' }));
      const head2 = h('tr', {}, h('th', { scope: 'row', colspan: '2', class: 'rowlabel', text: `(a${sup(`(${l})`)})ᵀ` }));
      for (let j = 1; j <= colsN; j += 1) {
        head1.append(h('th', { scope: 'col', class: 'colindex', text: `j = ${j}` }));
        head2.append(cell('th', { q: 'a', layer: l, row: j }, { label: sym('a', l, j), scope: 'col', className: 'vec-top computed' }));
      }
      head1.append(h('th', { scope: 'col', class: 'op', text: `∂J/∂b${sup(`(${l})`)}` }));
      head2.append(h('td', { class: 'spacer' }));
      const tbody = h('tbody');
      const readout = h('p', { class: 'terms product', 'aria-live': 'polite' });
      for (let i = 1; i <= rows; i += 1) {
        const tr = h('tr', {},
          h('th', { scope: 'row', text: `i = ${i}` }),
          cell('th', { q: 'delta', layer: l + 1, row: i }, { label: sym('δ', l + 1, i), scope: 'row', className: 'vec-left computed' }));
        for (let j = 1; j <= colsN; j += 1) {
          const desc = { q: 'dW', layer: l, row: i, col: j };
          const c = cell('td', desc, { className: ['dw', 'computed', j === 1 && 'first', j === colsN && 'last', i === 1 && 'top', i === rows && 'bottom'].filter(Boolean).join(' ') });
          const show = () => {
            const s = ctx.store.state;
            if (!ctx.known(s, desc)) return;
            c.title = `${c._label} = ${productText(ctx.pass(s), l, i, j, null, s.example)}`; // full precision
            ctx.dispatch('hover', desc);
          };
          c.addEventListener('mouseenter', show);
          c.addEventListener('focus', show);
          const leave = () => ctx.dispatch('hover', null);
          c.addEventListener('mouseleave', leave);
          c.addEventListener('blur', leave);
          tr.append(c);
        }
        tr.append(cell('td', { q: 'db', layer: l, row: i }, { className: 'db computed' }));
        tbody.append(tr);
      }
      const example = batch ? exampleTable(l, rows, colsN) : null;
      if (example) perExample.push(example);
      el.append(h('div', { class: 'block', dataset: { block: `gradient-${l}` } },
        title, note,
        h('div', { class: 'table-scroll', tabindex: '-1' },
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

  /** For a batch: the outer product δₑ⁽ˡ⁺¹⁾(aₑ⁽ˡ⁾)ᵀ of the example shown, its term in the mean. */
  function exampleTable(l, rows, colsN) {
    const cells = [];
    const products = [];
    const cell = (tag, desc, opts) => { const c = valueCell(tag, desc, ctx, opts); cells.push({ el: c, desc }); return c; };
    const caption = h('caption', {});
    const readout = h('p', { class: 'terms product', 'aria-live': 'polite' });
    const head1 = h('tr', {}, h('td', { class: 'corner', colspan: '2' }));
    const head2 = h('tr', {}, h('th', { scope: 'row', colspan: '2', class: 'rowlabel', text: `(a${sup(`(${l})`)}ₑ)ᵀ` }));
    for (let j = 1; j <= colsN; j += 1) {
      head1.append(h('th', { scope: 'col', class: 'colindex', text: `j = ${j}` }));
      head2.append(cell('th', { q: 'a', layer: l, row: j }, { label: sym('a', l, j), scope: 'col', className: 'vec-top computed' }));
    }
    head1.append(h('th', { scope: 'col', class: 'op', text: `δ${sup(`(${l + 1})`)}ₑ` }));
    head2.append(h('td', { class: 'spacer' }));
    const tbody = h('tbody');
    const text = (s, i, j, digits) => {
      const pass = ctx.pass(s);
      const d = pass.result.layers[l].delta[i - 1];
      const a = pass.result.layers[l - 1].a[j - 1];
      const fmt = (x) => (digits === null ? String(x) : formatNumber(x, digits));
      const fac = (x) => (digits === null ? (x < 0 ? `(${x})` : String(x)) : textFactor(x, digits));
      return `example ${s.example}: ${sym('δ', l + 1, i)} ${sym('a', l, j)} = ${fac(d)} × ${fac(a)} = ${fmt(d * a)}; ∂J/∂${sym('W', l, i, j)} is the mean of this over the ${pass.result.batchSize} examples: ${fmt(pass.result.gradients[l - 1].W[i - 1][j - 1])}`;
    };
    let pointed = null; // the cell of this table under the pointer or focused
    const hint = (s) => `Example ${s.example}'s term of the mean: cell (i, j) = ${sym('δ', l + 1, 'i')} ${sym('a', l, 'j')} of example ${s.example}. Point at a cell for its numbers.`;
    for (let i = 1; i <= rows; i += 1) {
      const tr = h('tr', {},
        h('th', { scope: 'row', text: `i = ${i}` }),
        cell('th', { q: 'delta', layer: l + 1, row: i }, { label: sym('δ', l + 1, i), scope: 'row', className: 'vec-left computed' }));
      for (let j = 1; j <= colsN; j += 1) {
        const td = h('td', {
          class: ['val', 'dwe', 'computed', j === 1 && 'first', j === colsN && 'last', i === 1 && 'top', i === rows && 'bottom'],
          tabindex: '0',
          dataset: hooks({ q: 'dWe', layer: l, row: i, col: j }),
        });
        const show = () => {
          const s = ctx.store.state;
          if (!ctx.known(s, { q: 'dW', layer: l, row: i, col: j })) return;
          td.title = text(s, i, j, null);
          pointed = { i, j };
          ctx.dispatch('hover', { q: 'dW', layer: l, row: i, col: j });
        };
        const leave = () => { pointed = null; ctx.dispatch('hover', null); };
        td.addEventListener('mouseenter', show);
        td.addEventListener('focus', show);
        td.addEventListener('mouseleave', leave);
        td.addEventListener('blur', leave);
        products.push({ td, i, j });
        tr.append(td);
      }
      const db = h('td', { class: 'val dbe computed', tabindex: '0', dataset: hooks({ q: 'dbe', layer: l, row: i }) });
      products.push({ td: db, i, j: null });
      tr.append(db);
      tbody.append(tr);
    }
    const box = h('div', { class: 'example-products' },
      h('div', { class: 'table-scroll', tabindex: '-1' },
        h('table', { class: 'mtable outer example-outer' }, caption, h('thead', {}, head1, head2), tbody)),
      readout);
    return {
      el: box,
      cells,
      update(s) {
        const pass = ctx.pass(s);
        const view = pass.result;
        const digits = s.settings.digits;
        caption.textContent = `Example e = ${s.example} of ${view.batchSize} alone: δ${sup(`(${l + 1})`)}ₑ (a${sup(`(${l})`)}ₑ)ᵀ, its term in the mean`;
        for (const { el: c, desc } of cells) setValue(c, valueOf(pass.doc, view, desc), digits, { known: ctx.known(s, desc) });
        const p = exampleProduct(view, l);
        const known = ctx.known(s, { q: 'dW', layer: l, row: 1, col: 1 });
        for (const { td, i, j } of products) {
          const v = j === null ? p.b[i - 1] : p.W[i - 1][j - 1];
          td.textContent = known ? formatNumber(v, digits) : '?';
          td.dataset.value = String(v);
        }
        const wanted = pointed && known ? text(s, pointed.i, pointed.j, digits) : hint(s);
        if (readout.textContent !== wanted) readout.textContent = wanted;
      },
    };
  }

  /** The readout under table l: the product of the cell pointed at, else of the selected weight, else a hint. */
  function readoutText(state, l) {
    for (const d of [state.hover, state.selection]) {
      if (d && (d.q === 'W' || d.q === 'dW') && d.layer === l && ctx.known(state, { q: 'dW', layer: l, row: d.row, col: d.col })) {
        return productText(ctx.pass(state), l, d.row, d.col, state.settings.digits, state.example);
      }
    }
    return `Point at, tap or focus a cell to see ${sym('δ', l + 1, 'i')} ${sym('a', l, 'j')} with its numbers.`;
  }

  function update(state, prev) {
    if (!parts || structureChanged(state, prev)) build(state);
    const pass = ctx.pass(state);
    const res = pass.result;
    const digits = state.settings.digits;
    const scales = res.gradients.map((g) => maxAbs(g.W)); // one colour scale per ∂J/∂W^(l)
    // The tint is for the eye: hidden, the view keeps its numbers and hooks current and tints
    // them when it is shown.
    const visible = state.view === 'gradients';
    for (const { el: c, desc } of parts.cells) {
      const v = valueOf(pass.doc, res, desc);
      const known = ctx.known(state, desc);
      setValue(c, v, digits, { known, shown: visible || state.walk.on || Boolean(prev?.walk.on) });
      if (visible && desc.q === 'dW') {
        const t = known ? normalise(v, scales[desc.layer - 1]) : null;
        if (c._tint !== t) {
          c._tint = t;
          setBackground(c, t === null ? '' : tintColor(t, 0.5));
          c.classList.toggle('tinted', t !== null); // its text colour for the tint (styles.css)
        }
      }
    }
    for (const { l, readout } of parts.products) {
      const text = readoutText(state, l);
      if (readout.textContent !== text) readout.textContent = text;
    }
    for (const p of parts.perExample) p.update(state);
    marker.update(state, pass, [parts.cells, parts.fields ?? []], [parts.cells, ...parts.perExample.map((p) => p.cells)]);
  }

  return { el, update, destroy() {} };
}
