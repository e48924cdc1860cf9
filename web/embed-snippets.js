// The snippets that put a sandbox into a course page: the <backprop-sandbox> element (one
// script tag, the network inline or a preset) and an iframe of embed.html (the network in
// the URL fragment, in the share-link format, for hosts that strip scripts). Pure functions
// that build text; the page shows it in <textarea>s, so no markup from a document is ever
// inserted into a page.
//
// Paths are relative: `base` is where the course page will find the contents of dist/ (by
// default "backprop-sandbox/", the folder the README tells authors to copy dist/ into).

import { shareFragment } from './session.js';

/** JSON for inside <script type="application/json">: "<" escaped so no "</script>" can appear. */
export function inlineJson(doc) {
  return JSON.stringify(doc).replace(/</g, '\\u003c');
}

const attr = (value) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A base folder as a path prefix: "" or ending in "/". Absolute URLs are kept as they are. */
export function normaliseBase(base) {
  const b = String(base ?? '').trim();
  if (b === '' || b === '.' || b === './') return '';
  return b.endsWith('/') ? b : `${b}/`;
}

/**
 * The element's attributes for embed options { views, readonly, theme, preset, walk }, in a
 * fixed order ("views" only when it is not the default, a single network view).
 */
export function elementAttributes({ views = ['network'], readonly = false, theme = '', preset = '', walk = false } = {}) {
  const out = [];
  if (preset) out.push(['preset', preset]);
  if (!(views.length === 1 && views[0] === 'network')) out.push(['views', views.join(',')]);
  if (readonly) out.push(['readonly', true]);
  if (walk) out.push(['walk', true]);
  if (theme === 'light' || theme === 'dark') out.push(['theme', theme]);
  return out;
}

/** The element snippet: one script tag, the element, the document inline (unless a preset). */
export function elementSnippet(doc, options = {}) {
  const base = normaliseBase(options.base ?? 'backprop-sandbox/');
  const attrs = elementAttributes(options).map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${attr(v)}"`)).join('');
  const lines = [`<script src="${attr(`${base}backprop-sandbox.js`)}"></script>`];
  if (options.preset) lines.push(`<backprop-sandbox${attrs}></backprop-sandbox>`);
  else lines.push(`<backprop-sandbox${attrs}>`, `  <script type="application/json">${inlineJson(doc)}</script>`, '</backprop-sandbox>');
  return lines.join('\n');
}

/** The query string of embed.html for embed options. */
export function embedQuery(options = {}) {
  const params = elementAttributes(options).map(([k, v]) => (v === true ? k : `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`));
  return params.length ? `?${params.join('&')}` : '';
}

/** embed.html's address (relative to `base`) for a document and embed options. */
export function embedSource(doc, options = {}) {
  const base = normaliseBase(options.base ?? 'backprop-sandbox/');
  return `${base}embed.html${embedQuery(options)}${options.preset ? '' : shareFragment(doc)}`;
}

/** The iframe snippet, with the few lines that size the frame to the height it reports. */
export function iframeSnippet(doc, options = {}) {
  const height = options.height ?? 640;
  return [
    `<iframe src="${attr(embedSource(doc, options))}" title="Backprop Sandbox" style="width: 100%; height: ${height}px; border: 0" loading="lazy"></iframe>`,
    '<script>',
    '  // Optional: size Backprop Sandbox iframes to the height they report.',
    "  addEventListener('message', function (e) {",
    "    if (!e.data || e.data.type !== 'backprop-sandbox:height') return;",
    "    document.querySelectorAll('iframe').forEach(function (f) {",
    "      if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';",
    '    });',
    '  });',
    '</script>',
  ].join('\n');
}
