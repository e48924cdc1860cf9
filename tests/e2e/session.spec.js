// What a first-time learner's session on the redesigned page still found (a helper who had
// not seen the code used it with the lecture notes in hand), one test each:
//
//  1. In the walkthrough's δ steps the edges showed ∂J/∂W where the step multiplies by W, and
//     f′(z) was nowhere: the edges now show W at δ steps (∂J/∂W at gradient steps) and the
//     step gives f′(z) of its units with their numbers.
//  2. After "Gradient step" every number changed silently: a note says what the step did.
//  3. A verdict stayed open and was judged again against the numbers after a step.
//  4. "Rounded to the 4 significant digits you typed, … is −0.0226": the zero it rounded to
//     was dropped.
//  5. Tips stayed over what a tap had just changed (phones).
import { test, expect } from '@playwright/test';
import { openPage, openView, barJ, hook } from './helpers.js';

const walkTo = async (page, halfSteps) => {
  await page.locator('.bar [data-key="walk"]').click();
  for (let k = 0; k < halfSteps; k += 1) await page.locator('[data-key="walk-next"]').click();
};

test('1. a δ step of the walkthrough: W on the edges it multiplies by, f′(z) given with its numbers', async ({ page }) => {
  await openPage(page);
  // The 2-2-2 network's steps: x, a(2), a(3), J, δ(3), ∂J/∂W(2), δ(2), ∂J/∂W(1); half a step a key.
  await walkTo(page, 2 * 6 - 1); // δ(2), asked for, not revealed
  await expect(page.locator('.walk')).toHaveAttribute('data-step-kind', 'delta');
  await expect(page.locator('.walk')).toHaveAttribute('data-revealed', 'false');
  // The edges into layer 3 are W(2), which δ(2) = (W(2))ᵀ δ(3) ∘ f′(z(2)) multiplies by.
  const kinds = await page.$$eval('svg.net g.edge[data-layer="2"]:not(.bias-edge)', (gs) => gs.map((g) => g.dataset.quantity));
  expect(kinds).toEqual(['W', 'W', 'W', 'W']);
  await expect(page.locator(`svg.net g.edge${hook('W', 2, 1, 2)}`)).toHaveAttribute('data-value', '0.45');
  // f′(z) = a(1 − a) for the sigmoid, from the page's own a(2): the numbers the step gives.
  const a = await page.evaluate(() => window.backpropSandbox.state.result.layers[1].a);
  const given = await page.locator('[data-key="walk-given"]').textContent();
  const shown = [...given.matchAll(/f′\(z.⁽²⁾\) = (\d+\.\d+)/g)].map((m) => Number(m[1]));
  expect(shown.length).toBe(2);
  shown.forEach((v, k) => expect(Math.abs(v - a[k] * (1 - a[k]))).toBeLessThan(0.00005 * Math.max(1, v)));
  // At the gradient step that follows, the edges of W(1) show ∂J/∂W(1).
  await page.locator('[data-key="walk-next"]').click();
  await page.locator('[data-key="walk-next"]').click();
  await expect(page.locator('.walk')).toHaveAttribute('data-step-kind', 'grad');
  const gradKinds = await page.$$eval('svg.net g.edge[data-layer="1"]:not(.bias-edge)', (gs) => gs.map((g) => g.dataset.quantity));
  expect(gradKinds).toEqual(['dW', 'dW', 'dW', 'dW']);
  await expect(page.locator('[data-key="walk-given"]')).toHaveCount(0);
});

test('2. a gradient step says what it did: J before and after, and where each parameter is', async ({ page }) => {
  await openPage(page);
  const before = Number(await barJ(page).getAttribute('data-value'));
  await page.locator('.bar [data-key="step"]').click();
  await expect(barJ(page)).not.toHaveAttribute('data-value', String(before));
  const after = Number(await barJ(page).getAttribute('data-value'));
  const note = page.locator('.banner .note');
  await expect(note).toContainText('Gradient step 1 with α = 0.5');
  await expect(note).toContainText(`J went from ${before.toPrecision(4)} to ${after.toPrecision(4)}`);
  await expect(note).toContainText('the Training view');
  // It covers nothing of the explanation beside the view.
  const [n, side] = await Promise.all([note.boundingBox(), page.locator('.explain-column').boundingBox()]);
  expect(n.x + n.width).toBeLessThanOrEqual(side.x);
});

test('3. a verdict goes when the numbers it judged change', async ({ page }) => {
  await openPage(page);
  await page.locator('[data-key="check-value"]').fill('0.0004386');
  await page.locator('[data-key="check"]').click();
  await expect(page.locator('.check-result')).toHaveAttribute('data-verdict', 'agree');
  await page.locator('.bar [data-key="step"]').click();
  await expect(page.locator('.check-result')).toHaveCount(0);
  // What was typed stays, to be checked again.
  await expect(page.locator('[data-key="check-value"]')).toHaveValue('0.0004386');
});

test('4. a rounded value keeps the zeros it was rounded to', async ({ page }) => {
  await openPage(page);
  // ∂J/∂W₂₁⁽²⁾ = δ₂⁽³⁾ a₁⁽²⁾ = −0.02260…: at 4 significant digits it is −0.02260.
  await page.evaluate(() => window.backpropSandbox.select({ q: 'dW', layer: 2, row: 2, col: 1 }));
  const exact = Number(await page.locator(`.view-gradients td${hook('dW', 2, 2, 1)}`).getAttribute('data-value'));
  expect(exact.toPrecision(4)).toBe('-0.02260');
  await page.locator('[data-key="check-value"]').fill('-0.02261');
  await page.locator('[data-key="check"]').click();
  await expect(page.locator('.check-result')).toHaveAttribute('data-verdict', 'disagree');
  await expect(page.locator('.check-result .verdict')).toContainText('is −0.02260, not −0.02261');
});

test('5. a tap shows no tip; a mouse hover still does', async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await phone.newPage();
  await openPage(page);
  await page.locator('[data-key="view-backward"]').tap();
  await expect(page.locator('section.view-backward')).toBeVisible();
  await page.waitForTimeout(800); // longer than the tip's delay
  await expect(page.locator('.tip')).toBeHidden();
  await phone.close();
  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p2 = await desk.newPage();
  await openPage(p2);
  await p2.locator('[data-key="view-backward"]').hover();
  await expect(p2.locator('.tip')).toBeVisible();
  await expect(p2.locator('.tip')).toContainText('The backward pass');
  await desk.close();
});
