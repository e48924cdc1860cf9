// The walkthrough: the pass one layer (or one unit) at a time, in the order of the notes,
// as a reveal. Pure functions: no DOM, no engine.
//
//   forward:   a^(1) = x;  z^(l) = W^(l-1) a^(l-1) + b^(l-1), a^(l) = f(z^(l)) for l = 2 ... L;  J
//   backward:  delta^(L) from the loss; then for l = L-1 down to 1:
//              dJ/dW^(l) = delta^(l+1) (a^(l))^T and dJ/db^(l) = delta^(l+1),
//              then (l >= 2) delta^(l) = (W^(l))^T delta^(l+1) o f'(z^(l))
//
// Each step computes some quantities ('out') from others ('in': exactly the symbols of its
// equation). A value a step computes is unknown ("?" on the page) until the step is
// revealed: the learner is asked for it first. f'(z^(l)) is given when its delta step comes
// up (the notes take f' as known; the step asks for delta). The parameters, x and y are
// always known. The walk's state (store.js) is { on, index, revealed, units }.

import { sym, sup, texNumber as num, texFactor as fac, texSym } from './notation.js';
import { forwardUnit, deltaUnit, fprimeUnit, lossEquation } from './tex.js';
import { batchItems } from './batch-tex.js';

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

// ---- the reveal ------------------------------------------------------------------------------

/** Whether a step computes something the learner is asked for (every step but the input). */
export const asks = (step) => step.kind !== 'input';

/**
 * When a quantity becomes known in the walk: { index, given } (index of the step that
 * computes it; given: known as soon as that step comes up rather than when it is revealed),
 * or null for what is always known (W, b, x, y, a^(1)).
 */
export function revealedAt(steps, d) {
  const c = d.q === 'x' ? { ...d, q: 'a', layer: 1 } : d;
  if (c.q === 'W' || c.q === 'b' || c.q === 'y' || (c.q === 'a' && c.layer === 1)) return null;
  const row = c.row;
  const mine = (s) => s.unit === null || s.unit === row;
  const find = (pred) => steps.findIndex(pred);
  let index = -1;
  let given = false;
  switch (c.q) {
    case 'z': case 'a':
      index = find((s) => s.kind === 'forward' && s.layer === c.layer && mine(s));
      break;
    case 'J':
      index = find((s) => s.kind === 'loss');
      break;
    case 'delta':
      index = find((s) => s.kind === 'delta' && s.layer === c.layer && mine(s));
      break;
    case 'fprime':
      index = find((s) => s.kind === 'delta' && s.layer === c.layer && mine(s));
      given = true;
      break;
    case 'dW': case 'db': case 'dWe': case 'dbe':
      index = find((s) => s.kind === 'grad' && s.layer === c.layer && mine(s));
      break;
    default:
      return null;
  }
  return index < 0 ? null : { index, given };
}

/**
 * Whether the learner may see the value of quantity d at walk position { on, index,
 * revealed } over these steps: always when the walk is off.
 */
export function isKnown(walk, steps, d) {
  if (!walk?.on) return true;
  const at = revealedAt(steps, d);
  if (!at) return true;
  if (at.index < walk.index) return true;
  return at.index === walk.index && (walk.revealed || at.given);
}

/**
 * The walk's position as one number: 2 × index + (revealed ? 1 : 0). Moving on reveals the
 * step, then goes to the next one; moving back hides the reveal, then goes to the step
 * before (revealed). A step that asks for nothing (the input) has only its revealed half.
 */
export function walkPosition(walk) {
  return 2 * walk.index + (walk.revealed ? 1 : 0);
}

/** The walk moved by `delta` half-steps (±1), or to the first (-Infinity) or last (Infinity) position. */
export function moveWalk(walk, steps, delta) {
  const last = 2 * steps.length - 1;
  let pos = delta === -Infinity ? 0 : delta === Infinity ? last : walkPosition(walk) + delta;
  pos = Math.max(0, Math.min(last, pos));
  const index = Math.floor(pos / 2);
  let revealed = pos % 2 === 1;
  // A step that asks for nothing is shown revealed: skip its hidden half.
  if (!revealed && !asks(steps[index])) revealed = true;
  return { ...walk, index, revealed };
}

/** The same place in a new list of steps (another structure, or units switched): its index, or 0. */
export function sameStepIndex(old, steps) {
  if (!old) return 0;
  const k = steps.findIndex((s) => s.kind === old.kind && s.layer === old.layer && (old.unit === null || s.unit === null || s.unit === old.unit));
  return k >= 0 ? k : 0;
}

/**
 * The quantities a step asks for, unit by unit: descriptors { q, layer, row, col? } of its
 * outputs (for a gradient step, the entries of dJ/dW in its row or rows, then dJ/db).
 */
export function stepOutputs(step, layers) {
  const { kind, layer: l, unit } = step;
  const rows = (n) => (unit === null ? Array.from({ length: n }, (_, k) => k + 1) : [unit]);
  switch (kind) {
    case 'forward': return rows(layers[l - 1]).flatMap((i) => [{ q: 'z', layer: l, row: i }, { q: 'a', layer: l, row: i }]);
    case 'loss': return [{ q: 'J' }];
    case 'delta': return rows(layers[l - 1]).map((i) => ({ q: 'delta', layer: l, row: i }));
    case 'grad': return rows(layers[l]).flatMap((i) => [
      ...Array.from({ length: layers[l - 1] }, (_, k) => ({ q: 'dW', layer: l, row: i, col: k + 1 })),
      { q: 'db', layer: l, row: i },
    ]);
    default: return [];
  }
}

/**
 * The equation of a step in symbols only, for before it is revealed (TeX built from fixed
 * symbols and integers).
 */
export function stepFormula(step, L, { ce = false, decay = false } = {}) {
  const { kind, layer: l, unit: i } = step;
  const idx = (s, layer) => (i === null ? `${s}^{(${layer})}` : texSym(s, layer, i));
  switch (kind) {
    case 'input': return 'a^{(1)} = x';
    case 'forward': return i === null
      ? `z^{(${l})} = W^{(${l - 1})} a^{(${l - 1})} + b^{(${l - 1})}, \\quad a^{(${l})} = f\\big(z^{(${l})}\\big)`
      : `${texSym('z', l, i)} = \\sum_j ${texSym('W', l - 1, i, 'j')}\\, ${texSym('a', l - 1, 'j')} + ${texSym('b', l - 1, i)}, \\quad ${texSym('a', l, i)} = f\\big(${texSym('z', l, i)}\\big)`;
    case 'loss': return ce ? `J = -\\sum_k y_k \\log a_k^{(${L})}` : `J = \\tfrac{1}{2} \\sum_k \\big(a_k^{(${L})} - y_k\\big)^2`;
    case 'delta':
      if (l === L) return ce ? `${idx('\\delta', L)} = ${idx('a', L)} - ${i === null ? 'y' : `y_{${i}}`}` : `${idx('\\delta', L)} = \\big(${idx('a', L)} - ${i === null ? 'y' : `y_{${i}}`}\\big) \\circ f'\\big(${idx('z', L)}\\big)`;
      return i === null
        ? `\\delta^{(${l})} = \\big(W^{(${l})}\\big)^{T} \\delta^{(${l + 1})} \\circ f'\\big(z^{(${l})}\\big)`
        : `${texSym('\\delta', l, i)} = \\Big(\\sum_j ${texSym('W', l, 'j', i)}\\, ${texSym('\\delta', l + 1, 'j')}\\Big) f'\\big(${texSym('z', l, i)}\\big)`;
    case 'grad': return i === null
      ? `\\frac{\\partial J}{\\partial W^{(${l})}} = \\delta^{(${l + 1})} \\big(a^{(${l})}\\big)^{T}${decay ? ` + \\lambda W^{(${l})}` : ''}, \\quad \\frac{\\partial J}{\\partial b^{(${l})}} = \\delta^{(${l + 1})}`
      : `\\frac{\\partial J}{\\partial ${texSym('W', l, i, 'j')}} = ${texSym('\\delta', l + 1, i)}\\, ${texSym('a', l, 'j')}${decay ? ` + \\lambda ${texSym('W', l, i, 'j')}` : ''}, \\quad \\frac{\\partial J}{\\partial ${texSym('b', l, i)}} = ${texSym('\\delta', l + 1, i)}`;
    default: return '';
  }
}
