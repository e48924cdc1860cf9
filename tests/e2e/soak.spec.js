// The long-session soak, shortened for `npm test`: 2,000 edit + pass cycles and a
// 20,000-epoch training run in Chromium. The JS heap and the WebAssembly heap stay flat
// (asserted, with a margin), the DOM does not grow, no result refers to WASM memory. The time
// per cycle of the first and last thousand cycles is printed, not asserted (a shared machine
// varies too much for that). `npm run soak` runs the full 100,000 + 100,000 (scripts/soak.mjs).
import { test, expect } from '@playwright/test';
import { openPage } from './helpers.js';
import { wasmMemoryProbe, editCycles, trainingRun, growth } from '../soak/soak.js';

const MB = 1048576;

test('2,000 edit + pass cycles and 20,000 epochs of training: heaps flat, no detached views', async ({ page }) => {
  test.setTimeout(600_000); // ~70 s on a quiet 2-core machine; much more while it is shared
  await page.addInitScript(wasmMemoryProbe);
  await openPage(page);
  const cdp = await page.context().newCDPSession(page);
  const log = (line) => console.log(`soak:${line}`);

  const edits = await editCycles(page, cdp, { cycles: 2000, batch: 250, samples: 4, log });
  const js = growth(edits.series, 'jsHeap');
  const wasm = growth(edits.series, 'wasmHeap');
  const dom = growth(edits.series, 'domNodes');
  console.log(`soak: edits: JS heap ${(js.start / MB).toFixed(2)} -> ${(js.end / MB).toFixed(2)} MB, WASM heap ${(wasm.start / MB).toFixed(2)} -> ${(wasm.end / MB).toFixed(2)} MB, ` +
    `DOM ${dom.start} -> ${dom.end} nodes; ms per cycle: first ${edits.msPerCycle.first.toFixed(3)}, last ${edits.msPerCycle.last.toFixed(3)} (ratio ${edits.msPerCycle.ratio.toFixed(2)})`);
  expect(wasm.max - wasm.start, 'WASM heap growth').toBeLessThanOrEqual(1 * MB);
  expect(js.end - js.start, 'JS heap growth').toBeLessThan(3 * MB);
  expect(Math.abs(dom.end - dom.start), 'DOM nodes').toBeLessThanOrEqual(20);
  expect(edits.views).toEqual({ found: [], keptIntact: true });

  const training = await trainingRun(page, cdp, { epochs: 20_000, log });
  const tjs = growth(training.series, 'jsHeap');
  const twasm = growth(training.series, 'wasmHeap');
  console.log(`soak: training: ${training.epochs} epochs in ${training.seconds.toFixed(1)} s; JS heap ${(tjs.start / MB).toFixed(2)} -> ${(tjs.end / MB).toFixed(2)} MB, ` +
    `WASM heap ${(twasm.start / MB).toFixed(2)} -> ${(twasm.end / MB).toFixed(2)} MB; epochs/s first ${training.epochsPerSecond.first.toFixed(0)}, last ${training.epochsPerSecond.last.toFixed(0)}`);
  expect(training.epochs).toBeGreaterThanOrEqual(20_000);
  expect(twasm.max - twasm.start, 'WASM heap growth while training').toBeLessThanOrEqual(1 * MB);
  expect(tjs.end - tjs.start, 'JS heap growth while training').toBeLessThan(3 * MB);
  // The page still gives a finite pass and answers an edit.
  expect(await page.evaluate(() => Number.isFinite(window.backpropSandbox.state.result.loss))).toBe(true);
});
