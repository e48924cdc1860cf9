// The page's pure helpers (no browser needed): number formatting and parsing, document
// edits, what a selection highlights, and the numbers in the TeX the explanation builds.
import { test, expect } from '@playwright/test';
import { formatNumber, formatForInput, parseNumber, nudge, sym, texNumber } from '../../web/notation.js';
import { DEFAULT_DOCUMENT, normaliseDocument, setUnits, insertLayer, removeLayer, setLoss, setTargetDistribution } from '../../web/network-doc.js';
import { relation } from '../../web/selection.js';
import { divergingColor, divergingRgb } from '../../web/color.js';

test('numbers show 4 significant digits, a true minus sign and powers of ten', () => {
  expect(formatNumber(0.13849856162855698)).toBe('0.1385');
  expect(formatNumber(0.08266763)).toBe('0.08267');
  expect(formatNumber(-0.0380982)).toBe('−0.0381');
  expect(formatNumber(1.5e-7)).toBe('1.5×10⁻⁷');
  expect(formatNumber(0.05, 17)).toBe('0.05'); // "all digits" is the shortest exact text
  expect(formatForInput(0.1497834512, 4)).toBe('0.1498');
  expect(formatForInput(0.15, 4)).toBe('0.15');
  expect(texNumber(-2.5e-9)).toBe('-2.5 \\times 10^{-9}');
  expect(sym('δ', 3, 1)).toBe('δ₁⁽³⁾');
  expect(sym('W', 2, 10, 2)).toBe('W₁₀,₂⁽²⁾');
});

test('only finite numbers are accepted from a field', () => {
  for (const good of ['0.15', '-.5', '1e-3', '−0.2', '0,25', '  7 ']) expect(parseNumber(good).ok).toBe(true);
  for (const bad of ['', 'abc', '-', '1e999', '0x10', 'NaN', 'Infinity', '1.2.3', '1e']) expect(parseNumber(bad).ok).toBe(false);
  expect(nudge(0.15, 0.01)).toBe(0.16);
  expect(nudge(-0.01, 0.01)).toBe(0);
});

test('structure edits re-initialise exactly the weights of the changed layers', () => {
  const doc = normaliseDocument(DEFAULT_DOCUMENT);
  const wider = setUnits(doc, 2, 3);
  expect(wider.layers).toEqual([2, 3, 2]);
  expect(wider.weights).toEqual([null, null]);
  expect(wider.biases[0]).toEqual([0.35, 0.35, 0]);
  expect(wider.biases[1]).toEqual([0.6, 0.6]);

  const deeper = insertLayer(doc, 2, 4);
  expect(deeper.layers).toEqual([2, 2, 4, 2]);
  expect(deeper.weights[0]).toEqual(doc.weights[0]);
  expect(deeper.weights.slice(1)).toEqual([null, null]);
  expect(deeper.biases.map((b) => b.length)).toEqual([2, 4, 2]);

  const back = removeLayer(deeper, 3);
  expect(back.layers).toEqual([2, 2, 2]);
  expect(back.weights[0]).toEqual(doc.weights[0]);
  expect(back.weights[1]).toBeNull();

  const ce = setLoss(doc, 'cross-entropy');
  expect(ce.doc.activations).toEqual(['sigmoid', 'softmax']);
  expect(ce.note).toContain('softmax');
  const y = setTargetDistribution(ce.doc, 1, 0.25).doc.target;
  expect(y[0] + y[1]).toBeCloseTo(1, 15);
});

test('selecting δ_i^(l) relates column i of W^(l), every δ^(l+1) and f′(z_i^(l))', () => {
  const sel = { q: 'delta', layer: 2, row: 2 };
  const L = 4;
  expect(relation(sel, { q: 'W', layer: 2, row: 1, col: 2 }, L)).toBe('related');
  expect(relation(sel, { q: 'W', layer: 2, row: 3, col: 2 }, L)).toBe('related');
  expect(relation(sel, { q: 'W', layer: 2, row: 2, col: 1 }, L)).toBeNull(); // row 2 is not column 2
  expect(relation(sel, { q: 'delta', layer: 3, row: 5 }, L)).toBe('related');
  expect(relation(sel, { q: 'fprime', layer: 2, row: 2 }, L)).toBe('related');
  expect(relation(sel, { q: 'delta', layer: 2, row: 2 }, L)).toBe('self');
  // dJ/dW_ij^(l) = delta_i^(l+1) a_j^(l)
  const w = { q: 'dW', layer: 1, row: 2, col: 1 };
  expect(relation(w, { q: 'delta', layer: 2, row: 2 }, L)).toBe('related');
  expect(relation(w, { q: 'a', layer: 1, row: 1 }, L)).toBe('related');
  expect(relation(w, { q: 'x', layer: 1, row: 1 }, L)).toBe('related');
  expect(relation(w, { q: 'W', layer: 1, row: 2, col: 1 }, L)).toBe('self');
});

test('the colour of a value is its diverging RGB, each channel rounded, as #rrggbb', () => {
  const hex = (rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
  expect(divergingColor(0)).toBe('#f7f7f7');
  expect(divergingColor(1)).toBe('#2166ac');
  expect(divergingColor(-1)).toBe('#b35806');
  const ts = [NaN, Infinity, -Infinity, -0, ...Array.from({ length: 20001 }, (_, k) => -1.25 + (2.5 * k) / 20000)];
  const differ = ts.filter((t) => divergingColor(t) !== hex(divergingRgb(t)));
  expect(differ).toEqual([]);
});
