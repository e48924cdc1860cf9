// "Check my answer" (the explanation column's check box): a value worked out by hand agrees
// when the true value, rounded to the significant digits typed, is the typed number; when it
// does not, the box names the equation's ingredients with their values and recognises a few
// common slips. It always checks the selection, and its pickers select on the page.
import { test, expect } from '@playwright/test';
import { openPage, openView, hook, loadDocument, ARTIFACTS } from './helpers.js';
import { typedPrecision, agreesAt, judge, checkAnswer } from '../../web/check.js';

const result = (page) => page.locator('.check-result');
const valueOf = async (page, q, l, i, j) => Number(await page.locator(hook(q, l, i, j)).first().getAttribute('data-value'));

async function check(page, text) {
  await page.locator('[data-key="check-value"]').fill(text);
  await page.locator('[data-key="check"]').click();
}

test('significant digits: the definition', () => {
  const sig = (t) => typedPrecision(t).sig;
  expect(sig('0.5933')).toBe(4);
  expect(sig('0.59')).toBe(2);
  expect(sig('0.590')).toBe(3);
  expect(sig('-0.0381')).toBe(3);
  expect(sig('120')).toBe(3);
  expect(sig('1.20e-3')).toBe(3);
  expect(sig('−0,25')).toBe(2);
  expect(sig('0')).toBe(0);
  expect(typedPrecision('abc').ok).toBe(false);
  const agrees = (truth, t) => agreesAt(truth, typedPrecision(t), typedPrecision(t).sig);
  expect(agrees(0.593269992, '0.5933')).toBe(true);
  expect(agrees(0.593269992, '0.59')).toBe(true);
  expect(agrees(0.593269992, '0.593')).toBe(true);
  expect(agrees(0.593269992, '0.5932')).toBe(false); // truncated, not rounded
  expect(agrees(0.593269992, '0.6')).toBe(true);
  expect(agrees(0.593269992, '0.60')).toBe(false);
  expect(agrees(-0.0380982, '-0.0381')).toBe(true);
  expect(agrees(-0.0380982, '0.0381')).toBe(false);
  expect(agrees(1.5e-7, '0.0000')).toBe(true); // a zero: rounds to 0 at 4 decimals
  expect(agrees(1.5e-3, '0.00')).toBe(true);
  expect(agrees(1.5e-3, '0.000')).toBe(false);
  expect(judge(0.593269992, typedPrecision('0.5932'))).toEqual({ agrees: false, sig: 4, closeTo: 3 });
});

test('the slips are recognised from the numbers alone', () => {
  // The default network's pass, the numbers of the published example.
  const doc = { layers: [2, 2, 2], activations: ['sigmoid', 'sigmoid'], loss: 'mse', weights: [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]], biases: [[0.35, 0.35], [0.6, 0.6]], input: [0.05, 0.1], target: [0.01, 0.99], weightDecay: 0 };
  const a2 = [0.5932699921071872, 0.596884378259767];
  const a3 = [0.7513650695523157, 0.7729284653214625];
  const fp3 = a3.map((a) => a * (1 - a));
  const d3 = [(a3[0] - 0.01) * fp3[0], (a3[1] - 0.99) * fp3[1]];
  const fp2 = a2.map((a) => a * (1 - a));
  const s2 = [0.4 * d3[0] + 0.5 * d3[1], 0.45 * d3[0] + 0.55 * d3[1]];
  const d2 = [s2[0] * fp2[0], s2[1] * fp2[1]];
  const res = {
    loss: 0.5 * ((a3[0] - 0.01) ** 2 + (a3[1] - 0.99) ** 2),
    batchSize: 1,
    layers: [
      { layer: 1, z: null, a: [0.05, 0.1], fprime: null, delta: null },
      { layer: 2, z: [0.3775, 0.3925], a: a2, fprime: fp2, delta: d2 },
      { layer: 3, z: [1.10590596705977, 1.2249214040964653], a: a3, fprime: fp3, delta: d3 },
    ],
    gradients: [
      { layer: 1, W: d2.map((d) => [d * 0.05, d * 0.1]), b: d2 },
      { layer: 2, W: d3.map((d) => a2.map((a) => d * a)), b: d3 },
    ],
  };
  const pass = { doc, res };
  const slips = (sel, value) => checkAnswer(sel, value.toPrecision(4), pass).slips.map((s) => s.id);
  expect(checkAnswer({ q: 'dW', layer: 2, row: 1, col: 2 }, (d3[0] * a2[1]).toPrecision(4), pass).status).toBe('agree');
  expect(slips({ q: 'dW', layer: 2, row: 1, col: 2 }, d3[0] * a2[0])).toContain('a-i');
  expect(slips({ q: 'dW', layer: 2, row: 1, col: 2 }, d3[1] * a2[0])).toContain('swap');
  expect(slips({ q: 'dW', layer: 2, row: 1, col: 2 }, -d3[0] * a2[1])).toContain('sign');
  expect(slips({ q: 'delta', layer: 2, row: 1 }, s2[0])).toContain('no-fprime');
  expect(slips({ q: 'delta', layer: 2, row: 1 }, (0.4 * d3[0] + 0.45 * d3[1]) * fp2[0])).toContain('W-not-WT');
  expect(slips({ q: 'delta', layer: 3, row: 1 }, a3[0] - 0.01)).toContain('no-fprime');
  expect(slips({ q: 'delta', layer: 3, row: 1 }, -d3[0])).toContain('sign');
  expect(slips({ q: 'z', layer: 2, row: 1 }, 0.3775 - 0.35)).toContain('no-bias');
  expect(slips({ q: 'a', layer: 2, row: 1 }, 0.3775)).toContain('z-not-a');
  expect(slips({ q: 'J' }, 2 * res.loss)).toContain('no-half');
});

test('"check my answer" accepts a right value and rejects a wrong one, naming the ingredients', async ({ page }) => {
  await openPage(page);
  // By default W₁₁⁽¹⁾ is selected, and the box checks its gradient.
  await expect(page.locator('.check-target')).toHaveText('Check your value of ∂J/∂W₁₁⁽¹⁾');
  // The learner selects ∂J/∂W₁₂⁽²⁾ on the page: the checker follows the selection.
  await openView(page, 'gradients');
  await page.locator(`.view-gradients td${hook('dW', 2, 1, 2)}`).first().click();
  await expect(page.locator('.check-target')).toHaveText('Check your value of ∂J/∂W₁₂⁽²⁾');
  await expect(page.locator('.selected-name')).toContainText('∂J/∂W₁₂⁽²⁾');
  const truth = await valueOf(page, 'dW', 2, 1, 2);
  const delta = await valueOf(page, 'delta', 3, 1);
  const a1 = await valueOf(page, 'a', 2, 1);
  const a2 = await valueOf(page, 'a', 2, 2);

  // Right, at 4 and at 2 significant digits.
  await check(page, truth.toPrecision(4));
  await expect(result(page)).toHaveAttribute('data-verdict', 'agree');
  await expect(result(page)).toContainText('Agrees');
  await check(page, truth.toPrecision(2));
  await expect(result(page)).toHaveAttribute('data-verdict', 'agree');
  await expect(result(page)).toContainText('2 significant digits');

  // Wrong: the verdict, the equation and its ingredients with their values.
  await check(page, (truth * 1.1).toPrecision(4));
  await expect(result(page)).toHaveAttribute('data-verdict', 'disagree');
  await expect(result(page)).toContainText('Does not agree');
  await expect(result(page)).toContainText('∂J/∂W₁₂⁽²⁾ = δ₁⁽³⁾ a₂⁽²⁾');
  await expect(result(page).locator('[data-ingredient="delta:3:1"]')).toContainText('δ₁⁽³⁾');
  await expect(result(page).locator('[data-ingredient="a:2:2"]')).toContainText('a₂⁽²⁾');
  await expect(result(page)).toContainText('Which factor is off?');

  // A common slip: a_i instead of a_j.
  await check(page, (delta * a1).toPrecision(4));
  await expect(result(page)).toHaveAttribute('data-verdict', 'disagree');
  expect((await result(page).getAttribute('data-slips')).split(' ')).toContain('a-i');
  await expect(result(page).locator('.slip').first()).toContainText('instead of a₂⁽²⁾');

  // Truncated instead of rounded: close, at fewer digits.
  const truncated = Math.trunc(truth * 1e5) / 1e5; // 0.08266 for 0.0826676...
  if (Number(truncated.toPrecision(4)) !== Number(truth.toPrecision(4))) {
    await check(page, truncated.toPrecision(4));
    await expect(result(page)).toContainText('Close: it agrees to 3 significant digits');
  }
  expect(a2).toBeGreaterThan(0);

  // Not a number.
  await check(page, 'abc');
  await expect(result(page)).toHaveAttribute('data-verdict', 'invalid');
});

test('the check follows the selection: a weight checks its gradient, x its a⁽¹⁾, y the δ⁽ᴸ⁾ it starts', async ({ page }) => {
  await openPage(page);
  await openView(page, 'forward');
  await page.locator(`.view-forward input${hook('W', 2, 1, 2)}`).click();
  await expect(page.locator('.check-target')).toHaveText('Check your value of ∂J/∂W₁₂⁽²⁾');
  await expect(page.locator('[data-key="check-q"]')).toHaveValue('dW');
  await page.locator(`.view-forward input${hook('x', 1, 2)}`).click();
  await expect(page.locator('.check-target')).toHaveText('Check your value of a₂⁽¹⁾');
  await page.locator(`.view-forward input${hook('y', 3, 1)}`).click();
  await expect(page.locator('.check-target')).toHaveText('Check your value of δ₁⁽³⁾');
  await page.locator(`.view-forward td${hook('a', 3, 2)}`).first().click();
  await expect(page.locator('.check-target')).toHaveText('Check your value of a₂⁽³⁾');
});

test('the pickers choose any z, a, δ, ∂J/∂W or ∂J/∂b; the hint for δ names the recursion', async ({ page }) => {
  await openPage(page);
  await openView(page, 'backward');
  await page.locator('[data-key="check-q"]').selectOption('delta');
  await page.locator('[data-key="check-layer"]').selectOption('2');
  await page.locator('[data-key="check-row"]').selectOption('1');
  await expect(page.locator('.check-target')).toHaveText('Check your value of δ₁⁽²⁾');
  // Choosing a quantity in the pickers selects it on the page (the old page did not).
  await expect(page.locator(`.view-backward td${hook('delta', 2, 1)}`).first()).toHaveClass(/\bsel\b/);
  await expect(page.locator(`.view-backward td${hook('delta', 2, 2)}`).first()).not.toHaveClass(/\bsel\b/);
  await expect(page.locator('.selected-name')).toContainText('δ₁⁽²⁾');
  await expect(page.locator('[data-key="check-q"]')).toHaveValue('delta');
  await expect(page.locator('[data-key="check-layer"]')).toHaveValue('2');
  await expect(page.locator('[data-key="check-row"]')).toHaveValue('1');
  const delta = await valueOf(page, 'delta', 2, 1);
  const fp = await valueOf(page, 'fprime', 2, 1);
  await check(page, delta.toPrecision(5));
  await expect(result(page)).toHaveAttribute('data-verdict', 'agree');
  // Forgot f'(z): the sum alone.
  await check(page, (delta / fp).toPrecision(4));
  expect((await result(page).getAttribute('data-slips')).split(' ')).toContain('no-fprime');
  await expect(result(page)).toContainText('f′(z₁⁽²⁾)');
  await expect(result(page).locator('[data-ingredient="W:2:2:1"]')).toContainText('W₂₁⁽²⁾'); // column 1 of W^(2)

  // z: forgetting the bias.
  await page.locator('[data-key="check-q"]').selectOption('z');
  await page.locator('[data-key="check-layer"]').selectOption('3');
  await page.locator('[data-key="check-row"]').selectOption('2');
  await expect(page.locator('.check-target')).toHaveText('Check your value of z₂⁽³⁾');
  await openView(page, 'forward');
  await expect(page.locator(`.view-forward td${hook('z', 3, 2)}`).first()).toHaveClass(/\bsel\b/);
  const z = await valueOf(page, 'z', 3, 2);
  await check(page, (z - 0.6).toPrecision(4));
  expect((await result(page).getAttribute('data-slips')).split(' ')).toContain('no-bias');

  // ∂J/∂b: right at 3 digits.
  await page.locator('[data-key="check-q"]').selectOption('db');
  await page.locator('[data-key="check-layer"]').selectOption('1');
  await page.locator('[data-key="check-row"]').selectOption('2');
  await expect(page.locator('.check-target')).toHaveText('Check your value of ∂J/∂b₂⁽¹⁾');
  await openView(page, 'gradients');
  await expect(page.locator(`.view-gradients td${hook('db', 1, 2)}`).first()).toHaveClass(/\bsel\b/);
  await check(page, (await valueOf(page, 'db', 1, 2)).toPrecision(3));
  await expect(result(page)).toHaveAttribute('data-verdict', 'agree');
  await page.locator('.check-box').screenshot({ path: `${ARTIFACTS}checkanswer.png` });
});

test('with a planted bug the answer is checked against the correct pass', async ({ page }) => {
  await openPage(page);
  const right = await valueOf(page, 'delta', 2, 1);
  await openView(page, 'gradcheck');
  await page.locator('[data-key="planted-bug"]').selectOption('forget-fprime');
  await expect(page.locator(`.view-backward td${hook('delta', 2, 1)}`).first()).not.toHaveAttribute('data-value', String(right));
  const shown = await valueOf(page, 'delta', 2, 1);
  expect(shown).not.toBeCloseTo(right, 6);
  await openView(page, 'backward');
  await page.locator(`.view-backward td${hook('delta', 2, 1)}`).first().click();
  await expect(page.locator('.check-target')).toHaveText('Check your value of δ₁⁽²⁾');
  await check(page, right.toPrecision(4));
  await expect(result(page)).toHaveAttribute('data-verdict', 'agree');
  await expect(result(page)).toContainText('checked against the correct pass');
  await check(page, shown.toPrecision(4));
  await expect(result(page)).toHaveAttribute('data-verdict', 'disagree');
  expect((await result(page).getAttribute('data-slips')).split(' ')).toContain('no-fprime');
});

test('a batch: ∂J/∂W is the mean over the examples, and summing is a slip', async ({ page }) => {
  await openPage(page);
  await loadDocument(page, {
    layers: [2, 2, 1], activations: 'sigmoid', loss: 'mse',
    weights: [[[0.5, -0.4], [0.3, 0.8]], [[0.7, -0.6]]], biases: [[0.1, -0.1], [0.2]],
    input: [[0, 0], [0, 1], [1, 0], [1, 1]], target: [[0], [1], [1], [0]], seed: 2,
  });
  await page.locator('[data-key="check-q"]').selectOption('dW');
  await page.locator('[data-key="check-layer"]').selectOption('2');
  await expect(page.locator('.check-target')).toHaveText('Check your value of ∂J/∂W₁₁⁽²⁾');
  const g = await valueOf(page, 'dW', 2, 1, 1);
  await check(page, g.toPrecision(4));
  await expect(result(page)).toHaveAttribute('data-verdict', 'agree');
  await check(page, (4 * g).toPrecision(4));
  expect((await result(page).getAttribute('data-slips')).split(' ')).toContain('no-mean');
});
