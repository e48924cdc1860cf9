// The presets menu lists every preset of web/teach/presets.js with its title and
// description; loading one replaces the network (its numbers exactly), and Undo brings the
// previous network back.
import { test, expect } from '@playwright/test';
import { openPage, readAll, hook } from './helpers.js';
import { PRESETS } from '../../web/teach/presets.js';

test('the menu lists every preset with its title and description', async ({ page }) => {
  await openPage(page);
  const menu = page.locator('details.presets-menu');
  await menu.locator('summary').click();
  await expect(menu.locator('.preset')).toHaveCount(PRESETS.length);
  for (const p of PRESETS) {
    const item = menu.locator('.preset').filter({ has: page.locator(`[data-preset="${p.name}"]`) });
    await expect(item.locator('button')).toHaveText(p.title);
    await expect(item.locator('.preset-description')).toHaveText(p.description);
  }
  await page.keyboard.press('Escape');
  await expect(menu).not.toHaveAttribute('open', '');
  // A click elsewhere closes it too; a click inside does not.
  await menu.locator('summary').click();
  await expect(menu).toHaveAttribute('open', '');
  await menu.locator('.hint').click();
  await expect(menu).toHaveAttribute('open', '');
  await page.locator('.page-header h1').click();
  await expect(menu).not.toHaveAttribute('open', '');
});

for (const p of PRESETS) {
  test(`preset “${p.title}” loads its document, and Undo restores the network before it`, async ({ page }) => {
    await openPage(page);
    const before = await readAll(page);
    await page.locator('summary[data-key="presets"]').click();
    await page.locator(`[data-key="preset:${p.name}"]`).click();
    const doc = p.document;
    // The structure and every weight given by the preset (missing ones come from the seed).
    const L = doc.layers.length;
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
    if (batch) await expect(page.locator('.tb-example')).toContainText(`of m = ${doc.input.length}`);
    else await expect(page.locator('.tb-example')).toBeHidden();
    // Its description is in the banner: it says what to look at.
    await expect(page.locator('.banner .note')).toContainText(p.title);
    // The JSON the page exports is the preset's document, filled in by the engine.
    const exported = await page.evaluate(() => window.backpropSandbox.getDocument());
    expect(exported.layers).toEqual(doc.layers);
    // The inputs are the preset's (generated data sets agree to rounding: Math.sin and
    // Math.log of Node's V8 and of Chromium's may differ in the last bit).
    const flat = (x) => [x].flat(2);
    expect(flat(exported.input).length).toBe(flat(doc.input).length);
    flat(exported.input).forEach((x, k) => expect(Math.abs(x - flat(doc.input)[k])).toBeLessThanOrEqual(1e-12));

    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    expect(await readAll(page)).toEqual(before);
  });
}

test('the dead ReLU unit of its preset: zero gradients, and why', async ({ page }) => {
  await openPage(page);
  await page.locator('summary[data-key="presets"]').click();
  await page.locator('[data-key="preset:relu-dead-unit"]').click();
  const all = await readAll(page);
  const v = (q, l, i, j) => all.find((x) => x.q === q && x.layer === l && x.row === i && (j === undefined || x.col === j)).value;
  expect(v('dW', 1, 2, 1)).toBe(0);
  expect(v('dW', 1, 2, 2)).toBe(0);
  expect(v('db', 1, 2)).toBe(0);
  expect(v('dW', 2, 1, 2)).toBe(0);
  expect(v('fprime', 2, 2)).toBe(0);
  await expect(page.locator('.banner .note')).toContainText('dead');
});
