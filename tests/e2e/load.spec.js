// The page loads and runs the default network, over http (what `npm start` serves) and
// opened from disk as file://, without console errors or any request off the machine.
import { test, expect } from '@playwright/test';
import { openPage, openView, watchProblems, hook, barJ, loadDocument, sixByEight } from './helpers.js';

for (const file of [false, true]) {
  test(`the page loads with no console errors ${file ? 'from dist/ as file://' : 'over http'}`, async ({ page }) => {
    const problems = watchProblems(page);
    await openPage(page, { file });
    // Already run: J in the bar, and every view (open or not) holds numbers.
    const J = barJ(page);
    await expect(J).toBeVisible();
    expect(Number(await J.getAttribute('data-value'))).toBeGreaterThan(0);
    await expect(page.locator(hook('dW', 1, 1, 1)).first()).toHaveAttribute('data-value', /\d/);
    // Some typeset equation shows (the views not open hold theirs hidden).
    await expect(page.locator('.katex:visible').first()).toBeVisible();
    // KaTeX's fonts come from dist/katex/fonts, not a CDN.
    await page.evaluate(() => document.fonts.ready);
    const fonts = await page.evaluate(() => Array.from(document.fonts).filter((f) => f.status === 'loaded').map((f) => f.family));
    expect(fonts.some((f) => f.includes('KaTeX'))).toBe(true);
    expect(problems).toEqual([]);
  });
}

test('J stays visible while the page scrolls', async ({ page }) => {
  await openPage(page);
  // A tall view: the Forward view of a 6-layer, 8-unit network is several screens high.
  await loadDocument(page, sixByEight());
  await openView(page, 'forward');
  await page.locator('section.view-forward [data-block="forward-3"]').scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 2000);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(800);
  await expect(barJ(page)).toBeInViewport();
});
