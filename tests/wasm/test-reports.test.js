// `npm test` (scripts/test.mjs) counts each runner's results from its machine-readable report:
// the readers on reports of the shapes each runner writes, passes, failures and the cases that
// must not pass quietly (a Playwright test that passed only on a retry, a Jest suite that did
// not load, a ctest test that did not run, a node:test report cut short, a report of another
// kind).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { READERS } from '../../scripts/test.mjs';

test('ctest JUnit: passed, failed and not run from the test cases', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="(empty)"
\ttests="4"
\tfailures="1"
\tdisabled="0"
\tskipped="1"
\t>
\t<testcase name="A.B" classname="A.B" time="0.1" status="run"></testcase>
\t<testcase name="A.C" classname="A.C" time="0.1" status="run"></testcase>
\t<testcase name="A.D" classname="A.D" time="0.1" status="fail"><failure message=""/></testcase>
\t<testcase name="A.E" classname="A.E" time="0" status="notrun"><skipped message=""/></testcase>
</testsuite>`;
  expect(READERS.ctest(xml)).toEqual({ lines: ['2 passed, 1 failed, 1 not run, 4 total'], passed: 2, failed: 2 });
  expect(() => READERS.ctest(xml.replace('tests="4"', 'tests="5"'))).toThrow(/5 tests announced, 4 test cases/);
  expect(() => READERS.ctest('{}')).toThrow();
});

test('ctest JUnit: a test that skipped itself (GTEST_SKIP) is skipped, not failed', () => {
  // As ctest writes it for GTEST_SKIP under its SKIP_REGULAR_EXPRESSION (the sanitizer build
  // skips one test that cannot bound its address space).
  const xml = `<testsuite name="(empty)" tests="3" failures="0" disabled="0" skipped="1">
	<testcase name="A.B" classname="A.B" time="0.1" status="run"></testcase>
	<testcase name="A.C" classname="A.C" time="0.1" status="run"></testcase>
	<testcase name="A.S" classname="A.S" time="0.2" status="notrun">
		<skipped message="SKIP_REGULAR_EXPRESSION_MATCHED"/>
		<system-out>[  SKIPPED ] A.S (0 ms)</system-out>
	</testcase>
</testsuite>`;
  expect(READERS.ctest(xml)).toEqual({ lines: ['2 passed, 0 failed, 1 skipped, 3 total'], passed: 2, failed: 0 });
});

test('Jest JSON: a suite that did not load counts as a failure', () => {
  const report = {
    numFailedTestSuites: 2, numPassedTestSuites: 0, numPendingTestSuites: 0, numRuntimeErrorTestSuites: 1, numTotalTestSuites: 2,
    numFailedTests: 1, numPassedTests: 1, numPendingTests: 1, numTodoTests: 0, numTotalTests: 3,
  };
  expect(READERS.jest(JSON.stringify(report))).toEqual({
    lines: ['Test Suites: 2 failed, 0 passed, 2 total', 'Tests: 1 failed, 1 skipped, 1 passed, 3 total'],
    passed: 1,
    failed: 2,
  });
  expect(() => READERS.jest('{"stats":{}}')).toThrow();
});

test('Playwright JSON: a test that passed on a retry counts as passed and is named; errors outside tests fail', () => {
  const report = {
    suites: [{
      title: 'a.spec.js',
      specs: [{ title: 'plain', file: 'a.spec.js', tests: [{ status: 'expected' }] }],
      suites: [{ title: 'group', specs: [{ title: 'retried', file: 'a.spec.js', tests: [{ status: 'flaky' }] }] }],
    }],
    errors: [],
    stats: { expected: 1, unexpected: 0, flaky: 1, skipped: 0 },
  };
  expect(READERS.playwright(JSON.stringify(report))).toEqual({
    lines: ['2 passed (1 flaky: passed on a retry), 0 failed, 0 skipped', '  flaky: a.spec.js: group › retried'],
    passed: 2,
    failed: 0,
  });
  const broken = { ...report, errors: [{ message: 'global setup failed' }] };
  expect(READERS.playwright(JSON.stringify(broken)).failed).toBe(1);
});

test('the bench smoke: agreement checks and problems; a full run is not a smoke report', () => {
  const report = { smoke: true, checks: [{ ok: true }, { ok: true }, { ok: false }], failures: ['plain-js S: disagrees'] };
  expect(READERS.bench(JSON.stringify(report))).toMatchObject({ passed: 2, failed: 1 });
  expect(() => READERS.bench(JSON.stringify({ ...report, smoke: false }))).toThrow(/not a smoke run/);
});

test('eslint: lint.mjs --report counts', () => {
  expect(READERS.eslint('{"files":3,"passed":2,"failed":1,"problems":4}')).toEqual({
    lines: ['3 files checked: 2 passed, 1 failed (4 problems)'],
    passed: 2,
    failed: 1,
  });
});

/** Runs node --test on a test file written from `source`; returns the JUnit report it writes. */
function nodeTestJunit(source) {
  const dir = mkdtempSync(join(tmpdir(), 'bp-junit-'));
  try {
    writeFileSync(join(dir, 'fixture.test.mjs'), source);
    const report = join(dir, 'report.xml');
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // Jest's --experimental-vm-modules is not for the child
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=junit', `--test-reporter-destination=${report}`, join(dir, 'fixture.test.mjs')], { env, encoding: 'utf8' });
    return { status: run.status, xml: readFileSync(report, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('node:test JUnit (as node --test writes it): passed, failed, cancelled by a failed hook, skipped, todo, subtests', () => {
  // Every kind of outcome, and a failure message with markup in it.
  const { status, xml } = nodeTestJunit(`
    import { describe, test, before } from 'node:test';
    import assert from 'node:assert/strict';
    test('passes', () => {});
    test('fails', () => { assert.fail('expected <testcase name="x"/> & </testcase> > y'); });
    test('skipped', { skip: true }, () => {});
    test('todo', { todo: true }, () => {});
    describe('firefox', () => {
      test('firefox: passes in a suite', () => {});
      test('firefox: has subtests', async (t) => { await t.test('a subtest passes', () => {}); });
    });
    describe('webkit', () => {
      before(() => { throw new Error('MiniBrowser is missing'); });
      test('webkit: cancelled one', () => {});
      test('webkit: cancelled two', () => {});
    });
  `);
  expect(status).toBe(1);
  // passed: passes, the suite's test, the test with subtests and its subtest; failed: fails and
  // the two cancelled; skipped: skipped and todo.
  expect(READERS.junit(xml)).toEqual({ lines: ['4 passed, 3 failed (2 cancelled), 2 skipped (1 todo), 9 total'], passed: 4, failed: 3 });
  // A report cut short (a test case missing) or of another kind is refused.
  const cut = xml.replace(/<testcase name="passes"[^>]*\/>/, '');
  expect(cut).not.toBe(xml);
  expect(() => READERS.junit(cut)).toThrow(/9 tests announced, 7 test cases/);
  expect(() => READERS.junit(xml.replace(/<!-- pass \d+ -->/, '<!-- pass 5 -->'))).toThrow(/9 tests announced, 10 counted/);
  expect(() => READERS.junit('{"numTotalTests": 1}')).toThrow(/not a node:test JUnit report/);
});

test('node:test JUnit: all passing, and a test file that does not load', () => {
  const ok = nodeTestJunit("import { test } from 'node:test';\ntest('a', () => {});\ntest('b', () => {});\n");
  expect(ok.status).toBe(0);
  expect(READERS.junit(ok.xml)).toEqual({ lines: ['2 passed, 0 failed, 2 total'], passed: 2, failed: 0 });
  const broken = nodeTestJunit("import './no-such-module.mjs';\n");
  expect(broken.status).toBe(1);
  expect(READERS.junit(broken.xml)).toEqual({ lines: ['0 passed, 1 failed, 1 total'], passed: 0, failed: 1 });
});
