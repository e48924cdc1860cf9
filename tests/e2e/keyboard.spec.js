// Keyboard-only use: Tab reaches the tabs (one tab stop, the arrow keys open the views) and
// the fields with a visible focus, typing edits a weight, the arrow keys nudge it.
import { test, expect } from '@playwright/test';
import { openPage, openView, hook, barJ } from './helpers.js';

const isW11 = () => {
  const el = document.activeElement;
  return !!el && el.tagName === 'INPUT' && el.dataset.quantity === 'W' && el.dataset.layer === '1' && el.dataset.row === '1' && el.dataset.col === '1';
};
const focusedTab = () => document.activeElement?.getAttribute('role') === 'tab' ? document.activeElement.dataset.key : null;
const focusIn = (selector) => !!document.activeElement?.closest(selector);

test('a keyboard-only walk edits a weight', async ({ page }) => {
  await openPage(page);
  const J0 = await barJ(page).getAttribute('data-value');
  const dW0 = await page.locator(`td${hook('dW', 1, 1, 1)}`).getAttribute('data-value');

  // From the top of the page, Tab reaches the tabs: the open view's tab is their one tab stop.
  let presses = 0;
  while (!(await page.evaluate(focusedTab)) && presses < 20) {
    await page.keyboard.press('Tab');
    presses += 1;
  }
  expect(await page.evaluate(focusedTab)).toBe('view-network');
  await expect(page.locator('[data-key="view-network"]')).toHaveAttribute('aria-selected', 'true');
  // One tab stop: the next Tab leaves the tabs for the open view.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(focusedTab)).toBeNull();
  expect(await page.evaluate(focusIn, 'section.view-network')).toBe(true);
  await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(focusedTab)).toBe('view-network');
  // ArrowRight moves to the next tab and opens its view.
  await page.keyboard.press('ArrowRight');
  expect(await page.evaluate(focusedTab)).toBe('view-forward');
  await expect(page.locator('[data-key="view-forward"]')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[data-key="view-network"]')).toHaveAttribute('aria-selected', 'false');
  await expect(page.locator('section.view-forward')).toBeVisible();
  await expect(page.locator('section.view-network')).toBeHidden();
  // Then Tab on, into the Forward view, to W_11^(1).
  presses = 0;
  while (!(await page.evaluate(isW11)) && presses < 60) {
    await page.keyboard.press('Tab');
    presses += 1;
  }
  expect(await page.evaluate(isW11)).toBe(true);
  expect(await page.evaluate(focusIn, 'section.view-forward')).toBe(true);

  // The focus is visible: an outline of at least 2 px.
  const outline = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  expect(outline.style).not.toBe('none');
  expect(outline.width).toBeGreaterThanOrEqual(2);

  await page.keyboard.press('Control+A');
  await page.keyboard.type('0.6');
  const field = page.locator(`input${hook('W', 1, 1, 1)}`);
  await expect(field).toHaveAttribute('data-value', '0.6');
  await page.keyboard.press('ArrowUp');
  await expect(field).toHaveAttribute('data-value', '0.61');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(field).toHaveAttribute('data-value', '0.51');

  expect(await barJ(page).getAttribute('data-value')).not.toBe(J0);
  expect(await page.locator(`td${hook('dW', 1, 1, 1)}`).getAttribute('data-value')).not.toBe(dW0);

  // Tab goes on to the next field, and the edited one shows the value at 4 digits.
  await page.keyboard.press('Tab');
  await expect(page.locator(`input${hook('W', 1, 1, 2)}`)).toBeFocused();
  await expect(field).toHaveValue('0.51');
});

test('the mouse wheel nudges a focused field', async ({ page }) => {
  await openPage(page);
  await openView(page, 'forward');
  const field = page.locator(`input${hook('b', 2, 1)}`);
  await field.focus();
  await field.hover();
  await page.mouse.wheel(0, -100);
  await expect(field).toHaveAttribute('data-value', '0.61');
  await page.mouse.wheel(0, 100);
  await page.mouse.wheel(0, 100);
  await expect(field).toHaveAttribute('data-value', '0.59');
});

test('every displayed value can be reached and selected from the keyboard', async ({ page }) => {
  await openPage(page);
  const { cells, unfocusable } = await page.$$eval('td[data-quantity][data-value], th[data-quantity][data-value]',
    (els) => ({ cells: els.length, unfocusable: els.filter((el) => el.tabIndex < 0).length }));
  expect(cells).toBeGreaterThan(0);
  expect(unfocusable).toBe(0);
  await openView(page, 'gradients');
  const cell = page.locator(`td${hook('dW', 2, 1, 2)}`);
  await cell.focus();
  await expect(cell).toHaveClass(/\bsel\b/);
  await expect(page.locator('[data-block="gradient-2"] .product')).toHaveText('δ₁⁽³⁾ a₂⁽²⁾ = 0.1385 × 0.5969 = 0.08267');
  // The explanation names the selection with its full value.
  const name = page.locator('.explain .selected-name');
  await expect(name).toHaveText(/^∂J\/∂W₁₂⁽²⁾ = 0\.0826/);
  await expect(name).toHaveText(`∂J/∂W₁₂⁽²⁾ = ${await cell.getAttribute('data-value')}`);
});

// A field shows 4 digits and, once focused, the full value; Tab selects the whole text, so
// what is typed next replaces the value instead of being added to the longer text.
test('Tab into a field showing a rounded value, type: the value is replaced', async ({ page }) => {
  await openPage(page);
  const ok = await page.evaluate(() => window.backpropSandbox.setDocument({
    layers: [2, 2, 2], activations: 'sigmoid', loss: 'mse', input: [0.05, 0.1], target: [0.01, 0.99],
    weights: [[[0.123456789, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]], biases: [[0.35, 0.35], [0.6, 0.6]],
  }).ok);
  expect(ok).toBe(true);
  await openView(page, 'forward');
  const field = page.locator(`input${hook('W', 1, 1, 1)}`);
  await expect(field).toHaveValue('0.1235');
  const next = page.locator(`input${hook('W', 1, 1, 2)}`);
  await next.focus();
  await page.keyboard.press('Shift+Tab'); // back onto W_11^(1), as a keyboard user arrives
  expect(await page.evaluate(isW11)).toBe(true);
  await expect(field).toHaveValue('0.123456789');
  await page.keyboard.type('0.7');
  await expect(field).toHaveAttribute('data-value', '0.7');
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
});
