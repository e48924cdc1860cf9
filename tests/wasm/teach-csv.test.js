// The CSV reader for pasted or loaded data sets (web/teach/csv.js): good files in every
// supported form, and every error with its message naming the line and column.
import { loadEngine } from '../../bindings/index.js';
import { datasetDocument } from '../../web/teach/datasets.js';
import { MAX_COLUMNS, MAX_ROWS, parseCsv } from '../../web/teach/csv.js';

const XOR = {
  inputs: [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ],
  targets: [[0], [1], [1], [0]],
};

describe('good files', () => {
  test('plain commas, no header', () => {
    expect(parseCsv('0,0,0\n0,1,1\n1,0,1\n1,1,0\n', { inputs: 2, outputs: 1 })).toEqual({ ...XOR, header: null });
  });

  test('a header row, CRLF line ends, blank lines and spaces around fields', () => {
    const text = 'x1, x2, y\r\n\r\n 0 , 0 , 0 \r\n0,1,1\r\n   \r\n1,0,1\r\n1,1,0\r\n\r\n';
    expect(parseCsv(text, { inputs: 2, outputs: 1 })).toEqual({ ...XOR, header: ['x1', 'x2', 'y'] });
  });

  test('old Mac line ends (CR) and a byte order mark', () => {
    expect(parseCsv('\uFEFFa,b,c\r0,0,0\r0,1,1\r1,0,1\r1,1,0', { inputs: 2 }).inputs).toEqual(XOR.inputs);
  });

  test('semicolons with decimal commas, and tabs', () => {
    expect(parseCsv('0,5;-1,25;2\n1;2;3', { inputs: 2, outputs: 1 })).toEqual({
      inputs: [
        [0.5, -1.25],
        [1, 2],
      ],
      targets: [[2], [3]],
      header: null,
    });
    expect(parseCsv('x\ty\tt\n1.5\t2\t0\n3\t4,5\t1', { inputs: 2 }).inputs).toEqual([
      [1.5, 2],
      [3, 4.5],
    ]);
  });

  test('quoted fields, "" inside quotes, a quoted header with the delimiter in it', () => {
    const text = '"width, cm","say ""height""",class\n"1.5","2",1\n 3 ,"4", 0';
    expect(parseCsv(text, { outputs: 1 })).toEqual({
      inputs: [
        [1.5, 2],
        [3, 4],
      ],
      targets: [[1], [0]],
      header: ['width, cm', 'say "height"', 'class'],
    });
  });

  test('number forms: signs, exponents, leading dots, the minus sign U+2212; -0 is 0', () => {
    const r = parseCsv('+1,-2.5e-3,.5,1e3,\u22124,-0', { inputs: 4, outputs: 2 });
    expect(r.inputs).toEqual([[1, -0.0025, 0.5, 1000]]);
    expect(r.targets).toEqual([[-4, 0]]);
    expect(Object.is(r.targets[0][1], 0)).toBe(true);
  });

  test('without outputs, the last column is the target; without inputs, the first columns are the inputs', () => {
    expect(parseCsv('1,2,3,4').targets).toEqual([[4]]);
    expect(parseCsv('1,2,3,4', { outputs: 2 })).toEqual({ inputs: [[1, 2]], targets: [[3, 4]], header: null });
    expect(parseCsv('1,2,3,4', { inputs: 1 })).toEqual({ inputs: [[1]], targets: [[2, 3, 4]], header: null });
  });

  test('a one-hot 3-class file becomes a valid softmax document', async () => {
    const engine = await loadEngine();
    const data = parseCsv('x,y,c1,c2,c3\n0.1,0.2,1,0,0\n0.5,-0.3,0,1,0\n-0.4,0.9,0,0,1', { inputs: 2, outputs: 3 });
    const doc = datasetDocument(data, { layers: [2, 4, 3], activations: ['tanh', 'softmax'], loss: 'cross-entropy', input: [0, 0], target: [1, 0, 0] });
    expect(engine.validate(doc)).toBeNull();
    const net = engine.createNetwork(doc);
    try {
      expect(net.batchSize).toBe(3);
    } finally {
      net.dispose();
    }
  });

  test('exactly the largest size: 100,000 rows, and 1,000 columns', () => {
    const rows = `${Array(MAX_ROWS).fill('1,0').join('\n')}\n`;
    const r = parseCsv(rows, { inputs: 1, outputs: 1 });
    expect(r.inputs).toHaveLength(MAX_ROWS);
    const wide = Array.from({ length: MAX_COLUMNS }, (_, k) => k).join(',');
    expect(parseCsv(wide, { inputs: MAX_COLUMNS - 1, outputs: 1 }).inputs[0]).toHaveLength(MAX_COLUMNS - 1);
  });
});

describe('errors name the line and the column', () => {
  test.each([
    ['a word in the data', 'x,y,t\n1,2,3\n4,abc,6', { inputs: 2, outputs: 1 }, 'line 3, column 2: "abc" is not a number'],
    ['a number with a unit', '1,2,3\n4,5cm,6', {}, 'line 2, column 2: "5cm" is not a number'],
    ['an empty field', '1,2,3\n4,,6', {}, 'line 2, column 2: the field is empty'],
    ['an empty last field', '1,2,3\n4,5,', {}, 'line 2, column 3: the field is empty'],
    ['NaN', '1,2,3\n4,NaN,6', {}, 'line 2, column 2: "NaN" is not a finite number'],
    ['Infinity', '1,-Infinity,3', {}, 'line 1, column 2: "-Infinity" is not a finite number'],
    ['inf', '1,2,inf', {}, 'line 1, column 3: "inf" is not a finite number'],
    ['a number too large for a double', '1,2,3\n1e999,2,3', {}, 'line 2, column 1: "1e999" is too large: not a finite number'],
    ['a decimal comma with comma delimiters', '1,2,3\n"0,5",2,3', {}, 'line 2, column 1: "0,5" is not a number'],
    ['too few columns', '1,2,3\n4,5\n', { inputs: 2, outputs: 1 }, 'line 2: expected 3 columns (2 inputs and 1 target), got 2 (the first row has 3)'],
    ['too many columns after a header', 'a,b,c\n1,2,3\n4,5,6,7', {}, 'line 3: expected 3 columns, got 4 (the header has 3)'],
    ['a first row of the wrong width', '1,2\n3,4', { inputs: 2, outputs: 1 }, 'line 1: expected 3 columns (2 inputs and 1 target), the first row has 2'],
    ['a header of the wrong width', 'x,y\n1,2', { inputs: 2, outputs: 1 }, 'line 1: expected 3 columns (2 inputs and 1 target), the header has 2'],
    ['one column only', '1\n2\n3', {}, 'line 1: expected at least 2 columns (inputs, then targets), the first row has 1'],
    ['fewer columns than inputs + one target', '1,2,3', { inputs: 3 }, 'line 1: expected at least 4 columns (3 inputs), the first row has 3'],
    ['an unclosed quote', '1,2,3\n4,"5,6', {}, 'line 2, column 2: the quote is never closed'],
    ['text after a closing quote', '1,"2"x,3', {}, 'line 1, column 2: unexpected text after the closing quote'],
    ['a long field is shortened in the message', `1,${'z'.repeat(100)},3`, {}, `line 1, column 2: "${'z'.repeat(37)}..." is not a number`],
    ['nothing at all', '', {}, 'the CSV is empty: no rows of numbers'],
    ['blank lines only', '\n  \r\n\n', {}, 'the CSV is empty: no rows of numbers'],
    ['a header and no data', 'x,y,t\n\n', {}, 'the CSV has a header but no rows of numbers'],
  ])('%s', (_, text, options, message) => {
    expect(() => parseCsv(text, options)).toThrow(new Error(message));
  });

  test('a second header-like row is data, and wrong', () => {
    expect(() => parseCsv('x,y,t\nu,v,w\n1,2,3')).toThrow('line 2, column 1: "u" is not a number');
  });

  test('a mistake in the first row is not taken for a header', () => {
    expect(() => parseCsv('1,abc,3\n4,5,6')).toThrow('line 1, column 2: "abc" is not a number');
  });

  test('more than 100,000 rows', () => {
    const rows = Array(MAX_ROWS + 1).fill('1,0').join('\n');
    expect(() => parseCsv(`x,y\n${rows}`, { inputs: 1, outputs: 1 })).toThrow(`line ${MAX_ROWS + 2}: too many rows, at most ${MAX_ROWS} examples`);
  });

  test('more than 1,000 columns', () => {
    const wide = Array.from({ length: MAX_COLUMNS + 1 }, () => '1').join(',');
    expect(() => parseCsv(`1,2\n${wide}`)).toThrow(`line 2: more than ${MAX_COLUMNS} columns (at most ${MAX_COLUMNS})`);
  });

  test('bad options and non-text are refused', () => {
    expect(() => parseCsv('1,2', { inputs: 0 })).toThrow(RangeError);
    expect(() => parseCsv('1,2', { outputs: 1.5 })).toThrow(/outputs must be a whole number/);
    expect(() => parseCsv(null)).toThrow(TypeError);
  });
});
