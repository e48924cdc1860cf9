// The page's entry point (bundled into one classic script, so the page also works opened
// from disk as file://). Loads the WebAssembly engine and mounts the sandbox in #app.
//
// The address remembers the view: index.html#view=backward opens the Backward view, and the
// fragment follows the tabs as the learner switches (replaceState: no history entry per tab).
// A share link (#doc=…) is read once, then dropped from the address, so that a reload shows
// the current (saved) state rather than the link's again.
// #lesson=<name or URL>[&step=N] opens a lesson (web/lessons/, or a lesson file over http) at
// step N (1-based); the address follows the step.

import katex from 'katex';
import factory from '../lib/backprop-engine.mjs';
import { makeLoadEngine } from '../bindings/api.js';
import { engineOptions } from './engine-loader.js';
import { createSandbox } from './sandbox.js';
import { startingState, readFragment, readView, checkDocumentText } from './session.js';
import { DEFAULT_DOCUMENT } from './network-doc.js';
import { VIEWS } from './store.js';
import { createLessonPlayer } from './lesson-player.js';
import { readLesson } from './teach/lesson.js';
import { LESSONS } from './lessons/index.js';

const root = document.getElementById('app');

/** The Training and Instructor views (dist/extras.js, a classic script beside this one), loaded when first opened. */
const SCRIPT = document.currentScript?.src ?? new URL('app.js', document.baseURI).href;

// The first screen's typeset equation needs these two of KaTeX's fonts: asked for now, they
// arrive while the engine starts and the views are built, not after the first layout.
for (const font of ['16px KaTeX_Main', 'italic 16px KaTeX_Math']) document.fonts?.load?.(font).catch(() => {});

// The engine's WebAssembly comes apart from app.js (web/engine-loader.js).
let engineFailed;
const engineFailure = new Promise((resolve, reject) => { engineFailed = reject; });
const loadEngine = makeLoadEngine(() => Promise.race([factory(engineOptions(SCRIPT, engineFailed)), engineFailure]));
let extrasLoading = null;
function loadExtras() {
  // extras.js uses this page's KaTeX rather than a copy of its own (scripts/build-web.mjs).
  window.BackpropSandboxShared = { katex };
  extrasLoading ??= new Promise((resolve, reject) => {
    if (window.BackpropSandboxExtras) { resolve(window.BackpropSandboxExtras); return; }
    const script = document.createElement('script');
    script.src = new URL('extras.js', SCRIPT).href;
    script.addEventListener('load', () => {
      if (!window.BackpropSandboxExtras) { reject(new Error('extras.js did not define its views')); return; }
      loadExtras.loaded = window.BackpropSandboxExtras;
      resolve(window.BackpropSandboxExtras);
    });
    script.addEventListener('error', () => { extrasLoading = null; reject(new Error('extras.js could not be loaded')); });
    document.head.append(script);
  });
  return extrasLoading;
}

const setHash = (hash) => {
  try { history.replaceState(null, '', location.href.replace(/#.*$/, '') + hash); } catch { /* file:// in some browsers */ }
};

/** A lesson named in the address, or null: { lesson } or { error }. */
async function lessonFromHash(engine) {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const name = params.get('lesson');
  if (!name) return null;
  const step = Number(params.get('step'));
  const read = (source) => readLesson(engine, source);
  try {
    if (Object.hasOwn(LESSONS, name)) return { lesson: read(LESSONS[name]), name, step };
    const url = new URL(name, location.href);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
    return { lesson: read(await response.text()), name, step };
  } catch (error) {
    return { error: `The lesson "${name}" could not be opened: ${error.message}` };
  }
}

function startLesson(engine, { lesson, name, step }) {
  let storage = null;
  try { storage = window.localStorage; } catch { /* no saving */ }
  const player = createLessonPlayer(root, engine, lesson, {
    storage,
    start: Number.isInteger(step) && step >= 1 ? step - 1 : undefined,
    extras: loadExtras,
    onShow: (k) => setHash(`#lesson=${encodeURIComponent(name)}&step=${k + 1}`),
  });
  window.backpropLesson = player;
  document.documentElement.dataset.firstScreen = 'true';
  return player.state.sandbox.drawn.then(() => { document.documentElement.dataset.ready = 'true'; });
}

loadEngine()
  .then(async (engine) => {
    const asked = await lessonFromHash(engine);
    if (asked?.lesson) return startLesson(engine, asked);
    // A share link (#doc=…) wins over the copy saved in this browser, which wins over the
    // default network; whatever cannot be read is said in the banner (session.js).
    let storage = null;
    try { storage = window.localStorage; } catch { /* storage disabled: no saving */ }
    const start = startingState(engine, { hash: location.hash, storage, fallback: DEFAULT_DOCUMENT });
    if (asked?.error) start.messages.push(asked.error);
    const askedView = readView(location.hash);
    if (askedView && !VIEWS.includes(askedView)) start.messages.push(`The link asks for a view "${askedView}", which does not exist; the views are ${VIEWS.join(', ')}.`);
    const sandbox = createSandbox(root, engine, {
      document: start.doc,
      example: start.example,
      view: askedView ?? undefined,
      messages: start.messages,
      storage,
      title: 'Backprop Sandbox',
      stepNote: true,
      embedBuilder: { previewBase: '' },
      extras: loadExtras,
      deferHidden: true,
      onView: (view) => setHash(view === 'network' ? '' : `#view=${view}`),
    });
    const view = sandbox.store.state.view;
    setHash(view === 'network' ? '' : `#view=${view}`);
    // A link pasted into this tab's address bar: load it (undoably), or open its view.
    window.addEventListener('hashchange', () => {
      const link = readFragment(location.hash);
      const wanted = readView(location.hash);
      if (link) {
        const checked = link.ok ? checkDocumentText(engine, link.text) : link;
        if (checked.ok) sandbox.loadDocument(checked.doc, { example: link.example });
        else sandbox.showMessage(`The share link could not be opened: ${checked.message}. The network is unchanged.`);
      }
      if (wanted && !sandbox.setView(wanted).ok) sandbox.showMessage(`The link asks for a view "${wanted}", which does not exist; the views are ${VIEWS.join(', ')}.`);
      const now = sandbox.store.state.view;
      setHash(now === 'network' ? '' : `#view=${now}`);
    });
    // For the console and for scripted demos: backpropSandbox.setDocument({...}).
    window.backpropSandbox = sandbox;
    // The first screen is drawn (J, the open view, the explanation typeset): html[data-first-screen];
    // every view drawn, hidden ones too, their data-* hooks current: html[data-ready].
    document.documentElement.dataset.firstScreen = 'true';
    return sandbox.drawn.then(() => { document.documentElement.dataset.ready = 'true'; });
  })
  .catch((err) => {
    const p = document.createElement('p');
    p.className = 'load-error';
    p.textContent = `The engine could not be loaded: ${err && err.message ? err.message : err}`;
    root.replaceChildren(p);
    document.documentElement.dataset.ready = 'error';
    console.error(err);
  });
