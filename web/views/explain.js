// The explanation, always beside what the learner touched: the "start here" card, the
// selected quantity's equation with its numbers and why it is that equation, a box to check
// a value worked out by hand, and, while walking through the pass, the walkthrough itself
// (the step's equation, hidden numbers until the reveal, Back and Reveal / Next).
//
// Rendered with lit-html; the equations are typeset with KaTeX into elements lit-html
// leaves alone (tex.js and walk.js build every TeX string from numbers and fixed symbols).

import { html, render, nothing } from 'lit-html';
import { ref, createRef } from 'lit-html/directives/ref.js';
import { keyed } from 'lit-html/directives/keyed.js';
import { formatNumber, quantityLabel, sym } from '../notation.js';
import { explanationFor } from '../tex.js';
import { batchExplanation } from '../batch-tex.js';
import { checkAnswer, checkRanges, checkTarget, CHECK_KINDS, roundSig } from '../check.js';
import { exampleResult, exampleView } from '../batch.js';
import { stepEquations, stepFormula, stepTitle, stepOutputs } from '../walk.js';
import { selectionKey } from '../store.js';
import { createEquationList } from './equations.js';
import { valueOf } from './shared.js';
import { icon } from './icons.js';

/** x to `sig` significant digits, trailing zeros kept: −0.02260 at 4 (not −0.0226). */
function toSig(x, sig) {
  const t = x.toPrecision(Math.min(Math.max(sig, 1), 17));
  return t.includes('e') ? formatNumber(x, sig) : t.replace('-', '−');
}

/** Below this width (the explanation's own) equations may break over lines. */
const NARROW_PX = 360;

/** Up to this many indices a picker is a list; beyond it, a number field. */
const PICK_LIST = 32;

/** What a selection is, in words: "the weight from unit 1 of layer 1 to unit 1 of layer 2". */
function describeSelection(sel, L) {
  const { q, layer: l, row: i, col: j } = sel;
  switch (q) {
    case 'W': return `the weight from unit ${j} of layer ${l} to unit ${i} of layer ${l + 1}`;
    case 'dW': return `the gradient of the weight from unit ${j} of layer ${l} to unit ${i} of layer ${l + 1}`;
    case 'b': return `the bias of unit ${i} of layer ${l + 1}`;
    case 'db': return `the gradient of the bias of unit ${i} of layer ${l + 1}`;
    case 'x': return `input ${i}`;
    case 'y': return `the target of output unit ${i}`;
    case 'z': return `the weighted input of unit ${i} of layer ${l}`;
    case 'a': return l === 1 ? `the activation of input unit ${i} (x${sym('', null, i)})` : `the activation of unit ${i} of layer ${l}`;
    case 'fprime': return `the activation's slope at unit ${i} of layer ${l}`;
    case 'delta': return `the error term ∂J/∂z of unit ${i} of layer ${l}${l === L ? ' (the output layer)' : ''}`;
    case 'J': return 'the loss';
    default: return '';
  }
}

export function createExplainView(ctx) {
  const el = document.createElement('div');
  el.className = 'explain';
  const headlineRef = createRef();
  const formulaRef = createRef();
  const answerRef = createRef();
  // In a narrow column (a phone, a narrow embed) display-sized math is typeset in inline mode,
  // so that a long chain of equalities breaks after an "=" instead of running past the edge;
  // wider, it stays on one line (a value that changes length moves nothing below it).
  let narrow = false;
  const mode = () => (narrow ? 'lines' : true);
  const more = createEquationList(ctx, 'equation-list more-equations', { mode });
  let checkedFor = null; // the quantity the answer box was last for (it empties when that changes)
  let moreOpen = false; // "Where it comes from" stays open from one selection to the next
  let moreItems = [];
  let clean = { key: null, res: null }; // a correct pass of the same document, when a bug is planted
  // What each move of the walkthrough does, said to a screen reader: the step, then what its
  // reveal computed, with the numbers. A live region that stays in the document (one that
  // comes with its text is not read out), outside what lit-html renders.
  const said = document.createElement('p');
  said.className = 'sr-only walk-said';
  said.setAttribute('role', 'status');
  said.setAttribute('aria-live', 'polite');
  said.dataset.key = 'walk-said';
  el.append(said);

  const typeset = (target, source) => {
    const m = mode();
    if (!target || target._tex === `${m}|${source}`) return;
    target._tex = `${m}|${source}`;
    ctx.tex(target, source, m);
  };
  const resize = typeof ResizeObserver === 'function'
    ? new ResizeObserver(([entry]) => {
      const now = entry.contentRect.width > 0 && entry.contentRect.width < NARROW_PX;
      if (now === narrow) return;
      narrow = now;
      update(ctx.store.state);
    })
    : null;
  resize?.observe(el);
  // The explanation stacked under the view: the width where styles.css stacks it.
  const stacked = typeof matchMedia === 'function' ? matchMedia('(max-width: 959.98px)') : null;
  const restack = () => update(ctx.store.state);
  stacked?.addEventListener?.('change', restack);

  /** The correct pass for checking answers: the page's own, unless a bug is planted. */
  function correctPass(state) {
    const pass = ctx.pass(state);
    const batchDoc = pass.batch.doc;
    const bugged = state.plantedBug !== 'none' && !pass.bugMessage;
    if (!bugged) return { doc: pass.doc, res: pass.result, batchDoc, batchRes: pass.batch.result };
    if (clean.key !== pass.source) clean = { key: pass.source, res: ctx.compute.pass(pass.source, 'none').result };
    return { doc: exampleView(batchDoc, state.example), res: exampleResult(clean.res, state.example), batchDoc, batchRes: clean.res };
  }

  // ---- actions ---------------------------------------------------------------------------------

  const check = () => ctx.dispatch('check', answerRef.value?.value ?? '');
  const pick = (change) => {
    const state = ctx.store.state;
    const layers = state.doc.layers;
    const current = checkTarget(state.selection, layers.length) ?? { q: 'dW', layer: 1, row: 1, col: 1 };
    const next = { ...current, ...change };
    if (next.q === 'J') { ctx.dispatch('select', { q: 'J' }); return; }
    const r = checkRanges(next.q, layers);
    if (!r.layers.includes(next.layer)) next.layer = r.layers[0];
    next.row = Math.min(Math.max(1, next.row ?? 1), r.rows(next.layer));
    if (r.cols) next.col = Math.min(Math.max(1, next.col ?? 1), r.cols(next.layer));
    else delete next.col;
    ctx.dispatch('select', next);
  };

  // ---- templates -------------------------------------------------------------------------------

  function startHere(state) {
    if (state.intro.dismissed || ctx.options.intro === false || !ctx.part('explain')) return nothing;
    const item = (done, n, text) => html`<li class=${done ? 'done' : ''}><span class="mark" aria-hidden="true">${done ? '✓' : n}</span><span>${text}${done ? html`<span class="sr-only"> (done)</span>` : nothing}</span></li>`;
    return html`<section class="start-here" aria-labelledby="start-here-title">
      <div class="start-head">
        <h2 id="start-here-title">Start here</h2>
        <button type="button" class="small" data-key="intro-dismiss" title="Hide this card for good (it stays hidden when you come back)" @click=${() => ctx.dispatch('dismissIntro')}>Got it, hide this</button>
      </div>
      <ol>
        ${item(state.intro.picked, 1, html`<strong>Pick another weight:</strong> select an edge.`)}
        ${item(state.intro.explained, 2, html`<strong>See why</strong> its gradient is δ<sub>i</sub> a<sub>j</sub> (below).`)}
        ${item(state.intro.checked, 3, html`<strong>Check a value</strong> you worked out by hand.`)}
      </ol>
    </section>`;
  }

  function verdict(state) {
    if (!state.check || state.check.key !== selectionKey(state.selection)) return nothing;
    let v;
    try {
      v = checkAnswer(checkTarget(state.selection, state.doc.layers.length), state.check.text, correctPass(state));
    } catch {
      v = { status: 'invalid', message: 'This quantity does not exist in the current network.' };
    }
    const name = label(checkTarget(state.selection, state.doc.layers.length));
    if (v.status === 'invalid') {
      return html`<div class="check-result" data-verdict="invalid">
        <button type="button" class="icon-button small close-verdict" data-key="check-close" aria-label="Close the verdict" @click=${() => ctx.dispatch('check', null)}>${icon('close')}</button>
        <p class="verdict invalid">${v.message}</p></div>`;
    }
    const digits = Math.max(state.settings.digits, Math.min(v.typed.sig + 2, 17));
    const sf = (n) => `${n} significant digit${n === 1 ? '' : 's'}`;
    const atZero = v.typed.value === 0 || v.typed.sig === 0;
    const a = v.analysis;
    const bug = state.plantedBug !== 'none' && !ctx.pass(state).bugMessage;
    let head;
    let implied = nothing;
    if (v.status === 'agree') {
      head = html`<p class="verdict agree"><strong>✓ Agrees. </strong>${atZero
        ? `${name} rounds to 0 at the last decimal place you typed (it is ${formatNumber(v.truth, digits)}).`
        : `${name} = ${formatNumber(v.truth, digits)} rounds to ${toSig(roundSig(v.truth, v.typed.sig), v.typed.sig)} at the ${sf(v.typed.sig)} you typed.`}</p>
        ${v.typed.sig <= 1 && !atZero ? html`<p class="hint">One digit is a loose check: type more digits for a stricter one.</p>` : nothing}`;
    } else {
      head = html`<p class="verdict disagree"><strong>✗ Does not agree. </strong>${atZero
        ? `${name} does not round to 0 at the last decimal place you typed.`
        : `Rounded to the ${sf(v.typed.sig)} you typed, ${name} is ${toSig(roundSig(v.truth, v.typed.sig), v.typed.sig)}, not ${toSig(v.typed.value, v.typed.sig)}.`}</p>
        ${v.judge.closeTo ? html`<p class="close">Close: it agrees to ${sf(v.judge.closeTo)}. Rounding the numbers in between (carry a few more digits) or rounding down instead of to nearest gives that.</p>` : nothing}
        ${v.slips.length ? html`<p class="slip"><strong>A common slip: </strong>your number is what you get when ${v.slips[0].text}</p>${v.slips.slice(1).map((s) => html`<p class="slip">Or: ${s.text}</p>`)}` : nothing}`;
      if (a.product && !atZero) {
        const [f1, f2] = a.product.factors;
        const lines = [];
        if (Math.abs(f1.value) > 1e-12) lines.push(`if ${f1.label} = ${formatNumber(f1.value, digits)} is right, your value means ${f2.label} = ${formatNumber(v.typed.value / f1.value, digits)} (it is ${formatNumber(f2.value, digits)});`);
        if (Math.abs(f2.value) > 1e-12) lines.push(`if ${f2.label} = ${formatNumber(f2.value, digits)} is right, your value means ${f1.label} = ${formatNumber(v.typed.value / f2.value, digits)} (it is ${formatNumber(f1.value, digits)}).`);
        if (lines.length) implied = html`<p class="implied"><strong>Which factor is off? </strong>${lines.join(' ')}</p>`;
      }
    }
    return html`<div class="check-result" data-verdict=${v.status} data-slips=${v.slips.length ? v.slips.map((s) => s.id).join(' ') : nothing}>
      <button type="button" class="icon-button small close-verdict" data-key="check-close" aria-label="Close the verdict" @click=${() => ctx.dispatch('check', null)}>${icon('close')}</button>
      ${head}
      <p class="check-eq"><span>${v.status === 'agree' ? 'Its equation and ingredients: ' : 'Look at the ingredients of its equation (marked on the page): '}</span><strong>${a.equation}</strong></p>
      <ul class="ingredients">${a.ingredients.map((x) => html`<li data-ingredient=${x.id}><span class="ing-label">${x.label}</span> = <span class="ing-value">${formatNumber(x.value, digits)}</span></li>`)}</ul>
      ${implied}
      ${bug ? html`<p class="hint">A bug is planted: your answer is checked against the correct pass, not the wrong δ and gradients on the page.</p>` : nothing}
    </div>`;
  }

  const label = (t) => (!t ? '' : t.q === 'J' ? 'J' : quantityLabel(t.q, t.layer, t.row, t.col));

  function checkBox(state, { walking = false } = {}) {
    const layers = state.doc.layers;
    const target = checkTarget(state.selection, layers.length);
    if (!target) return html`<section class="check-box"><p class="hint">A target y is data, not something to compute: select another number to check it.</p></section>`;
    const r = checkRanges(target.q, layers);
    const options = (values, current) => values.map((v) => html`<option value=${String(v)} ?selected=${v === current}>${v}</option>`);
    const span = (n) => Array.from({ length: n }, (_, k) => k + 1);
    // An index picker: a list up to PICK_LIST entries, a number field beyond (784 options are
    // no way to choose a pixel, and hundreds of elements).
    const index = (key, name, n, current, set) => (n <= PICK_LIST
      ? html`<select data-key=${key} aria-label=${name} @change=${(e) => set(Number(e.target.value))}>${options(span(n), current)}</select>`
      : html`<input type="number" class="num-input index-input" data-key=${key} aria-label=${`${name}, 1 to ${n}`} min="1" max=${String(n)} step="1" .value=${String(current)}
          @change=${(e) => { const v = Number(e.target.value); if (Number.isInteger(v) && v >= 1 && v <= n) set(v); else e.target.value = String(current); }}>`);
    return html`<section class="check-box" aria-label="Check your value" data-check-q=${target.q} data-check-layer=${target.layer ?? ''} data-check-row=${target.row ?? ''} data-check-col=${target.col ?? ''}>
      <h3 class="check-target">${walking ? 'Your value of ' : 'Check your value of '}${label(target)}</h3>
      ${walking ? nothing : html`<div class="check-pick">
        <label>quantity <select data-key="check-q" aria-label="quantity to check" @change=${(e) => pick({ q: e.target.value })}>
          ${CHECK_KINDS.map((k) => html`<option value=${k.q} ?selected=${k.q === target.q}>${k.label}</option>`)}
        </select></label>
        ${target.q === 'J' ? nothing : html`
          <label>l <select data-key="check-layer" aria-label="layer l" @change=${(e) => pick({ layer: Number(e.target.value) })}>${options(r.layers, target.layer)}</select></label>
          <label>i ${index('check-row', 'row i', r.rows(target.layer), target.row, (row) => pick({ row }))}</label>
          ${r.cols ? html`<label>j ${index('check-col', 'column j', r.cols(target.layer), target.col, (col) => pick({ col }))}</label>` : nothing}`}
      </div>`}
      <div class="check-row">
        <input ${ref(answerRef)} type="text" inputmode="decimal" data-signed autocomplete="off" spellcheck="false" class="field check-input"
          aria-label=${`your value of ${label(target)}`} placeholder="your value" data-key="check-value"
          @keydown=${(e) => { if (e.key === 'Enter') { e.preventDefault(); check(); } }}>
        <button type="button" class="primary" data-key="check" title="Compare your value with the engine's, at the significant digits you typed" @click=${check}>Check</button>
      </div>
      <div class="check-status" role="status" aria-live="polite">${verdict(state)}</div>
    </section>`;
  }

  /**
   * What a δ step needs that the diagram does not show: f′(z) of its units (and at the output,
   * a and y), given with their numbers so that the learner can work the step out.
   */
  function givenFor(state, step) {
    if (step.kind !== 'delta') return nothing;
    const pass = ctx.pass(state);
    const l = step.layer;
    const L = state.doc.layers.length;
    const d = state.settings.digits;
    const units = step.unit ? [step.unit] : Array.from({ length: state.doc.layers[l - 1] }, (_, k) => k + 1);
    const ly = pass.result.layers[l - 1];
    // (Softmax with cross-entropy: δ⁽ᴸ⁾ = a − y, no f′.)
    const noFprime = l === L && state.doc.loss === 'cross-entropy';
    const parts = noFprime ? [] : units.filter((i) => Number.isFinite(ly.fprime?.[i - 1])).map((i) => `f′(${sym('z', l, i)}) = ${formatNumber(ly.fprime[i - 1], d)}`);
    if (l === L) {
      for (const i of units) parts.push(`${sym('a', l, i)} = ${formatNumber(ly.a[i - 1], d)}`, `${sym('y', null, i)} = ${formatNumber(pass.doc.target[i - 1], d)}`);
    }
    return html`<p class="walk-given" data-key="walk-given">Given: ${parts.join(', ')}.</p>`;
  }

  /** The walkthrough's current step (a new block for every position, so that nothing in it moves). */
  function walkStep(state, step) {
    const w = state.walk;
    const L = state.doc.layers.length;
    const asking = !w.revealed;
    const outs = stepOutputs(step, state.doc.layers);
    const bug = state.plantedBug !== 'none' && !ctx.pass(state).bugMessage && step.phase === 'backward' && step.kind !== 'loss';
    let items = [];
    if (w.revealed) {
      const pass = ctx.pass(state);
      try { items = stepEquations(step, { doc: pass.doc, res: pass.result, digits: state.settings.digits }, { m: pass.result.batchSize ?? 1, e: state.example }); } catch { items = []; }
    }
    return html`<div class="walk-step">
      <p class="walk-title">${stepTitle(step, L)}</p>
      <div class="walk-formula" ${ref(formulaRef)}></div>
      ${asking ? givenFor(state, step) : nothing}
      ${asking ? html`<p class="walk-ask">Your turn: work out ${outs.length ? label(checkTarget(state.selection, L) ?? outs[0]) : 'it'} from what is marked as its input and type it in the box below, or press Reveal.${outs.length > 1 ? ` (The other ${outs.length - 1} number${outs.length > 2 ? 's' : ''} of this step: click one to be asked for it instead.)` : ''}</p>` : nothing}
      ${bug ? html`<p class="walk-bug">A bug is planted: the numbers after the last “=” of the backward steps are the engine’s wrong ones, so they need not match the formula.</p>` : nothing}
      <div class="equation-list walk-equations">${items.map((it) => html`<figure class="eq-item"><figcaption>${it.caption}</figcaption><div class="eq" data-tex=${it.tex}></div></figure>`)}</div>
    </div>`;
  }

  function selectionPanel(state) {
    const sel = state.selection;
    const pass = ctx.pass(state);
    const L = state.doc.layers.length;
    const value = valueOf(pass.doc, pass.result, sel);
    const known = ctx.known(state, sel);
    const name = sel.q === 'J' ? 'J' : quantityLabel(sel.q, sel.layer, sel.row, sel.col);
    return html`<section class="selection" aria-labelledby="selection-title">
      <p class="selected-name" id="selection-title"><span class="selected-symbol">${name}</span>${known && value !== null ? html` = <output class="readout" data-key="readout" title="the full value, every digit">${String(value)}</output>` : html` = <output class="readout" data-key="readout">?</output>`}</p>
      <p class="selected-what">${describeSelection(sel, L)}</p>
      <figure class="headline">
        <figcaption class="sr-only">The equation of the selection with its numbers</figcaption>
        <div class="headline-eq" ${ref(headlineRef)}></div>
      </figure>
    </section>`;
  }

  function reasonPanel(state) {
    const sel = state.selection;
    const views = {
      W: ['gradients', 'Gradients'], dW: ['gradients', 'Gradients'], b: ['gradients', 'Gradients'], db: ['gradients', 'Gradients'],
      delta: ['backward', 'Backward'], fprime: ['backward', 'Backward'], z: ['forward', 'Forward'], a: ['forward', 'Forward'], x: ['forward', 'Forward'], y: ['forward', 'Forward'], J: ['forward', 'Forward'],
    };
    const [view, viewName] = views[sel.q] ?? ['network', 'Network'];
    // A weight or a bias is edited in the Forward view's fields: said where it is selected.
    // (Kept in its place, unseen, while the Forward view is open: the link beside it stays put.)
    const edit = (sel.q === 'W' || sel.q === 'b') && ctx.hasView('forward') && ctx.can('edit')
      ? html`<span class=${state.view === 'forward' ? 'see-edit unseen' : 'see-edit'}><button type="button" class="link" data-key="edit-in-forward"
          ?disabled=${state.view === 'forward'} @click=${() => ctx.dispatch('setView', 'forward')}>Edit it in Forward ${icon('arrow')}</button><span class="see-sep" aria-hidden="true">·</span></span>`
      : nothing;
    return html`<section class="why" aria-label="Why">
      <p class="reason"></p>
      <p class="see">${edit}${view !== state.view && ctx.hasView(view)
    ? html`<button type="button" class="link" data-key=${`see-${view}`} @click=${() => ctx.dispatch('setView', view)}>See it in ${edit === nothing ? `the ${viewName} view` : viewName} ${icon('arrow')}</button>`
    : html`<span class="hint">${ctx.hasView(view) ? 'It is in this view.' : ''}</span>`}</p>
    </section>`;
  }

  function walkPanel(state) {
    const steps = ctx.store.steps(state);
    const step = ctx.step(state);
    const w = state.walk;
    const last = w.index === steps.length - 1 && w.revealed;
    const forward = step.phase === 'forward';
    const primary = w.revealed ? 'Next step' : 'Reveal';
    return html`<section class="walk" aria-labelledby="walk-title" data-walk="on" data-step-index=${w.index} data-step-kind=${step.kind}
        data-step-layer=${step.layer} data-step-unit=${step.unit ?? nothing} data-revealed=${String(w.revealed)}>
      <div class="walk-head">
        <h2 id="walk-title">Walk through the pass</h2>
        <button type="button" class="small" data-key="walk-leave" @click=${() => ctx.dispatch('walkStop')}>${icon('close')} Leave</button>
      </div>
      <p class="walk-progress">Step ${w.index + 1} of ${steps.length} · ${forward ? 'forward pass' : 'backward pass'}${w.revealed ? '' : ' · your turn'}</p>
      <div class="walk-bar ${forward ? '' : 'backward'}" aria-hidden="true"><span data-done=${Math.round(((w.index + (w.revealed ? 1 : 0.5)) / steps.length) * 100)}></span></div>
      <div class="walk-nav">
        <button type="button" data-key="walk-prev" aria-label="Back (← or k)" data-tip="Hide this step's numbers again, or go back a step." ?disabled=${w.index === 0} @click=${() => ctx.dispatch('walkMove', -1)}>${icon('prev')} Back</button>
        <button type="button" class="primary" data-key="walk-next" aria-label=${`${primary} (→ or j)`} data-tip=${w.revealed ? 'On to the next step of the pass.' : 'Show what this step computes, everywhere on the page.'} ?disabled=${last} @click=${() => ctx.dispatch('walkMove', 1)}>${icon('next')} ${primary}</button>
        <label class="check" data-tip="A step for each unit instead of each layer."><input type="checkbox" data-key="walk-units" .checked=${w.units} @change=${(e) => ctx.dispatch('walkUnits', e.target.checked)}> one unit at a time</label>
      </div>
      <p class="walk-legend"><span class="walk-key"><span class="swatch out" aria-hidden="true"></span> computed in this step</span>
        <span class="walk-key"><span class="swatch in" aria-hidden="true"></span> computed from</span>
        <span class="walk-key"><span class="swatch unknown" aria-hidden="true">?</span> not yet</span>
        <span class="walk-key hint keys-hint">Keys: <kbd>→</kbd> <kbd>←</kbd> <kbd>Home</kbd> <kbd>End</kbd></span></p>
      ${keyed(`${w.index}:${w.revealed}:${w.units}:${state.doc.layers.join('-')}`, walkStep(state, step))}
    </section>`;
  }

  function template(state) {
    const check = ctx.part('check') && !(state.walk.on && ctx.step(state)?.kind === 'input') ? checkBox(state, { walking: state.walk.on }) : nothing;
    if (state.walk.on) return html`<div class="explain-body">${walkPanel(state)}</div>${check}`;
    if (!ctx.part('explain')) return check;
    // A new block for each selection: what is in it is new, nothing that was on screen moves.
    // Stacked under the view (narrow), the check comes right after the selection's equation;
    // beside it, the check closes the column. It is put in that place in the document too, so
    // that Tab meets things in the order they are seen.
    const key = selectionKey(state.selection);
    const inBody = Boolean(stacked?.matches);
    return html`${startHere(state)}<div class="explain-body">${keyed(key, selectionPanel(state))}${inBody ? check : nothing}${keyed(key, html`${reasonPanel(state)}
      <details class="more" data-key="more" ?open=${moreOpen} @toggle=${(e) => { moreOpen = e.target.open; more.show(moreOpen ? moreItems : []); if (moreOpen) ctx.dispatch('explained'); }}>
        <summary>${moreTitle(state)}</summary>
        ${more.el}
      </details>`)}</div>${inBody ? nothing : check}`;
  }

  function moreTitle(state) {
    const sel = state.selection;
    if (['W', 'dW', 'b', 'db'].includes(sel.q)) return `Where ${sym('δ', sel.layer + 1, sel.row)} comes from: the backward pass`;
    if (sel.q === 'delta' || sel.q === 'fprime') return 'The rest of the backward pass below it';
    if (sel.q === 'J') return 'More';
    return 'The equations it rests on';
  }

  /** The sentence the live region says for the walkthrough's position ('' when not walking). */
  function walkSaying(state) {
    if (!state.walk.on) return '';
    const steps = ctx.store.steps(state);
    const step = ctx.step(state);
    const w = state.walk;
    const L = state.doc.layers.length;
    const head = `Step ${w.index + 1} of ${steps.length}, ${step.phase === 'forward' ? 'forward pass' : 'backward pass'}: ${stepTitle(step, L)}.`;
    const outs = stepOutputs(step, state.doc.layers);
    if (!w.revealed) return `${head} Your turn: work out ${label(checkTarget(state.selection, L) ?? outs[0])}, or reveal it.`;
    const pass = ctx.pass(state);
    const SAY = 12; // a gradient step of a wide layer has hundreds of numbers: the first few
    const values = outs.slice(0, SAY).map((d) => `${label(d)} = ${formatNumber(valueOf(pass.doc, pass.result, d), state.settings.digits)}`);
    const more = outs.length > SAY ? `, and ${outs.length - SAY} more on the page` : '';
    const end = w.index === steps.length - 1 ? ' That was the last step of the pass.' : '';
    return `${head}${values.length ? ` Revealed: ${values.join(', ')}${more}.` : ''}${end}`;
  }

  // ---- update ----------------------------------------------------------------------------------

  function update(state) {
    render(template(state), el);
    const saying = walkSaying(state);
    if (said.textContent !== saying) said.textContent = saying;
    const target = checkTarget(state.selection, state.doc.layers.length);
    const forKey = `${selectionKey(target)}|${state.walk.on ? `${state.walk.index}` : ''}`;
    if (forKey !== checkedFor) {
      checkedFor = forKey;
      if (answerRef.value && !(state.check && state.check.key === selectionKey(state.selection))) answerRef.value.value = '';
    }
    const pass = ctx.pass(state);
    const p = { doc: pass.doc, res: pass.result, digits: state.settings.digits };
    const m = pass.result.batchSize ?? 1;
    if (state.walk.on) {
      const step = ctx.step(state);
      const L = state.doc.layers.length;
      const opts = { ce: state.doc.loss === 'cross-entropy', decay: (state.doc.weightDecay ?? 0) > 0 };
      typeset(formulaRef.value, stepFormula(step, L, opts));
      for (const eq of el.querySelectorAll('.walk-equations .eq')) typeset(eq, eq.dataset.tex);
      const bar = el.querySelector('.walk-bar span');
      if (bar) bar.style.width = `${bar.dataset.done}%`;
      return;
    }
    if (!ctx.part('explain')) return;
    let x;
    try {
      x = batchExplanation(explanationFor(state.selection, p), state.selection, p, m, state.example);
    } catch {
      x = { headline: null, reason: '', more: [] };
    }
    const known = ctx.known(state, state.selection);
    typeset(headlineRef.value, known && x.headline ? x.headline.tex : '\\text{?}');
    const reason = el.querySelector('.reason');
    if (reason && reason.textContent !== x.reason) reason.textContent = x.reason;
    // Typeset only while open: closed, it would be hundreds of elements for a wide layer's chain.
    moreItems = x.more;
    more.show(moreOpen ? moreItems : []);
  }

  return {
    el,
    update,
    destroy() {
      resize?.disconnect();
      stacked?.removeEventListener?.('change', restack);
      more.destroy();
      render(nothing, el);
    },
  };
}
