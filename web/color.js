// The diverging colour scale, centred on 0. Pure functions.
//
// Orange for negative, blue for positive (ColorBrewer PuOr/RdBu end colours): the pair stays
// distinct under the common colour-vision deficiencies. Colour never carries the sign alone:
// numbers show their minus sign, and negative edges in the diagram are dashed.

export const NEGATIVE = [179, 88, 6]; // #b35806
export const ZERO = [247, 247, 247]; // #f7f7f7
export const POSITIVE = [33, 102, 172]; // #2166ac


/** t in [-1, 1] (value / largest |value|) to a colour; |t| is clamped to 1. */
export function divergingRgb(t) {
  const u = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const end = u < 0 ? NEGATIVE : POSITIVE;
  const k = Math.abs(u);
  return ZERO.map((c, n) => c + (end[n] - c) * k);
}

const HEX2 = Array.from({ length: 256 }, (_, k) => k.toString(16).padStart(2, '0'));

/** divergingRgb(t) as #rrggbb (each channel rounded), without arrays: a thousand table cells take it on every edit. */
export function divergingColor(t) {
  const u = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const end = u < 0 ? NEGATIVE : POSITIVE;
  const k = Math.abs(u);
  const channel = (n) => HEX2[Math.round(ZERO[n] + (end[n] - ZERO[n]) * k)];
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/**
 * The most of the way to an end colour a tint goes: every tint stays light enough for the
 * page's dark text (styles.css --on-tint) in either theme, at 4.5:1 or more.
 */
export const MAX_TINT = 0.5;

/** A light tint for table cells: `strength` (at most MAX_TINT) of the way to the end colour. */
export const tintColor = (t, strength = 0.45) => divergingColor(Math.max(-1, Math.min(1, t)) * Math.min(Math.max(strength, 0), MAX_TINT));

/** '#rrggbb' (or '#rgb') to [r, g, b] in 0..255. */
export function parseHex(hex) {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  return [0, 2, 4].map((k) => parseInt(full.slice(k, k + 2), 16));
}

/** WCAG 2 relative luminance of [r, g, b] in 0..255. */
export function relativeLuminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio of two colours ([r, g, b] or '#rrggbb'), from 1 to 21. */
export function contrastRatio(a, b) {
  const [la, lb] = [a, b].map((c) => relativeLuminance(typeof c === 'string' ? parseHex(c) : c));
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

const TEXT_DARK = '#000000';
const TEXT_LIGHT = '#ffffff';

/**
 * Black or white text, whichever has the higher contrast on divergingColor(t) (as drawn, its
 * channels rounded). One of the two always reaches 4.58:1, whatever the colour: the darker
 * greys a text colour might be (#111) fall short of 4.5:1 near the scale's middle blues.
 */
export function textOn(t) {
  const bg = parseHex(divergingColor(t));
  return contrastRatio(bg, TEXT_DARK) >= contrastRatio(bg, TEXT_LIGHT) ? TEXT_DARK : TEXT_LIGHT;
}

/** The largest |v| over nested arrays of numbers (0 when empty or all zero). */
export function maxAbs(values) {
  let m = 0;
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'number' && Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  };
  walk(values);
  return m;
}

/** value / scale, 0 when the scale is 0. */
export const normalise = (value, scale) => (scale > 0 ? value / scale : 0);
