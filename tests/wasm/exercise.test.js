// Per-student exercises: the roster reader (web/teach/roster.js), the network drawer and sheet
// (web/teach/exercise.js), the answer key (answerKey in web/teach/solution.js) and
// `backprop-sandbox exercise` writing a folder for a 30-student roster. That every link opens
// its network in the page is tested in the browser (tests/e2e/exercise.spec.js).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../../bindings/index.js';
import { exerciseDocument, exerciseSheet } from '../../web/teach/exercise.js';
import { parseRoster } from '../../web/teach/roster.js';
import { answerKey } from '../../web/teach/solution.js';
import { readFragment } from '../../web/session.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(root, 'bin', 'backprop-sandbox.js');

let engine;
let dir;
beforeAll(async () => {
  engine = await loadEngine();
  dir = mkdtempSync(join(tmpdir(), 'backprop-sandbox-exercise-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---- the roster -----------------------------------------------------------------------------

test('a roster: a header row, quoted names, any column order, a BOM and CRLF; ids from names when there is no id column', () => {
  expect(parseRoster('\uFEFFid;name\r\ns1;"Turing, Alan"\r\n\r\ns2;Ada Lovelace\r\n')).toEqual([
    { id: 's1', name: 'Turing, Alan', line: 2, file: 's1' },
    { id: 's2', name: 'Ada Lovelace', line: 4, file: 's2' },
  ]);
  expect(parseRoster('Name,Group\nÉmilie du Châtelet,A\n').map((s) => s.id)).toEqual(['emilie-du-chatelet']);
});

test.each([
  ['', 'the roster is empty'],
  ['id,group\ns1,A\n', 'line 1: the header row needs a "name" column (it has "id", "group")'],
  ['name,id\nAda,s1\nAlan\n', 'line 3: expected 2 columns, as in the header row, got 1'],
  ['name,id\nAda,s1\n,s2\n', 'line 3, column 1: the name is empty'],
  ['name,id\nAda,s1\nAlan,\n', 'line 3, column 2: the id is empty'],
  ['name,id\nAda,s1\nAlan,s1\n', 'line 3, column 2: the id "s1" is already used on line 2'],
  ['name\nAda\nada\n', 'line 3, column 1: the name "ada" (add an id column to tell them apart) is already used on line 2'],
  ['name,id\n"Ada,s1\n', 'line 2, column 1: the quote is never closed'],
  ['name\n', 'the roster has a header row but no students'],
])('a bad roster %p is refused naming the line and column', (text, message) => {
  expect(() => parseRoster(text)).toThrow(message);
});

// ---- the networks ---------------------------------------------------------------------------

const tenths = (v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-12 && v !== 0 && Math.abs(v) < 1;

test('the same seed and id give the same network; another id or seed another one', () => {
  const a = exerciseDocument(engine, { seed: 5, id: 's1' }).doc;
  expect(exerciseDocument(engine, { seed: 5, id: 's1' }).doc).toEqual(a);
  expect(exerciseDocument(engine, { seed: 5, id: 's2' }).doc).not.toEqual(a);
  expect(exerciseDocument(engine, { seed: 6, id: 's1' }).doc).not.toEqual(a);
});

test.each([
  [[2, 2, 2], 'sigmoid'],
  [[2, 3, 2], 'tanh'],
  [[3, 2, 1], 'relu'],
  [[2, 2, 2, 2], 'leaky-relu'],
])('%p %s: 40 networks, every number one decimal, nothing degenerate (checked on the engine\'s pass)', (layers, activation) => {
  for (let k = 0; k < 40; ++k) {
    const { doc } = exerciseDocument(engine, { seed: 11, id: `s${k}`, layers, activation });
    expect(doc.layers).toEqual(layers);
    for (const v of [...doc.weights.flat(2), ...doc.biases.flat(), ...doc.input, ...doc.target]) expect(tenths(v) ? 'one decimal' : v).toBe('one decimal');
    const net = engine.createNetwork(doc);
    const pass = net.run();
    for (const layer of pass.layers.slice(1)) {
      for (const z of layer.z) expect(Math.abs(z)).toBeGreaterThanOrEqual(0.05);
      for (const d of layer.delta) expect(Math.abs(d)).toBeGreaterThanOrEqual(1e-3);
    }
    // forgetting the transpose gives another δ when the recursion's W are square (otherwise
    // their shapes refuse it: the engine will not run that bug)
    const square = layers.length > 2 && layers.slice(1, -1).every((n, k) => n === layers[k + 2]);
    const wrong = square ? ((net.plantedBug = 'W-instead-of-WT'), net.run()) : null;
    net.dispose();
    for (let l = 2; square && l < layers.length; ++l) {
      const diff = Math.max(...wrong.layers[l - 1].delta.map((v, i) => Math.abs(v - pass.layers[l - 1].delta[i]) / Math.abs(pass.layers[l - 1].delta[i])));
      expect(diff).toBeGreaterThanOrEqual(0.05);
    }
  }
});

test('bad options are refused by name', () => {
  expect(() => exerciseDocument(engine, { seed: -1, id: 'a' })).toThrow('seed must be a whole number');
  expect(() => exerciseDocument(engine, { seed: 1, id: '' })).toThrow('id must be a non-empty string');
  expect(() => exerciseDocument(engine, { seed: 1, id: 'a', activation: 'softmax' })).toThrow('activation must be one of');
  expect(() => exerciseDocument(engine, { seed: 1, id: 'a', layers: [2, 9, 2] })).toThrow('layers must be 2 to 4 layers of 1 to 4 units');
});

test('the sheet escapes the names it prints and carries the link', () => {
  const { doc } = exerciseDocument(engine, { seed: 1, id: 'x' });
  const html = exerciseSheet(doc, { name: '<img src=x onerror=alert(1)>', id: '"><script>', link: 'sandbox/index.html#doc=abc&e=1' });
  expect(html).not.toMatch(/<img|<script>/);
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(html).toContain('href="sandbox/index.html#doc=abc&amp;e=1"');
  expect(html).toContain("default-src 'none'"); // the sheet runs no script at all
});

test('the answer key holds every network\'s worked solution under its own heading', () => {
  const entries = ['s1', 's2'].map((id) => ({ doc: exerciseDocument(engine, { seed: 3, id }).doc, title: `Student ${id}` }));
  const md = answerKey(engine, entries, { title: 'Key' });
  expect(md.startsWith('# Key\n')).toBe(true);
  expect(md).toContain('## Student s1');
  expect(md).toContain('## Student s2');
  // each heading is followed by its own network's W^(1), before the next heading
  const sections = md.split(/^## /m).slice(1);
  entries.forEach(({ doc, title }, k) => {
    const W1 = `W^{(1)} = \\begin{pmatrix} ${doc.weights[0].map((r) => r.join(' & ')).join(' \\\\ ')} \\end{pmatrix}`;
    expect(sections[k].startsWith(title)).toBe(true);
    expect(sections[k]).toContain(W1);
  });
  const html = answerKey(engine, entries, { format: 'html', title: 'Key <1>' });
  expect(html).toContain('<h1>Key &lt;1&gt;</h1>');
  expect(html.match(/<hr class="page-break">/g)).toHaveLength(1);
});

// ---- the command line: a 30-student roster --------------------------------------------------

function cli(args) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ROSTER = `name,id\n${Array.from({ length: 30 }, (_, k) => `"Student ${k + 1}, Class A",id${String(k + 1).padStart(3, '0')}`).join('\n')}\n`;

test('exercise --students: sheets, documents, links and one key for 30 students; the same seed writes the same files', () => {
  writeFileSync(join(dir, 'roster.csv'), ROSTER);
  const r = cli(['exercise', '--students', 'roster.csv', '--out', 'out', '--seed', '42']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('Wrote 30 exercises (2-2-2 sigmoid, seed 42)');
  const out = join(dir, 'out');
  expect(existsSync(join(out, 'sandbox', 'index.html'))).toBe(true);
  const files = readdirSync(join(out, 'students')).sort();
  expect(files).toHaveLength(60);
  const links = readFileSync(join(out, 'links.csv'), 'utf8').trim().split('\n');
  expect(links[0]).toBe('id,name,link');
  expect(links).toHaveLength(31);
  const key = readFileSync(join(out, 'answer-key.md'), 'utf8');
  for (let k = 1; k <= 30; ++k) {
    const id = `id${String(k).padStart(3, '0')}`;
    const doc = JSON.parse(readFileSync(join(out, 'students', `${id}.json`), 'utf8'));
    expect(doc).toEqual(exerciseDocument(engine, { seed: 42, id }).doc);
    // the link carries exactly this document
    const line = links[k];
    expect(line.startsWith(`${id},"Student ${k}, Class A",sandbox/index.html#doc=`)).toBe(true);
    const fragment = readFragment(line.slice(line.indexOf('#')));
    expect(JSON.parse(fragment.text)).toEqual(doc);
    const sheet = readFileSync(join(out, 'students', `${id}.html`), 'utf8');
    expect(sheet).toContain(`Student ${k}, Class A (${id})`);
    expect(sheet).toContain(`href="../sandbox/index.html#doc=`);
    expect(key).toContain(`## Student ${k}, Class A (${id})`);
  }
  expect(readFileSync(join(out, 'answer-key.html'), 'utf8')).toContain('<h2>Student 30, Class A (id030)</h2>');
  // again, elsewhere: the same bytes
  expect(cli(['exercise', '--students', 'roster.csv', '--out', 'again', '--seed', '42']).status).toBe(0);
  for (const f of ['links.csv', 'answer-key.md', 'students/id017.html']) {
    expect(readFileSync(join(dir, 'again', f), 'utf8')).toBe(readFileSync(join(out, f), 'utf8'));
  }
});

test('exercise --count with --page-url: links to the sandbox where it is served, no copy of it', () => {
  const r = cli(['exercise', '--count', '3', '--out', 'count', '--layers', '2-3-2', '--activation', 'tanh', '--page-url', 'https://course.example/sandbox/']);
  expect(r.status).toBe(0);
  expect(existsSync(join(dir, 'count', 'sandbox'))).toBe(false);
  const links = readFileSync(join(dir, 'count', 'links.csv'), 'utf8').trim().split('\n');
  expect(links[1].startsWith('student-01,student-01,https://course.example/sandbox/#doc=')).toBe(true);
  expect(JSON.parse(readFileSync(join(dir, 'count', 'students', 'student-03.json'), 'utf8')).layers).toEqual([2, 3, 2]);
});

test.each([
  [['exercise', '--out', 'x'], 2, 'exercise needs --students roster.csv or --count K'],
  [['exercise', '--count', '2'], 2, 'exercise needs --out DIR'],
  [['exercise', '--count', '0', '--out', 'x'], 2, '--count must be a whole number from 1 to 2000, got "0"'],
  [['exercise', '--count', '2', '--out', 'x', '--layers', '2-9-2'], 2, '--layers must be 2 to 4 numbers of units from 1 to 4'],
  [['exercise', '--count', '2', '--out', 'x', '--activation', 'softmax'], 2, '--activation must be one of sigmoid, tanh, relu, leaky-relu'],
  [['exercise', '--count', '2', '--out', 'x', '--page-url', 'course/sandbox'], 2, '--page-url must be a full URL'],
  [['exercise', '--count', '2', '--out', 'x', '--format', 'md'], 2, '--format is not an option of exercise'],
  [['exercise', '--students', 'missing.csv', '--out', 'x'], 1, 'cannot read the roster missing.csv: ENOENT'],
  [['exercise', '--students', 'dup.csv', '--out', 'x'], 1, 'dup.csv: line 3, column 2: the id "a" is already used on line 2'],
])('exercise %p: exit %p, naming what is wrong', (args, status, message) => {
  writeFileSync(join(dir, 'dup.csv'), 'name,id\nAda,a\nAlan,a\n');
  const r = cli(args);
  expect(r.status).toBe(status);
  expect(r.stderr).toContain(`backprop-sandbox: ${message}`);
});
