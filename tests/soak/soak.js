// The long-session soak (a learner's hours on one page), shared by `npm run soak` (scripts/soak.mjs: 100,000 edit +
// pass cycles and a 100,000-epoch training run) and its shortened form in `npm test`
// (tests/e2e/soak.spec.js). Runs in a page of dist/index.html that is already open.
//
// Measured, with garbage collected first (Chromium DevTools protocol):
//   - the JS heap (Runtime.getHeapUsage after HeapProfiler.collectGarbage),
//   - the WebAssembly memory (its buffer's size: the module's heap; the page exposes nothing
//     for it, so an init script notes the Memory when the module is instantiated, see
//     wasmMemoryProbe), and the DOM's size,
//   - the time per cycle of the first and the last thousand cycles (a ratio: reported),
//   - after the run: that results kept from the start are intact plain arrays (no views into
//     WASM memory that a memory growth would have detached), and that the page still gives
//     the right numbers.

/** Added with page.addInitScript before the page loads: keeps the module's Memory reachable for the measurements. */
export function wasmMemoryProbe() {
  window.__soakMemories = [];
  const note = (result) => {
    const instance = result?.instance ?? result;
    for (const value of Object.values(instance?.exports ?? {})) {
      if (value instanceof WebAssembly.Memory) window.__soakMemories.push(value);
    }
    return result;
  };
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) { return instantiate.apply(this, args).then(note); };
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) WebAssembly.instantiateStreaming = function (...args) { return streaming.apply(this, args).then(note); };
}

/** { jsHeap, wasmHeap, domNodes } now, after a full garbage collection. */
export async function measure(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { wasmHeap, domNodes } = await page.evaluate(() => ({
    wasmHeap: (window.__soakMemories ?? []).reduce((s, m) => s + m.buffer.byteLength, 0),
    domNodes: document.getElementsByTagName('*').length,
  }));
  return { jsHeap: usedSize, wasmHeap, domNodes };
}

const MB = (n) => `${(n / 1048576).toFixed(2)} MB`;

/**
 * `cycles` edit + pass cycles: a value typed into a weight field of the Forward view (the
 * page's own input handler: parse, engine pass, redraw of every view, open or not, undo entry,
 * localStorage), alternating over four fields and values, in batches inside the page. Returns
 * the figures.
 */
export async function editCycles(page, cdp, { cycles, batch = 500, samples = 10, warmup = 300, log = () => {} }) {
  const fields = [['W', 1, 1, 1], ['W', 2, 2, 1], ['b', 1, 2, null], ['W', 1, 2, 2]];
  await page.evaluate(({ list, total }) => {
    const sel = ([q, l, r, c]) => `input.field[data-quantity="${q}"][data-layer="${l}"][data-row="${r}"]${c === null ? '' : `[data-col="${c}"]`}`;
    window.__soak = {
      fields: list.map(sel),
      // Preallocated, so that the harness's own bookkeeping does not grow the JS heap it measures.
      times: new Float64Array(total),
      kept: { result: structuredClone(window.backpropSandbox.state.result) },
      keptJson: JSON.stringify(window.backpropSandbox.state.result),
      // One cycle: type a value into a field as a learner would (the input event), which runs
      // the pass and redraws the page; returns the new J.
      cycle(n) {
        const input = document.querySelector(this.fields[n % this.fields.length]);
        input.value = String(0.1 + ((n * 7919) % 1000) / 2000);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        return window.backpropSandbox.state.result.loss;
      },
    };
  }, { list: fields, total: cycles });
  // Warm-up (JIT, caches, the undo history filling to its limit) before the baseline.
  await page.evaluate((count) => { for (let k = 0; k < count; ++k) window.__soak.cycle(k); }, warmup);
  const every = Math.max(1, Math.floor(cycles / samples));
  const series = [await measure(page, cdp)];
  log(`  start: JS heap ${MB(series[0].jsHeap)}, WASM heap ${MB(series[0].wasmHeap)}, ${series[0].domNodes} DOM nodes`);
  let done = 0;
  const started = Date.now();
  while (done < cycles) {
    const n = Math.min(batch, cycles - done);
    const bad = await page.evaluate(({ from, count }) => {
      const s = window.__soak;
      let nonFinite = 0;
      for (let k = from; k < from + count; ++k) {
        const t0 = performance.now();
        const J = s.cycle(k);
        s.times[k] = performance.now() - t0;
        if (!Number.isFinite(J)) nonFinite += 1;
      }
      return nonFinite;
    }, { from: done, count: n });
    if (bad) throw new Error(`${bad} passes gave a non-finite J`);
    done += n;
    if (done % every === 0 || done === cycles) {
      const m = await measure(page, cdp);
      series.push({ ...m, cycles: done });
      log(`  ${done.toLocaleString('en')} cycles (${((Date.now() - started) / 1000).toFixed(0)} s): JS heap ${MB(m.jsHeap)}, WASM heap ${MB(m.wasmHeap)}, ${m.domNodes} DOM nodes`);
    }
  }
  const times = await page.evaluate(() => Array.from(window.__soak.times));
  const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
  const window1k = Math.min(1000, Math.floor(times.length / 2));
  const first = mean(times.slice(0, window1k));
  const last = mean(times.slice(-window1k));
  // Kept from the start: still plain arrays with the same numbers (nothing was a view into
  // WASM memory), and no typed array anywhere in the current result either.
  const views = await page.evaluate(() => {
    const s = window.__soak;
    const found = [];
    const walk = (v, path) => {
      if (ArrayBuffer.isView(v)) found.push(path);
      else if (Array.isArray(v)) v.forEach((x, k) => walk(x, `${path}[${k}]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk(window.backpropSandbox.state.result, 'result');
    walk(s.kept.result, 'kept');
    return { found, keptIntact: JSON.stringify(s.kept.result) === s.keptJson };
  });
  return { cycles, series, msPerCycle: { first, last, ratio: last / first }, views, seconds: (Date.now() - started) / 1000 };
}

/**
 * A training run of `epochs` epochs through the page's Training view ("as many as fit in a
 * frame", stop at `epochs`) on a data set; samples the heaps while it runs and the epochs per
 * second at the start and at the end.
 */
export async function trainingRun(page, cdp, { epochs, dataset = 'circles', log = () => {} }) {
  // The Training view's controls show (and, on the page, exist) once its tab is opened.
  await page.locator('[data-key="view-training"]').click();
  await page.locator('section.view-training [data-key="dataset"]').waitFor({ state: 'visible' });
  await page.locator('[data-key="dataset"]').selectOption(dataset);
  await page.locator('[data-key="use-dataset"]').click();
  await page.locator('[data-key="train-speed"]').selectOption('max');
  await page.locator('[data-key="stop-at"]').fill(String(epochs));
  const status = page.locator('[data-key="train-status"]');
  const before = await measure(page, cdp);
  log(`  training start: JS heap ${MB(before.jsHeap)}, WASM heap ${MB(before.wasmHeap)}`);
  const started = Date.now();
  await page.locator('[data-key="train-play"]').click();
  const rates = [];
  const series = [before];
  let lastEpoch = 0;
  let previous = null;
  let lastSample = Date.now();
  for (;;) {
    await page.waitForTimeout(100);
    // Read at once, with the page's clock: the status may be rewritten between two reads.
    const { epoch, running, t } = await status.evaluate((el) => ({ epoch: Number(el.dataset.epoch), running: el.dataset.running === 'true', t: performance.now() }));
    const now = Date.now();
    // A rate only between two readings taken while training ran: the interval in which it
    // reached the last epoch and stopped would count as slow.
    if (previous?.running && running && epoch > previous.epoch) rates.push({ epoch, t, perSecond: ((epoch - previous.epoch) * 1000) / (t - previous.t) });
    previous = { epoch, running, t };
    lastEpoch = epoch;
    if (now - lastSample > 5000) {
      const m = await measure(page, cdp);
      series.push({ ...m, epoch });
      log(`  epoch ${epoch.toLocaleString('en')} (${((now - started) / 1000).toFixed(0)} s): JS heap ${MB(m.jsHeap)}, WASM heap ${MB(m.wasmHeap)}`);
      lastSample = Date.now();
    }
    if (!running && epoch >= epochs) break;
    if (!running && epoch > 0 && epoch < epochs) throw new Error(`training stopped at epoch ${epoch}: ${await status.textContent()}`);
    if (now - started > 20 * 60_000) throw new Error('training did not finish in 20 minutes');
  }
  const after = await measure(page, cdp);
  series.push({ ...after, epoch: lastEpoch });
  // The page starts at 8 epochs a frame and grows that by at most 1.5x a frame towards its
  // frame budget: until the rate first reaches half its largest value it is ramping up, not
  // slowing down, and that part is left out of the comparison of the first and last tenth.
  const top = Math.max(...rates.map((r) => r.perSecond));
  const ramp = rates.findIndex((r) => r.perSecond >= top / 2);
  if (ramp > 0 && rates.length - ramp >= 4) rates.splice(0, ramp);
  const tenth = Math.max(1, Math.floor(rates.length / 10));
  const mean = (a) => a.reduce((s, r) => s + r.perSecond, 0) / a.length;
  const first = mean(rates.slice(0, tenth));
  const last = mean(rates.slice(-tenth));
  log(`  training done: ${lastEpoch.toLocaleString('en')} epochs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { epochs: lastEpoch, series, epochsPerSecond: { first, last, ratio: last / first }, seconds: (Date.now() - started) / 1000 };
}

/** The growth from the first to the last sample, and the largest sample over the first. */
export function growth(series, key) {
  const values = series.map((s) => s[key]);
  return { start: values[0], end: values[values.length - 1], max: Math.max(...values), delta: values[values.length - 1] - values[0] };
}
