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

/** A light tint for table cells: at most `strength` of the way to the end colour. */
export const tintColor = (t, strength = 0.45) => divergingColor(Math.max(-1, Math.min(1, t)) * strength);

/** Dark or light text, whichever reads better on divergingColor(t). */
export function textOn(t) {
  const [r, g, b] = divergingRgb(t).map((c) => c / 255);
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum < 0.45 ? '#ffffff' : '#111111';
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
