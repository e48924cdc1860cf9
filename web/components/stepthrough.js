// Step-through mode: the pass one layer (or one unit) at a time, in the order of the notes.
//
//   forward:   a^(1) = x;  z^(l) = W^(l-1) a^(l-1) + b^(l-1), a^(l) = f(z^(l)) for l = 2 ... L;  J
//   backward:  delta^(L) from the loss; then for l = L-1 down to 1:
//              dJ/dW^(l) = delta^(l+1) (a^(l))^T and dJ/db^(l) = delta^(l+1),
//              then (l >= 2) delta^(l) = (W^(l))^T delta^(l+1) o f'(z^(l))
//
// Each step marks what it computes ('step-out') and what it is computed from ('step-in') in
// the diagram and the tables (sandbox.js asks stepRoleOf for every hooked element), and shows
// its equation with the numbers of the current pass. The state is state.stepThrough =
// { on, index, units }; editing a value recomputes the pass and keeps the step.
//
// Keys while the mode is on (not while typing in a field): → or j next, ← or k previous,
// Home back to the start, End the last step.

import { h, clear } from '../dom.js';
import { sym, sup, texNumber as num, texFactor as fac, texSym } from '../notation.js';
import { forwardUnit, deltaUnit, fprimeUnit, lossEquation } from '../tex.js';
import { batchItems } from '../batch-tex.js';
import { createEquationList } from './equations.js';

// ---- pure: the steps and what each touches ---------------------------------------------------

/**
 * The steps for a network of these layer sizes: [{ kind, layer, unit, phase }], kind one of
 * 'input' | 'forward' | 'loss' | 'delta' | 'grad'; unit null for a whole layer.
 */
export function buildSteps(layers, units = false) {
  const L = layers.length;
  const steps = [{ kind: 'input', layer: 1, unit: null, phase: 'forward' }];
  const add = (kind, layer, n, phase) => {
    if (!units) { steps.push({ kind, layer, unit: null, phase }); return; }
    for (let i = 1; i <= n; i += 1) steps.push({ kind, layer, unit: i, phase });
  };
  for (let l = 2; l <= L; l += 1) add('forward', l, layers[l - 1], 'forward');
  steps.push({ kind: 'loss', layer: L, unit: null, phase: 'forward' });
  add('delta', L, layers[L - 1], 'backward');
  for (let l = L - 1; l >= 1; l -= 1) {
    add('grad', l, layers[l], 'backward'); // one unit = row i of dJ/dW^(l) and dJ/db_i^(l)
    if (l >= 2) add('delta', l, layers[l - 1], 'backward');
  }
  return steps;
}

/**
 * What a displayed quantity { q, layer, row, col } is to a step: 'out' (computed in it),
 * 'in' (an ingredient) or null. opts: { L, ce (softmax + cross-entropy), decay (lambda > 0) }.
 */
export function stepRole(step, d, { L, ce = false, decay = false }) {
  if (!step || !d) return null;
  const c = d.q === 'x' ? { ...d, q: 'a', layer: 1 } : d;
  const mine = (i) => step.unit === null || step.unit === i;
  const l = step.layer;
  switch (step.kind) {
    case 'input':
      return c.q === 'a' && c.layer === 1 ? 'out' : null;
    case 'forward':
      if ((c.q === 'z' || c.q === 'a') && c.layer === l && mine(c.row)) return 'out';
      if ((c.q === 'W' || c.q === 'b') && c.layer === l - 1 && mine(c.row)) return 'in';
      if (c.q === 'a' && c.layer === l - 1) return 'in';
      return null;
    case 'loss':
      if (c.q === 'J') return 'out';
      if ((c.q === 'a' && c.layer === L) || c.q === 'y') return 'in';
      return null;
    case 'delta':
      if (c.q === 'delta' && c.layer === l && mine(c.row)) return 'out';
      if (c.q === 'fprime' && c.layer === l && mine(c.row) && !(l === L && ce)) return 'in';
      if (l === L) return ((c.q === 'a' && c.layer === L) || c.q === 'y') && mine(c.row) ? 'in' : null;
      // Column i of W^(l): the weights out of unit i; and all of delta^(l+1).
      if (c.q === 'W' && c.layer === l && mine(c.col)) return 'in';
      if (c.q === 'delta' && c.layer === l + 1) return 'in';
      return null;
    case 'grad':
      if ((c.q === 'dW' || c.q === 'db') && c.layer === l && mine(c.row)) return 'out';
      if (c.q === 'delta' && c.layer === l + 1 && mine(c.row)) return 'in';
      if (c.q === 'a' && c.layer === l) return 'in';
      if (decay && c.q === 'W' && c.layer === l && mine(c.row)) return 'in';
      return null;
    default:
      return null;
  }
}

/**
 * The role of a hooked element: its own quantity, the other one an edge stands for (alsoAs),
 * or for a unit of the diagram any of z, a, f', delta of that unit ('out' wins over 'in').
 */
export function stepRoleOf(step, { desc, unit, alsoAs }, opts) {
  const roles = [stepRole(step, desc, opts)];
  if (alsoAs) roles.push(stepRole(step, { ...desc, q: alsoAs }, opts));
  if (unit) {
    const [l, i] = unit.split(':').map(Number);
    for (const q of ['z', 'a', 'fprime', 'delta']) roles.push(stepRole(step, { q, layer: l, row: i }, opts));
  }
  if (roles.includes('out')) return 'out';
  if (roles.includes('in')) return 'in';
  return null;
}

/** A short plain-text title for a step, in the notes' notation. */
export function stepTitle(step, L) {
  const { kind, layer: l, unit: i } = step;
  const S = (s, layer, ...idx) => sym(s, layer, ...idx);
  switch (kind) {
    case 'input': return `Start: the input, a${sup('(1)')} = x`;
    case 'forward': return i === null
      ? `Forward, layer ${l}: z${sup(`(${l})`)} = W${sup(`(${l - 1})`)}a${sup(`(${l - 1})`)} + b${sup(`(${l - 1})`)}, then a${sup(`(${l})`)} = f(z${sup(`(${l})`)})`
      : `Forward, unit ${i} of layer ${l}: ${S('z', l, i)}, then ${S('a', l, i)}`;
    case 'loss': return 'The loss J, from a' + sup(`(${L})`) + ' and y';
    case 'delta':
      if (l === L) return i === null ? `Backward: the output error δ${sup(`(${L})`)} from the loss` : `Backward: the output error ${S('δ', L, i)}`;
      return i === null
        ? `Backward: δ${sup(`(${l})`)} = (W${sup(`(${l})`)})ᵀδ${sup(`(${l + 1})`)} ∘ f′(z${sup(`(${l})`)})`
        : `Backward: ${S('δ', l, i)}, from column ${i} of W${sup(`(${l})`)}`;
    case 'grad': return i === null
      ? `Gradients of layer ${l}: ∂J/∂W${sup(`(${l})`)} = δ${sup(`(${l + 1})`)}(a${sup(`(${l})`)})ᵀ and ∂J/∂b${sup(`(${l})`)} = δ${sup(`(${l + 1})`)}`
      : `Gradients of row ${i}: ∂J/∂W${sup(`(${l})`)} in row ${i} and ∂J/∂${S('b', l, i)}`;
    default: return '';
  }
}

// ---- pure: TeX for a step -----------------------------------------------------------------------

const MAX_MATRIX = 6; // past this many rows or columns the numbers stay in the tables

const col = (values, n) => `\\begin{pmatrix} ${values.map((v) => num(v, n)).join(' \\\\ ')} \\end{pmatrix}`;
const row = (values, n) => `\\begin{pmatrix} ${values.map((v) => num(v, n)).join(' & ')} \\end{pmatrix}`;
const matrix = (rows, n) => `\\begin{pmatrix} ${rows.map((r) => r.map((v) => num(v, n)).join(' & ')).join(' \\\\ ')} \\end{pmatrix}`;
const aligned = (lines) => `\\begin{aligned}${lines.join(' \\\\ ')}\\end{aligned}`;
const small = (...sizes) => sizes.every((s) => s <= MAX_MATRIX);
const F = {
  sigmoid: '\\sigma', tanh: '\\tanh', relu: '\\operatorname{ReLU}', 'leaky-relu': '\\operatorname{leakyReLU}',
  linear: '\\operatorname{id}', softmax: '\\operatorname{softmax}',
};
const transpose = (W) => W[0].map((_, j) => W.map((r) => r[j]));

/**
 * The equations of a step with the numbers of pass p = { doc, res, digits }: [{ caption, tex }].
 * Everything comes from fixed symbols, integers and numbers (texNumber), never from text.
 * A batch (m > 1): p is the view of example e; J and the gradients are means over the batch.
 */
export function stepEquations(step, p, { m = 1, e = 1 } = {}) {
  const { doc, res, digits: n } = p;
  const L = doc.layers.length;
  const { kind, layer: l, unit: i } = step;
  const lambda = doc.weightDecay ?? 0;
  switch (kind) {
    case 'input':
      return [{
        caption: `Layer 1 computes nothing: its activations are the input${m > 1 ? ` (example ${e} of the m = ${m} in the batch; the forward and δ steps show that example)` : ''}.`,
        tex: `a^{(1)} = x = ${col(doc.input, n)}`,
      }];
    case 'forward': {
      if (i !== null) return forwardUnit(p, l, i);
      const W = doc.weights[l - 2];
      const b = doc.biases[l - 2];
      const prev = res.layers[l - 2].a;
      const lay = res.layers[l - 1];
      const lines = [`z^{(${l})} &= W^{(${l - 1})} a^{(${l - 1})} + b^{(${l - 1})}`];
      if (small(W.length, prev.length)) {
        if (prev.length <= 2) lines.push(`&= ${matrix(W, n)} ${col(prev, n)} + ${col(b, n)}`);
        else lines.push(`&= ${matrix(W, n)} ${col(prev, n)}`, `&\\qquad + ${col(b, n)}`);
        lines.push(`&= ${col(lay.z, n)}`);
      } else {
        lines.push(`&= \\text{(${W.length} × ${prev.length} matrix times ${prev.length} numbers: see the table)}`);
      }
      const f = F[doc.activations[l - 2]] ?? 'f';
      const act = small(lay.a.length)
        ? `a^{(${l})} = ${f}\\big(z^{(${l})}\\big) = ${col(lay.a, n)}`
        : `a^{(${l})} = ${f}\\big(z^{(${l})}\\big)`;
      return [
        { caption: `Row i of W${sup(`(${l - 1})`)} (the weights into unit i) meets a${sup(`(${l - 1})`)}, plus the bias:`, tex: aligned(lines) },
        { caption: 'then the activation, unit by unit:', tex: act },
      ];
    }
    case 'loss':
      return m > 1 ? batchItems([lossEquation(p)], { q: 'J' }, p, m, e) : [lossEquation(p)];
    case 'delta': {
      if (i !== null) {
        const out = [];
        if (!(l === L && doc.loss === 'cross-entropy')) out.push(fprimeUnit(p, l, i));
        out.push(deltaUnit(p, l, i));
        return out;
      }
      const lay = res.layers[l - 1];
      if (l === L) {
        if (doc.loss === 'cross-entropy') {
          return [{
            caption: 'Softmax with cross-entropy: the f′ factor cancels.',
            tex: aligned([`\\delta^{(${L})} &= a^{(${L})} - y`, small(lay.a.length) ? `&= ${col(lay.a, n)} - ${col(doc.target, n)} = ${col(lay.delta, n)}` : '&= \\text{(see the table)}']),
          }];
        }
        return [{
          caption: 'The start of the backward pass: δ⁽ᴸ⁾ = ∂J/∂z⁽ᴸ⁾ from the loss.',
          tex: aligned([
            `\\delta^{(${L})} &= \\big(a^{(${L})} - y\\big) \\circ f'\\big(z^{(${L})}\\big)`,
            ...(small(lay.a.length) ? [
              `&= \\Big(${col(lay.a, n)} - ${col(doc.target, n)}\\Big) \\circ ${col(lay.fprime, n)}`,
              `&= ${col(lay.delta, n)}`,
            ] : []),
          ]),
        }];
      }
      const W = doc.weights[l - 1];
      const next = res.layers[l].delta;
      const WT = transpose(W);
      const sums = WT.map((r) => r.reduce((acc, w, j) => acc + w * next[j], 0));
      const lines = [`\\delta^{(${l})} &= \\big(W^{(${l})}\\big)^{T} \\delta^{(${l + 1})} \\circ f'\\big(z^{(${l})}\\big)`];
      if (small(WT.length, next.length)) {
        lines.push(`&= ${matrix(WT, n)} ${col(next, n)} \\circ ${col(lay.fprime, n)}`);
        lines.push(`&= ${col(sums, n)} \\circ ${col(lay.fprime, n)}`);
        lines.push(`&= ${col(lay.delta, n)}`);
      }
      return [{
        caption: `Row i of (W${sup(`(${l})`)})ᵀ is column i of W${sup(`(${l})`)}: the weights out of unit i of layer ${l}.`,
        tex: aligned(lines),
      }];
    }
    case 'grad': {
      const g = res.gradients[l - 1];
      const delta = res.layers[l].delta;
      const a = res.layers[l - 1].a;
      const decayTerm = lambda > 0 ? ` + \\lambda W^{(${l})}` : '';
      if (m > 1) return batchGradient(step, p, m, e);
      if (i !== null) {
        const lines = a.map((aj, k) => {
          const j = k + 1;
          const extra = lambda > 0 ? ` + ${fac(lambda, n)} \\times ${fac(doc.weights[l - 1][i - 1][k], n)}` : '';
          return `\\frac{\\partial J}{\\partial ${texSym('W', l, i, j)}} &= ${texSym('\\delta', l + 1, i)}\\, ${texSym('a', l, j)}${lambda > 0 ? ` + \\lambda ${texSym('W', l, i, j)}` : ''} = ${fac(delta[i - 1], n)} \\times ${fac(aj, n)}${extra} = ${num(g.W[i - 1][k], n)}`;
        });
        const shown = lines.length <= 8 ? lines : [...lines.slice(0, 4), '&\\;\\vdots', ...lines.slice(-2)];
        return [
          { caption: `Row ${i}: every entry has the same ${sym('δ', l + 1, i)}, times ${sym('a', l, 'j')} of its column.`, tex: aligned(shown) },
          { caption: `∂${sym('z', l + 1, i)}/∂${sym('b', l, i)} = 1, so`, tex: `\\frac{\\partial J}{\\partial ${texSym('b', l, i)}} = ${texSym('\\delta', l + 1, i)} = ${num(g.b[i - 1], n)}` },
        ];
      }
      const fits = small(delta.length, a.length);
      return [
        {
          caption: `The outer product: (${delta.length} × 1)(1 × ${a.length}) = ${delta.length} × ${a.length}, the shape of W${sup(`(${l})`)}.`,
          tex: aligned([
            `\\frac{\\partial J}{\\partial W^{(${l})}} &= \\delta^{(${l + 1})} \\big(a^{(${l})}\\big)^{T}${decayTerm}`,
            ...(fits ? [`&= ${col(delta, n)} ${row(a, n)}${lambda > 0 ? ' + \\dots' : ''}`, `&= ${matrix(g.W, n)}`] : []),
          ]),
        },
        {
          caption: 'and the bias gradient is the error term itself:',
          tex: `\\frac{\\partial J}{\\partial b^{(${l})}} = \\delta^{(${l + 1})}${small(delta.length) ? ` = ${col(g.b, n)}` : ''}`,
        },
      ];
    }
    default:
      return [];
  }
}

/** A gradient step of a batch: the mean over the m examples, and example e's own term. */
function batchGradient(step, p, m, e) {
  const { doc, res, digits: n } = p;
  const { layer: l, unit: i } = step;
  const g = res.gradients[l - 1];
  const delta = res.layers[l].delta;
  const a = res.layers[l - 1].a;
  const lambda = doc.weightDecay ?? 0;
  const decay = lambda > 0 ? ` + \\lambda W^{(${l})}` : '';
  const de = `\\delta_e^{(${l + 1})}`;
  const ae = `a_e^{(${l})}`;
  if (i !== null) {
    const lines = a.map((aj, k) => `\\frac{\\partial J}{\\partial ${texSym('W', l, i, k + 1)}} &= ${num(g.W[i - 1][k], n)} &&\\text{example ${e}: } ${fac(delta[i - 1], n)} \\times ${fac(aj, n)} = ${num(delta[i - 1] * aj, n)}`);
    const shown = lines.length <= 8 ? lines : [...lines.slice(0, 4), '&\\;\\vdots', ...lines.slice(-2)];
    return [
      { caption: `Row ${i}, the mean over the m = ${m} examples of ${sym('δ', l + 1, i)} ${sym('a', l, 'j')}${lambda > 0 ? ' (+ λW)' : ''}; example ${e} (shown) adds its own product:`, tex: `\\begin{aligned}${shown.join(' \\\\ ')}\\end{aligned}` },
      { caption: 'and the bias, the mean of δ:', tex: `\\frac{\\partial J}{\\partial ${texSym('b', l, i)}} = \\frac{1}{m} \\sum_{e=1}^{m} ${texSym('\\delta', l + 1, `${i},e`)} = ${num(g.b[i - 1], n)}` },
    ];
  }
  const fits = small(delta.length, a.length);
  return [
    {
      caption: `A batch: the mean over the m = ${m} examples of their outer products.`,
      tex: `\\frac{\\partial J}{\\partial W^{(${l})}} = \\frac{1}{m} \\sum_{e=1}^{m} ${de} \\big(${ae}\\big)^{T}${decay}${fits ? ` = ${matrix(g.W, n)}` : ''}`,
    },
    ...(fits ? [{
      caption: `Example ${e} (shown) adds its own product:`,
      tex: `${de} \\big(${ae}\\big)^{T} = ${col(delta, n)} ${row(a, n)} = ${matrix(delta.map((d) => a.map((aj) => d * aj)), n)}`,
    }] : []),
    {
      caption: 'and the bias gradient, the mean of the error terms:',
      tex: `\\frac{\\partial J}{\\partial b^{(${l})}} = \\frac{1}{m} \\sum_{e=1}^{m} ${de}${small(delta.length) ? ` = ${col(g.b, n)}` : ''}`,
    },
  ];
}

// ---- the panel ------------------------------------------------------------------------------------

/** Elements whose own keys (caret, options, radio arrows) must keep ← → Home End j k. */
function ownsKeys(el) {
  if (!el) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['checkbox', 'button', 'submit', 'reset'].includes(el.type);
}

export function createStepThrough(ctx) {
  const st = () => ctx.state.stepThrough;
  /**
   * Moves the mode; when the phase changes (or the mode starts) the diagram follows it:
   * a and W in the forward pass, δ and ∂J/∂W in the backward pass.
   */
  const set = (change) => {
    const before = current();
    ctx.actions.stepThrough(change);
    const after = current();
    if (after && after.phase !== before?.phase) {
      const mode = after.phase === 'backward' ? 'gradients' : 'values';
      if (ctx.state.diagramMode !== mode) ctx.actions.setDiagramMode(mode);
    }
  };

  const toggle = h('button', { type: 'button', class: 'primary st-toggle', dataset: { key: 'step-through' }, 'aria-pressed': 'false' });
  toggle.addEventListener('click', () => set({ on: !st().on, index: st().on ? st().index : 0 }));
  const units = h('input', { type: 'checkbox', dataset: { key: 'step-units' } });
  units.addEventListener('change', () => set({ units: units.checked }));

  const btn = (text, key, label, fn) => {
    const b = h('button', { type: 'button', dataset: { key }, 'aria-label': label, text });
    b.addEventListener('click', fn);
    return b;
  };
  const first = btn('Start', 'step-start', 'Back to the start (Home)', () => set({ index: 0 }));
  const prev = btn('◀ Prev', 'step-prev', 'Previous step (← or k)', () => set({ index: st().index - 1 }));
  const next = btn('Next ▶', 'step-next', 'Next step (→ or j)', () => set({ index: st().index + 1 }));
  const last = btn('End', 'step-end', 'Last step (End)', () => set({ index: Infinity }));

  const progress = h('p', { class: 'st-progress', 'aria-live': 'polite' });
  const bar = h('div', { class: 'st-bar', 'aria-hidden': 'true' });
  const title = h('p', { class: 'st-title' });
  const bugNote = h('p', { class: 'st-bug', hidden: true, text: 'A bug is planted: the numbers after the last “=” of the backward steps are the engine’s wrong ones, so they need not match the formula.' });
  const list = createEquationList(ctx, 'equation-list st-equations');
  const kbd = (t) => h('kbd', { text: t });
  const legend = h('p', { class: 'st-legend' },
    h('span', { class: 'st-key' }, h('span', { class: 'st-swatch out', 'aria-hidden': 'true' }), ' computed in this step'),
    h('span', { class: 'st-key' }, h('span', { class: 'st-swatch in', 'aria-hidden': 'true' }), ' what it is computed from'));
  const keys = h('p', { class: 'hint st-keys' }, 'Keys: ', kbd('→'), ' or ', kbd('j'), ' next, ', kbd('←'), ' or ', kbd('k'), ' back, ',
    kbd('Home'), ' start, ', kbd('End'), ' last step (not while typing in a field).');
  const active = h('div', { class: 'st-active' },
    h('div', { class: 'st-controls' }, first, prev, next, last),
    progress, bar, title, bugNote, list.el, legend, keys);
  const intro = h('p', { class: 'hint st-intro', text: 'Walk through the pass: forward one layer at a time, then backward from δ⁽ᴸ⁾ down to layer 1, each step marked in the diagram and the tables.' });
  const el = h('div', { class: 'stepthrough', dataset: { stepThrough: 'off' } },
    h('div', { class: 'st-head' }, toggle, h('label', { class: 'check' }, units, ' one unit at a time')),
    intro, active);

  let steps = [];
  let stepsKey = '';
  let shown = '';

  function ensureSteps(state) {
    const doc = state.resultDoc ?? state.doc;
    const key = JSON.stringify([doc.layers, state.stepThrough.units]);
    if (key === stepsKey) return;
    // Same kind of step in the new list if the structure or the granularity changed.
    const old = steps[state.stepThrough.index];
    stepsKey = key;
    steps = buildSteps(doc.layers, state.stepThrough.units);
    if (old) {
      const same = steps.findIndex((s) => s.kind === old.kind && s.layer === old.layer && (old.unit === null || s.unit === null || s.unit === old.unit));
      if (same >= 0) state.stepThrough.index = same;
    }
  }

  /** The current step, or null when the mode is off. */
  function current(state = ctx.state) {
    if (!state.stepThrough.on) return null;
    ensureSteps(state);
    const t = state.stepThrough;
    t.index = Math.max(0, Math.min(steps.length - 1, Number.isFinite(t.index) ? t.index : steps.length - 1));
    return steps[t.index];
  }

  function update(state) {
    const t = state.stepThrough;
    const step = current(state);
    toggle.textContent = t.on ? 'Leave step-through' : 'Step through the pass';
    toggle.setAttribute('aria-pressed', String(t.on));
    units.checked = t.units;
    active.hidden = !t.on;
    intro.hidden = t.on;
    el.dataset.stepThrough = t.on ? 'on' : 'off';
    if (!step) { shown = ''; return; }
    const L = (state.resultDoc ?? state.doc).layers.length;
    el.dataset.stepIndex = String(t.index);
    el.dataset.stepKind = step.kind;
    el.dataset.stepLayer = String(step.layer);
    if (step.unit === null) delete el.dataset.stepUnit;
    else el.dataset.stepUnit = String(step.unit);
    first.disabled = t.index === 0;
    prev.disabled = t.index === 0;
    next.disabled = t.index === steps.length - 1;
    last.disabled = next.disabled;
    const phase = step.phase === 'forward' ? 'forward pass' : 'backward pass';
    progress.textContent = `Step ${t.index + 1} of ${steps.length} · ${phase}`;
    bar.style.setProperty('--done', `${((t.index + 1) / steps.length) * 100}%`);
    bar.classList.toggle('backward', step.phase === 'backward');
    title.textContent = stepTitle(step, L);
    bugNote.hidden = !(state.plantedBug && state.plantedBug !== 'none' && !state.bugMessage && step.phase === 'backward' && step.kind !== 'loss');
    if (!state.result) { list.clear(); shown = ''; return; }
    const p = { doc: state.resultDoc, res: state.result, digits: state.digits };
    let items;
    try { items = stepEquations(step, p, { m: state.result.batchSize ?? 1, e: state.example ?? 1 }); } catch { items = []; }
    const key = JSON.stringify(items);
    if (key === shown) return;
    shown = key;
    list.show(items);
  }

  // highlight() in sandbox.js asks highlightKey() once, then roleOf() for every hooked element.
  let marking = { step: null, opts: null };

  /** A key for the highlight cache: changes whenever the marked elements may change. */
  function highlightKey() {
    const step = current();
    const doc = ctx.state.resultDoc ?? ctx.state.doc;
    const opts = { L: doc.layers.length, ce: doc.loss === 'cross-entropy', decay: (doc.weightDecay ?? 0) > 0 };
    marking = { step, opts };
    return step ? JSON.stringify([step, opts]) : '';
  }

  /** The role ('out' | 'in' | null) of one hooked element in the current step. */
  function roleOf(item) {
    return marking.step ? stepRoleOf(marking.step, item, marking.opts) : null;
  }

  // Keyboard shortcuts, for the whole page while the mode is on.
  const doc = el.ownerDocument;
  function onKey(e) {
    if (!st().on || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const path = e.composedPath?.() ?? [e.target];
    const target = path[0];
    if (ownsKeys(target)) return;
    // Only for this sandbox: the focus inside it, or on nothing in particular (the page).
    const root = el.closest('.bp-sandbox');
    const nowhere = target === doc.body || target === doc.documentElement || target === doc;
    if (root && !nowhere && !path.includes(root)) return;
    const t = st();
    let index = null;
    if (e.key === 'ArrowRight' || e.key === 'j') index = t.index + 1;
    else if (e.key === 'ArrowLeft' || e.key === 'k') index = t.index - 1;
    else if (e.key === 'Home') index = 0;
    else if (e.key === 'End') index = Infinity;
    if (index === null) return;
    e.preventDefault();
    set({ index });
  }
  doc.addEventListener('keydown', onKey);

  return {
    el,
    build() { shown = ''; },
    update,
    roleOf,
    highlightKey,
    destroy() { doc.removeEventListener('keydown', onKey); list.destroy(); },
  };
}
