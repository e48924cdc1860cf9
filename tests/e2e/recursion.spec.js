// The backward recursion delta^(l) = (W^(l))^T delta^(l+1) o f'(z^(l)): selecting
// delta_i^(l) highlights column i of W^(l) (the weights out of unit i) and the terms of the sum.
import { test, expect } from '@playwright/test';
import { openPage, openView, hook, loadDocument, sixByEight } from './helpers.js';

async function highlighted(page, selector) {
  return page.$$eval(selector, (els) => els.map((el) => el.classList.contains('hl') || el.classList.contains('sel')));
}

test('selecting δ_i^(l) highlights column i of W^(l) and the δ^(l+1) of its sum', async ({ page }) => {
  await openPage(page);
  await openView(page, 'backward');
  const cell = page.locator(`section.view-backward [data-block="recursion-2"] td${hook('delta', 2, 2)}`);
  await cell.click();
  // Column 2 of W^(2), everywhere it is shown (the views not open keep their marks current):
  // the editable matrix (Forward), the transpose (Backward), the diagram's edges (Network).
  for (const where of ['section.view-forward input', 'section.view-backward td', 'section.view-network g.edge']) {
    const marks = await highlighted(page, `${where}${hook('W', 2, null, 2)}`);
    expect(marks, where).toHaveLength(2);
    expect(marks.every(Boolean), where).toBe(true);
  }
  const column = await highlighted(page, hook('W', 2, null, 2));
  expect(column.length).toBeGreaterThanOrEqual(6);
  expect(column.every(Boolean)).toBe(true);
  const otherColumn = await highlighted(page, hook('W', 2, null, 1));
  expect(otherColumn.length).toBeGreaterThanOrEqual(6);
  expect(otherColumn.some(Boolean)).toBe(false);
  // Column 2 of W^(2) is row 2 of the transpose.
  await expect(page.locator(`[data-block="recursion-2"] tbody tr:nth-child(2) td.wt.hl`)).toHaveCount(2);
  // The terms of the sum: every delta_j^(3), and f'(z_2^(2)).
  const deltas = await highlighted(page, hook('delta', 3));
  expect(deltas.length).toBeGreaterThan(0);
  expect(deltas.every(Boolean)).toBe(true);
  const fprime = await highlighted(page, hook('fprime', 2, 2));
  expect(fprime.length).toBeGreaterThan(0);
  expect(fprime.every(Boolean)).toBe(true);
  await expect(page.locator('[data-block="recursion-2"] .terms'))
    .toContainText('δ₂⁽²⁾ = (W₁₂⁽²⁾ δ₁⁽³⁾ + W₂₂⁽²⁾ δ₂⁽³⁾) f′(z₂⁽²⁾) = (0.45 × 0.1385 + 0.55 × (−0.0381)) × ');
  // And the explanation names the selection with its full value and typesets the same recursion.
  const full = await cell.getAttribute('data-value');
  await expect(page.locator('.explain .selected-name')).toHaveText(`δ₂⁽²⁾ = ${full}`);
  await expect(page.locator('.explain .headline annotation'))
    .toContainText('\\big(W_{12}^{(2)} \\delta_{1}^{(3)} + W_{22}^{(2)} \\delta_{2}^{(3)}\\big)\\, f\'(z_{2}^{(2)})');
});

test('in a deep network the selection works at every level', async ({ page }) => {
  await openPage(page);
  await loadDocument(page, sixByEight());
  await openView(page, 'backward');
  await page.locator(`[data-block="recursion-3"] td${hook('delta', 3, 5)}`).click();
  const col = await highlighted(page, `input${hook('W', 3, null, 5)}`);
  expect(col).toHaveLength(8);
  expect(col.every(Boolean)).toBe(true);
  expect((await highlighted(page, `input${hook('W', 3, null, 4)}`)).some(Boolean)).toBe(false);
});

test('clicking an edge of the diagram selects that weight everywhere', async ({ page }) => {
  await openPage(page);
  const edge = page.locator(`section.view-network svg g.edge${hook('W', 2, 2, 1)}`);
  await expect(edge).toBeVisible();
  // A real click on the edge, a third of the way along it (W₂₁⁽²⁾ crosses W₁₂⁽²⁾ half-way).
  const point = await edge.evaluate((g) => {
    const line = g.querySelector('line.vis');
    const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((a) => Number(line.getAttribute(a)));
    const p = new DOMPoint(x1 + (x2 - x1) / 3, y1 + (y2 - y1) / 3).matrixTransform(line.ownerSVGElement.getScreenCTM());
    return { x: p.x, y: p.y };
  });
  await page.mouse.click(point.x, point.y);
  await expect(edge).toHaveClass(/\bsel\b/);
  await expect(page.locator(`input${hook('W', 2, 2, 1)}`)).toHaveClass(/\bsel\b/);
  await expect(page.locator(`td${hook('dW', 2, 2, 1)}`)).toHaveClass(/\bsel\b/);
  await expect(page.locator('.explain .selected-name')).toHaveText('W₂₁⁽²⁾ = 0.5');
});
