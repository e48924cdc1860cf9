// The lesson player: a lesson's steps one at a time (teach/lesson.js reads the file), each
// above a sandbox built for that step (its network, its views, only its editable fields), with
// the step's task and its check beside the prompt. Used by the page (#lesson=URL) and the
// element (lesson="URL", or the lesson's JSON inline).
//
//   createLessonPlayer(root, engine, lesson, options) -> { goTo(k), destroy(), state }
//   options: storage (progress survives a reload), start (a step to open, 0-based), extras,
//            onStep(detail), onComplete(detail), onSandbox(sandbox) (each step's, when made),
//            onShow(index) (a step shown, 0-based),
//            sandbox (more createSandbox options)
// Progress (the step, which tasks are done, the answers) is kept in storage under the lesson's
// title; a given start step wins over it.
import katex from 'katex';
import { createSandbox } from './sandbox.js';
import { h } from './dom.js';
import { checkTask, mayEdit } from './teach/lesson.js';
import { CHECK_KINDS } from './check.js';
import { sym } from './notation.js';
import { revealedAt, walkPosition } from './walk.js';

const KEY = 'backprop-sandbox/lesson/v1/';

/** Markdown blocks (teach/markdown.js) as DOM nodes; math typeset by KaTeX, never HTML text. */
export function markdownNodes(blocks) {
  const math = (tex, display) => {
    const el = h(display ? 'div' : 'span', { class: display ? 'md-math display' : 'md-math' });
    katex.render(tex, el, { displayMode: display, throwOnError: false, trust: false, output: 'htmlAndMathml', maxSize: 20, maxExpand: 200 });
    return el;
  };
  const inline = (nodes) => nodes.map((n) => {
    switch (n.type) {
      case 'text': return document.createTextNode(n.text);
      case 'code': return h('code', { text: n.text });
      case 'math': return math(n.tex, false);
      case 'strong': return h('strong', null, ...inline(n.children));
      case 'em': return h('em', null, ...inline(n.children));
      case 'link': return h('a', { href: n.href, rel: 'noopener noreferrer', target: '_blank' }, ...inline(n.children));
      default: return document.createTextNode('');
    }
  });
  return blocks.map((b) => {
    switch (b.type) {
      case 'math': return math(b.tex, true);
      case 'ul': case 'ol': return h(b.type, null, ...b.items.map((item) => h('li', null, ...inline(item))));
      case 'quote': return h('blockquote', null, ...inline(b.children));
      default: return h('p', null, ...inline(b.children));
    }
  });
}

/** The name of a value task's quantity, as the page writes it (δ₁⁽³⁾, ∂J/∂W₁₂⁽²⁾, …). */
function quantityName({ q, layer, row, col }) {
  if (q === 'J') return 'J';
  if (q === 'dW') return `∂J/∂${sym('W', layer, row, col)}`;
  if (q === 'db') return `∂J/∂${sym('b', layer, row)}`;
  if (q === 'fprime') return `f′(${sym('z', layer, row)})`;
  return sym(q === 'delta' ? 'δ' : q, layer, row);
}

export function createLessonPlayer(root, engine, lesson, options = {}) {
  const storage = options.storage ?? null;
  const key = `${KEY}${lesson.title}`;
  const n = lesson.steps.length;
  let saved = null;
  try { saved = JSON.parse(storage?.getItem(key) ?? 'null'); } catch { saved = null; }
  const progress = {
    done: Array.from({ length: n }, (_, k) => Boolean(saved?.done?.[k])),
    answers: Array.from({ length: n }, (_, k) => saved?.answers?.[k] ?? null),
  };
  let index = Number.isInteger(options.start) ? Math.max(0, Math.min(n - 1, options.start)) : Math.max(0, Math.min(n - 1, saved?.index ?? 0));
  let sandbox = null;
  let completeSent = progress.done.every(Boolean);

  const save = () => {
    try { storage?.setItem(key, JSON.stringify({ index, ...progress })); } catch { /* storage full or refused */ }
  };

  // ---- the panel ----
  const dots = h('ol', { class: 'lesson-progress', 'aria-label': 'steps' });
  const heading = h('h3', { class: 'lesson-step-title' });
  const prompt = h('div', { class: 'lesson-prompt' });
  const task = h('div', { class: 'lesson-task' });
  const verdict = h('p', { class: 'lesson-verdict', role: 'status', 'aria-live': 'polite', dataset: { key: 'lesson-verdict' } });
  const back = h('button', { type: 'button', dataset: { key: 'lesson-back' }, text: '← Back' });
  const next = h('button', { type: 'button', class: 'primary', dataset: { key: 'lesson-next' }, text: 'Next step →' });
  const holder = h('div', { class: 'lesson-sandbox' });
  const panel = h('section', { class: 'lesson-panel', 'aria-label': `Lesson: ${lesson.title}` },
    h('header', { class: 'lesson-head' }, h('p', { class: 'lesson-title', text: lesson.title }), dots),
    heading, prompt, task, verdict, h('div', { class: 'lesson-nav' }, back, next));
  // .bp-sandbox: the sandbox's look (buttons, fields, colours) for the panel too, in an element's shadow root
  const el = h('div', { class: 'lesson bp-sandbox' }, panel, holder);
  root.replaceChildren(el);

  back.addEventListener('click', () => goTo(index - 1));
  next.addEventListener('click', () => goTo(index + 1));

  /** The steps a learner may open: those done, and the first one not done (no skipping ahead). */
  const reachable = (k) => {
    const first = progress.done.indexOf(false);
    return first < 0 || k <= first;
  };

  function drawDots() {
    dots.replaceChildren(...lesson.steps.map((step, k) => {
      const b = h('button', {
        type: 'button',
        disabled: !reachable(k) && k !== index,
        class: ['lesson-dot', progress.done[k] && 'done', k === index && 'current'],
        'aria-current': k === index ? 'step' : null,
        'aria-label': `step ${k + 1} of ${n}: ${step.title}${progress.done[k] ? ' (done)' : ''}`,
        dataset: { key: `lesson-step-${k + 1}` },
        text: progress.done[k] ? '✓' : String(k + 1),
      });
      b.addEventListener('click', () => goTo(k));
      return h('li', null, b);
    }));
  }

  /** The correct pass of the document on screen, as check.js takes it. */
  function correctPass() {
    const doc = sandbox.getDocument();
    const net = engine.createNetwork(doc);
    try {
      return { doc, res: net.run() };
    } finally {
      net.dispose();
    }
  }

  function record(answer, outcome) {
    const step = lesson.steps[index];
    progress.answers[index] = answer;
    if (outcome.done) progress.done[index] = true;
    save();
    drawDots();
    next.disabled = index === n - 1 || !progress.done[index];
    options.onStep?.({ step: index + 1, title: step.title, task: step.task.type, answer, correct: outcome.done, message: outcome.message });
    if (progress.done.every(Boolean) && outcome.done) verdict.textContent += ` Lesson complete: all ${n} steps done.`;
    if (!completeSent && progress.done.every(Boolean)) {
      completeSent = true;
      options.onComplete?.({ title: lesson.title, answers: lesson.steps.map((s, k) => ({ step: k + 1, title: s.title, answer: progress.answers[k] })) });
    }
  }

  function say(outcome, answerText) {
    verdict.className = `lesson-verdict ${outcome.status}`;
    const v = outcome.verdict;
    if (v?.status === 'agree') verdict.textContent = `✓ Right: ${answerText} agrees with ${v.truth} at the digits you typed.`;
    else if (v?.status === 'disagree') {
      const slips = v.slips?.length ? ` It matches a common slip: ${v.slips.map((s) => s.text).join('; ')}.` : '';
      verdict.textContent = `✗ Not yet: ${answerText} is not ${quantityName(lesson.steps[index].task.quantity)} at the digits you typed.${slips}`;
    } else verdict.textContent = `${outcome.done ? '✓ ' : outcome.status === 'disagree' ? '✗ ' : ''}${outcome.message}`;
  }

  function buildTask(step) {
    const t = step.task;
    if (t.type === 'none') {
      if (!progress.done[index]) record(null, { done: true, message: 'read' });
      return [];
    }
    const check = h('button', { type: 'button', class: 'primary', dataset: { key: 'lesson-check' }, text: 'Check' });
    if (t.type === 'value') {
      const label = quantityName(t.quantity);
      const input = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', class: 'field', dataset: { key: 'lesson-answer' }, 'aria-label': `your value of ${label}` });
      if (typeof progress.answers[index] === 'string') input.value = progress.answers[index];
      const run = () => {
        const outcome = checkTask(step, { answer: input.value, pass: correctPass() });
        say(outcome, input.value.trim());
        if (outcome.status !== 'invalid') record(input.value.trim(), outcome);
        if (outcome.done) sandbox.store.dispatch('walkStop'); // right: every number shows again
      };
      check.addEventListener('click', run);
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') run(); });
      return [h('label', { class: 'lesson-answer' }, `Your value of ${label}: `, input), check];
    }
    if (t.type === 'bug') {
      const select = h('select', { dataset: { key: 'lesson-bug' }, 'aria-label': 'the planted bug' },
        h('option', { value: '', text: 'Which bug is planted?' }),
        ...engine.plantedBugs.filter((b) => b !== 'none').map((b) => h('option', { value: b, text: b })));
      check.addEventListener('click', () => {
        const outcome = checkTask(step, { answer: select.value });
        say(outcome);
        if (select.value) record(select.value, outcome);
      });
      return [select, check];
    }
    // a goal
    check.textContent = 'Check the goal';
    check.addEventListener('click', () => {
      const pass = correctPass();
      const outcome = checkTask(step, { pass, doc: pass.doc });
      say(outcome);
      record(`J = ${pass.res.loss}`, outcome);
    });
    const names = step.editable.map((f) => (/^[Wb]\d+$/.test(f) ? sym(f[0], Number(f.slice(1))) : f)).join(', ');
    return [h('p', { class: 'lesson-goal', text: `Goal: J below ${step.task.below}, changing only ${step.editable.includes('all') ? 'what you like' : names}.` }), check];
  }

  /**
   * A value to work out by hand must not be on the screen: the walkthrough goes, unit by unit,
   * to the step that computes it, not yet revealed (f′, which its δ step gives, to the step
   * before). Everything computed before it is shown; it and what follows read "?".
   */
  function hideAnswer(quantity) {
    const store = sandbox.store;
    store.dispatch('walkUnits', true);
    store.dispatch('walkStart');
    const at = revealedAt(store.steps(), quantity);
    if (!at) return;
    const target = 2 * at.index - (at.given ? 1 : 0);
    store.dispatch('walkMove', target - walkPosition(store.state.walk));
  }

  function goTo(k) {
    if (k < 0 || k >= n) return;
    index = k;
    const step = lesson.steps[k];
    sandbox?.destroy();
    holder.replaceChildren();
    const mount = h('div', { class: 'lesson-sandbox-root' });
    holder.append(mount);
    const locked = step.editable.length === 0;
    sandbox = createSandbox(mount, engine, {
      ...options.sandbox,
      document: step.doc,
      views: step.views,
      readonly: locked,
      mayEdit: locked ? null : (q, layer) => mayEdit(step, q, layer),
      hideBug: step.task.type === 'bug',
      intro: false,
      storage: null,
      extras: options.extras,
    });
    if (step.bug !== 'none') sandbox.store.dispatch('setPlantedBug', step.bug);
    // The fields this step locks say so before anything is typed: read-only, and marked.
    if (!locked) {
      const lock = () => {
        for (const input of mount.querySelectorAll('input[data-quantity]')) {
          const q = input.dataset.quantity;
          if (!['W', 'b', 'x', 'y'].includes(q)) continue;
          const open = mayEdit(step, q, Number(input.dataset.layer));
          input.readOnly = !open;
          input.classList.toggle('lesson-locked', !open);
          if (!open) input.title = 'Locked in this step of the lesson';
        }
      };
      lock();
      sandbox.drawn?.then(lock);
    }
    options.onSandbox?.(sandbox);
    if (step.task.type === 'value' && !progress.done[k]) hideAnswer(step.task.quantity);
    heading.textContent = `Step ${k + 1} of ${n}: ${step.title}`;
    prompt.replaceChildren(...markdownNodes(step.blocks));
    verdict.textContent = progress.done[k] ? '✓ Done.' : '';
    verdict.className = 'lesson-verdict';
    back.disabled = k === 0;
    next.disabled = k === n - 1 || !progress.done[k];
    task.replaceChildren(...buildTask(step));
    drawDots();
    save();
    options.onShow?.(k);
  }

  goTo(index);
  return {
    el,
    goTo,
    get state() { return { index, done: [...progress.done], answers: [...progress.answers], sandbox } },
    destroy() {
      sandbox?.destroy();
      el.remove();
    },
  };
}
