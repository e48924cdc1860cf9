// Editing a weight re-runs the pass, and every displayed dJ/dW cell is the product
// delta_i^(l+1) a_j^(l) of the displayed values (the outer product delta (a)^T).
import { test, expect } from '@playwright/test';
import { openPage, openView, readAll, hook, sixByEight, loadDocument } from './helpers.js';

/** Checks every displayed dW against the displayed delta and a; returns how many were checked. */
async function expectOuterProducts(page) {
  const all = await readAll(page);
  const first = (q, layer, row) => all.find((v) => v.q === q && v.layer === layer && v.row === row);
  const cells = all.filter((v) => v.q === 'dW');
  expect(cells.length).toBeGreaterThan(0);
  for (const c of cells) {
    const delta = first('delta', c.layer + 1, c.row);
    const a = first('a', c.layer, c.col);
    expect(delta, `δ_${c.row}^(${c.layer + 1}) is displayed`).toBeTruthy();
    expect(a, `a_${c.col}^(${c.layer}) is displayed`).toBeTruthy();
    // The same double: data-value round-trips exactly (String(number)), and for one example
    // without weight decay the engine's cell is this one product (times 1/m = 1, plus 0).
    expect(c.value, `∂J/∂W_${c.row}${c.col}^(${c.layer}) = δ a`).toBe(delta.value * a.value);
  }
  return cells.length;
}

test('editing W_11^(1) changes the displayed gradients, each cell still δ_i a_j', async ({ page }) => {
  await openPage(page);
  const before = (await readAll(page)).filter((v) => v.q === 'dW' || v.q === 'delta');
  await expectOuterProducts(page);

  await openView(page, 'forward');
  const field = page.locator(`section.view-forward input${hook('W', 1, 1, 1)}`);
  await field.fill('0.9');
  await expect(field).toHaveAttribute('data-value', '0.9');
  const after = (await readAll(page)).filter((v) => v.q === 'dW' || v.q === 'delta');
  const changed = after.filter((v, k) => v.value !== before[k].value);
  expect(changed.length).toBeGreaterThan(0);
  expect(after.find((v) => v.q === 'dW' && v.layer === 1 && v.row === 1 && v.col === 1).value)
    .not.toBe(before.find((v) => v.q === 'dW' && v.layer === 1 && v.row === 1 && v.col === 1).value);
  await expectOuterProducts(page);

  // The diagram in gradient mode shows dJ/dW on its edges: the same numbers.
  await openView(page, 'network');
  const mode = page.locator('section.view-network').getByRole('radio', { name: /^gradients/ });
  await expect(mode).toHaveAttribute('data-key', 'mode-gradients');
  await mode.check();
  await expect(page.locator(`section.view-network svg g.edge${hook('dW', 1, 1, 1)}`)).toHaveCount(1);
  const n = await expectOuterProducts(page);
  expect(n).toBe(16); // 8 table cells + 8 edges
});

test('a 6-layer network with 8 units per layer shows every δ_i a_j product', async ({ page }) => {
  await openPage(page);
  await loadDocument(page, sixByEight());
  await expect(page.locator(`section.view-gradients td${hook('dW', 5, 8, 8)}`)).toHaveAttribute('data-value', /\d/);
  expect(await expectOuterProducts(page)).toBe(5 * 64);
});
