// A class roster as CSV, for per-student exercises (`backprop-sandbox exercise --students`):
//
//   name,id                       a header row is required; it names the columns
//   Ada Lovelace,s001             "name" is required; "id" (or "student id", "email") optional
//   "Turing, Alan",s002
//
// Fields are read like data sets (csv.js: commas, semicolons or tabs, quotes, a BOM, CRLF).
// Without an id column, a student's id is made from the name. Anything wrong throws an Error
// that names the line and column (1-based), e.g.  line 4, column 2: the id "s002" is already
// used on line 3. Pure function: no DOM, no engine, no file system.
import { csvRows, MAX_CHARACTERS } from './csv.js';

export const MAX_STUDENTS = 2000;
const MAX_FIELD = 200;
const NAME_COLUMNS = ['name', 'student', 'student name', 'full name'];
const ID_COLUMNS = ['id', 'student id', 'student_id', 'email', 'username', 'login'];

/** A file-name-safe id from any text: letters and digits, joined by "-". */
export function slug(text) {
  const s = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, 60) || 'student';
}

/** [{ id, name, line }] from the roster's text. */
export function parseRoster(text) {
  if (typeof text !== 'string') throw new TypeError('the roster must be text');
  if (text.length > MAX_CHARACTERS) throw new Error(`the roster is too large: ${text.length} characters`);
  const rows = csvRows(text);
  const first = rows.next();
  if (first.done) throw new Error('the roster is empty: expected a header row (name, and optionally id) and one row per student');
  const header = first.value.fields.map((f) => f.text.toLowerCase());
  const nameColumn = header.findIndex((h) => NAME_COLUMNS.includes(h));
  const idColumn = header.findIndex((h) => ID_COLUMNS.includes(h));
  if (nameColumn < 0) {
    throw new Error(`line ${first.value.lineNumber}: the header row needs a "name" column (it has ${first.value.fields.map((f) => JSON.stringify(f.text)).join(', ')})`);
  }
  const students = [];
  const seen = new Map();
  for (const { lineNumber, fields } of rows) {
    if (fields.length !== header.length) {
      throw new Error(`line ${lineNumber}: expected ${header.length} columns, as in the header row, got ${fields.length}`);
    }
    for (const [j, f] of fields.entries()) {
      if (f.text.length > MAX_FIELD) throw new Error(`line ${lineNumber}, column ${j + 1}: the field is longer than ${MAX_FIELD} characters`);
    }
    const name = fields[nameColumn].text;
    if (name === '') throw new Error(`line ${lineNumber}, column ${nameColumn + 1}: the name is empty`);
    let id;
    if (idColumn >= 0) {
      id = fields[idColumn].text;
      if (id === '') throw new Error(`line ${lineNumber}, column ${idColumn + 1}: the id is empty`);
    } else {
      id = slug(name);
    }
    const key = slug(id);
    if (seen.has(key)) {
      const where = idColumn >= 0 ? `column ${idColumn + 1}: the id ${JSON.stringify(id)}` : `column ${nameColumn + 1}: the name ${JSON.stringify(name)} (add an id column to tell them apart)`;
      throw new Error(`line ${lineNumber}, ${where} is already used on line ${seen.get(key)}`);
    }
    seen.set(key, lineNumber);
    if (students.length >= MAX_STUDENTS) throw new Error(`line ${lineNumber}: more than ${MAX_STUDENTS} students`);
    students.push({ id, name, line: lineNumber, file: key });
  }
  if (students.length === 0) throw new Error('the roster has a header row but no students');
  return students;
}
