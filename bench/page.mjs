// Page figures in Chromium (Playwright, Debian's /usr/bin/chromium), against dist/:
//   - first complete render: navigation start to the first frame painted after the page says
//     it is ready (html[data-ready="true"]: every view drawn, the hidden ones too), in a fresh
//     browser context (cold cache) each time; and the first screen complete: to the frame
//     painted once the page has marked its first screen drawn (html[data-first-screen]: J, the
//     open view, the explanation's equation typeset) and the fonts it asked for have loaded;
//   - bytes a first visit downloads, served gzip-compressed (as any production server would),
//     and uncompressed;
//   - edit-to-repaint: an edit of W_11^(1) through its field in the Forward view (an `input`
//     event, as typing makes), timed from the handler's start to the end of the frame that
//     shows it. Each edit
//     starts inside a requestAnimationFrame callback, so the time is the page's own work
//     (handler, engine, DOM, style, layout, paint), not the wait for the next vsync;
//   - XOR training steps per second and frames per second, in the Training view: only if the
//     page has a training control; otherwise noted as not measured;
//   - the same page as a classroom laptop on campus Wi-Fi sees it (CLASSROOM below): Chromium's
//     own DevTools emulation, CPU slowed 4× (Emulation.setCPUThrottlingRate) and a 1.6 Mbps /
//     150 ms network (Network.emulateNetworkConditions), the cache disabled in a fresh context.
//     There: the first screen complete (as above), edit-to-repaint on the default network, and
//     XOR training. The emulation is checked, not assumed: every response
//     must have come over the network (none from a cache), the largest must have taken at
//     least its size over the emulated bandwidth, and a fixed loop of JavaScript is timed in
//     the throttled page and in a plain one (the observed slowdown is reported).
//
// The page is driven only through what a learner does (fields, buttons) plus the
// `window.backpropSandbox.setDocument` hook the page exposes for scripted demos.
import { createServer } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { summarise } from './harness.js';

const require = createRequire(import.meta.url);

/**
 * A low-end laptop on campus Wi-Fi: the CPU four times slower than this machine's, 1.6 Mbps
 * down, 750 kbps up, 150 ms round trip (DevTools' emulation adds the latency to each request).
 */
export const CLASSROOM = Object.freeze({ cpuSlowdown: 4, downloadKbps: 1600, uploadKbps: 750, latencyMs: 150 });

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.wasm': 'application/wasm', '.woff2': 'font/woff2',
  '.woff': 'font/woff', '.ttf': 'font/ttf', '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.cjs', '.css', '.json', '.svg', '.wasm', '.ttf', '.map']);

/** A static server for `root` that gzips what compresses (level 9) and counts bytes sent. */
function gzipServer(root) {
  const base = resolve(root);
  const cache = new Map();
  const log = [];
  const server = createServer((req, res) => {
    let file;
    try {
      file = normalize(join(base, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
      if (file !== base && !file.startsWith(base + sep)) throw new Error('outside');
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
    } catch {
      res.writeHead(404).end();
      return;
    }
    let entry = cache.get(file);
    if (!entry) {
      try {
        const raw = readFileSync(file);
        const ext = extname(file);
        entry = { raw, gz: COMPRESSIBLE.has(ext) ? gzipSync(raw, { level: 9 }) : null, type: TYPES[ext] ?? 'application/octet-stream' };
        cache.set(file, entry);
      } catch {
        res.writeHead(404).end();
        return;
      }
    }
    const gzip = entry.gz && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gzip ? entry.gz : entry.raw;
    log.push({ path: file.slice(base.length), raw: entry.raw.length, sent: body.length });
    res.writeHead(200, {
      'Content-Type': entry.type,
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(body);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok({ server, log, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

/** p50, p95 and max of a list of times. */
function percentiles(times) {
  const sorted = times.slice().sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { p50: q(0.5), p95: q(0.95), max: sorted[sorted.length - 1] };
}

/** In the page: resolves with performance.now() at the end of the next rendered frame. */
const AFTER_NEXT_FRAME = () => new Promise((done) => requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => done(performance.now());
  channel.port2.postMessage(0);
}));

/** Applies `profile` (CLASSROOM) to `page` through the DevTools protocol, before it navigates. */
async function emulate(context, page, profile) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latencyMs,
    downloadThroughput: (profile.downloadKbps * 1000) / 8, // bytes per second
    uploadThroughput: (profile.uploadKbps * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
  return cdp;
}

/** In the page: ms a fixed loop of arithmetic takes (the same work in every page). */
const BUSY_LOOP = () => {
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < 4e6; ++i) x += Math.sqrt(i) * 1e-9;
  return { ms: performance.now() - t0, x };
};

/**
 * In the page, before its own scripts (an init script): notes the painted frame after the page
 * marks its first screen drawn (html[data-first-screen]: J, the open view and the explanation,
 * typeset) and after it marks itself ready (html[data-ready]: every view drawn, hidden ones
 * too), and the frame after the fonts that first screen asked for have loaded. A page with no
 * first-screen mark has its first screen at data-ready.
 */
const WATCH_MARKS = () => {
  const marks = {};
  window.__bpBenchMarks = marks;
  const afterFrame = (key, then) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      marks[key] = performance.now();
      then?.();
    };
    channel.port2.postMessage(0);
  });
  const firstScreen = () => {
    marks.firstScreenSet = performance.now();
    // after its first layout the page has asked for every font it shows
    afterFrame('firstScreen', () => {
      if (document.fonts.status === 'loaded') marks.complete = marks.firstScreen;
      else document.fonts.ready.then(() => afterFrame('complete'));
    });
  };
  new MutationObserver(() => {
    const d = document.documentElement?.dataset ?? {};
    if ((d.firstScreen || d.ready) && marks.firstScreenSet === undefined) firstScreen();
    if (d.ready && marks.readySet === undefined) {
      marks.readySet = performance.now();
      afterFrame('ready');
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-first-screen', 'data-ready'] });
};

/**
 * One cold visit: a fresh context (empty cache), emulating `profile` if given. Times from
 * navigation start (WATCH_MARKS): `firstScreen`, the frame painted after html[data-first-screen];
 * `complete`, the first screen painted in its fonts; `ms`, the frame after html[data-ready];
 * `resources`: what Resource Timing says of each request.
 */
async function firstRender(browser, url, profile = null) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(WATCH_MARKS);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (profile) await emulate(context, page, profile);
  await page.goto(url, { waitUntil: 'commit' });
  const timeout = profile ? 60000 : 30000;
  await page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout });
  const ready = await page.evaluate(() => document.documentElement.dataset.ready);
  let marks = {};
  if (ready === 'true') {
    await page.waitForFunction(() => window.__bpBenchMarks?.ready !== undefined && window.__bpBenchMarks?.complete !== undefined, null, { timeout });
    marks = await page.evaluate(() => window.__bpBenchMarks);
  }
  await page.waitForLoadState('networkidle');
  const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => ({
    name: new URL(e.name).pathname, transferSize: e.transferSize, encodedBodySize: e.encodedBodySize,
    start: e.startTime, responseStart: e.responseStart, responseEnd: e.responseEnd,
  })));
  return { page, context, ms: marks.ready, firstScreen: marks.firstScreen, complete: marks.complete, ready, errors, resources };
}

/** 200 (or `edits`) edits of W_11^(1); returns { p50, p95, ... } in ms, or a note. */
async function editToRepaint(page, edits) {
  return page.evaluate(async (count) => {
    const sandbox = window.backpropSandbox;
    sandbox?.setView?.('forward'); // where the learner types a weight
    const field = document.querySelector('input[data-quantity="W"][data-layer="1"][data-row="1"][data-col="1"]');
    if (!field) return { note: 'no field for W_11^(1) (input[data-quantity="W"][data-layer="1"][data-row="1"][data-col="1"])' };
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const afterFrame = () => new Promise((done) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(0);
    });
    const base = Number(field.value) || 0.1;
    const times = [];
    const handler = [];
    const idle = [];
    for (let k = 0; k < Math.min(count, 20); ++k) {
      await frame();
      const t0 = performance.now();
      idle.push((await afterFrame()) - t0); // a frame with nothing to do: the floor of this method
    }
    let changed = 0;
    for (let k = 0; k < count; ++k) {
      await frame();
      // inside a frame's requestAnimationFrame callbacks: the edit, then this frame renders
      const before = sandbox?.state?.result;
      const t0 = performance.now();
      const f = document.querySelector('input[data-quantity="W"][data-layer="1"][data-row="1"][data-col="1"]');
      f.value = String(+(base + ((k % 20) + 1) * 0.001).toFixed(6));
      f.dispatchEvent(new Event('input', { bubbles: true }));
      handler.push(performance.now() - t0); // the page's input handler: engine and DOM updates
      const t1 = await afterFrame();
      if (sandbox?.state?.result !== before) ++changed;
      times.push(t1 - t0);
    }
    return { times, handler, idle, changed };
  }, edits);
}

/**
 * Trains XOR on a 2-2-1 sigmoid network with the page's training panel at its fastest speed
 * ("as many as fit in a frame", full batch: one step per epoch) for `seconds`, counting the
 * frames the page paints (requestAnimationFrame) and the epochs it reports.
 */
async function trainXor(page, seconds) {
  return page.evaluate(async (secs) => {
    const q = (key) => document.querySelector(`[data-key="${key}"]`);
    const sandbox = window.backpropSandbox;
    // The Training view is loaded when first opened (dist/extras.js).
    sandbox?.setView?.('training');
    await sandbox?.viewReady?.('training');
    for (const key of ['dataset', 'use-dataset', 'train-speed', 'train-play', 'train-status', 'full-batch']) {
      if (!q(key)) return { note: `the page has no [data-key="${key}"] (training panel)` };
    }
    if (!sandbox?.setDocument) return { note: 'window.backpropSandbox.setDocument is missing' };
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const r = sandbox.setDocument({ layers: [2, 2, 1], activations: 'sigmoid', loss: 'mse', input: [0, 0], target: [0], learningRate: 0.5, seed: 1 });
    if (r && r.ok === false) return { note: `setDocument refused the 2-2-1 network: ${r.message}` };
    await frame();
    const select = (key, value) => {
      const el = q(key);
      el.value = value;
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return el.value === value;
    };
    if (!select('dataset', 'xor')) return { note: 'no "xor" data set in [data-key="dataset"]' };
    q('use-dataset').click();
    await frame();
    if (!select('train-speed', 'max')) return { note: 'no "max" speed in [data-key="train-speed"]' };
    const full = q('full-batch');
    if (!full.checked) full.click();
    const status = q('train-status');
    const epoch0 = Number(status.dataset.epoch ?? 0);
    q('train-play').click();
    // count painted frames ourselves, after a short ramp-up (the page adapts epochs per frame)
    const end0 = performance.now() + 500;
    while (performance.now() < end0) await frame();
    const e1 = Number(status.dataset.epoch ?? 0);
    const t1 = performance.now();
    let frames = 0;
    const deltas = [];
    let last = t1;
    const end = t1 + secs * 1000;
    while (performance.now() < end) {
      const now = await frame();
      deltas.push(now - last);
      last = now;
      ++frames;
    }
    const e2 = Number(status.dataset.epoch ?? 0);
    const t2 = performance.now();
    const pageEps = Number(status.dataset.epochsPerSecond ?? NaN);
    const pageFps = Number(status.dataset.fps ?? NaN);
    const running = status.dataset.running;
    q('train-play').click(); // pause
    await frame();
    if (running !== 'true') return { note: `training did not run (status: "${status.textContent}")` };
    const n = sandbox.getDocument?.().input?.length;
    deltas.sort((a, b) => a - b);
    return {
      seconds: (t2 - t1) / 1000,
      examples: n,
      epochs: e2 - e1,
      stepsPerSecond: ((e2 - e1) * 1000) / (t2 - t1),
      fps: (frames * 1000) / (t2 - t1),
      frameP95Ms: deltas[Math.min(deltas.length - 1, Math.ceil(0.95 * deltas.length) - 1)],
      pageEpochsPerSecond: pageEps,
      pageFps,
      startedAtEpoch: epoch0,
    };
  }, seconds);
}

/**
 * The page on the classroom laptop (CLASSROOM): `visits` cold first visits, then, in the last
 * one (still throttled), `edits` edits of the default network and `trainSeconds` of XOR
 * training. Checks that the emulation applied (see the top of this file).
 */
async function classroomPart(browser, url, served, { visits = 3, edits = 200, trainSeconds = 3, plainLoopMs }, { notes, failures, log }) {
  const profile = CLASSROOM;
  const bytesPerMs = (profile.downloadKbps * 1000) / 8 / 1000;
  const out = { profile: { ...profile }, visits: [] };
  const readies = [];
  const drawn = [];
  const completes = [];
  const loops = [];
  let last = null;
  for (let k = 0; k < visits; ++k) {
    served.length = 0;
    const visit = await firstRender(browser, url, profile);
    if (visit.ready !== 'true') {
      failures.push(`page (classroom profile): html[data-ready] is "${visit.ready}" (${visit.errors.join('; ') || 'no page error'})`);
      await visit.context.close();
      return out;
    }
    readies.push(visit.ms);
    drawn.push(visit.firstScreen);
    completes.push(visit.complete);
    // The emulation must have applied to every request: none answered from a cache, none faster
    // than the emulated bandwidth allows (times can only grow under it).
    const bytes = served.reduce((sum, r) => sum + r.sent, 0);
    const lastByte = Math.max(0, ...visit.resources.map((r) => r.responseEnd));
    const cached = visit.resources.filter((r) => r.transferSize === 0 && !r.name.startsWith('data:'));
    if (cached.length) failures.push(`page (classroom profile): ${cached.map((r) => r.name).join(', ')} came from a cache, not over the emulated network`);
    const largest = visit.resources.reduce((a, r) => (!a || r.encodedBodySize > a.encodedBodySize ? r : a), null);
    const largestMs = largest ? largest.responseEnd - largest.responseStart : 0;
    const largestFloor = largest ? largest.encodedBodySize / bytesPerMs : 0;
    if (largest && largestMs < 0.9 * largestFloor) {
      failures.push(`page (classroom profile): ${largest.name} (${largest.encodedBodySize} bytes) arrived in ${largestMs.toFixed(0)} ms, ` +
        `faster than ${profile.downloadKbps} kbps allows (${largestFloor.toFixed(0)} ms): the network emulation did not apply`);
    }
    const loop = [];
    for (let r = 0; r < 3; ++r) loop.push((await visit.page.evaluate(BUSY_LOOP)).ms);
    loops.push(Math.min(...loop));
    out.visits.push({
      readyMs: visit.ms, firstScreenDrawnMs: visit.firstScreen, completeMs: visit.complete, requests: served.length, bytes, transferFloorMs: bytes / bytesPerMs,
      lastResponseEndMs: lastByte, largest: largest ? { path: largest.name, bytes: largest.encodedBodySize, ms: largestMs, floorMs: largestFloor } : null,
      files: visit.resources.map((r) => ({ path: r.name, bytes: r.encodedBodySize, start: Math.round(r.start), end: Math.round(r.responseEnd) })),
    });
    if (k < visits - 1) await visit.context.close();
    else last = visit;
  }
  out.readyMs = summarise(readies);
  out.firstScreenDrawnMs = summarise(drawn);
  out.firstScreenMs = summarise(completes);
  out.busyLoopMs = { plain: plainLoopMs, throttled: Math.min(...loops) };
  out.cpuSlowdownObserved = out.busyLoopMs.throttled / plainLoopMs;
  if (out.cpuSlowdownObserved < profile.cpuSlowdown / 2) {
    notes.push(`classroom profile: a fixed loop of JavaScript ran only ${out.cpuSlowdownObserved.toFixed(1)}× slower throttled than not (asked: ${profile.cpuSlowdown}×); is the CPU emulation applied?`);
  }
  const v = out.visits[0];
  log(`page (classroom: ${profile.cpuSlowdown}× CPU, ${profile.downloadKbps} kbps, ${profile.latencyMs} ms): first screen complete median ` +
    `${out.firstScreenMs.median.toFixed(0)} ms (drawn ${out.firstScreenDrawnMs.median.toFixed(0)} ms, every view html[data-ready] ${out.readyMs.median.toFixed(0)} ms); ${(v.bytes / 1024).toFixed(0)} KB need ` +
    `${v.transferFloorMs.toFixed(0)} ms at that bandwidth; a JavaScript loop ran ${out.cpuSlowdownObserved.toFixed(1)}× slower`);

  const { page } = last;
  const r = await editToRepaint(page, edits);
  if (r.note) notes.push(`classroom edit-to-repaint: not measured: ${r.note}`);
  else {
    if (r.changed !== r.times.length) failures.push(`page (classroom profile): ${r.times.length - r.changed} of ${r.times.length} edits did not produce a new result`);
    const e = percentiles(r.times);
    out.editToRepaint = { 'default 2-2-2': { edits: r.times.length, p50: e.p50, p95: e.p95, max: e.max, handler: percentiles(r.handler), emptyFrame: percentiles(r.idle) } };
    log(`page (classroom): edit-to-repaint (default 2-2-2) p50 ${e.p50.toFixed(1)} ms, p95 ${e.p95.toFixed(1)} ms`);
  }
  const xor = await trainXor(page, trainSeconds);
  if (xor.note) notes.push(`classroom XOR training: not measured: ${xor.note}`);
  else {
    out.xorTraining = xor;
    log(`page (classroom): XOR 2-2-1 training ${Math.round(xor.stepsPerSecond).toLocaleString('en-US')} steps/s at ${xor.fps.toFixed(0)} fps`);
  }
  await last.context.close();
  return out;
}

/**
 * Measures the page in dist/. Returns { figures, notes, failures }.
 * options: { root, firstVisits, edits, trainSeconds, classroom: { visits, edits, trainSeconds } or null }
 */
export async function benchPage({ root, firstVisits = 5, edits = 200, trainSeconds = 3, classroom = null, log = () => {} }) {
  const notes = [];
  const failures = [];
  const figures = {};
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch {
    ({ chromium } = require('@playwright/test'));
  }
  const { server, log: served, url } = await gzipServer(join(root, 'dist'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    // first visits: cold cache each time
    const renders = [];
    const completes = [];
    let last;
    for (let k = 0; k < firstVisits; ++k) {
      served.length = 0;
      const visit = await firstRender(browser, url);
      if (visit.ready !== 'true') {
        failures.push(`page: html[data-ready] is "${visit.ready}" (${visit.errors.join('; ') || 'no page error'})`);
        await visit.context.close();
        return { figures, notes, failures };
      }
      renders.push(visit.ms);
      completes.push(visit.complete);
      if (k === 0) {
        figures.firstVisit = {
          requests: served.length,
          bytesGzip: served.reduce((s, r) => s + r.sent, 0),
          bytesRaw: served.reduce((s, r) => s + r.raw, 0),
          files: served.map((r) => ({ path: r.path, gzip: r.sent, raw: r.raw })),
        };
      }
      if (k < firstVisits - 1) await visit.context.close();
      else last = visit;
    }
    figures.firstRenderMs = summarise(renders);
    figures.firstScreenMs = summarise(completes);
    // a fixed loop of JavaScript in this unthrottled page: the classroom profile's yardstick
    const plainLoop = [];
    for (let k = 0; k < 3; ++k) plainLoop.push((await last.page.evaluate(BUSY_LOOP)).ms);
    log(`page: first complete render median ${figures.firstRenderMs.median.toFixed(0)} ms (first screen complete ${figures.firstScreenMs.median.toFixed(0)} ms), first visit ${(figures.firstVisit.bytesGzip / 1024).toFixed(1)} KB gzip`);

    // edit-to-repaint: the default network, then a 6-layer network of 8 units each
    const { page } = last;
    const networks = [
      ['default 2-2-2', null],
      ['6 layers x 8 units', { layers: [8, 8, 8, 8, 8, 8], activations: 'sigmoid', loss: 'mse',
        input: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], target: [0, 1, 0, 1, 0, 1, 0, 1], seed: 1 }],
    ];
    figures.editToRepaint = {};
    for (const [name, doc] of networks) {
      if (doc) {
        const ok = await page.evaluate((d) => {
          if (!window.backpropSandbox?.setDocument) return 'window.backpropSandbox.setDocument is missing';
          const r = window.backpropSandbox.setDocument(d);
          return r && r.ok === false ? `setDocument refused it: ${r.message}` : 'ok';
        }, doc);
        if (ok !== 'ok') {
          notes.push(`edit-to-repaint (${name}): not measured: ${ok}`);
          continue;
        }
        await page.evaluate(AFTER_NEXT_FRAME);
      }
      const r = await editToRepaint(page, edits);
      if (r.note) {
        notes.push(`edit-to-repaint (${name}): not measured: ${r.note}`);
        continue;
      }
      if (r.changed !== r.times.length) failures.push(`page: ${r.times.length - r.changed} of ${r.times.length} edits (${name}) did not produce a new result`);
      const e = percentiles(r.times);
      figures.editToRepaint[name] = { edits: r.times.length, p50: e.p50, p95: e.p95, max: e.max,
        handler: percentiles(r.handler), emptyFrame: percentiles(r.idle) };
      log(`page: edit-to-repaint (${name}) p50 ${e.p50.toFixed(2)} ms, p95 ${e.p95.toFixed(2)} ms ` +
        `(input handler p50 ${figures.editToRepaint[name].handler.p50.toFixed(2)} ms; an empty frame ${figures.editToRepaint[name].emptyFrame.p50.toFixed(2)} ms)`);
    }

    // XOR training, 2-2-1: the page's training panel, full batch (an epoch is one step)
    const xor = await trainXor(page, trainSeconds);
    if (xor.note) notes.push(`XOR training steps/s and fps: not measured: ${xor.note}`);
    else {
      figures.xorTraining = xor;
      log(`page: XOR 2-2-1 training ${Math.round(xor.stepsPerSecond).toLocaleString('en-US')} steps/s at ${xor.fps.toFixed(0)} fps ` +
        `(the page's own count: ${Math.round(xor.pageEpochsPerSecond).toLocaleString('en-US')} epochs/s, ${xor.pageFps.toFixed(0)} fps)`);
    }
    await last.context.close();

    if (classroom) {
      figures.classroom = await classroomPart(browser, url, served, { ...classroom, plainLoopMs: Math.min(...plainLoop) }, { notes, failures, log });
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { figures, notes, failures };
}
