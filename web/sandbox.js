// The sandbox: a store (store.js) and the views that draw it (views/), mounted in a root
// element (the page's #app, or the container inside a <backprop-sandbox>'s shadow root).
//
//   bar        J, Walk through the pass, Gradient step (changes the weights), α, undo, settings
//   tabs       the views: Network, Forward, Backward, Gradients, Gradient check, Training,
//              Instructor; views not open stay in the document, hidden, with their numbers
//              current (the data-* hooks are a public contract; with `deferHidden`, from
//              `drawn` on: they are first drawn just after the first screen is painted)
//   explain    beside the views (under them on a narrow screen, docked at the bottom): the
//              start-here card, the selection's equation with its numbers, the check of a
//              value worked out by hand, or the walkthrough
//
// Every view has one contract, { el, update(state, previous), destroy() }: it draws from the
// state and changes it only through ctx.dispatch. The page talks to the engine only through
// compute.js.

import katex from 'katex';
import { h, uid } from './dom.js';
import { createCompute } from './compute.js';
import { createStore, initialState, currentStep, VIEWS, selectionFits } from './store.js';
import { isKnown } from './walk.js';
import { saveState } from './session.js';
import { cloneDocument } from './network-doc.js';
import { formatNumber } from './notation.js';
import { tooLargeToDraw, weightCount } from './views/summary.js';
import { createBar } from './views/bar.js';
import { createTabs, createBanner, createTabsStatus, VIEW_INFO } from './views/tabs.js';
import { createExplainView } from './views/explain.js';
import { createDiagramView } from './views/diagram.js';
import { createForwardView } from './views/forward.js';
import { createBackwardView } from './views/backward.js';
import { createGradientsView } from './views/gradients.js';
import { createGradCheckView } from './views/gradcheck.js';
import { createSummaryView } from './views/summary.js';
import { createTips } from './views/tips.js';
import { createSignToggle } from './views/sign.js';
import { createDock } from './views/dock.js';

/** More weights than this and the page renders only the blocks near the screen. */
const LARGE_NETWORK_WEIGHTS = 64;

/** The parts a sandbox can show besides its views (embeds choose; the page shows all). */
export const PARTS = Object.freeze(['bar', 'walk', 'step', 'explain', 'check']);

const VIEW_FACTORIES = {
  network: createDiagramView,
  forward: createForwardView,
  backward: createBackwardView,
  gradients: createGradientsView,
  gradcheck: createGradCheckView,
};
/** The views in extras.js, and the name of their factory there. */
const EXTRA_VIEWS = { training: 'createTrainingView', instructor: 'createInstructorView' };

/**
 * A view of extras.js: built at once when the extras are at hand (the element), else when it is
 * first opened (the page loads the extras then, options.extras() resolving to them). Until then
 * its place says it is loading.
 */
function extraView(name, ctx, extras) {
  const el = h('div', { class: 'extra-view' });
  const waiting = h('p', { class: 'hint loading', text: 'Loading…' });
  el.append(waiting);
  let real = null;
  let loading = null;
  const build = (module) => {
    if (real) return;
    real = module[EXTRA_VIEWS[name]](ctx);
    el.replaceChildren(real.el);
    real.update(ctx.store.state, null);
  };
  const load = () => {
    if (real || loading) return;
    if (typeof extras !== 'function') { build(extras); return; }
    if (extras.loaded) { build(extras.loaded); return; } // already fetched: build now, in this frame
    loading = Promise.resolve().then(extras).then(build, (err) => {
      loading = null;
      waiting.textContent = `This view could not be loaded: ${err?.message ?? err}`;
    });
  };
  if (extras && typeof extras !== 'function') load();
  return {
    el,
    update(state, previous) {
      if (real) real.update(state, previous);
      else if (state.view === name) load();
    },
    destroy() { real?.destroy(); },
    /** Resolves once the view is built (loading it if need be). */
    ready() { load(); return loading ?? Promise.resolve(); },
  };
}
/** Views drawn number by number: a network too large to draw shows its summary instead. */
const CELL_VIEWS = new Set(['network', 'forward', 'backward', 'gradients', 'gradcheck']);

/**
 * KaTeX's delimiter fonts, loaded once the first screen is up: the walkthrough's and the
 * chain's matrices use them, and a font arriving only when they are first shown would lay
 * those equations out twice, moving what is under them.
 */
function warmFonts() {
  const fonts = globalThis.document?.fonts;
  if (!fonts?.load) return;
  const idle = globalThis.requestIdleCallback ?? ((fn) => setTimeout(fn, 200));
  idle(() => {
    for (const face of ['KaTeX_Size1', 'KaTeX_Size2', 'KaTeX_Size3', 'KaTeX_Size4']) fonts.load(`16px ${face}`).catch(() => {});
  }, { timeout: 2000 });
}

/** Why a document changed, in the words onDocumentChange listeners get. */
function reasonOf(action, state, previous) {
  switch (action) {
    case 'undo': return 'undo';
    case 'redo': return 'redo';
    case 'loadDocument': case 'hostDocument': return 'load';
    case 'setLearningRate': return 'alpha';
    case 'trainingUpdate': return state.history.past.length !== previous.history.past.length ? 'training-start' : 'training';
    default: return 'edit';
  }
}

/**
 * Mounts the sandbox in `root`. options:
 *   document, example, view, selection   where it starts
 *   messages         texts for the banner at the start (a share link that could not be read)
 *   storage          localStorage (the page keeps its network across reloads), or null
 *   views            the views offered (default all); parts: which of PARTS show (default all)
 *   readonly         the network cannot be changed (the actions marked as edits are refused)
 *   mayEdit(q, layer)  which parameters may change (a lesson's step); q 'all' asks about actions
 *                    that change them all (the gradient step, training, loading)
 *   walk             start walking through the pass
 *   intro            show the start-here card (default true; its dismissal is remembered in storage)
 *   title            a title in the bar
 *   stepNote         after a gradient step, a note of what it did (J before and after)
 *   extras           the Training and Instructor views (extras.js), or a function that loads them
 *   deferHidden      draw the open view first, the hidden ones after the first screen is painted
 *   onPass(result), onView(view)   callbacks after every new pass and view
 * Returns the sandbox's handle (see the end of this function).
 */
export function createSandbox(root, engine, options = {}) {
  const compute = createCompute(engine);
  const views = (options.views ?? VIEWS).filter((v) => VIEWS.includes(v));
  const parts = new Set(options.parts ?? PARTS);
  // Starting in the walkthrough needs its controls (they live in the explanation column).
  if (options.walk) parts.add('walk');
  const introKey = 'backprop-sandbox/intro-dismissed/v1';
  let introDismissed = false;
  try { introDismissed = options.storage?.getItem(introKey) === '1'; } catch { /* storage refused */ }

  const store = createStore(compute, initialState({
    doc: options.document,
    example: options.example,
    view: views.includes(options.view) ? options.view : (views[0] ?? 'network'),
    selection: options.selection,
    intro: { dismissed: introDismissed || options.intro === false },
  }), { readonly: Boolean(options.readonly), mayEdit: options.mayEdit ?? null });

  // Typeset into a detached element, then put it in el's place whole: an equation whose
  // numbers changed is new text, and nothing of the old one slides along to make room.
  // mode: false inline, true display, 'lines' display-sized but inline, so that a long chain of
  // equalities breaks after an "=" in a narrow column instead of running past its edge.
  const scratch = document.createElement('div');
  const tex = (el, source, mode = false) => {
    const lines = mode === 'lines';
    katex.render(lines ? `\\displaystyle ${source}` : source, scratch, { trust: false, throwOnError: false, displayMode: mode === true, output: 'htmlAndMathml' });
    el.replaceChildren(...scratch.childNodes);
  };

  const idPrefix = uid('bp');
  const ctx = {
    store,
    compute,
    options,
    tex,
    dispatch: (name, payload, opts) => store.dispatch(name, payload, opts),
    pass: (state) => store.pass(state),
    step: (state) => currentStep(state),
    /** Whether the walkthrough has revealed quantity d (always, when it is off). */
    known: (state, d) => isKnown(state.walk, store.steps(state), d),
    /** The document as the fields show it: a batch's example shown. */
    docView: (state) => {
      const d = state.doc;
      if (!Array.isArray(d.input[0])) return d;
      const k = Math.min(Math.max(state.example, 1), d.input.length) - 1;
      return { ...d, input: d.input[k], target: d.target[k] };
    },
    /** What the views mark: the selection, the pointer, the walkthrough's step. */
    marks: (state) => ({
      selection: state.selection,
      hover: state.hover,
      step: currentStep(state),
      opts: { L: state.doc.layers.length, ce: state.doc.loss === 'cross-entropy', decay: (state.doc.weightDecay ?? 0) > 0 },
    }),
    /** Whether an action can be used here (a read-only sandbox refuses the editing ones). */
    can: (name) => !(store.edits(name) && (store.readonly || (options.mayEdit && name !== 'edit' && name !== 'undo' && name !== 'redo' && !options.mayEdit('all')))),
    part: (name) => parts.has(name),
    hasView: (name) => views.includes(name),
    id: (name) => `${idPrefix}-${name}`,
  };

  // ---- layout -----------------------------------------------------------------------------------

  const bar = parts.has('bar') ? createBar(ctx) : null;
  const tabs = views.length > 1 ? createTabs(ctx, views) : null;
  const banner = createBanner(ctx);
  const tabsStatus = createTabsStatus(ctx);
  const tabsRow = h('div', { class: 'tabs-row' }, tabs?.el, tabsStatus.el);
  // The explanation column: the explanation, the check, and the walkthrough's controls.
  const explain = parts.has('explain') || parts.has('check') || parts.has('walk') ? createExplainView(ctx) : null;
  const summary = createSummaryView(ctx);
  const mounted = views.map((name) => {
    const view = VIEW_FACTORIES[name] ? VIEW_FACTORIES[name](ctx) : extraView(name, ctx, options.extras);
    const section = h('section', {
      class: ['view', `view-${name}`],
      id: ctx.id(`view-${name}`),
      role: tabs ? 'tabpanel' : 'region',
      'aria-labelledby': tabs ? ctx.id(`tab-${name}`) : null,
      'aria-label': tabs ? null : VIEW_INFO[name].title,
      dataset: { view: name },
    }, view.el);
    return { name, view, section, cells: CELL_VIEWS.has(name), parked: false };
  });
  const tooLarge = h('p', { class: 'too-large hint', hidden: true });
  const explainColumn = explain ? h('aside', { class: 'explain-column', id: ctx.id('explain'), 'aria-label': 'Explanation of the selection' }, explain.el) : null;
  const dock = explain ? createDock(ctx, explainColumn) : null;
  const main = h('div', { class: 'main' }, banner.el, tooLarge, summary.el, ...mounted.map((m) => m.section), dock?.el);
  // Only the walkthrough's controls (an embed without the explanation): under the view, and
  // only while walking.
  const walkOnly = explain && !parts.has('explain') && !parts.has('check');
  const body = h('div', { class: ['body', walkOnly ? 'walk-only' : explain ? 'has-explain' : 'no-explain'] }, main, explainColumn);
  root.classList.add('bp-sandbox');
  root.replaceChildren(...[bar?.el, tabsRow, body].filter(Boolean));
  root.dataset.views = views.join(' ');
  root.classList.toggle('is-readonly', store.readonly);
  root.classList.toggle('single-view', views.length === 1);
  root.classList.toggle('no-views', views.length === 0);
  const tips = createTips(root, ctx.id('tip'));
  const sign = createSignToggle(root);

  // ---- drawing --------------------------------------------------------------------------------

  let summarised = null;
  function setSummarised(on, state) {
    if (on === summarised) return;
    summarised = on;
    root.classList.toggle('is-summarised', on);
    summary.el.hidden = !on;
    tooLarge.hidden = !on;
    tooLarge.textContent = on ? `${state.doc.layers.join('-')} is too large to draw number by number: its pass is summarised below. The Training and Instructor views work as usual.` : '';
    for (const m of mounted) {
      if (!m.cells) continue;
      m.parked = on;
      if (on) m.view.el.remove();
      else m.section.append(m.view.el);
    }
  }

  function draw(state, previous) {
    const large = tooLargeToDraw(state.doc.layers);
    setSummarised(large, state);
    root.classList.toggle('is-large', weightCount(state.doc.layers) > LARGE_NETWORK_WEIGHTS);
    root.classList.toggle('is-walking', state.walk.on);
    root.classList.toggle('is-batch', Array.isArray(state.doc.input[0]));
    root.classList.toggle('is-stale', ctx.pass(state).stale);
    root.classList.toggle('has-planted-bug', state.plantedBug !== 'none' && !ctx.pass(state).bugMessage);
    root.style.setProperty('--digits', String(state.settings.digits));
    root.dataset.view = state.view;
    bar?.update(state, previous);
    tabs?.update(state, previous);
    tabsStatus.update(state, previous);
    banner.update(state, previous);
    for (const m of mounted) {
      // A parked view (the network is summarised) shows nothing: no empty box under the summary.
      m.section.hidden = m.name !== state.view || m.parked;
      if (m.parked) continue;
      if (m.fresh && m.waits && m.section.hidden) continue; // drawn whole when its turn comes (`drawn` below)
      m.view.update(state, m.fresh ? null : previous);
      m.fresh = false;
    }
    if (large) summary.update(state);
    explain?.update(state, previous);
    dock?.update(state);
  }

  // ---- reacting to the store ------------------------------------------------------------------

  const changeListeners = new Set();
  let persistTimer = 0;
  function persist(state, { soon = false } = {}) {
    if (!options.storage) return;
    clearTimeout(persistTimer);
    persistTimer = 0;
    if (soon) { persistTimer = setTimeout(() => persist(store.state), typeof soon === 'number' ? soon : 1000); return; }
    const problem = saveState(options.storage, state.doc, state.example);
    if (problem && !state.message) store.dispatch('showMessage', { text: problem, kind: 'note' });
  }

  // A save still waiting is written when the page is left or hidden.
  const flushSave = () => { if (persistTimer) persist(store.state); };
  const onHidden = () => { if (document.visibilityState === 'hidden') flushSave(); };
  window.addEventListener('pagehide', flushSave);
  document.addEventListener('visibilitychange', onHidden);

  const unsubscribe = store.subscribe((state, previous, action) => {
    draw(state, previous);
    // Typing writes the saved copy a moment later (and when the page is left), not on every key.
    if (state.doc !== previous.doc || state.example !== previous.example) persist(state, { soon: action === 'trainingUpdate' || (action === 'edit' && 300) });
    if (state.doc !== previous.doc) {
      const reason = reasonOf(action, state, previous);
      for (const fn of changeListeners) fn(reason);
    }
    if (action === 'step' && options.stepNote && state.lastStep) {
      // What the step did, said where it does not cover what was clicked (the page only).
      const st = state.lastStep;
      const before = compute.pass(st.before, state.plantedBug).result.loss;
      const after = ctx.pass(state).batch.result.loss;
      const d = state.settings.digits;
      queueMicrotask(() => store.dispatch('showMessage', { kind: 'note', text: `Gradient step ${st.count} with α = ${st.alpha}: J went from ${formatNumber(before, d)} to ${formatNumber(after, d)}; every weight and bias moved by −α times its gradient (before and after, one by one: the Training view).` }));
    }
    const batchOf = (s) => compute.pass(s.ranDoc ?? s.doc, s.plantedBug);
    if (batchOf(state) !== batchOf(previous)) options.onPass?.(batchOf(state).result);
    if (state.view !== previous.view) options.onView?.(state.view);
    if (state.intro.dismissed !== previous.intro.dismissed) {
      try { options.storage?.setItem(introKey, state.intro.dismissed ? '1' : '0'); } catch { /* storage refused */ }
    }
  });

  // ---- keys -------------------------------------------------------------------------------------

  /** Elements whose own keys (caret, options, radio arrows) must keep ← → Home End j k. */
  const ownsKeys = (el) => el && (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT'
    || (el.tagName === 'INPUT' && !['checkbox', 'button', 'submit', 'reset', 'radio'].includes(el.type)) || el.getAttribute?.('role') === 'tab');

  const onKey = (e) => {
    if (e.defaultPrevented || e.altKey) return;
    const path = e.composedPath();
    const t = path[0];
    const host = root.getRootNode().host;
    const nowhere = t === document.body || t === document.documentElement || t === document;
    // Nothing focused counts as inside only for the page's own sandbox, not for embedded ones
    // (several on a page would all react at once).
    const pageLevel = root.getRootNode() === document;
    const inside = path.includes(root) || (host && path.includes(host)) || (pageLevel && nowhere);
    if (!inside) return;
    if (e.ctrlKey || e.metaKey) {
      // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y (Cmd on a Mac): undo and redo of the network, also from
      // inside a number field (its own text undo would only re-type a value).
      const k = e.key.toLowerCase();
      if ((k !== 'z' && k !== 'y') || !ctx.can('undo')) return;
      if (t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && !t.classList.contains('field')) || t.isContentEditable) return;
      e.preventDefault();
      store.dispatch(k === 'y' || e.shiftKey ? 'redo' : 'undo');
      return;
    }
    if (!store.state.walk.on || ownsKeys(t)) return;
    const move = { ArrowRight: 1, j: 1, ArrowLeft: -1, k: -1, Home: -Infinity, End: Infinity }[e.key];
    if (move === undefined) return;
    e.preventDefault();
    store.dispatch('walkMove', move);
  };
  document.addEventListener('keydown', onKey);

  // ---- start --------------------------------------------------------------------------------------

  for (const m of mounted) {
    m.fresh = true;
    m.waits = Boolean(options.deferHidden);
  }
  draw(store.state, store.state);
  // The views the first screen does not show: drawn once it is painted in its fonts (a view's
  // drawing would hold back the frame that shows them), one task each.
  const drawn = new Promise((resolve) => {
    const next = () => {
      const m = mounted.find((v) => v.waits);
      if (!m) { resolve(); return; }
      m.waits = false;
      if (m.fresh && !m.parked) {
        m.view.update(store.state, null);
        m.fresh = false;
      }
      setTimeout(next, 0);
    };
    const painted = () => requestAnimationFrame(() => setTimeout(next, 0));
    if (!options.deferHidden) resolve();
    else if (document.fonts?.ready) document.fonts.ready.then(painted, painted);
    else painted();
  });
  warmFonts();
  // Shown above the sandbox, in the flow, rather than over it: there before anything else is.
  if (options.messages?.length) store.dispatch('showMessage', { text: options.messages.join(' '), start: true });
  if (options.walk) store.dispatch('walkStart');
  persist(store.state);
  options.onPass?.(ctx.pass(store.state).batch.result);

  /** A document from a script: the engine's word first. Returns { ok } or { ok: false, message }. */
  function load(doc, opts = {}, action = 'loadDocument') {
    const problem = compute.validate(doc);
    if (problem) {
      store.dispatch('showMessage', { text: `Not applied: ${problem.message}` });
      return { ok: false, message: problem.message };
    }
    return store.dispatch(action, { doc, ...opts });
  }

  return {
    store,
    /** The state, with the pass the page shows (result, resultDoc: the example shown; batchResult). */
    get state() {
      const s = store.state;
      const pass = store.pass(s);
      return { ...s, result: pass.result, resultDoc: pass.doc, batchResult: pass.batch.result, digits: s.settings.digits };
    },
    getDocument: () => cloneDocument(store.state.doc),
    /** The host's document (el.document = …): taken even when the sandbox is read-only. */
    setDocument: (doc) => load(doc, {}, 'hostDocument'),
    loadDocument: (doc, opts) => load(doc, opts),
    select(sel) {
      if (!selectionFits(sel, store.state.doc.layers)) {
        const what = sel && typeof sel === 'object' ? JSON.stringify(sel) : String(sel);
        return { ok: false, message: `select(): ${what} names nothing in this ${store.state.doc.layers.join('-')} network (expected { q, layer, row, col } with q one of W, dW, b, db, x, y, z, a, fprime, delta, J and 1-based indices in range)` };
      }
      return store.dispatch('select', sel);
    },
    setView: (view) => store.dispatch('setView', view),
    /** Resolves when the view's code is loaded and built (the page loads Training and Instructor on demand). */
    /** Resolves once every view is drawn (at once, unless `deferHidden`). */
    drawn,
    viewReady: (view) => mounted.find((m) => m.name === view)?.view.ready?.() ?? Promise.resolve(),
    run: () => store.dispatch('run'),
    showMessage: (text) => store.dispatch('showMessage', { text }),
    undo: () => store.dispatch('undo'),
    redo: () => store.dispatch('redo'),
    /** fn(reason) after every change of the document: 'edit', 'undo', 'redo', 'load', 'alpha', 'training-start', 'training'. */
    onDocumentChange(fn) {
      changeListeners.add(fn);
      return () => changeListeners.delete(fn);
    },
    destroy() {
      unsubscribe();
      document.removeEventListener('keydown', onKey);
      flushSave();
      window.removeEventListener('pagehide', flushSave);
      document.removeEventListener('visibilitychange', onHidden);
      for (const m of mounted) {
        m.waits = false;
        m.view.destroy();
      }
      bar?.destroy();
      tabs?.destroy();
      tabsStatus.destroy();
      banner.destroy();
      explain?.destroy();
      dock?.destroy();
      tips.destroy();
      sign.destroy();
      compute.dispose();
      root.replaceChildren();
    },
  };
}
