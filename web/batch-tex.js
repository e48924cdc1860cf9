// The equations of a selection for a batch. tex.js writes each gradient as delta_i a_j of the one
// example it is given; with m examples the engine's gradient is the mean over them,
// (1/m) sum_e delta_{i,e} a_{j,e} (+ lambda W), and J the mean of the examples' losses. These
// builders replace those items, showing the mean and the term of the example on screen.
// Pure functions, same conventions as tex.js (TeX from fixed symbols and numbers only).

import { texNumber as num, texFactor as fac, texSym, sym } from './notation.js';
import { lossTerms } from './math.js';

const W = (l, i, j) => texSym('W', l, i, j);
const b = (l, i) => texSym('b', l, i);
const z = (l, i) => texSym('z', l, i);
const aligned = (lines) => `\\begin{aligned}${lines.join(' \\\\ ')}\\end{aligned}`;
/** delta or a of example e: \delta_{i,e}^{(l)}. */
const pe = (symbol, l, i) => `${symbol}_{${i},e}^{(${l})}`;

/** The gradient of W_ij^(l) or b_i^(l) as a batch mean, with example e's term. */
function gradientItem(sel, p, m, e) {
  const { doc, res, digits: n } = p;
  const { layer: l, row: i, col: j } = sel;
  const di = res.layers[l].delta[i - 1];
  const lambda = doc.weightDecay ?? 0;
  if (sel.q === 'W' || sel.q === 'dW') {
    const aj = res.layers[l - 1].a[j - 1];
    const g = res.gradients[l - 1].W[i - 1][j - 1];
    const decay = lambda > 0 ? ` + \\lambda ${W(l, i, j)}` : '';
    return {
      caption: `Its gradient is the mean over the m = ${m} examples of δ${sym('', null, i)} a${sym('', null, j)}, each by the chain rule through ${sym('z', l + 1, i)}; example ${e} (shown) adds the term below:`,
      tex: aligned([
        `\\frac{\\partial J}{\\partial ${W(l, i, j)}} &= \\frac{1}{m} \\sum_{e=1}^{m} ${pe('\\delta', l + 1, i)}\\, ${pe('a', l, j)}${decay} = ${num(g, n)}`,
        `\\text{example } ${e}\\text{:}\\quad ${pe('\\delta', l + 1, i)}\\, ${pe('a', l, j)} &= ${fac(di, n)} \\times ${fac(aj, n)} = ${num(di * aj, n)}`,
      ]),
    };
  }
  const g = res.gradients[l - 1].b[i - 1];
  return {
    caption: `Its gradient: ∂${sym('z', l + 1, i)}/∂${sym('b', l, i)} = 1, so it is the mean of δ${sym('', null, i)} over the m = ${m} examples; example ${e} (shown) adds:`,
    tex: aligned([
      `\\frac{\\partial J}{\\partial ${b(l, i)}} &= \\frac{1}{m} \\sum_{e=1}^{m} \\frac{\\partial J_e}{\\partial ${z(l + 1, i)}} = \\frac{1}{m} \\sum_{e=1}^{m} ${pe('\\delta', l + 1, i)} = ${num(g, n)}`,
      `\\text{example } ${e}\\text{:}\\quad ${pe('\\delta', l + 1, i)} &= ${num(di, n)}`,
    ]),
  };
}

/** J as the mean over the batch, with example e's own loss J_e written out. */
function lossItem(p, m, e) {
  const { doc, res, digits: n } = p;
  const L = doc.layers.length;
  const aL = res.layers[L - 1].a;
  const terms = lossTerms(doc.loss, aL, doc.target);
  const Je = terms.reduce((acc, t) => acc + t.term, 0);
  const lambda = doc.weightDecay ?? 0;
  const decay = lambda > 0 ? ' + \\tfrac{\\lambda}{2}\\sum_l \\lVert W^{(l)} \\rVert^2' : '';
  const one = doc.loss === 'cross-entropy'
    ? `J_{${e}} &= -\\sum_k y_{k,${e}} \\log a_{k,${e}}^{(${L})} = ${num(Je, n)}`
    : `J_{${e}} &= \\tfrac{1}{2} \\sum_k \\big(a_{k,${e}}^{(${L})} - y_{k,${e}}\\big)^2 = ${num(Je, n)}`;
  return {
    caption: `The loss, the mean over the m = ${m} examples (example ${e}, shown, has its own J_${e}):`,
    tex: aligned([`J &= \\frac{1}{m} \\sum_{e=1}^{m} J_e${decay} = ${num(res.loss, n)}`, one]),
  };
}

/**
 * The explanation tex.js built for a selection (explanationFor), for a batch of m > 1: the
 * gradient or the loss becomes its mean over the examples, with example e's own term.
 */
export function batchExplanation(explanation, sel, p, m, e) {
  if (!(m > 1) || !sel) return explanation;
  if (['W', 'dW', 'b', 'db'].includes(sel.q)) return { ...explanation, headline: gradientItem(sel, p, m, e), reason: `${explanation.reason} With a batch, each example gives its own such product and the gradient is their mean over the m = ${m} examples.` };
  if (sel.q === 'J') return { ...explanation, headline: lossItem(p, m, e) };
  return { ...explanation, more: explanation.more.map((item) => (item.caption === 'The loss:' ? lossItem(p, m, e) : item)) };
}

/**
 * Rewrites the items tex.js built for a selection when the pass is a batch of m > 1:
 * the gradient and loss items become means. `p` = { doc, res, digits } as for tex.js, with
 * the example's view of the document and of the pass; e: the example shown.
 */
export function batchItems(items, sel, p, m, e) {
  if (!(m > 1) || !sel) return items;
  return items.map((item) => {
    if (item.caption.startsWith('Its gradient')) return gradientItem(sel, p, m, e);
    if (item.caption === 'The loss:') return lossItem(p, m, e);
    return item;
  });
}
