// The backward pass: delta^(L) from the loss, then the recursion
//   delta^(l) = (W^(l))^T delta^(l+1) o f'(z^(l)),   l = L-1, ..., 2
// drawn with the transposed matrix: row i of (W^(l))^T is column i of W^(l) (W_1i, W_2i,
// ..., the weights out of unit i), and delta^(l+1) lies across the columns it multiplies.
// Selecting delta_i^(l) highlights that row (column i of W^(l) in the forward table too),
// the delta_j^(l+1) of the sum and f'(z_i^(l)), and spells the sum out with numbers.

import { h, clear } from '../dom.js';
import { sym, sup, formatNumber, textFactor } from '../notation.js';
import { recursionTerms } from '../math.js';
import { valueCell, setValue } from './fields.js';

export function createBackward(ctx) {
  const el = h('div', { class: 'backward' });
  let parts = null;

  function build(state) {
    clear(el);
    const doc = state.doc;
    const L = doc.layers.length;
    const cells = [];
    const cell = (tag, desc, opts) => { const c = valueCell(tag, desc, ctx, opts); cells.push({ c, desc }); return c; };
    const ce = doc.loss === 'cross-entropy';

    // delta^(L) from the loss.
    {
      const title = h('h3', { class: 'block-title' });
      ctx.tex(title, ce ? `\\delta^{(${L})} = a^{(${L})} - y` : `\\delta^{(${L})} = \\big(a^{(${L})} - y\\big) \\circ f'(z^{(${L})})`);
      const note = h('p', { class: 'block-note', text: ce
        ? `Softmax with cross-entropy: the f′ factor cancels, δᵢ${sup(`(${L})`)} = aᵢ${sup(`(${L})`)} − yᵢ.`
        : `δᵢ${sup(`(${L})`)} = ∂J/∂zᵢ${sup(`(${L})`)} = (aᵢ${sup(`(${L})`)} − yᵢ) f′(zᵢ${sup(`(${L})`)}), the start of the backward pass.` });
      const heads = ce ? [`a${sup(`(${L})`)}`, '− y', `= δ${sup(`(${L})`)}`] : [`a${sup(`(${L})`)}`, '− y', `∘ f′(z${sup(`(${L})`)})`, `= δ${sup(`(${L})`)}`];
      const tbody = h('tbody');
      for (let i = 1; i <= doc.layers[L - 1]; i += 1) {
        tbody.append(h('tr', {},
          h('th', { scope: 'row', text: `i = ${i}` }),
          cell('td', { q: 'a', layer: L, row: i }),
          cell('td', { q: 'y', layer: L, row: i }),
          ce ? null : cell('td', { q: 'fprime', layer: L, row: i }),
          cell('td', { q: 'delta', layer: L, row: i })));
      }
      el.append(h('div', { class: 'block', dataset: { block: 'delta-out' } },
        title, note,
        h('div', { class: 'table-scroll' },
          h('table', { class: 'mtable' },
            h('caption', { class: 'sr-only', text: `The output error δ${sup(`(${L})`)}` }),
            h('thead', {}, h('tr', {}, h('td', { class: 'corner' }), heads.map((t) => h('th', { scope: 'col', class: 'op', text: t })))),
            tbody))));
    }

    const recursions = [];
    for (let l = L - 1; l >= 2; l -= 1) {
      const rows = doc.layers[l - 1]; // i: units of layer l
      const colsN = doc.layers[l]; // j: units of layer l+1
      const title = h('h3', { class: 'block-title' });
      ctx.tex(title, `\\delta^{(${l})} = \\big(W^{(${l})}\\big)^{T} \\delta^{(${l + 1})} \\circ f'(z^{(${l})})`);
      const note = h('p', { class: 'block-note', text: `Row i of (W${sup(`(${l})`)})ᵀ is column i of W${sup(`(${l})`)}: the weights out of unit i of layer ${l}. So δᵢ${sup(`(${l})`)} = (Σⱼ Wⱼᵢ${sup(`(${l})`)} δⱼ${sup(`(${l + 1})`)}) f′(zᵢ${sup(`(${l})`)}), note the index order ji.` });
      const head1 = h('tr', {}, h('td', { class: 'corner' }));
      const head2 = h('tr', {}, h('th', { scope: 'row', class: 'rowlabel', text: `(δ${sup(`(${l + 1})`)})ᵀ` }));
      for (let j = 1; j <= colsN; j += 1) {
        head1.append(h('th', { scope: 'col', class: 'colindex', text: `j = ${j}` }));
        head2.append(cell('th', { q: 'delta', layer: l + 1, row: j }, { label: sym('δ', l + 1, j), scope: 'col', className: 'vec-top' }));
      }
      head1.append(
        h('th', { scope: 'col', class: 'op', text: `Σⱼ Wⱼᵢ δⱼ${sup(`(${l + 1})`)}` }),
        h('th', { scope: 'col', class: 'op', text: `∘ f′(z${sup(`(${l})`)})` }),
        h('th', { scope: 'col', class: 'op', text: `= δ${sup(`(${l})`)}` }));
      head2.append(h('td', { colspan: '3', class: 'spacer' }));
      const tbody = h('tbody');
      const sums = [];
      for (let i = 1; i <= rows; i += 1) {
        const tr = h('tr', {}, h('th', { scope: 'row', text: `i = ${i}` }));
        for (let j = 1; j <= colsN; j += 1) {
          // The cell in row i, column j of the transpose is W_ji^(l).
          tr.append(cell('td', { q: 'W', layer: l, row: j, col: i }, {
            label: sym('W', l, j, i),
            className: ['wt', j === 1 && 'first', j === colsN && 'last', i === 1 && 'top', i === rows && 'bottom'].filter(Boolean).join(' '),
          }));
        }
        const sum = h('td', { class: 'derived' });
        sums.push(sum);
        tr.append(sum, cell('td', { q: 'fprime', layer: l, row: i }), cell('td', { q: 'delta', layer: l, row: i }));
        tbody.append(tr);
      }
      const terms = h('p', { class: 'terms', 'aria-live': 'polite' });
      el.append(h('div', { class: 'block', dataset: { block: `recursion-${l}` } },
        title, note,
        h('div', { class: 'table-scroll' },
          h('table', { class: 'mtable transposed' },
            h('caption', { class: 'sr-only', text: `(W${sup(`(${l})`)})ᵀ: row i holds W₁ᵢ, W₂ᵢ, …, the weights out of unit i of layer ${l}; then the sum, f′(z${sup(`(${l})`)}) and δ${sup(`(${l})`)}` }),
            h('thead', {}, head1, head2),
            tbody)),
        terms));
      recursions.push({ l, sums, terms });
    }
    if (L === 2) el.append(h('p', { class: 'hint', text: 'With no hidden layer the recursion has nothing to do: δ⁽²⁾ above is the only error term.' }));
    parts = { cells, recursions };
  }

  function update(state) {
    if (!parts) return;
    const res = state.result;
    const doc = state.resultDoc ?? state.doc;
    for (const { c, desc } of parts.cells) {
      let v = null;
      if (res) {
        if (desc.q === 'W') v = doc.weights[desc.layer - 1][desc.row - 1][desc.col - 1];
        else if (desc.q === 'y') v = doc.target[desc.row - 1];
        else v = res.layers[desc.layer - 1][desc.q]?.[desc.row - 1] ?? null;
      }
      setValue(c, v, state.digits);
    }
    if (!res) return;
    const d = state.digits;
    const sel = state.selection;
    for (const { l, sums, terms } of parts.recursions) {
      const W = doc.weights[l - 1];
      const deltaNext = res.layers[l].delta;
      sums.forEach((sum, k) => {
        const r = recursionTerms(W, deltaNext, k + 1);
        sum.textContent = formatNumber(r.sum, d);
        sum.title = `Σⱼ ${sym('W', l, 'j', k + 1)} ${sym('δ', l + 1, 'j')} = ${r.sum}`;
      });
      const i = (sel && (sel.q === 'delta' || sel.q === 'fprime') && sel.layer === l) ? sel.row : null;
      if (i === null) {
        terms.textContent = `Select a δᵢ${sup(`(${l})`)} (click it or Tab to it) to see its sum term by term.`;
        continue;
      }
      const r = recursionTerms(W, deltaNext, i);
      const fp = res.layers[l - 1].fprime[i - 1];
      const delta = res.layers[l - 1].delta[i - 1];
      const symbolic = r.terms.map((_, j) => `${sym('W', l, j + 1, i)} ${sym('δ', l + 1, j + 1)}`).join(' + ');
      const numeric = r.terms.map((t) => `${textFactor(t.w, d)} × ${textFactor(t.delta, d)}`).join(' + ');
      terms.textContent = `${sym('δ', l, i)} = (${symbolic}) f′(${sym('z', l, i)}) = (${numeric}) × ${textFactor(fp, d)} = ${formatNumber(r.sum, d)} × ${textFactor(fp, d)} = ${formatNumber(delta, d)}`;
    }
  }

  return { el, build, update };
}
