// Lessons are untrusted input (a course author's file, any URL). The page's script-injection
// payloads go into every text of a lesson (titles, prompts as text, as link targets, inside
// math and code) and through both ways in (the page's #lesson=URL and the element's inline
// JSON): each is shown as inert text, nothing runs, no markup is made of it. A lesson of
// 10,000 steps and a 10 MB file are refused with a message, and the page keeps answering.
// Run with the CSP bypassed, as xss.spec does: the point is that no markup is made at all.
import { test, expect } from '@playwright/test';
import { PAYLOADS, expectNothingRan } from './hostile.js';

test.use({ bypassCSP: true });

const BASE = () => process.env.BP_E2E_BASE_URL;

function hostileLesson() {
  return {
    title: `Lesson ${PAYLOADS[0]}`,
    preset: 'default-222',
    steps: PAYLOADS.map((p, k) => ({
      title: `Step ${p}`,
      prompt: `Text ${p}\n\n[a link](${p.replace(/[()\s]/g, '')}) and [another](javascript:window.__pwned=${k})\n\n\`${p}\` and $\\href{javascript:window.__pwned=1}{x} + \\text{${p.replace(/[{}\\$]/g, '')}}$`,
      task: { type: 'value', quantity: 'J' },
    })),
  };
}

// J of the preset default-222, which every step asks for: answered, the next step opens.
const J = '0.2984';

async function walkSteps(scope, page, count) {
  for (let k = 0; k < count; ++k) {
    if (k > 0) await scope.locator('[data-key="lesson-next"]').click();
    await expect(scope.locator('.lesson-step-title')).toContainText(`Step ${k + 1} of ${count}`);
    // the payload is there as text
    await expect(scope.locator('.lesson-prompt')).toContainText(`Text ${PAYLOADS[k]}`);
    await expectNothingRan(page, `step ${k + 1}`);
    // no link kept a script target
    expect(await scope.locator('.lesson-prompt a').evaluateAll((as) => as.map((a) => a.getAttribute('href')).filter((h) => /^\s*(javascript|data|vbscript):/i.test(h)))).toEqual([]);
    await scope.locator('[data-key="lesson-answer"]').fill(J);
    await scope.locator('[data-key="lesson-check"]').click();
    await expect(scope.locator('[data-key="lesson-verdict"]')).toContainText('Right');
  }
}

test('every payload in every text of a lesson opened by the page: shown as text, nothing runs', async ({ page }) => {
  await page.route(`${BASE()}hostile-lesson.json`, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(hostileLesson()) }));
  await page.goto(`${BASE()}index.html#lesson=hostile-lesson.json`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('.lesson-title')).toHaveText(`Lesson ${PAYLOADS[0]}`);
  await walkSteps(page, page, PAYLOADS.length);
});

test('the same lesson inline in the element: shown as text, nothing runs', async ({ page }) => {
  await page.route(`${BASE()}lesson-host.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="backprop-sandbox.js"></script></head><body>
      <backprop-sandbox id="l"><script type="application/json">${JSON.stringify(hostileLesson()).replace(/</g, '\\u003c')}</script></backprop-sandbox></body></html>`,
  }));
  await page.goto(`${BASE()}lesson-host.html`);
  await page.evaluate(() => document.getElementById('l').ready);
  await walkSteps(page.locator('#l'), page, PAYLOADS.length);
});

test('a lesson of 10,000 steps and one of 10 MB are refused with a message; the page keeps answering', async ({ page }) => {
  const many = { title: 'Many', preset: 'default-222', steps: Array.from({ length: 10_000 }, (_, k) => ({ title: `s${k}`, prompt: 'x' })) };
  const huge = { title: 'Huge', preset: 'default-222', steps: [{ title: 'big', prompt: 'x'.repeat(10 * 1024 * 1024) }] };
  for (const [name, lesson, message] of [['many', many, 'steps: 10000 steps, at most 200'], ['huge', huge, 'lesson: the file is 10.0 MB, at most 2 MB']]) {
    await page.route(`${BASE()}${name}.json`, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(lesson) }));
    await page.goto('about:blank');
    await page.goto(`${BASE()}index.html#lesson=${name}.json`);
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    // the network page instead, with the reason in its banner
    await expect(page.locator('.banner')).toContainText(message);
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
  }
});
