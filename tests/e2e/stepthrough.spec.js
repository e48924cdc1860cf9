// Step-through mode: forward one layer at a time, then backward from delta^(L) down to layer 1,
// each step marking what it computes ('step-out') and what from ('step-in') in the diagram and
// the tables, with its equation; Prev/Next, the keyboard, one unit at a time; an edit keeps
// the step.
import { test, expect } from '@playwright/test';
import { openPage, hook, loadDocument, ARTIFACTS } from './helpers.js';
import { buildSteps, stepRole } from '../../web/components/stepthrough.js';

const panel = (page) => page.locator('.stepthrough');

/**
 * The hooked elements carrying a class, as "q:layer:row:col" strings (unique, sorted). The
 * diagram's edges and units stand for several quantities at once (a weight and its gradient;
 * a unit's z, a, f' and δ): they are checked on their own.
 */
const marked = (page, cls) => page.$$eval(`.bp-sandbox [data-quantity].${cls}:not(.edge):not(.unit)`, (els) => [...new Set(els.map((el) => {
  const d = el.dataset;
  return [d.quantity, d.layer ?? '', d.row ?? '', d.col ?? ''].join(':');
}))].sort());

async function expectStep(page, { index, kind, layer, unit }) {
  await expect(panel(page)).toHaveAttribute('data-step-index', String(index));
  await expect(panel(page)).toHaveAttribute('data-step-kind', kind);
  if (layer !== undefined) await expect(panel(page)).toHaveAttribute('data-step-layer', String(layer));
  if (unit !== undefined) await expect(panel(page)).toHaveAttribute('data-step-unit', String(unit));
}

test('the steps follow the notes: forward layer by layer, J, then δ⁽ᴸ⁾, ∂J/∂W⁽ᴸ⁻¹⁾, δ⁽ᴸ⁻¹⁾, … down to layer 1', () => {
  const names = buildSteps([2, 3, 4, 2]).map((s) => `${s.kind}${s.kind === 'input' || s.kind === 'loss' ? '' : s.layer}`);
  expect(names).toEqual(['input', 'forward2', 'forward3', 'forward4', 'loss', 'delta4', 'grad3', 'delta3', 'grad2', 'delta2', 'grad1']);
  // One unit at a time: a step per unit (rows of dJ/dW for the gradients).
  const units = buildSteps([2, 3, 2], true);
  expect(units.length).toBe(1 + 3 + 2 + 1 + 2 + 2 + 3 + 3);
  expect(units.filter((s) => s.kind === 'delta' && s.layer === 2).map((s) => s.unit)).toEqual([1, 2, 3]);
  // delta_2^(2) uses column 2 of W^(2) (W_12, W_22), all of delta^(3), and f'(z_2^(2)).
  const step = { kind: 'delta', layer: 2, unit: 2 };
  const opts = { L: 3 };
  expect(stepRole(step, { q: 'W', layer: 2, row: 1, col: 2 }, opts)).toBe('in');
  expect(stepRole(step, { q: 'W', layer: 2, row: 2, col: 1 }, opts)).toBe(null);
  expect(stepRole(step, { q: 'delta', layer: 3, row: 1 }, opts)).toBe('in');
  expect(stepRole(step, { q: 'fprime', layer: 2, row: 2 }, opts)).toBe('in');
  expect(stepRole(step, { q: 'delta', layer: 2, row: 2 }, opts)).toBe('out');
  expect(stepRole(step, { q: 'delta', layer: 2, row: 1 }, opts)).toBe(null);
});

test('step-through reaches the end and comes back, with the right highlights on the way', async ({ page }) => {
  await openPage(page);
  await expect(panel(page)).toHaveAttribute('data-step-through', 'off');
  expect(await marked(page, 'step-out')).toEqual([]);
  await page.getByRole('button', { name: 'Step through the pass' }).click();
  await expect(panel(page)).toHaveAttribute('data-step-through', 'on');
  await expect(panel(page)).toContainText('→');
  await expect(panel(page)).toContainText('Home');

  // Step 1: the input, a^(1) = x.
  await expectStep(page, { index: 0, kind: 'input' });
  expect(await marked(page, 'step-out')).toEqual(['a:1:1:', 'a:1:2:', 'x:1:1:', 'x:1:2:']);
  expect(await marked(page, 'step-in')).toEqual([]);

  // Step 2: z^(2) = W^(1) a^(1) + b^(1), a^(2) = f(z^(2)).
  await page.getByRole('button', { name: /Next step/ }).click();
  await expectStep(page, { index: 1, kind: 'forward', layer: 2 });
  expect(await marked(page, 'step-out')).toEqual(['a:2:1:', 'a:2:2:', 'z:2:1:', 'z:2:2:']);
  expect(await marked(page, 'step-in')).toEqual([
    'W:1:1:1', 'W:1:1:2', 'W:1:2:1', 'W:1:2:2', 'a:1:1:', 'a:1:2:', 'b:1:1:', 'b:1:2:', 'x:1:1:', 'x:1:2:',
  ]);
  await expect(page.locator(`input${hook('W', 1, 1, 1)}`)).toHaveClass(/\bstep-in\b/);
  await expect(page.locator(`input${hook('W', 2, 1, 1)}`)).not.toHaveClass(/\bstep-in\b/);
  await expect(page.locator('svg.net g.unit[data-also-unit="2:1"]')).toHaveClass(/\bstep-out\b/);
  await expect(page.locator('svg.net g.unit[data-also-unit="1:2"]')).toHaveClass(/\bstep-in\b/);
  await expect(page.locator('svg.net g.edge[data-layer="1"]').first()).toHaveClass(/\bstep-in\b/);
  await expect(page.locator('.st-equations')).toContainText('0.3775'); // z_1^(2) of the default network
  await expect(page.locator('.st-equations .katex').first()).toBeVisible();

  // Keys: j / → forward; step 4 is J, step 5 delta^(3) from the loss.
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowRight');
  await expectStep(page, { index: 3, kind: 'loss' });
  expect(await marked(page, 'step-out')).toEqual(['J:::']);
  await page.keyboard.press('ArrowRight');
  await expectStep(page, { index: 4, kind: 'delta', layer: 3 });
  expect(await marked(page, 'step-out')).toEqual(['delta:3:1:', 'delta:3:2:']);
  expect(await marked(page, 'step-in')).toEqual(['a:3:1:', 'a:3:2:', 'fprime:3:1:', 'fprime:3:2:', 'y:3:1:', 'y:3:2:']);
  // The backward pass: the diagram shows delta and dJ/dW.
  await expect(page.locator('svg.net g.unit[data-quantity="delta"]').first()).toBeVisible();

  // End: dJ/dW^(1), dJ/db^(1) from delta^(2) and a^(1), the last step.
  await page.keyboard.press('End');
  await expectStep(page, { index: 7, kind: 'grad', layer: 1 });
  await expect(page.getByRole('button', { name: /Next step/ })).toBeDisabled();
  const out = await marked(page, 'step-out');
  expect(out).toEqual(['dW:1:1:1', 'dW:1:1:2', 'dW:1:2:1', 'dW:1:2:2', 'db:1:1:', 'db:1:2:']);
  expect(await marked(page, 'step-in')).toEqual(['a:1:1:', 'a:1:2:', 'delta:2:1:', 'delta:2:2:', 'x:1:1:', 'x:1:2:']);
  await expect(page.locator('.st-equations')).toContainText('0.0004386'); // dJ/dW_11^(1)

  // Back one (k): delta^(2) = (W^(2))^T delta^(3) o f'(z^(2)).
  await page.keyboard.press('k');
  await expectStep(page, { index: 6, kind: 'delta', layer: 2 });
  expect(await marked(page, 'step-out')).toEqual(['delta:2:1:', 'delta:2:2:']);
  expect(await marked(page, 'step-in')).toEqual([
    'W:2:1:1', 'W:2:1:2', 'W:2:2:1', 'W:2:2:2', 'delta:3:1:', 'delta:3:2:', 'fprime:2:1:', 'fprime:2:2:',
  ]);
  await expect(page.locator('.st-equations')).toContainText('0.03635'); // the sum of delta_1^(2)
  await expect(page.locator('svg.net g.edge[data-layer="2"]').first()).toHaveClass(/\bstep-in\b/);
  await expect(page.locator('svg.net g.edge.step-out')).toHaveCount(0);

  // Back one more (←): dJ/dW^(2) = delta^(3) (a^(2))^T.
  await page.keyboard.press('ArrowLeft');
  await expectStep(page, { index: 5, kind: 'grad', layer: 2 });
  expect(await marked(page, 'step-out')).toEqual(['dW:2:1:1', 'dW:2:1:2', 'dW:2:2:1', 'dW:2:2:2', 'db:2:1:', 'db:2:2:']);
  expect(await marked(page, 'step-in')).toEqual(['a:2:1:', 'a:2:2:', 'delta:3:1:', 'delta:3:2:']);
  // In the diagram: the edges W^(2) computed, the units of layers 2 (a) and 3 (δ) used.
  await expect(page.locator('svg.net g.edge.step-out')).toHaveCount(4);
  await expect(page.locator('svg.net g.unit.step-in')).toHaveCount(4);
  await expect(page.locator('svg.net g.unit[data-also-unit="1:1"]')).not.toHaveClass(/\bstep-/);

  // Home: back to the start; Prev is disabled there.
  await page.keyboard.press('Home');
  await expectStep(page, { index: 0, kind: 'input' });
  await expect(page.getByRole('button', { name: /Previous step/ })).toBeDisabled();
  await expect(page.locator('svg.net g.unit[data-quantity="a"]').first()).toBeVisible(); // forward: values again

  // Leaving the mode clears every mark.
  await page.getByRole('button', { name: 'Leave step-through' }).click();
  expect(await marked(page, 'step-out')).toEqual([]);
  expect(await marked(page, 'step-in')).toEqual([]);
});

test('one unit at a time: δᵢ⁽ˡ⁾ marks column i of W⁽ˡ⁾ only', async ({ page }) => {
  await openPage(page);
  await page.getByRole('button', { name: 'Step through the pass' }).click();
  await page.getByLabel('one unit at a time').check();
  // input, z/a of 2 units of layer 2, 2 of layer 3, J, delta^(3) x2, grad^(2) rows x2, delta^(2) unit 1 ...
  for (let k = 0; k < 10; k += 1) await page.keyboard.press('ArrowRight');
  await expectStep(page, { index: 10, kind: 'delta', layer: 2, unit: 1 });
  await expect(panel(page)).toContainText('Step 11 of 14');
  expect(await marked(page, 'step-out')).toEqual(['delta:2:1:']);
  // Column 1 of W^(2): W_11^(2), W_21^(2) (the weights out of unit 1 of layer 2).
  expect(await marked(page, 'step-in')).toEqual(['W:2:1:1', 'W:2:2:1', 'delta:3:1:', 'delta:3:2:', 'fprime:2:1:']);
  await expect(page.locator('.st-equations')).toContainText('0.2413'); // f'(z_1^(2))
  // Switching back to whole layers keeps the place: delta^(2).
  await page.getByLabel('one unit at a time').uncheck();
  await expectStep(page, { index: 6, kind: 'delta', layer: 2 });
});

test('editing a value during step-through recomputes and keeps the current step', async ({ page }) => {
  await openPage(page);
  await page.getByRole('button', { name: 'Step through the pass' }).click();
  await page.getByRole('button', { name: /Next step/ }).click();
  await expectStep(page, { index: 1, kind: 'forward', layer: 2 });
  await expect(page.locator('.st-equations')).toContainText('0.3775');
  const field = page.locator(`input${hook('W', 1, 1, 1)}`);
  await field.fill('0.6');
  await expect(field).toHaveAttribute('data-value', '0.6');
  // z_1^(2) = 0.6 × 0.05 + 0.2 × 0.1 + 0.35 = 0.4
  await expect(page.locator('.st-equations')).toContainText('0.4');
  await expect(page.locator('.st-equations')).not.toContainText('0.3775');
  await expectStep(page, { index: 1, kind: 'forward', layer: 2 });
  await expect(page.locator(`input${hook('W', 1, 1, 1)}`)).toHaveClass(/\bstep-in\b/);
  // Keys inside a field edit the field; they do not move the step.
  await field.press('ArrowUp');
  await expect(field).toHaveAttribute('data-value', '0.61');
  await field.press('ArrowRight');
  await field.press('j');
  await expectStep(page, { index: 1, kind: 'forward', layer: 2 });
});

test('a deeper network steps through every layer; screenshots at 1280 and 700 px', async ({ page }) => {
  await openPage(page);
  await loadDocument(page, {
    layers: [3, 4, 4, 2], activations: ['tanh', 'tanh', 'sigmoid'], loss: 'mse',
    input: [0.5, -0.2, 0.1], target: [0, 1], seed: 5,
  });
  await page.getByRole('button', { name: 'Step through the pass' }).click();
  const kinds = [];
  for (let k = 0; k < 11; k += 1) {
    kinds.push(`${await panel(page).getAttribute('data-step-kind')}${await panel(page).getAttribute('data-step-layer')}`);
    await page.keyboard.press('ArrowRight');
  }
  expect(kinds).toEqual(['input1', 'forward2', 'forward3', 'forward4', 'loss4', 'delta4', 'grad3', 'delta3', 'grad2', 'delta2', 'grad1']);
  await page.keyboard.press('Home');
  for (let k = 0; k < 7; k += 1) await page.keyboard.press('ArrowRight'); // delta^(3) = (W^(3))^T delta^(4) o f'
  await expectStep(page, { index: 7, kind: 'delta', layer: 3 });
  expect(await marked(page, 'step-in')).toContain('W:3:2:4');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ARTIFACTS}stepthrough-1280x800.png` });
  await page.setViewportSize({ width: 700, height: 900 });
  await panel(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}stepthrough-700.png` });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});
