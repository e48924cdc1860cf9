// `npm test`: installs what is missing, builds, and runs every suite:
//   1. tests/engine  GoogleTest through ctest (native g++ build of the same engine sources),
//                    then again built with AddressSanitizer and UBSan
//   2. tests/wasm    Jest on the built WebAssembly module, through the public API
//   3. bench/        the benchmark's smoke run (tiny repetition counts, no timing asserted)
//   4. tests/e2e     Playwright on Debian's Chromium, against dist/
//   5. tests/e2e/engines  the shared browser scenarios under node:test, one process per engine:
//                    Chromium (puppeteer-core, DevTools protocol), Firefox ESR (puppeteer-core,
//                    WebDriver BiDi), WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver and
//                    webdriverio, under Xvfb); a browser that is not installed fails its suite
// (and first of all ESLint, scripts/lint.mjs: no HTML from strings, no eval).
// Each runner prints its own report as it goes and writes a machine-readable one (test-results/:
// ctest and node:test JUnit XML, Jest and Playwright JSON, lint.mjs's JSON; the bench smoke's
// results.json);
// the counts come from those files, never from the printed text. The run ends with each
// runner's summary line and a total, and exits non-zero if any suite failed, exited non-zero
// or wrote no report.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildEngine, buildWeb } from './build.mjs';
import { emscriptenEnv, ensureNodeModules, ensurePackages, log, root, run } from './setup.mjs';

const REPORTS = join(root, 'test-results');

/** Runs a runner with its output shown live; resolves to its exit code. */
function suite(name, command, args, env = process.env) {
  log(`${name}: ${command} ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error) => {
      console.error(`${name}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Readers of the reports: each takes the report's text and returns { lines, passed, failed }
 * (lines: the runner's summary), or throws if the report is not what the runner writes.
 */
export const READERS = {
  /** scripts/lint.mjs --report: { files, passed, failed, problems }. */
  eslint(text) {
    const r = JSON.parse(text);
    if (!Number.isInteger(r.files)) throw new Error('no file count');
    return { lines: [`${r.files} files checked: ${r.passed} passed, ${r.failed} failed (${plural(r.problems, 'problem')})`], passed: r.passed, failed: r.failed };
  },
  /**
   * ctest --output-junit: a <testcase status="run|fail|notrun|disabled"> per test. A test that
   * skipped itself (GTEST_SKIP, which ctest matches with SKIP_REGULAR_EXPRESSION) is "notrun"
   * with <skipped message="SKIP_REGULAR_EXPRESSION_MATCHED">: skipped, not failed; any other
   * test not run fails the run, as it fails ctest.
   */
  ctest(text) {
    const total = Number(text.match(/<testsuite\b[^>]*\btests="(\d+)"/)?.[1]);
    if (!Number.isInteger(total)) throw new Error('no <testsuite tests="...">');
    const cases = [...text.matchAll(/<testcase\b[^>]*\bstatus="(\w+)"[^>]*>\s*(<skipped message="([^"]*)")?/g)]
      .map((m) => (m[1] === 'notrun' && m[3] === 'SKIP_REGULAR_EXPRESSION_MATCHED' ? 'skipped' : m[1]));
    if (cases.length !== total) throw new Error(`${total} tests announced, ${cases.length} test cases`);
    const passed = cases.filter((st) => st === 'run').length;
    const failed = cases.filter((st) => st === 'fail').length;
    const skipped = cases.filter((st) => st === 'skipped').length;
    const notRun = total - passed - failed - skipped;
    return {
      lines: [`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${notRun ? `, ${notRun} not run` : ''}, ${total} total`],
      passed,
      failed: failed + notRun,
    };
  },
  /**
   * node --test --test-reporter=junit: a <testcase> per test (a test with subtests is a
   * <testsuite> holding them, as is a describe() suite), with a <failure> when it failed or was
   * cancelled (cut short by its suite's failed hook) and a <skipped> when skipped or a todo;
   * then node's own counts in closing comments (<!-- tests N -->, pass, fail, cancelled,
   * skipped, todo, suites), which these are. The report must hold every test it counts. A test
   * file that did not load is one failed <testcase> named after the file.
   */
  junit(text) {
    const counts = Object.fromEntries([...text.matchAll(/<!-- (\w+) (\d+) -->/g)].map((m) => [m[1], Number(m[2])]));
    const { tests, suites, pass, fail, cancelled, skipped, todo } = counts;
    if (!/<testsuites>/.test(text) || ![tests, suites, pass, fail, cancelled, skipped, todo].every(Number.isInteger)) {
      throw new Error('not a node:test JUnit report (no <!-- tests N --> … <!-- todo N -->)');
    }
    if (pass + fail + cancelled + skipped + todo !== tests) throw new Error(`${tests} tests announced, ${pass + fail + cancelled + skipped + todo} counted`);
    const cases = (text.match(/<testcase\b/g) ?? []).length;
    const parents = (text.match(/<testsuite\b/g) ?? []).length - suites;
    if (cases + parents !== tests) throw new Error(`${tests} tests announced, ${cases} test cases and ${parents} tests with subtests in the report`);
    const failed = fail + cancelled;
    return {
      lines: [`${pass} passed, ${failed} failed${cancelled ? ` (${cancelled} cancelled)` : ''}${skipped + todo ? `, ${skipped + todo} skipped${todo ? ` (${todo} todo)` : ''}` : ''}, ${tests} total`],
      passed: pass,
      failed,
    };
  },
  /** jest --json --outputFile. */
  jest(text) {
    const r = JSON.parse(text);
    if (!Number.isInteger(r.numTotalTests)) throw new Error('no test count');
    const parts = (pairs) => pairs.filter(([n, , always]) => n > 0 || always).map(([n, word]) => `${n} ${word}`).join(', ');
    return {
      lines: [
        `Test Suites: ${parts([[r.numFailedTestSuites, 'failed'], [r.numPendingTestSuites, 'skipped'], [r.numPassedTestSuites, 'passed', true], [r.numTotalTestSuites, 'total', true]])}`,
        `Tests: ${parts([[r.numFailedTests, 'failed'], [r.numPendingTests, 'skipped'], [r.numTodoTests, 'todo'], [r.numPassedTests, 'passed', true], [r.numTotalTests, 'total', true]])}`,
      ],
      passed: r.numPassedTests,
      // a suite that failed to run (counted in numFailedTestSuites) has no failed test of its own
      failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0),
    };
  },
  /** bench/run.mjs --smoke: results.json, each comparator's agreement check and every problem. */
  bench(text) {
    const r = JSON.parse(text);
    if (!Array.isArray(r.checks) || !Array.isArray(r.failures)) throw new Error('no checks');
    if (!r.smoke) throw new Error('not a smoke run');
    const passed = r.checks.filter((c) => c.ok).length;
    const failed = r.failures.length; // a check that disagrees is one of them
    return { lines: [`${passed} passed, ${failed} failed (comparators agree with the engine; no timing is asserted)`], passed, failed };
  },
  /** Playwright's JSON reporter: stats, and the tests that passed only on a retry (flaky). */
  playwright(text) {
    const r = JSON.parse(text);
    const { expected, unexpected, flaky, skipped } = r.stats ?? {};
    if (!Number.isInteger(expected)) throw new Error('no stats');
    const errors = r.errors?.length ?? 0; // outside any test: global setup, a file that does not load
    const flakyTitles = [];
    const walk = (s, path) => {
      for (const spec of s.specs ?? []) {
        for (const t of spec.tests ?? []) if (t.status === 'flaky') flakyTitles.push(`${spec.file}: ${[...path, spec.title].join(' › ')}`);
      }
      for (const child of s.suites ?? []) walk(child, [...path, child.title]);
    };
    for (const s of r.suites ?? []) walk(s, []);
    const lines = [
      `${expected + flaky} passed${flaky ? ` (${flaky} flaky: passed on a retry)` : ''}, ${unexpected} failed, ${skipped} skipped` +
        `${errors ? `, ${plural(errors, 'error')} outside tests` : ''}`,
      ...flakyTitles.map((t) => `  flaky: ${t}`),
    ];
    return { lines, passed: expected + flaky, failed: unexpected + errors };
  },
};

/** Runs one suite after removing its old report, then reads the new one. */
async function runSuite({ name, label = name, command, args, env, report }) {
  rmSync(report, { force: true }); // a report left from an earlier run must not count
  const code = await suite(label, command, args, env);
  let summary = null;
  let problem = null;
  if (!existsSync(report)) problem = `wrote no report (${report})`;
  else {
    try {
      summary = READERS[name](readFileSync(report, 'utf8'));
    } catch (error) {
      problem = `unreadable report ${report}: ${error.message}`;
    }
  }
  return { label, code, summary, problem };
}

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

  const jestBin = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  const suites = [
    // First and fast: no HTML from strings and no eval anywhere in our code (eslint.config.js).
    { name: 'eslint', command: process.execPath, args: [join(root, 'scripts', 'lint.mjs'), '--report', join(REPORTS, 'eslint.json')], report: join(REPORTS, 'eslint.json') },
    ...[['build/native', 'ctest', 'ctest-native.xml'], ['build/sanitize', 'ctest (ASan+UBSan)', 'ctest-sanitize.xml']].map(([dir, label, file]) => ({
      name: 'ctest', label, command: 'ctest', args: ['--test-dir', dir, '--output-on-failure', '-j2', '--output-junit', join(REPORTS, file)], report: join(REPORTS, file),
    })),
    {
      name: 'jest',
      command: process.execPath,
      args: ['--experimental-vm-modules', jestBin, '--ci', '--json', `--outputFile=${join(REPORTS, 'jest.json')}`],
      env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules --no-warnings=ExperimentalWarning' },
      report: join(REPORTS, 'jest.json'),
    },
    // The benchmark, in tiny repetition counts, so that it never rots.
    { name: 'bench', label: 'bench smoke', command: process.execPath, args: [join(root, 'bench', 'run.mjs'), '--smoke'], report: join(root, 'build', 'bench', 'smoke', 'results.json') },
  ];
  const e2eConfig = join(root, 'tests', 'e2e', 'playwright.config.js');
  if (existsSync(e2eConfig)) {
    // The config adds a JSON reporter writing test-results/playwright.json.
    const cli = join(root, 'node_modules', '@playwright', 'test', 'cli.js');
    suites.push({ name: 'playwright', command: process.execPath, args: [cli, 'test', '-c', e2eConfig], report: join(REPORTS, 'playwright.json') });
  }
  // The same scenarios in three engines (tests/e2e/engines/scenarios.js): one node:test process
  // each, its spec report printed, its JUnit report counted.
  for (const [engine, label] of [['chromium', 'chromium (scenarios)'], ['firefox', 'firefox'], ['webkit', 'webkit']]) {
    const report = join(REPORTS, `engine-${engine}.xml`);
    suites.push({
      name: 'junit',
      label,
      command: process.execPath,
      args: ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=junit', `--test-reporter-destination=${report}`,
        join(root, 'tests', 'e2e', 'engines', `${engine}.test.mjs`)],
      report,
    });
  }
  mkdirSync(REPORTS, { recursive: true });
  const results = [];
  for (const s of suites) results.push(await runSuite(s));

  console.log('\n=== Summary ===');
  let passed = 0;
  let failed = 0;
  let ok = true;
  for (const { label, code, summary, problem } of results) {
    if (!summary) {
      console.log(`${label}: ${problem} (exit code ${code})`);
      ok = false;
      continue;
    }
    for (const line of summary.lines) console.log(`${label}: ${line}`);
    if (code !== 0) console.log(`${label}: exited with code ${code}`);
    passed += summary.passed;
    failed += summary.failed;
    if (code !== 0 || summary.failed > 0 || summary.passed === 0) ok = false;
  }
  console.log(`total: ${passed} passed, ${failed} failed${ok ? '' : ' (FAILED)'}`);
  process.exit(ok ? 0 : 1);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}
