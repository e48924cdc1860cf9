// <backprop-sandbox>: the sandbox as a custom element for course pages, bundled into one
// classic script (dist/backprop-sandbox.js) so that it also works on a page opened from disk.
//
//   <script src="backprop-sandbox.js"></script>
//   <backprop-sandbox views="network,gradients" readonly theme="dark">
//     <script type="application/json">{ "layers": [2, 2, 2], ... }</script>
//   </backprop-sandbox>
//
// The network: an inline <script type="application/json"> child, else the `src` attribute
// (URL of a JSON document), else `preset` (a name from teach/presets.js), else the default
// 2-2-2 network. Attributes: views (default: the network alone, with the explanation and the
// check: about one screen), readonly, walk (start walking through the pass), theme (light |
// dark; default: the system's setting), and the older panels and step-through, still read
// (embed-options.js). A word that names nothing is said on the element itself. Scripting: el.document (get / set; a refused document throws and
// changes nothing), el.result (the last pass, as net.run()), el.ready (a promise), events
// `pass` (detail: the result, after every pass), `change` (detail: the document, after every
// edit made in the element) and `ready`.
//
// Each element mounts the page's own sandbox (sandbox.js) in a shadow root: the host page's
// CSS cannot reach in and the sandbox's cannot leak out. All elements on a page share one
// WebAssembly engine (loadEngine is memoised). Nothing read from a document or an attribute
// is ever inserted as HTML.

import { loadEngine, DocumentError } from '../bindings/browser.js';
import { createSandbox } from './sandbox.js';
import * as extras from './extras.js';
import { DEFAULT_DOCUMENT } from './network-doc.js';
import { checkDocumentText, MAX_TEXT } from './session.js';
import { getPreset, PRESET_NAMES } from './teach/presets.js';
import { embedLayout } from './embed-options.js';
import { createLessonPlayer } from './lesson-player.js';
import { readLesson } from './teach/lesson.js';
import { LESSONS } from './lessons/index.js';
import { forShadowRoot, splitKatexCss } from './element-css.js';

/* global __BP_STYLES_CSS__, __BP_KATEX_CSS__, __BP_ELEMENT_CSS__ */
// The stylesheets' text, put in by scripts/build-web.mjs (esbuild `define`).
const STYLES_CSS = typeof __BP_STYLES_CSS__ === 'string' ? __BP_STYLES_CSS__ : '';
const KATEX_CSS = typeof __BP_KATEX_CSS__ === 'string' ? __BP_KATEX_CSS__ : '';
const ELEMENT_CSS = typeof __BP_ELEMENT_CSS__ === 'string' ? __BP_ELEMENT_CSS__ : '';

export const TAG = 'backprop-sandbox';

/** Where this script was loaded from: KaTeX's fonts are in katex/fonts/ beside it. */
const SCRIPT_URL = (() => {
  const current = typeof document !== 'undefined' ? document.currentScript : null;
  if (current?.src) return current.src;
  const found = typeof document !== 'undefined' ? Array.from(document.scripts).find((s) => /backprop-sandbox(\.min)?\.js(\?|#|$)/.test(s.src)) : null;
  return found?.src ?? (typeof document !== 'undefined' ? document.baseURI : '');
})();

// ---- styles: built once, shared by every instance -------------------------------------------

let sheets = null;
let styleText = null;
function shadowStyles() {
  if (sheets || styleText) return;
  const { rest } = splitKatexCss(KATEX_CSS, new URL('katex/', SCRIPT_URL).href);
  const texts = [rest, forShadowRoot(STYLES_CSS), forShadowRoot(ELEMENT_CSS)];
  try {
    sheets = texts.map((text) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      return sheet;
    });
  } catch {
    sheets = null; // no constructable stylesheets (older browsers): a <style> per instance
    styleText = texts.join('\n');
  }
}

/**
 * KaTeX's @font-face rules, in the document (font faces declared in a shadow root are ignored).
 * As a constructed stylesheet adopted by the document where the browser has them: a host page
 * whose Content-Security-Policy allows no inline styles (style-src 'self', as dist/ does)
 * refuses a <style> element, not a constructed sheet. Older browsers get the <style>.
 */
let fontSheet = null;
function installFonts() {
  if (fontSheet || document.querySelector('style[data-backprop-sandbox-fonts]')) return;
  const { fontFaces } = splitKatexCss(KATEX_CSS, new URL('katex/', SCRIPT_URL).href);
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(fontFaces);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    fontSheet = sheet;
    return;
  } catch {
    // no constructable stylesheets: the <style> below
  }
  const style = document.createElement('style');
  style.dataset.backpropSandboxFonts = '';
  style.textContent = fontFaces;
  (document.head ?? document.documentElement).append(style);
}

const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

const clone = (value) => (value == null ? value : (typeof structuredClone === 'function' ? structuredClone(value) : JSON.parse(JSON.stringify(value))));

/** A document given to el.document: an object, or JSON text. Throws DocumentError. */
function checkGiven(engine, doc) {
  if (typeof doc === 'string') {
    const checked = checkDocumentText(engine, doc);
    if (!checked.ok) throw new DocumentError(checked.message, '');
    return checked.doc;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new DocumentError('a network document is an object (or its JSON text)', '');
  const problem = engine.validate(doc);
  if (problem) throw new DocumentError(problem.message, problem.field);
  return clone(doc);
}

export /** The text at a URL relative to the page; throws with the HTTP status or the fetch's error. */
async function fetchText(url) {
  const response = await fetch(new URL(url, document.baseURI));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

class BackpropSandboxElement extends HTMLElement {
  static get observedAttributes() { return ['src', 'preset', 'views', 'panels', 'readonly', 'walk', 'step-through', 'intro', 'theme', 'lesson']; }

  constructor() {
    super();
    shadowStyles();
    const shadow = this.attachShadow({ mode: 'open' });
    if (sheets) shadow.adoptedStyleSheets = sheets;
    else {
      const style = document.createElement('style');
      style.textContent = styleText;
      shadow.append(style);
    }
    this._wrap = document.createElement('div');
    this._wrap.className = 'bp-host';
    this._wrap.setAttribute('part', 'container');
    shadow.append(this._wrap);
    this._engine = null;
    this._sandbox = null;
    this._result = null;
    this._pending = undefined; // a document set before the sandbox was mounted
    this._programmatic = false;
    this._loading = null;
    this._destroyTimer = 0;
    this._onScheme = () => this._applyTheme();
    this._ready = new Promise((resolve, reject) => { this._resolveReady = resolve; this._rejectReady = reject; });
    this._ready.catch(() => {}); // a failed load is shown in the element; awaiting it rethrows
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  connectedCallback() {
    clearTimeout(this._destroyTimer);
    installFonts();
    this._applyTheme();
    darkQuery?.addEventListener?.('change', this._onScheme);
    if (this._sandbox || this._loading) return;
    if (!this._wrap.firstChild) this._say('Loading the backprop sandbox…', 'loading');
    // The inline <script type="application/json"> child may not be parsed yet.
    const start = () => { if (this.isConnected) this._load(); };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
    else start();
  }

  disconnectedCallback() {
    darkQuery?.removeEventListener?.('change', this._onScheme);
    // Moved within the page: connected again at once, keep everything. Removed: free it.
    clearTimeout(this._destroyTimer);
    this._destroyTimer = setTimeout(() => {
      if (this.isConnected || !this._sandbox) return;
      this._pending = this._sandbox.getDocument();
      this._sandbox.destroy();
      this._sandbox = null;
      this._wrap.replaceChildren();
    }, 0);
  }

  attributeChangedCallback(name, before, after) {
    if (before === after) return;
    if (name === 'theme') { this._applyTheme(); return; }
    if (!this._sandbox && !this._player) return; // read when the sandbox is mounted
    if (name === 'src' || name === 'preset' || name === 'lesson' || this._player) {
      this._pending = undefined;
      this._load();
    } else {
      this._mount(this._sandbox.getDocument()); // views, panels, readonly, walk
    }
  }

  // ---- scripting ------------------------------------------------------------------------------

  /** The network document (a copy); null before the first document is loaded. */
  get document() {
    if (this._player) return this._player.state.sandbox.getDocument();
    if (this._sandbox) return this._sandbox.getDocument();
    return this._pending === undefined ? null : clone(this._pending);
  }

  /**
   * Replaces the network. The engine validates it first: a refused document throws a
   * DocumentError and leaves everything as it was. Before the engine has loaded (see
   * el.ready) the document is kept and checked when it has.
   */
  set document(doc) {
    if (!this._engine) {
      this._pending = doc;
      return;
    }
    const checked = checkGiven(this._engine, doc);
    if (!this._sandbox) { this._pending = checked; return; }
    this._programmatic = true;
    let outcome;
    try {
      outcome = this._sandbox.setDocument(checked);
    } finally {
      this._programmatic = false;
    }
    if (!outcome.ok) throw new DocumentError(outcome.message, '');
  }

  /** The last pass: { loss, batchSize, layers, gradients, warnings }, as net.run() (a copy). */
  get result() { return clone(this._result); }

  /** Resolves to the element once its sandbox is on screen (rejects if it cannot load). */
  get ready() { return this._ready; }

  /** The sandbox's own API (select, run, undo, ...), once mounted: for tests and tinkerers. */
  get sandbox() { return this._sandbox; }

  // ---- internals ------------------------------------------------------------------------------

  _applyTheme() {
    const theme = (this.getAttribute('theme') ?? '').trim().toLowerCase();
    const dark = theme === 'dark' || (theme !== 'light' && Boolean(darkQuery?.matches));
    this._wrap.classList.toggle('bp-dark', dark);
  }

  _say(text, className) {
    const p = document.createElement('p');
    p.className = className;
    p.setAttribute('role', className === 'load-error' ? 'alert' : 'status');
    p.textContent = text;
    this._wrap.replaceChildren(p);
  }

  _fail(message) {
    this._say(`Backprop sandbox: ${message}`, 'load-error');
    console.error(`<${TAG}>: ${message}`);
    this._rejectReady(new Error(message));
  }

  /** Reads the configured document (pending, inline, src, preset, default) and mounts it. */
  _load() {
    const ticket = {};
    this._loading = ticket;
    const run = async () => {
      let engine;
      try {
        engine = await loadEngine();
      } catch (err) {
        throw new Error(`the engine could not be loaded (${err?.message ?? err})`);
      }
      this._engine = engine;
      if (this._pending !== undefined) {
        try {
          return checkGiven(engine, this._pending);
        } catch (err) {
          throw new Error(`the document set by script was refused: ${err.message}`);
        }
      }
      const lessonOf = (source, where) => {
        try {
          return { lesson: readLesson(engine, source) };
        } catch (err) {
          throw new Error(`the lesson in ${where} was refused: ${err.message}`);
        }
      };
      const lesson = this.getAttribute('lesson');
      if (lesson) {
        if (Object.hasOwn(LESSONS, lesson)) return lessonOf(LESSONS[lesson], `lesson="${lesson}"`);
        let text;
        try {
          text = await fetchText(lesson);
        } catch (err) {
          throw new Error(`lesson="${lesson}" could not be read (${err?.message ?? err}); the lessons that come with the sandbox are ${Object.keys(LESSONS).join(', ')}`);
        }
        return lessonOf(text, `lesson="${lesson}"`);
      }
      const inline = Array.from(this.children).find((c) => c.localName === 'script' && /^application\/json$/i.test(c.type.trim()));
      // an inline lesson (an object with "steps") or network document
      if (inline && /"steps"\s*:/.test(inline.textContent)) return lessonOf(inline.textContent, 'the inline <script type="application/json">');
      if (inline) return this._checkText(engine, inline.textContent, 'the inline <script type="application/json">');
      const src = this.getAttribute('src');
      if (src) {
        let text;
        try {
          text = await fetchText(src);
        } catch (err) {
          const fromDisk = location.protocol === 'file:' ? ' Pages opened from disk cannot fetch files: put the document in an inline <script type="application/json"> child instead, or serve the page over http.' : '';
          throw new Error(`src="${src}" could not be read (${err?.message ?? err}).${fromDisk}`);
        }
        if (text.length > MAX_TEXT) throw new Error(`src="${src}" is too large for a network of this sandbox`);
        return this._checkText(engine, text, `src="${src}"`);
      }
      const preset = this.getAttribute('preset');
      if (preset) {
        let p;
        try { p = getPreset(preset.trim()); } catch { throw new Error(`there is no preset "${preset}"; the presets are: ${PRESET_NAMES.join(', ')}`); }
        return p.document;
      }
      return clone(DEFAULT_DOCUMENT);
    };
    run().then(
      (doc) => {
        if (this._loading !== ticket) return;
        this._loading = null;
        this._pending = undefined;
        if (this.isConnected) {
          if (doc?.lesson) this._mountLesson(doc.lesson);
          else this._mount(doc);
        }
      },
      (err) => {
        if (this._loading !== ticket) return;
        this._loading = null;
        this._fail(err.message);
      },
    );
  }

  _checkText(engine, text, where) {
    const checked = checkDocumentText(engine, text);
    if (!checked.ok) throw new Error(`the network document in ${where} was refused: ${checked.message}`);
    return checked.doc;
  }

  _mount(doc) {
    this._sandbox?.destroy();
    this._sandbox = null;
    this._player?.destroy();
    this._player = null;
    const root = document.createElement('div');
    this._wrap.replaceChildren(root);
    const { views, parts, problems } = embedLayout(this.getAttribute('views'), this.getAttribute('panels'));
    for (const p of problems) console.warn(`<${TAG}> ${p}`);
    const flag = (name) => this.hasAttribute(name) && this.getAttribute(name) !== 'false';
    this._sandbox = createSandbox(root, this._engine, {
      document: doc,
      views,
      parts,
      readonly: flag('readonly'),
      walk: flag('walk') || flag('step-through'),
      // The start-here card is the learner's page's; a course page says where to start itself.
      intro: flag('intro'),
      // Shown on the element itself, not only in the console: an author sees it at once.
      messages: problems,
      assetBase: SCRIPT_URL,
      extras,
      onPass: (result) => this._passed(result),
    });
    this._sandbox.onDocumentChange((reason) => this._changed(reason));
    this._resolveReady(this);
    this.dispatchEvent(new CustomEvent('ready', { bubbles: true }));
  }

  /** A lesson instead of one network: its player, with lesson-step and lesson-complete events. */
  _mountLesson(lesson) {
    this._sandbox?.destroy();
    this._sandbox = null;
    this._player?.destroy();
    const root = document.createElement('div');
    this._wrap.replaceChildren(root);
    let storage = null;
    try { storage = window.localStorage; } catch { /* no saving */ }
    this._player = createLessonPlayer(root, this._engine, lesson, {
      storage,
      extras,
      sandbox: { assetBase: SCRIPT_URL, onPass: (result) => this._passed(result) },
      onSandbox: (sandbox) => sandbox.onDocumentChange((reason) => this._changed(reason)),
      onStep: (detail) => this.dispatchEvent(new CustomEvent('lesson-step', { bubbles: true, detail })),
      onComplete: (detail) => this.dispatchEvent(new CustomEvent('lesson-complete', { bubbles: true, detail })),
    });
    this._resolveReady(this);
    this.dispatchEvent(new CustomEvent('ready', { bubbles: true }));
  }

  _passed(result) {
    this._result = result;
    // Dispatched after the action that ran the pass has finished drawing (a listener may set
    // el.document again without re-entering it).
    queueMicrotask(() => this.dispatchEvent(new CustomEvent('pass', { bubbles: true, detail: clone(result) })));
  }

  _changed() {
    if (this._programmatic) return; // el.document = … is not an edit (like input.value = …)
    queueMicrotask(() => {
      const sandbox = this._sandbox ?? this._player?.state.sandbox;
      if (sandbox) this.dispatchEvent(new CustomEvent('change', { bubbles: true, detail: sandbox.getDocument() }));
    });
  }
}

if (typeof customElements !== 'undefined' && !customElements.get(TAG)) {
  customElements.define(TAG, BackpropSandboxElement);
}
