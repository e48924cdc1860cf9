// The page fits: 1280×800 and a 700 px wide frame without horizontal page overflow, large
// networks scroll inside their panels. Screenshots go to tests/e2e/artifacts/.
import { test, expect } from '@playwright/test';
import { openPage, loadDocument, sixByEight, renderEverything, fullPageScreenshot, ARTIFACTS } from './helpers.js';

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Elements whose boxes overlap a sibling's: none expected among the panels and blocks. */
const overlaps = (page) => page.evaluate(() => {
  const boxes = Array.from(document.querySelectorAll('.panel, .block, .toolbar')).map((el) => ({ el, r: el.getBoundingClientRect() }));
  const bad = [];
  for (let a = 0; a < boxes.length; a += 1) {
    for (let b = a + 1; b < boxes.length; b += 1) {
      const A = boxes[a]; const B = boxes[b];
      if (A.el.contains(B.el) || B.el.contains(A.el)) continue;
      if (A.el.classList.contains('toolbar') || B.el.classList.contains('toolbar')) continue; // sticky: overlaps by design while scrolling
      const x = Math.min(A.r.right, B.r.right) - Math.max(A.r.left, B.r.left);
      const y = Math.min(A.r.bottom, B.r.bottom) - Math.max(A.r.top, B.r.top);
      if (x > 1 && y > 1) bad.push(`${A.el.className} / ${B.el.className}`);
    }
  }
  return bad;
});

test('1280×800: no horizontal overflow, nothing overlaps; screenshots', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openPage(page);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  expect(await overlaps(page)).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}page-1280x800.png` });
  await page.screenshot({ path: `${ARTIFACTS}page-1280-full.png`, fullPage: true });
});

test('700 px wide: no horizontal overflow, nothing overlaps; screenshots', async ({ page }) => {
  await page.setViewportSize({ width: 700, height: 900 });
  await openPage(page);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  expect(await overlaps(page)).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}page-700.png` });
  await page.screenshot({ path: `${ARTIFACTS}page-700-full.png`, fullPage: true });
});

for (const width of [1280, 700]) {
  test(`a 6-layer, 8-unit network at ${width} px: drawn in full, scrolls inside its panels`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await openPage(page);
    await loadDocument(page, sixByEight());
    await expect(page.locator('svg.net g.unit')).toHaveCount(48);
    await expect(page.locator('svg.net g.edge')).toHaveCount(5 * 64);
    const restore = await renderEverything(page); // the geometry of the whole page at once
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await overlaps(page)).toEqual([]);
    await restore();
    // Text keeps its size: the unit values are at least 12 px.
    const size = await page.$eval('svg.net .unit-value', (el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(12);
    await page.screenshot({ path: `${ARTIFACTS}six-by-eight-${width}.png` });
    await fullPageScreenshot(page, `${ARTIFACTS}six-by-eight-${width}-full.png`);
  });
}
