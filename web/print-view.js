// Opens a complete HTML page that the page itself generated (the printable worked solution,
// teach/solution.js) in a new tab, in a way the pages' Content-Security-Policy allows.
//
// A blob: or about:blank document inherits its opener's CSP, and dist/ pages allow no inline
// styles (style-src 'self'): the solution's <style> blocks and KaTeX's style="…" attributes
// would be dropped and the page shown unstyled. So the <style> blocks become constructed
// stylesheets and the style attributes are set through the CSSOM, both of which the CSP
// allows. The HTML is parsed inert (DOMParser: no script runs, nothing loads) with its style
// attributes renamed first (parsing them would already be reported as violations), scripts
// and inline handlers are dropped on the way (the generated page has none; this only makes
// sure), and the nodes are moved into an about:blank tab.
//
// Only for HTML this page generated: text in it is escaped (teach/solution.js escapeHtml),
// so ` style="` can only be an attribute of a tag.
//
// Returns the new window, or null when the browser blocked it (the caller then offers a
// download instead).

const STYLE_ATTRIBUTE = 'data-bp-print-style';

export function openHtmlDocument(html) {
  const win = window.open('', '_blank');
  if (!win) return null;
  let target;
  try {
    target = win.document;
  } catch {
    win.close(); // not reachable (should not happen: about:blank shares the opener's origin)
    return null;
  }
  const cssTexts = [];
  const text = String(html)
    .replace(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi, (_, css) => { cssTexts.push(css); return ''; })
    .replace(/(<[a-zA-Z][^<>]*?\s)style\s*=\s*"/g, `$1${STYLE_ATTRIBUTE}="`);
  const parsed = new DOMParser().parseFromString(text, 'text/html');
  for (const el of parsed.querySelectorAll('script, iframe, object, embed, base, meta[http-equiv="refresh" i]')) el.remove();
  for (const el of parsed.querySelectorAll('*')) {
    for (const attr of Array.from(el.attributes)) if (/^on/i.test(attr.name)) el.removeAttribute(attr.name);
  }
  const root = target.importNode(parsed.documentElement, true);
  for (const el of root.querySelectorAll(`[${STYLE_ATTRIBUTE}]`)) {
    el.style.cssText = el.getAttribute(STYLE_ATTRIBUTE);
    el.removeAttribute(STYLE_ATTRIBUTE);
  }
  target.replaceChild(root, target.documentElement);
  target.adoptedStyleSheets = cssTexts.map((css) => {
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  });
  return win;
}
