// Timing in JavaScript: warm repetitions of a batch of calls, the median per call.
//
// `run(k)` performs k calls (e.g. k training steps) and returns something that depends on
// them (kept, so that nothing is optimised away). The batch size k is calibrated so that one
// repetition lasts at least `repMs` (a single 100 ns call is below what a timer resolves
// reliably); after a warm-up, each of `reps` repetitions gives one time per call.

let sink = 0;

/** Keeps `value` alive (and the computation that made it). */
export function consume(value) {
  if (typeof value === 'number') sink += value;
  else if (value != null) sink += 1;
}

const now = () => performance.now();

function timed(run, k) {
  const t0 = now();
  consume(run(k));
  return now() - t0;
}

/**
 * Calibrates and warms `run`; returns a timer whose rep() times one repetition (ns per call).
 * options: repMs: least duration of one repetition; warmMs: least warm-up time (calibration
 * included); maxK: cap on the calls per repetition.
 */
export function prepareTimer(run, { repMs = 5, warmMs = 100, maxK = 1e7 } = {}) {
  const start = now();
  let k = 1;
  let t = timed(run, k);
  // calibrate: grow k until a repetition lasts repMs
  while (t < repMs && k < maxK) {
    k = Math.min(maxK, t <= 0 ? k * 10 : Math.max(k * 2, Math.ceil((k * repMs * 1.2) / t)));
    t = timed(run, k);
  }
  while (now() - start < warmMs) timed(run, k); // warm (JIT tiers, caches)
  return { inner: k, lastMs: t, rep: () => (timed(run, k) * 1e6) / k };
}

/**
 * Times `run` alone: `reps` repetitions after calibration and warm-up (fewer, but at least 3,
 * if they would take longer than `budgetMs` in all).
 * @returns { median, min, max, mean, reps, inner } in nanoseconds per call
 */
export function measure(run, { reps = 31, budgetMs = Infinity, ...options } = {}) {
  const timer = prepareTimer(run, options);
  // a slow call (a large sweep point) gets fewer repetitions, never fewer than 3
  const count = Math.max(Math.min(reps, 3), Math.min(reps, Math.floor(budgetMs / Math.max(timer.lastMs, 1e-3))));
  const times = [];
  for (let r = 0; r < count; ++r) times.push(timer.rep());
  return summarise(times, timer.inner);
}

/**
 * Times several `runs` ({ name: run }) side by side: each is calibrated and warmed, then the
 * repetitions take turns (A B C A B C ...), so that a burst of load from elsewhere on a shared
 * machine falls on all of them alike and their ratios stay fair.
 * @returns { name: { median, min, max, mean, reps, inner } }
 */
export function measureInterleaved(runs, { reps = 31, ...options } = {}) {
  const timers = Object.entries(runs).map(([name, run]) => [name, prepareTimer(run, options)]);
  const times = Object.fromEntries(timers.map(([name]) => [name, []]));
  for (let r = 0; r < reps; ++r) for (const [name, timer] of timers) times[name].push(timer.rep());
  return Object.fromEntries(timers.map(([name, timer]) => [name, summarise(times[name], timer.inner)]));
}

export function summarise(times, inner = 1) {
  const sorted = times.slice().sort((x, y) => x - y);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  return { median, min: sorted[0], max: sorted[n - 1], mean, reps: n, inner };
}

/** "123 ns", "4.56 µs", "7.89 ms", "1.23 s" */
export function formatNs(ns) {
  if (!Number.isFinite(ns)) return String(ns);
  const unit = ns < 1e3 ? [1, 'ns'] : ns < 1e6 ? [1e3, 'µs'] : ns < 1e9 ? [1e6, 'ms'] : [1e9, 's'];
  const v = ns / unit[0];
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${unit[1]}`;
}
