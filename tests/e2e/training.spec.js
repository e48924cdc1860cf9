// Training (the Training view): XOR 2-2-1 learns (J below 0.01 within a fixed number of
// epochs), the loss curve reads out under the pointer, the heatmap is drawn, divergence stops
// training with the engine's message, CSV data is checked, and with a batch every displayed
// per-example cell is delta_i a_j while dJ/dW is their mean (the example shown is chosen in
// the bar). Also measures the training speed in Chromium (written to
// tests/e2e/artifacts/training-speed.json; not asserted).
import { test, expect } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { openPage, openView, readAll, hook, barJ, ARTIFACTS } from './helpers.js';

const J = (page) => barJ(page);
const exampleBar = (page) => page.locator('.tabs-status .example-bar.in-bar');

/** Loads a preset from the Instructor view, then opens the Training view. */
async function loadPreset(page, name) {
  await openView(page, 'instructor');
  await page.locator(`[data-key="preset:${name}"]`).click();
  await openView(page, 'training');
}

/** Shows example e of the batch: the field beside the tabs, or (under 760 px) the settings menu's. */
async function showExample(page, e) {
  if (await exampleBar(page).isVisible()) {
    await page.locator('[data-key="example"]').fill(String(e));
    await page.locator('[data-key="example"]').press('Enter');
    await expect(page.locator('[data-key="example"]')).toHaveValue(String(e));
  } else {
    await page.locator('summary[data-key="settings"]').click();
    await page.locator('[data-key="example-menu"]').fill(String(e));
    await page.locator('[data-key="example-menu"]').press('Enter');
    await expect(page.locator('[data-key="example-menu"]')).toHaveValue(String(e));
    await page.keyboard.press('Escape');
  }
}

test('XOR 2-2-1 (preset, fixed seed): full-batch training gets J below 0.01 within 5000 epochs', async ({ page }) => {
  await openPage(page);
  await loadPreset(page, 'xor-221');
  await expect(exampleBar(page)).toContainText('of m = 4');
  const J0 = Number(await J(page).getAttribute('data-value'));
  expect(J0).toBeGreaterThan(0.1);

  await page.locator('[data-key="stop-at"]').fill('5000');
  await page.locator('[data-key="train-speed"]').selectOption('100');
  await page.locator('[data-key="train-play"]').click();
  const status = page.locator('[data-key="train-status"]');
  await expect(status).toHaveAttribute('data-running', 'false', { timeout: 30_000 });
  await expect(status).toHaveAttribute('data-epoch', '5000');
  const J1 = Number(await J(page).getAttribute('data-value'));
  expect(J1).toBeLessThan(0.01);
  // Every copy of J on the page agrees (the bar, the diagram, the loss table).
  const Js = (await readAll(page)).filter((v) => v.q === 'J').map((v) => v.value);
  expect(new Set(Js).size).toBe(1);

  // The loss curve: the value under the pointer.
  const curve = page.locator('[data-key="loss-curve"]');
  await curve.scrollIntoViewIfNeeded();
  const box = await curve.boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  const readout = page.locator('.curve-readout').first();
  await expect(readout).toContainText(/epoch [\d,]+: J = /);
  const e = Number(await readout.getAttribute('data-epoch'));
  expect(e).toBeGreaterThan(1000);
  expect(e).toBeLessThan(5000);
  // The keyboard moves the same cursor.
  await curve.focus();
  await page.keyboard.press('End');
  await expect(readout).toHaveAttribute('data-epoch', '4999');
  expect(Number(await readout.getAttribute('data-value'))).toBeLessThan(0.01);

  // The heatmap of the 2-input network is drawn, with the data on it.
  await expect(page.locator('canvas.heatmap')).toBeVisible();
  await expect(page.locator('.heat-caption')).toContainText('dots: the data');

  // Training was one edit: Undo (in the bar) brings back the untrained network.
  await expect(page.locator('[data-key="undo-all"]')).toHaveAccessibleName('Undo');
  await page.locator('[data-key="undo-all"]').click();
  await expect(J(page)).toHaveAttribute('data-value', String(J0));
});

test('one epoch at a time, pause and play, and divergence stops with the engine message', async ({ page }) => {
  await openPage(page);
  await loadPreset(page, 'xor-221');
  const J0 = Number(await J(page).getAttribute('data-value'));
  await page.locator('[data-key="train-step"]').click();
  await expect(page.locator('[data-key="train-status"]')).toHaveAttribute('data-epoch', '1');
  const J1 = Number(await J(page).getAttribute('data-value'));
  expect(J1).not.toBe(J0);
  // Mini-batches of 2: an epoch is two steps, so it moves J differently from a full-batch one.
  await page.locator('[data-key="mini-batch"]').check();
  await page.locator('[data-key="batch-size"]').fill('2');
  await page.locator('[data-key="train-step"]').click();
  await expect(page.locator('[data-key="train-status"]')).toHaveAttribute('data-epoch', '2');
  const J2 = Number(await J(page).getAttribute('data-value'));
  expect(J2).not.toBe(J1);
  await page.locator('[data-key="full-batch"]').check();

  // Play, then pause: the page shows the live network's parameters.
  await page.locator('[data-key="train-play"]').click();
  await expect(page.locator('[data-key="train-play"]')).toHaveText(/Pause/);
  await page.waitForTimeout(600);
  await page.locator('[data-key="train-play"]').click();
  await expect(page.locator('[data-key="train-play"]')).toHaveText(/Train/);
  const epochs = Number(await page.locator('[data-key="train-status"]').getAttribute('data-epoch'));
  expect(epochs).toBeGreaterThan(1);

  // A linear network with a learning rate far too large: within a few epochs a step would
  // overflow; the engine refuses it, training stops and the message says why.
  await page.evaluate(() => window.backpropSandbox.setDocument({
    layers: [2, 2, 1], activations: 'linear', loss: 'mse', seed: 3, learningRate: 5,
    input: [[0, 0], [0, 1], [1, 0], [1, 1]], target: [[0], [1], [1], [0]],
  }));
  await page.locator('[data-key="train-play"]').click();
  await expect(page.locator('.train-message')).toContainText('Training stopped: trainEpochs() stopped');
  await expect(page.locator('.banner .error')).toContainText('Training stopped');
  await expect(page.locator('[data-key="train-play"]')).toHaveText(/Train/);
  // It stopped within the first frames (the engine says after how many epochs).
  expect(Number(await page.locator('[data-key="train-status"]').getAttribute('data-epoch'))).toBeLessThan(20);
});

test('a batch: each per-example cell is δ_i a_j of the example shown, ∂J/∂W their mean', async ({ page }) => {
  await openPage(page);
  await openView(page, 'training');
  await page.locator('[data-key="dataset"]').selectOption('xor');
  await page.locator('[data-key="use-dataset"]').click();
  await expect(exampleBar(page)).toContainText('of m = 4');
  await openView(page, 'gradients');
  await expect(page.locator('[data-block="gradient-1"]')).toContainText('means over the batch');

  const sums = new Map();
  for (let e = 1; e <= 4; e += 1) {
    await page.locator('[data-key="example"]').fill(String(e));
    await page.locator('[data-key="example"]').press('Enter');
    await expect(page.locator('.example-outer caption').first()).toContainText(`Example e = ${e} of 4`);
    await expect(page.locator('[data-key="example-prev"]')).toBeEnabled({ enabled: e > 1 });
    await expect(page.locator('[data-key="example-next"]')).toBeEnabled({ enabled: e < 4 });
    const all = await readAll(page);
    // The fields show x and y of example e (XOR: the corners in order).
    const corner = [[0, 0], [0, 1], [1, 0], [1, 1]][e - 1];
    await expect(page.locator(`input${hook('x', 1, 1)}`)).toHaveAttribute('data-value', String(corner[0]));
    await expect(page.locator(`input${hook('x', 1, 2)}`)).toHaveAttribute('data-value', String(corner[1]));
    await expect(page.locator(`input${hook('y', 3, 1)}`)).toHaveAttribute('data-value', String(corner[0] ^ corner[1]));
    const first = (q, layer, row) => all.find((v) => v.q === q && v.layer === layer && v.row === row);
    const cells = all.filter((v) => v.q === 'dWe');
    expect(cells.length).toBe(2 * 2 + 1 * 2); // W^(1) 2×2, W^(2) 1×2
    for (const c of cells) {
      const expected = first('delta', c.layer + 1, c.row).value * first('a', c.layer, c.col).value;
      expect(Math.abs(c.value - expected)).toBeLessThanOrEqual(1e-15 + 1e-12 * Math.abs(expected));
      const k = `${c.layer}:${c.row}:${c.col}`;
      sums.set(k, (sums.get(k) ?? 0) + c.value);
    }
    for (const c of all.filter((v) => v.q === 'dbe')) {
      expect(c.value).toBe(first('delta', c.layer + 1, c.row).value);
    }
  }
  const all = await readAll(page);
  for (const [k, sum] of sums) {
    const [l, i, j] = k.split(':').map(Number);
    const mean = all.find((v) => v.q === 'dW' && v.layer === l && v.row === i && v.col === j).value;
    expect(Math.abs(mean - sum / 4), `∂J/∂W_${i}${j}^(${l}) is the mean of the 4 products`).toBeLessThanOrEqual(1e-12 * Math.max(1e-3, Math.abs(mean)));
  }
  // The explanation says so too.
  await page.locator(`.view-gradients td${hook('dW', 1, 1, 1)}`).click();
  await expect(page.locator('.selected-name')).toContainText('∂J/∂W₁₁⁽¹⁾');
  await expect(page.locator('.explain')).toContainText('mean over the m = 4 examples');
  // The bar's arrows move between the examples too.
  await page.locator('[data-key="example-prev"]').click();
  await expect(page.locator('[data-key="example"]')).toHaveValue('3');
  await expect(page.locator('.example-outer caption').first()).toContainText('Example e = 3 of 4');
  await page.locator('[data-key="example-next"]').click();
  await expect(page.locator('[data-key="example"]')).toHaveValue('4');
});

test('CSV: a bad one is refused with its line and column and changes nothing; a good one is used', async ({ page }) => {
  await openPage(page);
  await openView(page, 'training');
  const before = await readAll(page);
  await page.locator('details.csv > summary').click();
  await page.locator('[data-key="csv-inputs"]').fill('2');
  await page.locator('[data-key="csv-text"]').fill('x1,x2,y\n0,0,0\n0,abc,1\n1,0,1\n');
  await page.locator('[data-key="use-csv"]').click();
  await expect(page.locator('.csv-message')).toContainText('line 3, column 2');
  await expect(page.locator('.csv-message')).toContainText('The network is unchanged');
  expect(await readAll(page)).toEqual(before);

  await page.locator('[data-key="csv-text"]').fill('0,0,0\n0,1,1\n1,0,1\n1,1,0\n0.5,0.5,1\n');
  await page.locator('[data-key="use-csv"]').click();
  await expect(page.locator('.csv-message')).toBeHidden();
  await expect(exampleBar(page)).toContainText('of m = 5');
  // The output layer took the 1 target column (the structure, in the Instructor view).
  await openView(page, 'instructor');
  await expect(page.locator('.layer-card').last()).toContainText('1 unit');
});

test('generated data sets: circles from a seed, 1-D regression with a fitted curve', async ({ page }) => {
  await openPage(page);
  await openView(page, 'training');
  await page.locator('[data-key="dataset"]').selectOption('circles');
  await page.locator('[data-key="data-seed"]').fill('7');
  await page.locator('[data-key="data-count"]').fill('60');
  await page.locator('[data-key="use-dataset"]').click();
  await expect(exampleBar(page)).toContainText('of m = 60');
  await page.locator('canvas.heatmap').scrollIntoViewIfNeeded(); // drawn when on screen
  await expect(page.locator('.heat-caption')).toContainText('dots: the data');
  await page.locator('[data-key="dataset"]').selectOption('regression');
  await page.locator('[data-key="use-dataset"]').click();
  await expect(page.locator('.banner')).toContainText('output layer is now linear');
  await expect(page.locator('.heat-caption')).toContainText('One input');
});

test('training speed in Chromium: XOR 2-2-1, as many epochs as fit in a frame', async ({ page }) => {
  test.setTimeout(60_000);
  await openPage(page);
  await loadPreset(page, 'xor-221');
  await page.locator('section.view-training').scrollIntoViewIfNeeded();
  // Long tasks (> 50 ms) and frame-to-frame times, observed in the page while training.
  await page.evaluate(() => {
    window.__long = [];
    window.__deltas = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask', buffered: false });
    let last = 0;
    const tick = (t) => { if (last) window.__deltas.push(t - last); last = t; if (!window.__stopTicks) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.locator('[data-key="train-speed"]').selectOption('max');
  await page.locator('[data-key="train-play"]').click();
  await page.waitForTimeout(4000);
  await page.locator('[data-key="train-play"]').click();
  const status = page.locator('[data-key="train-status"]');
  const read = async (name) => Number(await status.getAttribute(name));
  const page1 = await page.evaluate(() => { window.__stopTicks = true; const d = window.__deltas.slice(5); d.sort((a, b) => a - b); return { longTasks: window.__long, frames: d.length, medianDeltaMs: d[Math.floor(d.length / 2)], p95DeltaMs: d[Math.floor(d.length * 0.95)], maxDeltaMs: d[d.length - 1], over50: d.filter((x) => x > 50).length }; });
  const report = {
    chromium: await page.evaluate(() => navigator.userAgent),
    network: 'XOR 2-2-1 sigmoid, mse, 4 examples, full batch (1 epoch = 1 gradient step)',
    epochs: await read('data-epoch'),
    epochsPerSecond: Math.round(await read('data-epochs-per-second')),
    stepsPerSecond: Math.round(await read('data-epochs-per-second')),
    framesPerSecond: Number((await read('data-fps')).toFixed(1)),
    maxFrameWorkMs: Number((await read('data-max-frame-ms')).toFixed(2)),
    maxEngineMs: Number((await read('data-max-engine-ms')).toFixed(2)),
    maxPageUpdateMs: Number((await read('data-max-sync-ms')).toFixed(2)),
    maxPlotsMs: Number((await read('data-max-draw-ms')).toFixed(2)),
    rafDeltas: page1,
  };
  writeFileSync(`${ARTIFACTS}training-speed.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`training speed: ${report.stepsPerSecond.toLocaleString('en-US')} steps/s at ${report.framesPerSecond} frames/s; frame work max ${report.maxFrameWorkMs} ms; rAF delta median ${page1.medianDeltaMs?.toFixed(1)} ms, max ${page1.maxDeltaMs?.toFixed(1)} ms, ${page1.over50} over 50 ms; long tasks ${page1.longTasks.length}`);
  expect(report.epochs).toBeGreaterThan(0);
});

for (const width of [1280, 700]) {
  test(`${width} px: a trained XOR batch fits, no horizontal overflow; screenshots`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await openPage(page);
    await loadPreset(page, 'xor-221');
    await page.locator('[data-key="stop-at"]').fill('3000');
    await page.locator('[data-key="train-speed"]').selectOption('1000');
    await page.locator('[data-key="train-play"]').click();
    await expect(page.locator('[data-key="train-status"]')).toHaveAttribute('data-running', 'false', { timeout: 30_000 });
    // The example shown: beside the tabs at 1280 px, in the settings menu at 700 px.
    await expect(exampleBar(page)).toBeVisible({ visible: width >= 760 });
    await showExample(page, 2);
    await expect(page.locator('.example-outer caption').first()).toContainText('Example e = 2 of 4');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${ARTIFACTS}training-top-${width}.png` });
    await page.locator('section.view-training').scrollIntoViewIfNeeded();
    const box = await page.locator('section.view-training').boundingBox();
    await page.mouse.move(box.x + 40, box.y + 10);
    await page.locator('section.view-training').screenshot({ path: `${ARTIFACTS}training-panel-${width}.png` });
    await openView(page, 'gradients');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.locator('section.view-gradients').screenshot({ path: `${ARTIFACTS}batch-gradients-${width}.png` });
    await openView(page, 'instructor');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${ARTIFACTS}presets-menu-${width}.png` });
  });
}
