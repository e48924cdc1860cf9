// The numbers drawn on the diverging colour scale (web/color.js) are readable: WCAG 2 AA asks
// for a contrast of at least 4.5:1 between text and its background. Two kinds of text sit on
// the scale's colours:
//   - the units of the diagram: fill divergingColor(t), text textOn(t) (views/diagram.js);
//   - table cells and fields: a tint, tintColor(t, strength), with the page's --on-tint text
//     colour (styles.css; the tinted class), the same in the light and the dark theme.
// Every colour the scale can produce is sampled densely (t from −1 to 1 in steps of 1/2000,
// every strength from 0 to 1 in steps of 0.05) and measured with the WCAG formula, written
// here again from the definition rather than taken from color.js.

import { readFileSync } from 'node:fs';
import { divergingColor, tintColor, textOn, contrastRatio, relativeLuminance, parseHex, MAX_TINT } from '../../web/color.js';

/** WCAG 2.2 relative luminance and contrast ratio, from the definition (an independent copy). */
function luminance(hex) {
  const channel = (k) => {
    const c = parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}
function ratio(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const SAMPLES = Array.from({ length: 4001 }, (_, k) => -1 + k / 2000);
const STRENGTHS = Array.from({ length: 21 }, (_, k) => k / 20);
const AA = 4.5;

/** A custom property's value in a stylesheet's first rule that sets it, or null. */
function cssVar(file, name) {
  const css = readFileSync(new URL(`../../web/${file}`, import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const m = css.match(new RegExp(`${name}\\s*:\\s*(#[0-9a-fA-F]{3,6})\\s*;`));
  return m ? m[1] : null;
}

test('the contrast helpers agree with the WCAG definition', () => {
  expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
  expect(contrastRatio('#777777', '#777777')).toBeCloseTo(1, 10);
  // #767676 on white is the well-known smallest grey that passes AA (4.54:1).
  expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(AA);
  for (const hex of ['#b35806', '#2166ac', '#f7f7f7', '#1c1d22', '#abc']) {
    const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
    expect(relativeLuminance(parseHex(hex))).toBeCloseTo(luminance(full), 12);
  }
});

test('a unit\'s text on its colour: at least 4.5:1 for every t on the scale', () => {
  let worst = { r: Infinity };
  for (const t of SAMPLES) {
    const bg = divergingColor(t);
    const fg = textOn(t);
    expect(fg).toMatch(/^#[0-9a-f]{6}$/);
    const r = ratio(fg, bg);
    if (r < worst.r) worst = { r, t, bg, fg };
  }
  // (The worst case is printed with its colours when it fails.)
  expect({ ...worst, passes: worst.r >= AA }).toMatchObject({ passes: true });
  // Out-of-range and non-finite t are clamped to the scale, never a colour off it.
  for (const t of [-7, 3, NaN, Infinity]) expect(ratio(textOn(t), divergingColor(t))).toBeGreaterThanOrEqual(AA);
});

test('the text on a tint (--on-tint, in both themes): at least 4.5:1 for every t and every strength', () => {
  const onTint = cssVar('styles.css', '--on-tint');
  expect(onTint).toMatch(/^#[0-9a-fA-F]{6}$/); // styles.css sets it
  // The dark theme keeps it: the tints are the same light colours there.
  expect(cssVar('theme-dark.css', '--on-tint')).toBeNull();
  let worst = { r: Infinity };
  for (const s of STRENGTHS) {
    for (const t of SAMPLES) {
      const bg = tintColor(t, s);
      const r = ratio(onTint, bg);
      if (r < worst.r) worst = { r, t, s, bg };
    }
  }
  expect({ ...worst, onTint, passes: worst.r >= AA }).toMatchObject({ passes: true });
  // Strengths above MAX_TINT are held to it (a stronger tint would be too dark for the text).
  expect(tintColor(1, 1)).toBe(tintColor(1, MAX_TINT));
  expect(tintColor(-1, 0.9)).toBe(tintColor(-1, MAX_TINT));
});

test('the old choice of text colour fell short, which is why textOn measures contrast', () => {
  // Documenting the failure fixed: #111111 text, chosen by a luma threshold of 0.45, on the
  // unit colour at t = 0.85 (the diagram's strongest) gave less than 4.5:1.
  const bg = divergingColor(0.85);
  expect(ratio('#111111', bg)).toBeLessThan(AA);
  expect(ratio('#ffffff', bg)).toBeLessThan(AA);
  expect(ratio(textOn(0.85), bg)).toBeGreaterThanOrEqual(AA);
});
