// The stylesheets of <backprop-sandbox> (element.js): the page's styles.css and KaTeX's CSS,
// adopted into each shadow root, with two changes that make them work inside a host page:
//
// - Width media queries become container queries on the element's own width (a sandbox in a
//   700 px column of a wide screen lays itself out for 700 px, not for the screen).
// - rem units become multiples of --bp-rem: inside a shadow root rem still means the host
//   page's <html> font size, which the host page may set to anything.
// - vw units become cqw (the element's width): a menu as wide as the window minus a margin
//   would stick out of a narrow column.
//
// KaTeX's @font-face rules do not work inside a shadow root: they go into the document,
// once, with their font URLs resolved against the script's own location.

/** The container name element.css gives the element's wrapper. */
export const CONTAINER = 'bp-sandbox';

const WIDTH_CONDITION = /^\s*\(\s*(?:min|max)-width\s*:\s*[\d.]+px\s*\)(?:\s+and\s+\(\s*(?:min|max)-width\s*:\s*[\d.]+px\s*\))*\s*$/;

/** styles.css (or any of the page's CSS) as it must be inside the element's shadow root. */
export function forShadowRoot(css) {
  return css
    .replace(/@media([^{]+)\{/g, (all, condition) => (WIDTH_CONDITION.test(condition) ? `@container ${CONTAINER} ${condition.trim()} {` : all))
    .replace(/(^|[^\w.-])(\d*\.?\d+)rem\b/g, (all, before, n) => `${before}calc(${n} * var(--bp-rem))`)
    .replace(/(^|[^\w.-])(\d*\.?\d+)vw\b/g, (all, before, n) => `${before}${n}cqw`);
}

/**
 * Splits KaTeX's CSS into its @font-face rules, with url(fonts/…) resolved against
 * `katexBase` (the URL of the katex/ folder), and the rest.
 */
export function splitKatexCss(css, katexBase) {
  const faces = [];
  const rest = css.replace(/@font-face\s*\{[^}]*\}/g, (rule) => {
    faces.push(rule.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (m, q, url) => `url(${JSON.stringify(new URL(url, katexBase).href)})`));
    return '';
  });
  return { fontFaces: faces.join('\n'), rest };
}
