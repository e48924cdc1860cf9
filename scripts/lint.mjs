// `npm run lint`: ESLint with eslint.config.js (no HTML from strings, no eval) over web/,
// bindings/*.js, bin/ and scripts/. Prints every problem, then one summary line:
//
//   eslint: <files> files checked: <n> passed, <n> failed (<problems> problems)
//
// (a file passes when it has no problem). Exits non-zero on any problem.
//
//   node scripts/lint.mjs --report <file>   also writes the counts as JSON (what scripts/test.mjs
//                                           reads): { files, passed, failed, problems }
import { ESLint } from 'eslint';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { root } from './setup.mjs';

const PATTERNS = ['web/**/*.js', 'bindings/*.js', 'bin/**/*.js', 'scripts/**/*.{js,mjs}'];

export async function lint() {
  const eslint = new ESLint({ cwd: root, errorOnUnmatchedPattern: false });
  const results = await eslint.lintFiles(PATTERNS);
  let problems = 0;
  let failed = 0;
  for (const r of results) {
    const count = r.errorCount + r.warningCount;
    if (count === 0) continue;
    failed += 1;
    problems += count;
    for (const m of r.messages) {
      const where = `${relative(root, r.filePath)}:${m.line ?? 0}:${m.column ?? 0}`;
      console.log(`${where}  ${m.severity === 2 ? 'error' : 'warning'}  ${m.message}  (${m.ruleId ?? 'parse'})`);
    }
  }
  const files = results.length;
  console.log(`eslint: ${files} files checked: ${files - failed} passed, ${failed} failed (${problems} problem${problems === 1 ? '' : 's'})`);
  return { files, failed, problems };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { report: { type: 'string' } } });
  lint().then(
    ({ files, failed, problems }) => {
      if (values.report) {
        const file = resolve(values.report);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, `${JSON.stringify({ files, passed: files - failed, failed, problems })}\n`);
      }
      process.exit(problems === 0 && files > 0 ? 0 : 1);
    },
    (error) => {
      console.error(error.stack ?? error);
      process.exit(1);
    },
  );
}
