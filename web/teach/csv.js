// A data set pasted or loaded as CSV: one row per example, the inputs first, then the targets.
//
//   parseCsv(text, { inputs: 2, outputs: 1 }) -> { inputs: number[][], targets: number[][], header }
//
// Accepts commas, semicolons or tabs between fields (whichever the first row uses), an
// optional header row (a first row in which no field is a number), blank lines, CRLF line
// ends, fields in double quotes ("" for a quote inside), spaces around fields, a leading
// byte order mark, U+2212 minus signs, and with semicolons or tabs a decimal comma (0,5).
// Anything else throws an Error whose message names the line and column (both 1-based;
// the column counts fields), e.g.  line 3, column 2: "abc" is not a number.
// Pure function: no DOM, no engine.

export const MAX_ROWS = 100000;
export const MAX_COLUMNS = 1000;
/** A bound on the text itself, so that a huge paste fails fast: 100,000 rows of 1,000 short numbers. */
export const MAX_CHARACTERS = 64 * 1024 * 1024;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
const NON_FINITE = /^[+-]?(inf|infinity|nan)$/i;

/** What a field shows in a message: quoted, shortened when long. */
const shown = (text) => JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);

/** Splits one line into fields; throws on an unclosed quote or text after a closing quote. */
function splitLine(line, delimiter, lineNumber) {
  const fields = [];
  let k = 0;
  for (;;) {
    // one field starting at k
    while (k < line.length && (line[k] === ' ' || (line[k] === '\t' && delimiter !== '\t'))) ++k;
    if (line[k] === '"') {
      let value = '';
      let j = k + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) throw new Error(`line ${lineNumber}, column ${fields.length + 1}: the quote is never closed`);
        value += line.slice(j, q);
        if (line[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        k = q + 1;
        break;
      }
      while (k < line.length && (line[k] === ' ' || (line[k] === '\t' && delimiter !== '\t'))) ++k;
      if (k < line.length && line[k] !== delimiter) {
        throw new Error(`line ${lineNumber}, column ${fields.length + 1}: unexpected text after the closing quote`);
      }
      fields.push({ text: value.trim(), quoted: true });
    } else {
      const end = delimiter ? line.indexOf(delimiter, k) : -1;
      const stop = end < 0 ? line.length : end;
      fields.push({ text: line.slice(k, stop).trim(), quoted: false });
      k = stop;
    }
    if (k >= line.length) return fields;
    ++k; // past the delimiter
    if (fields.length >= MAX_COLUMNS) {
      throw new Error(`line ${lineNumber}: more than ${MAX_COLUMNS} columns (at most ${MAX_COLUMNS})`);
    }
  }
}

/** The delimiter the row uses: the most frequent of , ; tab outside quotes (none for one column). */
function detectDelimiter(line) {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c in counts) counts[c] += 1;
  }
  // Semicolons or tabs win over commas, which may then be decimal commas ("0,5;1,5").
  if (counts['\t'] > 0) return '\t';
  if (counts[';'] > 0) return ';';
  if (counts[','] > 0) return ',';
  return null;
}

/**
 * The non-blank lines of a CSV text, split into fields, one at a time (so that the first bad
 * line is the one reported): { lineNumber, fields: [{ text, quoted }], delimiter }. The
 * delimiter is the first non-blank line's. Used by parseCsv and by rosters (roster.js).
 */
export function* csvRows(text) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let delimiter;
  for (let k = 0; k < lines.length; ++k) {
    if (lines[k].trim() === '') continue;
    if (delimiter === undefined) delimiter = detectDelimiter(lines[k]);
    yield { lineNumber: k + 1, fields: splitLine(lines[k], delimiter, k + 1), delimiter };
  }
}

/** The number in a field, or a message saying why it is not one. */
function readNumber(text, delimiter) {
  let t = text.replace(/\u2212/g, '-');
  if (t === '') return { error: 'the field is empty' };
  if (delimiter !== ',' && DECIMAL_COMMA.test(t)) t = t.replace(',', '.');
  if (NON_FINITE.test(t)) return { error: `${shown(text)} is not a finite number` };
  if (!NUMBER.test(t)) return { error: `${shown(text)} is not a number` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { error: `${shown(text)} is too large: not a finite number` };
  return { value: Object.is(value, -0) ? 0 : value };
}

function checkCount(name, n) {
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > MAX_COLUMNS)) {
    throw new RangeError(`${name} must be a whole number from 1 to ${MAX_COLUMNS}, got ${String(n)}`);
  }
}

/**
 * Reads a CSV data set. `inputs` and `outputs` are the numbers of input and target columns
 * (s_1 and s_L); give either or both. Without `outputs`, the last column is the target
 * (or all columns after the `inputs` first ones).
 * Returns { inputs, targets, header } (header: the header row's fields, or null).
 */
export function parseCsv(text, { inputs, outputs } = {}) {
  if (typeof text !== 'string') throw new TypeError('the CSV must be text');
  checkCount('inputs', inputs);
  checkCount('outputs', outputs);
  if (text.length > MAX_CHARACTERS) {
    throw new Error(`the CSV is too large: ${text.length} characters, at most ${MAX_CHARACTERS}`);
  }
  let delimiter;
  let columns = null;
  let header = null;
  const X = [];
  const Y = [];
  const expected = () => {
    const parts = [];
    if (inputs !== undefined) parts.push(`${inputs} input${inputs === 1 ? '' : 's'}`);
    if (outputs !== undefined) parts.push(`${outputs} target${outputs === 1 ? '' : 's'}`);
    return parts.length ? ` (${parts.join(' and ')})` : '';
  };
  for (const row of csvRows(text)) {
    const { lineNumber, fields } = row;
    delimiter = row.delimiter;
    if (columns === null) {
      // The first row: a header when none of its fields is a number.
      if (X.length === 0 && header === null && fields.every((f) => f.text !== '' && 'error' in readNumber(f.text, delimiter))) {
        header = fields.map((f) => f.text);
        columns = fields.length;
        validateColumns(columns, lineNumber, true);
        continue;
      }
      columns = fields.length;
      validateColumns(columns, lineNumber, false);
    }
    if (fields.length !== columns) {
      const first = header ? 'the header has' : 'the first row has';
      throw new Error(`line ${lineNumber}: expected ${columns} columns${expected()}, got ${fields.length} (${first} ${columns})`);
    }
    if (X.length >= MAX_ROWS) throw new Error(`line ${lineNumber}: too many rows, at most ${MAX_ROWS} examples`);
    const values = fields.map((f, j) => {
      const r = readNumber(f.text, delimiter);
      if ('error' in r) throw new Error(`line ${lineNumber}, column ${j + 1}: ${r.error}`);
      return r.value;
    });
    const nIn = inputs ?? columns - (outputs ?? 1);
    X.push(values.slice(0, nIn));
    Y.push(values.slice(nIn));
  }
  if (X.length === 0) {
    throw new Error(header ? 'the CSV has a header but no rows of numbers' : 'the CSV is empty: no rows of numbers');
  }
  return { inputs: X, targets: Y, header };

  function validateColumns(n, lineNumber, isHeader) {
    const what = isHeader ? 'the header has' : 'the first row has';
    if (n > MAX_COLUMNS) throw new Error(`line ${lineNumber}: ${n} columns, at most ${MAX_COLUMNS}`);
    if (inputs !== undefined && outputs !== undefined && n !== inputs + outputs) {
      throw new Error(`line ${lineNumber}: expected ${inputs + outputs} columns${expected()}, ${what} ${n}`);
    }
    const needed = (inputs ?? 1) + (outputs ?? 1);
    if (n < needed) {
      throw new Error(`line ${lineNumber}: expected at least ${needed} columns${expected() || ' (inputs, then targets)'}, ${what} ${n}`);
    }
  }
}
