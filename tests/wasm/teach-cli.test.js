// bin/backprop-sandbox.js end to end: spawned with node on temporary files and on stdin.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOC_MAZUR } from './helpers/support.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(root, 'bin', 'backprop-sandbox.js');
const GOLDEN = join(root, 'tests', 'wasm', 'golden', 'solution-222.md');

const DOC = DOC_MAZUR;

let dir;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backprop-sandbox-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name, text) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs the CLI; returns { status, stdout, stderr }. */
function cli(args, input) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, input, encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('solve net.json writes the Markdown solution (the golden file) to stdout', () => {
  const r = cli(['solve', file('net.json', JSON.stringify(DOC, null, 2))]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
});

test('"-" reads the document from stdin; --format md is the default', () => {
  const r = cli(['solve', '-', '--format', 'md'], JSON.stringify(DOC));
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
});

test('--format html writes a standalone page with the math typeset and KaTeX\u2019s CSS inlined', () => {
  const r = cli(['solve', file('net.json', JSON.stringify(DOC)), '--format=html']);
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  const html = r.stdout;
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).toContain('<span class="katex-display">');
  expect(html).toContain('.katex{'); // the stylesheet itself, not a link to it
  expect(html).not.toContain('<link rel="stylesheet"');
  // the fonts are inside too, as woff2 data: URIs: the file needs no network at all
  expect(html).toMatch(/font-family:KaTeX_Main;font-style:normal;font-weight:400;src:url\(data:font\/woff2;base64,[A-Za-z0-9+/=]{1000,}\) format\("woff2"\)/);
  expect(html).not.toMatch(/url\((?!data:)/);
  expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/); // only XML namespaces
  expect(html).not.toMatch(/<script/i);
  expect(html).toContain('0.7514'); // a^(3)_1, as in the Markdown
});

test('--katex-fonts sets where the fonts come from', () => {
  const r = cli(['solve', file('net.json', JSON.stringify(DOC)), '--format', 'html', '--katex-fonts', 'file:///opt/katex/fonts']);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('url(file:///opt/katex/fonts/KaTeX_Main-Regular.woff2)');
});

test('--digits N sets the significant digits', () => {
  const r = cli(['solve', file('net.json', JSON.stringify(DOC)), '--digits', '6']);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('&= 0.751365\n'); // a_1^(3) = 0.75136507
  expect(r.stdout).toContain('6 significant digits');
});

test('a bad document: the engine\u2019s DocumentError message on stderr, exit 1, nothing on stdout', () => {
  const r = cli(['solve', file('bad.json', JSON.stringify({ ...DOC, activations: 'softplus' }))]);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^backprop-sandbox: not a valid network document \(field "activations"\): .*softplus/);
  expect(r.stderr).toContain('sigmoid'); // the engine's message lists the allowed names
});

test('text that is not JSON, and an empty stdin, are bad documents too (exit 1)', () => {
  const r = cli(['solve', file('broken.json', '{"layers": [2, 2,')]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('not valid JSON');
  const empty = cli(['solve', '-'], '');
  expect(empty.status).toBe(1);
  expect(empty.stderr).toContain('backprop-sandbox: not a valid network document');
});

test('a file that cannot be read: exit 1 with its name', () => {
  const r = cli(['solve', join(dir, 'missing.json')]);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/cannot read .*missing\.json: ENOENT/);
});

test.each([
  [[], 'no command given'],
  [['frobnicate', 'net.json'], 'unknown command "frobnicate"'],
  [['solve'], 'solve needs a network document'],
  [['solve', 'net.json', '--verbose'], 'unknown option --verbose'],
  [['solve', 'net.json', '-x'], 'unknown option -x'],
  [['-hv', 'solve', 'net.json'], 'unknown option -v'],
  [['solve', 'net.json', '--format', 'pdf'], '--format of solve must be md or html, got "pdf"'],
  [['solve', 'net.json', '--format'], '--format needs a value'],
  [['solve', 'net.json', '--digits'], '--digits needs a value'],
  [['solve', 'net.json', '--katex-fonts'], '--katex-fonts needs a value'],
  [['solve', 'net.json', '--format', '--digits', '3'], '--format needs a value (one that starts with "-" is written --format=--digits)'],
  [['solve', 'net.json', '--help=yes'], '--help takes no value'],
  [['solve', 'net.json', '--digits', '0'], '--digits must be a whole number from 1 to 17, got "0"'],
  [['solve', 'net.json', '--digits', '4.5'], '--digits must be a whole number from 1 to 17'],
  [['solve', 'net.json', '--digits', '18'], '--digits must be a whole number from 1 to 17, got "18"'],
  [['solve', 'net.json', '--digits=abc'], '--digits must be a whole number from 1 to 17, got "abc"'],
  [['solve', 'net.json', '--digits='], '--digits must be a whole number from 1 to 17, got ""'],
  [['solve', 'net.json', '--digits=-3'], '--digits must be a whole number from 1 to 17, got "-3"'],
  [['solve', 'a.json', 'b.json'], 'unexpected argument "b.json"'],
])('usage error %p: the usage on stderr, exit 2', (args, message) => {
  const r = cli(args);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(`backprop-sandbox: ${message}`);
  expect(r.stderr).toContain('Usage: backprop-sandbox solve <net.json | -> [options]');
});

test('--help prints the usage on stdout and exits 0', () => {
  for (const flag of ['--help', '-h']) {
    const r = cli([flag]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: backprop-sandbox solve');
    expect(r.stdout).toContain('--format md|html');
    expect(r.stderr).toBe('');
  }
  expect(cli(['solve', '--help']).status).toBe(0);
});

test('"--" ends the options: what follows is a file name, even if it starts with "-"', () => {
  file('--odd.json', JSON.stringify(DOC));
  const r = cli(['solve', '--digits=3', '--', '--odd.json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('3 significant digits');
});

test('the script is an executable ESM file with a node shebang', () => {
  const text = readFileSync(CLI, 'utf8');
  expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
  expect(statSync(CLI).mode & 0o111).not.toBe(0); // executable, for npm's bin link and ./bin/...
  expect(text).toContain("from '../bindings/index.js'");
});
