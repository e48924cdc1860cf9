// The Gradient check view, and planted bugs.
//
// Per parameter θ (every W_ij^(l) and b_i^(l)): the backward pass's ∂J/∂θ, the central
// difference with ε = 1e-4, their relative error and a verdict in words as well as colour
// (gradient-check.js). "Plant a bug" switches the engine to a deliberately wrong backward
// pass: δ and the gradients everywhere on the page are then the wrong ones, the banner says
// so, and the check shows which entries are caught. J and the central differences only need
// the forward pass, which no bug touches.
//
// The check runs after the frame that shows an edit is painted, and only while the view is
// open (a 6 × 8 network has 360 rows): el.dataset.state is 'pending' until the rows show the
// current pass, then 'done'.

import { h, clear } from '../dom.js';
import { formatNumber, sym, sup } from '../notation.js';
import { verdict, VERDICT_TEXT, bugLabel, bugExplanation, squareNote } from '../gradient-check.js';
import { structureChanged } from './shared.js';

export function createGradCheckView(ctx) {
  const select = h('select', { 'aria-label': 'plant a bug', dataset: { key: 'planted-bug' } },
    ctx.compute.names.plantedBugs.map((name) => h('option', { value: name, text: bugLabel(name) })));
  select.addEventListener('change', () => ctx.dispatch('setPlantedBug', select.value));
  const explain = h('p', { class: 'gc-explain' });
  const refused = h('p', { class: 'gc-refused', role: 'alert', hidden: true });
  const square = h('p', { class: 'gc-square', hidden: true });
  const summary = h('p', { class: 'gc-summary', 'aria-live': 'polite' });
  const onlyBad = h('input', { type: 'checkbox', dataset: { key: 'gc-only-bad' } });
  onlyBad.addEventListener('change', () => { table.classList.toggle('only-bad', onlyBad.checked); });
  const legend = h('p', { class: 'gc-legend' },
    h('span', { class: 'gc-chip agree', text: VERDICT_TEXT.agree }), ' relative error < 10⁻⁷  ',
    h('span', { class: 'gc-chip borderline', text: VERDICT_TEXT.borderline }), ' between  ',
    h('span', { class: 'gc-chip wrong', text: VERDICT_TEXT.wrong }), ' > 10⁻⁴');
  const table = h('table', { class: 'mtable gc-table' });
  const scroller = h('div', { class: 'table-scroll gc-scroll', tabindex: '-1' }, table);
  const el = h('div', { class: 'gradcheck' },
    h('div', { class: 'block gc-bug' },
      h('label', { class: 'gc-bug-label' }, h('strong', { text: 'Plant a bug: ' }), select),
      explain, refused, square),
    h('div', { class: 'block gc-check' },
      h('p', { class: 'block-note', text: 'Central differences, ε = 10⁻⁴: ∂J/∂θ ≈ (J(θ + ε) − J(θ − ε)) / 2ε, one parameter at a time, against the backward pass. Relative error = |g − ĝ| / max(|g|, |ĝ|, 10⁻¹⁰).' }),
      legend, summary,
      h('label', { class: 'check' }, onlyBad, ' show only the entries that do not agree'),
      scroller));

  let rows = [];
  let checked = null; // { source, bug } the rows show
  let wanted = null;
  let frame = 0;
  let timer = 0;

  function build(state) {
    const doc = state.doc;
    const L = doc.layers.length;
    checked = null;
    clear(table);
    rows = [];
    table.append(
      h('caption', { class: 'sr-only', text: 'Gradient check: per parameter, the backward pass, the central difference, their relative error and the verdict' }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: 'θ' }),
        h('th', { scope: 'col', text: 'backprop ∂J/∂θ' }),
        h('th', { scope: 'col', text: 'central difference' }),
        h('th', { scope: 'col', text: 'relative error' }),
        h('th', { scope: 'col', text: 'verdict' }))));
    for (let l = 1; l < L; l += 1) {
      const tbody = h('tbody', { dataset: { gcLayer: l } });
      const head = h('th', { scope: 'rowgroup', colspan: '5', class: 'gc-group', text: `W${sup(`(${l})`)} and b${sup(`(${l})`)} (layer ${l} → ${l + 1}): checking…` });
      tbody.append(h('tr', { class: 'gc-group-row' }, head));
      const add = (q, i, j) => {
        const desc = q === 'W' ? { q: 'W', layer: l, row: i, col: j } : { q: 'b', layer: l, row: i };
        const name = q === 'W' ? sym('W', l, i, j) : sym('b', l, i);
        // The parameter's name selects it on the page (its explanation, its cells marked).
        const pick = h('button', { type: 'button', class: 'gc-pick', text: name, 'aria-label': `select ${name}` });
        pick.addEventListener('click', () => ctx.dispatch('select', desc));
        // Placeholders until the check has run: the rows keep their height when it fills them.
        const analytic = h('td', { class: 'gc-analytic', text: '…' });
        const numeric = h('td', { class: 'gc-num', text: '…' });
        const rel = h('td', { class: 'gc-rel', text: '…' });
        const verdictCell = h('td', { class: 'gc-verdict', text: '…' });
        const tr = h('tr', { class: 'gc-row', dataset: { check: q, layer: l, row: i, col: j ?? undefined } },
          h('th', { scope: 'row' }, pick), analytic, numeric, rel, verdictCell);
        tbody.append(tr);
        rows.push({ tr, analytic, numeric, rel, verdictCell, q, l, i, j });
      };
      for (let i = 1; i <= doc.layers[l]; i += 1) for (let j = 1; j <= doc.layers[l - 1]; j += 1) add('W', i, j);
      for (let i = 1; i <= doc.layers[l]; i += 1) add('b', i, null);
      table.append(tbody);
      rows.push({ group: head, l });
    }
  }

  function update(state, prev) {
    if (!prev || structureChanged(state, prev)) build(state);
    const pass = ctx.pass(state);
    const bug = state.plantedBug;
    const m = pass.batch.result.batchSize ?? 1;
    // A lesson that asks which bug is planted does not name it here (options.hideBug).
    const hidden = Boolean(ctx.options.hideBug) && bug !== 'none';
    if (hidden && !select.querySelector('option[value=""]')) select.prepend(h('option', { value: '', text: 'a bug (which one? that is the question)' }));
    select.value = hidden ? '' : bug;
    select.disabled = hidden;
    el.dataset.bug = hidden ? 'hidden' : bug;
    explain.textContent = hidden
      ? 'A bug is planted in the backward pass. Which entries disagree with central differences, and which agree, tell which bug it is.'
      : pass.bugMessage
      ? 'This bug cannot run on this network (below), so the page shows the correct pass.'
      : bugExplanation(bug, state.doc, m) + (bug === 'none' ? '' : ' The gradient step uses this wrong pass too; training runs the correct one.');
    refused.hidden = !pass.bugMessage;
    refused.textContent = pass.bugMessage ? `The engine refused to plant this bug: ${pass.bugMessage}` : '';
    const sq = bug === 'W-instead-of-WT' && !pass.bugMessage ? squareNote(state.doc) : null;
    square.hidden = !sq;
    square.textContent = sq ? `Why no shape check catches it here: ${sq}` : '';

    // The check itself: only while the view is open, after the frame that shows the change.
    wanted = { source: pass.source, bug, message: pass.bugMessage };
    const current = checked && checked.source === wanted.source && checked.bug === bug;
    el.dataset.state = current ? 'done' : 'pending';
    if (!current && state.view === 'gradcheck') schedule();
  }

  function schedule() {
    if (frame || timer) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      timer = setTimeout(() => { timer = 0; compute(); }, 0);
    });
  }

  function compute() {
    const state = ctx.store.state;
    if (state.view !== 'gradcheck' || !wanted) return;
    const target = wanted;
    let check = null;
    let problem = null;
    try {
      check = ctx.compute.gradientCheck(target.source, target.message ? 'none' : target.bug);
    } catch (err) {
      problem = err.message;
    }
    render(state, check, problem, target);
    checked = target;
    el.dataset.state = wanted === target ? 'done' : 'pending';
    if (wanted !== target) schedule();
  }

  function render(state, check, problem, target) {
    const active = target.bug !== 'none' && !target.message;
    if (!check) {
      summary.textContent = problem ? `No gradient check: ${problem}` : 'No pass yet.';
      return;
    }
    const byKey = new Map(check.entries.map((e) => [`${e.quantity}:${e.layer}:${e.row}:${e.col ?? ''}`, e]));
    const counts = { agree: 0, borderline: 0, wrong: 0 };
    const perLayer = new Map();
    const d = state.settings.digits;
    for (const r of rows) {
      if (r.group) continue;
      const e = byKey.get(`${r.q}:${r.l}:${r.i}:${r.j ?? ''}`);
      if (!e) continue;
      const v = verdict(e.relativeError);
      counts[v] += 1;
      const c = perLayer.get(r.l) ?? { agree: 0, borderline: 0, wrong: 0 };
      c[v] += 1;
      perLayer.set(r.l, c);
      const shown = `${e.analytic}|${e.numeric}|${e.relativeError}|${d}`;
      if (r.shown === shown) continue; // unchanged: no repaint
      r.shown = shown;
      r.analytic.textContent = formatNumber(e.analytic, d);
      r.analytic.title = String(e.analytic);
      r.analytic.dataset.analytic = String(e.analytic);
      r.numeric.textContent = formatNumber(e.numeric, d);
      r.numeric.title = String(e.numeric);
      r.numeric.dataset.numeric = String(e.numeric);
      r.rel.textContent = formatNumber(e.relativeError, 2);
      r.rel.title = String(e.relativeError);
      r.rel.dataset.relError = String(e.relativeError);
      if (r.tr.dataset.verdict !== v) {
        r.verdictCell.textContent = VERDICT_TEXT[v];
        r.tr.dataset.verdict = v;
        r.tr.className = `gc-row ${v}`;
      }
    }
    for (const r of rows) {
      if (!r.group) continue;
      const c = perLayer.get(r.l) ?? { agree: 0, borderline: 0, wrong: 0 };
      r.group.textContent = `W${sup(`(${r.l})`)} and b${sup(`(${r.l})`)} (layer ${r.l} → ${r.l + 1}): ${c.agree} agree, ${c.borderline} borderline, ${c.wrong} wrong`;
    }
    const total = check.entries.length;
    let text = `${total} parameters: ${counts.agree} agree, ${counts.borderline} borderline, ${counts.wrong} wrong. Largest relative error ${formatNumber(check.maxRelativeError, 2)}.`;
    if (counts.wrong > 0) text += active ? ' The check caught the planted bug in the entries marked wrong.' : ' Some gradients are wrong.';
    else if (active) text += ' The check does not catch this bug on this network: see the note above.';
    summary.textContent = text;
    summary.dataset.wrong = String(counts.wrong);
    summary.dataset.agree = String(counts.agree);
    summary.classList.toggle('bad', counts.wrong > 0);
  }

  return {
    el,
    update,
    destroy() {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    },
  };
}
