// One gradient descent step: W <- W - alpha dJ/dW, b <- b - alpha dJ/db, with the learning
// rate shown, each parameter before and after, and J before and after (the Training view).
import { test, expect } from '@playwright/test';
import { openPage, openView, readAll, closeTo, barJ } from './helpers.js';
import { formatNumber } from '../../web/notation.js';

test('Gradient step moves every parameter by −α ∂J/∂θ and shows J before and after', async ({ page }) => {
  await openPage(page);
  const before = await readAll(page);
  const first = (all, q, l, i, j) => all.find((v) => v.q === q && (l === undefined || v.layer === l) && (i === undefined || v.row === i) && (j === undefined || v.col === j)).value;
  await expect(page.locator('.bar')).toContainText('α =');
  await expect(page.locator('.bar [data-key="alpha"]')).toHaveValue('0.5');
  const step = page.getByRole('button', { name: 'Gradient step (changes the weights)', exact: true });
  await expect(step).toHaveAttribute('data-key', 'step');
  await step.click();
  await openView(page, 'training');
  const summary = page.locator('section.view-training .step-summary');
  await expect(summary).toContainText('Step 1 with α = 0.5');
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
  // J before and after the step, in the Training view (the toolbar's "before it J = …" moved there).
  await expect(summary).toContainText(`J went from 0.2984 to ${formatNumber(J1)} (down by`);
  await expect(page.locator('section.view-training .step-table')).toHaveCount(2);
  await expect(page.locator('section.view-training .step-table .before-after').first()).toContainText('0.15 → 0.1498');
  // Undo (in the bar) goes back to the numbers before the step.
  await page.locator('.bar [data-key="undo-all"]').click();
  const undone = await readAll(page);
  expect(first(undone, 'J')).toBe(J0);
  await expect(barJ(page)).toHaveAttribute('data-value', String(J0));
});
