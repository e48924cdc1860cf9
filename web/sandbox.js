// The sandbox: one state object, the actions that change it, and the draw functions that
// show it. Components receive the root element's context (never global ids), so a later
// <backprop-sandbox> custom element can mount the same thing inside a shadow root.
//
//   state = { doc, result, resultDoc, stale, autoRun, digits, diagramMode,
//             selection, hover, lastStep, history, stepCount, error, note }
//
// doc is the network document being edited; result is the engine's PassResult for
// resultDoc (the same as doc unless "re-run on every edit" is off and edits are pending).
// The page talks to the engine only through the public API (index.d.ts).

import katex from 'katex';
import { h, uid, activeElementIn } from './dom.js';
import {
  DEFAULT_DOCUMENT, normaliseDocument, structureKey, setParam, setUnits, insertLayer,
  removeLayer, setActivation, setLoss, reinitialise, fillFrom, cloneDocument, setTargetDistribution,
} from './network-doc.js';
import { relation, describe } from './selection.js';
import { quantityLabel } from './format.js';
import { createToolbar } from './components/toolbar.js';
import { createDiagram } from './components/diagram.js';
import { createStructure, UI_LIMITS } from './components/structure.js';
import { createForward } from './components/forward.js';
import { createBackward } from './components/backward.js';
import { createGradients } from './components/gradients.js';
import { createStep } from './components/step.js';
import { createEquations } from './components/equations.js';

/** Forward and backward pass of a document; the engine's network is always freed. */
export function runPass(engine, doc) {
  const net = engine.createNetwork(doc);
  try {
    return { result: net.run(), engineDoc: net.toDocument() };
  } finally {
    net.dispose();
  }
}

/** One gradient descent step; returns J before it and the parameters after it. */
export function stepPass(engine, doc, alpha) {
  const net = engine.createNetwork(doc);
  try {
    const Jbefore = net.step(alpha);
    return { Jbefore, engineDoc: net.toDocument() };
  } finally {
    net.dispose();
  }
}

const DEFAULT_SELECTION = Object.freeze({ q: 'W', layer: 1, row: 1, col: 1 });

/** Whether a selection still names something in a network of these layer sizes. */
function selectionFits(sel, layers) {
  if (!sel) return false;
  const L = layers.length;
  const { q, layer: l, row: i, col: j } = sel;
  const inRange = (v, n) => Number.isInteger(v) && v >= 1 && v <= n;
  switch (q) {
    case 'W': case 'dW': return inRange(l, L - 1) && inRange(i, layers[l]) && inRange(j, layers[l - 1]);
    case 'b': case 'db': return inRange(l, L - 1) && inRange(i, layers[l]);
    case 'x': return inRange(i, layers[0]);
    case 'y': return inRange(i, layers[L - 1]);
    case 'z': case 'fprime': case 'delta': return l >= 2 && inRange(l, L) && inRange(i, layers[l - 1]);
    case 'a': return inRange(l, L) && inRange(i, layers[l - 1]);
    case 'J': return true;
    default: return false;
  }
}

/**
 * Mounts the sandbox in `root` (an element, or a shadow root's container).
 * Returns { state, setDocument(doc), getDocument(), select(sel), run(), destroy() }.
 */
export function createSandbox(root, engine, options = {}) {
  const state = {
    doc: normaliseDocument(options.document ?? DEFAULT_DOCUMENT),
    result: null,
    resultDoc: null,
    stale: false,
    autoRun: true,
    digits: 4,
    diagramMode: 'values',
    selection: { ...DEFAULT_SELECTION },
    hover: null,
    lastStep: null,
    history: [],
    stepCount: 0,
    error: null,
    note: null,
  };

  const tex = (el, source, display = false) => {
    katex.render(source, el, { trust: false, throwOnError: false, displayMode: display, output: 'htmlAndMathml' });
  };

  const ctx = { engine, state, tex, actions: null };
  let built = { key: null };
  let hooked = [];

  // ---- engine calls -----------------------------------------------------------------------

  function runNow() {
    try {
      const { result, engineDoc } = runPass(engine, state.doc);
      state.doc = fillFrom(state.doc, engineDoc);
      state.result = result;
      state.resultDoc = cloneDocument(state.doc);
      state.stale = false;
      state.error = null;
      return true;
    } catch (err) {
      state.error = err.message;
      return false;
    }
  }

  /**
   * Makes doc the current document if the engine accepts it. Structural changes always
   * run (the tables change shape); value edits run when "re-run on every edit" is on.
   */
  function commit(doc, { structural = false, quiet = false } = {}) {
    // quiet: the field that made the edit shows the refusal itself, no banner.
    const refuse = (message) => {
      if (!quiet) state.error = `Not applied: ${message}`;
      draw();
      return { ok: false, message };
    };
    const previous = { doc: state.doc, result: state.result, resultDoc: state.resultDoc, error: state.error };
    if (structural || state.autoRun) {
      // createNetwork validates the document itself (one parse, not two).
      state.doc = doc;
      if (!runNow()) {
        const message = state.error;
        Object.assign(state, previous);
        return refuse(message);
      }
    } else {
      const problem = engine.validate(doc);
      if (problem) return refuse(problem.message);
      state.doc = doc;
      state.stale = true;
      state.error = null;
    }
    state.lastStep = null;
    state.history = [];
    if (!selectionFits(state.selection, state.doc.layers)) state.selection = { ...DEFAULT_SELECTION };
    if (!selectionFits(state.hover, state.doc.layers)) state.hover = null;
    draw();
    return { ok: true };
  }

  // ---- actions: the only way the components change the state --------------------------------

  const actions = {
    edit(desc, value) {
      state.note = null;
      if (desc.q === 'y' && state.doc.loss === 'cross-entropy') {
        const { doc, note } = setTargetDistribution(state.doc, desc.row, value);
        const outcome = commit(doc, { quiet: true });
        if (outcome.ok && note) { state.note = note; showBanner(); }
        return outcome;
      }
      return commit(setParam(state.doc, desc.q, desc.layer, desc.row, desc.col, value), { quiet: true });
    },
    select(desc) {
      if (!desc) return;
      state.selection = { q: desc.q, layer: desc.layer, row: desc.row, col: desc.col };
      drawSelection();
    },
    hover(desc) {
      state.hover = desc ? { ...desc } : null;
      highlight();
    },
    readout(el) { toolbar.showReadout(el); },
    run() { runNow(); draw(); },
    setAutoRun(on) {
      state.autoRun = on;
      if (on && state.stale) runNow();
      draw();
    },
    setDigits(d) {
      state.digits = d;
      root.style.setProperty('--digits', String(d));
      rebuild(true);
    },
    setDiagramMode(mode) {
      state.diagramMode = mode;
      diagram.build(state);
      collectHooks();
      draw();
    },
    setLearningRate(alpha) {
      state.doc = { ...state.doc, learningRate: alpha };
      if (state.resultDoc) state.resultDoc = { ...state.resultDoc, learningRate: alpha };
      toolbar.update(state);
      step.update(state);
    },
    step() {
      const before = state.doc;
      const alpha = before.learningRate;
      let outcome;
      try {
        outcome = stepPass(engine, before, alpha);
      } catch (err) {
        state.error = `The engine refused to step: ${err.message}`;
        draw();
        return;
      }
      const after = { ...cloneDocument(before), weights: outcome.engineDoc.weights, biases: outcome.engineDoc.biases };
      state.doc = after;
      if (!runNow()) { state.doc = before; draw(); return; }
      state.history.push(before);
      state.stepCount += 1;
      state.lastStep = { alpha, before, after: state.doc, Jbefore: outcome.Jbefore, Jafter: state.result.loss };
      draw();
    },
    undoStep() {
      if (state.history.length === 0) return;
      state.doc = state.history.pop();
      state.stepCount = Math.max(0, state.stepCount - 1);
      state.lastStep = null;
      runNow();
      draw();
    },
    setUnits(l, n) {
      if (n < 1 || n > Math.min(UI_LIMITS.maxUnits, engine.limits.maxUnits)) return;
      structural(setUnits(state.doc, l, n));
    },
    insertLayer(l) {
      if (state.doc.layers.length >= Math.min(UI_LIMITS.maxLayers, engine.limits.maxLayers)) return;
      structural(insertLayer(state.doc, l, Math.max(state.doc.layers[l - 1], state.doc.layers[l])));
    },
    removeLayer(l) { structural(removeLayer(state.doc, l)); },
    setActivation(l, name) { structural(setActivation(state.doc, l, name)); },
    setLoss(name) {
      const { doc, note } = setLoss(state.doc, name);
      structural(doc, note);
    },
    reinitialise(seed) { structural(reinitialise(state.doc, seed)); },
    reset() {
      state.selection = { ...DEFAULT_SELECTION };
      structural(normaliseDocument(DEFAULT_DOCUMENT));
    },
  };
  ctx.actions = actions;

  function structural(doc, note = null) {
    const outcome = commit(doc, { structural: true });
    state.note = outcome.ok ? note : null;
    if (outcome.ok && note) showBanner();
    return outcome;
  }

  // ---- layout ---------------------------------------------------------------------------------

  const toolbar = createToolbar(ctx);
  const diagram = createDiagram(ctx);
  const structure = createStructure(ctx);
  const forward = createForward(ctx);
  const backward = createBackward(ctx);
  const gradients = createGradients(ctx);
  const step = createStep(ctx);
  const equations = createEquations(ctx);

  const banner = h('div', { class: 'banner', role: 'status', 'aria-live': 'polite', hidden: true });

  function section(name, title, body, tag = 'section') {
    const id = uid('h');
    const heading = h('h2', { id, tabindex: '-1', text: title });
    const el = h(tag, { class: ['panel', `panel-${name}`], 'aria-labelledby': id }, heading, body);
    return { el, heading };
  }
  const sNetwork = section('network', 'The network', diagram.el);
  const sSelection = section('selection', 'The selection, with its numbers', equations.el, 'aside');
  const sStructure = section('structure', 'Structure', structure.el);
  const sForward = section('forward', 'Forward pass: parameters, z and a', forward.el);
  const sBackward = section('backward', 'Backward pass: the error terms δ', backward.el);
  const sGradients = section('gradients', 'Gradients: ∂J/∂W⁽ˡ⁾ = δ⁽ˡ⁺¹⁾(a⁽ˡ⁾)ᵀ', gradients.el);
  const sStep = section('step', 'Gradient descent', step.el);

  const skip = (text, target) => {
    const a = h('a', { href: '#', class: 'skip', text });
    a.addEventListener('click', (e) => {
      e.preventDefault();
      target.heading.focus();
      target.el.scrollIntoView({ block: 'start' });
    });
    return a;
  };
  const skips = h('nav', { class: 'skips', 'aria-label': 'Skip to a part of the sandbox' },
    skip('Skip to the parameters', sForward), skip('Skip to the gradients', sGradients), skip('Skip to the structure', sStructure));

  root.classList.add('bp-sandbox');
  root.replaceChildren(skips, toolbar.el, banner,
    h('div', { class: 'layout' }, sNetwork.el, sSelection.el, sStructure.el, sForward.el, sBackward.el, sGradients.el, sStep.el));
  root.style.setProperty('--digits', String(state.digits));

  // Keep the sticky panel below the sticky toolbar, whatever its wrapped height.
  // And spread the diagram's columns over the width there is when that width changes.
  let resizeObserver = null;
  let diagramWidth = 0;
  let relayout = 0;
  if (typeof ResizeObserver !== 'undefined') {
    resizeObserver = new ResizeObserver(() => {
      root.style.setProperty('--toolbar-h', `${toolbar.el.offsetHeight}px`);
      const width = diagram.el.clientWidth;
      if (Math.abs(width - diagramWidth) > 24 && built.key !== null) {
        diagramWidth = width;
        cancelAnimationFrame(relayout);
        relayout = requestAnimationFrame(() => {
          diagram.build(state);
          collectHooks();
          diagram.update(state);
          highlight();
        });
      }
    });
    resizeObserver.observe(toolbar.el);
    resizeObserver.observe(diagram.el);
  }

  // ---- drawing ----------------------------------------------------------------------------------

  const shaped = [structure, diagram, forward, backward, gradients, step, equations];
  const everything = [toolbar, diagram, forward, backward, gradients, step, equations];

  function focusKey(el) {
    if (!el || !root.contains(el)) return null;
    if (el.dataset?.key) return { key: el.dataset.key };
    if (el.dataset?.quantity) return { tag: el.tagName, ...describe(el), block: el.closest('[data-block]')?.dataset.block };
    return null;
  }
  function refocus(k) {
    if (!k) return;
    let el = null;
    if (k.key) el = root.querySelector(`[data-key="${CSS.escape(k.key)}"]`);
    else {
      el = hooked.find(({ el: e, desc }) => e.tagName === k.tag && desc.q === k.q && desc.layer === k.layer && desc.row === k.row && desc.col === k.col
        && e.closest('[data-block]')?.dataset.block === k.block)?.el ?? null;
    }
    if (el && !el.disabled) el.focus({ preventScroll: true });
  }

  /** Rebuilds every table when the structure (or the digits) changed, then draws. */
  function rebuild(force = false) {
    const key = `${structureKey(state.doc)}|${state.diagramMode}|${state.digits}`;
    if (!force && key === built.key) return false;
    const k = focusKey(activeElementIn(root));
    built.key = key;
    for (const c of shaped) c.build(state);
    collectHooks();
    draw(false);
    refocus(k);
    return true;
  }

  function collectHooks() {
    highlighted = null;
    hooked = Array.from(root.querySelectorAll('[data-quantity]'))
      .filter((el) => el.dataset.quantity !== 'activation' && el.dataset.quantity !== 'loss')
      .map((el) => ({ el, desc: describe(el), unit: el.dataset.alsoUnit, alsoAs: el.dataset.alsoAs }));
  }

  /** Marks the selection ('sel'), its terms ('hl') and the hovered cell's factors ('hov'). */
  let highlighted = null;
  function highlight() {
    const key = JSON.stringify([state.selection, state.hover, hooked.length, built.key]);
    if (key === highlighted) return; // highlights depend on the selection and the tables only
    highlighted = key;
    const L = state.doc.layers.length;
    const rel = (sel, { desc, unit, alsoAs }) => {
      if (!sel) return null;
      let r = relation(sel, desc, L);
      if (!r && alsoAs) r = relation(sel, { ...desc, q: alsoAs }, L);
      if (!r && unit) {
        const [l, i] = unit.split(':').map(Number);
        r = relation(sel, { q: 'a', layer: l, row: i }, L) || relation(sel, { q: 'delta', layer: l, row: i }, L);
      }
      return r;
    };
    for (const item of hooked) {
      const s = rel(state.selection, item);
      const v = rel(state.hover, item);
      const cl = item.el.classList;
      cl.toggle('sel', s === 'self');
      cl.toggle('hl', s === 'related');
      cl.toggle('hov', v !== null);
    }
  }

  function showBanner() {
    const messages = [];
    if (state.error) messages.push({ kind: 'error', text: state.error });
    for (const w of state.result?.warnings ?? []) {
      messages.push({ kind: 'warning', text: `${quantityLabel(w.quantity, w.layer, w.row, w.col)} is not finite: ${w.message}` });
    }
    if (state.note) messages.push({ kind: 'note', text: state.note });
    if (state.stale) messages.push({ kind: 'note', text: 'Edits pending: the numbers below are from the last run. Press Run to update them.' });
    banner.replaceChildren(...messages.map((m) => h('p', { class: m.kind, text: m.text })));
    banner.hidden = messages.length === 0;
  }

  function drawSelection() {
    equations.update(state);
    backward.update(state);
    gradients.update(state);
    highlight();
  }

  function draw(checkShape = true) {
    if (checkShape && rebuild()) return;
    for (const c of everything) c.update(state);
    showBanner();
    highlight();
    root.classList.toggle('is-stale', state.stale);
  }

  // ---- start ----------------------------------------------------------------------------------

  runNow();
  rebuild(true);
  diagramWidth = diagram.el.clientWidth;

  return {
    state,
    getDocument: () => cloneDocument(state.doc),
    setDocument(doc) {
      state.history = [];
      state.lastStep = null;
      return structural(normaliseDocument(doc));
    },
    select(sel) { actions.select(sel); },
    run: () => actions.run(),
    destroy() {
      resizeObserver?.disconnect();
      cancelAnimationFrame(relayout);
      root.replaceChildren();
    },
  };
}
