// The time from an edit to the repainted page, in Chromium, for the default network and a
// 6-layer, 8-unit one. Written to tests/e2e/artifacts/timings.json and printed.
import { test, expect } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { openPage, loadDocument, sixByEight, ARTIFACTS } from './helpers.js';

/**
 * Per edit: t0 before the input event; `sync` when its handler (engine pass + DOM update)
 * returns; `frame` at the next requestAnimationFrame (style/layout/paint come right after);
 * `painted` in a task queued from that frame, i.e. after the frame was rendered.
 */
function measure(count) {
  const field = document.querySelector('input[data-quantity="W"][data-layer="1"][data-row="1"][data-col="1"]');
  const median = (xs) => { const s = [...xs].sort((p, q) => p - q); return s[Math.floor(s.length / 2)]; };
  const p95 = (xs) => { const s = [...xs].sort((p, q) => p - q); return s[Math.floor(s.length * 0.95)]; };
  return (async () => {
    const sync = []; const frame = []; const painted = [];
    for (let k = 0; k < count; k += 1) {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))); // start on a quiet frame
      field.value = String(0.1 + 0.01 * (k % 20));
      const t0 = performance.now();
      field.dispatchEvent(new Event('input', { bubbles: true }));
      sync.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => { frame.push(performance.now() - t0); setTimeout(() => { painted.push(performance.now() - t0); r(); }, 0); }));
    }
    return {
      edits: count,
      syncMedianMs: median(sync), syncP95Ms: p95(sync),
      frameMedianMs: median(frame),
      paintedMedianMs: median(painted), paintedP95Ms: p95(painted),
    };
  })();
}

test('edit-to-repaint time, default network and 6 layers × 8 units', async ({ page }) => {
  test.setTimeout(120_000);
  await openPage(page);
  const small = await page.evaluate(measure, 60);
  await loadDocument(page, sixByEight());
  const large = await page.evaluate(measure, 60);
  const report = { chromium: await page.evaluate(() => navigator.userAgent), default222: small, sixLayersEightUnits: large };
  writeFileSync(`${ARTIFACTS}timings.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`edit-to-repaint (median, ms): default ${small.paintedMedianMs.toFixed(1)} (handler ${small.syncMedianMs.toFixed(2)}), 6×8 ${large.paintedMedianMs.toFixed(1)} (handler ${large.syncMedianMs.toFixed(2)})`);
  // Interactive, with room for a slow shared machine.
  expect(small.paintedMedianMs).toBeLessThan(250);
  expect(large.paintedMedianMs).toBeLessThan(500);
});
