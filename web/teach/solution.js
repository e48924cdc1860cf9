// Worked solutions for instructors: one gradient descent step of the document's network written
// out in the notes' notation (docs/NOTATION.md), every step with its numbers, as
// Markdown with LaTeX math or as a printable standalone HTML page (math rendered with KaTeX
// here, not in the reader's browser).
//
// Every number printed comes from the engine: the parameters from net.toDocument(), z, a,
// f'(z), delta, J and the gradients from net.run(), the new parameters from net.step(). The
// per-example gradients of a batch come from one-example networks, the mean without weight
// decay from the same batch with weightDecay 0. Nothing here re-computes the pass.
//
// Nothing a document can carry as text reaches the output: the engine validates the
// activation and loss names against fixed lists, and the only free text (options.title) is
// escaped for Markdown or HTML and never put into TeX.
//
// Layout of the math, which tests/wasm/teach-solution.test.js reads back: each display
// equation is `\begin{aligned} LHS &= <symbols> \\ &= <the same with numbers> \\ ... \\ &= value
// \end{aligned}`; a line that continues a long sum starts with `&\qquad`.

import katex from 'katex';
import { sup, texFactor, texNumber, texSym } from '../notation.js';

// ---- numbers ------------------------------------------------------------------------------
//
// Numbers, symbols and superscripts are written by ../notation.js, as on the page, with one
// difference: trailing zeros are kept when a value was rounded (roundedZeros), so the digits
// shown say how exact a number is.

const ROUNDED_ZEROS = { roundedZeros: true };

function checkDigits(digits) {
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new RangeError(`digits must be a whole number from 1 to 17, got ${String(digits)}`);
  }
}

// ---- symbols and substitution ---------------------------------------------------------------
//
// An expression is built once from pieces that know both their symbol and their number, and
// written twice: with symbols (the formula) and with numbers (the substitution). Pieces:
//   { s, n }  any TeX, with `s` in the formula and `n` in the substitution.

const sym = texSym;
const Wsym = (l, i, j) => sym('W', l, i, j);
const bsym = (l, i) => sym('b', l, i);
const asym = (l, i) => (i === undefined ? sym('a', l) : sym('a', l, i));
const zsym = (l, i) => (i === undefined ? sym('z', l) : sym('z', l, i));
const dsym = (l, i) => (i === undefined ? sym('\\delta', l) : sym('\\delta', l, i));
const fpsym = (l, i) => `f'(${zsym(l, i)})`;
const ysym = (i) => (i === undefined ? 'y' : `y_{${i}}`);
/** "(3)" as superscript characters, for plain-text headings: W⁽²⁾. */
const supText = (layer) => sup(`(${layer})`);
const ex = (e) => (e ? `^{[${e}]}` : ''); // J^{[e]}: the cost of example e alone
const dJ = (e, what) => `\\frac{\\partial J${ex(e)}}{\\partial ${what}}`;

/** Expression builder bound to a number of significant digits. */
function builder(digits) {
  const num = (x) => texNumber(x, digits, ROUNDED_ZEROS);
  /** A number as a factor: negatives and powers of ten in parentheses. */
  const fac = (x) => texFactor(x, digits, ROUNDED_ZEROS);
  const lit = (t) => ({ s: t, n: t });
  /** A value in a sum (no parentheses needed for a leading term). */
  const val = (s, x) => ({ s, n: num(x) });
  /** A value as a factor or after a minus sign. */
  const fval = (s, x) => ({ s, n: fac(x) });
  /** Multiplication: juxtaposition in the formula, × with numbers. */
  const times = { s: ' ', n: ' \\times ' };
  /** A line break in the substitution only (wide matrices), or nothing. */
  const brk = (when) => (when ? { s: '', n: ' \\\\ &\\qquad ' } : { s: '', n: '' });
  const cat = (...parts) => ({ s: parts.map((p) => p.s).join(''), n: parts.map((p) => p.n).join('') });
  const pmatrix = (rows) => `\\begin{pmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{pmatrix}`;
  const show = (count, max) => {
    if (count <= max) return [...Array(count).keys()];
    const head = Math.ceil((max - 1) / 2);
    return [...Array(head).keys(), null, ...Array.from({ length: max - 1 - head }, (_, k) => count - (max - 1 - head) + k)];
  };
  /** Rows x cols numbers as a pmatrix, elided past 8 rows or 6 columns (to fit a printed page). */
  const matrix = (rows) => {
    const R = show(rows.length, 8);
    const C = show(rows[0].length, 6);
    return pmatrix(
      R.map((i) =>
        C.map((j) => {
          if (i === null && j === null) return '\\ddots';
          if (i === null) return '\\vdots';
          if (j === null) return '\\cdots';
          return num(rows[i][j]);
        }),
      ),
    );
  };
  const column = (values) => matrix(values.map((v) => [v]));
  const row = (values) => matrix([values]);
  /** A whole matrix/vector symbol against its numbers. */
  const mval = (s, rows) => ({ s, n: matrix(rows) });
  const cval = (s, values) => ({ s, n: column(values) });
  const rval = (s, values) => ({ s, n: row(values) });
  /**
   * Terms joined by `op` (' + ' by default): past `elideOver` terms only the first four and
   * the last two are written; a new line every `perLine` terms.
   */
  const sumOf = (count, term, { perLine = 4, elideOver = 10, op = ' + ', paren = false } = {}) => {
    const shown = summandsShown(count, elideOver).map((k) => (k === null ? lit(`\\cdots_{(${count - 6}\\text{ more})}`) : term(k)));
    // Parentheses sized to what they enclose, line by line: \left( ... \right. \\ \left. ... \right)
    const parts = paren ? [lit('\\left(')] : [];
    const wrap = paren ? ` \\right. \\\\ &\\qquad \\left.${op}` : ` \\\\ &\\qquad${op}`;
    shown.forEach((t, k) => {
      // a new line every perLine terms (but not for a short sum's last term alone)
      const newLine = k % perLine === 0 && !(perLine >= 5 && k === shown.length - 1);
      if (k > 0) parts.push(newLine ? lit(wrap) : lit(op));
      // A term that starts with a negative number after "+", or with a power of ten: in parentheses.
      const n = t.n.replace(LEADING_NUMBER, (x) => ((k > 0 && x.startsWith('-')) || x.includes('\\times') ? `(${x})` : x));
      parts.push({ s: t.s, n });
    });
    if (paren) parts.push(lit('\\right)'));
    return cat(...parts);
  };
  const sum = (terms, options) => sumOf(terms.length, (k) => terms[k], options);
  return { num, fac, lit, val, fval, times, brk, cat, pmatrix, matrix, column, row, mval, cval, rval, sum, sumOf };
}

/** Which of `count` summands a sum writes out: all, or the first 4 and last 2 around null (⋯). */
function summandsShown(count, elideOver) {
  const all = [...Array(count).keys()];
  return count > elideOver ? [...all.slice(0, 4), null, ...all.slice(-2)] : all;
}

/** The mean over a batch writes out J^[e] and dJ^[e]/dW of these examples (elideOver >= 4). */
const MEAN_ELIDE = { J: 10, W: 4, b: 6 };

/** A number at the start of a term, as texNumber writes it. */
const LEADING_NUMBER = /^-?\d+(?:\.\d+)?(?: \\times 10\^\{-?\d+\})?/;

/** `\begin{aligned}` with `lhs rel line0 \\ rel line1 ...`; each line a TeX string. */
function aligned(lhs, lines, rel = '=') {
  return `\\begin{aligned}\n${lhs} &${rel} ${lines[0]}${lines
    .slice(1)
    .map((l) => ` \\\\\n&= ${l}`)
    .join('')}\n\\end{aligned}`;
}

// ---- the document model (a list of blocks, written as Markdown or HTML) ---------------------
//
//   { h: level, text }            heading (plain text)
//   { p: [parts] }                paragraph: strings (plain text) and { m: tex } (inline math)
//   { math: tex }                 display math
//   { table: { head, rows } }     cells are part lists as in p

const m = (tex) => ({ m: tex });

/** f(z) and f'(z) in TeX for each of the engine's activations (engine.activations). */
const ACTIVATION_INFO = {
  sigmoid: {
    f: '\\sigma(z) = \\frac{1}{1 + e^{-z}}',
    fp: "f'(z) = f(z)\\,\\big(1 - f(z)\\big) = a\\,(1 - a)",
  },
  tanh: { f: '\\tanh z', fp: "f'(z) = 1 - \\tanh^2 z = 1 - a^2" },
  relu: { f: '\\max(0, z)', fp: "f'(z) = 1 \\text{ if } z > 0 \\text{, else } 0" },
  'leaky-relu': {
    f: '\\max(0.01\\,z, z)',
    fp: "f'(z) = 1 \\text{ if } z > 0 \\text{, else } 0.01",
  },
  linear: { f: 'z', fp: "f'(z) = 1" },
  softmax: {
    f: 'a_k = \\frac{e^{z_k}}{\\sum_{m} e^{z_m}}',
    fp: '\\text{not needed: } \\delta^{(L)} = a^{(L)} - y',
  },
};

// ---- gathering the numbers from the engine ----------------------------------------------------

/** Rows of a per-example quantity (flat for one example in the API). */
const rowsOf = (values, batch) => (batch ? values : [values]);

function withNet(engine, doc, fn) {
  const net = engine.createNetwork(doc);
  try {
    return fn(net);
  } finally {
    net.dispose();
  }
}

/** Everything the solution prints, from the engine. */
function gather(engine, doc, maxExamples) {
  return withNet(engine, doc, (net) => {
    const full = net.toDocument(); // parameters as the engine holds them (seeded ones filled in)
    const pass = net.run();
    const L = full.layers.length;
    const batch = Array.isArray(full.input[0]);
    const X = rowsOf(full.input, batch);
    const Y = rowsOf(full.target, batch);
    const mCount = X.length;
    const lambda = full.weightDecay ?? 0;
    const activations = Array.isArray(full.activations) ? full.activations : Array(L - 1).fill(full.activations);
    const base = { ...full, weightDecay: 0 };
    // One network per example, without weight decay: z, a, f'(z), delta, J^[e] and dJ^[e]/dW
    // (every example enters the means; the passes of the first maxExamples are written out).
    // Only the examples some line prints are computed: a long batch's means write out the
    // first few and the last two terms, and take their value from the batch's own pass.
    const printed = new Set([...Array(Math.min(mCount, maxExamples)).keys()]);
    for (const n of Object.values(MEAN_ELIDE)) for (const e of summandsShown(mCount, n)) if (e !== null) printed.add(e);
    const perExample = [];
    const costs = new Array(mCount);
    const exampleGradients = new Array(mCount);
    for (const e of [...printed].sort((p, q) => p - q)) {
      const r = withNet(engine, { ...base, input: X[e], target: Y[e] }, (one) => one.run());
      if (e < maxExamples) perExample.push({ x: X[e], y: Y[e], pass: r });
      costs[e] = r.loss;
      exampleGradients[e] = r.gradients;
    }
    // The batch without weight decay: the mean of the per-example costs and gradients.
    const plain = mCount > 1 && lambda !== 0 ? withNet(engine, base, (n) => n.run()) : null;
    // The step: W := W - alpha dJ/dW, b := b - alpha db, and J at the new parameters.
    const alpha = full.learningRate;
    let before = pass.loss;
    let after = null;
    let lossAfter = null;
    let diverged = null;
    try {
      before = net.step(alpha);
      after = net.toDocument();
      lossAfter = net.run().loss;
    } catch (error) {
      if (error?.name !== 'DivergenceError') throw error;
      diverged = error.message; // the step would leave NaN or infinity: not taken
    }
    return {
      doc: full,
      L,
      activations,
      m: mCount,
      lambda,
      alpha,
      pass,
      plain,
      perExample,
      costs,
      exampleGradients,
      before,
      after,
      lossAfter,
      diverged,
    };
  });
}

// ---- writing the solution ------------------------------------------------------------------------

/** How the solution names each of the engine's losses (engine.losses). */
const LOSS_NAMES = { mse: 'mean squared error', 'cross-entropy': 'softmax output with cross-entropy' };

const lossName = (loss) => LOSS_NAMES[loss];

/**
 * The activations and losses are the engine's (engine.activations, engine.losses); the
 * solution has formulas and names for each. One the engine has and this file does not know
 * would be written wrongly, so it is refused before anything is written.
 */
function checkKnown(engine) {
  const missing = [
    ...engine.activations.filter((f) => !Object.hasOwn(ACTIVATION_INFO, f)).map((f) => `activation "${f}"`),
    ...engine.losses.filter((f) => !Object.hasOwn(LOSS_NAMES, f)).map((f) => `loss "${f}"`),
  ];
  if (missing.length) throw new Error(`the worked solution cannot write out the engine's ${missing.join(', ')}`);
}

function build(g, digits, title) {
  const B = builder(digits);
  const { num, fac, lit, val, fval, times, brk, cat, matrix, column, mval, cval, rval, sum, sumOf } = B;
  const { doc, L, activations, m: count, lambda, alpha } = g;
  const s = doc.layers;
  const W = doc.weights;
  const b = doc.biases;
  const out = [];
  const ce = doc.loss === 'cross-entropy';
  const batch = count > 1;
  const labelled = batch || lambda !== 0; // per-example costs are written J^[e]

  // ---- title and the network -------------------------------------------------------------
  out.push({ h: 1, text: title ?? `Worked solution: one step of backpropagation on a ${s.join('-')} network` });
  const actNames = activations.every((f) => f === activations[0])
    ? `${activations[0]} in every layer`
    : activations.map((f, k) => `${f} in layer ${k + 2}`).join(', ');
  out.push({
    p: [
      `Network ${s.join('-')}: ${actNames}; ${lossName(doc.loss)}; learning rate `,
      m(`\\alpha = ${num(alpha)}`),
      lambda !== 0 ? '; weight decay ' : '',
      lambda !== 0 ? m(`\\lambda = ${num(lambda)}`) : '',
      `; ${count} ${count === 1 ? 'example' : 'examples'}. `,
      `Notation of the lecture notes: layers are numbered from 1 (the input) to `,
      m(`L = ${L}`),
      ' (the output); ',
      m('z^{(l+1)} = W^{(l)} a^{(l)} + b^{(l)}'),
      ' and ',
      m('a^{(l+1)} = f(z^{(l+1)})'),
      '; ',
      m('W^{(l)}'),
      ' is ',
      m('s_{l+1} \\times s_l'),
      ' (row ',
      m('i'),
      ' holds the weights into unit ',
      m('i'),
      ' of layer ',
      m('l+1'),
      '); ',
      m('\\delta_i^{(l)} = \\partial J / \\partial z_i^{(l)}'),
      `. Numbers are rounded to ${digits} significant digits; every one of them was computed by the Backprop Sandbox engine.`,
    ],
  });

  if (g.pass.warnings.length) {
    out.push({ p: ['Warning from the engine: ' + g.pass.warnings.map((w) => w.message).join(' ')] });
  }
  out.push({ h: 2, text: 'The network' });
  out.push({
    p: [
      m(`L = ${L}`),
      ' layers with ',
      m(s.map((n, k) => `s_{${k + 1}} = ${n}`).join(',\\ ')),
      ' units.',
    ],
  });
  out.push({
    table: {
      head: [['Layer ', m('l')], ['Units ', m('s_l')], ['Activation'], [m('f(z)')], [m("f'(z)")]],
      rows: s.map((n, k) =>
        k === 0
          ? [[`1 (input)`], [String(n)], ['none: ', m('a^{(1)} = x')], ['—'], ['—']]
          : [[String(k + 1) + (k === L - 1 ? ' (output)' : '')], [String(n)], [activations[k - 1]], [m(ACTIVATION_INFO[activations[k - 1]].f)], [m(ACTIVATION_INFO[activations[k - 1]].fp)]],
      ),
    },
  });
  const cost = ce
    ? `J = -\\sum_{k=1}^{${s[L - 1]}} y_k \\log a_k^{(${L})}`
    : `J = \\frac{1}{2} \\lVert a^{(${L})} - y \\rVert^2 = \\frac{1}{2} \\sum_{k=1}^{${s[L - 1]}} \\big(a_k^{(${L})} - y_k\\big)^2`;
  const costParts = ['Cost of one example: ', m(cost), ce ? ' (natural logarithm; cross-entropy with a softmax output).' : ' (mean squared error).'];
  if (batch) costParts.push(' For the batch of ', m(`m = ${count}`), ' examples, ', m(`J = \\frac{1}{m} \\sum_{e=1}^{m} J^{[e]}`), ', where ', m('J^{[e]} = J(W, b; x^{[e]}, y^{[e]})'), ' is the cost of example ', m('e'), ' alone.');
  if (lambda !== 0) {
    costParts.push(' Weight decay adds ', m('\\frac{\\lambda}{2} \\sum_{l} \\lVert W^{(l)} \\rVert^2'), ' (biases are not decayed)');
    if (batch) costParts.push('.');
    else costParts.push(', so here ', m('J = J^{[1]} + \\frac{\\lambda}{2} \\sum_{l} \\lVert W^{(l)} \\rVert^2'), ' where ', m('J^{[1]}'), ' is the cost of the example alone.');
  }
  out.push({ p: costParts });

  out.push({ p: ['Parameters:'] });
  for (let l = 1; l < L; ++l) {
    if (s[l - 1] > 3) {
      out.push({ math: `${Wsym(l)} = ${matrix(W[l - 1])}` });
      out.push({ math: `${bsym(l)} = ${column(b[l - 1])}` });
    } else out.push({ math: `${Wsym(l)} = ${matrix(W[l - 1])}, \\qquad ${bsym(l)} = ${column(b[l - 1])}` });
  }

  if (!batch) {
    out.push({ p: ['The example:'] });
    out.push({ math: `x = ${column(g.perExample[0].x)}, \\qquad y = ${column(g.perExample[0].y)}` });
  } else {
    out.push({ p: [`The ${count} examples (`, m('x^{[e]}'), ' is the input of example ', m('e'), ', ', m('y^{[e]}'), ' its target):'] });
    const rows = g.perExample.map((p, e) => [
      [String(e + 1)],
      [m(`x^{[${e + 1}]} = ${B.row(p.x)}^T`)],
      [m(`y^{[${e + 1}]} = ${B.row(p.y)}^T`)],
    ]);
    if (count > g.perExample.length) rows.push([['…'], [`${count - g.perExample.length} more`], ['']]);
    out.push({ table: { head: [[m('e')], ['input'], ['target']], rows } });
    if (count > g.perExample.length) {
      out.push({ p: [`Only the first ${g.perExample.length} examples are written out; all ${count} enter the means.`] });
    }
  }

  // ---- one example: forward and backward pass ----------------------------------------------
  const top = batch ? 3 : 2;
  g.perExample.forEach((ex1, e0) => {
    const e = e0 + 1;
    const tag = labelled ? e : 0; // which J: J^[e] or plain J
    const P = ex1.pass;
    const z = (l) => P.layers[l - 1].z;
    const a = (l) => P.layers[l - 1].a;
    const fp = (l) => P.layers[l - 1].fprime;
    const d = (l) => P.layers[l - 1].delta;
    const grads = P.gradients;

    if (batch) {
      out.push({ h: 2, text: `Example ${e} of ${count}` });
      out.push({ math: `x^{[${e}]} = ${column(ex1.x)}, \\qquad y^{[${e}]} = ${column(ex1.y)}` });
    }
    out.push({ h: top, text: batch ? `Forward pass, example ${e}` : '1. Forward pass' });
    out.push({ math: aligned(asym(1), [batch ? `x^{[${e}]}` : 'x', column(ex1.x)]) });

    for (let l = 1; l < L; ++l) {
      const f = activations[l - 1];
      const n = s[l];
      out.push({ h: top + 1, text: `Layer ${l + 1}${l + 1 === L ? ' (output)' : ''}` });
      out.push({
        p: [
          m(`${zsym(l + 1)} = ${Wsym(l)} ${asym(l)} + ${bsym(l)}`),
          ', unit by unit ',
          m(`${sym('z', l + 1, 'i')} = \\sum_{j=1}^{${s[l - 1]}} ${Wsym(l, 'i', 'j')} ${sym('a', l, 'j')} + ${sym('b', l, 'i')}`),
          ':',
        ],
      });
      for (let i = 1; i <= n; ++i) {
        const terms = [];
        for (let j = 1; j <= s[l - 1]; ++j) {
          terms.push(cat(val(Wsym(l, i, j), W[l - 1][i - 1][j - 1]), times, fval(asym(l, j), a(l)[j - 1])));
        }
        const e1 = cat(sum(terms, { perLine: 3 }), lit(' + '), fval(bsym(l, i), b[l - 1][i - 1]));
        out.push({ math: aligned(zsym(l + 1, i), [e1.s, e1.n, num(z(l + 1)[i - 1])]) });
      }
      // a = f(z)
      const aLines = [];
      if (f === 'softmax') {
        out.push({
          p: [m(`${asym(l + 1)} = \\operatorname{softmax}(${zsym(l + 1)})`), ', ', m(`${sym('a', l + 1, 'k')} = \\frac{e^{${sym('z', l + 1, 'k')}}}{\\sum_{m=1}^{${n}} e^{${sym('z', l + 1, 'm')}}}`), ' (the units of the layer are mixed):'],
        });
        for (let k = 1; k <= n; ++k) {
          const den = sum(
            z(l + 1).map((zm, mm) => ({ s: `e^{${zsym(l + 1, mm + 1)}}`, n: `e^{${num(zm)}}` })),
            { perLine: 100 },
          );
          const e1 = cat({ s: `\\frac{e^{${zsym(l + 1, k)}}}{`, n: `\\frac{e^{${num(z(l + 1)[k - 1])}}}{` }, den, lit('}'));
          aLines.push(aligned(asym(l + 1, k), [e1.s, e1.n, num(a(l + 1)[k - 1])]));
        }
      } else {
        out.push({ p: [m(`${asym(l + 1)} = f(${zsym(l + 1)})`), ' with ', m('f'), ` = ${f}, `, m(ACTIVATION_INFO[f].f.startsWith('\\sigma') ? ACTIVATION_INFO[f].f : `f(z) = ${ACTIVATION_INFO[f].f}`), ':'] });
        for (let i = 1; i <= n; ++i) {
          const zi = z(l + 1)[i - 1];
          const Z = zsym(l + 1, i);
          let e1;
          switch (f) {
            case 'sigmoid':
              e1 = cat(lit('\\frac{1}{1 + e^{'), { s: `-${Z}`, n: num(-zi) }, lit('}}'));
              aLines.push(aligned(asym(l + 1, i), [`\\sigma(${Z}) = ${e1.s}`, e1.n, num(a(l + 1)[i - 1])]));
              break;
            case 'tanh':
              aLines.push(aligned(asym(l + 1, i), [`\\tanh(${Z})`, `\\tanh(${num(zi)})`, num(a(l + 1)[i - 1])]));
              break;
            case 'relu':
              aLines.push(aligned(asym(l + 1, i), [`\\max(0, ${Z})`, `\\max(0, ${num(zi)})`, num(a(l + 1)[i - 1])]));
              break;
            case 'leaky-relu':
              e1 = cat(lit('\\max('), lit('0.01'), times, fval(Z, zi), lit(', '), val(Z, zi), lit(')'));
              aLines.push(aligned(asym(l + 1, i), [e1.s, e1.n, num(a(l + 1)[i - 1])]));
              break;
            default: // linear
              aLines.push(aligned(asym(l + 1, i), [Z, num(a(l + 1)[i - 1])]));
          }
        }
      }
      for (const t of aLines) out.push({ math: t });
      // the layer in vector form
      out.push({ p: ['In vector form:'] });
      const vec = cat(mval(Wsym(l), W[l - 1]), lit(' '), cval(asym(l), a(l)), brk(s[l - 1] > 3), lit(' + '), cval(bsym(l), b[l - 1]));
      out.push({ math: aligned(zsym(l + 1), [vec.s, vec.n, column(z(l + 1))]) });
      out.push({ math: aligned(asym(l + 1), [`f(${zsym(l + 1)})`, `f${column(z(l + 1))}`, column(a(l + 1))]) });
    }

    // the cost
    out.push({ h: top + 1, text: 'Cost' });
    const aL = a(L);
    const y = ex1.y;
    const Jlabel = labelled ? `J^{[${e}]}` : 'J';
    if (ce) {
      const terms = aL.map((ak, k) => cat(val(ysym(k + 1), y[k]), times, lit('\\log '), val(asym(L, k + 1), ak)));
      const e1 = cat(lit('-'), sum(terms, { perLine: 4, paren: true }));
      out.push({ math: aligned(Jlabel, [e1.s, e1.n, num(P.loss)]) });
    } else {
      const terms = aL.map((ak, k) => cat(lit('('), val(asym(L, k + 1), ak), lit(' - '), fval(ysym(k + 1), y[k]), lit(')^2')));
      const e1 = cat(lit('\\frac{1}{2}'), sum(terms, { perLine: 3, paren: true }));
      out.push({ math: aligned(Jlabel, [e1.s, e1.n, num(P.loss)]) });
    }

    // ---- backward pass ----
    out.push({ h: top, text: batch ? `Backward pass, example ${e}` : '2. Backward pass' });
    out.push({
      p: [
        'In the order of the notes: the output error ',
        m(dsym(L)),
        ' from the cost, then for ',
        m(L === 2 ? 'l = 1' : L === 3 ? 'l = 2, 1' : `l = ${L - 1}, \\dots, 1`),
        ' the gradients ',
        m(`${dJ(tag, Wsym('l'))} = ${dsym('l+1')} (${asym('l')})^T`),
        ' and ',
        m(`${dJ(tag, bsym('l'))} = ${dsym('l+1')}`),
        ', and (for ',
        m('l \\ge 2'),
        ') the error ',
        m(`${dsym('l')} = (${Wsym('l')})^T ${dsym('l+1')} \\circ f'(${zsym('l')})`),
        '.',
      ],
    });

    const fprimeLines = (l) => {
      const f = activations[l - 2];
      const lines = [];
      for (let i = 1; i <= s[l - 1]; ++i) {
        const ai = a(l)[i - 1];
        const F = fpsym(l, i);
        const v = fp(l)[i - 1];
        switch (f) {
          case 'sigmoid': {
            const e1 = cat(val(asym(l, i), ai), times, lit('(1 - '), val(asym(l, i), ai), lit(')'));
            lines.push(aligned(F, [e1.s, e1.n, num(v)]));
            break;
          }
          case 'tanh': {
            const e1 = cat(lit('1 - '), { s: `(${asym(l, i)})`, n: fac(ai) }, lit('^2'));
            lines.push(aligned(F, [e1.s, e1.n, num(v)]));
            break;
          }
          case 'relu':
          case 'leaky-relu':
            lines.push(aligned(F, [`${num(v)} \\qquad (${zsym(l, i)} = ${num(z(l)[i - 1])} ${v === 1 ? '>' : '\\le'} 0)`]));
            break;
          default: // linear
            lines.push(aligned(F, [num(v)]));
        }
      }
      return lines;
    };

    // output error
    out.push({ h: top + 1, text: `Output error δ${supText(L)}` });
    if (ce) {
      out.push({ p: ['Softmax with cross-entropy: the ', m("f'"), ' factor cancels and ', m(`${dsym(L)} = ${asym(L)} - y`), ':'] });
      for (let i = 1; i <= s[L - 1]; ++i) {
        const e1 = cat(val(asym(L, i), aL[i - 1]), lit(' - '), fval(ysym(i), y[i - 1]));
        out.push({ math: aligned(dsym(L, i), [e1.s, e1.n, num(d(L)[i - 1])]) });
      }
    } else {
      const f = activations[L - 2];
      out.push({
        p: [
          'Mean squared error: ',
          m(`${dsym(L)} = (${asym(L)} - y) \\circ f'(${zsym(L)})`),
          `, with the derivative of ${f}, `,
          m(ACTIVATION_INFO[f].fp),
          ':',
        ],
      });
      for (const t of fprimeLines(L)) out.push({ math: t });
      for (let i = 1; i <= s[L - 1]; ++i) {
        const e1 = cat(lit('('), val(asym(L, i), aL[i - 1]), lit(' - '), fval(ysym(i), y[i - 1]), lit(')'), times, fval(fpsym(L, i), fp(L)[i - 1]));
        out.push({ math: aligned(dsym(L, i), [e1.s, e1.n, num(d(L)[i - 1])]) });
      }
    }
    out.push({ math: aligned(dsym(L), [column(d(L))]) });

    for (let l = L - 1; l >= 1; --l) {
      // gradients of W^(l), b^(l)
      out.push({ h: top + 1, text: `Gradients of W${supText(l)} and b${supText(l)}` });
      out.push({
        p: [
          m(`${dJ(tag, Wsym(l, 'i', 'j'))} = ${sym('\\delta', l + 1, 'i')} ${sym('a', l, 'j')}`),
          ', so the whole matrix is the outer product ',
          m(`${dsym(l + 1)} (${asym(l)})^T`),
          ': ',
          m(`(${s[l]} \\times 1)(1 \\times ${s[l - 1]})`),
          ' gives ',
          m(`${s[l]} \\times ${s[l - 1]}`),
          ', the shape of ',
          m(Wsym(l)),
          '.',
        ],
      });
      const outer = cat(cval(dsym(l + 1), d(l + 1)), lit(' '), rval(`(${asym(l)})^T`, a(l)));
      const lines = [outer.s, outer.n];
      if (s[l - 1] <= 3 && s[l] <= 8) {
        const prodS = [];
        const prodN = [];
        for (let i = 1; i <= s[l]; ++i) {
          prodS.push(a(l).map((_, j) => `${dsym(l + 1, i)} ${asym(l, j + 1)}`));
          prodN.push(a(l).map((aj) => `${fac(d(l + 1)[i - 1])} \\times ${fac(aj)}`));
        }
        lines.push(B.pmatrix(prodS), B.pmatrix(prodN));
      }
      lines.push(matrix(grads[l - 1].W));
      out.push({ math: aligned(dJ(tag, Wsym(l)), lines) });
      out.push({ math: aligned(dJ(tag, bsym(l)), [dsym(l + 1), column(grads[l - 1].b)]) });

      if (l === 1) break;
      // delta^(l)
      out.push({ h: top + 1, text: `Error δ${supText(l)}` });
      out.push({
        p: [
          m(`${dsym(l)} = (${Wsym(l)})^T ${dsym(l + 1)} \\circ f'(${zsym(l)})`),
          ', unit by unit ',
          m(`${sym('\\delta', l, 'i')} = \\big(\\sum_{j=1}^{${s[l]}} ${Wsym(l, 'j', 'i')} ${sym('\\delta', l + 1, 'j')}\\big) f'(${sym('z', l, 'i')})`),
          '. Unit ',
          m('i'),
          ` of layer ${l} sends to every unit `,
          m('j'),
          ` of layer ${l + 1} through `,
          m(Wsym(l, 'j', 'i')),
          ', so ',
          m(sym('\\delta', l, 'i')),
          ' collects column ',
          m('i'),
          ' of ',
          m(Wsym(l)),
          ', which is row ',
          m('i'),
          ' of the transpose:',
        ],
      });
      const WT = W[l - 1][0].map((_, j) => W[l - 1].map((rowv) => rowv[j]));
      if (s[l] <= 8 && s[l - 1] <= 8) {
        const symT = B.pmatrix(WT.map((r, i) => r.map((_, j) => Wsym(l, j + 1, i + 1))));
        out.push({ math: aligned(`(${Wsym(l)})^T`, [symT, matrix(WT)]) });
      } else {
        out.push({ math: aligned(`(${Wsym(l)})^T`, [matrix(WT)]) });
      }
      const f = activations[l - 2];
      out.push({ p: [`The derivative of ${f}, `, m(ACTIVATION_INFO[f].fp), ':'] });
      for (const t of fprimeLines(l)) out.push({ math: t });
      for (let i = 1; i <= s[l - 1]; ++i) {
        const terms = [];
        for (let j = 1; j <= s[l]; ++j) {
          terms.push(cat(val(Wsym(l, j, i), W[l - 1][j - 1][i - 1]), times, fval(dsym(l + 1, j), d(l + 1)[j - 1])));
        }
        const e1 = cat(sum(terms, { perLine: 3, paren: true }), times, fval(fpsym(l, i), fp(l)[i - 1]));
        const general = `\\left(\\sum_{j=1}^{${s[l]}} ${Wsym(l, 'j', i)} ${sym('\\delta', l + 1, 'j')}\\right) ${fpsym(l, i)}`;
        out.push({ math: aligned(dsym(l, i), [general, e1.s, e1.n, num(d(l)[i - 1])]) });
      }
      const vec = cat(mval(`(${Wsym(l)})^T`, WT), lit(' '), cval(dsym(l + 1), d(l + 1)), brk(s[l] > 3), lit(' \\circ '), cval(`f'(${zsym(l)})`, fp(l)));
      out.push({ math: aligned(dsym(l), [vec.s, vec.n, column(d(l))]) });
    }
  });

  // ---- the batch: means, weight decay -----------------------------------------------------
  const finalGrad = g.pass.gradients;
  if (batch || lambda !== 0) {
    out.push({ h: 2, text: batch ? (lambda !== 0 ? 'The batch: means and weight decay' : 'The batch: means') : '3. Weight decay' });
    const shownAll = g.perExample.length === count;
    // J
    const meanJ = batch ? (g.plain ? g.plain.loss : g.pass.loss) : g.costs[0];
    if (batch) {
      const terms = sumOf(count, (e) => val(`J^{[${e + 1}]}`, g.costs[e]), { perLine: 6, elideOver: MEAN_ELIDE.J, paren: true });
      const e1 = cat(lit('\\frac{1}{'), val('m', count), lit('}'), terms);
      out.push({ p: [shownAll ? 'The cost is the mean of the examples\u2019 costs' : 'The cost is the mean of the examples\u2019 costs (those not written out above come from the engine in the same way)', lambda !== 0 ? ', before weight decay:' : ':'] });
      out.push({ math: aligned(lambda !== 0 ? '\\frac{1}{m}\\sum_{e=1}^{m} J^{[e]}' : 'J', [e1.s, e1.n, num(meanJ)]) });
    }
    if (lambda !== 0) {
      const sq = [];
      for (let l = 1; l < L; ++l) {
        W[l - 1].forEach((r, i) => r.forEach((w, j) => sq.push(cat({ s: `(${Wsym(l, i + 1, j + 1)})`, n: fac(w) }, lit('^2')))));
      }
      const first = batch ? val('\\frac{1}{m}\\sum_{e=1}^{m} J^{[e]}', meanJ) : val('J^{[1]}', meanJ);
      const e1 = cat(first, lit(' + \\frac{'), val('\\lambda', lambda), lit('}{2}'), sum(sq, { perLine: 4, paren: true }));
      out.push({ p: ['Weight decay adds ', m('\\frac{\\lambda}{2}\\sum_l \\lVert W^{(l)} \\rVert^2'), ', the sum of the squares of all weights (not the biases):'] });
      out.push({ math: aligned('J', [e1.s, e1.n, num(g.pass.loss)]) });
    }
    // gradients
    out.push({
      p: batch
        ? [
            'Each gradient is the mean of the examples\u2019 gradients',
            lambda !== 0 ? ', plus ' : '.',
            lambda !== 0 ? m(`\\lambda ${Wsym('l')}`) : '',
            lambda !== 0 ? ' for the weights (biases are not decayed).' : '',
          ]
        : ['Weight decay adds ', m(`\\lambda ${Wsym('l')}`), ' to the gradient of each weight matrix; biases are not decayed:'],
    });
    for (let l = 1; l < L; ++l) {
      const meanW = g.plain ? g.plain.gradients[l - 1].W : batch ? finalGrad[l - 1].W : g.exampleGradients[0][l - 1].W;
      let lhsW;
      if (batch) {
        const cols = s[l - 1];
        const terms = sumOf(count, (e) => mval(dJ(e + 1, Wsym(l)), g.exampleGradients[e][l - 1].W), { perLine: cols <= 2 ? 2 : 1, elideOver: MEAN_ELIDE.W, paren: true });
        const e1 = cat(lit('\\frac{1}{'), val('m', count), lit('}'), terms);
        if (lambda !== 0) {
          out.push({ math: aligned(`\\frac{1}{m}\\sum_{e=1}^{m} ${dJ('e', Wsym(l))}`, [e1.s, e1.n, matrix(meanW)]) });
        } else {
          out.push({ math: aligned(dJ(0, Wsym(l)), [e1.s, e1.n, matrix(finalGrad[l - 1].W)]) });
        }
        lhsW = mval(`\\frac{1}{m}\\sum_{e=1}^{m} ${dJ('e', Wsym(l))}`, meanW);
      } else {
        lhsW = mval(dJ(1, Wsym(l)), meanW);
      }
      if (lambda !== 0) {
        const e1 = cat(lhsW, brk(s[l - 1] > 2), lit(' + '), val('\\lambda', lambda), lit(' '), mval(Wsym(l), W[l - 1]));
        out.push({ math: aligned(dJ(0, Wsym(l)), [e1.s, e1.n, matrix(finalGrad[l - 1].W)]) });
      }
      if (batch) {
        const terms = sumOf(count, (e) => cval(dJ(e + 1, bsym(l)), g.exampleGradients[e][l - 1].b), { perLine: 4, elideOver: MEAN_ELIDE.b, paren: true });
        const e1 = cat(lit('\\frac{1}{'), val('m', count), lit('}'), terms);
        out.push({ math: aligned(dJ(0, bsym(l)), [e1.s, e1.n, column(finalGrad[l - 1].b)]) });
      } else {
        out.push({ math: aligned(dJ(0, bsym(l)), [dJ(1, bsym(l)), column(finalGrad[l - 1].b)]) });
      }
    }
  }

  // ---- the update ------------------------------------------------------------------------------
  out.push({ h: 2, text: batch ? 'Gradient descent step' : `${lambda !== 0 ? 4 : 3}. Gradient descent step` });
  out.push({
    p: [
      'With learning rate ',
      m(`\\alpha = ${num(alpha)}`),
      ', every parameter moves against its gradient: ',
      m(`${Wsym('l')} := ${Wsym('l')} - \\alpha ${dJ(0, Wsym('l'))}`),
      ' and ',
      m(`${bsym('l')} := ${bsym('l')} - \\alpha ${dJ(0, bsym('l'))}`),
      '.',
    ],
  });
  if (g.diverged) {
    out.push({ p: ['The engine did not take this step: ' + g.diverged] });
    return out;
  }
  for (let l = 1; l < L; ++l) {
    const e1 = cat(mval(Wsym(l), W[l - 1]), brk(s[l - 1] > 2), lit(' - '), val('\\alpha', alpha), lit(' '), mval(dJ(0, Wsym(l)), finalGrad[l - 1].W));
    out.push({ math: aligned(Wsym(l), [e1.s, e1.n, matrix(g.after.weights[l - 1])], ':=') });
    const e2 = cat(cval(bsym(l), b[l - 1]), lit(' - '), val('\\alpha', alpha), lit(' '), cval(dJ(0, bsym(l)), finalGrad[l - 1].b));
    out.push({ math: aligned(bsym(l), [e2.s, e2.n, column(g.after.biases[l - 1])], ':=') });
  }
  out.push({
    p: [
      'A forward pass at the new parameters gives ',
      m(`J_{\\text{new}} = ${num(g.lossAfter)}`),
      ' (before the step: ',
      m(`J = ${num(g.before)}`),
      ').',
    ],
  });
  return out;
}

// ---- writers -----------------------------------------------------------------------------------

/** Markdown-escapes plain text (CommonMark backslash escapes for ASCII punctuation that matters). */
export function escapeMarkdown(text) {
  return String(text)
    .replace(/[\\`*_[\]<>|$~]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, ' ');
}

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function markdownParts(parts, { cell = false } = {}) {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeMarkdown(p);
      const tex = p.m.replace(/\n/g, ' ');
      return `$${cell ? tex.replace(/\|/g, '\\|') : tex}$`;
    })
    .join('');
}

function toMarkdown(blocks) {
  const out = [];
  for (const blk of blocks) {
    if ('pageBreak' in blk) out.push('---');
    else if ('h' in blk) out.push(`${'#'.repeat(blk.h)} ${escapeMarkdown(blk.text)}`);
    // A paragraph must not start like a heading, list item or quote.
    else if ('p' in blk) out.push(markdownParts(blk.p).replace(/^([#+>=-]|\d+[.)])/, '\\$1'));
    else if ('math' in blk) out.push(`$$\n${blk.math}\n$$`);
    else if ('table' in blk) {
      const { head, rows } = blk.table;
      const line = (cells) => `| ${cells.map((c) => markdownParts(c, { cell: true })).join(' | ')} |`;
      out.push([line(head), `|${head.map(() => ' --- |').join('')}`, ...rows.map(line)].join('\n'));
    }
  }
  return `${out.join('\n\n')}\n`;
}

const KATEX_OPTIONS = { trust: false, strict: 'error', throwOnError: true, output: 'htmlAndMathml' };

const tex = (source, displayMode) => katex.renderToString(source, { ...KATEX_OPTIONS, displayMode });

function htmlParts(list) {
  const parts = list.slice();
  let html = '';
  parts.forEach((p, k) => {
    if (typeof p !== 'string') {
      // Math followed by punctuation stays on one line with it.
      const next = parts[k + 1];
      const glued = typeof next === 'string' ? next.match(/^[.,:;)]+/)?.[0] : undefined;
      html += glued ? `<span class="nw">${tex(p.m, false)}${escapeHtml(glued)}</span>` : tex(p.m, false);
      if (glued) parts[k + 1] = next.slice(glued.length);
    } else html += escapeHtml(p);
  });
  return html;
}

/** Where the page's own KaTeX copy is, relative to the page (dist/katex/): no CDN, ever. */
export const KATEX_LOCAL = 'katex/';

const PAGE_CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #111; font: 16px/1.5 "Iowan Old Style", "Palatino Linotype", Palatino, Georgia, serif; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 0.3rem; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
p { margin: 0.5rem 0; }
.eq { margin: 0.4rem 0 0.8rem; overflow-x: auto; overflow-y: hidden; break-inside: avoid; page-break-inside: avoid; }
.eq .katex-display { margin: 0; text-align: left; padding-left: 1.5rem; }
.eq .katex-display > .katex { text-align: left; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; break-inside: avoid; }
th, td { border: 1px solid #999; padding: 0.25rem 0.6rem; text-align: left; vertical-align: middle; }
th { background: #f0f0f0; }
.nw { white-space: nowrap; }
hr.page-break { border: 0; border-top: 2px solid #bbb; margin: 3rem 0; }
footer { margin-top: 3rem; font-size: 0.85rem; color: #555; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 16pt; }
  h2 { font-size: 13pt; margin-top: 1.4rem; }
  .eq { overflow: visible; }
  th { background: none; }
  a { color: inherit; text-decoration: none; }
  hr.page-break { border: 0; margin: 0; break-after: page; page-break-after: always; }
}
`;

function toHtml(blocks, { title, katexCss, katexCssText, katexFonts }) {
  const body = [];
  for (const blk of blocks) {
    if ('pageBreak' in blk) body.push('<hr class="page-break">');
    else if ('h' in blk) body.push(`<h${blk.h}>${escapeHtml(blk.text)}</h${blk.h}>`);
    else if ('p' in blk) body.push(`<p>${htmlParts(blk.p)}</p>`);
    else if ('math' in blk) body.push(`<div class="eq">${tex(blk.math, true)}</div>`);
    else if ('table' in blk) {
      const { head, rows } = blk.table;
      body.push(
        `<table>\n<thead><tr>${head.map((c) => `<th>${htmlParts(c)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows
          .map((r) => `<tr>${r.map((c) => `<td>${htmlParts(c)}</td>`).join('')}</tr>`)
          .join('\n')}\n</tbody>\n</table>`,
      );
    }
  }
  let style;
  if (typeof katexCssText === 'string') {
    // Inline the stylesheet; its fonts come from katexFonts, unless the text already holds
    // them (data: URIs, as the command line writes it: then the page needs nothing else).
    const fonts = katexFonts ?? `${KATEX_LOCAL}fonts/`;
    const base = fonts.endsWith('/') ? fonts : `${fonts}/`;
    const css = katexCssText.replace(/url\((['"]?)fonts\//g, (_, q) => `url(${q}${base}`).replace(/<\/style/gi, '<\\/style');
    style = `<style>\n${css}\n</style>`;
  } else {
    style = `<link rel="stylesheet" href="${escapeHtml(katexCss ?? `${KATEX_LOCAL}katex.min.css`)}">`;
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Backprop Sandbox">
<title>${escapeHtml(title)}</title>
${style}
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
${body.join('\n')}
<footer>Computed by the Backprop Sandbox engine; math typeset with KaTeX ${escapeHtml(katex.version)}.</footer>
</main>
</body>
</html>
`;
}

// ---- the entry points -----------------------------------------------------------------------------

function checkOptions(digits, format, maxExamples) {
  checkDigits(digits);
  if (!['markdown', 'md', 'html'].includes(format)) {
    throw new RangeError(`format must be "markdown" or "html", got ${String(format)}`);
  }
  if (!Number.isInteger(maxExamples) || maxExamples < 1) {
    throw new RangeError(`maxExamples must be a whole number >= 1, got ${String(maxExamples)}`);
  }
}

/**
 * A worked solution of one gradient descent step for the document's network and example(s).
 *
 * @param engine  the loaded engine (loadEngine())
 * @param doc     a network document (object or JSON text); a bad one throws the engine's DocumentError
 * @param options format: 'markdown' (or 'md', the default) or 'html'; digits: significant
 *   digits, 1-17 (default 4); title: heading (plain text; escaped); maxExamples: how many
 *   examples of a batch are written out (default 8; all of them enter the means);
 *   HTML only: katexCss, the href of KaTeX's stylesheet (default: katex/katex.min.css beside
 *   the page, as in dist/), or katexCssText, the stylesheet's text to inline, with its fonts
 *   loaded from katexFonts (a URL ending in '/'; default: katex/fonts/ beside the page).
 * @returns the Markdown or HTML text
 */
export function workedSolution(engine, doc, options = {}) {
  const { format = 'markdown', digits = 4, title, maxExamples = 8 } = options;
  checkOptions(digits, format, maxExamples);
  if (title !== undefined && typeof title !== 'string') throw new TypeError('title must be a string');
  checkKnown(engine);
  const gathered = gather(engine, doc, maxExamples);
  const blocks = build(gathered, digits, title);
  if (format === 'html') {
    const heading = blocks[0].text;
    return toHtml(blocks, { ...options, title: heading });
  }
  return toMarkdown(blocks);
}

/**
 * One answer key for many networks (per-student exercises): the worked solution of each, under
 * its own heading, one after the other (a page break between them in print).
 *
 * @param entries  [{ doc, title }]: each network document and the heading of its solution
 * @param options  as workedSolution's, and title: the key's own heading (default "Answer key")
 */
export function answerKey(engine, entries, options = {}) {
  const { format = 'markdown', digits = 4, title = 'Answer key', maxExamples = 8 } = options;
  checkOptions(digits, format, maxExamples);
  if (!Array.isArray(entries) || entries.length === 0) throw new TypeError('entries must be a non-empty array of { doc, title }');
  if (typeof title !== 'string') throw new TypeError('title must be a string');
  checkKnown(engine);
  const blocks = [{ h: 1, text: title }];
  entries.forEach(({ doc, title: heading }, k) => {
    if (typeof heading !== 'string') throw new TypeError(`entries[${k}].title must be a string`);
    if (k > 0) blocks.push({ pageBreak: true });
    // each solution's headings one level down, under the key's
    for (const blk of build(gather(engine, doc, maxExamples), digits, heading)) blocks.push('h' in blk ? { ...blk, h: blk.h + 1 } : blk);
  });
  return format === 'html' ? toHtml(blocks, { ...options, title }) : toMarkdown(blocks);
}
