// `backprop-sandbox exercise`: per-student exercises written into a folder.
//
//   DIR/index.html             the instructor's list: every student, their sheet and link
//   DIR/links.csv              id, name, link: for a mail merge or an LMS import
//   DIR/students/<id>.html     the student's printable exercise sheet
//   DIR/students/<id>.json     the student's network document
//   DIR/answer-key.md, .html   one answer key: every student's worked solution
//   DIR/sandbox/               a copy of the built page, when no --page-url is given
//
// The networks come from web/teach/exercise.js (pleasant numbers, from the seed and the id),
// the sheets too, the key from web/teach/solution.js. Errors in the input (the roster, an
// unusable folder) throw an Error with `exerciseInput` set, for the CLI to report.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../bindings/index.js';
import { answerKey, escapeHtml } from '../web/teach/solution.js';
import { exerciseDocument, exerciseSheet, standalonePage } from '../web/teach/exercise.js';
import { parseRoster } from '../web/teach/roster.js';
import { shareLink } from '../web/session.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const inputError = (message) => Object.assign(new Error(message), { exerciseInput: true });

/** The students: from the roster file, or student-01 ... student-K. */
function readStudents({ students, count }) {
  if (count !== undefined) {
    const width = String(count).length;
    return Array.from({ length: count }, (_, k) => {
      const id = `student-${String(k + 1).padStart(Math.max(2, width), '0')}`;
      return { id, name: id, file: id };
    });
  }
  let text;
  try {
    text = readFileSync(students, 'utf8');
  } catch (error) {
    throw inputError(`cannot read the roster ${students}: ${error.code ?? error.message}`);
  }
  try {
    return parseRoster(text);
  } catch (error) {
    throw inputError(`${students}: ${error.message}`);
  }
}

const csvField = (text) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function indexPage({ title, seed, rows, pageUrl }) {
  const items = rows.map((r) => `<tr><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.id)}</td><td><a href="students/${encodeURIComponent(r.file)}.html">sheet</a></td><td><a href="${escapeHtml(r.relativeLink)}">open in the sandbox</a></td></tr>`).join('\n');
  const css = 'body { font: 15px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; } td, th { padding: 0.2rem 0.8rem 0.2rem 0; text-align: left; }';
  return standalonePage(`${title}: ${rows.length} exercises`, css, `<h1>${escapeHtml(title)}: ${rows.length} exercises</h1>
<p>Seed ${seed}: the same seed and roster give the same exercises. The answer key: <a href="answer-key.html">answer-key.html</a> (printable) and <a href="answer-key.md">answer-key.md</a>. The links for a mail merge: <a href="links.csv">links.csv</a>.${pageUrl ? '' : ' The links open the copy of the sandbox in <code>sandbox/</code>: publish this folder as it is.'}</p>
<table>
<thead><tr><th>name</th><th>id</th><th>sheet</th><th>network</th></tr></thead>
<tbody>
${items}
</tbody>
</table>`);
}

/** Writes everything; returns the summary the CLI prints. */
export async function writeExercises({ out, seed, layers, activation, pageUrl, digits, title, katexCssText, ...source }) {
  const students = readStudents(source);
  const dir = resolve(out);
  try {
    mkdirSync(join(dir, 'students'), { recursive: true });
  } catch (error) {
    throw inputError(`cannot create ${out}: ${error.code ?? error.message}`);
  }
  let page = pageUrl;
  if (!page) {
    const dist = join(root, 'dist');
    if (!existsSync(join(dist, 'index.html'))) throw inputError('the built page (dist/) is missing: run `npm run build`, or give --page-url');
    cpSync(dist, join(dir, 'sandbox'), { recursive: true });
  }
  const engine = await loadEngine();
  const rows = [];
  const entries = [];
  for (const student of students) {
    const { doc } = exerciseDocument(engine, { seed, id: student.id, layers, activation });
    // The sheet sits in students/, the index and links.csv in DIR itself.
    const link = (base) => shareLink(base, doc);
    const absolute = page ? link(page) : null;
    const fromSheet = absolute ?? link('../sandbox/index.html');
    const relativeLink = absolute ?? link('sandbox/index.html');
    writeFileSync(join(dir, 'students', `${student.file}.json`), `${JSON.stringify(doc, null, 2)}\n`);
    writeFileSync(join(dir, 'students', `${student.file}.html`), exerciseSheet(doc, { name: student.name, id: student.id, link: fromSheet, title }));
    rows.push({ ...student, relativeLink, link: absolute ?? relativeLink });
    entries.push({ doc, title: `${student.name} (${student.id})` });
  }
  writeFileSync(join(dir, 'links.csv'), `id,name,link\n${rows.map((r) => [r.id, r.name, r.link].map(csvField).join(',')).join('\n')}\n`);
  const keyTitle = `${title}: answer key (seed ${seed})`;
  writeFileSync(join(dir, 'answer-key.md'), answerKey(engine, entries, { format: 'markdown', digits, title: keyTitle }));
  writeFileSync(join(dir, 'answer-key.html'), answerKey(engine, entries, { format: 'html', digits, title: keyTitle, katexCssText }));
  writeFileSync(join(dir, 'index.html'), indexPage({ title, seed, rows, pageUrl: page }));
  return `Wrote ${rows.length} exercises (${layers.join('-')} ${activation}, seed ${seed}) to ${out}: ` +
    `index.html, links.csv, answer-key.md, answer-key.html, students/*.html and *.json${page ? '' : ', sandbox/'}\n`;
}
