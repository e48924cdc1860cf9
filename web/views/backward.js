// The Backward view: delta^(L) from the loss, then the recursion
//   delta^(l) = (W^(l))^T delta^(l+1) o f'(z^(l)),   l = L-1, ..., 2
// drawn with the transposed matrix: row i of (W^(l))^T is column i of W^(l) (W_1i, W_2i, ...,
// the weights out of unit i), and delta^(l+1) lies across the columns it multiplies.
// Selecting delta_i^(l) marks that row (column i of W^(l) in the Forward view too), the
// delta_j^(l+1) of the sum and f'(z_i^(l)), and spells the sum out with numbers.
//
// With a planted bug the tables show the computation the bug does, so that each row still
// adds up: forget-fprime leaves f' out (delta = the sum), W-instead-of-WT sums along row i of
// W instead of column i, wrong-sign-output-delta starts from y - a; a note says which.

import { h, clear } from '../dom.js';
import { sym, sup, formatNumber, textFactor } from '../notation.js';
import { recursionTerms } from '../math.js';
import { valueCell, setValue, createMarker } from './cells.js';
import { structureChanged, valueOf } from './shared.js';

export function createBackwardView(ctx) {
  const el = h('div', { class: 'backward' });
  let parts = null;
  const marker = createMarker(ctx);

  function build(state) {
    clear(el);
    marker.reset();
    const doc = state.doc;
    const L = doc.layers.length;
    const cells = [];
    const cell = (tag, desc, opts) => { const c = valueCell(tag, desc, ctx, opts); cells.push({ el: c, desc }); return c; };
    const ce = doc.loss === 'cross-entropy';

    // delta^(L) from the loss.
    const outNote = h('p', { class: 'bug-note', hidden: true });
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
          cell('td', { q: 'a', layer: L, row: i }, { className: 'computed' }),
          cell('td', { q: 'y', layer: L, row: i }),
          ce ? null : cell('td', { q: 'fprime', layer: L, row: i }, { className: 'computed' }),
          cell('td', { q: 'delta', layer: L, row: i }, { className: 'computed' })));
      }
      el.append(h('div', { class: 'block', dataset: { block: 'delta-out' } },
        title, note, outNote,
        h('div', { class: 'table-scroll', tabindex: '-1' },
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
      const note = h('p', { class: 'block-note', text: `Unit i of layer ${l} sends its activation to every unit j of layer ${l + 1} through W${sup(`(${l})`)}ⱼᵢ, so its error collects the errors δⱼ${sup(`(${l + 1})`)} back along the same weights: column i of W${sup(`(${l})`)}, the weights out of unit i, which is row i of (W${sup(`(${l})`)})ᵀ. So δᵢ${sup(`(${l})`)} = (Σⱼ Wⱼᵢ${sup(`(${l})`)} δⱼ${sup(`(${l + 1})`)}) f′(zᵢ${sup(`(${l})`)}): note the index order ji.` });
      const head1 = h('tr', {}, h('td', { class: 'corner' }));
      const head2 = h('tr', {}, h('th', { scope: 'row', class: 'rowlabel', text: `(δ${sup(`(${l + 1})`)})ᵀ` }));
      for (let j = 1; j <= colsN; j += 1) {
        head1.append(h('th', { scope: 'col', class: 'colindex', text: `j = ${j}` }));
        head2.append(cell('th', { q: 'delta', layer: l + 1, row: j }, { label: sym('δ', l + 1, j), scope: 'col', className: 'vec-top computed' }));
      }
      head1.append(
        h('th', { scope: 'col', class: 'op', text: `Σⱼ Wⱼᵢ δⱼ${sup(`(${l + 1})`)}` }),
        h('th', { scope: 'col', class: 'op', text: `∘ f′(z${sup(`(${l})`)})` }),
        h('th', { scope: 'col', class: 'op', text: `= δ${sup(`(${l})`)}` }));
      head2.append(h('td', { colspan: '3', class: 'spacer' }));
      const tbody = h('tbody');
      const sums = [];
      const fprimes = [];
      const bugNote = h('p', { class: 'bug-note', hidden: true });
      for (let i = 1; i <= rows; i += 1) {
        const tr = h('tr', {}, h('th', { scope: 'row', text: `i = ${i}` }));
        for (let j = 1; j <= colsN; j += 1) {
          // The cell in row i, column j of the transpose is W_ji^(l).
          tr.append(cell('td', { q: 'W', layer: l, row: j, col: i }, {
            label: sym('W', l, j, i),
            className: ['wt', j === 1 && 'first', j === colsN && 'last', i === 1 && 'top', i === rows && 'bottom'].filter(Boolean).join(' '),
          }));
        }
        const sum = h('td', { class: 'derived computed sum' });
        sums.push(sum);
        const fprime = cell('td', { q: 'fprime', layer: l, row: i }, { className: 'computed' });
        fprimes.push(fprime);
        tr.append(sum, fprime, cell('td', { q: 'delta', layer: l, row: i }, { className: 'computed' }));
        tbody.append(tr);
      }
      const terms = h('p', { class: 'terms', 'aria-live': 'polite' });
      el.append(h('div', { class: 'block', dataset: { block: `recursion-${l}` } },
        title, note, bugNote,
        h('div', { class: 'table-scroll', tabindex: '-1' },
          h('table', { class: 'mtable transposed' },
            h('caption', { class: 'sr-only', text: `(W${sup(`(${l})`)})ᵀ: row i holds W₁ᵢ, W₂ᵢ, …, the weights out of unit i of layer ${l}; then the sum, f′(z${sup(`(${l})`)}) and δ${sup(`(${l})`)}` }),
            h('thead', {}, head1, head2),
            tbody)),
        terms));
      recursions.push({ l, sums, fprimes, terms, bugNote });
    }
    if (L === 2) el.append(h('p', { class: 'hint', text: 'With no hidden layer the recursion has nothing to do: δ⁽²⁾ above is the only error term.' }));
    parts = { cells, recursions, outNote };
  }

  function update(state, prev) {
    if (!parts || structureChanged(state, prev)) build(state);
    const pass = ctx.pass(state);
    const res = pass.result;
    const doc = pass.doc;
    const shown = state.view === 'backward' || state.walk.on || Boolean(prev?.walk.on); // hidden: the hooks now, the text when shown
    const d = state.settings.digits;
    for (const { el: c, desc } of parts.cells) setValue(c, valueOf(doc, res, desc), d, { known: ctx.known(state, desc), shown });
    const sel = state.selection;
    const bug = pass.bugMessage ? 'none' : state.plantedBug;
    const L = doc.layers.length;
    const wrongSign = bug === 'wrong-sign-output-delta';
    parts.outNote.hidden = !wrongSign;
    parts.outNote.textContent = wrongSign ? `Planted bug: δ${sup(`(${L})`)} starts from y − a instead of a − y, so each δᵢ${sup(`(${L})`)} below is (yᵢ − aᵢ) f′(zᵢ): the sign is wrong.` : '';
    for (const { l, sums, fprimes, terms, bugNote } of parts.recursions) {
      const W = doc.weights[l - 1];
      const deltaNext = res.layers[l].delta;
      const nextKnown = ctx.known(state, { q: 'delta', layer: l + 1, row: 1 });
      // What the backward pass (the planted bug's, if any) sums for delta_i^(l).
      const rowOfW = bug === 'W-instead-of-WT';
      const noFprime = bug === 'forget-fprime';
      const termsOf = (i) => (rowOfW ? recursionTerms(W[0].map((_, j) => W.map((r) => r[j])), deltaNext, i) : recursionTerms(W, deltaNext, i));
      bugNote.hidden = !(rowOfW || noFprime);
      bugNote.textContent = rowOfW
        ? `Planted bug: W${sup(`(${l})`)} instead of its transpose. The sum for δᵢ${sup(`(${l})`)} runs along row i of W${sup(`(${l})`)} (the weights into unit i of the next layer), Σⱼ W${sup(`(${l})`)}ᵢⱼ δⱼ${sup(`(${l + 1})`)}, not down column i as the matrix drawn here does.`
        : noFprime ? `Planted bug: the factor f′(z${sup(`(${l})`)}) is left out, so δ${sup(`(${l})`)} is the sum alone.` : '';
      for (const f of fprimes) f.classList.toggle('not-used', noFprime);
      sums.forEach((sum, k) => {
        const r = termsOf(k + 1);
        sum.textContent = nextKnown ? formatNumber(r.sum, d) : '?';
        sum.dataset.sum = String(r.sum);
        sum.title = nextKnown ? `Σⱼ ${rowOfW ? sym('W', l, k + 1, 'j') : sym('W', l, 'j', k + 1)} ${sym('δ', l + 1, 'j')} = ${r.sum}` : '';
      });
      const i = (sel && (sel.q === 'delta' || sel.q === 'fprime') && sel.layer === l) ? sel.row : null;
      if (i === null) {
        terms.textContent = `Select a δᵢ${sup(`(${l})`)} (click, tap or Tab to it) to see its sum term by term.`;
        continue;
      }
      const r = termsOf(i);
      const symbolic = r.terms.map((_, j) => `${rowOfW ? sym('W', l, i, j + 1) : sym('W', l, j + 1, i)} ${sym('δ', l + 1, j + 1)}`).join(' + ');
      const factor = noFprime ? '' : ` f′(${sym('z', l, i)})`;
      if (!ctx.known(state, { q: 'delta', layer: l, row: i })) {
        terms.textContent = `${sym('δ', l, i)} = (${symbolic})${factor} = ?`;
        continue;
      }
      const fp = res.layers[l - 1].fprime[i - 1];
      const delta = res.layers[l - 1].delta[i - 1];
      const numeric = r.terms.map((t) => `${textFactor(t.w, d)} × ${textFactor(t.delta, d)}`).join(' + ');
      terms.textContent = noFprime
        ? `${sym('δ', l, i)} = ${symbolic} = ${numeric} = ${formatNumber(delta, d)} (planted bug: no f′)`
        : `${sym('δ', l, i)} = (${symbolic})${factor} = (${numeric}) × ${textFactor(fp, d)} = ${formatNumber(r.sum, d)} × ${textFactor(fp, d)} = ${formatNumber(delta, d)}`;
    }
    marker.update(state, pass, [parts.cells]);
  }

  return { el, update, destroy() {} };
}
