// The six lessons (web/lessons/) played end to end on the page (#lesson=<name>): every task
// answered wrong, then right; a value asked for is hidden until it is answered; goals reached by
// typing into the fields the step leaves editable (and a locked field refused); progress kept
// across a reload; a link opening a lesson at a step; the element's lesson attribute and its
// lesson-step and lesson-complete events. The right answers come from the engine in Node, on
// the lesson read by the same reader, independently of the page.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { loadEngine } from '../../bindings/index.js';
import { readLesson } from '../../web/teach/lesson.js';
import { PRESETS } from '../../web/teach/presets.js';
import { watchProblems } from './helpers.js';

const FILES = { 'forward-pass': '1-forward-pass', 'output-delta': '2-output-delta', recursion: '3-recursion', 'outer-product': '4-outer-product', 'gradient-check': '5-gradient-check', xor: '6-xor' };

let engine;
const lessonOf = async (name) => {
  engine ??= await loadEngine();
  const text = readFileSync(new URL(`../../web/lessons/${FILES[name]}.json`, import.meta.url), 'utf8');
  return readLesson(engine, text);
};

function truthOf(doc, { q, layer, row, col }) {
  const net = engine.createNetwork(doc);
  const res = net.run();
  net.dispose();
  const first = (v) => (Array.isArray(v[0]) ? v[0] : v);
  if (q === 'J') return res.loss;
  if (q === 'dW') return res.gradients[layer - 1].W[row - 1][col - 1];
  if (q === 'db') return res.gradients[layer - 1].b[row - 1];
  return first(res.layers[layer - 1][q])[row - 1];
}

// Parameters that reach each goal, typed into the step's editable fields: [q, layer, row, col, value].
const GOALS = {
  'outer-product': [['b', 2, 1, null, -3], ['b', 2, 2, null, 3]],
  xor: [
    ['W', 1, 1, 1, 20], ['W', 1, 1, 2, 20], ['W', 1, 2, 1, -20], ['W', 1, 2, 2, -20],
    ['b', 1, 1, null, -10], ['b', 1, 2, null, 30], ['W', 2, 1, 1, 20], ['W', 2, 1, 2, 20], ['b', 2, 1, null, -30],
  ],
};

const field = (page, [q, layer, row, col]) => page.locator(`section.view-forward input[data-quantity="${q}"][data-layer="${layer}"][data-row="${row}"]${col ? `[data-col="${col}"]` : ''}`);

async function type(page, target, value) {
  const input = field(page, target);
  await input.fill(String(value));
  await input.press('Enter');
}

const verdict = (page) => page.locator('[data-key="lesson-verdict"]');
const next = (page) => page.locator('[data-key="lesson-next"]');

for (const name of Object.keys(FILES)) {
  test(`lesson ${name}: every step, every task answered wrong and then right`, async ({ page }) => {
    test.setTimeout(180_000);
    const problems = watchProblems(page);
    const lesson = await lessonOf(name);
    await page.goto(`${process.env.BP_E2E_BASE_URL}#lesson=${name}`);
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await page.evaluate(() => localStorage.clear());
    for (const [k, step] of lesson.steps.entries()) {
      await expect(page.locator('.lesson-step-title')).toHaveText(`Step ${k + 1} of ${lesson.steps.length}: ${step.title}`);
      const t = step.task;
      if (t.type === 'value') {
        const truth = truthOf(step.doc, t.quantity);
        // hidden until answered: no copy of it shows its value
        const d = t.quantity;
        if (d.q !== 'J' && d.q !== 'dW' && d.q !== 'db') {
          const shown = page.locator(`.lesson-sandbox [data-quantity="${d.q}"][data-layer="${d.layer}"][data-row="${d.row}"]:visible`);
          for (const text of await shown.allTextContents()) expect(text, `${name} step ${k + 1}: ${d.q} hidden`).not.toContain(truth.toPrecision(4).replace('-', '−'));
        }
        const answer = page.locator('[data-key="lesson-answer"]');
        await answer.fill((truth * 1.5 + 0.01).toPrecision(4));
        await page.locator('[data-key="lesson-check"]').click();
        await expect(verdict(page)).toHaveClass(/disagree/);
        await expect(next(page)).toBeDisabled();
        await answer.fill(truth.toPrecision(4));
        await page.locator('[data-key="lesson-check"]').click();
        await expect(verdict(page)).toHaveClass(/agree/);
        await expect(verdict(page)).not.toHaveClass(/disagree/);
      } else if (t.type === 'bug') {
        // the bug is planted but not named anywhere on the page
        await expect(page.locator('.lesson-sandbox .bug-pill')).toHaveAttribute('data-bug', 'hidden');
        if (step.views.includes('gradcheck')) {
          await expect(page.locator('.lesson-sandbox [data-key="planted-bug"]')).toHaveValue('');
          await expect(page.locator('.lesson-sandbox [data-key="planted-bug"]')).toBeDisabled();
        }
        const other = engine.plantedBugs.find((b) => b !== 'none' && b !== t.bug);
        await page.locator('[data-key="lesson-bug"]').selectOption(other);
        await page.locator('[data-key="lesson-check"]').click();
        await expect(verdict(page)).toHaveClass(/disagree/);
        await page.locator('[data-key="lesson-bug"]').selectOption(t.bug);
        await page.locator('[data-key="lesson-check"]').click();
        await expect(verdict(page)).toHaveClass(/agree/);
        await expect(verdict(page)).not.toHaveClass(/disagree/);
      } else if (t.type === 'goal') {
        await page.locator('[data-key="lesson-check"]').click();
        await expect(verdict(page)).toHaveClass(/disagree/);
        await page.locator('.lesson-sandbox [data-key="view-forward"]').click();
        if (!step.editable.includes('all')) {
          // a field the step locks is read-only and says so; one it leaves open is not
          await expect(field(page, ['W', 2, 1, 1])).toHaveJSProperty('readOnly', true);
          await expect(field(page, ['W', 2, 1, 1])).toHaveClass(/lesson-locked/);
          await expect(field(page, GOALS[name][0].slice(0, 4))).toHaveJSProperty('readOnly', false);
          // and the gradient step, which would change every parameter, is not offered
          await expect(page.locator('.lesson-sandbox [data-key="step"]')).toHaveCount(0);
        }
        for (const [q, layer, row, col, value] of GOALS[name]) await type(page, [q, layer, row, col], value);
        await page.locator('[data-key="lesson-check"]').click();
        await expect(verdict(page)).toHaveClass(/agree/);
        await expect(verdict(page)).not.toHaveClass(/disagree/);
      }
      if (k < lesson.steps.length - 1) {
        await expect(next(page)).toBeEnabled();
        await next(page).click();
      }
    }
    await expect(page.locator('.lesson-dot.done')).toHaveCount(lesson.steps.length);
    expect(problems).toEqual([]);
  });
}

test('progress survives a reload; a link opens a lesson at a step', async ({ page }) => {
  const lesson = await lessonOf('forward-pass');
  const base = process.env.BP_E2E_BASE_URL;
  await page.goto(`${base}#lesson=forward-pass`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  // no skipping ahead: step 3 opens once step 2 is done
  await expect(page.locator('[data-key="lesson-step-3"]')).toBeDisabled();
  await next(page).click();
  const step = lesson.steps[1];
  await page.locator('[data-key="lesson-answer"]').fill(truthOf(step.doc, step.task.quantity).toPrecision(4));
  await page.locator('[data-key="lesson-check"]').click();
  await next(page).click();
  await expect(page).toHaveURL(/#lesson=forward-pass&step=3$/);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('.lesson-step-title')).toHaveText(/^Step 3 of 5/);
  await expect(page.locator('.lesson-dot.done')).toHaveCount(2);
  await expect(page.locator('[data-key="lesson-step-2"]')).toHaveAttribute('aria-label', /\(done\)/);
  // a link to step 4 of another lesson
  await page.goto(`${base}#lesson=recursion&step=4`);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('.lesson-step-title')).toHaveText(/^Step 4 of 5: When W is not square/);
});

test('the element plays an inline lesson and reports each answer and the end in events', async ({ page }) => {
  const inline = {
    title: 'Two steps',
    preset: 'default-222',
    steps: [
      { title: 'J', prompt: 'Compute $J$.', task: { type: 'value', quantity: 'J' } },
      { title: 'The bug', prompt: 'Name it.', views: ['gradcheck'], task: { type: 'bug', bug: 'drop-bias-gradient' } },
    ],
  };
  await page.route(`${process.env.BP_E2E_BASE_URL}lesson-host.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="backprop-sandbox.js"></script></head><body>
      <backprop-sandbox id="l"><script type="application/json">${JSON.stringify(inline)}</script></backprop-sandbox>
      <script>window.events = []; for (const t of ['lesson-step', 'lesson-complete']) document.getElementById('l').addEventListener(t, (e) => window.events.push([t, e.detail]));</script>
      </body></html>`,
  }));
  await page.goto(`${process.env.BP_E2E_BASE_URL}lesson-host.html`);
  await page.evaluate(() => localStorage.clear());
  await page.evaluate(() => document.getElementById('l').ready);
  const el = page.locator('#l');
  engine ??= await loadEngine();
  const J = truthOf(PRESETS.find((p) => p.name === 'default-222').document, { q: 'J' });
  await el.locator('[data-key="lesson-answer"]').fill('0.5000');
  await el.locator('[data-key="lesson-check"]').click();
  await el.locator('[data-key="lesson-answer"]').fill(J.toPrecision(5));
  await el.locator('[data-key="lesson-check"]').click();
  await el.locator('[data-key="lesson-next"]').click();
  await el.locator('[data-key="lesson-bug"]').selectOption('drop-bias-gradient');
  await el.locator('[data-key="lesson-check"]').click();
  await expect.poll(() => page.evaluate(() => window.events.length)).toBe(4);
  const events = await page.evaluate(() => window.events);
  expect(events.map(([t, d]) => [t, d.step ?? null, d.correct ?? null])).toEqual([
    ['lesson-step', 1, false], ['lesson-step', 1, true], ['lesson-step', 2, true], ['lesson-complete', null, null],
  ]);
  expect(events[3][1].answers).toEqual([
    { step: 1, title: 'J', answer: J.toPrecision(5) },
    { step: 2, title: 'The bug', answer: 'drop-bias-gradient' },
  ]);
});
