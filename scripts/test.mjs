// `npm test`: installs what is missing, builds, and runs every suite:
//   1. tests/engine  GoogleTest through ctest (native g++ build of the same engine sources),
//                    then again built with AddressSanitizer and UBSan
//   2. tests/wasm    Jest on the built WebAssembly module, through the public API
//   3. bench/        the benchmark's smoke run (tiny repetition counts, no timing asserted)
//   4. tests/e2e     Playwright on Debian's Chromium, against dist/
// (and first of all ESLint, scripts/lint.mjs: no HTML from strings, no eval).
// Each runner prints its own report; the run ends with each runner's summary line again
// and a total, and exits non-zero if any suite failed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildEngine, buildWeb } from './build.mjs';
import { emscriptenEnv, ensureNodeModules, ensurePackages, log, root, run } from './setup.mjs';

/** Runs a suite with its output shown live; resolves to { code, output }. */
function suite(name, command, args, env = process.env) {
  log(`${name}: ${command} ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const echo = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

// eslint-disable-next-line no-control-regex
const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** Each runner's own summary line(s), and its pass/fail counts. */
const SUMMARIES = {
  ctest(text) {
    const line = text.match(/^.*tests passed, \d+ tests failed out of \d+.*$/m)?.[0];
    if (!line) return null;
    const [, failed, total] = line.match(/(\d+) tests failed out of (\d+)/).map(Number);
    return { lines: [line], passed: total - failed, failed };
  },
  jest(text) {
    const lines = text.match(/^(Test Suites|Tests):.*$/gm);
    const tests = lines?.find((l) => l.startsWith('Tests:'));
    if (!tests) return null;
    const count = (word) => Number(tests.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
    return { lines, passed: count('passed'), failed: count('failed') };
  },
  eslint(text) {
    // scripts/lint.mjs: "eslint: <files> files checked: <n> passed, <n> failed (<p> problems)"
    const line = text.match(/^eslint: \d+ files checked: \d+ passed, \d+ failed.*$/m)?.[0];
    if (!line) return null;
    const [, passed, failed] = line.match(/(\d+) passed, (\d+) failed/).map(Number);
    return { lines: [line.replace(/^eslint: /, '')], passed, failed };
  },
  bench(text) {
    // bench/run.mjs --smoke: each comparator's agreement with the engine, then a table.
    const ok = (text.match(/^ {2}ok {3}/gm) ?? []).length;
    const failed = (text.match(/^ {2}FAIL /gm) ?? []).length;
    if (ok + failed === 0) return null;
    return { lines: [`${ok} passed, ${failed} failed (comparators agree with the engine; no timing is asserted)`], passed: ok, failed };
  },
  playwright(text) {
    const lines = text.match(/^\s+\d+ (passed|failed|flaky|skipped|did not run|interrupted)\b.*$/gm);
    if (!lines) return null;
    const count = (word) => Number(lines.find((l) => l.includes(word))?.match(/(\d+)/)[1] ?? 0);
    return { lines: lines.map((l) => l.trim()), passed: count('passed') + count('flaky'), failed: count('failed') };
  },
};

async function main() {
  ensurePackages(['build', 'test']);
  ensureNodeModules();
  buildEngine();
  buildWeb();

  const env = emscriptenEnv();
  run('cmake', ['-S', '.', '-B', 'build/native', '-G', 'Ninja', '-DCMAKE_BUILD_TYPE=Release'], { env });
  run('cmake', ['--build', 'build/native'], { env });
  // The same suite under AddressSanitizer and UBSan: the engine reads documents from strangers.
  run('cmake', ['-S', '.', '-B', 'build/sanitize', '-G', 'Ninja', '-DCMAKE_BUILD_TYPE=RelWithDebInfo', '-DBP_SANITIZE=ON'], { env });
  run('cmake', ['--build', 'build/sanitize'], { env });

  const results = [];
  // First and fast: no HTML from strings and no eval anywhere in our code (eslint.config.js).
  results.push(['eslint', await suite('eslint', process.execPath, [join(root, 'scripts', 'lint.mjs')])]);
  results.push(['ctest', await suite('ctest', 'ctest', ['--test-dir', 'build/native', '--output-on-failure', '-j2'])]);
  results.push(['ctest', await suite('ctest (ASan+UBSan)', 'ctest', ['--test-dir', 'build/sanitize', '--output-on-failure', '-j2']), 'ctest (ASan+UBSan)']);
  const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  results.push(['jest', await suite('jest', process.execPath, ['--experimental-vm-modules', jest, '--ci'], {
    ...process.env,
    NODE_OPTIONS: '--experimental-vm-modules --no-warnings=ExperimentalWarning',
  })]);
  // The benchmark, in tiny repetition counts, so that it never rots.
  results.push(['bench', await suite('bench smoke', process.execPath, [join(root, 'bench', 'run.mjs'), '--smoke']), 'bench smoke']);
  const e2eConfig = join(root, 'tests', 'e2e', 'playwright.config.js');
  if (existsSync(e2eConfig)) {
    const cli = join(root, 'node_modules', '@playwright', 'test', 'cli.js');
    results.push(['playwright', await suite('playwright', process.execPath, [cli, 'test', '-c', e2eConfig])]);
  }

  console.log('\n=== Summary ===');
  let passed = 0;
  let failed = 0;
  let ok = true;
  for (const [name, { code, output }, label = name] of results) {
    const summary = SUMMARIES[name](plain(output));
    if (!summary) {
      console.log(`${label}: no summary (exit code ${code})`);
      ok = false;
      continue;
    }
    for (const line of summary.lines) console.log(`${label}: ${line}`);
    passed += summary.passed;
    failed += summary.failed;
    if (code !== 0 || summary.failed > 0 || summary.passed === 0) ok = false;
  }
  console.log(`total: ${passed} passed, ${failed} failed`);
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
