// The page's store (web/store.js) without a browser: every action on the real WebAssembly
// engine, through the page's compute service (web/compute.js). Oracles: the independent JS
// reference pass (helpers/reference.js), the published numbers of the default network, and
// the update rule W − α ∂J/∂W worked here from the pass.
import { loadEngine } from '../../bindings/index.js';
import { createCompute } from '../../web/compute.js';
import { createStore, initialState, ACTIONS, VIEWS, DEFAULT_SELECTION, currentStep, selectionKey } from '../../web/store.js';
import { isKnown, buildSteps } from '../../web/walk.js';
import { MERGE_MS } from '../../web/history.js';
import { referencePass, reference } from './helpers/reference.js';
import { passMismatches, mazur } from './helpers/support.js';

let engine;
let compute;
beforeAll(async () => {
  engine = await loadEngine();
});
beforeEach(() => {
  compute = createCompute(engine);
});
afterEach(() => compute.dispose());

/** A store on a clock the test moves by hand. */
function storeOf(options = {}, storeOptions = {}) {
  const clock = { t: 1_000_000 };
  const store = createStore(compute, initialState(options), { now: () => clock.t, ...storeOptions });
  return { store, clock };
}

const XOR = {
  layers: [2, 2, 1], activations: 'sigmoid', loss: 'mse',
  weights: [[[0.5, -0.4], [0.3, 0.8]], [[0.7, -0.6]]], biases: [[0.1, -0.1], [0.2]],
  input: [[0, 0], [0, 1], [1, 0], [1, 1]], target: [[0], [1], [1], [0]], learningRate: 0.5, seed: 2,
};

describe('the state and its pass', () => {
  test('the default state runs the default network: the published worked example', () => {
    const { store } = storeOf();
    const { result, doc, stale } = store.pass();
    expect(stale).toBe(false);
    expect(doc.layers).toEqual([2, 2, 2]);
    expect(Math.abs(result.loss - 0.298371109)).toBeLessThan(1e-9);
    expect(Math.abs(result.gradients[0].W[0][0] - 0.000438568)).toBeLessThan(1e-9);
    expect(passMismatches(result, referencePass(doc))).toEqual([]);
    expect(store.state.selection).toEqual(DEFAULT_SELECTION);
    expect(store.state.view).toBe('network');
  });

  test('the store imports no DOM: it runs in Node, where there is no document', () => {
    expect(typeof globalThis.document).toBe('undefined');
    expect(storeOf().store.pass().result.loss).toBeGreaterThan(0);
  });

  test('a document the engine refuses cannot start a store', () => {
    expect(() => createStore(compute, initialState({ doc: { ...mazur(), layers: [2, 3, 2] } }))).toThrow(/weights/);
  });

  test('the pass is derived once per document: the same object for the same inputs', () => {
    const { store } = storeOf();
    expect(store.pass()).toBe(store.pass());
    store.dispatch('select', { q: 'delta', layer: 2, row: 1 });
    expect(store.pass().result).toBe(store.pass().result);
  });
});

describe('editing', () => {
  test('edit changes one parameter in a new document, the old state untouched, the pass the reference\'s', () => {
    const { store } = storeOf();
    const before = store.state;
    const seen = [];
    store.subscribe((s, prev, name) => seen.push([s, prev, name]));
    expect(store.dispatch('edit', { q: 'W', layer: 1, row: 1, col: 1, value: 0.9 })).toEqual({ ok: true });
    expect(store.state.doc.weights[0][0][0]).toBe(0.9);
    expect(before.doc.weights[0][0][0]).toBe(0.15);
    expect(seen).toEqual([[store.state, before, 'edit']]);
    expect(passMismatches(store.pass().result, referencePass(store.state.doc))).toEqual([]);
  });

  test('x, y and b edits reach the document; with a batch, x and y of the example shown', () => {
    const { store } = storeOf({ doc: XOR, example: 3 });
    store.dispatch('edit', { q: 'x', layer: 1, row: 2, value: 0.25 });
    store.dispatch('edit', { q: 'y', layer: 3, row: 1, value: 0.75 });
    store.dispatch('edit', { q: 'b', layer: 2, row: 1, value: -0.5 });
    expect(store.state.doc.input).toEqual([[0, 0], [0, 1], [1, 0.25], [1, 1]]);
    expect(store.state.doc.target).toEqual([[0], [1], [0.75], [0]]);
    expect(store.state.doc.biases[1]).toEqual([-0.5]);
    // The pass shows example 3; J and the gradients are the batch's.
    const p = store.pass();
    expect(p.result.layers[0].a).toEqual([1, 0.25]);
    const r = reference(store.state.doc);
    expect(Math.abs(p.result.loss - r.loss)).toBeLessThan(1e-12);
  });

  test('a value that is not a finite number is refused; the state stays; quiet refusals leave the banner alone', () => {
    const { store } = storeOf();
    const before = store.state;
    for (const value of [NaN, Infinity, '0.5', null]) {
      expect(store.dispatch('edit', { q: 'W', layer: 1, row: 1, col: 1, value }, { quiet: true }).ok).toBe(false);
    }
    expect(store.state).toBe(before);
    const loud = store.dispatch('edit', { q: 'W', layer: 1, row: 1, col: 1, value: NaN });
    expect(loud.ok).toBe(false);
    expect(store.state.doc).toBe(before.doc);
    expect(store.state.message).toEqual({ kind: 'error', text: 'Not applied: W must be a finite number' });
  });

  test('an edit the engine refuses (a cross-entropy target outside [0, 1]) changes nothing and names the field', () => {
    const { store } = storeOf();
    store.dispatch('setLoss', 'cross-entropy');
    const before = store.state;
    const outcome = store.dispatch('edit', { q: 'y', layer: 3, row: 1, value: 1.5 }, { quiet: true });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/target/);
    expect(store.state).toBe(before);
  });

  test('with cross-entropy, setting y_k keeps y a distribution and says so', () => {
    const { store } = storeOf();
    store.dispatch('setLoss', 'cross-entropy');
    store.dispatch('edit', { q: 'y', layer: 3, row: 1, value: 0.3 });
    expect(store.state.doc.target).toEqual([0.3, 0.7]);
    expect(store.state.message.text).toMatch(/rescaled/);
  });

  test('re-run on every edit off: edits wait for Run, the pass is stale until then', () => {
    const { store } = storeOf();
    const J0 = store.pass().result.loss;
    store.dispatch('setAutoRun', false);
    store.dispatch('edit', { q: 'W', layer: 1, row: 2, col: 2, value: 1.5 });
    expect(store.pass().stale).toBe(true);
    expect(store.pass().result.loss).toBe(J0);
    expect(store.pass().doc.weights[0][1][1]).toBe(0.3); // the tables show the numbers of the last run
    // An invalid document is still refused while edits wait.
    expect(store.dispatch('edit', { q: 'W', layer: 1, row: 2, col: 2, value: Infinity }).ok).toBe(false);
    store.dispatch('run');
    expect(store.pass().stale).toBe(false);
    expect(store.pass().result.loss).not.toBe(J0);
    expect(passMismatches(store.pass().result, referencePass(store.state.doc))).toEqual([]);
    // Turning it back on runs the current document.
    store.dispatch('edit', { q: 'W', layer: 1, row: 2, col: 2, value: 0.5 });
    store.dispatch('setAutoRun', true);
    expect(store.pass().stale).toBe(false);
    expect(store.pass().doc.weights[0][1][1]).toBe(0.5);
  });
});

describe('undo and redo', () => {
  test('keystrokes into one field close together are one entry; later ones a new entry', () => {
    const { store, clock } = storeOf();
    const initial = store.state.doc;
    for (const value of [0.9, 0.95, 0.953]) {
      store.dispatch('edit', { q: 'W', layer: 1, row: 1, col: 1, value });
      clock.t += 200;
    }
    clock.t += MERGE_MS + 1;
    store.dispatch('edit', { q: 'W', layer: 1, row: 1, col: 1, value: 0.5 });
    expect(store.state.history.past).toHaveLength(2);
    store.dispatch('undo');
    expect(store.state.doc.weights[0][0][0]).toBe(0.953);
    store.dispatch('undo');
    expect(store.state.doc).toBe(initial);
    expect(store.dispatch('undo')).toEqual({ ok: true }); // nothing left: no change
    store.dispatch('redo');
    store.dispatch('redo');
    expect(store.state.doc.weights[0][0][0]).toBe(0.5);
    // A new edit after an undo clears the redo list.
    store.dispatch('undo');
    store.dispatch('edit', { q: 'b', layer: 1, row: 1, value: 0 });
    expect(store.state.history.future).toHaveLength(0);
  });

  test('the learning rate merges into one entry, and undoing it restores α', () => {
    const { store } = storeOf();
    store.dispatch('setLearningRate', 0.1);
    store.dispatch('setLearningRate', 0.15);
    expect(store.state.history.past).toHaveLength(1);
    store.dispatch('undo');
    expect(store.state.doc.learningRate).toBe(0.5);
    expect(store.dispatch('setLearningRate', -1).ok).toBe(false);
  });
});

describe('a gradient step', () => {
  test('moves every parameter by −α ∂J/∂θ of the pass before it; undo and redo', () => {
    const { store } = storeOf();
    const before = store.state.doc;
    const g = store.pass().result.gradients;
    store.dispatch('step');
    const after = store.state.doc;
    const alpha = before.learningRate;
    for (let l = 0; l < 2; l += 1) {
      for (let i = 0; i < 2; i += 1) {
        expect(after.biases[l][i]).toBe(before.biases[l][i] - alpha * g[l].b[i]);
        for (let j = 0; j < 2; j += 1) expect(after.weights[l][i][j]).toBe(before.weights[l][i][j] - alpha * g[l].W[i][j]);
      }
    }
    // The published example's W_11^(2) after one step with α = 0.5.
    expect(Math.abs(after.weights[1][0][0] - 0.35891648)).toBeLessThan(1e-8);
    expect(store.state.lastStep).toMatchObject({ before, after, alpha, count: 1 });
    store.dispatch('step');
    expect(store.state.lastStep.count).toBe(2);
    store.dispatch('undo');
    store.dispatch('undo');
    expect(store.state.doc).toBe(before);
    expect(store.state.lastStep).toBeNull();
  });

  test('a step that would overflow is refused: the network unchanged, the engine\'s word in the banner', () => {
    const { store } = storeOf({ doc: { ...mazur(), activations: 'linear', input: [1e150, 1e150], target: [0, 0], learningRate: 1e10 } });
    const before = store.state.doc;
    const outcome = store.dispatch('step');
    expect(outcome.ok).toBe(false);
    expect(store.state.doc).toBe(before);
    expect(store.state.message.text).toMatch(/^The engine refused to step: /);
  });

  test('with a planted bug the step uses the wrong gradients', () => {
    const { store } = storeOf();
    store.dispatch('setPlantedBug', 'wrong-sign-output-delta');
    const g = store.pass().result.gradients;
    const W = store.state.doc.weights[1][0][0];
    store.dispatch('step');
    expect(store.state.doc.weights[1][0][0]).toBe(W - 0.5 * g[1].W[0][0]);
    expect(g[1].W[0][0]).toBeLessThan(0); // the right one is positive
  });
});

describe('documents and structure', () => {
  test('loadDocument normalises, clamps the example, is one undo entry; a refused one changes nothing', () => {
    const { store } = storeOf();
    const before = store.state;
    expect(store.dispatch('loadDocument', { doc: XOR, example: 9, note: 'XOR' }).ok).toBe(true);
    expect(store.state.example).toBe(4);
    expect(store.state.message).toEqual({ kind: 'note', text: 'XOR' });
    expect(store.state.doc.activations).toEqual(['sigmoid', 'sigmoid']);
    expect(store.state.history.past).toHaveLength(1);
    const loaded = store.state;
    const refused = store.dispatch('loadDocument', { doc: { ...XOR, layers: [2, 0, 1] } });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/layers\[1\]/);
    expect(store.state.doc).toBe(loaded.doc);
    store.dispatch('undo');
    expect(store.state.doc).toBe(before.doc);
  });

  test('a selection that no longer fits falls back to the default; one that fits stays', () => {
    const { store } = storeOf();
    store.dispatch('select', { q: 'delta', layer: 2, row: 2 });
    store.dispatch('loadDocument', { doc: XOR });
    expect(store.state.selection).toEqual({ q: 'delta', layer: 2, row: 2 });
    store.dispatch('select', { q: 'W', layer: 1, row: 2, col: 2 });
    store.dispatch('removeLayer', { layer: 2 });
    expect(store.state.doc.layers).toEqual([2, 1]);
    expect(store.state.selection).toEqual(DEFAULT_SELECTION);
  });

  test('structure: units, layers, activations, loss, seed; new weights filled in by the engine', () => {
    const { store } = storeOf();
    store.dispatch('setUnits', { layer: 2, units: 3 });
    let d = store.state.doc;
    expect(d.layers).toEqual([2, 3, 2]);
    expect(d.weights.every((W) => Array.isArray(W))).toBe(true); // seeded, filled in
    expect(d.weights[0]).toHaveLength(3);
    expect(d.biases[0]).toEqual([0.35, 0.35, 0]);
    expect(passMismatches(store.pass().result, referencePass(d))).toEqual([]);
    store.dispatch('insertLayer', { after: 2 });
    expect(store.state.doc.layers).toEqual([2, 3, 3, 2]);
    store.dispatch('setActivation', { layer: 3, name: 'tanh' });
    expect(store.state.doc.activations).toEqual(['sigmoid', 'tanh', 'sigmoid']);
    store.dispatch('setLoss', 'cross-entropy');
    expect(store.state.doc.activations[2]).toBe('softmax');
    expect(store.state.message.text).toMatch(/softmax/);
    d = store.state.doc;
    store.dispatch('reinitialise', 9);
    expect(store.state.doc.seed).toBe(9);
    expect(store.state.doc.weights).not.toEqual(d.weights);
    expect(store.state.doc.biases).toEqual(d.biases);
    expect(store.dispatch('setUnits', { layer: 2, units: 0 }).ok).toBe(false);
    expect(store.dispatch('setActivation', { layer: 2, name: 'swish' }).ok).toBe(false);
    store.dispatch('reset');
    expect(store.state.doc.weights).toEqual(initialState().doc.weights);
    expect(store.state.history.past.length).toBe(6); // the six changes above; refusals record nothing
  });

  test('training updates: the first of a session is one undo entry, the rest are not', () => {
    const { store } = storeOf({ doc: XOR });
    const before = store.state.doc;
    const session = compute.session(before);
    try {
      session.trainEpochs(10, { learningRate: 0.5 });
      store.dispatch('trainingUpdate', { ...session.parameters(), first: true });
      session.trainEpochs(10, { learningRate: 0.5 });
      store.dispatch('trainingUpdate', { ...session.parameters() });
    } finally {
      session.dispose();
    }
    expect(store.state.history.past).toHaveLength(1);
    expect(store.state.doc.weights).not.toEqual(before.weights);
    store.dispatch('undo');
    expect(store.state.doc).toBe(before);
  });

  test('examples of a batch', () => {
    const { store } = storeOf({ doc: XOR });
    store.dispatch('setExample', 3);
    expect(store.pass().result.layers[0].a).toEqual([1, 0]);
    store.dispatch('setExample', 0);
    expect(store.state.example).toBe(1);
    store.dispatch('setExample', 99);
    expect(store.state.example).toBe(4);
  });
});

describe('what is shown', () => {
  test('select, hover, view, digits and the diagram\'s mode; refusals name what was expected', () => {
    const { store } = storeOf();
    store.dispatch('select', { q: 'dW', layer: 2, row: 1, col: 2, extra: 'ignored' });
    expect(store.state.selection).toEqual({ q: 'dW', layer: 2, row: 1, col: 2 });
    expect(store.state.intro.picked).toBe(true);
    expect(store.dispatch('select', { q: 'W', layer: 3, row: 1, col: 1 }).message).toMatch(/names nothing in this 2-2-2 network/);
    store.dispatch('hover', { q: 'a', layer: 2, row: 1 });
    expect(store.state.hover).toEqual({ q: 'a', layer: 2, row: 1 });
    store.dispatch('hover', null);
    expect(store.state.hover).toBeNull();
    let before = store.state.view;
    for (const view of VIEWS.slice(1)) {
      store.dispatch('setView', view);
      expect(store.state.view).toBe(view);
      expect(store.state.previousView).toBe(before); // what a share link made in the Instructor view carries
      before = view;
    }
    expect(store.dispatch('setView', 'backwards').message).toMatch(/there is no view "backwards"/);
    store.dispatch('setDigits', 6);
    expect(store.state.settings.digits).toBe(6);
    expect(store.dispatch('setDigits', 5).ok).toBe(false);
    store.dispatch('setDiagramMode', 'gradients');
    expect(store.state.settings.diagramMode).toBe('gradients');
    expect(store.dispatch('setDiagramMode', 'deltas').ok).toBe(false);
  });

  test('planted bugs come from the engine\'s list; the pass changes; a bug the network cannot run says why', () => {
    const { store } = storeOf();
    expect(compute.names.plantedBugs).toContain('forget-fprime');
    const right = store.pass().result.layers[1].delta[0];
    store.dispatch('setPlantedBug', 'forget-fprime');
    expect(store.pass().result.layers[1].delta[0]).not.toBe(right);
    expect(store.dispatch('setPlantedBug', 'forget-everything').ok).toBe(false);
    store.dispatch('setUnits', { layer: 2, units: 3 });
    store.dispatch('setPlantedBug', 'W-instead-of-WT');
    expect(store.pass().bugMessage).toMatch(/W-instead-of-WT cannot run on this network/);
  });

  test('checking a value remembers what it was for, and ticks the "start here" card', () => {
    const { store } = storeOf();
    store.dispatch('check', '0.0004386');
    expect(store.state.check).toEqual({ key: selectionKey(DEFAULT_SELECTION), text: '0.0004386' });
    expect(store.state.intro.checked).toBe(true);
    store.dispatch('explained');
    store.dispatch('dismissIntro');
    expect(store.state.intro).toMatchObject({ dismissed: true, explained: true });
  });
});

describe('the walkthrough', () => {
  test('a reveal: each step first hides what it computes, then shows it; Prev undoes a reveal', () => {
    const { store } = storeOf();
    const steps = buildSteps([2, 2, 2]);
    const known = (d) => isKnown(store.state.walk, steps, d);
    store.dispatch('walkStart');
    expect(store.state.walk).toMatchObject({ on: true, index: 0, revealed: true }); // the input asks nothing
    expect(known({ q: 'a', layer: 1, row: 1 })).toBe(true);
    expect(known({ q: 'z', layer: 2, row: 1 })).toBe(false);
    expect(known({ q: 'J' })).toBe(false);
    store.dispatch('walkMove', 1);
    expect(store.state.walk).toMatchObject({ index: 1, revealed: false });
    expect(currentStep(store.state)).toMatchObject({ kind: 'forward', layer: 2 });
    expect(store.state.selection).toEqual({ q: 'z', layer: 2, row: 1 }); // what the step asks for
    expect(known({ q: 'z', layer: 2, row: 1 })).toBe(false);
    expect(known({ q: 'W', layer: 1, row: 1, col: 1 })).toBe(true);
    store.dispatch('check', '0.3775');
    store.dispatch('walkMove', 1);
    expect(store.state.walk).toMatchObject({ index: 1, revealed: true });
    expect(store.state.check.text).toBe('0.3775'); // the reveal keeps the verdict on screen
    expect(known({ q: 'a', layer: 2, row: 2 })).toBe(true);
    expect(known({ q: 'a', layer: 3, row: 1 })).toBe(false);
    store.dispatch('walkMove', -1);
    expect(store.state.walk).toMatchObject({ index: 1, revealed: false });
    store.dispatch('walkMove', -1);
    expect(store.state.walk).toMatchObject({ index: 0, revealed: true });
    // The delta step gives f' and asks for delta.
    store.dispatch('walkMove', 2 * 4 - 1); // index 4 (delta^(3)), hidden
    expect(currentStep(store.state)).toMatchObject({ kind: 'delta', layer: 3 });
    expect(store.state.walk.revealed).toBe(false);
    expect(known({ q: 'fprime', layer: 3, row: 1 })).toBe(true);
    expect(known({ q: 'delta', layer: 3, row: 1 })).toBe(false);
    expect(known({ q: 'J' })).toBe(true);
    store.dispatch('walkMove', Infinity);
    expect(store.state.walk).toMatchObject({ index: 7, revealed: true });
    expect(known({ q: 'dW', layer: 1, row: 2, col: 2 })).toBe(true);
    store.dispatch('walkMove', -Infinity);
    expect(store.state.walk).toMatchObject({ index: 0, revealed: true });
    store.dispatch('walkStop');
    expect(isKnown(store.state.walk, steps, { q: 'J' })).toBe(true);
  });

  test('one unit at a time keeps the place; a new structure keeps the kind of step', () => {
    const { store } = storeOf();
    store.dispatch('walkStart');
    store.dispatch('walkMove', 2 * 6); // delta^(2) of the layer-by-layer walk, hidden
    expect(currentStep(store.state)).toMatchObject({ kind: 'delta', layer: 2, unit: null });
    store.dispatch('walkUnits', true);
    expect(currentStep(store.state)).toMatchObject({ kind: 'delta', layer: 2, unit: 1 });
    store.dispatch('walkUnits', false);
    expect(currentStep(store.state)).toMatchObject({ kind: 'delta', layer: 2, unit: null });
    store.dispatch('insertLayer', { after: 1 });
    expect(currentStep(store.state)).toMatchObject({ kind: 'delta', layer: 2 });
  });
});

describe('read-only', () => {
  test('exactly the actions marked as edits are refused; the others work', () => {
    const { store } = storeOf({}, { readonly: true });
    const editing = Object.entries(ACTIONS).filter(([, a]) => a.edits).map(([n]) => n);
    expect(editing.sort()).toEqual(['edit', 'insertLayer', 'loadDocument', 'redo', 'reinitialise', 'removeLayer', 'reset',
      'setActivation', 'setLearningRate', 'setLoss', 'setUnits', 'step', 'trainingUpdate', 'undo'].sort());
    const before = store.state;
    for (const name of editing) expect(store.dispatch(name, {})).toEqual({ ok: false, message: 'this sandbox is read-only' });
    expect(store.state).toBe(before);
    expect(store.dispatch('select', { q: 'a', layer: 2, row: 1 }).ok).toBe(true);
    expect(store.dispatch('walkStart').ok).toBe(true);
    expect(store.dispatch('setPlantedBug', 'forget-fprime').ok).toBe(true);
  });

  test("the host's document (el.document = …) is taken: the author's content, not a learner's edit", () => {
    const { store } = storeOf({}, { readonly: true });
    expect(store.dispatch('loadDocument', { doc: XOR }).ok).toBe(false);
    expect(store.dispatch('hostDocument', { doc: XOR }).ok).toBe(true);
    expect(store.state.doc.layers).toEqual(XOR.layers);
    expect(store.state.doc.input).toEqual(XOR.input);
    // Undo is still the learner's, and refused.
    expect(store.dispatch('undo').ok).toBe(false);
    expect(store.state.doc.layers).toEqual(XOR.layers);
  });
});

describe('a lesson step that lets only some parameters change (mayEdit)', () => {
  test('edits of those go through; of the others, and of everything at once, are refused with the state kept', () => {
    const mayEdit = (q, layer) => q === 'b' && layer === 2;
    const { store } = storeOf({}, { mayEdit });
    expect(store.dispatch('edit', { q: 'b', layer: 2, row: 1, value: -3 }).ok).toBe(true);
    expect(store.state.doc.biases[1][0]).toBe(-3);
    const before = store.state.doc;
    const refused = store.dispatch('edit', { q: 'W', layer: 2, row: 1, col: 1, value: 9 });
    expect(refused).toEqual({ ok: false, message: 'W^(2) is locked in this step of the lesson' });
    expect(store.state.doc).toBe(before);
    expect(store.state.message.text).toBe('Not applied: W^(2) is locked in this step of the lesson.');
    for (const name of ['step', 'trainingUpdate', 'loadDocument', 'setActivation', 'insertLayer']) {
      expect(store.dispatch(name, {}).message).toBe('the parameters are locked in this step of the lesson');
    }
    expect(store.state.doc).toBe(before);
    // undo takes back what was allowed
    expect(store.dispatch('undo').ok).toBe(true);
    expect(store.state.doc.biases[1][0]).toBe(0.6);
  });
});
