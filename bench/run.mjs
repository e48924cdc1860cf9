// `npm run bench`: the engine against native code, plain JavaScript and TensorFlow.js, and the
// size sweep; prints one table and writes bench/results.json, bench/results.md and
// bench/sweep.svg. The workloads are in bench/workloads.js, the targets in targets() below.
//
//   node bench/run.mjs            the full benchmark (a few minutes)
//   node bench/run.mjs --smoke    tiny repetition counts, a tiny sweep, no timing targets
//                                 judged; writes to build/bench/smoke/ (not bench/); < 60 s.
//                                 Exits non-zero only if something is broken: a comparator's
//                                 gradients disagree with the engine's, native and WebAssembly
//                                 compute different J, a timing is not a finite positive
//                                 number, a build or the page fails. Never because of a timing.
//   --skip=native,tfjs,sweep,page leaves parts out (for working on the benchmark itself);
//                                 writes to build/bench/partial/
//
// Every figure is the median of warm repetitions (min and max beside it), in one process run
// each, side by side on the same machine: native in its own process (Google Benchmark), the
// rest in this Node process, in the order native, WebAssembly, plain JS, TF.js.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildEngine, buildWeb } from '../scripts/build.mjs';
import { ensureNodeModules, ensurePackages, root } from '../scripts/setup.mjs';
import { formatNs, measure, measureInterleaved, summarise } from './harness.js';
import { buildNative, runNative } from './native.mjs';
import { PlainNet } from './plain-js.js';
import { sweepChart } from './svg.js';
import { WORKLOADS, batchOf, stepFlops, sweepDocument } from './workloads.js';

const argv = process.argv.slice(2);
const SMOKE = argv.includes('--smoke');
const SKIP = new Set(argv.filter((a) => a.startsWith('--skip=')).flatMap((a) => a.slice(7).split(',')));
// bench/ holds the figures of the last complete run only: smoke and partial runs write elsewhere
const OUT_DIR = join(root, ...(SMOKE ? ['build', 'bench', 'smoke'] : SKIP.size ? ['build', 'bench', 'partial'] : ['bench']));
const WORK_DIR = join(root, 'build', 'bench', 'work');

// Repetitions. Full: many warm repetitions of >= 5 ms each; smoke: just enough to run every path.
const CONFIG = SMOKE
  ? { reps: 3, repMs: 0.2, warmMs: 0, nativeReps: 2, nativeMinTime: 0.0005,
      sweep: { widths: [8, 16], batches: [1, 4], reps: 2, repMs: 0.2, budgetMs: 100, nativeReps: 1, nativeMinTime: 0.0005 },
      page: { firstVisits: 1, edits: 5, trainSeconds: 0.5, classroom: { visits: 1, edits: 5, trainSeconds: 0.5 } },
      simdPeakSteps: 200 }
  : { reps: 41, repMs: 5, warmMs: 200, nativeReps: 41, nativeMinTime: 0.005,
      sweep: { widths: [8, 16, 32, 64, 128, 256, 512, 1024], batches: [1, 2, 4, 8, 16, 32, 64, 128, 256], reps: 5, repMs: 20,
        budgetMs: 1000, nativeReps: 5, nativeMinTime: 0.02 },
      page: { firstVisits: 5, edits: 200, trainSeconds: 3, classroom: { visits: 3, edits: 200, trainSeconds: 3 } },
      simdPeakSteps: 10000 };

// Agreement required before timing: plain JS computes in double, like the engine, so its
// gradients must agree to 1e-12 relative; TF.js computes in float32 (about 6e-8 per operation).
const TOL = { plainJs: 1e-12, tfjs: 1e-4, nativeJ: 1e-12 };

const started = performance.now();
const failures = [];
const notes = [];
const log = (message) => process.stderr.write(`\x1b[2m[bench ${((performance.now() - started) / 1000).toFixed(1)}s]\x1b[0m ${message}\n`);
const fail = (message) => {
  failures.push(message);
  log(`\x1b[31mFAIL\x1b[0m ${message}`);
};

// ---- agreement checks ------------------------------------------------------------------------

/**
 * Relative difference of two gradients (engine: PassResult.gradients, rows; other: flat W, b),
 * per array relative to its largest entry: max_k |g_k - h_k| / max_k |g_k|. (Entry by entry
 * relative errors are meaningless where a sum cancels to nearly 0; the largest such is reported
 * too, as `elementwise`, over entries at least 1e-6 of the array's largest.)
 */
function gradientDifference(engineGradients, other) {
  let normwise = 0;
  let elementwise = 0;
  engineGradients.forEach((g, k) => {
    for (const [mine, theirs] of [[g.W.flat(), other[k].W], [g.b, other[k].b]]) {
      let scale = 0;
      for (let i = 0; i < mine.length; ++i) scale = Math.max(scale, Math.abs(mine[i]), Math.abs(theirs[i]));
      if (scale === 0) continue; // both all zeros: they agree
      for (let i = 0; i < mine.length; ++i) {
        const d = Math.abs(mine[i] - theirs[i]);
        normwise = Math.max(normwise, d / scale);
        const size = Math.max(Math.abs(mine[i]), Math.abs(theirs[i]));
        if (size >= 1e-6 * scale) elementwise = Math.max(elementwise, d / size);
      }
    }
  });
  return { normwise, elementwise };
}

const relDiff = (a, b) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);

function checkTiming(label, t) {
  if (!(Number.isFinite(t.median) && t.median > 0 && Number.isFinite(t.min) && Number.isFinite(t.max))) {
    fail(`${label}: timing is not a finite positive number (${JSON.stringify(t)})`);
  }
}

// ---- the parts ----------------------------------------------------------------------------------

function prepare() {
  ensureNodeModules(); // TF.js and Playwright are dev dependencies
  if (!SMOKE || !existsSync(join(root, 'lib', 'backprop-engine.cjs'))) {
    ensurePackages(['build']);
    buildEngine(); // incremental: the bench always measures the current sources
  }
  if (!SMOKE && !SKIP.has('page') && existsSync(join(root, 'scripts', 'build-web.mjs'))) {
    try {
      buildWeb();
    } catch (error) {
      notes.push(`page: the page did not build (${error.message.split('\n')[0]}); measured the existing dist/ if any`);
    }
  }
  mkdirSync(WORK_DIR, { recursive: true });
  mkdirSync(OUT_DIR, { recursive: true });
}

/**
 * Native S, M, L: half of the repetitions now, half later (`second`), so that the ratios to
 * the JavaScript figures measured in between do not hang on the load of one moment.
 */
function nativePart(docs, { binary = null, second = false } = {}) {
  if (SKIP.has('native')) return null;
  binary ??= buildNative(root, log);
  const workloads = {};
  for (const [name, doc] of Object.entries(docs)) {
    const path = join(WORK_DIR, `${name}.json`);
    if (!second) writeFileSync(path, JSON.stringify(doc));
    workloads[name] = path;
  }
  log(`native: S, M, L (${second ? 'second' : 'first'} half of the repetitions)`);
  const reps = Math.max(1, Math.ceil(CONFIG.nativeReps / 2));
  const { results, context } = runNative(binary, { workloads, reps, minTime: CONFIG.nativeMinTime, outDir: WORK_DIR });
  return { binary, results, context };
}

/** Relative difference of every intermediate of two PassResults (z, a, f'(z), delta per layer). */
function passDifference(mine, theirs) {
  let worst = 0;
  mine.layers.forEach((layer, k) => {
    for (const q of ['z', 'a', 'fprime', 'delta']) {
      if (!layer[q]) continue;
      const a = layer[q].flat();
      const b = theirs.layers[k][q].flat();
      let scale = 0;
      for (let i = 0; i < a.length; ++i) scale = Math.max(scale, Math.abs(a[i]), Math.abs(b[i]));
      if (scale === 0) continue;
      for (let i = 0; i < a.length; ++i) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
    }
  });
  return worst;
}

/**
 * Checks a comparator against the engine on one workload: J and the gradients, then the
 * parameters after one step. Returns the complete document (weights as the engine initialised
 * them) if it agrees, else null.
 */
function agrees(label, engine, name, doc, make, tolerance, checks, extra = null) {
  const net = engine.createNetwork(doc);
  const full = net.toDocument();
  const reference = net.run();
  const other = make(full);
  const { loss, gradients } = other.check();
  const diff = gradientDifference(reference.gradients, gradients);
  const J = relDiff(reference.loss, loss);
  const more = extra ? extra(reference, full) : {};
  // one update: the parameters after step(alpha) must agree as well
  net.step();
  const after = net.toDocument();
  other.train(1);
  const params = gradientDifference(after.weights.map((W, k) => ({ W, b: after.biases[k] })), other.parameters());
  net.dispose();
  other.dispose?.();
  const ok = diff.normwise <= tolerance && J <= tolerance && params.normwise <= tolerance && Object.values(more).every((v) => v <= tolerance);
  checks.push({ comparator: label, workload: name, gradient: diff.normwise, gradientElementwise: diff.elementwise, J, parametersAfterStep: params.normwise, ...more, tolerance, ok });
  if (!ok) {
    fail(`${label} ${name}: disagrees with the engine (gradients ${diff.normwise.toExponential(2)}, J ${J.toExponential(2)}, ` +
      `parameters after a step ${params.normwise.toExponential(2)}${Object.entries(more).map(([k, v]) => `, ${k} ${v.toExponential(2)}`).join('')}; tolerance ${tolerance})`);
    return null;
  }
  log(`${label} ${name}: agrees with the engine (gradients ${diff.normwise.toExponential(1)} relative)`);
  return full;
}

function plainComparator(doc) {
  const p = new PlainNet(doc);
  return {
    check() {
      const loss = p.forward();
      p.backward();
      return { loss, gradients: p.gradients() };
    },
    train: (k) => p.train(k),
    parameters: () => p.parameters(),
  };
}

/**
 * The engine in WebAssembly three ways, and plain JavaScript (a training step, and a run()
 * returning what net.run() returns), timed side by side, repetitions interleaved.
 */
function jsPart(engine, docs, checks, alongside = {}) {
  const out = {};
  for (const [name, doc] of Object.entries(docs)) {
    const full = agrees('plain-js', engine, name, doc, plainComparator, TOL.plainJs, checks,
      (reference, d) => ({ intermediates: passDifference(reference, new PlainNet(d).run()) }));
    const train = engine.createNetwork(doc);
    const stepper = engine.createNetwork(doc);
    const runner = engine.createNetwork(doc);
    const runs = {
      // (a) many steps inside one call
      'wasm-train': (k) => train.train(k),
      // (b) one net.step() per step from JavaScript
      'wasm-step': (k) => {
        let J = 0;
        for (let t = 0; t < k; ++t) J = stepper.step();
        return J;
      },
      // (c) net.run(): every intermediate as plain arrays, no update (what the page calls per edit)
      'wasm-run': (k) => {
        let r;
        for (let t = 0; t < k; ++t) r = runner.run();
        return r.loss;
      },
    };
    if (full) {
      const p = new PlainNet(full);
      const q = new PlainNet(full);
      runs['plain-js'] = (k) => p.train(k);
      runs['plain-js-run'] = (k) => {
        let r;
        for (let t = 0; t < k; ++t) r = q.run();
        return r.loss;
      };
    }
    Object.assign(runs, alongside[name]); // timed in turn with this workload's, reported apart
    out[name] = measureInterleaved(runs, { reps: CONFIG.reps, repMs: CONFIG.repMs, warmMs: CONFIG.warmMs });
    if (!Number.isFinite(train.run().loss)) fail(`${name} wasm-train: J is not finite after training`);
    for (const net of [train, stepper, runner]) net.dispose();
    log(`${name}: ${Object.entries(out[name]).filter(([mode]) => !(mode in (alongside[name] ?? {}))).map(([mode, t]) => `${mode} ${formatNs(t.median)}`).join(', ')}`);
  }
  return out;
}

/**
 * This CPU's WebAssembly SIMD128 limit (bench/simd_peak.cpp): the kernel for 8, 10 and 12
 * chains, checked against JavaScript, as runs to time beside workload L (`jsPart`'s
 * `alongside`), so that a burst of load from elsewhere falls on both alike.
 */
async function simdPeakRuns() {
  const { ACCUMULATORS, loadSimdPeak, reference } = await import('./simd-peak.mjs');
  const peak = await loadSimdPeak(root);
  const runs = {};
  for (const n of ACCUMULATORS) {
    const got = peak.run(n, 1000);
    const want = reference(n, 1000);
    if (!(relDiff(got, want) <= 1e-12)) {
      fail(`SIMD128 limit kernel, ${n} chains: ${got} after 1000 steps, JavaScript ${want}`);
      continue;
    }
    runs[`simd-peak-${n}`] = (k) => peak.run(n, k * CONFIG.simdPeakSteps);
  }
  log(`SIMD128 limit kernel: built, agrees with JavaScript (${Object.keys(runs).length} of ${ACCUMULATORS.length})`);
  return runs;
}

/** The kernel's figures out of L's (see simdPeakRuns), in GFLOP/s; L's achieved GFLOP/s beside. */
async function simdPeakFigures(lFigures, doc) {
  const { kernelFlops } = await import('./simd-peak.mjs');
  const kernels = {};
  for (const mode of Object.keys(lFigures)) {
    const n = /^simd-peak-(\d+)$/.exec(mode)?.[1];
    if (!n) continue;
    const t = lFigures[mode];
    delete lFigures[mode];
    checkTiming(`SIMD128 limit kernel, ${n} chains`, t);
    const flops = kernelFlops(Number(n), CONFIG.simdPeakSteps);
    kernels[n] = { ...t, flops, gflops: flops / t.median, gflopsMax: flops / t.min };
  }
  const best = Object.entries(kernels).reduce((a, [n, k]) => (!a || k.gflops > a.gflops ? { accumulators: Number(n), gflops: k.gflops } : a), null);
  const L = lFigures['wasm-train'];
  const lGflops = L ? stepFlops(doc.layers, batchOf(doc)) / L.median : null;
  return {
    kernel: 'x <- x c + d on f64x2 (one f64x2.mul, one f64x2.add), 8, 10 and 12 independent chains in registers (bench/simd_peak.cpp)',
    stepsPerCall: CONFIG.simdPeakSteps,
    kernels,
    limitGflops: best?.gflops ?? null,
    limitAccumulators: best?.accumulators ?? null,
    L: lGflops == null ? null : { gflops: lGflops, fraction: best ? lGflops / best.gflops : null },
  };
}

/** Checks a comparator against the engine on each workload, then times `train(k)`. */
function comparatorPart(label, engine, docs, make, tolerance, checks) {
  const out = {};
  for (const [name, doc] of Object.entries(docs)) {
    const full = agrees(label, engine, name, doc, make, tolerance, checks);
    if (!full) continue;
    const fresh = make(full);
    out[name] = measure((k) => fresh.train(k), { reps: CONFIG.reps, repMs: CONFIG.repMs, warmMs: CONFIG.warmMs });
    fresh.dispose?.();
    log(`${label} ${name}: ${formatNs(out[name].median)} per step`);
  }
  return out;
}

async function tfjsPart(engine, docs, checks) {
  const { TfNet, useBackend } = await import('./tfjs.js');
  const out = {};
  const info = {};
  for (const backend of ['cpu', 'wasm']) {
    info[backend] = await useBackend(backend);
    log(`TF.js ${info[backend].version} ${backend}${backend === 'wasm' ? ` (SIMD ${info.wasm.simd}, threads ${info.wasm.threads}, ${info.wasm.wasmFile})` : ''}`);
    const make = (doc) => {
      const t = new TfNet(doc);
      return { check: () => t.gradients(), train: (k) => t.train(k), parameters: () => t.parameters(), dispose: () => t.dispose() };
    };
    out[`tfjs-${backend}`] = comparatorPart(`tfjs-${backend}`, engine, docs, make, TOL.tfjs, checks);
  }
  return { out, info };
}

async function sweepPart(engine, nativeBinary) {
  const { widths, batches } = CONFIG.sweep;
  const points = widths.flatMap((w) => batches.map((m) => [w, m]));
  const sweep = { widths, batches, network: '[w, w, w], sigmoid, mse, batch m (bench/workloads.js sweepDocument)', impls: {} };
  const gflops = (w, m, ns) => stepFlops([w, w, w], m) / ns;
  const J0 = {};

  // WebAssembly, net.train()
  sweep.impls.wasm = {};
  for (const [w, m] of points) {
    const net = engine.createNetwork(sweepDocument(w, m));
    J0[`${w}x${m}`] = net.run().loss;
    const t = measure((k) => net.train(k), { reps: CONFIG.sweep.reps, repMs: CONFIG.sweep.repMs, budgetMs: CONFIG.sweep.budgetMs, warmMs: 0 });
    checkTiming(`sweep wasm ${w}x${m}`, t);
    sweep.impls.wasm[`${w}x${m}`] = { ns: t.median, min: t.min, max: t.max, gflops: gflops(w, m, t.median) };
    net.dispose();
    if (m === batches[batches.length - 1]) log(`sweep: wasm, width ${w} done`);
  }
  log(`sweep: wasm done (${points.length} points)`);

  // native
  if (nativeBinary) {
    const { results } = runNative(nativeBinary, { sweep: points, reps: CONFIG.sweep.nativeReps, minTime: CONFIG.sweep.nativeMinTime, outDir: WORK_DIR });
    sweep.impls.native = {};
    for (const [w, m] of points) {
      const r = results[`sweep/${w}x${m}`];
      checkTiming(`sweep native ${w}x${m}`, r);
      const d = relDiff(r.J0, J0[`${w}x${m}`]);
      if (d > TOL.nativeJ) fail(`sweep ${w}x${m}: native J0 ${r.J0} and WebAssembly J0 ${J0[`${w}x${m}`]} differ (${d.toExponential(2)})`);
      sweep.impls.native[`${w}x${m}`] = { ns: r.median, min: r.min, max: r.max, gflops: gflops(w, m, r.median) };
    }
    log('sweep: native done');
  }

  // TF.js wasm
  if (!SKIP.has('tfjs')) {
    const { TfNet, useBackend } = await import('./tfjs.js');
    await useBackend('wasm');
    sweep.impls.tfjsWasm = {};
    for (const [w, m] of points) {
      const net = engine.createNetwork(sweepDocument(w, m));
      const doc = net.toDocument();
      net.dispose();
      const t = new TfNet(doc);
      const J = t.gradients().loss;
      if (relDiff(J, J0[`${w}x${m}`]) > TOL.tfjs) fail(`sweep ${w}x${m}: TF.js J0 ${J} and engine J0 ${J0[`${w}x${m}`]} differ`);
      const r = measure((k) => t.train(k), { reps: CONFIG.sweep.reps, repMs: CONFIG.sweep.repMs, budgetMs: CONFIG.sweep.budgetMs, warmMs: 0 });
      checkTiming(`sweep tfjs-wasm ${w}x${m}`, r);
      sweep.impls.tfjsWasm[`${w}x${m}`] = { ns: r.median, min: r.min, max: r.max, gflops: gflops(w, m, r.median) };
      t.dispose();
      if (m === batches[batches.length - 1]) log(`sweep: TF.js wasm, width ${w} done`);
    }
    log('sweep: TF.js wasm done');
  }
  return sweep;
}

/** Sizes of what the page loads: the engine module, gzip. */
function sizes() {
  const glue = readFileSync(join(root, 'lib', 'backprop-engine.cjs'));
  const text = glue.toString('latin1');
  const match = text.match(/data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/);
  const out = { engineModuleRaw: glue.length, engineModuleGzip: gzipSync(glue, { level: 9 }).length };
  if (match) {
    const wasm = Buffer.from(match[1], 'base64');
    out.wasmBinaryRaw = wasm.length;
    out.wasmBinaryGzip = gzipSync(wasm, { level: 9 }).length;
  }
  const app = join(root, 'dist', 'app.js');
  if (existsSync(app)) {
    const bytes = readFileSync(app);
    out.pageScriptRaw = bytes.length;
    out.pageScriptGzip = gzipSync(bytes, { level: 9 }).length;
  }
  return out;
}

// ---- the table --------------------------------------------------------------------------------

const MODES = [
  ['native', 'native g++ -O3 -march=native (Google Benchmark)'],
  ['wasm-train', '(a) WASM net.train(n): n steps in one call'],
  ['wasm-step', '(b) WASM net.step() per step from JS'],
  ['wasm-run', '(c) WASM net.run(): all intermediates, no update'],
  ['plain-js', 'plain JS, Float64Array loops'],
  ['plain-js-run', 'plain JS run(): all intermediates as net.run() returns them'],
  ['tfjs-cpu', 'TF.js 4.22 cpu backend (float32)'],
  ['tfjs-wasm', 'TF.js 4.22 wasm backend (float32)'],
];

function table(figures) {
  const rows = [];
  for (const name of Object.keys(WORKLOADS)) {
    const f = figures[name] ?? {};
    const base = (mode) => f[mode]?.median;
    for (const [mode] of MODES) {
      const t = f[mode];
      if (!t) continue;
      const ratio = (other) => (base(other) ? base(other) / t.median : null);
      rows.push({
        workload: name,
        mode,
        median: t.median,
        min: t.min,
        max: t.max,
        stepsPerSecond: 1e9 / t.median,
        overNative: base('native') ? t.median / base('native') : null,
        // a run() (mode c) is compared with plain JS doing the same work, a training step with a training step
        plainJsOver: mode.startsWith('plain-js') ? null : ratio(mode === 'wasm-run' ? 'plain-js-run' : 'plain-js'),
        tfjsCpuOver: mode === 'tfjs-cpu' ? null : ratio('tfjs-cpu'),
        tfjsWasmOver: mode === 'tfjs-wasm' ? null : ratio('tfjs-wasm'),
      });
    }
  }
  return rows;
}

const x = (v, digits = 2) => (v == null ? '' : v >= 100 ? `${v.toFixed(0)}×` : `${v.toFixed(digits)}×`);

function renderTable(rows, markdown = false) {
  const header = ['workload', 'mode', 'median', 'min', 'max', '÷ native', 'plain JS ÷', 'TF.js cpu ÷', 'TF.js wasm ÷'];
  const body = rows.map((r) => [r.workload, r.mode, formatNs(r.median), formatNs(r.min), formatNs(r.max), x(r.overNative),
    x(r.plainJsOver), x(r.tfjsCpuOver), x(r.tfjsWasmOver)]);
  if (markdown) {
    return [`| ${header.join(' | ')} |`, `| ${header.map((h, k) => (k < 2 ? '---' : '---:')).join(' | ')} |`,
      ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  }
  const widths = header.map((h, k) => Math.max(h.length, ...body.map((r) => r[k].length)));
  const line = (cells) => cells.map((c, k) => (k < 2 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  let last = null;
  body.forEach((r) => {
    if (last && r[0] !== last) out.push('');
    last = r[0];
    out.push(line(r));
  });
  return out.join('\n');
}

/** The SIMD128 limit and L's share of it, in a sentence. */
function simdPeakText(p) {
  const rates = Object.entries(p.kernels).map(([n, k]) => `${k.gflops.toFixed(1)} GFLOP/s with ${n} chains`).join(', ');
  return `WebAssembly SIMD128 limit of this CPU (f64x2.mul + f64x2.add, no fused multiply-add; bench/simd_peak.cpp, ` +
    `median of ${CONFIG.reps} repetitions timed in turn with L's): ${rates}. ` +
    `L (a) WASM net.train() computes ${p.L.gflops.toFixed(1)} GFLOP/s (its matrix products and update), ${(100 * p.L.fraction).toFixed(0)} % of ${p.limitGflops.toFixed(1)}.`;
}

// ---- the targets: each a speed or size the engine must reach (README, Performance) ---------------

function targets(figures, page, size, simdPeak) {
  const t = (w, mode) => figures[w]?.[mode]?.median;
  const list = [];
  const add = (target, measured, ok, detail = '') => list.push({ target, measured, ok, detail });
  const ratio = (a, b) => (a && b ? a / b : null);
  const show = (v, fmt) => (v == null ? 'not measured' : fmt(v));

  let r = ratio(t('L', 'wasm-train'), t('L', 'native'));
  add('L (a) WASM ≤ 2.0× native', show(r, (v) => `${v.toFixed(2)}×`), r == null ? null : r <= 2.0,
    `${formatNs(t('L', 'wasm-train'))} vs ${formatNs(t('L', 'native'))}`);
  const lim = simdPeak?.L?.fraction;
  add('L (a) WASM ≥ 85 % of this CPU\'s WebAssembly SIMD128 limit', show(lim, (v) => `${(100 * v).toFixed(0)} %`), lim == null ? null : lim >= 0.85,
    lim == null ? '' : `${simdPeak.L.gflops.toFixed(1)} of ${simdPeak.limitGflops.toFixed(1)} GFLOP/s, f64x2 mul + add with ${simdPeak.limitAccumulators} chains`);
  r = ratio(t('L', 'tfjs-wasm'), t('L', 'wasm-train'));
  add('L (a) WASM ≥ 3× faster than TF.js wasm', show(r, (v) => `${v.toFixed(2)}× faster`), r == null ? null : r >= 3,
    `${formatNs(t('L', 'wasm-train'))} vs ${formatNs(t('L', 'tfjs-wasm'))}`);
  for (const w of ['S', 'M']) {
    r = ratio(t(w, 'wasm-train'), t(w, 'native'));
    add(`${w} (a) WASM ≤ 1.3× native`, show(r, (v) => `${v.toFixed(2)}×`), r == null ? null : r <= 1.3,
      `${formatNs(t(w, 'wasm-train'))} vs ${formatNs(t(w, 'native'))}`);
  }
  r = ratio(t('S', 'wasm-step'), t('S', 'native'));
  add('S (b) net.step() per call ≤ 2× native', show(r, (v) => `${v.toFixed(2)}×`), r == null ? null : r <= 2,
    `${formatNs(t('S', 'wasm-step'))} vs ${formatNs(t('S', 'native'))}`);
  for (const [w, limit] of [['S', 1500], ['M', 3000]]) {
    const v = t(w, 'wasm-run');
    add(`${w} (c) net.run() ≤ ${formatNs(limit)}`, show(v, formatNs), v == null ? null : v <= limit);
  }
  for (const w of Object.keys(WORKLOADS)) {
    for (const mode of ['wasm-train', 'wasm-step', 'wasm-run']) {
      const plainMode = mode === 'wasm-run' ? 'plain-js-run' : 'plain-js';
      r = ratio(t(w, plainMode), t(w, mode));
      add(`${w} ${mode} faster than plain JS (${plainMode})`, show(r, (v) => `${v.toFixed(2)}× faster`), r == null ? null : r > 1,
        `${formatNs(t(w, mode))} vs ${formatNs(t(w, plainMode))}`);
    }
  }
  for (const mode of ['wasm-train', 'wasm-step', 'wasm-run']) {
    for (const tf of ['tfjs-cpu', 'tfjs-wasm']) {
      r = ratio(t('S', tf), t('S', mode));
      add(`S ${mode} ≥ 500× faster than ${tf}`, show(r, (v) => `${v.toFixed(0)}× faster`), r == null ? null : r >= 500);
    }
  }
  const e = page?.figures?.editToRepaint?.['6 layers x 8 units'];
  add('page: edit-to-repaint p95 ≤ 16 ms (6×8 network)', e ? `${e.p95.toFixed(2)} ms (p50 ${e.p50.toFixed(2)} ms)` : 'not measured', e ? e.p95 <= 16 : null);
  const d = page?.figures?.editToRepaint?.['default 2-2-2'];
  if (d) add('page: edit-to-repaint, default network (no target)', `p95 ${d.p95.toFixed(2)} ms (p50 ${d.p50.toFixed(2)} ms)`, null);
  const xor = page?.figures?.xorTraining;
  add('page: XOR training ≥ 200,000 steps/s at ≥ 50 fps', xor ? `${Math.round(xor.stepsPerSecond).toLocaleString('en-US')} steps/s at ${xor.fps.toFixed(0)} fps` : 'not measured',
    xor ? xor.stepsPerSecond >= 200000 && xor.fps >= 50 : null,
    xor ? `2-2-1 on the 4 XOR points, full batch; frame p95 ${xor.frameP95Ms.toFixed(1)} ms; the page's own count ${Math.round(xor.pageEpochsPerSecond).toLocaleString('en-US')} epochs/s, ${xor.pageFps.toFixed(0)} fps` : '');
  const f = page?.figures?.firstRenderMs;
  const fs = page?.figures?.firstScreenMs;
  add('page: first complete render ≤ 1 s from localhost', f ? `${f.median.toFixed(0)} ms (max ${f.max.toFixed(0)} ms)` : 'not measured', f ? f.median <= 1000 : null,
    fs ? `every view drawn; the first screen complete, in its fonts: ${fs.median.toFixed(0)} ms` : '');
  // the classroom laptop on campus Wi-Fi (bench/page.mjs CLASSROOM)
  const cl = page?.figures?.classroom;
  const profile = cl ? `${cl.profile.cpuSlowdown}× CPU, ${cl.profile.downloadKbps / 1000} Mbps, ${cl.profile.latencyMs} ms RTT` : '';
  const cf = cl?.firstScreenMs;
  add('classroom laptop: first screen complete ≤ 3 s', cf ? `${cf.median.toFixed(0)} ms (max ${cf.max.toFixed(0)} ms)` : 'not measured', cf ? cf.median <= 3000 : null,
    cl ? `${profile}, cold cache; drawn ${cl.firstScreenDrawnMs.median.toFixed(0)} ms, then its fonts; every view drawn ${cl.readyMs.median.toFixed(0)} ms; ${(cl.visits[0].bytes / 1024).toFixed(0)} KB, ${cl.visits[0].transferFloorMs.toFixed(0)} ms of it at that bandwidth; ` +
      `a JavaScript loop ran ${cl.cpuSlowdownObserved.toFixed(1)}× slower than unthrottled` : '');
  const ce = cl?.editToRepaint?.['default 2-2-2'];
  add('classroom laptop: edit-to-repaint p95 ≤ 50 ms (default network)', ce ? `${ce.p95.toFixed(1)} ms (p50 ${ce.p50.toFixed(1)} ms)` : 'not measured', ce ? ce.p95 <= 50 : null,
    ce ? `${profile}; unthrottled: ${d ? `p95 ${d.p95.toFixed(1)} ms` : 'not measured'}` : '');
  const cx = cl?.xorTraining;
  add('classroom laptop: XOR training ≥ 30 fps', cx ? `${cx.fps.toFixed(0)} fps, ${Math.round(cx.stepsPerSecond).toLocaleString('en-US')} steps/s` : 'not measured', cx ? cx.fps >= 30 : null,
    cx ? `${profile}; frame p95 ${cx.frameP95Ms.toFixed(1)} ms` : '');
  add('WASM module ≤ 70 KB gzip', size.wasmBinaryGzip ? `${(size.wasmBinaryGzip / 1024).toFixed(1)} KB (the .wasm)` : 'not measured',
    size.wasmBinaryGzip ? size.wasmBinaryGzip <= 70 * 1024 : null,
    `as shipped, base64 inside the single-file glue: ${(size.engineModuleGzip / 1024).toFixed(1)} KB gzip, ${(size.engineModuleRaw / 1024).toFixed(0)} KB raw`);
  const v = page?.figures?.firstVisit;
  add('page: first visit ≤ 300 KB gzip', v ? `${(v.bytesGzip / 1024).toFixed(1)} KB in ${v.requests} requests` : 'not measured', v ? v.bytesGzip <= 300 * 1024 : null);
  return list;
}

// ---- main ---------------------------------------------------------------------------------------

function loadWarning(when) {
  const load = loadavg()[0];
  const message = `load average ${load.toFixed(2)} on ${cpus().length} cores ${when}`;
  if (load > cpus().length * 0.75) notes.push(`${message}: other processes were running; timings are noisier than usual`);
  return load;
}

async function main() {
  log(SMOKE ? 'smoke run: tiny repetition counts, no timing targets judged' : 'full run');
  const loadBefore = loadWarning('at the start');
  prepare();
  const { loadEngine } = await import('../bindings/index.js');
  const engine = await loadEngine();
  const docs = Object.fromEntries(Object.entries(WORKLOADS).map(([name, w]) => [name, w.make()]));
  const figures = Object.fromEntries(Object.keys(docs).map((name) => [name, {}]));
  const checks = [];

  // 1. native
  let nativeBinary = null;
  let nativeContext = null;
  const engineJ0 = Object.fromEntries(Object.entries(docs).map(([name, doc]) => {
    const net = engine.createNetwork(doc);
    const J = net.run().loss;
    net.dispose();
    return [name, J];
  }));
  let nativeTimes = null;
  try {
    const native = nativePart(docs);
    if (native) {
      nativeBinary = native.binary;
      nativeContext = native.context;
      nativeTimes = {};
      for (const name of Object.keys(docs)) {
        const r = native.results[`step/${name}`];
        if (!r) {
          fail(`native: no result for ${name}`);
          continue;
        }
        nativeTimes[name] = r.times;
        const d = relDiff(r.J0, engineJ0[name]);
        checks.push({ comparator: 'native', workload: name, J: d, tolerance: TOL.nativeJ, ok: d <= TOL.nativeJ });
        if (d > TOL.nativeJ) fail(`native ${name}: J0 ${r.J0} differs from WebAssembly's ${engineJ0[name]} (${d.toExponential(2)})`);
        log(`native ${name}: ${formatNs(r.median)} per step (first half)`);
      }
    }
  } catch (error) {
    fail(`native: ${error.message}`);
  }

  // 2. WebAssembly three ways, and 3a. plain JavaScript, side by side; beside L, this CPU's
  // WebAssembly SIMD128 limit
  let peakRuns = {};
  try {
    peakRuns = await simdPeakRuns();
  } catch (error) {
    fail(`SIMD128 limit kernel: ${error.message}`);
  }
  const js = jsPart(engine, docs, checks, { L: peakRuns });
  for (const name of Object.keys(docs)) Object.assign(figures[name], js[name]);
  const simdPeak = await simdPeakFigures(figures.L, docs.L);
  if (simdPeak.limitGflops) {
    log(`SIMD128 limit: ${simdPeak.limitGflops.toFixed(1)} GFLOP/s (${simdPeak.limitAccumulators} chains); ` +
      `L (a) ${simdPeak.L.gflops.toFixed(1)} GFLOP/s, ${(100 * simdPeak.L.fraction).toFixed(0)} % of it`);
  }
  // 3b. TF.js
  let tfInfo = null;
  if (!SKIP.has('tfjs')) {
    try {
      const tf = await tfjsPart(engine, docs, checks);
      tfInfo = tf.info;
      for (const [mode, byName] of Object.entries(tf.out)) for (const [name, t] of Object.entries(byName)) figures[name][mode] = t;
    } catch (error) {
      fail(`TF.js: ${error.stack ?? error.message}`);
    }
  }
  // 1b. native, second half of the repetitions
  if (nativeTimes) {
    try {
      const native = nativePart(docs, { binary: nativeBinary, second: true });
      for (const name of Object.keys(nativeTimes)) {
        const r = native.results[`step/${name}`];
        const times = nativeTimes[name].concat(r ? r.times : []);
        figures[name].native = summarise(times, r?.inner ?? 1);
        log(`native ${name}: ${formatNs(figures[name].native.median)} per step`);
      }
    } catch (error) {
      fail(`native (second half): ${error.message}`);
    }
  }
  for (const [name, byMode] of Object.entries(figures)) for (const [mode, t] of Object.entries(byMode)) checkTiming(`${name} ${mode}`, t);

  // 4. size sweep
  let sweep = null;
  if (!SKIP.has('sweep')) {
    try {
      sweep = await sweepPart(engine, nativeBinary);
    } catch (error) {
      fail(`sweep: ${error.stack ?? error.message}`);
    }
  }

  // 5. sizes and the page
  const size = sizes();
  let page = null;
  if (SKIP.has('page')) {
    notes.push('page: skipped (--skip=page)');
  } else if (!existsSync(join(root, 'dist', 'index.html'))) {
    notes.push('page: skipped: dist/index.html does not exist (npm run build builds it)');
  } else {
    try {
      const { benchPage } = await import('./page.mjs');
      page = await benchPage({ root, ...CONFIG.page, log });
      notes.push(...page.notes);
      for (const f of page.failures) fail(f);
    } catch (error) {
      fail(`page: ${error.stack ?? error.message}`);
    }
  }

  // output
  const loadAfter = loadWarning('at the end');
  const rows = table(figures);
  const targetList = SMOKE ? [] : targets(figures, page, size, simdPeak);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const mhz = nativeContext?.mhz_per_cpu || cpus()[0]?.speed;
  const machine = `${cpu}${mhz ? ` ${mhz} MHz` : ''}, ${cpus().length} cores; Node ${process.version}`;
  const elapsed = (performance.now() - started) / 1000;

  console.log(`\nBackprop Sandbox benchmark${SMOKE ? ' (SMOKE: tiny repetition counts, timings meaningless)' : ''}`);
  console.log(`${machine}; one training step = forward + backward + update; median of ${CONFIG.reps} warm repetitions (native: ${CONFIG.nativeReps})`);
  for (const [name, w] of Object.entries(WORKLOADS)) console.log(`  ${name}: ${w.description}`);
  console.log('  ÷ native: this time over native; "plain JS ÷" etc.: that time over this one (> 1: this is faster)\n');
  console.log(renderTable(rows));
  const peakText = simdPeak.limitGflops ? simdPeakText(simdPeak) : null;
  if (peakText) console.log(`\n${peakText}`);
  console.log('\nAgreement with the engine (checked before timing):');
  for (const c of checks) {
    const what = c.comparator === 'native'
      ? `J0 ${c.J.toExponential(1)}`
      : `gradients ${c.gradient.toExponential(1)}, J ${c.J.toExponential(1)}, parameters after a step ${c.parametersAfterStep.toExponential(1)}` +
        (c.intermediates === undefined ? '' : `, run() intermediates ${c.intermediates.toExponential(1)}`);
    console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.comparator.padEnd(9)} ${c.workload}: ${what} (tolerance ${c.tolerance})`);
  }
  if (targetList.length) {
    console.log('\nTargets:');
    for (const tg of targetList) {
      const mark = tg.ok == null ? '  -  ' : tg.ok ? ' met ' : 'MISSED';
      console.log(`  ${mark.padEnd(6)} ${tg.target}: ${tg.measured}${tg.detail ? ` (${tg.detail})` : ''}`);
    }
  }
  if (notes.length) {
    console.log('\nNotes:');
    for (const n of notes) console.log(`  ${n}`);
  }

  const results = {
    date: new Date().toISOString(),
    smoke: SMOKE,
    machine: { cpu, cores: cpus().length, node: process.version, loadAverage: { start: loadBefore, end: loadAfter }, nativeContext },
    config: CONFIG,
    tolerances: TOL,
    units: 'nanoseconds per training step (wasm-run: per net.run() call)',
    workloads: Object.fromEntries(Object.entries(WORKLOADS).map(([n, w]) => [n, { description: w.description, layers: docs[n].layers, batch: batchOf(docs[n]), flopsPerStep: stepFlops(docs[n].layers, batchOf(docs[n])) }])),
    figures,
    table: rows,
    checks,
    targets: targetList,
    tfjs: tfInfo,
    sizes: size,
    page: page?.figures ?? null,
    simdPeak,
    sweep,
    notes,
    failures,
    elapsedSeconds: elapsed,
  };
  writeFileSync(join(OUT_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const md = [`Measured ${results.date.slice(0, 10)} on ${machine} (load average ${loadBefore.toFixed(1)} at the start, ` +
    `${loadAfter.toFixed(1)} at the end); \`npm run bench\` took ${elapsed.toFixed(0)} s. Median of ${CONFIG.reps} warm repetitions ` +
    `(native: ${CONFIG.nativeReps}); "÷ native": this time over native; "plain JS ÷" etc.: that time over this one (> 1: this is faster).`,
  '', renderTable(rows, true)];
  if (peakText) md.push('', peakText);
  if (targetList.length) {
    md.push('', '| target | measured | |', '| --- | --- | --- |',
      ...targetList.map((tg) => `| ${tg.target} | ${tg.measured}${tg.detail ? ` (${tg.detail})` : ''} | ${tg.ok == null ? '' : tg.ok ? 'met' : 'missed'} |`));
  }
  writeFileSync(join(OUT_DIR, 'results.md'), `${md.join('\n')}\n`);
  if (sweep && Object.keys(sweep.impls).length) {
    writeFileSync(join(OUT_DIR, 'sweep.svg'), sweepChart(sweep, {
      title: 'Backprop Sandbox: cost of one training step as the network grows',
      subtitle: `${machine}; median of ${CONFIG.sweep.reps} repetitions per point; ${results.date.slice(0, 10)}`,
    }));
  }
  console.log(`\nWrote ${join(OUT_DIR, 'results.json')}, results.md${sweep ? ', sweep.svg' : ''} in ${elapsed.toFixed(0)} s`);
  if (failures.length) {
    console.log(`\n${failures.length} problem(s):`);
    for (const f of failures) console.log(`  ${f}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error.stack ?? error);
  process.exitCode = 1;
});
