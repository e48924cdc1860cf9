// The sandbox's store: the state a learner's actions change, the actions themselves, and the
// pass derived from the state. It knows no DOM; the views (web/views/) draw what it holds,
// and the engine is reached only through the compute service (compute.js).
//
// The state holds inputs only:
//
//   doc         the network document (the page's normal form, batches as rows; batch.js)
//   example     the example of a batch the tables show (1-based)
//   ranDoc      while "re-run on every edit" is off, the document of the last run (edits wait
//               for Run); null while it is on
//   selection   the quantity selected, { q, layer, row, col } (the data-* hooks' names)
//   hover       the quantity under the pointer, or null
//   view        the view shown: one of VIEWS (previousView: the one before it, or absent)
//   settings    { digits, diagramMode: 'values' | 'gradients', autoRun }
//   walk        the walkthrough: { on, index, revealed, units } (walk.js)
//   plantedBug  one of the engine's planted bugs, or 'none'
//   check       the value the learner typed to check, { key, text } (key: what it was for)
//   history     undo and redo (history.js)
//   lastStep    the last gradient step's { before, after, alpha, count }, until the next edit
//   message     the banner, { kind: 'error' | 'warning' | 'note', text, start? }, or null
//   intro       the "start here" card: { dismissed, picked, explained, checked }
//
// Everything else is derived: the pass (passOf), what the walkthrough reveals (walk.js). An
// action is a pure function (state, payload, env) -> state, env = { compute, now }; the
// engine calls it makes (a step) are functions of the document. Actions that change the
// network are marked `edits`: a read-only sandbox refuses exactly those.

import {
  DEFAULT_DOCUMENT, normaliseDocument, setParam, setUnits, insertLayer, removeLayer,
  setActivation, setLoss, reinitialise, fillFrom, setTargetDistribution,
} from './network-doc.js';
import { clampExample, exampleResult, exampleView, normaliseAny, onBatch, editExample } from './batch.js';
import { buildSteps, moveWalk, sameStepIndex, stepOutputs, asks } from './walk.js';
import { checkTarget } from './check.js';
import * as History from './history.js';

/** The views, in the order of the tabs. */
export const VIEWS = Object.freeze(['network', 'forward', 'backward', 'gradients', 'gradcheck', 'training', 'instructor']);
/** The significant digits a learner can choose (17: every digit, the shortest exact text). */
export const DIGIT_CHOICES = Object.freeze([4, 6, 8, 12, 17]);
export const DEFAULT_SELECTION = Object.freeze({ q: 'W', layer: 1, row: 1, col: 1 });
/** What the structure controls allow (setDocument takes anything the engine accepts). */
export const UI_LIMITS = Object.freeze({ maxLayers: 10, maxUnits: 16 });

/** A refusal: an action that cannot apply throws one; dispatch reports its message. */
export class Refusal extends Error {
  constructor(message) {
    super(message);
    this.name = 'Refusal';
  }
}

/** Whether a selection names something in a network of these layer sizes. */
export function selectionFits(sel, layers) {
  if (!sel || typeof sel !== 'object') return false;
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

/** A selection with only its own fields ({ q, layer, row, col }, undefined ones left out). */
function cleanSelection(sel) {
  const out = { q: sel.q };
  for (const k of ['layer', 'row', 'col']) if (sel[k] !== undefined && sel[k] !== null) out[k] = sel[k];
  return out;
}

/** The key of a selection, for remembering what a typed check was for. */
export const selectionKey = (sel) => (sel ? [sel.q, sel.layer ?? '', sel.row ?? '', sel.col ?? ''].join(':') : '');

/**
 * The initial state. options: { doc, example, view, selection, settings, walk, plantedBug, intro }.
 * The document is taken as it is (normalised); createStore checks it with the engine.
 */
export function initialState(options = {}) {
  const doc = normaliseAny(options.doc ?? DEFAULT_DOCUMENT);
  return {
    doc,
    example: clampExample(doc, options.example ?? 1),
    ranDoc: null,
    selection: selectionFits(options.selection, doc.layers) ? cleanSelection(options.selection) : { ...DEFAULT_SELECTION },
    hover: null,
    view: VIEWS.includes(options.view) ? options.view : 'network',
    settings: { digits: 4, diagramMode: 'values', autoRun: true, ...options.settings },
    walk: { on: false, index: 0, revealed: false, units: false, ...options.walk },
    plantedBug: options.plantedBug ?? 'none',
    check: null,
    history: History.EMPTY_HISTORY,
    lastStep: null,
    message: null,
    intro: { dismissed: false, picked: false, explained: false, checked: false, ...options.intro },
  };
}

// ---- derived: the pass --------------------------------------------------------------------------

/**
 * The pass the page shows, derived from the state: { batch, result, doc, bugMessage, stale,
 * source }. batch is the engine's outcome for the whole document ({ result, doc });
 * result and doc are the example shown (batch.js: x, y, z, a, f', delta of that example;
 * J and the gradients the batch's). Memoised on the document, the bug and the example.
 */
export function createPassOf(compute) {
  let last = { doc: null, source: null, bug: null, example: null, value: null };
  return function passOf(state) {
    const source = state.ranDoc ?? state.doc;
    if (last.doc === state.doc && last.source === source && last.bug === state.plantedBug && last.example === state.example) return last.value;
    const outcome = compute.pass(source, state.plantedBug);
    const example = clampExample(source, state.example);
    const value = Object.freeze({
      batch: outcome,
      result: exampleResult(outcome.result, example),
      doc: exampleView(outcome.doc, example),
      bugMessage: outcome.bugMessage,
      stale: source !== state.doc,
      source,
    });
    last = { doc: state.doc, source, bug: state.plantedBug, example: state.example, value };
    return value;
  };
}

/** The steps of the walkthrough for a state's network. */
const stepsCache = new WeakMap();
export function walkSteps(state) {
  let byUnits = stepsCache.get(state.doc.layers);
  if (!byUnits) stepsCache.set(state.doc.layers, (byUnits = {}));
  const key = state.walk.units ? 'units' : 'layers';
  return (byUnits[key] ??= buildSteps(state.doc.layers, state.walk.units));
}

/** The current walkthrough step, or null when the walk is off. */
export function currentStep(state) {
  if (!state.walk.on) return null;
  const steps = walkSteps(state);
  return steps[Math.max(0, Math.min(steps.length - 1, state.walk.index))];
}

// ---- helpers for the actions ------------------------------------------------------------------

/**
 * A new document: recorded for undo (unless record is false), the last step's tables and the
 * banner cleared. key: edits with the same key close together merge into one undo entry.
 */
function withDoc(state, doc, env, { key = null, record = true, message = null, lastStep = null } = {}) {
  return {
    ...state,
    doc,
    history: record ? History.record(state.history, state.doc, key, env.now()) : state.history,
    lastStep,
    message,
    // A verdict was about the numbers before this change: it goes (the typed value stays).
    check: null,
  };
}

/** The selection moved to a step's first output, unless it already is one of them. */
function selectForStep(state, walk) {
  const steps = buildSteps(state.doc.layers, walk.units);
  const step = steps[walk.index];
  const outs = stepOutputs(step, state.doc.layers);
  if (outs.length === 0) return state.selection;
  const here = selectionKey(state.selection);
  if (outs.some((d) => selectionKey(d) === here)) return state.selection;
  return { ...outs[0] };
}

function walkTo(state, walk) {
  return { ...state, walk, selection: walk.on ? selectForStep(state, walk) : state.selection, check: null };
}

/** ranDoc for a document that runs at once (structure, step, undo, load): null while autoRun is on. */
const ran = (state, doc) => (state.settings.autoRun ? null : doc);

function structural(state, doc, env, note = null) {
  return { ...withDoc(state, doc, env, { message: note ? { kind: 'note', text: note } : null }), ranDoc: ran(state, doc) };
}

// ---- the actions ------------------------------------------------------------------------------------

/**
 * name -> { edits, run(state, payload, env) }. `edits`: the action changes the network (a
 * read-only sandbox refuses it). run returns the next state (the same object: nothing to do)
 * or throws a Refusal.
 */
export const ACTIONS = {
  /** A parameter typed into a field: { q, layer, row, col, value } (x and y of the example shown). */
  edit: {
    edits: true,
    run(state, { q, layer, row, col, value }, env) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Refusal(`${q} must be a finite number`);
      const key = `${q}:${layer}:${row}:${col}:${state.example}`;
      let message = null;
      let doc;
      if (q === 'y' && state.doc.loss === 'cross-entropy') {
        const out = editExample(state.doc, state.example, 'y', (d) => setTargetDistribution(d, row, value));
        doc = out.doc;
        if (out.note) message = { kind: 'note', text: out.note };
      } else {
        doc = editExample(state.doc, state.example, q, (d) => setParam(d, q, layer, row, col, value));
      }
      return withDoc(state, doc, env, { key, message });
    },
  },

  /** Selects a quantity everywhere on the page: { q, layer, row, col }. */
  select: {
    edits: false,
    run(state, sel) {
      if (!selectionFits(sel, state.doc.layers)) throw new Refusal(`${JSON.stringify(sel)} names nothing in this ${state.doc.layers.join('-')} network`);
      const selection = cleanSelection(sel);
      if (selectionKey(selection) === selectionKey(state.selection) && state.intro.picked) return state;
      return { ...state, selection, intro: { ...state.intro, picked: true } };
    },
  },

  /** The quantity under the pointer (or a focused cell), or null. */
  hover: {
    edits: false,
    run(state, desc) {
      const hover = desc && selectionFits(desc, state.doc.layers) ? cleanSelection(desc) : null;
      if (selectionKey(hover) === selectionKey(state.hover)) return state;
      return { ...state, hover };
    },
  },

  setView: {
    edits: false,
    run(state, view) {
      if (!VIEWS.includes(view)) throw new Refusal(`there is no view "${view}"; the views are ${VIEWS.join(', ')}`);
      return view === state.view ? state : { ...state, view, previousView: state.view };
    },
  },

  setDigits: {
    edits: false,
    run(state, digits) {
      if (!DIGIT_CHOICES.includes(digits)) throw new Refusal(`digits must be one of ${DIGIT_CHOICES.join(', ')}`);
      return { ...state, settings: { ...state.settings, digits } };
    },
  },

  setDiagramMode: {
    edits: false,
    run(state, mode) {
      if (mode !== 'values' && mode !== 'gradients') throw new Refusal('the diagram shows "values" or "gradients"');
      return { ...state, settings: { ...state.settings, diagramMode: mode } };
    },
  },

  /** "Re-run on every edit": off keeps the last pass until Run (ranDoc). */
  setAutoRun: {
    edits: false,
    run(state, on) {
      return { ...state, settings: { ...state.settings, autoRun: Boolean(on) }, ranDoc: on ? null : state.doc };
    },
  },

  /** Runs the pass of the current document (what every edit does while autoRun is on). */
  run: {
    edits: false,
    run(state) {
      return state.ranDoc === null || state.ranDoc === state.doc ? state : { ...state, ranDoc: state.doc };
    },
  },

  setLearningRate: {
    edits: true,
    run(state, alpha, env) {
      if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) throw new Refusal('α must be a number ≥ 0');
      if (alpha === state.doc.learningRate) return state;
      return { ...withDoc(state, { ...state.doc, learningRate: alpha }, env, { key: 'alpha', lastStep: state.lastStep }) };
    },
  },

  /** One gradient descent step, W := W − α ∂J/∂W, b := b − α ∂J/∂b, with the planted bug if any. */
  step: {
    edits: true,
    run(state, _payload, env) {
      const before = state.doc;
      const alpha = before.learningRate;
      let out;
      try {
        out = env.compute.step(before, alpha, state.plantedBug);
      } catch (err) {
        throw new Refusal(`The engine refused to step: ${err.message}`);
      }
      const after = { ...before, weights: out.weights, biases: out.biases };
      const count = (state.lastStep?.count ?? 0) + 1;
      return { ...withDoc(state, after, env, { lastStep: { before, after, alpha, count } }), ranDoc: ran(state, after) };
    },
  },

  undo: {
    edits: true,
    run(state) {
      const back = History.undo(state.history, state.doc);
      if (!back) return state;
      return { ...state, doc: back.doc, history: back.history, lastStep: null, message: null, check: null, ranDoc: ran(state, back.doc) };
    },
  },

  redo: {
    edits: true,
    run(state) {
      const forward = History.redo(state.history, state.doc);
      if (!forward) return state;
      return { ...state, doc: forward.doc, history: forward.history, lastStep: null, message: null, ranDoc: ran(state, forward.doc) };
    },
  },

  /** Shows example e of a batch (z, a, f', delta); J and the gradients are the batch's. */
  setExample: {
    edits: false,
    run(state, e) {
      const example = clampExample(state.doc, Number(e));
      return example === state.example ? state : { ...state, example, check: null };
    },
  },

  /** Replaces the whole document (a preset, an import, a data set, a script): one undo entry. */
  loadDocument: {
    edits: true,
    run(state, { doc, note = null, example = 1 }, env) {
      const next = normaliseAny(doc);
      return {
        ...withDoc(state, next, env, { message: note ? { kind: 'note', text: note } : null }),
        example: clampExample(next, example),
        ranDoc: ran(state, next),
      };
    },
  },

  /**
   * A document set by the host page's script (el.document = …): the author's content, not the
   * learner's edit, so a read-only sandbox takes it too.
   */
  hostDocument: {
    edits: false,
    run(state, payload, env) { return ACTIONS.loadDocument.run(state, payload, env); },
  },

  /**
   * Training writes the live network's parameters into the page: { weights, biases, first }.
   * The first write of a session records one undo entry (the network before training).
   */
  trainingUpdate: {
    edits: true,
    run(state, { weights, biases, first = false }, env) {
      const doc = { ...state.doc, weights, biases };
      return { ...withDoc(state, doc, env, { record: first, message: state.message }), ranDoc: ran(state, doc) };
    },
  },

  setUnits: {
    edits: true,
    run(state, { layer, units }, env) {
      const max = Math.min(UI_LIMITS.maxUnits, env.compute.limits.maxUnits);
      if (!Number.isInteger(units) || units < 1 || units > max) throw new Refusal(`a layer has 1 to ${max} units here`);
      return structural(state, onBatch(state.doc, (d) => setUnits(d, layer, units)), env);
    },
  },

  insertLayer: {
    edits: true,
    run(state, { after }, env) {
      const max = Math.min(UI_LIMITS.maxLayers, env.compute.limits.maxLayers);
      if (state.doc.layers.length >= max) throw new Refusal(`at most ${max} layers here`);
      const n = Math.max(state.doc.layers[after - 1], state.doc.layers[after]);
      return structural(state, onBatch(state.doc, (d) => insertLayer(d, after, n)), env);
    },
  },

  removeLayer: {
    edits: true,
    run(state, { layer }, env) {
      const L = state.doc.layers.length;
      if (!(layer > 1 && layer < L)) throw new Refusal('only a hidden layer can be removed');
      return structural(state, onBatch(state.doc, (d) => removeLayer(d, layer)), env);
    },
  },

  setActivation: {
    edits: true,
    run(state, { layer, name }, env) {
      if (!env.compute.names.activations.includes(name)) throw new Refusal(`there is no activation "${name}"`);
      return structural(state, onBatch(state.doc, (d) => setActivation(d, layer, name)), env);
    },
  },

  setLoss: {
    edits: true,
    run(state, name, env) {
      if (!env.compute.names.losses.includes(name)) throw new Refusal(`there is no loss "${name}"`);
      let note = null;
      const doc = onBatch(state.doc, (d) => { const out = setLoss(d, name); note = out.note; return out.doc; });
      return structural(state, doc, env, note);
    },
  },

  reinitialise: {
    edits: true,
    run(state, seed, env) {
      if (!Number.isInteger(seed) || seed < 0 || seed > 4294967295) throw new Refusal('the seed is an integer from 0 to 4294967295');
      return structural(state, reinitialise(state.doc, seed), env);
    },
  },

  /** Back to the default 2-2-2 network. */
  reset: {
    edits: true,
    run(state, _payload, env) {
      return { ...structural(state, normaliseDocument(DEFAULT_DOCUMENT), env), example: 1, selection: { ...DEFAULT_SELECTION } };
    },
  },

  /** Plants one of the engine's wrong backward passes ('none': the right one). */
  setPlantedBug: {
    edits: false,
    run(state, name, env) {
      if (!env.compute.names.plantedBugs.includes(name)) throw new Refusal(`there is no planted bug "${name}"`);
      return name === state.plantedBug ? state : { ...state, plantedBug: name };
    },
  },

  // ---- the walkthrough ----

  walkStart: {
    edits: false,
    run(state) {
      if (state.walk.on) return state;
      return walkTo(state, moveWalk({ ...state.walk, on: true, index: 0, revealed: false }, walkSteps(state), 0));
    },
  },

  walkStop: {
    edits: false,
    run(state) {
      return state.walk.on ? { ...state, walk: { ...state.walk, on: false } } : state;
    },
  },

  /** Moves the walk by ±1 half-step (reveal, next; hide, back) or to the start (-Infinity) or end (Infinity). */
  walkMove: {
    edits: false,
    run(state, delta) {
      if (!state.walk.on) return state;
      const walk = moveWalk(state.walk, walkSteps(state), delta);
      if (walk.index === state.walk.index && walk.revealed === state.walk.revealed) return state;
      const next = walkTo(state, walk);
      // Revealing keeps what the learner typed and its verdict on screen.
      return walk.index === state.walk.index ? { ...next, check: state.check } : next;
    },
  },

  /** One unit at a time, or whole layers: the same place in the other list. */
  walkUnits: {
    edits: false,
    run(state, on) {
      const units = Boolean(on);
      if (units === state.walk.units) return state;
      const old = currentStep(state);
      const steps = buildSteps(state.doc.layers, units);
      const index = sameStepIndex(old, steps);
      const walk = { ...state.walk, units, index, revealed: state.walk.revealed || !asks(steps[index]) };
      return walkTo(state, walk);
    },
  },

  // ---- checking a value, the banner, the "start here" card ----

  /** The learner checks `text` as their value of the selected quantity (null: closes the verdict). */
  check: {
    edits: false,
    run(state, text) {
      if (text === null || text === undefined) return state.check ? { ...state, check: null } : state;
      return { ...state, check: { key: selectionKey(state.selection), text: String(text) }, intro: { ...state.intro, checked: true } };
    },
  },

  /** The learner opened the explanation of why (the "start here" card's second prompt). */
  explained: {
    edits: false,
    run(state) {
      return state.intro.explained ? state : { ...state, intro: { ...state.intro, explained: true } };
    },
  },

  dismissIntro: {
    edits: false,
    run(state, dismissed = true) {
      return { ...state, intro: { ...state.intro, dismissed: Boolean(dismissed) } };
    },
  },

  /** A message in the banner (an import or a link refused, training that stopped): { text, kind }. */
  showMessage: {
    edits: false,
    run(state, { text, kind = 'error', start = false }) {
      return { ...state, message: text ? { kind, text: String(text), ...(start ? { start: true } : {}) } : null };
    },
  },
};

/** The quantity a typed check is about, for a selection (W -> ∂J/∂W, x -> a^(1), y -> δ^(L)). */
export const checkedQuantity = (state) => checkTarget(state.selection, state.doc.layers.length);

// ---- the store ------------------------------------------------------------------------------------

/**
 * A store over the initial state. The document is checked by the engine first (a refused one
 * throws its DocumentError). options: { readonly, now }.
 *
 * store.state                    the current state
 * store.dispatch(name, payload)  -> { ok: true } or { ok: false, message }; on a refusal the
 *                                   state is as it was (but for the banner, unless quiet)
 * store.subscribe(fn)            fn(state, previous, actionName) after every change; returns
 *                                   an unsubscribe
 * store.pass(state?)             the derived pass (createPassOf)
 */
export function createStore(compute, initial, { readonly = false, mayEdit = null, now = () => Date.now() } = {}) {
  const env = { compute, now };
  const passOf = createPassOf(compute);
  const listeners = new Set();
  let state = settle(initial, initial);

  /**
   * Checks a state whose document (or bug, or last run) changed, with the engine: the pass
   * runs (or, with autoRun off, the document is validated), weights the engine initialised
   * are filled in, and the example, selection, hover and walk are kept within the network.
   * Returns the settled state or throws the engine's error.
   */
  function settle(next, previous) {
    let doc = next.doc;
    let ranDoc = next.ranDoc;
    if (ranDoc === null || ranDoc === doc) {
      const outcome = compute.pass(doc, next.plantedBug);
      if (doc.weights.some((W) => W === null) || doc.biases.some((b) => b === null)) doc = fillFrom(doc, outcome.doc);
      if (ranDoc !== null) ranDoc = doc;
    } else {
      const problem = compute.validate(doc);
      if (problem) throw new Refusal(problem.message);
      compute.pass(ranDoc, next.plantedBug); // a new bug on the last run's document
    }
    const layers = doc.layers;
    const out = { ...next, doc, ranDoc };
    out.example = clampExample(doc, next.example);
    if (!selectionFits(next.selection, layers)) out.selection = { ...DEFAULT_SELECTION };
    if (next.hover && !selectionFits(next.hover, layers)) out.hover = null;
    if (next.walk.on && previous.doc.layers !== layers && JSON.stringify(previous.doc.layers) !== JSON.stringify(layers)) {
      const old = buildSteps(previous.doc.layers, next.walk.units)[previous.walk.index];
      out.walk = { ...next.walk, index: sameStepIndex(old, buildSteps(layers, next.walk.units)) };
    }
    return out;
  }

  function dispatch(name, payload, { quiet = false } = {}) {
    const action = ACTIONS[name];
    if (!action) throw new Error(`no action "${name}"`);
    const previous0 = state;
    if (readonly && action.edits) return { ok: false, message: 'this sandbox is read-only' };
    // A lesson's step may let only some parameters change (mayEdit(q, layer)): typed edits of
    // the others, and anything that changes every parameter at once, are refused.
    if (mayEdit && action.edits && name !== 'undo' && name !== 'redo') {
      const allowed = name === 'edit' ? mayEdit(payload?.q, payload?.layer) : name === 'hostDocument' || mayEdit('all');
      if (!allowed) {
        const what = name === 'edit' ? `${payload?.q}${payload?.q === 'W' || payload?.q === 'b' ? `^(${payload?.layer})` : ''} is` : 'the parameters are';
        const message = `${what} locked in this step of the lesson`;
        if (!quiet) {
          state = { ...state, message: { kind: 'error', text: `Not applied: ${message}.` } };
          for (const fn of listeners) fn(state, previous0, name);
        }
        return { ok: false, message };
      }
    }
    const previous = state;
    let next;
    try {
      next = action.run(state, payload, env);
      if (next !== state && (next.doc !== state.doc || next.plantedBug !== state.plantedBug || next.ranDoc !== state.ranDoc)) {
        next = settle(next, state);
      }
    } catch (err) {
      if (!(err instanceof Refusal) && err?.name !== 'DocumentError') throw err;
      if (!quiet) {
        const text = err instanceof Refusal && /^The engine refused/.test(err.message) ? err.message : `Not applied: ${err.message}`;
        state = { ...state, message: { kind: 'error', text } };
        for (const fn of listeners) fn(state, previous, name);
      }
      return { ok: false, message: err.message };
    }
    if (next === state) return { ok: true };
    state = next;
    for (const fn of listeners) fn(state, previous, name);
    return { ok: true };
  }

  return {
    get state() { return state; },
    dispatch,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    pass: (s = state) => passOf(s),
    steps: (s = state) => walkSteps(s),
    readonly,
    /** Whether an action changes the network (a read-only sandbox refuses it). */
    edits: (name) => Boolean(ACTIONS[name]?.edits),
  };
}
