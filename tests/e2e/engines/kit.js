// What the scenarios put into the page under test: hooks that collect its problems, and a
// finder that reaches into shadow roots and same-origin frames. One function, installKit,
// self-contained (the drivers send its source to the browser): through puppeteer it is a
// preload script (it runs in every document and frame before the page's own scripts); through
// WebKit's WebDriver, which has none, it is run right after each load (drivers.js says where).
//
// window.__bp:
//   problems     strings, one per problem: an uncaught error, an unhandled rejection, a call of
//                console.error, a resource that failed to load, a Content-Security-Policy
//                violation (securitypolicyviolation, seen in the capture phase on window, so
//                also those fired in shadow roots)
//   early        true when installed before the page's scripts ran (readyState 'loading')
//   find(path)   the element at path: a CSS selector, or a list of them, each after the first
//                searched inside the previous one's shadow root or (same-origin) frame document
//   target(path) where a pointer would click it, in the top window's viewport coordinates:
//                { x, y } once it is scrolled into view, drawn and not covered, else { wait }
//                saying why not

export function installKit() {
  if (window.__bp) return window.__bp.early;
  const problems = [];
  const note = (kind, text) => problems.push(`${kind}: ${String(text).slice(0, 500)}`);
  window.addEventListener('error', (e) => {
    const t = e.target;
    if (t && t !== window && t.tagName) note('resource', `${t.tagName.toLowerCase()} ${t.src || t.href || ''} did not load`);
    else note('uncaught', `${e.message} (${e.filename}:${e.lineno})`);
  }, true);
  // An Error's stack holds its message in V8, not in SpiderMonkey or JavaScriptCore.
  const described = (x) => (x instanceof Error ? `${x.name}: ${x.message}${x.stack ? `\n${x.stack}` : ''}` : String(x));
  window.addEventListener('unhandledrejection', (e) => note('unhandled rejection', described(e.reason)));
  window.addEventListener('securitypolicyviolation', (e) => {
    note('csp', `${e.effectiveDirective || e.violatedDirective} refused ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample || ''}`);
  }, true);
  const original = console.error;
  console.error = function (...args) {
    note('console.error', args.map(described).join(' '));
    return original.apply(this, args);
  };

  const inside = (el) => {
    if (el.shadowRoot) return el.shadowRoot;
    if (el.tagName === 'IFRAME') return el.contentDocument; // null when not same-origin
    return null;
  };
  const find = (path) => {
    const steps = Array.isArray(path) ? path : [path];
    let root = document;
    let el = null;
    for (let k = 0; k < steps.length; k += 1) {
      if (!root) return null;
      el = root.querySelector(steps[k]);
      if (!el) return null;
      if (k < steps.length - 1) root = inside(el);
    }
    return el;
  };
  const target = (path) => {
    const steps = Array.isArray(path) ? path : [path];
    // The element, and the frames crossed on the way to it.
    let root = document;
    let el = null;
    const frames = [];
    for (let k = 0; k < steps.length; k += 1) {
      if (!root) return { wait: `${steps[k - 1]} has no reachable inside` };
      el = root.querySelector(steps[k]);
      if (!el) return { wait: `no ${steps.slice(0, k + 1).join(' / ')}` };
      if (k < steps.length - 1) {
        if (el.tagName === 'IFRAME') frames.push(el);
        root = inside(el);
      }
    }
    if (el.disabled) return { wait: `${steps.join(' / ')} is disabled` };
    // Scrolls every scrolling ancestor, frames' documents included; then measures.
    el.scrollIntoView({ block: 'center', inline: 'center' });
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return { wait: `${steps.join(' / ')} is not drawn (${r.width}×${r.height})` };
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    const covered = (node, hit) => {
      if (hit && (hit === node || node.contains(hit))) return null;
      const name = hit ? `${hit.tagName.toLowerCase()}${typeof hit.className === 'string' && hit.className.trim() ? `.${hit.className.trim().split(/\s+/).join('.')}` : ''}` : 'nothing';
      return { wait: `${steps.join(' / ')} is covered by ${name}` };
    };
    // What a pointer at the centre would hit (inside the same shadow root or frame document).
    const inner = covered(el, el.getRootNode().elementFromPoint(x, y));
    if (inner) return inner;
    // Each frame's content box in the coordinates of the document around it.
    let dx = 0;
    let dy = 0;
    for (let k = frames.length - 1; k >= 0; k -= 1) {
      const f = frames[k].getBoundingClientRect();
      dx += f.left + frames[k].clientLeft;
      dy += f.top + frames[k].clientTop;
      const outer = covered(frames[k], frames[k].getRootNode().elementFromPoint(x + dx, y + dy));
      if (outer) return outer;
    }
    return { x: Math.round(x + dx), y: Math.round(y + dy) };
  };
  window.__bp = { problems, early: document.readyState === 'loading', find, target };
  return window.__bp.early;
}
