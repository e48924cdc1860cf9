// Numbers that blow up, in the page: weights and inputs of 1e300 make z overflow;
// the page shows where the first NaN or infinity appeared (the engine's r.warnings) in the
// banner and marks that quantity in every panel that shows it, and keeps working: the next
// edit clears it. Softmax with huge z stays finite (max-shifted); a step whose update would
// overflow is refused with a message and changes nothing; training that diverges stops with
// a message.
import { test, expect } from '@playwright/test';
import { hook, openPage, openView, barJ } from './helpers.js';
import { BASE_DOC, pageState } from './hostile.js';

const J = (page) => barJ(page);
const undo = (page) => page.locator('.bar').getByRole('button', { name: 'Undo', exact: true });
const warnings = (page) => page.evaluate(() => window.backpropSandbox.state.result.warnings);

test('x = 1e300 and W = 1e300: z overflows; the warning names z^(2) of unit 1 and marks it; undo clears it', async ({ page }) => {
  await openPage(page);
  await openView(page, 'forward');
  await page.locator(`section.view-forward input.field${hook('x', null, 1)}`).first().fill('1e300');
  await page.locator(`input.field${hook('W', 1, 1, 1)}`).fill('1e300');
  await expect(page.locator('.banner .warning')).toContainText('not finite');
  const [w] = await warnings(page);
  expect(w).toMatchObject({ quantity: 'z', layer: 2, row: 1 });
  // Marked where it is shown, with the engine's message.
  const marked = page.locator('.nonfinite');
  expect(await marked.count()).toBeGreaterThan(0);
  const marks = await marked.evaluateAll((els) => els.map((el) => ({ q: el.dataset.quantity, layer: el.dataset.layer, row: el.dataset.row, warning: el.dataset.warning })));
  for (const m of marks) expect(m).toMatchObject({ q: 'z', layer: '2', row: '1' });
  expect(marks[0].warning).toContain('z^(2) of unit 1');
  await expect(page.locator(`section.view-forward ${hook('z', 2, 1)}`).first()).toHaveClass(/nonfinite/);
  // The page keeps working: selecting works, and Undo (the W edit) clears the warning and
  // the marks; Undo again (the x edit) brings back the network's J.
  await openView(page, 'gradients');
  const cell = page.locator(`section.view-gradients ${hook('dW', 2, 1, 1)}`).first();
  await cell.click();
  await expect(cell).toHaveClass(/\bsel\b/);
  await undo(page).click();
  await expect(page.locator('.banner .warning')).toHaveCount(0);
  await expect(page.locator('.nonfinite')).toHaveCount(0);
  await undo(page).click();
  await expect(J(page)).toHaveAttribute('data-value', /^0\.298/);
});

test('weights of 1e300 with linear units: z^(3) overflows, shown and marked; the loss and gradients say so too', async ({ page }) => {
  await openPage(page);
  const big = [[1e300, 1e300], [1e300, 1e300]];
  const outcome = await page.evaluate((doc) => window.backpropSandbox.setDocument(doc).ok,
    { ...BASE_DOC, activations: 'linear', weights: [big, big], input: [1, 1] });
  expect(outcome).toBe(true);
  const [w] = await warnings(page);
  expect(w).toMatchObject({ quantity: 'z', layer: 3 });
  await expect(page.locator('.banner .warning')).toContainText('overflowed');
  // Marked where it is shown: the Forward view's z^(3).
  await openView(page, 'forward');
  await expect(page.locator(`section.view-forward .nonfinite${hook('z', 3, w.row)}`).first()).toBeVisible();
  // Still answering: an edit elsewhere keeps the warning where it is; Undo clears it.
  await page.locator(`section.view-forward input.field${hook('b', 1, 1)}`).fill('0.5');
  await expect(page.locator(`section.view-forward .nonfinite${hook('z', 3, w.row)}`).first()).toBeVisible();
  await undo(page).click();
  await undo(page).click();
  await expect(page.locator('.nonfinite')).toHaveCount(0);
  expect(await warnings(page)).toEqual([]);
});

test('softmax with z of ±800 stays finite (max-shifted), cross-entropy with a^(L) = 0 is finite too', async ({ page }) => {
  await openPage(page);
  const ok = await page.evaluate((doc) => window.backpropSandbox.setDocument(doc).ok, {
    layers: [1, 2], activations: ['softmax'], loss: 'cross-entropy',
    weights: [[[800], [-800]]], biases: [[0, 0]], input: [1], target: [0, 1],
  });
  expect(ok).toBe(true);
  expect(await warnings(page)).toEqual([]);
  await expect(page.locator('.banner .warning')).toHaveCount(0);
  const loss = Number(await J(page).getAttribute('data-value'));
  expect(loss).toBeCloseTo(1600, 6); // -log a_2 = z_1 - z_2
});

test('a step that would overflow is refused with a message; the network is unchanged; undo still works', async ({ page }) => {
  await openPage(page);
  // z ~ 1e150, so ∂J/∂W^(2) ~ 1e300: with α = 1e10 the update W - α ∂J/∂W overflows.
  const ok = await page.evaluate((doc) => window.backpropSandbox.setDocument(doc).ok, {
    ...BASE_DOC, activations: 'linear', input: [1e150, 1e150], target: [0, 0], learningRate: 1e10,
  });
  expect(ok).toBe(true);
  const before = await pageState(page);
  expect(Number.isFinite(before.J)).toBe(true);
  await page.getByRole('button', { name: 'Gradient step (changes the weights)', exact: true }).click();
  await expect(page.locator('.banner .error')).toContainText('refused to step');
  const after = await pageState(page);
  expect(after.doc.weights).toEqual(before.doc.weights);
  expect(after.J).toBe(before.J);
  await undo(page).click();
  await expect(J(page)).toHaveAttribute('data-value', /^0\.298/);
});

test('training that diverges stops itself with a message, and the page keeps working', async ({ page }) => {
  await openPage(page);
  const ok = await page.evaluate((doc) => window.backpropSandbox.setDocument(doc).ok, {
    ...BASE_DOC, activations: 'linear', learningRate: 1e154,
    input: [[1e100, 1e100], [-1e100, 1e100]], target: [[0, 0], [1, 1]],
  });
  expect(ok).toBe(true);
  const beforeWeights = (await pageState(page)).doc.weights;
  await openView(page, 'training');
  await page.locator('section.view-training [data-key="train-step"]').click();
  await expect(page.locator('section.view-training .train-message')).toContainText(/stopped/i);
  // The parameters are those before the step that diverged, still finite.
  const after = (await pageState(page)).doc.weights;
  expect(after.flat(2).every(Number.isFinite)).toBe(true);
  expect(after).toEqual(beforeWeights);
  await openView(page, 'forward');
  await page.locator(`section.view-forward input.field${hook('W', 1, 1, 1)}`).fill('0.25');
  await expect(page.locator(`section.view-forward input.field${hook('W', 1, 1, 1)}`)).toHaveAttribute('data-value', '0.25');
});
