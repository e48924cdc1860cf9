// Editing the structure: units, layers, activations and the loss. A changed layer's weights
// are re-initialised from the seed; the rest are kept.
import { test, expect } from '@playwright/test';
import { openPage, hook, readAll, valueOf } from './helpers.js';

test('one more unit in layer 2 re-initialises W^(1) and W^(2) and keeps b^(1)', async ({ page }) => {
  await openPage(page);
  await page.getByRole('button', { name: 'one unit more in layer 2' }).click();
  await expect(page.locator(`input${hook('W', 1)}`)).toHaveCount(6); // 3 × 2
  await expect(page.locator(`input${hook('W', 2)}`)).toHaveCount(6); // 2 × 3
  const all = await readAll(page);
  expect(valueOf(all, 'b', 1, 1)).toBe(0.35);
  expect(valueOf(all, 'b', 1, 3)).toBe(0);
  expect(valueOf(all, 'W', 1, 1, 1)).not.toBe(0.15); // seeded, not the old number
  expect(valueOf(all, 'x', 1, 1)).toBe(0.05);
  // Focus stays on the button that was pressed (the tables were rebuilt).
  await expect(page.getByRole('button', { name: 'one unit more in layer 2' })).toBeFocused();
});

test('a hidden layer is inserted and removed; the untouched weights stay', async ({ page }) => {
  await openPage(page);
  await page.getByRole('button', { name: 'insert a hidden layer between layers 2 and 3' }).click();
  await expect(page.locator('select[data-quantity="activation"]')).toHaveCount(3);
  let all = await readAll(page);
  expect(valueOf(all, 'W', 1, 1, 1)).toBe(0.15); // W^(1) untouched
  await expect(page.locator(`td${hook('dW', 3, 2, 2)}`)).toHaveAttribute('data-value', /\d/);
  await page.getByRole('button', { name: 'remove layer 3' }).click();
  await expect(page.locator('select[data-quantity="activation"]')).toHaveCount(2);
  all = await readAll(page);
  expect(valueOf(all, 'W', 1, 1, 1)).toBe(0.15);
});

test('activation and loss selects carry the document names', async ({ page }) => {
  await openPage(page);
  const a2 = await page.locator(`th${hook('a', 2, 1)}`).first().getAttribute('data-value');
  await page.locator('select[data-quantity="activation"][data-layer="2"]').selectOption('tanh');
  await expect(page.locator(`th${hook('a', 2, 1)}`).first()).not.toHaveAttribute('data-value', a2);
  const all = await readAll(page);
  expect(valueOf(all, 'a', 2, 1)).toBeCloseTo(Math.tanh(0.3775), 12);
  expect(valueOf(all, 'W', 1, 1, 1)).toBe(0.15); // numbers kept

  await page.locator('select[data-quantity="loss"]').selectOption('cross-entropy');
  await expect(page.locator('select[data-quantity="activation"][data-layer="3"]')).toHaveValue('softmax');
  const ce = await readAll(page);
  const aL = [valueOf(ce, 'a', 3, 1), valueOf(ce, 'a', 3, 2)];
  expect(aL[0] + aL[1]).toBeCloseTo(1, 12);
  // softmax + cross-entropy: delta^(L) = a^(L) - y
  expect(valueOf(ce, 'delta', 3, 1)).toBeCloseTo(aL[0] - 0.01, 12);
  expect(valueOf(ce, 'J')).toBeCloseTo(-(0.01 * Math.log(aL[0]) + 0.99 * Math.log(aL[1])), 12);
});

test('with "re-run on every edit" off, edits wait for Run', async ({ page }) => {
  await openPage(page);
  await page.getByLabel('re-run on every edit').uncheck();
  const J0 = await page.locator(`.toolbar ${hook('J')}`).getAttribute('data-value');
  await page.locator(`input${hook('W', 1, 2, 2)}`).fill('1.5');
  await expect(page.locator('.banner')).toContainText('Edits pending');
  expect(await page.locator(`.toolbar ${hook('J')}`).getAttribute('data-value')).toBe(J0);
  await page.getByRole('button', { name: /^Run/ }).click();
  await expect(page.locator(`.toolbar ${hook('J')}`)).not.toHaveAttribute('data-value', J0);
  await expect(page.locator('.banner')).toBeHidden();
});

test('with cross-entropy, editing y_k keeps y a distribution', async ({ page }) => {
  await openPage(page);
  await page.locator('select[data-quantity="loss"]').selectOption('cross-entropy');
  await page.locator(`input${hook('y', 3, 1)}`).fill('0.3');
  await expect(page.locator(`input${hook('y', 3, 2)}`)).toHaveAttribute('data-value', '0.7');
  await expect(page.locator('.banner')).toContainText('rescaled');
  // A target outside [0, 1] is refused by the engine's validation, in place.
  await page.locator(`input${hook('y', 3, 1)}`).fill('1.5');
  await expect(page.locator(`input${hook('y', 3, 1)}`)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[data-block="loss"] .field-message')).toContainText('probability distribution');
});
