// The native reference: builds bench/native_bench.cpp (Google Benchmark, g++ -O3
// -march=native) in its own build directory, build/bench, and runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { summarise } from './harness.js';
import { ensurePackages } from '../scripts/setup.mjs';

/** Builds build/bench/bench/native_bench (incrementally); returns its path. */
export function buildNative(root, log) {
  ensurePackages(['build', 'bench']); // scripts/setup.mjs: apt-get as root, or says what to install
  const dir = join(root, 'build', 'bench');
  // maxBuffer: GCC's -march=native warnings from inside Eigen's AVX-512 code run to megabytes.
  const quiet = { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 << 20 };
  const step = (args) => {
    const r = spawnSync('cmake', args, quiet);
    if (r.status !== 0) throw new Error(`cmake ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  };
  if (!existsSync(join(dir, 'build.ninja'))) {
    log('configuring build/bench (g++ -O3 -march=native, Google Benchmark)');
    step(['-S', '.', '-B', dir, '-G', 'Ninja', '-DCMAKE_BUILD_TYPE=Release', '-DBP_BENCH=ON']);
  }
  log('building native_bench');
  step(['--build', dir, '--target', 'native_bench']);
  return join(dir, 'bench', 'native_bench');
}

/**
 * Runs native_bench. `workloads`: { name: path of a network document }; `sweep`: [[w, m], ...].
 * Returns { name: { median, min, max, mean, reps, J0 } } in ns per step; names "step/S",
 * "sweep/8x1", ... and the machine's context (CPU, caches) as Google Benchmark reports it.
 */
export function runNative(binary, { workloads = {}, sweep = [], reps, minTime, outDir }) {
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `native-${process.pid}-${Date.now()}.json`);
  const args = [
    ...Object.entries(workloads).map(([name, path]) => `--workload=${name}:${path}`),
    ...(sweep.length ? [`--sweep=${sweep.map(([w, m]) => `${w}x${m}`).join(',')}`] : []),
    `--benchmark_repetitions=${reps}`,
    `--benchmark_min_time=${minTime}`,
    `--benchmark_out=${out}`,
    '--benchmark_out_format=json',
    '--benchmark_format=json',
  ];
  const r = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`native_bench failed (${r.status}):\n${r.stderr}`);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
  const scale = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };
  const byName = {};
  for (const b of report.benchmarks) {
    if (b.error_occurred) throw new Error(`native_bench ${b.name}: ${b.error_message}`);
    if (b.run_type !== 'iteration') continue;
    const name = b.run_name.replace(/\/real_time$/, '');
    (byName[name] ??= { times: [], J0: b.J0, iterations: b.iterations }).times.push(b.real_time * scale[b.time_unit]);
  }
  const results = {};
  for (const [name, { times, J0, iterations }] of Object.entries(byName)) {
    results[name] = { ...summarise(times, iterations), J0, times };
  }
  return { results, context: report.context };
}
