// The presets (the Instructor view's list) show every preset of web/teach/presets.js with its
// title and description; loading one replaces the network (its numbers exactly) and moves
// none of the buttons, and Undo brings the previous network back.
import { test, expect } from '@playwright/test';
import { openPage, openView, readAll, hook } from './helpers.js';
import { PRESETS } from '../../web/teach/presets.js';

const list = (page) => page.locator('section.view-instructor .preset-list');

async function loadPreset(page, name) {
  await openView(page, 'instructor');
  await page.locator(`[data-key="preset:${name}"]`).click();
}

test('the Instructor view lists every preset with its title and description', async ({ page }) => {
  await openPage(page);
  await openView(page, 'instructor');
  await expect(list(page).locator('.preset')).toHaveCount(PRESETS.length);
  for (const p of PRESETS) {
    const item = list(page).locator('.preset').filter({ has: page.locator(`[data-preset="${p.name}"]`) });
    await expect(item.locator('button')).toHaveText(p.title);
    await expect(item.locator(`[data-key="preset:${p.name}"]`)).toBeVisible();
    await expect(item.locator('.preset-description')).toHaveText(p.description);
    // The description is the button's accessible description.
    await expect(item.locator('button')).toHaveAccessibleDescription(p.description);
  }
});

test('loading a preset moves none of the preset buttons', async ({ page }) => {
  await openPage(page);
  await openView(page, 'instructor');
  // the Instructor view is loaded when first opened (extras.js): wait for its presets
  await expect(page.locator('section.view-instructor [data-key^="preset:"]').first()).toBeVisible();
  const boxes = () => page.$$eval('section.view-instructor [data-key^="preset:"]', (els) => els.map((el) => {
    const r = el.getBoundingClientRect();
    return { key: el.dataset.key, x: r.x, y: r.y, width: r.width, height: r.height };
  }));
  const before = await boxes();
  expect(before.length).toBe(PRESETS.length);
  // One after another, including a batch and a larger network: the buttons stay put, so the
  // next click lands where the learner aims.
  for (const name of [PRESETS[0].name, 'xor-221', 'tanh-232', PRESETS[PRESETS.length - 1].name]) {
    const scrollY = await page.evaluate(() => window.scrollY);
    await page.locator(`[data-key="preset:${name}"]`).click();
    await expect(page.locator('.banner .note')).toContainText(PRESETS.find((p) => p.name === name).title);
    await expect(page.locator('[data-key="lesson-status"]')).toContainText('Loaded the preset');
    expect(await page.evaluate(() => window.scrollY), `the page did not scroll when loading ${name}`).toBe(scrollY);
    expect(await boxes(), `after loading ${name}`).toEqual(before);
  }
});

for (const p of PRESETS) {
  test(`preset “${p.title}” loads its document, and Undo restores the network before it`, async ({ page }) => {
    await openPage(page);
    const before = await readAll(page);
    await loadPreset(page, p.name);
    const doc = p.document;
    // The structure and every weight given by the preset (missing ones come from the seed).
    const L = doc.layers.length;
    await expect(page.locator('.layer-card')).toHaveCount(L);
    for (let l = 1; l <= L; l += 1) {
      await expect(page.locator('.layer-card').nth(l - 1)).toContainText(`${doc.layers[l - 1]} unit`);
    }
    if (doc.weights) {
      for (let l = 1; l < L; l += 1) {
        for (let i = 1; i <= doc.layers[l]; i += 1) {
          for (let j = 1; j <= doc.layers[l - 1]; j += 1) {
            await expect(page.locator(`input${hook('W', l, i, j)}`)).toHaveAttribute('data-value', String(doc.weights[l - 1][i - 1][j - 1]));
          }
        }
      }
    }
    const batch = Array.isArray(doc.input[0]);
    if (batch) await expect(page.locator('.tabs-status .example-bar.in-bar')).toContainText(`of m = ${doc.input.length}`);
    else await expect(page.locator('.tabs-status .example-bar')).toHaveCount(0);
    // Its description is in the banner: it says what to look at.
    await expect(page.locator('.banner .note')).toContainText(p.title);
    await expect(page.locator('.banner .note')).toContainText(p.description);
    // The JSON the page exports is the preset's document, filled in by the engine.
    const exported = await page.evaluate(() => window.backpropSandbox.getDocument());
    expect(exported.layers).toEqual(doc.layers);
    // The inputs are the preset's (generated data sets agree to rounding: Math.sin and
    // Math.log of Node's V8 and of Chromium's may differ in the last bit).
    const flat = (x) => [x].flat(2);
    expect(flat(exported.input).length).toBe(flat(doc.input).length);
    flat(exported.input).forEach((x, k) => expect(Math.abs(x - flat(doc.input)[k])).toBeLessThanOrEqual(1e-12));

    await expect(page.locator('[data-key="undo-all"]')).toHaveAccessibleName('Undo');
    await page.locator('[data-key="undo-all"]').click();
    expect(await readAll(page)).toEqual(before);
  });
}

test('the dead ReLU unit of its preset: zero gradients, and why', async ({ page }) => {
  await openPage(page);
  await loadPreset(page, 'relu-dead-unit');
  const all = await readAll(page);
  const v = (q, l, i, j) => all.find((x) => x.q === q && x.layer === l && x.row === i && (j === undefined || x.col === j)).value;
  expect(v('dW', 1, 2, 1)).toBe(0);
  expect(v('dW', 1, 2, 2)).toBe(0);
  expect(v('db', 1, 2)).toBe(0);
  expect(v('dW', 2, 1, 2)).toBe(0);
  expect(v('fprime', 2, 2)).toBe(0);
  await expect(page.locator('.banner .note')).toContainText('dead');
});
