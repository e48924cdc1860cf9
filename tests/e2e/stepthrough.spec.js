// Walk through the pass: forward one layer at a time, then backward from delta^(L) down to
// layer 1, each step marking what it computes ('step-out') and what from ('step-in') in the
// diagram and the tables, with its equation. It is a reveal: a step comes up hidden (what it
// computes shows "?" in the tables, the diagram and J, its data-value kept) and is then
// revealed (the numbers, and the step's equations with them); Back hides them again. Back and
// Reveal / Next step, the keyboard (half a step at a time), one unit at a time; an edit keeps
// the step.
import { test, expect } from '@playwright/test';
import { openPage, openView, hook, loadDocument, barJ, ARTIFACTS } from './helpers.js';
import { buildSteps, stepRole, revealedAt, isKnown, moveWalk } from '../../web/walk.js';

const walk = (page) => page.locator('.walk');
const equations = (page) => page.locator('.walk-equations');
const nextButton = (page) => page.locator('[data-key="walk-next"]');
const backButton = (page) => page.locator('[data-key="walk-prev"]');

/**
 * The hooked elements carrying a class, as "q:layer:row:col" strings (unique, sorted). The
 * diagram's edges and units stand for several quantities at once (a weight and its gradient;
 * a unit's z, a, f' and δ): they are checked on their own.
 */
const marked = (page, cls) => page.$$eval(`.bp-sandbox [data-quantity].${cls}:not(.edge):not(.unit)`, (els) => [...new Set(els.map((el) => {
  const d = el.dataset;
  return [d.quantity, d.layer ?? '', d.row ?? '', d.col ?? ''].join(':');
}))].sort());

/**
 * Every displayed copy of a quantity (tables, the diagram, the bar's J), hidden views
 * included: { where, text, unknown, value }. text is the number as shown (a header's number
 * without its symbol, a unit's value, the diagram's "J = …" without "J = "); null for the
 * diagram's edges, whose numbers are drawn apart from them where they fit.
 */
const copies = (page, q, layer) => page.$$eval(`.bp-sandbox [data-quantity="${q}"]${layer ? `[data-layer="${layer}"]` : ''}`, (els) => els.map((el) => ({
  where: `${el.closest('section.view')?.dataset.view ?? (el.closest('.bar') ? 'bar' : 'explain')} ${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`,
  text: el.classList.contains('edge') ? null : (el.querySelector('.num, .unit-value') ?? el).textContent.trim().replace(/^J = /, ''),
  unknown: el.classList.contains('unknown'),
  value: el.dataset.value,
})));

/** Every copy of q (layer) shows "?" and is marked unknown, its data-value a number all the same. */
async function expectHidden(page, q, layer, { classOnDiagramJ = false } = {}) {
  const all = await copies(page, q, layer);
  expect(all.length, `copies of ${q}${layer ?? ''}`).toBeGreaterThan(0);
  for (const c of all) {
    if (c.text !== null) expect(c.text, `${q}${layer ?? ''} in ${c.where}`).toBe('?');
    // The diagram's J says "J = ?" in its text; its class is checked in a test of its own.
    if (classOnDiagramJ || !(q === 'J' && c.where.startsWith('network text'))) expect(c.unknown, `${q}${layer ?? ''} in ${c.where} is marked unknown`).toBe(true);
    expect(Number.isFinite(Number(c.value)), `${q}${layer ?? ''} in ${c.where} keeps its data-value`).toBe(true);
  }
}

/** Every copy of q (layer) shows a number, not marked unknown. */
async function expectShown(page, q, layer) {
  const all = await copies(page, q, layer);
  expect(all.length, `copies of ${q}${layer ?? ''}`).toBeGreaterThan(0);
  for (const c of all) {
    if (c.text !== null) expect(c.text, `${q}${layer ?? ''} in ${c.where}`).toMatch(/^[−-]?\d/);
    expect(c.unknown, `${q}${layer ?? ''} in ${c.where} is not marked unknown`).toBe(false);
  }
}

async function expectStep(page, { index, kind, layer, unit, revealed }) {
  await expect(walk(page)).toHaveAttribute('data-step-index', String(index));
  await expect(walk(page)).toHaveAttribute('data-step-kind', kind);
  if (layer !== undefined) await expect(walk(page)).toHaveAttribute('data-step-layer', String(layer));
  if (unit !== undefined) await expect(walk(page)).toHaveAttribute('data-step-unit', String(unit));
  if (revealed !== undefined) await expect(walk(page)).toHaveAttribute('data-revealed', String(revealed));
}

const startWalk = (page) => page.locator('[data-key="walk"]').click();

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

test('the reveal: each step is hidden, then revealed; f′ is given with its δ step; moving is by half a step', () => {
  const steps = buildSteps([2, 2, 2]); // input, forward2, forward3, loss, delta3, grad2, delta2, grad1
  // What is always known, and where the rest becomes known.
  for (const d of [{ q: 'W', layer: 1, row: 1, col: 1 }, { q: 'b', layer: 2, row: 1 }, { q: 'x', row: 1 }, { q: 'y', layer: 3, row: 1 }, { q: 'a', layer: 1, row: 2 }]) {
    expect(revealedAt(steps, d), JSON.stringify(d)).toBe(null);
  }
  expect(revealedAt(steps, { q: 'z', layer: 2, row: 1 })).toEqual({ index: 1, given: false });
  expect(revealedAt(steps, { q: 'a', layer: 3, row: 2 })).toEqual({ index: 2, given: false });
  expect(revealedAt(steps, { q: 'J' })).toEqual({ index: 3, given: false });
  expect(revealedAt(steps, { q: 'delta', layer: 3, row: 1 })).toEqual({ index: 4, given: false });
  expect(revealedAt(steps, { q: 'fprime', layer: 3, row: 1 })).toEqual({ index: 4, given: true });
  expect(revealedAt(steps, { q: 'dW', layer: 2, row: 1, col: 2 })).toEqual({ index: 5, given: false });
  expect(revealedAt(steps, { q: 'delta', layer: 2, row: 2 })).toEqual({ index: 6, given: false });
  expect(revealedAt(steps, { q: 'db', layer: 1, row: 2 })).toEqual({ index: 7, given: false });

  const at = (index, revealed) => ({ on: true, index, revealed, units: false });
  const z21 = { q: 'z', layer: 2, row: 1 };
  expect(isKnown({ on: false, index: 0, revealed: false }, steps, z21)).toBe(true); // the walk off: everything
  expect(isKnown(at(1, false), steps, z21)).toBe(false);
  expect(isKnown(at(1, true), steps, z21)).toBe(true);
  expect(isKnown(at(1, true), steps, { q: 'a', layer: 3, row: 1 })).toBe(false);
  expect(isKnown(at(1, true), steps, { q: 'J' })).toBe(false);
  expect(isKnown(at(4, false), steps, { q: 'fprime', layer: 3, row: 1 })).toBe(true); // given: an ingredient of δ
  expect(isKnown(at(4, false), steps, { q: 'delta', layer: 3, row: 1 })).toBe(false);
  expect(isKnown(at(4, true), steps, { q: 'delta', layer: 3, row: 1 })).toBe(true);
  expect(isKnown(at(5, false), steps, { q: 'delta', layer: 3, row: 1 })).toBe(true);

  // Half a step at a time; the input (index 0) has only its revealed half.
  const pos = (w) => [w.index, w.revealed];
  expect(pos(moveWalk(at(0, true), steps, 1))).toEqual([1, false]);
  expect(pos(moveWalk(at(1, false), steps, 1))).toEqual([1, true]);
  expect(pos(moveWalk(at(1, true), steps, 1))).toEqual([2, false]);
  expect(pos(moveWalk(at(2, false), steps, -1))).toEqual([1, true]);
  expect(pos(moveWalk(at(1, true), steps, -1))).toEqual([1, false]);
  expect(pos(moveWalk(at(1, false), steps, -1))).toEqual([0, true]);
  expect(pos(moveWalk(at(0, true), steps, -1))).toEqual([0, true]);
  expect(pos(moveWalk(at(3, false), steps, -Infinity))).toEqual([0, true]);
  expect(pos(moveWalk(at(3, false), steps, Infinity))).toEqual([7, true]);
  expect(pos(moveWalk(at(7, true), steps, 1))).toEqual([7, true]);
});

test('the walk reaches the end and comes back, hiding and revealing, with the right highlights on the way', async ({ page }) => {
  await openPage(page);
  await expect(walk(page)).toHaveCount(0);
  await expect(page.locator('[data-key="walk"]')).toHaveAttribute('aria-pressed', 'false');
  expect(await marked(page, 'step-out')).toEqual([]);
  expect(await marked(page, 'unknown')).toEqual([]);
  await startWalk(page);
  await expect(page.locator('[data-key="walk"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(walk(page)).toHaveAttribute('data-walk', 'on');
  await expect(walk(page)).toContainText('→');
  await expect(walk(page)).toContainText('Home');

  // Step 1: the input, a^(1) = x: nothing to ask, shown revealed.
  await expectStep(page, { index: 0, kind: 'input', revealed: true });
  expect(await marked(page, 'step-out')).toEqual(['a:1:1:', 'a:1:2:', 'x:1:1:', 'x:1:2:']);
  expect(await marked(page, 'step-in')).toEqual([]);
  await expect(backButton(page)).toBeDisabled();
  await expect(nextButton(page)).toHaveAccessibleName('Next step (→ or j)');
  // Nothing computed is shown yet: z, a, J, δ, the gradients are all "?".
  await expectHidden(page, 'z', 2);
  await expectHidden(page, 'a', 2);
  await expectHidden(page, 'J');
  await expectShown(page, 'a', 1);

  // Step 2, hidden: z^(2) = W^(1) a^(1) + b^(1), a^(2) = f(z^(2)).
  await nextButton(page).click();
  await expectStep(page, { index: 1, kind: 'forward', layer: 2, revealed: false });
  expect(await marked(page, 'step-out')).toEqual(['a:2:1:', 'a:2:2:', 'z:2:1:', 'z:2:2:']);
  expect(await marked(page, 'step-in')).toEqual([
    'W:1:1:1', 'W:1:1:2', 'W:1:2:1', 'W:1:2:2', 'a:1:1:', 'a:1:2:', 'b:1:1:', 'b:1:2:', 'x:1:1:', 'x:1:2:',
  ]);
  await expect(page.locator(`input${hook('W', 1, 1, 1)}`)).toHaveClass(/\bstep-in\b/);
  await expect(page.locator(`input${hook('W', 2, 1, 1)}`)).not.toHaveClass(/\bstep-in\b/);
  await expect(page.locator('svg.net g.unit[data-also-unit="2:1"]')).toHaveClass(/\bstep-out\b/);
  await expect(page.locator('svg.net g.unit[data-also-unit="1:2"]')).toHaveClass(/\bstep-in\b/);
  await expect(page.locator('svg.net g.edge[data-layer="1"]').first()).toHaveClass(/\bstep-in\b/);
  // Before the reveal its outputs are "?" in the tables, the diagram and J, and so is what
  // comes after (the old page gave a^(3) and J away here); the formula is there, no numbers.
  await expect(nextButton(page)).toHaveAccessibleName('Reveal (→ or j)');
  await expectHidden(page, 'z', 2);
  await expectHidden(page, 'a', 2);
  await expectHidden(page, 'a', 3);
  await expectHidden(page, 'J');
  await expect(barJ(page)).toHaveText('?');
  await expect(page.locator('svg.net g.unit[data-also-unit="2:1"] .unit-value')).toHaveText('?');
  await expect(page.locator('svg.net text.loss')).toHaveText('J = ?');
  await expect(page.locator('.walk-formula .katex').first()).toBeVisible();
  await expect(equations(page).locator('figure.eq-item')).toHaveCount(0);
  await expect(walk(page)).not.toContainText('0.3775');
  // The selection moved to the step's first output, and the check box asks for it.
  await expect(page.locator(`.view-forward td${hook('z', 2, 1)}`)).toHaveClass(/\bsel\b/);
  await expect(page.locator('.check-target')).toHaveText('Your value of z₁⁽²⁾');

  // Revealed: the numbers, and the step's equations with them.
  await nextButton(page).click();
  await expectStep(page, { index: 1, kind: 'forward', layer: 2, revealed: true });
  await expectShown(page, 'z', 2);
  await expectShown(page, 'a', 2);
  await expectHidden(page, 'a', 3);
  await expectHidden(page, 'J');
  await expect(page.locator(`.view-forward td${hook('z', 2, 1)}`)).toHaveText('0.3775');
  await expect(equations(page).locator('figure.eq-item').first()).toBeVisible();
  await expect(equations(page)).toContainText('0.3775'); // z_1^(2) of the default network
  await expect(equations(page).locator('.katex').first()).toBeVisible();
  // The marks are the step's, hidden or revealed.
  expect(await marked(page, 'step-out')).toEqual(['a:2:1:', 'a:2:2:', 'z:2:1:', 'z:2:2:']);
  await expect(nextButton(page)).toHaveAccessibleName('Next step (→ or j)');

  // Back (walk-prev) hides them again.
  await backButton(page).click();
  await expectStep(page, { index: 1, kind: 'forward', layer: 2, revealed: false });
  await expectHidden(page, 'z', 2);
  await expectHidden(page, 'a', 2);
  await expect(equations(page).locator('figure.eq-item')).toHaveCount(0);
  await nextButton(page).click();
  await expectStep(page, { index: 1, revealed: true, kind: 'forward' });

  // Keys, half a step each: j / → forward; step 4 is J, step 5 delta^(3) from the loss.
  await page.keyboard.press('j');
  await expectStep(page, { index: 2, kind: 'forward', layer: 3, revealed: false });
  await page.keyboard.press('ArrowRight');
  await expectStep(page, { index: 2, kind: 'forward', layer: 3, revealed: true });
  await page.keyboard.press('ArrowRight');
  await expectStep(page, { index: 3, kind: 'loss', revealed: false });
  expect(await marked(page, 'step-out')).toEqual(['J:::']);
  await expectHidden(page, 'J');
  await page.keyboard.press('j');
  await expectStep(page, { index: 3, kind: 'loss', revealed: true });
  await expectShown(page, 'J');
  await expect(barJ(page)).toHaveText('0.2984');
  await page.keyboard.press('ArrowRight');
  await expectStep(page, { index: 4, kind: 'delta', layer: 3, revealed: false });
  expect(await marked(page, 'step-out')).toEqual(['delta:3:1:', 'delta:3:2:']);
  expect(await marked(page, 'step-in')).toEqual(['a:3:1:', 'a:3:2:', 'fprime:3:1:', 'fprime:3:2:', 'y:3:1:', 'y:3:2:']);
  // f'(z^(3)) is given as soon as its δ step comes up (an ingredient); δ^(3) waits for the reveal.
  await expectShown(page, 'fprime', 3);
  await expectHidden(page, 'delta', 3);
  // The backward pass: the diagram shows delta and dJ/dW.
  await expect(page.locator('svg.net g.unit[data-quantity="delta"]').first()).toBeVisible();
  await expect(page.locator('svg.net g.unit[data-quantity="delta"][data-layer="3"][data-row="1"] .unit-value')).toHaveText('?');
  await page.keyboard.press('ArrowRight');
  await expectStep(page, { index: 4, kind: 'delta', layer: 3, revealed: true });
  await expectShown(page, 'delta', 3);
  await expectHidden(page, 'dW', 2);

  // End: dJ/dW^(1), dJ/db^(1) from delta^(2) and a^(1), the last step, revealed.
  await page.keyboard.press('End');
  await expectStep(page, { index: 7, kind: 'grad', layer: 1, revealed: true });
  await expect(nextButton(page)).toBeDisabled();
  const out = await marked(page, 'step-out');
  expect(out).toEqual(['dW:1:1:1', 'dW:1:1:2', 'dW:1:2:1', 'dW:1:2:2', 'db:1:1:', 'db:1:2:']);
  expect(await marked(page, 'step-in')).toEqual(['a:1:1:', 'a:1:2:', 'delta:2:1:', 'delta:2:2:', 'x:1:1:', 'x:1:2:']);
  await expect(equations(page)).toContainText('0.0004386'); // dJ/dW_11^(1)
  await expectShown(page, 'dW', 1);
  await expectShown(page, 'db', 1);
  expect(await marked(page, 'unknown')).toEqual([]);

  // Back (k): the last step hidden again.
  await page.keyboard.press('k');
  await expectStep(page, { index: 7, kind: 'grad', layer: 1, revealed: false });
  await expectHidden(page, 'dW', 1);
  await expectHidden(page, 'db', 1);
  await expect(equations(page)).not.toContainText('0.0004386');
  // Back once more (k): delta^(2) = (W^(2))^T delta^(3) o f'(z^(2)), revealed.
  await page.keyboard.press('k');
  await expectStep(page, { index: 6, kind: 'delta', layer: 2, revealed: true });
  expect(await marked(page, 'step-out')).toEqual(['delta:2:1:', 'delta:2:2:']);
  expect(await marked(page, 'step-in')).toEqual([
    'W:2:1:1', 'W:2:1:2', 'W:2:2:1', 'W:2:2:2', 'delta:3:1:', 'delta:3:2:', 'fprime:2:1:', 'fprime:2:2:',
  ]);
  await expect(equations(page)).toContainText('0.03635'); // the sum of delta_1^(2)
  await expect(page.locator('svg.net g.edge[data-layer="2"]').first()).toHaveClass(/\bstep-in\b/);
  await expect(page.locator('svg.net g.edge.step-out')).toHaveCount(0);

  // Back two halves (←): dJ/dW^(2) = delta^(3) (a^(2))^T, revealed.
  await page.keyboard.press('ArrowLeft');
  await expectStep(page, { index: 6, kind: 'delta', layer: 2, revealed: false });
  await expectHidden(page, 'delta', 2);
  await expectShown(page, 'fprime', 2);
  await page.keyboard.press('ArrowLeft');
  await expectStep(page, { index: 5, kind: 'grad', layer: 2, revealed: true });
  expect(await marked(page, 'step-out')).toEqual(['dW:2:1:1', 'dW:2:1:2', 'dW:2:2:1', 'dW:2:2:2', 'db:2:1:', 'db:2:2:']);
  expect(await marked(page, 'step-in')).toEqual(['a:2:1:', 'a:2:2:', 'delta:3:1:', 'delta:3:2:']);
  // In the diagram: the edges W^(2) computed (and the bias edges b^(2)), the units of layers
  // 2 (a) and 3 (δ) used.
  await expect(page.locator('svg.net g.edge:not(.bias-edge).step-out')).toHaveCount(4);
  await expect(page.locator('svg.net g.edge:not(.bias-edge)[data-layer="2"][data-quantity="dW"].step-out')).toHaveCount(4);
  await expect(page.locator('svg.net g.edge.bias-edge.step-out')).toHaveCount(2);
  await expect(page.locator('svg.net g.edge.bias-edge[data-layer="2"][data-quantity="db"].step-out')).toHaveCount(2);
  await expect(page.locator('svg.net g.unit.step-in')).toHaveCount(4);
  await expect(page.locator('svg.net g.unit[data-also-unit="1:1"]')).not.toHaveClass(/\bstep-/);

  // Home: back to the start; Back is disabled there.
  await page.keyboard.press('Home');
  await expectStep(page, { index: 0, kind: 'input', revealed: true });
  await expect(backButton(page)).toBeDisabled();
  await expect(page.locator('svg.net g.unit[data-quantity="a"]').first()).toBeVisible(); // forward: values again
  await expectHidden(page, 'z', 2);

  // Leaving the walk clears every mark, and every number shows again.
  await page.locator('[data-key="walk-leave"]').click();
  await expect(walk(page)).toHaveCount(0);
  await expect(page.locator('[data-key="walk"]')).toHaveAttribute('aria-pressed', 'false');
  expect(await marked(page, 'step-out')).toEqual([]);
  expect(await marked(page, 'step-in')).toEqual([]);
  expect(await marked(page, 'unknown')).toEqual([]);
  await expectShown(page, 'J');
  // The walk button leaves it too.
  await startWalk(page);
  await expectStep(page, { index: 0, kind: 'input' });
  await page.locator('[data-key="walk"]').click();
  await expect(walk(page)).toHaveCount(0);
  expect(await marked(page, 'step-in')).toEqual([]);
});

test('every hidden copy is marked unknown, the diagram\'s J too', async ({ page }) => {
  await openPage(page);
  await startWalk(page);
  await nextButton(page).click();
  await expectStep(page, { index: 1, kind: 'forward', revealed: false });
  await expectHidden(page, 'J', undefined, { classOnDiagramJ: true });
  await expect(page.locator('svg.net text.loss')).toHaveClass(/\bunknown\b/);
});

test('one unit at a time: δᵢ⁽ˡ⁾ marks column i of W⁽ˡ⁾ only', async ({ page }) => {
  await openPage(page);
  await startWalk(page);
  await page.getByLabel('one unit at a time').check();
  await expectStep(page, { index: 0, kind: 'input', revealed: true });
  // input, z/a of 2 units of layer 2, 2 of layer 3, J, delta^(3) x2, grad^(2) rows x2, delta^(2) unit 1 ...:
  // two halves a step after the input, so 19 presses to the hidden delta_1^(2), 20 to its reveal.
  for (let k = 0; k < 19; k += 1) await page.keyboard.press('ArrowRight');
  await expectStep(page, { index: 10, kind: 'delta', layer: 2, unit: 1, revealed: false });
  await expect(walk(page)).toContainText('Step 11 of 14');
  expect(await marked(page, 'step-out')).toEqual(['delta:2:1:']);
  // Column 1 of W^(2): W_11^(2), W_21^(2) (the weights out of unit 1 of layer 2).
  expect(await marked(page, 'step-in')).toEqual(['W:2:1:1', 'W:2:2:1', 'delta:3:1:', 'delta:3:2:', 'fprime:2:1:']);
  // One unit: delta_1^(2) is asked for, delta_2^(2) is not known yet either.
  const delta21 = page.locator(`.view-backward td${hook('delta', 2, 1)}`);
  await expect(delta21).toHaveText('?');
  await expect(page.locator('.check-target')).toHaveText('Your value of δ₁⁽²⁾');
  await page.keyboard.press('ArrowRight');
  await expectStep(page, { index: 10, kind: 'delta', layer: 2, unit: 1, revealed: true });
  await expect(delta21).not.toHaveText('?');
  await expect(page.locator(`.view-backward td${hook('delta', 2, 2)}`)).toHaveText('?');
  await expect(equations(page)).toContainText('0.2413'); // f'(z_1^(2))
  // Switching back to whole layers keeps the place: delta^(2), still revealed.
  await page.getByLabel('one unit at a time').uncheck();
  await expectStep(page, { index: 6, kind: 'delta', layer: 2, revealed: true });
  await expect(walk(page)).not.toHaveAttribute('data-step-unit', /./);
  expect(await marked(page, 'step-out')).toEqual(['delta:2:1:', 'delta:2:2:']);
  // And to units again: the first unit of that step.
  await page.getByLabel('one unit at a time').check();
  await expectStep(page, { index: 10, kind: 'delta', layer: 2, unit: 1, revealed: true });
});

test('editing a value during the walk recomputes and keeps the current step', async ({ page }) => {
  await openPage(page);
  await startWalk(page);
  await nextButton(page).click();
  await nextButton(page).click();
  await expectStep(page, { index: 1, kind: 'forward', layer: 2, revealed: true });
  await expect(equations(page)).toContainText('0.3775');
  await openView(page, 'forward');
  const field = page.locator(`input${hook('W', 1, 1, 1)}`);
  await field.fill('0.6');
  await expect(field).toHaveAttribute('data-value', '0.6');
  // z_1^(2) = 0.6 × 0.05 + 0.2 × 0.1 + 0.35 = 0.4
  await expect(equations(page)).toContainText('0.4');
  await expect(equations(page)).not.toContainText('0.3775');
  await expect(page.locator(`.view-forward td${hook('z', 2, 1)}`)).toHaveText('0.4');
  await expectStep(page, { index: 1, kind: 'forward', layer: 2, revealed: true });
  await expect(page.locator(`input${hook('W', 1, 1, 1)}`)).toHaveClass(/\bstep-in\b/);
  // Keys inside a field edit the field; they do not move the walk.
  await field.press('ArrowUp');
  await expect(field).toHaveAttribute('data-value', '0.61');
  await field.press('ArrowRight');
  await field.press('j');
  await field.press('ArrowLeft');
  await field.press('k');
  await field.press('End');
  await field.press('Home');
  await expectStep(page, { index: 1, kind: 'forward', layer: 2, revealed: true });
  // An edit on a hidden step keeps it hidden.
  await nextButton(page).click();
  await expectStep(page, { index: 2, kind: 'forward', layer: 3, revealed: false });
  await field.fill('0.5');
  await expect(field).toHaveAttribute('data-value', '0.5');
  await expectStep(page, { index: 2, kind: 'forward', layer: 3, revealed: false });
  await expectHidden(page, 'a', 3);
});

test('a deeper network walks through every layer; screenshots at 1280 and 700 px', async ({ page }) => {
  await openPage(page);
  await loadDocument(page, {
    layers: [3, 4, 4, 2], activations: ['tanh', 'tanh', 'sigmoid'], loss: 'mse',
    input: [0.5, -0.2, 0.1], target: [0, 1], seed: 5,
  });
  await startWalk(page);
  // Every position: the input (revealed), then each step hidden and revealed.
  const seen = [];
  for (let k = 0; k < 21; k += 1) {
    const d = await walk(page).evaluate((el) => ({ ...el.dataset }));
    seen.push(`${d.stepIndex}:${d.stepKind}${d.stepLayer}:${d.revealed === 'true' ? 'r' : 'h'}`);
    await page.keyboard.press('ArrowRight');
  }
  const kinds = ['input1', 'forward2', 'forward3', 'forward4', 'loss4', 'delta4', 'grad3', 'delta3', 'grad2', 'delta2', 'grad1'];
  expect(seen).toEqual(kinds.flatMap((k, i) => (i === 0 ? [`0:${k}:r`] : [`${i}:${k}:h`, `${i}:${k}:r`])));
  await expectStep(page, { index: 10, kind: 'grad', layer: 1, revealed: true }); // the end stays the end
  await page.keyboard.press('Home');
  for (let k = 0; k < 13; k += 1) await page.keyboard.press('ArrowRight'); // delta^(3) = (W^(3))^T delta^(4) o f'
  await expectStep(page, { index: 7, kind: 'delta', layer: 3, revealed: false });
  expect(await marked(page, 'step-in')).toContain('W:3:2:4');
  await expectHidden(page, 'delta', 3);
  await expectShown(page, 'delta', 4);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ARTIFACTS}stepthrough-1280x800.png` });
  await page.setViewportSize({ width: 700, height: 900 });
  await walk(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}stepthrough-700.png` });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});
