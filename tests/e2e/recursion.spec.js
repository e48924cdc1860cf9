// The backward recursion delta^(l) = (W^(l))^T delta^(l+1) o f'(z^(l)): selecting
// delta_i^(l) highlights column i of W^(l) (the weights out of unit i) and the terms of the sum.
import { test, expect } from '@playwright/test';
import { openPage, hook, loadDocument, sixByEight } from './helpers.js';

async function highlighted(page, selector) {
  return page.$$eval(selector, (els) => els.map((el) => el.classList.contains('hl') || el.classList.contains('sel')));
}

test('selecting δ_i^(l) highlights column i of W^(l) and the δ^(l+1) of its sum', async ({ page }) => {
  await openPage(page);
  await page.locator(`[data-block="recursion-2"] td${hook('delta', 2, 2)}`).click();
  // Column 2 of W^(2), everywhere it is shown: the editable matrix, the transpose, the diagram.
  const column = await highlighted(page, hook('W', 2, null, 2));
  expect(column.length).toBeGreaterThanOrEqual(6);
  expect(column.every(Boolean)).toBe(true);
  const otherColumn = await highlighted(page, hook('W', 2, null, 1));
  expect(otherColumn.some(Boolean)).toBe(false);
  // Column 2 of W^(2) is row 2 of the transpose.
  await expect(page.locator(`[data-block="recursion-2"] tbody tr:nth-child(2) td.wt.hl`)).toHaveCount(2);
  // The terms of the sum: every delta_j^(3), and f'(z_2^(2)).
  expect((await highlighted(page, hook('delta', 3))).every(Boolean)).toBe(true);
  expect((await highlighted(page, hook('fprime', 2, 2))).every(Boolean)).toBe(true);
  await expect(page.locator('[data-block="recursion-2"] .terms'))
    .toContainText('δ₂⁽²⁾ = (W₁₂⁽²⁾ δ₁⁽³⁾ + W₂₂⁽²⁾ δ₂⁽³⁾) f′(z₂⁽²⁾) = (0.45 × 0.1385 + 0.55 × (−0.0381)) × ');
  // And the equations panel typesets the same recursion.
  await expect(page.locator('.equations')).toContainText('Selected: δ₂⁽²⁾');
});

test('in a deep network the selection works at every level', async ({ page }) => {
  await openPage(page);
  await loadDocument(page, sixByEight());
  await page.locator(`[data-block="recursion-3"] td${hook('delta', 3, 5)}`).click();
  const col = await highlighted(page, `input${hook('W', 3, null, 5)}`);
  expect(col).toHaveLength(8);
  expect(col.every(Boolean)).toBe(true);
  expect((await highlighted(page, `input${hook('W', 3, null, 4)}`)).some(Boolean)).toBe(false);
});

test('clicking an edge of the diagram selects that weight everywhere', async ({ page }) => {
  await openPage(page);
  await page.locator(`svg g.edge${hook('W', 2, 2, 1)}`).dispatchEvent('click');
  await expect(page.locator(`input${hook('W', 2, 2, 1)}`)).toHaveClass(/\bsel\b/);
  await expect(page.locator(`td${hook('dW', 2, 2, 1)}`)).toHaveClass(/\bsel\b/);
  await expect(page.locator('.equations')).toContainText('Selected: W₂₁⁽²⁾');
});
