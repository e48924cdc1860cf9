// The Forward view: x, then for each l the block
//   z^(l+1) = W^(l) a^(l) + b^(l),  a^(l+1) = f(z^(l+1))
// drawn as one table: W^(l) in the notes' shape (row i = the weights into unit i of layer
// l+1, column j = the weights out of unit j of layer l) as number fields, the row (a^(l))^T
// above the columns it multiplies, then b^(l), z^(l+1) and a^(l+1) on each row i. Last, the
// loss J with the target y.

import { h, clear, setBackground } from '../dom.js';
import { sym, sup, formatNumber } from '../notation.js';
import { tintColor, maxAbs, normalise } from '../color.js';
import { lossTerms } from '../math.js';
import { valueCell, setValue, numberField, setFieldValue, messageBox, createMarker } from './cells.js';
import { structureChanged, valueOf } from './shared.js';

const messageFor = (input) => input.closest('.block')?.querySelector('.field-message');

export function createForwardView(ctx) {
  const el = h('div', { class: 'forward' });
  let parts = null;
  const marker = createMarker(ctx);

  function build(state) {
    clear(el);
    marker.reset();
    const doc = state.doc;
    const L = doc.layers.length;
    const fields = [];
    const cells = [];
    const field = (desc) => { const f = numberField(desc, ctx, { messageFor }); fields.push({ el: f, desc }); return f; };
    const cell = (tag, desc, opts) => { const c = valueCell(tag, desc, ctx, opts); cells.push({ el: c, desc }); return c; };

    // x = a^(1)
    {
      const tbody = h('tbody');
      for (let i = 1; i <= doc.layers[0]; i += 1) {
        tbody.append(h('tr', {}, h('th', { scope: 'row', text: `i = ${i}` }), h('td', {}, field({ q: 'x', layer: 1, row: i }))));
      }
      const title = h('h3', { class: 'block-title' });
      ctx.tex(title, 'x = a^{(1)}');
      el.append(h('div', { class: 'block', dataset: { block: 'input' } },
        title,
        h('div', { class: 'table-scroll', tabindex: '-1' },
          h('table', { class: 'mtable' },
            h('caption', { class: 'sr-only', text: 'Input x, the activations of layer 1' }),
            h('thead', {}, h('tr', {}, h('td', { class: 'corner' }), h('th', { scope: 'col', text: 'x = a⁽¹⁾' }))),
            tbody)),
        messageBox()));
    }

    for (let l = 1; l < L; l += 1) {
      const rows = doc.layers[l];
      const colsN = doc.layers[l - 1];
      const f = doc.activations[l - 1];
      const title = h('h3', { class: 'block-title' });
      ctx.tex(title, `z^{(${l + 1})} = W^{(${l})} a^{(${l})} + b^{(${l})}, \\quad a^{(${l + 1})} = f(z^{(${l + 1})})`);
      const note = h('p', { class: 'block-note', text: `Layer ${l} → ${l + 1}: row i gives ${sym('z', l + 1, 'i')} = Σⱼ ${sym('W', l, 'ij')} ${sym('a', l, 'j')} + ${sym('b', l, 'i')}, then ${sym('a', l + 1, 'i')} = ${f}(${sym('z', l + 1, 'i')}). W${sup(`(${l})`)} is ${rows} × ${colsN}: one row per unit of layer ${l + 1}, one column per unit of layer ${l}.` });

      const head1 = h('tr', {}, h('td', { class: 'corner' }));
      const head2 = h('tr', {}, h('th', { scope: 'row', class: 'rowlabel', text: `(a${sup(`(${l})`)})ᵀ` }));
      for (let j = 1; j <= colsN; j += 1) {
        head1.append(h('th', { scope: 'col', class: 'colindex', text: `j = ${j}` }));
        head2.append(cell('th', { q: 'a', layer: l, row: j }, { label: sym('a', l, j), scope: 'col', className: 'vec-top' }));
      }
      head1.append(
        h('th', { scope: 'col', class: 'op', text: `+ b${sup(`(${l})`)}` }),
        h('th', { scope: 'col', class: 'op', text: `= z${sup(`(${l + 1})`)}` }),
        h('th', { scope: 'col', class: 'op', text: `a${sup(`(${l + 1})`)} = f(z${sup(`(${l + 1})`)})` }));
      head2.append(h('td', { colspan: '3', class: 'spacer' }));
      const tbody = h('tbody');
      for (let i = 1; i <= rows; i += 1) {
        const tr = h('tr', {}, h('th', { scope: 'row', text: `i = ${i}` }));
        for (let j = 1; j <= colsN; j += 1) {
          tr.append(h('td', { class: ['wcell', j === 1 && 'first', j === colsN && 'last', i === 1 && 'top', i === rows && 'bottom'] }, field({ q: 'W', layer: l, row: i, col: j })));
        }
        tr.append(
          h('td', { class: 'bcell' }, field({ q: 'b', layer: l, row: i })),
          cell('td', { q: 'z', layer: l + 1, row: i }, { className: 'computed' }),
          cell('td', { q: 'a', layer: l + 1, row: i }, { className: 'computed' }));
        tbody.append(tr);
      }
      el.append(h('div', { class: 'block', dataset: { block: `forward-${l}` } },
        title, note,
        h('div', { class: 'table-scroll', tabindex: '-1' },
          h('table', { class: 'mtable forward-table' },
            h('caption', { class: 'sr-only', text: `Layer ${l} to ${l + 1}: W${sup(`(${l})`)} as number fields with a${sup(`(${l})`)} above its columns, then b${sup(`(${l})`)}, z${sup(`(${l + 1})`)} and a${sup(`(${l + 1})`)}` }),
            h('thead', {}, head1, head2),
            tbody)),
        messageBox()));
    }

    // The loss.
    const ce = doc.loss === 'cross-entropy';
    const title = h('h3', { class: 'block-title' });
    ctx.tex(title, ce ? `J = -\\sum_k y_k \\log a_k^{(${L})}` : `J = \\tfrac{1}{2} \\lVert a^{(${L})} - y \\rVert^2 = \\tfrac{1}{2} \\sum_k \\big(a_k^{(${L})} - y_k\\big)^2`);
    const tbody = h('tbody');
    const terms = [];
    for (let k = 1; k <= doc.layers[L - 1]; k += 1) {
      const diff = h('td', { class: 'derived computed' });
      const term = h('td', { class: 'derived computed' });
      terms.push({ diff, term });
      tbody.append(h('tr', {},
        h('th', { scope: 'row', text: `k = ${k}` }),
        cell('td', { q: 'a', layer: L, row: k }, { className: 'computed' }),
        h('td', {}, field({ q: 'y', layer: L, row: k })),
        ce ? null : diff,
        term));
    }
    const J = cell('td', { q: 'J' }, { className: 'J-cell computed' });
    const headers = ce
      ? [`a${sup(`(${L})`)}`, 'y (target)', `−yₖ log aₖ${sup(`(${L})`)}`]
      : [`a${sup(`(${L})`)}`, 'y (target)', `aₖ${sup(`(${L})`)} − yₖ`, `½(aₖ${sup(`(${L})`)} − yₖ)²`];
    const sumLabel = h('th', { scope: 'row', colspan: String(headers.length), class: 'sum-label', text: 'J = sum of the last column' });
    el.append(h('div', { class: 'block', dataset: { block: 'loss' } },
      title,
      h('div', { class: 'table-scroll', tabindex: '-1' },
        h('table', { class: 'mtable loss-table' },
          h('caption', { class: 'sr-only', text: 'The loss J from the output a and the target y' }),
          h('thead', {}, h('tr', {}, h('td', { class: 'corner' }), headers.map((t) => h('th', { scope: 'col', text: t })))),
          tbody,
          h('tfoot', {}, h('tr', {}, sumLabel, J)))),
      messageBox()));
    parts = { fields, cells, terms, ce, sumLabel, L };
  }

  function update(state, prev) {
    if (!parts || structureChanged(state, prev)) build(state);
    const pass = ctx.pass(state);
    const res = pass.result;
    const view = ctx.docView(state); // the document as the fields show it (a batch: the example shown)
    const shown = state.view === 'forward' || state.walk.on || Boolean(prev?.walk.on); // hidden: the hooks now, the text when shown
    const digits = state.settings.digits;
    const scale = maxAbs(view.weights);
    for (const { el: f, desc } of parts.fields) {
      const v = valueOf(view, null, desc);
      setFieldValue(f, v, digits);
      if (desc.q === 'W') {
        setBackground(f, tintColor(normalise(v, scale), 0.35));
        f.classList.add('tinted'); // its text colour for the tint (styles.css)
      }
    }
    for (const { el: c, desc } of parts.cells) {
      setValue(c, valueOf(pass.doc, res, desc), digits, { known: ctx.known(state, desc), shown });
    }
    const L = parts.L;
    const aL = res.layers[L - 1].a;
    const all = lossTerms(view.loss, aL, pass.doc.target);
    const m = res.batchSize ?? 1;
    const lossKnown = ctx.known(state, { q: 'J' });
    parts.sumLabel.textContent = m > 1
      ? `J = the mean over the m = ${m} examples of this column's sum (here ${lossKnown ? formatNumber(all.reduce((acc, t) => acc + t.term, 0), digits) : '?'})`
      : 'J = sum of the last column';
    all.forEach((t, k) => {
      const { diff, term } = parts.terms[k];
      const known = ctx.known(state, { q: 'a', layer: L, row: k + 1 });
      diff.textContent = known ? formatNumber(t.diff, digits) : '?';
      diff.title = known ? `${sym('a', L, k + 1)} − ${sym('y', null, k + 1)} = ${t.diff}` : '';
      term.textContent = known && lossKnown ? formatNumber(t.term, digits) : '?';
      term.title = known && lossKnown ? String(t.term) : '';
    });
    marker.update(state, pass, [parts.cells, parts.fields]);
  }

  return { el, update, destroy() {} };
}
