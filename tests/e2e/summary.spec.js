// A network too large to draw legibly (summarised rather than freezing
// the tab): 784-128-10 from a script or a share link is summarised in a few hundred DOM
// nodes instead of 1.5 million, every statistic agrees with the pass's own numbers, the
// gradient step and undo work, and a small network brings the full page back.
import { test, expect } from '@playwright/test';
import { openPage, openView, hook, barJ } from './helpers.js';

/** The views drawn number by number: summarised, their content is not built. */
const CELL_VIEWS = ['network', 'forward', 'backward', 'gradients', 'gradcheck'];

const MNIST_SIZED = {
  layers: [784, 128, 10],
  activations: ['sigmoid', 'softmax'],
  loss: 'cross-entropy',
  input: Array.from({ length: 784 }, (_, k) => ((k * 37) % 256) / 255),
  target: Array.from({ length: 10 }, (_, k) => (k === 3 ? 1 : 0)),
  learningRate: 0.1,
  seed: 5,
};

/** min, max, mean and Euclidean norm, worked here from the numbers themselves. */
function expectedStats(values) {
  const flat = values.flat();
  const sum = flat.reduce((s, x) => s + x, 0);
  return {
    min: Math.min(...flat),
    max: Math.max(...flat),
    mean: sum / flat.length,
    norm: Math.sqrt(flat.reduce((s, x) => s + x * x, 0)),
  };
}

/** The statistics the summary shows for one quantity, at full precision (data-value). */
async function shownStats(page, q, layer) {
  return page.evaluate(([quantity, l]) => {
    const row = document.querySelector(`.main .summary tr[data-summary="${quantity}"][data-layer="${l}"]`);
    if (!row) return null;
    return Object.fromEntries(Array.from(row.querySelectorAll('td[data-stat]'), (td) => [td.dataset.stat, Number(td.dataset.value)]));
  }, [q, layer]);
}

function expectClose(shown, expected, what) {
  for (const k of ['min', 'max', 'mean', 'norm']) {
    const tol = 1e-12 * Math.max(1, Math.abs(expected[k]));
    expect(Math.abs(shown[k] - expected[k]), `${k} of ${what}: ${shown[k]} vs ${expected[k]}`).toBeLessThanOrEqual(tol);
  }
}

/** Loads the 784-128-10 network (with `view` open) and checks that it is summarised, not drawn. */
async function loadSummarised(page, view = 'network') {
  await openPage(page);
  if (view !== 'network') await openView(page, view);
  const ok = await page.evaluate((d) => window.backpropSandbox.setDocument(d).ok, MNIST_SIZED);
  expect(ok).toBe(true);
  await expect(page.locator('.main .summary')).toBeVisible();
  await expect(page.locator('.main .summary .summary-intro')).toContainText('784-128-10: 101,632 weights');
  // None of the cell views is built (no content at all), and no field per weight, no unit.
  for (const name of CELL_VIEWS) {
    await expect(page.locator(`section.view-${name}`)).toHaveCount(1);
    await expect(page.locator(`section.view-${name} *`), `${name} view`).toHaveCount(0);
  }
  expect(await page.locator('input.field[data-quantity="W"]').count()).toBe(0);
  expect(await page.locator('g.unit').count()).toBe(0);
  // The page says that the network is summarised (the skip links it replaced are gone).
  await expect(page.locator('.too-large')).toBeVisible();
  await expect(page.locator('.too-large')).toContainText('784-128-10 is too large to draw number by number: its pass is summarised');
}

test('784-128-10: summarised in fewer than 2000 DOM elements', async ({ page }) => {
  await loadSummarised(page);
  expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(2000);
});

test('784-128-10 loaded with the Network view open: the tab does not freeze', async ({ page }) => {
  await loadSummarised(page);
  // Let the frames after the edit run, then the page must answer at once.
  await page.waitForTimeout(1000);
  for (let k = 0; k < 3; k += 1) {
    const t0 = Date.now();
    await page.evaluate(() => new Promise((done) => { requestAnimationFrame(() => setTimeout(done, 0)); }));
    expect(Date.now() - t0, 'a frame of the summarised page').toBeLessThan(5000);
    await page.waitForTimeout(500);
  }
});

test('784-128-10 with the Training view open: the gradient step keeps the page small and answering', async ({ page }) => {
  await loadSummarised(page, 'training');
  const t0 = Date.now();
  await page.locator('.bar [data-key="step"]').click();
  await expect(page.locator('section.view-training .step-summary')).toContainText('Step 1 with α = 0.1');
  expect(Date.now() - t0, 'the step, summarised').toBeLessThan(5000);
  expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(2000);
});

test('784-128-10: summarised, not drawn; every statistic agrees with the pass; the gradient step and undo work', async ({ page }) => {
  // With the Forward view open (the Network and Training views: the tests above).
  await loadSummarised(page, 'forward');

  const check = async () => {
    const { doc, result } = await page.evaluate(() => ({ doc: window.backpropSandbox.getDocument(), result: window.backpropSandbox.state.result }));
    expectClose(await shownStats(page, 'W', 1), expectedStats(doc.weights[0]), 'W^(1)');
    expectClose(await shownStats(page, 'b', 2), expectedStats(doc.biases[1]), 'b^(2)');
    expectClose(await shownStats(page, 'dW', 1), expectedStats(result.gradients[0].W), 'dJ/dW^(1)');
    expectClose(await shownStats(page, 'delta', 3), expectedStats(result.layers[2].delta), 'delta^(3)');
    expectClose(await shownStats(page, 'a', 3), expectedStats(result.layers[2].a), 'a^(3)');
    // softmax: a^(3) sums to 1, so its mean is exactly 1/10 up to rounding
    expect(Math.abs((await shownStats(page, 'a', 3)).mean - 0.1)).toBeLessThan(1e-15);
    return result.loss;
  };
  const J0 = await check();
  await expect(barJ(page)).toHaveAttribute('data-value', String(J0));

  // The gradient step: the parameters move, J goes down for this small α, the summary follows.
  await page.locator('[data-key="step"]').click();
  const J1 = await page.evaluate(() => window.backpropSandbox.state.result.loss);
  expect(J1).toBeLessThan(J0);
  await check();

  // Undo goes back to the network before the step; a second undo to the default network,
  // drawn in full again.
  await page.locator('.bar [data-key="undo-all"]').click();
  await expect(barJ(page)).toHaveAttribute('data-value', String(J0));
  await check();
  await page.locator('.bar [data-key="undo-all"]').click();
  await openView(page, 'network');
  await expect(page.locator('section.view-network svg.net')).toBeVisible();
  await expect(page.locator('section.view-network svg.net g.unit')).toHaveCount(6);
  await expect(page.locator('.main .summary')).toBeHidden();
  await expect(page.locator('.too-large')).toBeHidden();
  await page.screenshot({ path: 'tests/e2e/artifacts/summary-after-undo.png' });
  // Every cell view is built again: the Forward view's fields are back.
  await openView(page, 'forward');
  await expect(page.locator(`section.view-forward input${hook('W', 1, 1, 1)}`)).toBeVisible();
});

test('a share link to a 784-128-10 network opens summarised', async ({ page }) => {
  const json = JSON.stringify(MNIST_SIZED);
  const fragment = Buffer.from(json).toString('base64url');
  await page.goto(`${process.env.BP_E2E_BASE_URL}#doc=${fragment}`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('.main .summary')).toBeVisible();
  await expect(page.locator('.main .summary .summary-intro')).toContainText('784-128-10');
  await expect(page.locator('.too-large')).toContainText('summarised');
  expect(await page.locator('input.field[data-quantity="W"]').count()).toBe(0);
  await page.screenshot({ path: 'tests/e2e/artifacts/summary-784-128-10.png' });
});
