// Editing the structure (the Instructor view): units, layers, activations and the loss. A
// changed layer's weights are re-initialised from the seed; the rest are kept. And the
// settings menu's "re-run on every edit": off, edits wait for Run and the computed numbers
// are set in italics meanwhile.
import { test, expect } from '@playwright/test';
import { openPage, openView, hook, readAll, valueOf, barJ } from './helpers.js';

/** Whether an element is marked stale: set in italics (not faded, which would cost contrast). */
const stale = (locator) => locator.evaluate((el) => getComputedStyle(el).fontStyle === 'italic');

test('one more unit in layer 2 re-initialises W^(1) and W^(2) and keeps b^(1)', async ({ page }) => {
  await openPage(page);
  await openView(page, 'instructor');
  await page.getByRole('button', { name: 'one unit more in layer 2' }).click();
  await expect(page.locator(`input${hook('W', 1)}`)).toHaveCount(6); // 3 × 2
  await expect(page.locator(`input${hook('W', 2)}`)).toHaveCount(6); // 2 × 3
  await expect(page.locator('.layer-card').nth(1)).toContainText('3 units');
  const all = await readAll(page);
  expect(valueOf(all, 'b', 1, 1)).toBe(0.35);
  expect(valueOf(all, 'b', 1, 3)).toBe(0);
  expect(valueOf(all, 'W', 1, 1, 1)).not.toBe(0.15); // seeded, not the old number
  expect(valueOf(all, 'x', 1, 1)).toBe(0.05);
});

test('focus stays on the structure button that was pressed (the structure was rebuilt)', async ({ page }) => {
  await openPage(page);
  await openView(page, 'instructor');
  await page.getByRole('button', { name: 'one unit more in layer 2' }).click();
  await expect(page.locator(`input${hook('W', 1)}`)).toHaveCount(6);
  await expect(page.getByRole('button', { name: 'one unit more in layer 2' })).toBeFocused();
  // From the keyboard too: Enter on the focused button, twice, adds two units.
  await page.keyboard.press('Enter');
  await expect(page.locator('.layer-card').nth(1)).toContainText('4 units');
  await expect(page.getByRole('button', { name: 'one unit more in layer 2' })).toBeFocused();
  await page.getByRole('button', { name: 'insert a hidden layer between layers 2 and 3' }).click();
  await expect(page.getByRole('button', { name: 'insert a hidden layer between layers 2 and 3' })).toBeFocused();
});

test('a hidden layer is inserted and removed; the untouched weights stay', async ({ page }) => {
  await openPage(page);
  await openView(page, 'instructor');
  await page.getByRole('button', { name: 'insert a hidden layer between layers 2 and 3' }).click();
  await expect(page.locator('select[data-quantity="activation"]')).toHaveCount(3);
  await expect(page.locator('.layer-card')).toHaveCount(4);
  let all = await readAll(page);
  expect(valueOf(all, 'W', 1, 1, 1)).toBe(0.15); // W^(1) untouched
  await expect(page.locator(`td${hook('dW', 3, 2, 2)}`)).toHaveAttribute('data-value', /\d/);
  await page.getByRole('button', { name: 'remove layer 3' }).click();
  await expect(page.locator('select[data-quantity="activation"]')).toHaveCount(2);
  await expect(page.locator('.layer-card')).toHaveCount(3);
  all = await readAll(page);
  expect(valueOf(all, 'W', 1, 1, 1)).toBe(0.15);
});

test('activation and loss selects carry the document names', async ({ page }) => {
  await openPage(page);
  await openView(page, 'instructor');
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

test('with "re-run on every edit" off, edits wait for Run, and the computed numbers are marked stale meanwhile', async ({ page }) => {
  await openPage(page);
  const root = page.locator('.bp-sandbox');
  await page.locator('summary[data-key="settings"]').click();
  await expect(page.locator('[data-key="autorun"]')).toBeChecked();
  await page.getByLabel('re-run on every edit').uncheck();
  await expect(page.locator('[data-key="autorun"]')).not.toBeChecked();
  await page.keyboard.press('Escape');
  await openView(page, 'forward');
  const J0 = await barJ(page).getAttribute('data-value');
  const z = page.locator(`.view-forward td${hook('z', 2, 1)}`);
  const z0 = await z.getAttribute('data-value');
  await expect(root).not.toHaveClass(/\bis-stale\b/);
  expect(await stale(z)).toBe(false);

  await page.locator(`input${hook('W', 1, 2, 2)}`).fill('1.5');
  await expect(page.locator(`input${hook('W', 1, 2, 2)}`)).toHaveAttribute('data-value', '1.5');
  await expect(page.locator('.banner')).toContainText('Edits pending');
  expect(await barJ(page).getAttribute('data-value')).toBe(J0);
  expect(await z.getAttribute('data-value')).toBe(z0);
  // The edited W stands next to the old z and a: those are marked stale until Run.
  await expect(root).toHaveClass(/\bis-stale\b/);
  expect(await stale(z)).toBe(true);
  expect(await stale(page.locator(`.view-forward td${hook('a', 2, 2)}`).first())).toBe(true);
  expect(await stale(page.locator(`.view-forward td${hook('J')}`))).toBe(true);
  expect(await stale(page.locator(`.view-forward input${hook('W', 1, 2, 2)}`))).toBe(false); // what was typed is not stale

  await page.locator('.banner [data-key="run-banner"]').click();
  await expect(barJ(page)).not.toHaveAttribute('data-value', J0);
  await expect(page.locator('.banner')).toBeHidden();
  await expect(root).not.toHaveClass(/\bis-stale\b/);
  expect(await stale(z)).toBe(false);

  // The settings menu's Run does the same.
  const J1 = await barJ(page).getAttribute('data-value');
  await page.locator(`input${hook('W', 1, 2, 2)}`).fill('-1');
  await expect(page.locator('.banner')).toContainText('Edits pending');
  await expect(root).toHaveClass(/\bis-stale\b/);
  expect(await barJ(page).getAttribute('data-value')).toBe(J1);
  await page.locator('summary[data-key="settings"]').click();
  await expect(page.getByRole('button', { name: /^Run/ })).toHaveCount(2); // the banner's and the menu's
  await page.locator('[data-key="run"]').click();
  await expect(barJ(page)).not.toHaveAttribute('data-value', J1);
  await expect(page.locator('[data-key="run"]')).toBeDisabled();
  await expect(root).not.toHaveClass(/\bis-stale\b/);
});

test('with cross-entropy, editing y_k keeps y a distribution', async ({ page }) => {
  await openPage(page);
  await openView(page, 'instructor');
  await page.locator('select[data-quantity="loss"]').selectOption('cross-entropy');
  await openView(page, 'forward');
  await page.locator(`input${hook('y', 3, 1)}`).fill('0.3');
  await expect(page.locator(`input${hook('y', 3, 2)}`)).toHaveAttribute('data-value', '0.7');
  await expect(page.locator('.banner')).toContainText('rescaled');
  // A target outside [0, 1] is refused by the engine's validation, in place.
  await page.locator(`input${hook('y', 3, 1)}`).fill('1.5');
  await expect(page.locator(`input${hook('y', 3, 1)}`)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[data-block="loss"] .field-message')).toContainText('probability distribution');
});
