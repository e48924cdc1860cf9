// Page figures in Chromium (Playwright, Debian's /usr/bin/chromium), against dist/:
//   - first complete render: navigation start to the first frame painted after the page says
//     it is ready (html[data-ready="true"]), in a fresh browser context (cold cache) each time;
//   - bytes a first visit downloads, served gzip-compressed (as any production server would),
//     and uncompressed;
//   - edit-to-repaint: an edit of W_11^(1) through its field in the Forward view (an `input`
//     event, as typing makes), timed from the handler's start to the end of the frame that
//     shows it. Each edit
//     starts inside a requestAnimationFrame callback, so the time is the page's own work
//     (handler, engine, DOM, style, layout, paint), not the wait for the next vsync;
//   - XOR training steps per second and frames per second, in the Training view: only if the
//     page has a training control; otherwise noted as not measured.
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

async function firstRender(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 30000 });
  const ready = await page.evaluate(() => document.documentElement.dataset.ready);
  const ms = await page.evaluate(AFTER_NEXT_FRAME); // ms since navigation start
  await page.waitForLoadState('networkidle');
  return { page, context, ms, ready, errors };
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
 * Measures the page in dist/. Returns { figures, notes, failures }.
 * options: { root, firstVisits, edits }
 */
export async function benchPage({ root, firstVisits = 5, edits = 200, trainSeconds = 3, log = () => {} }) {
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
    log(`page: first complete render median ${figures.firstRenderMs.median.toFixed(0)} ms, first visit ${(figures.firstVisit.bytesGzip / 1024).toFixed(1)} KB gzip`);

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
  } finally {
    await browser.close();
    server.close();
  }
  return { figures, notes, failures };
}
