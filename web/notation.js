// Number and label formatting for the page. Pure functions: no DOM, no engine.
//
// Symbols follow docs/NOTATION.md: layers from 1, superscripts (l), so the label of
// delta_1^(3) is "δ₁⁽³⁾" in plain text and "\delta_{1}^{(3)}" in TeX.

const SUB = {
  0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', ',': ',',
  i: 'ᵢ', j: 'ⱼ', k: 'ₖ', m: 'ₘ', l: 'ₗ',
};
const SUP = {
  0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹',
  '(': '⁽', ')': '⁾', '+': '⁺', '-': '⁻', '−': '⁻', T: 'ᵀ', L: 'ᴸ', l: 'ˡ',
};

/** "12" -> "₁₂" (characters without a subscript form are kept). */
export const sub = (s) => Array.from(String(s), (c) => SUB[c] ?? c).join('');
/** "(3)" -> "⁽³⁾". */
export const sup = (s) => Array.from(String(s), (c) => SUP[c] ?? c).join('');

/** Index subscript: "1", "12" for i=1, j=2, and "10,2" once an index has two digits. */
export function indexText(...indices) {
  const parts = indices.filter((k) => k !== undefined && k !== null && k !== '');
  return parts.some((k) => String(k).length > 1) ? parts.join(',') : parts.join('');
}

/** Plain-text symbol with subscript indices and a layer superscript: sym('δ', 3, 1) = "δ₁⁽³⁾". */
export function sym(symbol, layer, ...indices) {
  const s = sub(indexText(...indices));
  return layer === null || layer === undefined ? symbol + s : symbol + s + sup(`(${layer})`);
}

/** TeX for the same symbol: texSym('\\delta', 3, 1) = "\\delta_{1}^{(3)}". */
export function texSym(symbol, layer, ...indices) {
  const idx = indexText(...indices);
  const s = idx === '' ? '' : `_{${idx}}`;
  return layer === null || layer === undefined ? symbol + s : `${symbol}${s}^{(${layer})}`;
}

/** The plain-text label of a hooked quantity, as the notes write it. */
export function quantityLabel(q, layer, row, col) {
  switch (q) {
    case 'W': return sym('W', layer, row, col);
    case 'b': return sym('b', layer, row);
    case 'x': return sym('x', null, row);
    case 'y': return sym('y', null, row);
    case 'z': return sym('z', layer, row);
    case 'a': return sym('a', layer, row);
    case 'fprime': return `f′(${sym('z', layer, row)})`;
    case 'delta': return sym('δ', layer, row);
    case 'dW': return `∂J/∂${sym('W', layer, row, col)}`;
    case 'db': return `∂J/∂${sym('b', layer, row)}`;
    case 'J': return 'J';
    case 'dWe': return `${sym('δ', layer + 1, row)} ${sym('a', layer, col)} (this example)`; // batch.js
    case 'dbe': return `${sym('δ', layer + 1, row)} (this example)`;
    default: return q;
  }
}

/**
 * Splits a finite x into fixed notation or a mantissa string and a decimal exponent, rounded
 * to `digits` significant digits. Returns { fixed: string } or { mantissa: string, exponent:
 * number }, with ASCII '-'. Numbers below 10^-4, or from 10^max(digits, 6) on, get an exponent.
 *
 * Two conventions for trailing zeros:
 * - the page's (default): always dropped, so -0.038098 is "-0.0381", and a whole number too
 *   wide for `digits` is written out in full (123456.7 with 4 digits: "123457");
 * - `roundedZeros` (the worked solution): dropped only when nothing was rounded away, so the
 *   digits shown say how exact a number is: 0.15 is "0.15" but -0.038098 is "-0.03810"; and a
 *   rounded whole number whose last kept digit is 0 gets an exponent, since "4000" would not
 *   say whether it is exact (3999.5 with 4 digits: 4.000 × 10^3).
 * With 17 digits or more ("all"), either way, the shortest text that reads back as exactly
 * this double (String(x)), not toPrecision(17), which shows 0.05 as 0.050000000000000003.
 */
function decompose(x, digits, roundedZeros = false) {
  if (x === 0) return { fixed: '0' };
  if (digits >= 17) {
    const t = String(x);
    if (!t.includes('e')) return { fixed: t };
    const [m, e] = t.split('e');
    return { mantissa: m, exponent: Number(e) };
  }
  const [m, expText] = x.toExponential(Math.max(0, digits - 1)).split('e'); // rounding may bump the exponent
  const exponent = Number(expText);
  /** `text` without trailing zeros, unless they are kept and dropping them changes the value. */
  const trim = (text, readBack = Number) => {
    const short = stripZeros(text);
    return !roundedZeros || readBack(short) === x ? short : text;
  };
  const mantissa = () => ({ mantissa: trim(m, (t) => Number(`${t}e${exponent}`)), exponent });
  if (exponent < -4 || exponent >= Math.max(digits, 6)) return mantissa();
  if (roundedZeros && exponent >= digits - 1) {
    // A whole number as wide as `digits` or wider.
    const rounded = Number(x.toPrecision(digits));
    return rounded === x || !String(rounded).endsWith('0') ? { fixed: String(rounded) } : mantissa();
  }
  return { fixed: trim(x.toFixed(Math.min(100, Math.max(0, digits - 1 - exponent)))) };
}

function stripZeros(s) {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * Display text: 4 significant digits by default, U+2212 minus, "1.5×10⁻⁷" for tiny values.
 * { roundedZeros: true } keeps the trailing zeros of a rounded number (see decompose), here
 * and in texNumber, texFactor and textFactor.
 */
export function formatNumber(x, digits = 4, { roundedZeros = false } = {}) {
  if (typeof x !== 'number' || Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  // The page formats the same numbers in several views on every edit: remembered per digits.
  const memo = roundedZeros ? null : (FORMATTED[digits] ??= new Map());
  const known = memo?.get(x);
  if (known !== undefined) return known;
  const d = decompose(x, digits, roundedZeros);
  const text = ('fixed' in d ? d.fixed : `${d.mantissa}×10${sup(String(d.exponent))}`).replace(/-/g, '−').replace(/^−0$/, '0');
  if (memo) {
    if (memo.size >= FORMATTED_MAX) memo.clear();
    memo.set(x, text);
  }
  return text;
}

const FORMATTED = [];
const FORMATTED_MAX = 8192;

/** Text for an editable field: ASCII, parseable back by parseNumber; e-notation when tiny. */
export function formatForInput(x, digits = 4) {
  if (!Number.isFinite(x)) return String(x);
  const full = String(x);
  const d = decompose(x, digits);
  const short = 'fixed' in d ? d.fixed : `${d.mantissa}e${d.exponent}`;
  return full.length <= short.length ? full : short.replace(/^-0$/, '0');
}

/** TeX for a number, e.g. "0.1385", "-0.0381", "1.5 \\times 10^{-7}"; NaN and infinities as \\text{NaN}, \\infty. */
export function texNumber(x, digits = 4, { roundedZeros = false } = {}) {
  if (typeof x !== 'number' || Number.isNaN(x)) return '\\text{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  const d = decompose(x, digits, roundedZeros);
  if ('fixed' in d) return d.fixed === '-0' ? '0' : d.fixed;
  return `${d.mantissa} \\times 10^{${d.exponent}}`;
}

/** A number as a factor in a product: negatives and powers of ten in parentheses. */
export function texFactor(x, digits = 4, options = {}) {
  const t = texNumber(x, digits, options);
  return t.startsWith('-') || t.includes('\\times') ? `(${t})` : t;
}

/** A number as a factor in plain text: "0.5 × (−0.0381)". */
export function textFactor(x, digits = 4, options = {}) {
  const t = formatNumber(x, digits, options);
  return t.startsWith('−') || t.includes('×') ? `(${t})` : t;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parses what a learner typed. Accepts "0.15", "-.5", "1e-3", "−0.2" (U+2212) and a decimal
 * comma ("0,15"). Returns { ok: true, value } or { ok: false, message }: never NaN/Infinity.
 */
export function parseNumber(text) {
  let t = String(text).trim().replace(/[−–]/g, '-');
  if (!t.includes('.') && /^[+-]?\d*,\d+$/.test(t)) t = t.replace(',', '.');
  if (t === '') return { ok: false, message: 'Empty: type a number' };
  if (!NUMBER.test(t)) return { ok: false, message: `“${String(text).trim()}” is not a number` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, message: `“${t}” is too large: not a finite number` };
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}

/** Decimal places of a number's shortest representation (for tidy nudging). */
function decimals(x) {
  const s = String(x);
  if (s.includes('e')) {
    const [m, e] = s.split('e');
    return Math.max(0, (m.split('.')[1] ?? '').length - Number(e));
  }
  return (s.split('.')[1] ?? '').length;
}

/** x + step without float dust: 0.15 + 0.01 = 0.16, not 0.16000000000000003. */
export function nudge(x, step) {
  const places = Math.min(15, Math.max(decimals(x), decimals(step)));
  const v = Number((x + step).toFixed(places));
  return Object.is(v, -0) ? 0 : v;
}
