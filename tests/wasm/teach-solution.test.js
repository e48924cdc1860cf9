// The worked solution (web/teach/solution.js): a golden file for the 2-2-2 network of the
// classic worked example, checked against that example's published numbers; and every number
// of the Markdown read back by what it labels and recomputed through the API (and, for the
// golden document, through the independent JS reference) at the printed precision.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../../bindings/index.js';
import { formatNumber, texNumber } from '../../web/notation.js';
import { workedSolution } from '../../web/teach/solution.js';
import { reference, referenceStep } from './helpers/reference.js';
import { DOC_MAZUR, mazur } from './helpers/support.js';

const here = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(here, 'golden', 'solution-222.md');


let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

// ---- reading numbers back ----------------------------------------------------------------------

/** A printed number: its value and how many significant digits it shows. */
function parsePrinted(text) {
  const sci = text.match(/^(-?\d+(?:\.\d+)?) \\times 10\^\{(-?\d+)\}$/);
  const mantissa = sci ? sci[1] : text;
  const value = sci ? Number(`${sci[1]}e${sci[2]}`) : Number(text);
  const digitsOnly = mantissa.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  const significant = mantissa.includes('.') ? digitsOnly.length : digitsOnly.replace(/0+$/, '').length;
  return { value, significant: Math.max(significant, 1) };
}

/**
 * Whether `text` is `v` rounded to `digits` significant digits (half a unit in the last place).
 * The solution drops trailing zeros only when nothing was rounded away, so a number shown
 * with fewer digits (0.5, 2, 4000, 1 \\times 10^{6}) must be the value itself (to 1e-12, so
 * that the reference's last-ulp differences pass).
 */
function agrees(text, v, digits) {
  const { value } = parsePrinted(text);
  if (value === 0) return v === 0;
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  const { significant } = parsePrinted(text);
  if (significant < digits) {
    return Math.abs(value - v) <= 1e-12 * Math.abs(value);
  }
  const halfUlp = 0.5 * 10 ** (exponent - digits + 1);
  return Math.abs(value - v) <= halfUlp * (1 + 1e-9);
}

// Tokens of the TeX the solution writes. Order matters: composite symbols first.
const TOKEN = new RegExp(
  [
    String.raw`(?<meanJ>\\frac\{1\}\{m\}\\sum_\{e=1\}\^\{m\} J\^\{\[e\]\})`,
    String.raw`(?<meanGrad>\\frac\{1\}\{m\}\\sum_\{e=1\}\^\{m\} \\frac\{\\partial J\^\{\[e\]\}\}\{\\partial (?<mgq>[Wb])\^\{\((?<mgl>\d+)\)\}\})`,
    String.raw`(?<grad>\\frac\{\\partial J(?:\^\{\[(?<ge>\w+)\]\})?\}\{\\partial (?<gq>[Wb])(?:_\{(?<gi>[^}]*)\})?\^\{\((?<gl>[^)]*)\)\}\})`,
    String.raw`(?<fp>f'\(z(?:_\{(?<fpi>[^}]*)\})?\^\{\((?<fpl>[^)]*)\)\}\))`,
    String.raw`(?<tr>\((?<trq>W|a)\^\{\((?<trl>\d+)\)\}\)\^T)`,
    String.raw`(?<ind>(?<neg>-)?(?<q>\\delta|W|b|a|z)(?:_\{(?<i>[^}]*)\})?\^\{\((?<l>[^)]*)\)\})`,
    String.raw`(?<Jnew>J_\{\\text\{new\}\})`,
    String.raw`(?<J>(?<![a-zA-Z])J(?:\^\{\[(?<Je>\w+)\]\})?)`,
    String.raw`(?<xy>(?<![a-zA-Z])(?<xyq>[xy])(?:_\{(?<xyi>\w+)\}|\^\{\[(?<xye>\w+)\]\})?)`,
    String.raw`(?<greek>\\alpha|\\lambda)`,
    String.raw`(?<text>\\text\{[^}]*\})`,
    String.raw`(?<cmd>\\[a-zA-Z]+)`,
    String.raw`(?<m>(?<![a-zA-Z])m(?![a-zA-Z]))`,
    String.raw`(?<num>(?<![\w.])-?\d+(?:\.\d+)?(?: \\times 10\^\{-?\d+\})?)`,
  ].join('|'),
  'g',
);

const isIndex = (s) => /^\d+(,\d+)?$/.test(s ?? '') || s === undefined;

/** Tokens: { sym: {...} } or { num: text }. Commands and punctuation are dropped. */
function tokens(tex) {
  const out = [];
  for (const match of tex.matchAll(TOKEN)) {
    const g = match.groups;
    if (g.num) out.push({ num: g.num });
    else if (g.cmd || g.text) continue;
    else out.push({ sym: g, text: match[0] });
  }
  return out;
}

/**
 * The indices of a subscript, 1-based: W_{ij} (two, one digit each, or "i,j" once one has two
 * digits) or a_{i} (one). Null when they are letters (a general formula).
 */
function indices(s, two = false) {
  if (s === undefined) return [];
  if (!/^\d+(,\d+)?$/.test(s)) return null;
  if (s.includes(',')) return s.split(',').map(Number);
  return two ? [Number(s[0]), Number(s[1])] : [Number(s)];
}

const flat = (v) => (Array.isArray(v) ? v.flat(Infinity) : [v]);
const transpose = (M) => M[0].map((_, j) => M.map((row) => row[j]));

/**
 * The values the solution should print, by what they label. `source` gives
 *   params, after, lossAfter, loss, grads, m, alpha, lambda, example(e) -> { x, y, loss, layers, grads },
 *   plain -> { loss, grads } (the batch without weight decay)
 */
function valueOf(sym, ctx, source) {
  const g = sym;
  const ex = () => source.example(ctx.example);
  if (g.meanJ) return [source.plain.loss];
  if (g.meanGrad) return flat(source.plain.grads[g.mgl - 1][g.mgq]);
  if (g.grad) {
    const k = indices(g.gi, g.gq === 'W');
    if (k === null || !/^\d+$/.test(g.gl) || (g.ge && !/^\d+$/.test(g.ge))) return undefined;
    const G = g.ge ? source.example(Number(g.ge)).grads[g.gl - 1][g.gq] : source.grads[g.gl - 1][g.gq];
    return k.length ? [g.gq === 'W' ? G[k[0] - 1][k[1] - 1] : G[k[0] - 1]] : flat(G);
  }
  if (g.fp) {
    const k = indices(g.fpi);
    if (k === null || !/^\d+$/.test(g.fpl)) return undefined;
    const v = ex().layers[g.fpl - 1].fprime;
    return k.length ? [v[k[0] - 1]] : v;
  }
  if (g.tr) {
    if (g.trq === 'W') return flat(transpose(source.params.weights[g.trl - 1]));
    return ex().layers[g.trl - 1].a;
  }
  if (g.ind) {
    const k = indices(g.i, g.q === 'W');
    if (k === null || !/^\d+$/.test(g.l)) return undefined;
    const l = Number(g.l);
    let v;
    if (g.q === 'W') v = source.params.weights[l - 1];
    else if (g.q === 'b') v = source.params.biases[l - 1];
    else {
      const name = { a: 'a', z: 'z', '\\delta': 'delta' }[g.q];
      v = ex().layers[l - 1][name];
    }
    let out;
    if (k.length === 0) out = flat(v);
    else out = [k.length === 2 ? v[k[0] - 1][k[1] - 1] : v[k[0] - 1]];
    return g.neg ? out.map((x) => -x) : out;
  }
  if (g.Jnew) return [source.lossAfter];
  if (g.J) {
    if (g.Je === undefined) return [ctx.section === 'example' ? ex().loss : source.loss];
    return /^\d+$/.test(g.Je) ? [source.example(Number(g.Je)).loss] : undefined;
  }
  if (g.xy) {
    if (g.xyi !== undefined && !/^\d+$/.test(g.xyi)) return undefined;
    if (g.xye !== undefined && !/^\d+$/.test(g.xye)) return undefined;
    const e = g.xye !== undefined ? source.example(Number(g.xye)) : ex();
    const v = g.xyq === 'x' ? e.x : e.y;
    return g.xyi !== undefined ? [v[g.xyi - 1]] : v;
  }
  if (g.greek) return [g.greek === '\\alpha' ? source.alpha : source.lambda];
  if (g.m) return [source.m];
  return undefined;
}

/** Expands a token list into expected values: literals as themselves. undefined if a symbol is generic. */
function expand(list, ctx, source) {
  const out = [];
  for (const t of list) {
    if (t.num !== undefined) out.push({ literal: t.num });
    else {
      const v = valueOf(t.sym, ctx, source);
      if (v === undefined) return undefined;
      for (const x of v) out.push({ value: x, label: t.text });
    }
  }
  return out;
}

/**
 * Reads the Markdown back: every display equation and every "symbol = number" in the text.
 * Returns { checked, failures, unchecked } (unchecked: logical lines with numbers no rule read).
 */
function readBack(markdown, source, { digits = 4 } = {}) {
  const ctx = { section: 'network', example: 1 };
  const failures = [];
  const unchecked = [];
  let checked = 0;
  const compare = (printed, expected, where) => {
    checked += 1;
    if (!agrees(printed, expected, digits)) failures.push(`${where}: printed ${printed}, expected ${expected}`);
    if (parsePrinted(printed).significant > digits) failures.push(`${where}: ${printed} has more than ${digits} significant digits`);
  };
  const numbersIn = (tex) => tokens(tex).filter((t) => t.num !== undefined).map((t) => t.num);
  const hasSymbols = (tex) => tokens(tex).some((t) => t.sym);
  const elided = (tex) => /\\vdots|\\ddots|\\cdots(?!_)/.test(tex);

  /** "LHS = value" pairs: compare the value's numbers with the LHS symbol. */
  const checkPair = (lhs, rhs, where, { ctxOverride } = {}) => {
    const want = expand(tokens(lhs), ctxOverride ?? ctx, source);
    const got = numbersIn(rhs);
    if (!want || want.some((w) => w.literal !== undefined)) return false;
    if (elided(rhs)) return false;
    if (want.length !== got.length) {
      failures.push(`${where}: ${lhs} has ${want.length} values, printed ${got.length}`);
      return true;
    }
    want.forEach((w, k) => compare(got[k], w.value, `${where} ${w.label}`));
    return true;
  };

  const blocks = markdown.split(/\n\n/);
  for (const block of blocks) {
    const heading = block.match(/^(#+) (.*)$/);
    if (heading) {
      const [, hashes, text] = heading;
      if (hashes.length === 2) {
        const example = text.match(/^Example (\d+) of \d+$/);
        if (example) Object.assign(ctx, { section: 'example', example: Number(example[1]) });
        else if (/Forward pass|Backward pass/.test(text)) Object.assign(ctx, { section: 'example', example: 1 });
        else if (/Gradient descent step/.test(text)) Object.assign(ctx, { section: 'update', example: null });
        else if (/batch|Weight decay/.test(text)) Object.assign(ctx, { section: 'batch', example: null });
        else Object.assign(ctx, { section: 'network', example: 1 });
      }
      continue;
    }
    if (block.startsWith('$$\n')) {
      const tex = block.slice(3, -3).trim();
      if (!tex.startsWith('\\begin{aligned}')) {
        // "A = value, \qquad B = value"
        for (const part of tex.split(/, \\qquad /)) {
          const [lhs, rhs] = part.split(/ = (.*)/s);
          if (!checkPair(lhs, rhs, `${lhs}`)) unchecked.push(part);
        }
        continue;
      }
      const body = tex.replace(/^\\begin\{aligned\}\n/, '').replace(/\n\\end\{aligned\}$/, '');
      const lines = body
        .split(/ \\\\\n/)
        .map((l) => l.replace(/ \\\\ &\\qquad/g, ' '));
      const first = lines[0].match(/^(.*?) &(:?=) (.*)$/s);
      const lhs = first[1];
      const assign = first[2] === ':=';
      const rhs = [first[3], ...lines.slice(1).map((l) => l.replace(/^&= /, ''))];
      // the LHS's value: the first number(s) of the last line
      const last = rhs.at(-1);
      const lhsCtx = assign ? { ...ctx, section: 'after' } : ctx;
      let resultChecked = false;
      if (assign) {
        const l = Number(lhs.match(/\^\{\((\d+)\)\}/)[1]);
        const isW = lhs.startsWith('W');
        const values = flat(isW ? source.after.weights[l - 1] : source.after.biases[l - 1]);
        const got = numbersIn(last);
        if (!elided(last)) {
          expect(got).toHaveLength(values.length);
          values.forEach((v, k) => compare(got[k], v, `${lhs} := (new)`));
          resultChecked = true;
        }
      } else if (rhs.length === 1 && hasSymbols(last)) {
        // one line such as f'(z) = 0 \qquad (z = -0.35 \le 0): the value is its first number
        const want = expand(tokens(lhs), lhsCtx, source);
        if (want?.length === 1) {
          compare(numbersIn(last)[0], want[0].value, lhs);
          resultChecked = true;
        }
        for (const m of last.matchAll(/(\S+) = (-?[\d.]+)/g)) checkPair(m[1], m[2], `${lhs}: ${m[1]}`);
      } else {
        resultChecked = checkPair(lhs, last, lhs, { ctxOverride: lhsCtx });
      }
      if (!resultChecked && numbersIn(last).length) unchecked.push(`${lhs} = ${last}`);
      // each line of symbols followed by the same with numbers
      for (let k = 0; k + 1 < rhs.length; ++k) {
        const symbolic = rhs[k].split(' = ').at(-1);
        const numeric = rhs[k + 1];
        if (!hasSymbols(symbolic) || hasSymbols(numeric)) continue;
        if (elided(numeric)) continue;
        const want = expand(tokens(symbolic), ctx, source);
        if (!want) continue; // a general formula (indices i, j, l)
        const got = numbersIn(numeric);
        if (want.length !== got.length) {
          failures.push(`${lhs}: "${symbolic}" has ${want.length} values, "${numeric}" ${got.length}`);
          continue;
        }
        want.forEach((w, j) => {
          if (w.literal !== undefined) {
            checked += 1;
            if (Number(w.literal) !== Number(got[j])) failures.push(`${lhs}: literal ${w.literal} became ${got[j]}`);
          } else compare(got[j], w.value, `${lhs}: ${w.label}`);
        });
      }
      continue;
    }
    // text: inline "symbol = number" and "x^{[e]} = (...)^T"
    for (const m of block.matchAll(/\$([^$]+)\$/g)) {
      const inline = m[1];
      const pair = inline.match(/^(\\alpha|\\lambda|m|J|J_\{\\text\{new\}\}) = (-?[\d.]+(?: \\times 10\^\{-?\d+\})?)$/);
      if (pair) checkPair(pair[1], pair[2], `text: ${pair[1]}`, { ctxOverride: { ...ctx, section: ctx.section === 'update' ? 'update' : ctx.section } });
      const row = inline.match(/^([xy]\^\{\[\d+\]\}) = (\\begin\{pmatrix\}.*\\end\{pmatrix\})\^T$/);
      if (row) checkPair(row[1], row[2], `table: ${row[1]}`);
    }
  }
  return { checked, failures, unchecked };
}

// ---- the values, through the API and through the reference ----------------------------------------

const rowsOf = (v, batch) => (batch ? v : [v]);

/** Everything the solution prints, computed through the engine's API. */
function engineSource(doc) {
  const net = engine.createNetwork(doc);
  try {
    const params = net.toDocument();
    const main = net.run();
    const batch = Array.isArray(params.input[0]);
    const X = rowsOf(params.input, batch);
    const Y = rowsOf(params.target, batch);
    const noDecay = { ...params, weightDecay: 0 };
    const examples = X.map((x, e) => {
      const one = engine.createNetwork({ ...noDecay, input: x, target: Y[e] });
      try {
        const r = one.run();
        return { x, y: Y[e], loss: r.loss, layers: r.layers, grads: r.gradients };
      } finally {
        one.dispose();
      }
    });
    const plainNet = engine.createNetwork(noDecay);
    let plain;
    try {
      const r = plainNet.run();
      plain = { loss: r.loss, grads: r.gradients };
    } finally {
      plainNet.dispose();
    }
    net.step(params.learningRate);
    const after = net.toDocument();
    const lossAfter = net.run().loss;
    return {
      params,
      after,
      lossAfter,
      loss: main.loss,
      grads: main.gradients,
      plain,
      m: X.length,
      alpha: params.learningRate,
      lambda: params.weightDecay,
      example: (e) => examples[e - 1],
    };
  } finally {
    net.dispose();
  }
}

/** The same from the independent JS reference (tests/wasm/helpers/reference.js): needs all weights. */
function referenceSource(doc) {
  const full = { weightDecay: 0, learningRate: 0.1, ...structuredClone(doc) };
  full.biases ??= full.layers.slice(1).map((n) => Array(n).fill(0));
  const r = reference(full);
  const plain = reference({ ...full, weightDecay: 0 });
  const batch = Array.isArray(full.input[0]);
  const X = rowsOf(full.input, batch);
  const Y = rowsOf(full.target, batch);
  const examples = X.map((x, e) => {
    const one = reference({ ...full, weightDecay: 0, input: x, target: Y[e] });
    return { x, y: Y[e], loss: one.loss, layers: one.examples[0].layers, grads: one.gradients };
  });
  const after = referenceStep(full, full.learningRate);
  return {
    params: full,
    after,
    lossAfter: reference(after).loss,
    loss: r.loss,
    grads: r.gradients,
    plain: { loss: plain.loss, grads: plain.gradients },
    m: X.length,
    alpha: full.learningRate,
    lambda: full.weightDecay,
    example: (e) => examples[e - 1],
  };
}

// ---- the golden file ---------------------------------------------------------------------------------

describe('the golden worked solution of the 2-2-2 network', () => {
  test('the Markdown is exactly the golden file', () => {
    expect(workedSolution(engine, mazur())).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  test('the golden file has the published numbers of the worked example (rounded to 4 digits)', () => {
    const golden = readFileSync(GOLDEN, 'utf8');
    // Mazur (2015): out_h1 = 0.593269992, out_h2 = 0.596884378, out_o1 = 0.75136507,
    // out_o2 = 0.772928465, E_total = 0.298371109, dE/dw5 = 0.082167041, dE/dw1 = 0.000438568,
    // w5..w8 after the step 0.35891648, 0.408666186, 0.511301270, 0.561370121,
    // w1..w4 after the step 0.149780716, 0.19956143, 0.24975114, 0.29950229.
    const lines = golden.split('\n');
    const resultOf = (lhs) => {
      const k = lines.findIndex((l) => l.startsWith(`${lhs} &`));
      expect(k).toBeGreaterThanOrEqual(0);
      return lines.slice(k).find((l) => l.startsWith('\\end{aligned}')) && lines[lines.slice(k).findIndex((l) => l.startsWith('\\end{aligned}')) + k - 1];
    };
    expect(resultOf('a_{1}^{(2)}')).toBe('&= 0.5933');
    expect(resultOf('a_{2}^{(2)}')).toBe('&= 0.5969');
    expect(resultOf('a_{1}^{(3)}')).toBe('&= 0.7514');
    expect(resultOf('a_{2}^{(3)}')).toBe('&= 0.7729');
    expect(resultOf('J')).toBe('&= 0.2984');
    expect(resultOf('\\frac{\\partial J}{\\partial W^{(2)}}')).toBe('&= \\begin{pmatrix} 0.08217 & 0.08267 \\\\ -0.02260 & -0.02274 \\end{pmatrix}');
    expect(resultOf('\\frac{\\partial J}{\\partial W^{(1)}}')).toBe('&= \\begin{pmatrix} 0.0004386 & 0.0008771 \\\\ 0.0004977 & 0.0009954 \\end{pmatrix}');
    expect(resultOf('W^{(2)}')).toBe('&= \\begin{pmatrix} 0.3589 & 0.4087 \\\\ 0.5113 & 0.5614 \\end{pmatrix}');
    expect(resultOf('W^{(1)}')).toBe('&= \\begin{pmatrix} 0.1498 & 0.1996 \\\\ 0.2498 & 0.2995 \\end{pmatrix}');
  });

  test('every number of the golden file, read back by its label, is the engine\u2019s value and the reference\u2019s', () => {
    const golden = readFileSync(GOLDEN, 'utf8');
    for (const source of [engineSource(mazur()), referenceSource(mazur())]) {
      const r = readBack(golden, source);
      expect(r.failures).toEqual([]);
      expect(r.unchecked).toEqual([]);
      expect(r.checked).toBeGreaterThan(150);
    }
  });

  test('the reader is not blind: a changed digit or swapped indices are caught', () => {
    const golden = readFileSync(GOLDEN, 'utf8');
    const source = engineSource(mazur());
    // a digit of delta_1^(2)
    expect(readBack(golden.replace('&= 0.008771\n', '&= 0.008781\n'), source).failures.length).toBeGreaterThan(0);
    // the transpose forgotten in the recursion: W_{12} where W_{21} belongs
    const swapped = golden.replace('\\left(W_{11}^{(2)} \\delta_{1}^{(3)} + W_{21}^{(2)} \\delta_{2}^{(3)}\\right)', '\\left(W_{11}^{(2)} \\delta_{1}^{(3)} + W_{12}^{(2)} \\delta_{2}^{(3)}\\right)');
    expect(swapped).not.toBe(golden);
    expect(readBack(swapped, source).failures.length).toBeGreaterThan(0);
    // a number of the update
    expect(readBack(golden.replace('0.3589 & 0.4087', '0.3598 & 0.4087'), source).failures.length).toBeGreaterThan(0);
  });
});

// ---- every kind of network, read back through the API ------------------------------------------------

const CASES = {
  'one example, tanh hidden, linear output': {
    layers: [2, 3, 2],
    activations: ['tanh', 'linear'],
    loss: 'mse',
    weights: [
      [
        [0.2, -0.4],
        [0.7, 0.1],
        [-0.5, 0.3],
      ],
      [
        [0.3, -0.6, 0.2],
        [-0.1, 0.4, 0.5],
      ],
    ],
    biases: [
      [0.1, -0.1, 0.05],
      [0, 0.1],
    ],
    input: [0.5, -0.3],
    target: [0.2, -0.4],
    learningRate: 0.1,
  },
  'relu with a dead unit, leaky relu, 4 layers': {
    layers: [3, 2, 2, 1],
    activations: ['relu', 'leaky-relu', 'sigmoid'],
    loss: 'mse',
    weights: [
      [
        [0.1, 0.2, -0.3],
        [-1, 0.4, 0.2],
      ],
      [
        [0.5, -0.6],
        [-0.7, 0.2],
      ],
      [[0.9, -0.8]],
    ],
    biases: [[0.1, -0.2], [0.05, -0.3], [0]],
    input: [1, -2, 0.5],
    target: [0.3],
    learningRate: 0.2,
  },
  'softmax with cross-entropy, a batch of 3, weight decay': {
    layers: [2, 3, 3],
    activations: ['sigmoid', 'softmax'],
    loss: 'cross-entropy',
    input: [
      [1, 2],
      [3, -4],
      [-0.5, 0.25],
    ],
    target: [
      [0, 1, 0],
      [1, 0, 0],
      [0.2, 0.3, 0.5],
    ],
    weightDecay: 0.01,
    learningRate: 0.3,
    seed: 7,
  },
  'one example with weight decay': mazur({ weightDecay: 0.001 }),
  'a batch without weight decay, tiny and huge numbers': {
    layers: [1, 2, 1],
    activations: ['linear', 'linear'],
    loss: 'mse',
    weights: [[[1e-6], [2e6]], [[3e-7, 1e-3]]],
    biases: [[0, 0], [0]],
    input: [[1e-3], [2]],
    target: [[5], [0.5]],
    learningRate: 1e-9,
  },
};

describe.each(Object.entries(CASES))('%s', (_, doc) => {
  test('every number read back by its label is the engine\u2019s value', () => {
    const md = workedSolution(engine, doc);
    const r = readBack(md, engineSource(doc));
    expect(r.failures).toEqual([]);
    expect(r.unchecked).toEqual([]);
    expect(r.checked).toBeGreaterThan(60);
  });

  test('the HTML renders every equation with KaTeX', () => {
    const html = workedSolution(engine, doc, { format: 'html' });
    const md = workedSolution(engine, doc);
    const displays = md.match(/^\$\$$/gm).length / 2;
    expect(html.match(/class="katex-display"/g)).toHaveLength(displays);
    expect(html).not.toContain('katex-error');
    expect(html).not.toMatch(/<script/i);
  });
});

// The JS reference has no seeded initialisation: it checks the cases whose weights are given.
const WITH_WEIGHTS = Object.entries(CASES).filter(([, doc]) => doc.weights);

test('some cases give their weights, so the reference checks them', () => {
  expect(WITH_WEIGHTS.length).toBeGreaterThan(0);
});

describe.each(WITH_WEIGHTS)('%s, weights given', (_, doc) => {
  test('the reference agrees with every number read back', () => {
    const r = readBack(workedSolution(engine, doc), referenceSource(doc));
    expect(r.failures).toEqual([]);
    expect(r.checked).toBeGreaterThan(60);
  });
});

test('digits: 6 significant digits everywhere, read back at that precision', () => {
  const doc = CASES['softmax with cross-entropy, a batch of 3, weight decay'];
  const md = workedSolution(engine, doc, { digits: 6 });
  const r = readBack(md, engineSource(doc), { digits: 6 });
  expect(r.failures).toEqual([]);
  expect(md).toContain('6 significant digits');
});

test('a large network is written with elided sums and matrices, still true where it is written out', () => {
  const doc = { layers: [12, 10, 3], activations: ['sigmoid', 'softmax'], loss: 'cross-entropy', input: Array.from({ length: 12 }, (_, k) => k / 10), target: [0, 0, 1] };
  const md = workedSolution(engine, doc);
  expect(md).toContain('\\cdots_{(6\\text{ more})}'); // 12-term sums
  expect(md).toContain('\\vdots');
  const r = readBack(md, engineSource(doc));
  expect(r.failures).toEqual([]);
  expect(r.checked).toBeGreaterThan(200);
});

test('a batch longer than maxExamples writes the first ones out and still takes the mean of all', () => {
  const X = Array.from({ length: 5 }, (_, e) => [e / 4, 1 - e / 4]);
  const doc = { layers: [2, 2, 1], activations: 'sigmoid', loss: 'mse', input: X, target: X.map(([p]) => [p > 0.5 ? 1 : 0]), seed: 3 };
  const md = workedSolution(engine, doc, { maxExamples: 2 });
  expect(md).toContain('## Example 2 of 5');
  expect(md).not.toContain('## Example 3 of 5');
  expect(md).toContain('Only the first 2 examples are written out; all 5 enter the means.');
  const r = readBack(md, engineSource(doc));
  expect(r.failures).toEqual([]);
});

test('a data set of 30 examples: the means write out their first and last terms, read back through the API', () => {
  const X = Array.from({ length: 30 }, (_, e) => [Math.cos(e), Math.sin(2 * e)]);
  const doc = { layers: [2, 3, 1], activations: ['tanh', 'sigmoid'], loss: 'mse', input: X, target: X.map(([p, q]) => [p * q > 0 ? 1 : 0]), weightDecay: 0.01, seed: 5 };
  const md = workedSolution(engine, doc, { maxExamples: 1 });
  expect(md).toContain('\\frac{1}{m}\\left(J^{[1]} + J^{[2]} + J^{[3]} + J^{[4]} + \\cdots_{(24\\text{ more})} + J^{[29]} + J^{[30]}\\right)');
  expect(md).toContain('\\cdots_{(24\\text{ more})}');
  const r = readBack(md, engineSource(doc));
  expect(r.failures).toEqual([]);
  expect(r.unchecked).toEqual([]);
});

test('the backward pass follows the notes\u2019 order: delta^(L), dW^(L-1), db^(L-1), delta^(L-1), ..., dW^(1), db^(1)', () => {
  const md = workedSolution(engine, CASES['relu with a dead unit, leaky relu, 4 layers']);
  const order = [
    '### Output error δ⁽⁴⁾',
    '### Gradients of W⁽³⁾ and b⁽³⁾',
    '### Error δ⁽³⁾',
    '### Gradients of W⁽²⁾ and b⁽²⁾',
    '### Error δ⁽²⁾',
    '### Gradients of W⁽¹⁾ and b⁽¹⁾',
    '## 3. Gradient descent step',
  ].map((h) => md.indexOf(h));
  expect(order.every((at) => at > 0)).toBe(true);
  expect([...order].sort((p, q) => p - q)).toEqual(order);
  expect(md).not.toContain('Error δ⁽¹⁾');
});

test('every activation brings its own a = f(z) and f\u2032(z) lines', () => {
  const md = workedSolution(engine, CASES['relu with a dead unit, leaky relu, 4 layers']);
  expect(md).toContain('a_{1}^{(2)} &= \\max(0, z_{1}^{(2)})');
  expect(md).toContain('a_{1}^{(3)} &= \\max(0.01 z_{1}^{(3)}, z_{1}^{(3)})');
  expect(md).toMatch(/f'\(z_\{2\}\^\{\(2\)\}\) &= 0 \\qquad \(z_\{2\}\^\{\(2\)\} = -\d[\d.]* \\le 0\)/);
  expect(md).toMatch(/f'\(z_\{\d\}\^\{\(3\)\}\) &= 0\.01 \\qquad/);
  const tanh = workedSolution(engine, CASES['one example, tanh hidden, linear output']);
  expect(tanh).toContain("f'(z_{1}^{(2)}) &= 1 - (a_{1}^{(2)})^2");
  expect(tanh).toContain("f'(z_{1}^{(3)}) &= 1\n");
  const ce = workedSolution(engine, CASES['softmax with cross-entropy, a batch of 3, weight decay']);
  expect(ce).toContain('the $f\'$ factor cancels');
  expect(ce).toContain('\\delta_{1}^{(3)} &= a_{1}^{(3)} - y_{1}');
});

test('the one-example cost J^[1] and the weight decay section for a single example', () => {
  const md = workedSolution(engine, CASES['one example with weight decay']);
  expect(md).toContain('## 3. Weight decay');
  expect(md).toContain('## 4. Gradient descent step');
  expect(md).toContain('J &= J^{[1]} + \\frac{\\lambda}{2}');
});

test('a step that would diverge is reported, not taken', () => {
  const doc = { layers: [1, 1], activations: 'linear', loss: 'mse', weights: [[[1e300]]], input: [1e10], target: [0] };
  const md = workedSolution(engine, doc);
  expect(md).toContain('The engine did not take this step');
  expect(md).toContain('Warning from the engine');
});

describe('options and errors', () => {
  test('a bad document throws the engine\u2019s DocumentError', () => {
    expect(() => workedSolution(engine, { layers: [2] })).toThrow(expect.objectContaining({ name: 'DocumentError' }));
    expect(() => workedSolution(engine, '{ nope')).toThrow(/not valid JSON/);
  });

  test('bad options are refused', () => {
    expect(() => workedSolution(engine, mazur(), { digits: 0 })).toThrow(RangeError);
    expect(() => workedSolution(engine, mazur(), { digits: 2.5 })).toThrow(RangeError);
    expect(() => workedSolution(engine, mazur(), { format: 'pdf' })).toThrow(/format/);
    expect(() => workedSolution(engine, mazur(), { maxExamples: 0 })).toThrow(RangeError);
  });

  test('an activation or loss the engine has and the solution cannot write out is refused, by name', () => {
    const wider = Object.create(engine, {
      activations: { value: [...engine.activations, 'swish'] },
      losses: { value: [...engine.losses, 'hinge'] },
    });
    expect(() => workedSolution(wider, mazur())).toThrow(`the worked solution cannot write out the engine's activation "swish", loss "hinge"`);
  });

  test('JSON text works like the object', () => {
    expect(workedSolution(engine, JSON.stringify(mazur()))).toBe(workedSolution(engine, mazur()));
  });

  test('the title is escaped in Markdown and in HTML, and never reaches TeX', () => {
    const title = '<img src=x onerror=alert(1)> $\\href{javascript:alert(1)}{x}$ *bold* | pipe';
    const md = workedSolution(engine, mazur(), { title });
    const first = md.split('\n')[0];
    expect(first).toBe('# \\<img src=x onerror=alert(1)\\> \\$\\\\href{javascript:alert(1)}{x}\\$ \\*bold\\* \\| pipe');
    const html = workedSolution(engine, mazur(), { format: 'html', title });
    expect(html).toContain('<h1>&lt;img src=x onerror=alert(1)&gt; $\\href{javascript:alert(1)}{x}$ *bold* | pipe</h1>');
    expect(html).toContain('<title>&lt;img src=x');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/href="javascript/i);
  });
});

describe('the HTML page', () => {
  test('is a standalone printable page: the site\u2019s own KaTeX CSS linked by default (no CDN), no scripts, print rules', () => {
    const html = workedSolution(engine, mazur(), { format: 'html' });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<link rel="stylesheet" href="katex/katex.min.css">');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain("script-src 'none'");
    expect(html).toContain('@media print');
    expect(html).toContain('break-inside: avoid');
    expect(html).not.toMatch(/<script/i);
    // the math is typeset already (HTML and MathML), not left as TeX for a script
    expect(html).toContain('<span class="katex-display">');
    expect(html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML"');
    expect(html).not.toContain('$$');
  });

  test('katexCss sets the stylesheet link; katexCssText inlines it with fonts from katexFonts', () => {
    const linked = workedSolution(engine, mazur(), { format: 'html', katexCss: 'katex/katex.min.css?v="1"' });
    expect(linked).toContain('<link rel="stylesheet" href="katex/katex.min.css?v=&quot;1&quot;">');
    const css = '@font-face{font-family:KaTeX_Main;src:url(fonts/KaTeX_Main-Regular.woff2) format("woff2")}.katex{font:normal 1.21em KaTeX_Main}</style><script>';
    const inlined = workedSolution(engine, mazur(), { format: 'html', katexCssText: css, katexFonts: 'https://example.org/f/' });
    expect(inlined).not.toContain('<link rel="stylesheet"');
    expect(inlined).toContain('url(https://example.org/f/KaTeX_Main-Regular.woff2)');
    expect(inlined).not.toContain('</style><script>');
  });
});

/** The worked solution's numbers: notation.js's, with the zeros of rounded values kept. */
const formatTex = (x, digits) => texNumber(x, digits, { roundedZeros: true });
const formatText = (x, digits) => formatNumber(x, digits, { roundedZeros: true });

describe('number formatting', () => {
  test.each([
    [0.3775, 4, '0.3775'],
    [-0.038098236, 4, '-0.03810'],
    [0.15, 4, '0.15'],
    [0.345022873, 4, '0.3450'],
    [1.10590596, 4, '1.106'],
    [123456.7, 4, '1.235 \\times 10^{5}'],
    [3999.5000000000005, 4, '4.000 \\times 10^{3}'],
    [1234.4, 4, '1234'],
    [4000, 4, '4000'],
    [120000, 4, '120000'],
    [999999.7, 4, '1.000 \\times 10^{6}'],
    [1e6, 4, '1 \\times 10^{6}'],
    [0.00012346, 4, '0.0001235'],
    [0.000012346, 4, '1.235 \\times 10^{-5}'],
    [-2.5e-7, 4, '-2.5 \\times 10^{-7}'],
    [0, 4, '0'],
    [-0, 4, '0'],
    [2, 4, '2'],
    [0.1 + 0.2, 4, '0.3000'],
    [Math.PI, 1, '3'],
    [Math.PI, 8, '3.1415927'],
    [NaN, 4, '\\text{NaN}'],
    [-Infinity, 4, '-\\infty'],
  ])('formatTex(%p, %p) = %p', (x, digits, text) => {
    expect(formatTex(x, digits)).toBe(text);
  });

  test('plain text uses the minus sign and superscript exponents', () => {
    expect(formatText(-0.038098236)).toBe('−0.03810');
    expect(formatText(1.5e-7)).toBe('1.5×10⁻⁷');
  });

  test('printed numbers are the values rounded correctly (checked with toPrecision)', () => {
    for (const x of [0.123456789, -98765.4321, 3.00049, 0.99995, 1e-3, 7.77777e-4]) {
      for (const digits of [1, 2, 3, 4, 6]) {
        const printed = formatTex(x, digits).replace(/ \\times 10\^\{(-?\d+)\}/, 'e$1');
        expect(Number(printed)).toBe(Number(x.toPrecision(digits)));
      }
    }
  });
});
