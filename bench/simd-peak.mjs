// This CPU's WebAssembly SIMD128 limit for the engine's products (bench/simd_peak.cpp), in the
// Node process and V8 that run the engine's benchmark: built by em++ -O3 -msimd128 through the
// engine's own WebAssembly build directory (CMakeLists.txt, target simd_peak), loaded like the
// engine (a CommonJS factory with the WebAssembly embedded), checked against the same
// recurrence in JavaScript, then timed by bench/run.mjs beside workload L.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { emscriptenEnv, run } from '../scripts/setup.mjs';

const require = createRequire(import.meta.url);

/** The chains the kernel runs side by side (simd_peak.cpp: 8, 10 or 12). */
export const ACCUMULATORS = [8, 10, 12];

// x <- x c + d: c < 1, so every chain tends to d / (1 - c) = 1 and stays there.
const C = 0.999;
const D = 0.001;

/** Flops of one kernel call: per step, `accumulators` multiply-adds on 2 lanes, 2 flops each. */
export const kernelFlops = (accumulators, steps) => 4 * accumulators * steps;

/** The kernel's result computed in JavaScript: the same operations in the same order. */
export function reference(accumulators, steps) {
  const lanes = [];
  for (let i = 0; i < accumulators; ++i) lanes.push([1 + i, 1.5 + i]);
  for (let t = 0; t < steps; ++t) for (const x of lanes) for (let l = 0; l < 2; ++l) x[l] = x[l] * C + D;
  let s0 = lanes[0][0];
  let s1 = lanes[0][1];
  for (let i = 1; i < accumulators; ++i) {
    s0 += lanes[i][0];
    s1 += lanes[i][1];
  }
  return s0 + s1;
}

/** Builds build/wasm/simd-peak.cjs (incrementally) and loads it. */
export async function loadSimdPeak(root) {
  const dir = join(root, 'build', 'wasm');
  const env = emscriptenEnv();
  if (!existsSync(join(dir, 'build.ninja'))) {
    run('emcmake', ['cmake', '-S', '.', '-B', dir, '-G', 'Ninja', '-DCMAKE_BUILD_TYPE=Release',
      '-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  run('cmake', ['--build', dir, '--target', 'simd_peak'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const factory = require(join(dir, 'simd-peak.cjs'));
  const module = await factory();
  return {
    /** `steps` steps of `accumulators` chains; the sum of every lane. */
    run: (accumulators, steps) => module._simd_peak(accumulators, steps, C, D),
  };
}
