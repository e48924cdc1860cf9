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
import { h, morphChildren, uid, activeElementIn } from './dom.js';
import {
  DEFAULT_DOCUMENT, normaliseDocument, structureKey, setParam, setUnits, insertLayer,
  removeLayer, setActivation, setLoss, reinitialise, fillFrom, cloneDocument, setTargetDistribution,
} from './network-doc.js';
import { relation, describe } from './selection.js';
import { quantityLabel } from './notation.js';
import { createToolbar } from './components/toolbar.js';
import { createDiagram } from './components/diagram.js';
import { createStructure, UI_LIMITS } from './components/structure.js';
import { createForward } from './components/forward.js';
import { createBackward } from './components/backward.js';
import { createGradients } from './components/gradients.js';
import { createStep } from './components/step.js';
import { createEquations } from './components/equations.js';
import { createSummary, tooLargeToDraw, weightCount } from './components/summary.js';
import { clampExample, exampleResult, exampleView, isBatch, normaliseAny, onBatch, editExample } from './batch.js';
import { createHistory } from './history.js';
import { saveState } from './session.js';
import { createExampleBar } from './components/example-bar.js';
import { createTraining } from './components/training.js';
import { createLessonBar } from './components/share.js';
import { createStepThrough } from './components/stepthrough.js';
import { createCheckAnswer } from './components/checkanswer.js';
import { createGradCheck } from './components/gradcheck.js';
import { applyEmbedOptions } from './embed-options.js';

/**
 * Forward and backward pass of a document; the engine's network is always freed.
 * options.plantedBug: the engine's deliberately wrong backward pass (gradcheck.js); if the
 * engine refuses it (W-instead-of-WT with a non-square W), the pass runs without it and
 * bugMessage says why.
 */
export function runPass(engine, doc, { plantedBug = 'none' } = {}) {
  const net = engine.createNetwork(doc);
  try {
    const bugMessage = plantBug(net, plantedBug);
    return { result: net.run(), engineDoc: net.toDocument(), bugMessage };
  } finally {
    net.dispose();
  }
}

/** Sets net.plantedBug; returns the engine's reason if it refuses, else null. */
function plantBug(net, name) {
  if (!name || name === 'none') return null;
  try { net.plantedBug = name; return null; } catch (err) { return err.message; }
}

/** One gradient descent step; returns J before it and the parameters after it. */
export function stepPass(engine, doc, alpha, { plantedBug = 'none' } = {}) {
  const net = engine.createNetwork(doc);
  try {
    plantBug(net, plantedBug);
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
/** More weights than this and the page renders only what is on or near the screen. */
const LARGE_NETWORK_WEIGHTS = 64;

export function createSandbox(root, engine, options = {}) {
  const state = {
    doc: normaliseAny(options.document ?? DEFAULT_DOCUMENT),
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
    // Batches (batch.js): the example shown, the document and pass of the whole batch;
    // resultDoc and result above are example `example`'s view of them.
    example: clampExample(options.document ?? DEFAULT_DOCUMENT, options.example ?? 1),
    batchDoc: null,
    batchResult: null,
    // Teaching (components/stepthrough.js, gradcheck.js): the step-through position; the
    // planted bug (net.plantedBug) and, if the engine refused it, why.
    stepThrough: { on: Boolean(options.stepThrough), index: 0, units: Boolean(options.stepUnits) },
    plantedBug: options.plantedBug ?? 'none',
    bugMessage: null,
    /** The document as the fields show it: example `example`'s x and y. */
    get view() { return exampleView(this.doc, this.example); },
  };
  const undoHistory = createHistory();
  const changeListeners = new Set();

  // Typeset into a detached element, then change only what differs from what el shows.
  const scratch = document.createElement('div');
  const tex = (el, source, display = false) => {
    katex.render(source, scratch, { trust: false, throwOnError: false, displayMode: display, output: 'htmlAndMathml' });
    morphChildren(el, scratch);
    scratch.replaceChildren();
  };

  const ctx = {
    engine, state, tex, actions: null, history: undoHistory,
    /** fn(reason) after the document changes: 'edit', 'undo', 'redo', 'training', 'load'. */
    onDocumentChange(fn) { changeListeners.add(fn); return () => changeListeners.delete(fn); },
  };
  let built = { key: null };
  let hooked = [];

  // ---- engine calls -----------------------------------------------------------------------

  function runNow() {
    try {
      const { result, engineDoc, bugMessage } = runPass(engine, state.doc, { plantedBug: state.plantedBug });
      state.bugMessage = bugMessage;
      state.doc = fillFrom(state.doc, engineDoc);
      state.example = clampExample(state.doc, state.example);
      state.batchResult = result;
      state.batchDoc = cloneDocument(state.doc);
      state.result = exampleResult(result, state.example);
      state.resultDoc = exampleView(state.batchDoc, state.example);
      state.stale = false;
      state.error = null;
      options.onPass?.(result); // embeds (element.js): the `pass` event
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
  function commit(doc, { structural = false, quiet = false, key = null, reason = 'edit' } = {}) {
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
    changed(previous.doc, reason, key);
    draw();
    return { ok: true };
  }

  /**
   * After every change of the document: an undo entry (unless the change is an undo or redo,
   * or training, which records once when it starts), the copy kept for a reload, and the
   * listeners (training stops when anything else changes the network).
   */
  function changed(before, reason = 'edit', key = null) {
    if (['edit', 'alpha', 'load', 'training-start'].includes(reason)) undoHistory.record(before, key);
    persist();
    for (const fn of changeListeners) fn(reason);
    lessonBar.update(state);
  }
  let persistTimer = 0;
  function persist({ soon = false } = {}) {
    if (!options.storage) return;
    clearTimeout(persistTimer);
    if (soon) { persistTimer = setTimeout(() => persist(), 1000); return; }
    const problem = saveState(options.storage, state.doc, state.example);
    if (problem && !state.error) state.note = problem;
  }

  /** Makes doc (a document from the history) current again: no new undo entry. */
  function restore(doc, reason) {
    const before = { doc: state.doc, result: state.result, resultDoc: state.resultDoc };
    state.doc = doc;
    if (!runNow()) { Object.assign(state, before); draw(); return false; }
    state.lastStep = null;
    state.history = [];
    state.note = null;
    if (!selectionFits(state.selection, state.doc.layers)) state.selection = { ...DEFAULT_SELECTION };
    if (!selectionFits(state.hover, state.doc.layers)) state.hover = null;
    changed(null, reason);
    draw();
    return true;
  }

  // ---- actions: the only way the components change the state --------------------------------

  const actions = {
    edit(desc, value) {
      state.note = null;
      const key = `${desc.q}:${desc.layer}:${desc.row}:${desc.col}:${state.example}`;
      if (desc.q === 'y' && state.doc.loss === 'cross-entropy') {
        const { doc, note } = editExample(state.doc, state.example, 'y', (d) => setTargetDistribution(d, desc.row, value));
        const outcome = commit(doc, { quiet: true, key });
        if (outcome.ok && note) { state.note = note; showBanner(); }
        return outcome;
      }
      return commit(editExample(state.doc, state.example, desc.q, (d) => setParam(d, desc.q, desc.layer, desc.row, desc.col, value)), { quiet: true, key });
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
      if (alpha === state.doc.learningRate) return;
      changed(state.doc, 'alpha', 'alpha');
      state.doc = { ...state.doc, learningRate: alpha };
      persist();
      if (state.resultDoc) state.resultDoc = { ...state.resultDoc, learningRate: alpha };
      toolbar.update(state);
      step.update(state);
    },
    step() {
      const before = state.doc;
      const alpha = before.learningRate;
      let outcome;
      try {
        outcome = stepPass(engine, before, alpha, { plantedBug: state.plantedBug });
      } catch (err) {
        state.error = `The engine refused to step: ${err.message}`;
        draw();
        return;
      }
      const after = { ...cloneDocument(before), weights: outcome.engineDoc.weights, biases: outcome.engineDoc.biases };
      state.doc = after;
      if (!runNow()) { state.doc = before; draw(); return; }
      state.history.push(before);
      changed(before, 'edit');
      state.stepCount += 1;
      state.lastStep = { alpha, before, after: state.doc, Jbefore: outcome.Jbefore, Jafter: state.result.loss };
      draw();
    },
    undoStep() {
      if (state.history.length === 0) return;
      const stepped = state.doc;
      state.doc = state.history.pop();
      state.stepCount = Math.max(0, state.stepCount - 1);
      state.lastStep = null;
      runNow();
      changed(stepped, 'edit'); // undone like any edit: Redo (or Ctrl+Z) brings the step back
      draw();
    },
    /** Undo and redo of every edit of the document (steps and training sessions included). */
    undo() {
      const doc = undoHistory.undo(state.doc);
      if (doc) restore(doc, 'undo');
    },
    redo() {
      const doc = undoHistory.redo(state.doc);
      if (doc) restore(doc, 'redo');
    },
    /** Shows example e of a batch (z, a, f', delta); J and the gradients are the batch's. */
    setExample(e) {
      const k = clampExample(state.doc, e);
      if (k === state.example && state.result?.example === k) { draw(false); return; }
      state.example = k;
      if (state.batchResult) {
        state.result = exampleResult(state.batchResult, k);
        state.resultDoc = exampleView(state.batchDoc, k);
      }
      persist();
      draw(false);
    },
    /** A message in the banner (an import or a link that was refused, training that stopped). */
    showMessage(text, kind = 'error') {
      if (kind === 'error') state.error = text;
      else state.note = text;
      showBanner();
    },
    /** Replaces the whole document (a preset, an import, a data set): one undo entry. */
    loadDocument(doc, { note = null, example = 1 } = {}) {
      const previousExample = state.example;
      state.example = clampExample(doc, example);
      const outcome = commit(normaliseAny(doc), { structural: true, reason: 'load' });
      if (!outcome.ok) { state.example = previousExample; return outcome; }
      state.note = note;
      if (note) showBanner();
      return outcome;
    },
    /**
     * Training writes the live network's parameters into the page (throttled). The first
     * write of a session records one undo entry (the network before training).
     */
    trainingUpdate(engineDoc, { first = false, final = false } = {}) {
      const before = state.doc;
      state.doc = { ...state.doc, weights: engineDoc.weights, biases: engineDoc.biases };
      if (!runNow()) { state.doc = before; draw(); return false; }
      state.lastStep = null;
      state.history = [];
      if (first) changed(before, 'training-start');
      else for (const fn of changeListeners) fn('training');
      persist({ soon: !final });
      // While training, the selection's equations (KaTeX, the costliest panel) wait for the end.
      deferEquations = !final;
      draw();
      deferEquations = false;
      return true;
    },
    setUnits(l, n) {
      if (n < 1 || n > Math.min(UI_LIMITS.maxUnits, engine.limits.maxUnits)) return;
      structural(onBatch(state.doc, (d) => setUnits(d, l, n)));
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
    /** Step-through (components/stepthrough.js): change = { on, index, units }. */
    stepThrough(change) {
      Object.assign(state.stepThrough, change);
      stepThrough.update(state);
      highlight();
    },
    /** Plants one of the engine's wrong backward passes ('none': the right one) and reruns. */
    setPlantedBug(name) {
      state.plantedBug = name;
      runNow();
      draw();
    },
    reset() {
      state.selection = { ...DEFAULT_SELECTION };
      state.example = 1;
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
  const exampleBar = createExampleBar(ctx);
  const training = createTraining(ctx);
  const lessonBar = createLessonBar(ctx);
  const stepThrough = createStepThrough(ctx);
  const checkAnswer = createCheckAnswer(ctx);
  const gradCheck = createGradCheck(ctx);
  const summary = createSummary();

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
  const sStepThrough = section('stepthrough', 'Step through backprop', stepThrough.el);
  const sCheck = section('check', 'Check my answer', checkAnswer.el);
  const sGradCheck = section('gradcheck', 'Gradient check, and planted bugs', gradCheck.el);
  const sTraining = section('training', 'Training: gradient descent over a data set', training.el);
  const sSummary = section('summary', 'A large network, summarised', summary.el);

  const skip = (text, target) => {
    const a = h('a', { href: '#', class: 'skip', text });
    a.addEventListener('click', (e) => {
      e.preventDefault();
      target.heading.focus();
      target.el.scrollIntoView({ block: 'start' });
    });
    return a;
  };
  const skipToCells = [skip('Skip to the parameters', sForward), skip('Skip to the gradients', sGradients)];
  const skips = h('nav', { class: 'skips', 'aria-label': 'Skip to a part of the sandbox' },
    ...skipToCells, skip('Skip to the structure', sStructure));

  root.classList.add('bp-sandbox');
  root.replaceChildren(skips, toolbar.el, lessonBar.el, banner, gradCheck.banner,
    h('div', { class: 'layout' }, sNetwork.el, sSummary.el, h('div', { class: 'side' }, sStepThrough.el, sCheck.el, sSelection.el), sStructure.el, sForward.el, sBackward.el, sGradients.el, sGradCheck.el, sStep.el, sTraining.el));
  // The bar gets the example selector (batches) and Undo / Redo, which replace "Undo step".
  toolbar.el.insertBefore(exampleBar.el, toolbar.el.querySelector('.readout'));
  toolbar.el.insertBefore(lessonBar.undoGroup, exampleBar.el);
  toolbar.el.querySelector('[data-key="undo"]')?.setAttribute('hidden', '');
  // Embeds (element.js, embed.js): options.panels shows only some parts, options.readonly locks editing.
  const embedded = applyEmbedOptions(root, ctx, options, {
    toolbar: toolbar.el, lessons: lessonBar.el, diagram: sNetwork.el, stepthrough: sStepThrough.el, check: sCheck.el,
    equations: sSelection.el, structure: sStructure.el, forward: sForward.el, backward: sBackward.el, gradients: sGradients.el,
    gradcheck: sGradCheck.el, step: sStep.el, training: sTraining.el, skips, side: sSelection.el.parentElement,
  });
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
      if (Math.abs(width - diagramWidth) > 24 && built.key !== null && !summarised) {
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

  const shaped = [structure, diagram, forward, backward, gradients, step, equations, stepThrough, checkAnswer, gradCheck];
  const everything = [toolbar, diagram, forward, backward, gradients, step, equations, stepThrough, checkAnswer, gradCheck, exampleBar, training, lessonBar];

  // A network too large to draw legibly (components/summary.js) is summarised: the panels of
  // cells are taken out of the page (a comment keeps each one's place) and the summary takes
  // the diagram's; only these are built and drawn.
  const summarisedBuilt = [structure, summary];
  const summarisedDrawn = [toolbar, summary, exampleBar, training, lessonBar];
  const cellPanels = [sNetwork.el, sSelection.el.parentElement, sForward.el, sBackward.el, sGradients.el, sGradCheck.el, sStep.el];
  const parked = new Map(); // panel -> the comment where it was
  let summarised = null;
  function park(els) {
    for (const el of els) {
      if (!el.parentNode || parked.has(el)) continue; // an embed left it out
      const mark = document.createComment(' a panel of the page, out while the network is summarised ');
      el.replaceWith(mark);
      parked.set(el, mark);
    }
  }
  function unpark(els) {
    for (const el of els) {
      const mark = parked.get(el);
      if (!mark) continue;
      mark.replaceWith(el);
      parked.delete(el);
    }
  }
  function setSummarised(on) {
    if (on === summarised) return;
    summarised = on;
    root.classList.toggle('is-summarised', on);
    if (on) {
      park(cellPanels);
      unpark([sSummary.el]);
      state.stepThrough.on = false;
    } else {
      park([sSummary.el]);
      unpark(cellPanels);
    }
    for (const a of skipToCells) a.hidden = on; // their panels are out
  }

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
    const key = `${structureKey(state.doc)}|${state.diagramMode}|${state.digits}|${isBatch(state.doc)}`;
    if (!force && key === built.key) return false;
    const k = focusKey(activeElementIn(root));
    built.key = key;
    // A network too big for one screen: the panels and blocks off screen are left unrendered
    // until they come near it (styles.css, .is-large).
    root.classList.toggle('is-large', weightCount(state.doc.layers) > LARGE_NETWORK_WEIGHTS);
    sGradients.heading.textContent = isBatch(state.doc)
      ? 'Gradients: means over the batch, ∂J/∂W⁽ˡ⁾ = (1/m) Σₑ δₑ⁽ˡ⁺¹⁾(aₑ⁽ˡ⁾)ᵀ'
      : 'Gradients: ∂J/∂W⁽ˡ⁾ = δ⁽ˡ⁺¹⁾(a⁽ˡ⁾)ᵀ';
    setSummarised(tooLargeToDraw(state.doc.layers));
    for (const c of summarised ? summarisedBuilt : shaped) c.build(state);
    collectHooks();
    draw(false);
    refocus(k);
    return true;
  }

  function collectHooks() {
    highlighted = null;
    hooked = summarised ? [] : Array.from(root.querySelectorAll('[data-quantity]'))
      .filter((el) => el.dataset.quantity !== 'activation' && el.dataset.quantity !== 'loss')
      .map((el) => ({ el, desc: describe(el), unit: el.dataset.alsoUnit, alsoAs: el.dataset.alsoAs }));
  }

  /** Marks the selection ('sel'), its terms ('hl') and the hovered cell's factors ('hov'). */
  let highlighted = null;
  function highlight() {
    const key = JSON.stringify([state.selection, state.hover, hooked.length, built.key, stepThrough.highlightKey()]);
    const stepping = state.stepThrough.on; // step-through marks its own terms instead of 'hl'
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
      cl.toggle('hl', s === 'related' && !stepping);
      cl.toggle('hov', v !== null);
      const r = stepping ? stepThrough.roleOf(item) : null;
      cl.toggle('step-out', r === 'out');
      cl.toggle('step-in', r === 'in');
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
    if (summarised) return;
    equations.update(state);
    checkAnswer.update(state);
    backward.update(state);
    gradients.update(state);
    highlight();
  }

  /**
   * Where a NaN or infinity first appeared (r.warnings): every displayed copy of that quantity
   * is marked (class nonfinite, the engine's message as data-warning), next to the banner that
   * says it in words. Per-example quantities of a batch are marked when the example shown is
   * the one named.
   */
  let marked = [];
  function markNonFinite() {
    for (const el of marked) {
      el.classList.remove('nonfinite');
      el.removeAttribute('data-warning');
    }
    marked = [];
    const perExample = new Set(['z', 'a', 'fprime', 'delta']);
    for (const w of state.result?.warnings ?? []) {
      const hits = w.quantity === 'J'
        ? Array.from(root.querySelectorAll('[data-quantity="J"]'))
        : hooked.filter(({ desc }) => desc.q === w.quantity && desc.layer === w.layer && desc.row === w.row
          && (w.quantity !== 'dW' || desc.col === w.col)).map(({ el }) => el);
      if (perExample.has(w.quantity) && state.doc && isBatch(state.doc) && w.col !== state.example) continue;
      for (const el of hits) {
        el.classList.add('nonfinite');
        el.dataset.warning = w.message;
        marked.push(el);
      }
    }
  }

  let deferEquations = false;
  function draw(checkShape = true) {
    if (checkShape && rebuild()) return;
    for (const c of summarised ? summarisedDrawn : everything) if (!(deferEquations && c === equations)) c.update(state);
    showBanner();
    highlight();
    markNonFinite();
    root.classList.toggle('is-stale', state.stale);
    root.classList.toggle('has-planted-bug', state.plantedBug !== 'none' && !state.bugMessage);
  }

  // ---- start ----------------------------------------------------------------------------------

  runNow();
  if (options.messages?.length) state.error = options.messages.join(' ');
  rebuild(true);
  diagramWidth = diagram.el.clientWidth;
  persist();
  // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y (Cmd on a Mac): undo and redo of the network, also from
  // inside a number field (its own text undo would only re-type a value). Text areas and
  // other inputs keep their own undo.
  const onKey = (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k !== 'z' && k !== 'y') return;
    const t = e.composedPath()[0];
    // Nothing focused counts as inside only for the page's own sandbox, not for embedded ones
    // (several on a page would all undo at once); read-only ones never undo.
    const pageLevel = root.getRootNode() === document && !options.readonly;
    const inside = (pageLevel && (t === document.body || t === document.documentElement)) || (!options.readonly && (root.contains(t) || (root.getRootNode().host?.contains?.(t) ?? false)));
    if (!inside) return;
    if (t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && !t.classList.contains('field')) || t.isContentEditable) return;
    e.preventDefault();
    if (k === 'y' || e.shiftKey) actions.redo();
    else actions.undo();
  };
  document.addEventListener('keydown', onKey);

  // A document from a script (the console, el.document, a share link read by main.js): the
  // engine's word first, since the page's normal form cannot be made of something that is not
  // a network document. Returns the refusal ({ ok: false, message }, also in the banner) or null.
  function refuseFromScript(doc) {
    const problem = engine.validate(doc);
    if (!problem) return null;
    actions.showMessage(`Not applied: ${problem.message}`);
    return { ok: false, message: problem.message };
  }

  return {
    state,
    getDocument: () => cloneDocument(state.doc),
    setDocument(doc) {
      const refused = refuseFromScript(doc);
      if (refused) return refused;
      state.history = [];
      state.lastStep = null;
      return actions.loadDocument(doc);
    },
    select(sel) {
      // From a script: a selection must name something in this network.
      if (!selectionFits(sel, state.doc.layers)) {
        const what = sel && typeof sel === 'object' ? JSON.stringify(sel) : String(sel);
        const message = `select(): ${what} names nothing in this ${state.doc.layers.join('-')} network `
          + "(expected { q, layer, row, col } with q one of W, dW, b, db, x, y, z, a, fprime, delta, J and 1-based indices in range)";
        return { ok: false, message };
      }
      actions.select(sel);
      return { ok: true };
    },
    run: () => actions.run(),
    loadDocument(doc, opts) {
      return refuseFromScript(doc) ?? actions.loadDocument(doc, opts);
    },
    showMessage: (text) => actions.showMessage(text),
    undo: () => actions.undo(),
    redo: () => actions.redo(),
    /** fn(reason) after every change of the document (see ctx.onDocumentChange); returns an unsubscribe. */
    onDocumentChange: (fn) => ctx.onDocumentChange(fn),
    destroy() {
      stepThrough.destroy();
      equations.destroy();
      gradCheck.destroy();
      embedded.destroy();
      training.stop?.();
      document.removeEventListener('keydown', onKey);
      resizeObserver?.disconnect();
      cancelAnimationFrame(relayout);
      root.replaceChildren();
    },
  };
}
