// Lessons: a sequence of steps, each with a prompt, the network, the views shown, the fields a
// learner may edit, and a task with an automatic check. A lesson is untrusted JSON (a course
// author's file, a URL): parseLesson checks every field and names the one that is wrong.
//
// {
//   "title": "The forward pass by hand",             plain text (<= 200 characters)
//   "network": { …a network document… },              or "preset": "default-222"
//   "steps": [{                                      1 to MAX_STEPS steps
//     "title": "z of one unit",                      plain text
//     "prompt": "Markdown with $math$",               markdown.js: no HTML, safe links only
//     "network": { … } | "preset": "xor-221" | "changes": { "W1": [[…]], "b2": […], "x": […] },
//                                                      optional: a new document, a preset's, or
//                                                      parameters changed from the previous
//                                                      step's (W<l>, b<l>, x, y)
//     "views": ["network", "forward"],                 optional; default ["network"]
//     "editable": ["W2", "b2"] | "all" | "none",       optional; default "none"
//     "task": { "type": "value", "quantity": "z", "layer": 2, "row": 1, "digits": 3 }
//                                                      (digits: the fewest significant digits an
//                                                      answer must give, 1 to 17, default 3)
//           | { "type": "value", "quantity": "dW", "layer": 1, "row": 1, "col": 2 }
//           | { "type": "value", "quantity": "J" }
//           | { "type": "goal", "below": 0.1 }         J below it, by editing the editable fields
//           | { "type": "bug", "bug": "forget-fprime" } the bug planted in this step: name it
//           | { "type": "none" }                       read, then go on (the default)
//   }]
// }
//
// Pure functions: no DOM; the engine is reached only through the validate function given.
import { CHECK_KINDS, checkAnswer, checkRanges, typedPrecision } from '../check.js';
import { VIEWS } from '../store.js';
import { MAX_MARKDOWN, parseMarkdown } from './markdown.js';
import { PRESETS } from './presets.js';

export const MAX_STEPS = 200;
export const MAX_LESSON_TEXT = 2 * 1024 * 1024;
const MAX_TITLE = 200;
const PARAMS = /^(W|b)([1-9]\d?)$|^(x|y)$/;

export class LessonError extends Error {
  constructor(field, message) {
    super(`${field}: ${message}`);
    this.name = 'LessonError';
    this.field = field;
  }
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const kinds = CHECK_KINDS.map((k) => k.q);

function text(value, field, max = MAX_TITLE) {
  if (typeof value !== 'string' || value.trim() === '') throw new LessonError(field, 'expected a non-empty string');
  if (value.length > max) throw new LessonError(field, `expected at most ${max} characters, got ${value.length}`);
  return value.trim();
}

function only(obj, field, allowed) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new LessonError(`${field}.${key}`, `unknown field (expected ${allowed.join(', ')})`);
  }
}

/** A document checked by the engine (validate returns null or { field, message }). */
function checkedDocument(doc, field, validate) {
  if (!isObject(doc)) throw new LessonError(field, 'expected a network document (an object)');
  const problem = validate(doc);
  if (problem) throw new LessonError(`${field}.${problem.field}`, problem.message);
  return JSON.parse(JSON.stringify(doc));
}

/** The parameters a "changes" object sets, applied to a copy of doc. */
function applyChanges(doc, changes, field) {
  if (!isObject(changes)) throw new LessonError(field, 'expected an object such as { "W1": [[0.1, 0.2], [0.3, 0.4]] }');
  const next = JSON.parse(JSON.stringify(doc));
  const L = next.layers.length;
  for (const [key, value] of Object.entries(changes)) {
    const m = PARAMS.exec(key);
    if (!m) throw new LessonError(`${field}.${key}`, 'expected W<l>, b<l>, x or y');
    const l = Number(m[2]);
    if (m[1] && !(l >= 1 && l < L)) throw new LessonError(`${field}.${key}`, `this network has W and b for l = 1 to ${L - 1}`);
    if (m[1] === 'W') (next.weights ??= [])[l - 1] = value;
    else if (m[1] === 'b') (next.biases ??= [])[l - 1] = value;
    else if (m[3] === 'x') next.input = value;
    else next.target = value;
  }
  return next;
}

function editable(value, field, L) {
  if (value === undefined || value === 'none') return [];
  if (value === 'all') return ['all'];
  if (!Array.isArray(value)) throw new LessonError(field, 'expected "all", "none" or a list such as ["W2", "b2"]');
  return value.map((name, k) => {
    const m = typeof name === 'string' ? PARAMS.exec(name) : null;
    if (!m) throw new LessonError(`${field}[${k}]`, `expected W<l>, b<l>, x or y, got ${JSON.stringify(name)}`);
    if (m[1] && !(Number(m[2]) >= 1 && Number(m[2]) < L)) throw new LessonError(`${field}[${k}]`, `this network has W and b for l = 1 to ${L - 1}, got ${JSON.stringify(name)}`);
    return name;
  });
}

function task(value, field, doc, bugs) {
  if (value === undefined) return { type: 'none' };
  if (!isObject(value)) throw new LessonError(field, 'expected an object with a "type"');
  const layers = doc.layers;
  switch (value.type) {
    case 'none':
      only(value, field, ['type']);
      return { type: 'none' };
    case 'value': {
      only(value, field, ['type', 'quantity', 'layer', 'row', 'col', 'digits']);
      const q = value.quantity;
      const digits = value.digits ?? 3;
      if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new LessonError(`${field}.digits`, `expected a whole number from 1 to 17, got ${JSON.stringify(value.digits)}`);
      if (!kinds.includes(q)) throw new LessonError(`${field}.quantity`, `expected one of ${kinds.join(', ')}, got ${JSON.stringify(q)}`);
      if (q === 'J') return { type: 'value', quantity: { q: 'J' }, digits };
      const ranges = checkRanges(q, layers);
      const int = (v) => Number.isInteger(v);
      if (!int(value.layer) || !ranges.layers.includes(value.layer)) throw new LessonError(`${field}.layer`, `${q} exists in layers ${ranges.layers.join(', ')} of this network, got ${JSON.stringify(value.layer)}`);
      const rows = ranges.rows(value.layer);
      if (!int(value.row) || value.row < 1 || value.row > rows) throw new LessonError(`${field}.row`, `expected 1 to ${rows}, got ${JSON.stringify(value.row)}`);
      const quantity = { q, layer: value.layer, row: value.row };
      if (ranges.cols) {
        const cols = ranges.cols(value.layer);
        if (!int(value.col) || value.col < 1 || value.col > cols) throw new LessonError(`${field}.col`, `expected 1 to ${cols}, got ${JSON.stringify(value.col)}`);
        quantity.col = value.col;
      } else if (value.col !== undefined) throw new LessonError(`${field}.col`, `${q} has no column index`);
      return { type: 'value', quantity, digits };
    }
    case 'goal':
      only(value, field, ['type', 'below']);
      if (typeof value.below !== 'number' || !(value.below > 0)) throw new LessonError(`${field}.below`, 'expected a number > 0: the J to get below');
      return { type: 'goal', below: value.below };
    case 'bug':
      only(value, field, ['type', 'bug']);
      if (!bugs.includes(value.bug) || value.bug === 'none') throw new LessonError(`${field}.bug`, `expected one of ${bugs.filter((b) => b !== 'none').join(', ')}`);
      return { type: 'bug', bug: value.bug };
    default:
      throw new LessonError(`${field}.type`, `expected "value", "goal", "bug" or "none", got ${JSON.stringify(value.type)}`);
  }
}

/**
 * A lesson from JSON text or an object, checked field by field. engine: { validate(doc),
 * plantedBugs }, plus presets: name -> document, for "preset". Returns { title, steps: [{
 * title, prompt (the Markdown text), blocks (parsed), doc, views, editable, task, bug }] }
 * (bug: the bug planted for a "bug" task, else 'none'). Throws a LessonError naming the field.
 */
export function parseLesson(input, { validate, plantedBugs, presets = {} }) {
  let lesson = input;
  if (typeof input === 'string') {
    if (input.length > MAX_LESSON_TEXT) throw new LessonError('lesson', `the file is ${(input.length / 1048576).toFixed(1)} MB, at most ${MAX_LESSON_TEXT / 1048576} MB`);
    try {
      lesson = JSON.parse(input);
    } catch (error) {
      throw new LessonError('lesson', `not JSON: ${error.message}`);
    }
  }
  if (!isObject(lesson)) throw new LessonError('lesson', 'expected an object with "title" and "steps"');
  only(lesson, 'lesson', ['title', 'description', 'network', 'preset', 'steps']);
  const title = text(lesson.title, 'title');
  if (!Array.isArray(lesson.steps) || lesson.steps.length === 0) throw new LessonError('steps', 'expected a list of steps');
  if (lesson.steps.length > MAX_STEPS) throw new LessonError('steps', `${lesson.steps.length} steps, at most ${MAX_STEPS}`);
  const presetDocument = (name, field) => {
    if (typeof name !== 'string' || !Object.hasOwn(presets, name)) throw new LessonError(field, `expected one of ${Object.keys(presets).join(', ')}, got ${JSON.stringify(name)}`);
    return checkedDocument(presets[name], field, validate);
  };
  let doc;
  if (lesson.network !== undefined && lesson.preset !== undefined) throw new LessonError('lesson', 'give "network" or "preset", not both');
  if (lesson.network !== undefined) doc = checkedDocument(lesson.network, 'network', validate);
  else if (lesson.preset !== undefined) doc = presetDocument(lesson.preset, 'preset');
  const steps = lesson.steps.map((step, k) => {
    const at = `steps[${k}]`;
    if (!isObject(step)) throw new LessonError(at, 'expected an object');
    only(step, at, ['title', 'prompt', 'network', 'preset', 'changes', 'views', 'editable', 'task']);
    if (['network', 'preset', 'changes'].filter((k) => step[k] !== undefined).length > 1) throw new LessonError(at, 'give one of "network", "preset" or "changes", not more');
    if (step.network !== undefined) doc = checkedDocument(step.network, `${at}.network`, validate);
    else if (step.preset !== undefined) doc = presetDocument(step.preset, `${at}.preset`);
    else if (step.changes !== undefined) {
      if (!doc) throw new LessonError(`${at}.changes`, 'there is no network to change yet: give "network" first');
      doc = checkedDocument(applyChanges(doc, step.changes, `${at}.changes`), `${at}.changes`, validate);
    }
    if (!doc) throw new LessonError(`${at}.network`, 'the first step needs a network (or the lesson a "network" or "preset")');
    const prompt = text(step.prompt, `${at}.prompt`, MAX_MARKDOWN);
    let blocks;
    try {
      blocks = parseMarkdown(prompt);
    } catch (error) {
      throw new LessonError(`${at}.prompt`, error.message);
    }
    const views = step.views === undefined ? ['network'] : step.views;
    if (!Array.isArray(views) || views.length === 0 || views.some((v) => !VIEWS.includes(v))) {
      const wrong = Array.isArray(views) ? views.find((v) => !VIEWS.includes(v)) : views;
      throw new LessonError(`${at}.views`, `expected a list of ${VIEWS.join(', ')}${wrong === undefined ? '' : `, got ${JSON.stringify(wrong)}`}`);
    }
    const t = task(step.task, `${at}.task`, doc, plantedBugs);
    const edits = editable(step.editable, `${at}.editable`, doc.layers.length);
    if (t.type === 'goal' && edits.length === 0) throw new LessonError(`${at}.editable`, 'a goal needs fields the learner may edit');
    return { title: text(step.title, `${at}.title`), prompt, blocks, doc, views: [...new Set(views)], editable: edits, task: t, bug: t.type === 'bug' ? t.bug : 'none' };
  });
  return { title, steps };
}

const PRESET_DOCUMENTS = Object.fromEntries(PRESETS.map((p) => [p.name, p.document]));

/** A lesson read against the loaded engine and the sandbox's presets (parseLesson's checks). */
export function readLesson(engine, input) {
  return parseLesson(input, { validate: (d) => engine.validate(d), plantedBugs: engine.plantedBugs, presets: PRESET_DOCUMENTS });
}

/** Whether a step lets the learner edit parameter q (W, b, x or y) of layer l. */
export function mayEdit(step, q, layer) {
  return fieldOpen(step, q === 'W' || q === 'b' ? `${q}${layer}` : q);
}

/** Whether a step lets the learner change the field named W<l>, b<l>, x or y. */
const fieldOpen = (step, name) => step.editable.includes('all') || step.editable.includes(name);

/** The names of the parameters two documents differ in (W1, b2, x, y). */
export function changedFields(before, after) {
  const out = [];
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  for (let l = 1; l < before.layers.length; ++l) {
    if (!same(before.weights?.[l - 1], after.weights?.[l - 1])) out.push(`W${l}`);
    if (!same(before.biases?.[l - 1], after.biases?.[l - 1])) out.push(`b${l}`);
  }
  if (!same(before.input, after.input)) out.push('x');
  if (!same(before.target, after.target)) out.push('y');
  return out;
}

/**
 * Checks a step's task. answer: what the learner gave (the typed text for "value", the bug's
 * name for "bug"); pass: the correct pass of the current document, { doc, res } as check.js
 * takes it (res: the engine's result);
 * doc: the document now (for "goal"). Returns { done, status: 'agree' | 'disagree' | 'invalid',
 * message, verdict (check.js's, for "value") }.
 */
export function checkTask(step, { answer, pass, doc }) {
  const t = step.task;
  switch (t.type) {
    case 'none':
      return { done: true, status: 'agree', message: 'Read; go on when ready.' };
    case 'value': {
      const typed = typedPrecision(String(answer ?? ''));
      if (typed.ok && typed.sig > 0 && typed.sig < t.digits) {
        return { done: false, status: 'invalid', message: `Give at least ${t.digits} significant digits (you gave ${typed.sig}).` };
      }
      const verdict = checkAnswer(t.quantity, String(answer ?? ''), pass);
      return { done: verdict.status === 'agree', status: verdict.status, message: verdict.message ?? '', verdict };
    }
    case 'goal': {
      const J = pass.res.loss;
      const outside = changedFields(step.doc, doc).filter((name) => !fieldOpen(step, name));
      if (outside.length) return { done: false, status: 'invalid', message: `Only ${step.editable.join(', ')} may change in this step; ${outside.join(', ')} changed too.` };
      return J < t.below
        ? { done: true, status: 'agree', message: `J = ${J} is below ${t.below}.` }
        : { done: false, status: 'disagree', message: `J = ${J} is not below ${t.below} yet.` };
    }
    case 'bug':
      return answer === t.bug
        ? { done: true, status: 'agree', message: `Yes: the planted bug is ${t.bug}.` }
        : { done: false, status: 'disagree', message: answer ? `Not ${answer}: look at which gradients the check flags, and where.` : 'Name the bug first.' };
    default:
      return { done: false, status: 'invalid', message: 'unknown task' };
  }
}
