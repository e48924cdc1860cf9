// One gradient descent step: W <- W - alpha dJ/dW, b <- b - alpha dJ/db, with the learning
// rate shown, each parameter before and after, and J before and after.
import { test, expect } from '@playwright/test';
import { openPage, readAll, closeTo } from './helpers.js';

test('Step moves every parameter by −α ∂J/∂θ and shows J before and after', async ({ page }) => {
  await openPage(page);
  const before = await readAll(page);
  const first = (all, q, l, i, j) => all.find((v) => v.q === q && (l === undefined || v.layer === l) && (i === undefined || v.row === i) && (j === undefined || v.col === j)).value;
  await expect(page.locator('.toolbar')).toContainText('α =');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.locator('.step-summary')).toContainText('Step 1 with α = 0.5');
  const after = await readAll(page);
  const alpha = 0.5;
  for (const l of [1, 2]) {
    for (let i = 1; i <= 2; i += 1) {
      closeTo(first(after, 'b', l, i), first(before, 'b', l, i) - alpha * first(before, 'db', l, i), 1e-12, `b_${i}^(${l})`);
      for (let j = 1; j <= 2; j += 1) {
        closeTo(first(after, 'W', l, i, j), first(before, 'W', l, i, j) - alpha * first(before, 'dW', l, i, j), 1e-12, `W_${i}${j}^(${l})`);
      }
    }
  }
  // The published example's W_11^(2) after one step with alpha = 0.5: 0.35891648.
  closeTo(first(after, 'W', 2, 1, 1), 0.35891648, 1e-8, 'w5+');
  const J0 = first(before, 'J');
  const J1 = first(after, 'J');
  expect(J1).toBeLessThan(J0);
  await expect(page.locator('.toolbar .J-old')).toContainText('before it J = 0.2984');
  await expect(page.locator('.step-table')).toHaveCount(2);
  await expect(page.locator('.step-table .before-after').first()).toContainText('0.15 → 0.1498');
  // Undo goes back to the numbers before the step.
  await page.getByRole('button', { name: 'Undo step' }).first().click();
  const undone = await readAll(page);
  expect(first(undone, 'J')).toBe(J0);
});
