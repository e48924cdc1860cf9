// Lessons (web/teach/lesson.js) and their Markdown (web/teach/markdown.js): the reader of
// untrusted lesson files, field by field, and the checks of each kind of task, on the engine.
import { loadEngine } from '../../bindings/index.js';
import { checkTask, changedFields, LessonError, MAX_STEPS, mayEdit, parseLesson } from '../../web/teach/lesson.js';
import { parseMarkdown, plainText, safeHref } from '../../web/teach/markdown.js';
import { DOC_MAZUR } from './helpers/support.js';

let engine;
let deps;
beforeAll(async () => {
  engine = await loadEngine();
  deps = { validate: (d) => engine.validate(d), plantedBugs: engine.plantedBugs, presets: { 'default-222': DOC_MAZUR } };
});

const pass = (doc) => {
  const net = engine.createNetwork(doc);
  const res = net.run();
  net.dispose();
  return { doc, res };
};

// ---- Markdown ----------------------------------------------------------------------------------

test('Markdown: paragraphs, lists, quotes, strong, emphasis, code, links and math as a tree', () => {
  const blocks = parseMarkdown('Compute **z** of *one* unit: `W a + b`, see [the notes](notes.html).\n\n- first\n- $a_1^{(2)}$\n\n1. one\n2. two\n\n> quoted\n\n$$\\delta^{(L)} = a - y$$');
  expect(blocks.map((b) => b.type)).toEqual(['p', 'ul', 'ol', 'quote', 'math']);
  expect(blocks[0].children.map((n) => n.type)).toEqual(['text', 'strong', 'text', 'em', 'text', 'code', 'text', 'link', 'text']);
  expect(blocks[0].children[7]).toEqual({ type: 'link', href: 'notes.html', children: [{ type: 'text', text: 'the notes' }] });
  expect(blocks[1].items[1]).toEqual([{ type: 'math', tex: 'a_1^{(2)}' }]);
  expect(blocks[4]).toEqual({ type: 'math', tex: '\\delta^{(L)} = a - y' });
  expect(plainText(blocks[0].children)).toBe('Compute z of one unit: W a + b, see the notes.');
});

test.each([
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<svg onload=alert(1)>',
])('raw HTML %p stays text', (payload) => {
  const blocks = parseMarkdown(`before ${payload} after`);
  expect(blocks).toEqual([{ type: 'p', children: [{ type: 'text', text: `before ${payload} after` }] }]);
});

test.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:x', 'java\tscript:x', 'data:text/html,<script>', 'vbscript:x', '//evil.example/x'])(
  'a link to %p keeps its text and loses its target', (href) => {
    expect(safeHref(href)).toBe(false);
    const nodes = parseMarkdown(`[click](${href})`)[0].children;
    expect(nodes.some((n) => n.type === 'link')).toBe(false);
    expect(plainText(nodes)).toContain('click');
  });

test('safe targets: http(s), mailto and relative paths', () => {
  for (const href of ['https://example.org/a', 'http://x', 'mailto:t@example.org', 'notes.html#delta', '../a', '#top']) expect(safeHref(href)).toBe(true);
});

// ---- reading lessons ---------------------------------------------------------------------------

const LESSON = {
  title: 'δ from the loss',
  network: DOC_MAZUR,
  steps: [
    { title: 'Read', prompt: 'The output error is $\\delta^{(L)}$.' },
    { title: 'Compute δ', prompt: 'Compute $\\delta_1^{(3)}$.', views: ['network', 'backward'], task: { type: 'value', quantity: 'delta', layer: 3, row: 1 } },
    { title: 'A gradient', prompt: 'Now $\\partial J/\\partial W_{12}^{(2)}$.', changes: { W2: [[0.5, 0.45], [0.5, 0.55]] }, task: { type: 'value', quantity: 'dW', layer: 2, row: 1, col: 2 } },
    { title: 'Lower J', prompt: 'Get J below 0.2 by changing $b^{(2)}$ only.', editable: ['b2'], task: { type: 'goal', below: 0.2 } },
    { title: 'The bug', prompt: 'Which bug?', views: ['gradcheck'], task: { type: 'bug', bug: 'forget-fprime' } },
  ],
};

test('a lesson: each step\'s network follows from the one before; changes set parameters', () => {
  const lesson = parseLesson(JSON.stringify(LESSON), deps);
  expect(lesson.title).toBe('δ from the loss');
  expect(lesson.steps).toHaveLength(5);
  expect(lesson.steps[1].doc).toEqual(lesson.steps[0].doc);
  expect(lesson.steps[2].doc.weights[1]).toEqual([[0.5, 0.45], [0.5, 0.55]]);
  expect(lesson.steps[2].doc.weights[0]).toEqual(DOC_MAZUR.weights[0]);
  expect(lesson.steps[3].doc).toEqual(lesson.steps[2].doc);
  expect(lesson.steps[0].views).toEqual(['network']);
  expect(lesson.steps[0].task).toEqual({ type: 'none' });
  expect(lesson.steps[4].bug).toBe('forget-fprime');
  expect(lesson.steps[1].blocks[0].children.some((n) => n.type === 'math')).toBe(true);
  expect(parseLesson({ ...LESSON, network: undefined, preset: 'default-222' }, deps).steps[0].doc).toEqual(lesson.steps[0].doc);
});

const bad = (change) => {
  const l = structuredClone(LESSON);
  change(l);
  return l;
};

test.each([
  ['not JSON', '{"title": ', 'lesson: not JSON'],
  ['no title', bad((l) => { delete l.title; }), 'title: expected a non-empty string'],
  ['an unknown field', bad((l) => { l.colour = 'red'; }), 'lesson.colour: unknown field'],
  ['no steps', bad((l) => { l.steps = []; }), 'steps: expected a list of steps'],
  ['a bad network', bad((l) => { l.network = { ...DOC_MAZUR, layers: [2, 0, 2] }; }), 'network.layers'],
  ['a bad change', bad((l) => { l.steps[2].changes = { W7: [[1]] }; }), 'steps[2].changes.W7: this network has W and b for l = 1 to 2'],
  ['a change the engine refuses', bad((l) => { l.steps[2].changes = { W2: [[1, 2, 3]] }; }), 'steps[2].changes.weights'],
  ['network and changes', bad((l) => { l.steps[2].network = DOC_MAZUR; }), 'steps[2]: give one of "network", "preset" or "changes", not more'],
  ['a view that does not exist', bad((l) => { l.steps[1].views = ['network', 'lessons'] }), 'steps[1].views: expected a list of network'],
  ['a quantity that does not exist', bad((l) => { l.steps[1].task.quantity = 'W'; }), 'steps[1].task.quantity: expected one of z, a, fprime, delta, dW, db, J, got "W"'],
  ['δ of the input layer', bad((l) => { l.steps[1].task.layer = 1; }), 'steps[1].task.layer: delta exists in layers 2, 3 of this network, got 1'],
  ['a row too far', bad((l) => { l.steps[2].task.row = 3; }), 'steps[2].task.row: expected 1 to 2, got 3'],
  ['a matrix without col', bad((l) => { delete l.steps[2].task.col; }), 'steps[2].task.col: expected 1 to 2, got undefined'],
  ['a goal of 0', bad((l) => { l.steps[3].task.below = 0; }), 'steps[3].task.below: expected a number > 0'],
  ['a goal with nothing to edit', bad((l) => { l.steps[3].editable = 'none'; }), 'steps[3].editable: a goal needs fields the learner may edit'],
  ['an editable field that does not exist', bad((l) => { l.steps[3].editable = ['W9']; }), 'steps[3].editable[0]: this network has W and b for l = 1 to 2'],
  ['a bug that does not exist', bad((l) => { l.steps[4].task.bug = 'typo'; }), 'steps[4].task.bug: expected one of forget-fprime'],
  ['a task type that does not exist', bad((l) => { l.steps[4].task = { type: 'quiz' }; }), 'steps[4].task.type: expected "value", "goal", "bug" or "none", got "quiz"'],
  ['a prompt that is too long', bad((l) => { l.steps[0].prompt = 'x'.repeat(20_001); }), 'steps[0].prompt: expected at most 20000 characters'],
])('%s is refused, naming the field', (_, input, message) => {
  expect(() => parseLesson(input, deps)).toThrow(LessonError);
  expect(() => parseLesson(input, deps)).toThrow(message);
});

test('a lesson of 10,000 steps and a 10 MB file are refused at once', () => {
  const many = { ...LESSON, steps: Array.from({ length: 10_000 }, () => LESSON.steps[0]) };
  expect(() => parseLesson(many, deps)).toThrow(`steps: 10000 steps, at most ${MAX_STEPS}`);
  expect(() => parseLesson('x'.repeat(10 * 1024 * 1024), deps)).toThrow('lesson: the file is 10.0 MB, at most 2 MB');
});

// ---- checking tasks ----------------------------------------------------------------------------

test('a value task agrees at the digits typed and names what went wrong otherwise', () => {
  const lesson = parseLesson(LESSON, deps);
  const step = lesson.steps[1];
  const p = pass(step.doc);
  const truth = p.res.layers[2].delta[0];
  expect(checkTask(step, { answer: truth.toPrecision(4), pass: p }).done).toBe(true);
  const wrong = checkTask(step, { answer: (-truth).toPrecision(4), pass: p });
  expect(wrong.done).toBe(false);
  expect(wrong.status).toBe('disagree');
  expect(checkTask(step, { answer: 'abc', pass: p }).status).toBe('invalid');
  const dW = lesson.steps[2];
  const p2 = pass(dW.doc);
  expect(checkTask(dW, { answer: p2.res.gradients[1].W[0][1].toPrecision(5), pass: p2 }).done).toBe(true);
});

test('a goal: J below the bound, reached by editing only what may be edited', () => {
  const step = parseLesson(LESSON, deps).steps[3];
  expect(mayEdit(step, 'b', 2)).toBe(true);
  expect(mayEdit(step, 'W', 2)).toBe(false);
  expect(checkTask(step, { pass: pass(step.doc), doc: step.doc }).status).toBe('disagree');
  // b^(2) = (-3, 3) pushes a^(3) toward y = (0.01, 0.99)
  const good = structuredClone(step.doc);
  good.biases[1] = [-3, 3];
  expect(changedFields(step.doc, good)).toEqual(['b2']);
  const done = checkTask(step, { pass: pass(good), doc: good });
  expect(done.done).toBe(true);
  // the same J reached by a locked field as well does not count
  const cheat = structuredClone(good);
  cheat.weights[1] = [[0, 0], [0, 0]];
  const refused = checkTask(step, { pass: pass(cheat), doc: cheat });
  expect(refused.done).toBe(false);
  expect(refused.message).toContain('W2 changed too');
});

test('a bug task: the learner names the planted bug', () => {
  const step = parseLesson(LESSON, deps).steps[4];
  expect(checkTask(step, { answer: 'forget-fprime' }).done).toBe(true);
  expect(checkTask(step, { answer: 'W-instead-of-WT' }).done).toBe(false);
  expect(checkTask(step, { answer: '' }).message).toBe('Name the bug first.');
});

// ---- the six lessons shipped in web/lessons/ ----------------------------------------------------

const LESSON_DIR = new URL('../../web/lessons/', import.meta.url);
const SHIPPED = ['1-forward-pass', '2-output-delta', '3-recursion', '4-outer-product', '5-gradient-check', '6-xor'];

/** A value straight from the engine's pass (the first example of a batch). */
function truthOf(quantity, res) {
  const first = (v) => (Array.isArray(v[0]) ? v[0] : v);
  const { q, layer, row, col } = quantity;
  if (q === 'J') return res.loss;
  if (q === 'dW') return res.gradients[layer - 1].W[row - 1][col - 1];
  if (q === 'db') return res.gradients[layer - 1].b[row - 1];
  return first(res.layers[layer - 1][q])[row - 1];
}

// What a learner who has it right enters for the goals: parameters that reach them.
const GOALS = {
  '4-outer-product': (doc) => ({ ...doc, biases: [doc.biases[0], [-3, 3]] }),
  // two lines, x1 + x2 > 0.5 and x1 + x2 < 1.5, and their band
  '6-xor': (doc) => ({ ...doc, weights: [[[20, 20], [-20, -20]], [[20, 20]]], biases: [[-10, 30], [-30]] }),
};

describe.each(SHIPPED)('lesson %s', (name) => {
  test('is read without a problem and played through: every task answered right and wrong', async () => {
    const { readFileSync } = await import('node:fs');
    const { PRESETS } = await import('../../web/teach/presets.js');
    const presets = Object.fromEntries(PRESETS.map((p) => [p.name, p.document]));
    const lesson = parseLesson(readFileSync(new URL(`${name}.json`, LESSON_DIR), 'utf8'), { ...deps, presets });
    expect(lesson.steps.length).toBeGreaterThanOrEqual(4);
    let tasks = 0;
    for (const step of lesson.steps) {
      const p = pass(step.doc);
      switch (step.task.type) {
        case 'value': {
          const truth = truthOf(step.task.quantity, p.res);
          expect(checkTask(step, { answer: truth.toPrecision(4), pass: p }).done).toBe(true);
          expect(checkTask(step, { answer: (truth * 1.5 + 0.01).toPrecision(4), pass: p }).done).toBe(false);
          break;
        }
        case 'goal': {
          expect(checkTask(step, { pass: p, doc: step.doc }).done).toBe(false);
          const solved = GOALS[name](step.doc);
          expect(checkTask(step, { pass: pass(solved), doc: solved }).done).toBe(true);
          break;
        }
        case 'bug': {
          expect(checkTask(step, { answer: step.task.bug }).done).toBe(true);
          const other = engine.plantedBugs.find((b) => b !== 'none' && b !== step.task.bug);
          expect(checkTask(step, { answer: other }).done).toBe(false);
          // the bug is one the gradient check can see on this network
          const net = engine.createNetwork(step.doc);
          net.plantedBug = step.task.bug;
          expect(net.gradientCheck().maxRelativeError).toBeGreaterThan(1e-4);
          net.dispose();
          break;
        }
        default:
          expect(checkTask(step, {}).done).toBe(true);
      }
      if (step.task.type !== 'none') tasks += 1;
    }
    expect(tasks).toBeGreaterThanOrEqual(2);
  });
});

// ---- the command line ---------------------------------------------------------------------------

test('backprop-sandbox check-lesson: a shipped lesson is ready; a bad one names its field; exit codes', async () => {
  const { spawnSync } = await import('node:child_process');
  const cli = (args, input) => spawnSync(process.execPath, [new URL('../../bin/backprop-sandbox.js', import.meta.url).pathname, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  const ok = cli(['check-lesson', new URL('../../web/lessons/6-xor.json', import.meta.url).pathname]);
  expect(ok.status).toBe(0);
  expect(ok.stdout).toContain('"Why XOR needs a hidden layer", 4 steps, 2 with a task: ready to use');
  const bad = cli(['check-lesson', '-'], JSON.stringify({ title: 'x', preset: 'default-222', steps: [{ title: 'a', prompt: 'b', editable: ['b3'] }] }));
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('backprop-sandbox: -: steps[0].editable[0]: this network has W and b for l = 1 to 2, got "b3"');
  expect(cli(['check-lesson']).status).toBe(2);
});
