// The gradient check, and planted bugs.
//
// Per parameter θ (every W_ij^(l) and b_i^(l)): the backward pass's ∂J/∂θ, the central
// difference (J(θ + ε) − J(θ − ε)) / 2ε with ε = 1e-4, and the relative error
// |g − ĝ| / max(|g|, |ĝ|, 1e-10) (all from net.gradientCheck()), with a verdict in words as
// well as colour: < 1e-7 agree, > 1e-4 wrong, in between borderline.
//
// "Plant a bug" switches the engine to a deliberately wrong backward pass (net.plantedBug,
// applied by runPass in sandbox.js): δ and the gradients everywhere on the page are then the
// wrong ones, a banner says so, and the check shows which entries are caught. J and the
// central differences only need the forward pass, which no bug touches.
//
// The check runs on its own network of the same document, after the frame that shows an
// edit is painted, and only while the panel is on screen (a 6 × 8 network has 360 rows):
// el.dataset.state is 'pending' until the rows show the current pass, then 'done'.

import { h, clear } from '../dom.js';
import { formatNumber, sym, sup } from '../notation.js';

export const AGREE_BELOW = 1e-7;
export const WRONG_ABOVE = 1e-4;

/** 'agree' | 'borderline' | 'wrong' for a relative error. */
export function verdict(relativeError) {
  if (!(relativeError <= WRONG_ABOVE)) return 'wrong'; // NaN is wrong too
  return relativeError < AGREE_BELOW ? 'agree' : 'borderline';
}

const VERDICT_TEXT = { agree: '✓ agrees', borderline: '~ borderline', wrong: '✗ wrong' };

export const BUGS = [
  { name: 'none', label: 'none: the correct backward pass' },
  { name: 'forget-fprime', label: 'forget the f′(z) factor in the recursion' },
  { name: 'W-instead-of-WT', label: 'use W instead of Wᵀ in the recursion' },
  { name: 'drop-bias-gradient', label: 'drop the bias gradient (∂J/∂b = 0)' },
  { name: 'wrong-sign-output-delta', label: 'wrong sign on δ⁽ᴸ⁾ (y − a instead of a − y)' },
  { name: 'forget-batch-mean', label: 'forget to average over the batch' },
];

/** What a bug does and what a gradient check should catch, for this network. */
export function bugExplanation(name, doc, m = 1) {
  const L = doc.layers.length;
  const hidden = L > 2;
  const recursion = L === 3 ? 'W⁽¹⁾' : `W⁽¹⁾ … W${sup(`(${L - 2})`)}`;
  switch (name) {
    case 'forget-fprime':
      return hidden
        ? `The recursion computes δ⁽ˡ⁾ = (W⁽ˡ⁾)ᵀδ⁽ˡ⁺¹⁾ without the factor ∘ f′(z⁽ˡ⁾). δ⁽ᴸ⁾, ∂J/∂W${sup(`(${L - 1})`)} and ∂J/∂b${sup(`(${L - 1})`)} stay right; the gradients below them (of ${recursion} and their b) are wrong, unless f′ happens to be 1 (linear units).`
        : 'With no hidden layer there is no recursion, so nothing changes: every gradient stays right.';
    case 'W-instead-of-WT':
      return hidden
        ? `The recursion multiplies δ⁽ˡ⁺¹⁾ by W⁽ˡ⁾ instead of (W⁽ˡ⁾)ᵀ: δᵢ⁽ˡ⁾ collects row i of W (the weights into unit i of the next layer) instead of column i (the weights out of unit i). Expect the gradients of ${recursion} and of their b to be wrong, the last layer’s to stay right.`
        : 'With no hidden layer there is no recursion, so nothing changes.';
    case 'drop-bias-gradient':
      return 'Every ∂J/∂b is set to 0 instead of δ⁽ˡ⁺¹⁾. Expect every b entry to be caught and every W entry to agree: the bias gradient feeds nothing else.';
    case 'wrong-sign-output-delta':
      return 'δ⁽ᴸ⁾ starts from y − a instead of a − y. The sign carries down the recursion, so every gradient has the wrong sign (relative error 2): gradient descent would climb J instead of descending it.';
    case 'forget-batch-mean':
      return m > 1
        ? `The gradients are summed over the batch instead of averaged: every one is m = ${m} times too large (relative error ${formatNumber((m - 1) / m, 3)}), while J is still the mean. Expect every entry to be caught.`
        : 'The gradients are summed over the batch instead of averaged: too large by a factor m. With one example (m = 1) the sum and the mean are the same number, so here this bug changes nothing and no gradient check can catch it. Load a data set (m > 1 examples) to see it.';
    default:
      return 'No bug: the backward pass is the one in the notes. Every entry should agree to about 1e-7 or better.';
  }
}

/** Why the shape check does not catch W-instead-of-WT here (every recursion W square), or null. */
export function squareNote(doc) {
  const L = doc.layers.length;
  if (L <= 2) return null;
  const square = [];
  for (let l = 2; l < L; l += 1) square.push(l);
  return `Every W⁽ˡ⁾ that the recursion uses (${square.map((l) => `W${sup(`(${l})`)}, ${doc.layers[l]} × ${doc.layers[l - 1]}`).join('; ')}) is square, so W⁽ˡ⁾δ⁽ˡ⁺¹⁾ has exactly the shape of (W⁽ˡ⁾)ᵀδ⁽ˡ⁺¹⁾: no shape check can tell them apart, the code runs and gives wrong numbers (right ones only if W⁽ˡ⁾ happens to be symmetric). Only the gradient check below catches it. Give a hidden layer a different size from the layer after it (e.g. 2-3-2, in Structure) and the engine refuses this bug outright.`;
}

export function createGradCheck(ctx) {
  const select = h('select', { 'aria-label': 'plant a bug', dataset: { key: 'planted-bug' } },
    BUGS.map((b) => h('option', { value: b.name, text: b.label })));
  select.addEventListener('change', () => ctx.actions.setPlantedBug(select.value));
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
  const scroller = h('div', { class: 'table-scroll gc-scroll' }, table);
  const el = h('div', { class: 'gradcheck' },
    h('div', { class: 'block gc-bug' },
      h('label', { class: 'gc-bug-label' }, h('strong', { text: 'Plant a bug: ' }), select),
      explain, refused, square),
    h('div', { class: 'block gc-check' },
      h('p', { class: 'block-note', text: 'Central differences, ε = 10⁻⁴: ∂J/∂θ ≈ (J(θ + ε) − J(θ − ε)) / 2ε, one parameter at a time, against the backward pass. Relative error = |g − ĝ| / max(|g|, |ĝ|, 10⁻¹⁰).' }),
      legend, summary,
      h('label', { class: 'check' }, onlyBad, ' show only the entries that do not agree'),
      scroller));

  // The bug banner: on top of the page while a bug is planted (sandbox.js places it).
  const bannerText = h('span');
  const remove = h('button', { type: 'button', class: 'small', dataset: { key: 'remove-bug' }, text: 'Remove the bug' });
  remove.addEventListener('click', () => ctx.actions.setPlantedBug('none'));
  const banner = h('div', { class: 'bug-banner', role: 'alert', hidden: true }, bannerText, ' ', remove);

  let rows = []; // { tr, analytic, numeric, rel, verdict, entry key }

  function build(state) {
    const doc = state.resultDoc ?? state.doc;
    const L = doc.layers.length;
    lastResult = null; // new rows: fill them at the next update
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
      const head = h('th', { scope: 'rowgroup', colspan: '5', class: 'gc-group' });
      tbody.append(h('tr', { class: 'gc-group-row' }, head));
      const add = (q, i, j) => {
        const desc = q === 'W' ? { q: 'W', layer: l, row: i, col: j } : { q: 'b', layer: l, row: i };
        const name = q === 'W' ? sym('W', l, i, j) : sym('b', l, i);
        // The parameter's name selects it on the page (its equations, its cells highlighted).
        const pick = h('button', { type: 'button', class: 'gc-pick', text: name, 'aria-label': `select ${name} on the page` });
        pick.addEventListener('click', () => ctx.actions.select(desc));
        const analytic = h('td', { class: 'gc-analytic' });
        const numeric = h('td', { class: 'gc-num' });
        const rel = h('td', { class: 'gc-rel' });
        const verdictCell = h('td', { class: 'gc-verdict' });
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

  function update(state) {
    const doc = state.resultDoc ?? state.doc;
    const bug = state.plantedBug ?? 'none';
    const m = state.batchResult?.batchSize ?? state.result?.batchSize ?? 1;
    select.value = bug;
    el.dataset.bug = bug;
    explain.textContent = state.bugMessage
      ? 'This bug cannot run on this network (below), so the page shows the correct pass.'
      : bugExplanation(bug, doc, m) + (bug === 'none' ? '' : ' The Step button (gradient descent) uses this wrong pass too; the training panel runs the correct one.');
    refused.hidden = !state.bugMessage;
    refused.textContent = state.bugMessage ? `The engine refused to plant this bug: ${state.bugMessage}` : '';
    const sq = bug === 'W-instead-of-WT' && !state.bugMessage ? squareNote(doc) : null;
    square.hidden = !sq;
    square.textContent = sq ? `Why no shape check catches it here: ${sq}` : '';

    const label = BUGS.find((b) => b.name === bug)?.label ?? bug;
    banner.hidden = bug === 'none';
    banner.classList.toggle('refused', Boolean(state.bugMessage));
    banner.dataset.bug = bug;
    bannerText.textContent = state.bugMessage
      ? `The bug “${label}” could not be planted on this network: the shape check caught it (see Gradient check). The numbers on the page are from the correct pass.`
      : `⚠ Planted bug: ${label}. The δ and the gradients on this page come from a deliberately wrong backward pass (z, a and J are still right)${bug === 'forget-batch-mean' && m === 1 ? '; with one example this one changes nothing' : ''}.`;
    remove.hidden = false;

    if (state.result !== lastResult || bug !== lastBug || state.bugMessage !== lastMessage) {
      lastResult = state.result;
      lastBug = bug;
      lastMessage = state.bugMessage;
      dirty = true;
      el.dataset.state = 'pending';
      schedule();
    }
  }

  // ---- the check itself: deferred, and only while visible -------------------------------------

  let lastResult = null;
  let lastBug = null;
  let lastMessage = null;
  let dirty = true;
  let visible = typeof IntersectionObserver === 'undefined';
  let frame = 0;
  let timer = 0;
  const observer = visible ? null : new IntersectionObserver((entries) => {
    visible = entries.some((e) => e.isIntersecting);
    if (visible) schedule();
  }, { rootMargin: '200px' });
  observer?.observe(el);

  function schedule() {
    if (!dirty || !visible || frame || timer) return;
    // After the next frame is painted: the edit shows first, the check follows.
    frame = requestAnimationFrame(() => {
      frame = 0;
      timer = setTimeout(() => { timer = 0; compute(); }, 0);
    });
  }

  function compute() {
    const state = ctx.state;
    if (!dirty || !visible) return;
    dirty = false;
    const doc = state.batchDoc ?? state.resultDoc;
    let check = null;
    let problem = null;
    if (doc && state.result) {
      try {
        const net = ctx.engine.createNetwork(doc);
        try {
          if (state.plantedBug !== 'none' && !state.bugMessage) net.plantedBug = state.plantedBug;
          check = net.gradientCheck();
        } finally {
          net.dispose();
        }
      } catch (err) {
        problem = err.message;
      }
    }
    render(state, check, problem);
    el.dataset.state = 'done';
  }

  function render(state, check, problem) {
    const bug = state.plantedBug ?? 'none';
    const active = bug !== 'none' && !state.bugMessage;
    if (!check) {
      summary.textContent = problem ? `No gradient check: ${problem}` : 'No pass yet.';
      return;
    }
    const byKey = new Map(check.entries.map((e) => [`${e.quantity}:${e.layer}:${e.row}:${e.col ?? ''}`, e]));
    const counts = { agree: 0, borderline: 0, wrong: 0 };
    const perLayer = new Map();
    const d = state.digits;
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
    const worst = formatNumber(check.maxRelativeError, 2);
    let text = `${total} parameters: ${counts.agree} agree, ${counts.borderline} borderline, ${counts.wrong} wrong. Largest relative error ${worst}.`;
    if (counts.wrong > 0) text += active ? ' The check caught the planted bug in the entries marked wrong.' : ' Some gradients are wrong.';
    else if (active) text += ' The check does not catch this bug on this network: see the note above.';
    summary.textContent = text;
    summary.dataset.wrong = String(counts.wrong);
    summary.dataset.agree = String(counts.agree);
    summary.classList.toggle('bad', counts.wrong > 0);
  }

  function destroy() {
    observer?.disconnect();
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  }

  return { el, banner, build, update, destroy };
}
