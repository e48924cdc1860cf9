// TeX for the equations panel, with the numbers of the current selection substituted.
// Pure functions: the strings are built only from fixed symbols, integers and numbers
// (texNumber), so nothing a user types can reach KaTeX as markup.
//
// Each builder returns a list of { caption, tex } items; `p` is the pass:
//   { doc, res, digits }  doc: the document of the pass, res: its PassResult.

import { texNumber as num, texFactor as fac, texSym, sup, sym, formatNumber, textFactor } from './notation.js';
import { recursionTerms, forwardTerms } from './math.js';

const W = (l, i, j) => texSym('W', l, i, j);
const b = (l, i) => texSym('b', l, i);
const a = (l, i) => texSym('a', l, i);
const z = (l, i) => texSym('z', l, i);
const d = (l, i) => texSym('\\delta', l, i);
const fp = (l, i) => `f'(${z(l, i)})`;

/** Visible width of a TeX fragment, roughly, in characters. */
const visible = (t) => t.replace(/\\[a-zA-Z]+/g, '#').replace(/[{}^_]/g, '').length;

/**
 * Joins terms with +, starting a new aligned line when the line would be wider than
 * `budget` characters (the equations panel is narrow; KaTeX never wraps by itself).
 */
function sumLines(terms, budget = 34) {
  let out = '';
  let width = 0;
  terms.forEach((t, k) => {
    const w = visible(t) + 3;
    if (k === 0) { out += t; width = w; return; }
    if (width + w > budget) { out += ' \\\\ &\\qquad + ' + t; width = w + 4; return; }
    out += ' + ' + t;
    width += w;
  });
  return out;
}

/** Long sums keep their first four and last two terms: the total is shown anyway. */
function elide(terms) {
  if (terms.length <= 8) return terms;
  return [...terms.slice(0, 4), `\\cdots_{\\text{${terms.length - 6} more}}`, ...terms.slice(-2)];
}

/** The width budget for a line of numbers: a little less when they have more digits. */
const wrap = (digits) => (digits <= 4 ? 34 : 30);

const aligned = (lines) => `\\begin{aligned}${lines.join(' \\\\ ')}\\end{aligned}`;
/** A column vector; past 8 entries the middle ones become a vertical ellipsis. */
const pmatrix = (rows) => {
  const shown = rows.length <= 8 ? rows : [...rows.slice(0, 4), '\\vdots', ...rows.slice(-2)];
  return `\\begin{pmatrix} ${shown.join(' \\\\ ')} \\end{pmatrix}`;
};

/** delta_i^(l) with its numbers: from the loss when l = L, from the recursion otherwise. */
export function deltaUnit(p, l, i) {
  const { doc, res, digits: n } = p;
  const L = doc.layers.length;
  const lay = res.layers[l - 1];
  if (l === L) {
    const ai = lay.a[i - 1];
    const yi = doc.target[i - 1];
    if (doc.loss === 'cross-entropy') {
      return {
        caption: `The output error, softmax with cross-entropy (the f′ factor cancels):`,
        tex: aligned([`${d(L, i)} &= ${a(L, i)} - y_{${i}}`, `&= ${num(ai, n)} - ${fac(yi, n)}`, `&= ${num(lay.delta[i - 1], n)}`]),
      };
    }
    return {
      caption: 'The output error, from the loss:',
      tex: aligned([
        `${d(L, i)} &= \\frac{\\partial J}{\\partial ${z(L, i)}} = \\big(${a(L, i)} - y_{${i}}\\big)\\, ${fp(L, i)}`,
        `&= \\big(${num(ai, n)} - ${fac(yi, n)}\\big)\\, ${fac(lay.fprime[i - 1], n)}`,
        `&= ${fac(ai - yi, n)} \\times ${fac(lay.fprime[i - 1], n)} = ${num(lay.delta[i - 1], n)}`,
      ]),
    };
  }
  const s = doc.layers[l];
  const r = recursionTerms(doc.weights[l - 1], res.layers[l].delta, i);
  const lines = [`${d(l, i)} &= \\Big(\\sum_{j=1}^{${s}} ${W(l, 'j', i)}\\, ${d(l + 1, 'j')}\\Big)\\, ${fp(l, i)}`];
  if (s <= 4) lines.push(`&= \\big(${sumLines(r.terms.map((_, j) => `${W(l, j + 1, i)} ${d(l + 1, j + 1)}`))}\\big)\\, ${fp(l, i)}`);
  lines.push(`&= \\big(${sumLines(elide(r.terms.map((t) => `${fac(t.w, n)} \\times ${fac(t.delta, n)}`)), wrap(n))}\\big) \\times ${fac(lay.fprime[i - 1], n)}`);
  lines.push(`&= ${fac(r.sum, n)} \\times ${fac(lay.fprime[i - 1], n)} = ${num(lay.delta[i - 1], n)}`);
  return {
    caption: `The recursion: column ${i} of W${sup(`(${l})`)} (the weights out of unit ${i}) meets δ${sup(`(${l + 1})`)}.`,
    tex: aligned(lines),
  };
}

/** delta^(l) as a vector with its numbers (the levels below the selection). */
export function deltaVector(p, l) {
  const { doc, res, digits: n } = p;
  const L = doc.layers.length;
  const lay = res.layers[l - 1];
  const values = pmatrix(lay.delta.map((v) => num(v, n)));
  if (l === L) {
    if (doc.loss === 'cross-entropy') {
      return {
        caption: 'down to the output error:',
        tex: aligned([`\\delta^{(${L})} &= a^{(${L})} - y`, `&= ${pmatrix(lay.a.map((v, k) => `${num(v, n)} - ${fac(doc.target[k], n)}`))} = ${values}`]),
      };
    }
    return {
      caption: 'down to the output error, from the loss:',
      tex: aligned([
        `\\delta^{(${L})} &= \\big(a^{(${L})} - y\\big) \\circ f'(z^{(${L})})`,
        `&= ${pmatrix(lay.a.map((v, k) => `(${num(v, n)} - ${fac(doc.target[k], n)}) \\times ${fac(lay.fprime[k], n)}`))}`,
        `&= ${values}`,
      ]),
    };
  }
  return {
    caption: `which needs δ${sup(`(${l})`)} one level up:`,
    tex: aligned([`\\delta^{(${l})} &= \\big(W^{(${l})}\\big)^{T} \\delta^{(${l + 1})} \\circ f'(z^{(${l})})`, `&= ${values}`]),
  };
}

/** The chain from layer `from` down to delta^(L). */
function chain(p, from) {
  const L = p.doc.layers.length;
  const out = [];
  for (let k = from; k <= L; k += 1) out.push(deltaVector(p, k));
  return out;
}

/** f'(z_i^(l)) from the activation's derivative, with numbers. */
export function fprimeUnit(p, l, i) {
  const { doc, res, digits: n } = p;
  const f = doc.activations[l - 2];
  const lay = res.layers[l - 1];
  const zi = lay.z[i - 1];
  const ai = lay.a[i - 1];
  const v = num(lay.fprime[i - 1], n);
  const head = `${fp(l, i)}`;
  switch (f) {
    case 'sigmoid': return { caption: `The sigmoid's derivative, f′(z) = f(z)(1 − f(z)):`, tex: aligned([`${head} &= ${a(l, i)}\\big(1 - ${a(l, i)}\\big)`, `&= ${num(ai, n)} \\times \\big(1 - ${num(ai, n)}\\big) = ${v}`]) };
    case 'tanh': return { caption: 'tanh′(z) = 1 − tanh² z:', tex: aligned([`${head} &= 1 - \\big(${a(l, i)}\\big)^2`, `&= 1 - ${fac(ai, n)}^2 = ${v}`]) };
    case 'relu': return { caption: 'ReLU′(z) = 1 if z > 0, else 0:', tex: `${head} = ${v} \\quad \\text{since } ${z(l, i)} = ${num(zi, n)} ${zi > 0 ? '> 0' : '\\le 0'}` };
    case 'leaky-relu': return { caption: 'leaky ReLU′(z) = 1 if z > 0, else 0.01:', tex: `${head} = ${v} \\quad \\text{since } ${z(l, i)} = ${num(zi, n)} ${zi > 0 ? '> 0' : '\\le 0'}` };
    case 'linear': return { caption: 'linear: a = z, so f′ = 1:', tex: `${head} = 1` };
    case 'softmax': return { caption: 'softmax: shown for reference only, δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y does not use it (diagonal of the Jacobian):', tex: `\\frac{\\partial ${a(l, i)}}{\\partial ${z(l, i)}} = ${a(l, i)}\\big(1 - ${a(l, i)}\\big) = ${v}` };
    default: return { caption: '', tex: `${head} = ${v}` };
  }
}

/** z_i^(l) and a_i^(l) with numbers (the forward pass into unit i of layer l). */
export function forwardUnit(p, l, i) {
  const { doc, res, digits: n } = p;
  if (l === 1) return [{ caption: 'The input layer: its activations are the input.', tex: `${a(1, i)} = x_{${i}} = ${num(doc.input[i - 1], n)}` }];
  const prev = res.layers[l - 2].a;
  const lay = res.layers[l - 1];
  const r = forwardTerms(doc.weights[l - 2], prev, i);
  const bi = doc.biases[l - 2][i - 1];
  const lines = [`${z(l, i)} &= \\sum_{j=1}^{${prev.length}} ${W(l - 1, i, 'j')}\\, ${a(l - 1, 'j')} + ${b(l - 1, i)}`];
  if (prev.length <= 4) lines.push(`&= ${sumLines(r.terms.map((_, j) => `${W(l - 1, i, j + 1)} ${a(l - 1, j + 1)}`))} + ${b(l - 1, i)}`);
  lines.push(`&= ${sumLines(elide(r.terms.map((t) => `${fac(t.w, n)} \\times ${fac(t.a, n)}`)), wrap(n))} + ${fac(bi, n)}`);
  lines.push(`&= ${num(lay.z[i - 1], n)}`);
  const f = doc.activations[l - 2];
  const zi = num(lay.z[i - 1], n);
  const ai = num(lay.a[i - 1], n);
  let act;
  switch (f) {
    case 'sigmoid': act = `${a(l, i)} = \\sigma(${z(l, i)}) = \\frac{1}{1 + e^{-${fac(lay.z[i - 1], n)}}} = ${ai}`; break;
    case 'tanh': act = `${a(l, i)} = \\tanh ${z(l, i)} = \\tanh ${fac(lay.z[i - 1], n)} = ${ai}`; break;
    case 'relu': act = `${a(l, i)} = \\max(0, ${z(l, i)}) = \\max(0, ${zi}) = ${ai}`; break;
    case 'leaky-relu': act = `${a(l, i)} = ${lay.z[i - 1] > 0 ? `${z(l, i)}` : `0.01\\, ${z(l, i)}`} = ${ai}`; break;
    case 'linear': act = `${a(l, i)} = ${z(l, i)} = ${ai}`; break;
    case 'softmax': act = `${a(l, i)} = \\frac{e^{${z(l, i)}}}{\\sum_{m} e^{${z(l, 'm')}}} = \\frac{e^{${zi}}}{${lay.z.length <= 4 ? lay.z.map((v) => `e^{${num(v, n)}}`).join(' + ') : `\\sum_m e^{${z(l, 'm')}}`}} = ${ai}`; break;
    default: act = `${a(l, i)} = f(${z(l, i)}) = ${ai}`;
  }
  return [
    { caption: `Row ${i} of W${sup(`(${l - 1})`)} (the weights into unit ${i}) meets a${sup(`(${l - 1})`)}:`, tex: aligned(lines) },
    { caption: 'then the activation:', tex: act },
  ];
}

/** J with its numbers. */
export function lossEquation(p) {
  const { doc, res, digits: n } = p;
  const L = doc.layers.length;
  const aL = res.layers[L - 1].a;
  const lambda = doc.weightDecay ?? 0;
  const decay = lambda > 0 ? ' + \\tfrac{\\lambda}{2}\\sum_l \\lVert W^{(l)} \\rVert^2' : '';
  if (doc.loss === 'cross-entropy') {
    return {
      caption: 'The loss:',
      tex: aligned([
        `J &= -\\sum_{k} y_k \\log a_k^{(${L})}${decay}`,
        `&= -\\big(${sumLines(elide(aL.map((v, k) => `${fac(doc.target[k], n)} \\log ${fac(v, n)}`)), wrap(n))}\\big)${decay ? ' + \\dots' : ''}`,
        `&= ${num(res.loss, n)}`,
      ]),
    };
  }
  return {
    caption: 'The loss:',
    tex: aligned([
      `J &= \\tfrac{1}{2} \\sum_{k} \\big(a_k^{(${L})} - y_k\\big)^2${decay}`,
      `&= \\tfrac{1}{2}\\big(${sumLines(elide(aL.map((v, k) => `(${num(v, n)} - ${fac(doc.target[k], n)})^2`)), wrap(n))}\\big)${decay ? ' + \\dots' : ''}`,
      `&= ${num(res.loss, n)}`,
    ]),
  };
}

/**
 * The explanation of a selection: { headline, reason, more }. headline: the selected
 * quantity's own equation with the numbers substituted ({ caption, tex }); reason: why that
 * equation, in a sentence (plain text); more: the equations it rests on, down to δ^(L).
 */
export function explanationFor(sel, p) {
  const L = p.doc.layers.length;
  const { res, doc, digits: n } = p;
  switch (sel?.q) {
    case 'W':
    case 'dW': {
      const { layer: l, row: i, col: j } = sel;
      const di = res.layers[l].delta[i - 1];
      const aj = res.layers[l - 1].a[j - 1];
      const g = res.gradients[l - 1].W[i - 1][j - 1];
      const lambda = doc.weightDecay ?? 0;
      const decay = lambda > 0 ? ` + \\lambda ${W(l, i, j)}` : '';
      const decayNum = lambda > 0 ? ` + ${fac(lambda, n)} \\times ${fac(doc.weights[l - 1][i - 1][j - 1], n)}` : '';
      return {
        headline: {
          caption: `The gradient of the weight from unit ${j} of layer ${l} to unit ${i} of layer ${l + 1}:`,
          tex: `\\frac{\\partial J}{\\partial ${W(l, i, j)}} = ${d(l + 1, i)}\\, ${a(l, j)}${decay} = ${fac(di, n)} \\times ${fac(aj, n)}${decayNum} = ${num(g, n)}`,
        },
        reason: `${sym('W', l, i, j)} reaches J only through ${sym('z', l + 1, i)} = Σⱼ ${sym('W', l, i, 'j')} ${sym('a', l, 'j')} + ${sym('b', l, i)}, so ∂${sym('z', l + 1, i)}/∂${sym('W', l, i, j)} = ${sym('a', l, j)}, the activation the weight carries; and ∂J/∂${sym('z', l + 1, i)} is the error term ${sym('δ', l + 1, i)} of the unit it feeds. Every entry of ∂J/∂W${sup(`(${l})`)} is such a product: the matrix is the outer product δ${sup(`(${l + 1})`)}(a${sup(`(${l})`)})ᵀ.`,
        more: [deltaUnit(p, l + 1, i), ...chain(p, l + 2)],
      };
    }
    case 'b':
    case 'db': {
      const { layer: l, row: i } = sel;
      return {
        headline: {
          caption: `The gradient of the bias of unit ${i} of layer ${l + 1}:`,
          tex: `\\frac{\\partial J}{\\partial ${b(l, i)}} = ${d(l + 1, i)} = ${num(res.gradients[l - 1].b[i - 1], n)}`,
        },
        reason: `${sym('b', l, i)} is added straight into ${sym('z', l + 1, i)}, so ∂${sym('z', l + 1, i)}/∂${sym('b', l, i)} = 1 and the gradient is the error term ${sym('δ', l + 1, i)} itself: ∂J/∂b${sup(`(${l})`)} = δ${sup(`(${l + 1})`)}.`,
        more: [deltaUnit(p, l + 1, i), ...chain(p, l + 2)],
      };
    }
    case 'x':
    case 'z':
    case 'a': {
      const l = sel.q === 'x' ? 1 : sel.layer;
      const [first, ...rest] = forwardUnit(p, l, sel.row);
      return {
        headline: first,
        reason: l === 1
          ? 'The input layer computes nothing: its activations are the input x.'
          : `The forward pass: row ${sel.row} of W${sup(`(${l - 1})`)} (the weights into unit ${sel.row}) meets the activations a${sup(`(${l - 1})`)} of the layer before, plus the bias; then the activation function f.`,
        more: rest,
      };
    }
    case 'delta':
    case 'fprime': {
      const { layer: l, row: i } = sel;
      const items = [];
      if (!(l === L && doc.loss === 'cross-entropy')) items.push(fprimeUnit(p, l, i));
      const delta = deltaUnit(p, l, i);
      const reason = l === L
        ? `The backward pass starts at the output: ${sym('δ', L, i)} = ∂J/∂${sym('z', L, i)}, from the loss${doc.loss === 'cross-entropy' ? ' (with softmax and cross-entropy the f′ factor cancels)' : ' through f′'}.`
        : `Unit ${i} of layer ${l} feeds every unit j of layer ${l + 1} through ${sym('W', l, 'j', i)}, so its error collects their errors back along those weights: column ${i} of W${sup(`(${l})`)}, the weights out of unit ${i}. Column i of W is row i of Wᵀ, which is why the backward pass multiplies by (W${sup(`(${l})`)})ᵀ.`;
      return sel.q === 'delta'
        ? { headline: delta, reason, more: [...items, ...chain(p, l + 1)] }
        : { headline: items[0] ?? delta, reason, more: [delta, ...chain(p, l + 1)] };
    }
    case 'y':
      return {
        headline: deltaUnit(p, L, sel.row),
        reason: `The target ${sym('y', null, sel.row)} enters the loss and, through it, the output error ${sym('δ', L, sel.row)}.`,
        more: [lossEquation(p)],
      };
    case 'J':
      return { headline: lossEquation(p), reason: 'The loss compares the output a⁽ᴸ⁾ with the target y; every gradient on the page is a derivative of this number.', more: [] };
    default:
      return { headline: null, reason: '', more: [] };
  }
}

/**
 * The selection's equation with its numbers in one line of plain text, for a strip that
 * has no room for typeset math: "∂J/∂W₁₁⁽¹⁾ = δ₁⁽²⁾ a₁⁽¹⁾ = 0.008771 × 0.05 = 0.0004386".
 * A batch (m > 1): the gradients and J are means over the examples, said so.
 */
export function summaryText(sel, p) {
  const { doc, res, digits: n } = p;
  const L = doc.layers.length;
  const f = (x) => formatNumber(x, n);
  const t = (x) => textFactor(x, n);
  const m = res.batchSize ?? 1;
  const mean = m > 1 ? ` (mean over the m = ${m} examples)` : '';
  switch (sel?.q) {
    case 'W': case 'dW': {
      const { layer: l, row: i, col: j } = sel;
      const g = res.gradients[l - 1].W[i - 1][j - 1];
      if (m > 1 || (doc.weightDecay ?? 0) > 0) return `∂J/∂${sym('W', l, i, j)} = ${f(g)}${mean}`;
      return `∂J/∂${sym('W', l, i, j)} = ${sym('δ', l + 1, i)} ${sym('a', l, j)} = ${t(res.layers[l].delta[i - 1])} × ${t(res.layers[l - 1].a[j - 1])} = ${f(g)}`;
    }
    case 'b': case 'db': {
      const { layer: l, row: i } = sel;
      return `∂J/∂${sym('b', l, i)} = ${sym('δ', l + 1, i)} = ${f(res.gradients[l - 1].b[i - 1])}${mean}`;
    }
    case 'x': return `${sym('a', 1, sel.row)} = ${sym('x', null, sel.row)} = ${f(doc.input[sel.row - 1])}`;
    case 'z': {
      const { layer: l, row: i } = sel;
      return `${sym('z', l, i)} = Σⱼ ${sym('W', l - 1, i, 'j')} ${sym('a', l - 1, 'j')} + ${sym('b', l - 1, i)} = ${f(res.layers[l - 1].z[i - 1])}`;
    }
    case 'a': {
      const { layer: l, row: i } = sel;
      if (l === 1) return `${sym('a', 1, i)} = ${sym('x', null, i)} = ${f(res.layers[0].a[i - 1])}`;
      return `${sym('a', l, i)} = f(${sym('z', l, i)}) = f(${t(res.layers[l - 1].z[i - 1])}) = ${f(res.layers[l - 1].a[i - 1])}`;
    }
    case 'fprime': {
      const { layer: l, row: i } = sel;
      return `f′(${sym('z', l, i)}) = ${f(res.layers[l - 1].fprime[i - 1])}`;
    }
    case 'delta': {
      const { layer: l, row: i } = sel;
      const lay = res.layers[l - 1];
      if (l === L) {
        return doc.loss === 'cross-entropy'
          ? `${sym('δ', L, i)} = ${sym('a', L, i)} − ${sym('y', null, i)} = ${f(lay.delta[i - 1])}`
          : `${sym('δ', L, i)} = (${sym('a', L, i)} − ${sym('y', null, i)}) f′(${sym('z', L, i)}) = ${t(lay.a[i - 1] - doc.target[i - 1])} × ${t(lay.fprime[i - 1])} = ${f(lay.delta[i - 1])}`;
      }
      const r = recursionTerms(doc.weights[l - 1], res.layers[l].delta, i);
      return `${sym('δ', l, i)} = (Σⱼ ${sym('W', l, 'j', i)} ${sym('δ', l + 1, 'j')}) f′(${sym('z', l, i)}) = ${t(r.sum)} × ${t(lay.fprime[i - 1])} = ${f(lay.delta[i - 1])}`;
    }
    case 'y': return `${sym('y', null, sel.row)} = ${f(doc.target[sel.row - 1])}, the target of output ${sel.row}`;
    case 'J': return `J = ${f(res.loss)}${mean}`;
    default: return '';
  }
}
