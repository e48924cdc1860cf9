// The page fits: 1280×800 and a 700 px wide frame without horizontal page overflow, large
// networks scroll inside their views. Screenshots go to tests/e2e/artifacts/.
import { test, expect } from '@playwright/test';
import { openPage, openView, loadDocument, sixByEight, renderEverything, fullPageScreenshot, ARTIFACTS } from './helpers.js';

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * Elements whose boxes overlap another's: none expected among the bar, the tabs, the open
 * view, the explanation column and the visible blocks (checked at the top of the page, where
 * the sticky bar and explanation column are in their own places).
 */
const overlaps = (page) => page.evaluate(() => {
  const shown = (el) => el.getClientRects().length > 0 && el.checkVisibility();
  const boxes = Array.from(document.querySelectorAll('.bar, .tabs, section.view, .explain-column, .block'))
    .filter(shown)
    .map((el) => ({ el, r: el.getBoundingClientRect() }));
  const bad = [];
  for (let a = 0; a < boxes.length; a += 1) {
    for (let b = a + 1; b < boxes.length; b += 1) {
      const A = boxes[a]; const B = boxes[b];
      if (A.el.contains(B.el) || B.el.contains(A.el)) continue;
      const x = Math.min(A.r.right, B.r.right) - Math.max(A.r.left, B.r.left);
      const y = Math.min(A.r.bottom, B.r.bottom) - Math.max(A.r.top, B.r.top);
      if (x > 1 && y > 1) bad.push(`${A.el.className} / ${B.el.className}`);
    }
  }
  return { bad, count: boxes.length };
});

/** No overlaps, and the bar, the tabs, one open view and the explanation were all measured. */
async function expectNoOverlaps(page) {
  const { bad, count } = await overlaps(page);
  expect(bad).toEqual([]);
  expect(count).toBeGreaterThanOrEqual(4);
  await expect(page.locator('section.view:visible')).toHaveCount(1);
}

test('1280×800: no horizontal overflow, nothing overlaps; screenshots', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openPage(page);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await expectNoOverlaps(page);
  await page.screenshot({ path: `${ARTIFACTS}page-1280x800.png` });
  await page.screenshot({ path: `${ARTIFACTS}page-1280-full.png`, fullPage: true });
});

test('700 px wide: no horizontal overflow, nothing overlaps; screenshots', async ({ page }) => {
  await page.setViewportSize({ width: 700, height: 900 });
  await openPage(page);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await expectNoOverlaps(page);
  await page.screenshot({ path: `${ARTIFACTS}page-700.png` });
  await page.screenshot({ path: `${ARTIFACTS}page-700-full.png`, fullPage: true });
});

for (const width of [1280, 700]) {
  test(`a 6-layer, 8-unit network at ${width} px: drawn in full, scrolls inside its views`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await openPage(page);
    await loadDocument(page, sixByEight());
    const net = page.locator('section.view-network svg.net');
    await expect(net.locator('g.unit')).toHaveCount(48);
    await expect(net.locator('g.edge:not(.bias-edge)')).toHaveCount(5 * 64);
    await expect(net.locator('g.edge.bias-edge')).toHaveCount(5 * 8);
    // Every view of the large network fits the page's width and overlaps nothing.
    for (const view of ['network', 'forward', 'backward', 'gradients']) {
      await openView(page, view);
      const restore = await renderEverything(page); // the geometry of the whole view at once
      expect(await overflow(page), `${view} view`).toBeLessThanOrEqual(0);
      await expectNoOverlaps(page);
      await restore();
    }
    await openView(page, 'network');
    // Text keeps its size: the unit values are at least 12 px.
    const size = await page.$eval('section.view-network svg.net .unit-value', (el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(12);
    await page.screenshot({ path: `${ARTIFACTS}six-by-eight-${width}.png` });
    await fullPageScreenshot(page, `${ARTIFACTS}six-by-eight-${width}-full.png`);
  });
}
