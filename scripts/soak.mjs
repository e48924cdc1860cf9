// `npm run soak [cycles] [epochs]`: the long-session soak in Debian's Chromium,
// against dist/ (run `npm run build` first): 100,000 edit + pass cycles (a value typed into a
// weight field, the whole page redrawn) and a 100,000-epoch training run through the
// training panel. Prints the JS heap, the WebAssembly heap and the DOM size as it goes, and
// the time per cycle of the first and the last thousand cycles; writes
// test-results/soak.json. Fails (exit 1) if a heap or the DOM grows past its margin, a
// result refers to WASM memory, or a pass gives a non-finite J. The slowdown ratio is
// reported, not asserted. `npm test` runs a shortened form (tests/e2e/soak.spec.js).
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { serve } from './serve.mjs';
import { root, log } from './setup.mjs';
import { wasmMemoryProbe, editCycles, trainingRun, growth } from '../tests/soak/soak.js';

const cycles = Number(process.argv[2] ?? 100_000);
const epochs = Number(process.argv[3] ?? 100_000);
const MB = 1048576;
const MARGIN = { jsHeap: 3 * MB, wasmHeap: 1 * MB, domNodes: 20 };

async function main() {
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/index.html is missing: run `npm run build` first');
  const server = await serve(dist, 0);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const failures = [];
  const report = { cycles, epochs, started: new Date().toISOString() };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
    await page.addInitScript(wasmMemoryProbe);
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    const cdp = await page.context().newCDPSession(page);

    log(`soak: ${cycles.toLocaleString('en')} edit + pass cycles`);
    const edits = cycles > 0
      ? await editCycles(page, cdp, { cycles, batch: 500, samples: 20, log: console.log })
      : { series: [], msPerCycle: { first: NaN, last: NaN, ratio: NaN }, views: { found: [], keptIntact: true }, seconds: 0 };
    report.edits = edits;
    log(`soak: ${epochs.toLocaleString('en')}-epoch training run`);
    const training = await trainingRun(page, cdp, { epochs, log: console.log });
    report.training = training;

    const check = (what, series, key, margin) => {
      const g = growth(series, key);
      const grew = key === 'wasmHeap' ? g.max - g.start : g.end - g.start;
      const ok = Math.abs(grew) <= margin;
      const unit = key === 'domNodes' ? (n) => `${n}` : (n) => `${(n / MB).toFixed(2)} MB`;
      console.log(`${what} ${key}: ${unit(g.start)} -> ${unit(g.end)} (max ${unit(g.max)}): ${ok ? 'flat' : 'GREW'} (margin ${unit(margin)})`);
      if (!ok) failures.push(`${what}: ${key} grew by ${unit(grew)}`);
      return g;
    };
    console.log('\n=== Soak ===');
    report.figures = {
      edits: cycles > 0 ? Object.fromEntries(['jsHeap', 'wasmHeap', 'domNodes'].map((k) => [k, check('edits', edits.series, k, MARGIN[k])])) : null,
      training: Object.fromEntries(['jsHeap', 'wasmHeap'].map((k) => [k, check('training', training.series, k, MARGIN[k])])),
    };
    console.log(`edits: ${cycles.toLocaleString('en')} cycles in ${edits.seconds.toFixed(0)} s; ms per cycle, first thousand ${edits.msPerCycle.first.toFixed(3)}, last thousand ${edits.msPerCycle.last.toFixed(3)}: ratio ${edits.msPerCycle.ratio.toFixed(2)}`);
    console.log(`training: ${training.epochs.toLocaleString('en')} epochs in ${training.seconds.toFixed(1)} s; epochs per second, first tenth ${training.epochsPerSecond.first.toFixed(0)}, last tenth ${training.epochsPerSecond.last.toFixed(0)}: ratio ${training.epochsPerSecond.ratio.toFixed(2)}`);
    if (edits.views.found.length || !edits.views.keptIntact) failures.push(`views into WASM memory: ${JSON.stringify(edits.views)}`);
    console.log(`detached views: ${edits.views.found.length === 0 && edits.views.keptIntact ? 'none (every result is plain arrays; the one kept from the start is intact)' : JSON.stringify(edits.views)}`);
  } catch (error) {
    failures.push(error.message);
  } finally {
    await browser.close();
    server.close();
  }
  report.failures = failures;
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(join(root, 'test-results', 'soak.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(failures.length ? `soak: FAILED\n  ${failures.join('\n  ')}` : 'soak: passed');
  process.exit(failures.length ? 1 : 0);
}

main();
