// The page loads and runs the default network, over http (what `npm start` serves) and
// opened from disk as file://, without console errors or any request off the machine.
import { test, expect } from '@playwright/test';
import { openPage, watchProblems, hook } from './helpers.js';

for (const file of [false, true]) {
  test(`the page loads with no console errors ${file ? 'from dist/ as file://' : 'over http'}`, async ({ page }) => {
    const problems = watchProblems(page);
    await openPage(page, { file });
    // Already run: J and every panel show numbers.
    const J = page.locator(`.toolbar ${hook('J')}`);
    await expect(J).toBeVisible();
    expect(Number(await J.getAttribute('data-value'))).toBeGreaterThan(0);
    await expect(page.locator(hook('dW', 1, 1, 1)).first()).toHaveAttribute('data-value', /\d/);
    await expect(page.locator('.katex').first()).toBeVisible();
    // KaTeX's fonts come from dist/katex/fonts, not a CDN.
    await page.evaluate(() => document.fonts.ready);
    const fonts = await page.evaluate(() => Array.from(document.fonts).filter((f) => f.status === 'loaded').map((f) => f.family));
    expect(fonts.some((f) => f.includes('KaTeX'))).toBe(true);
    expect(problems).toEqual([]);
  });
}

test('J stays visible while the page scrolls', async ({ page }) => {
  await openPage(page);
  await page.locator('[data-block="gradient-2"]').scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 2000);
  await expect(page.locator(`.toolbar ${hook('J')}`)).toBeInViewport();
});
