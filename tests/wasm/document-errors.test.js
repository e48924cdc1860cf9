// Every kind of bad document: createNetwork throws a DocumentError whose message names the
// field as the document spells it and says what was expected, validate() returns the same,
// and the engine is still right afterwards.
import { DocumentError, loadEngine } from '../../bindings/index.js';
import { engineStillRight, doc222, withNetwork } from './helpers/support.js';

const NAMES = '"sigmoid", "tanh", "relu", "leaky-relu", "linear", "softmax"';
const ACTIVATIONS_222 = `an activation name (${NAMES}) or an array of 2 names (layers 2 to 3)`;
const FIELDS = 'layers, input, target, activations, loss, weights, biases, learningRate, weightDecay, seed';

/** The 2-2-2 document with one change made by `change(doc)`. */
function edit(change) {
  const doc = doc222();
  change(doc);
  return doc;
}

function without(key) {
  return edit((doc) => delete doc[key]);
}

/** A softmax + cross-entropy variant of the 2-2-2 document. */
function softmax222(changes = {}) {
  return doc222({ activations: ['sigmoid', 'softmax'], loss: 'cross-entropy', ...changes });
}

// [what is wrong, document (object or JSON text), field, message]
const CASES = [
  // ---- not an object, not JSON ----
  ['a number instead of an object', 42, '', 'document must be a JSON object, got 42'],
  ['an array instead of an object', [1, 2], '', 'document must be a JSON object, got an array of 2'],
  ['null instead of an object', null, '', 'document must be a JSON object, got null'],
  ['true instead of an object', true, '', 'document must be a JSON object, got true'],
  ['undefined instead of an object', undefined, '', 'document must be a JSON object, got undefined'],
  ['JSON text of a string', '"hello"', '', 'document must be a JSON object, got "hello"'],
  ['text that is not JSON', 'not json', '', "document is not valid JSON: unexpected character 'n' at line 1, column 1"],
  ['empty text', '', '', 'document is not valid JSON: unexpected end of text at line 1, column 1'],
  [
    'JSON text with a trailing comma',
    '{"layers": [2,2,2],}',
    '',
    'document is not valid JSON: expected a quoted key in an object at line 1, column 20',
  ],
  [
    'JSON text with a missing comma on line 3',
    '{\n  "layers": [2, 2, 2]\n  "loss": "mse"\n}',
    '',
    "document is not valid JSON: expected ',' or '}' in an object at line 3, column 3",
  ],
  ['an unknown field', doc222({ learningrate: 0.1 }), 'learningrate', `unknown field "learningrate"; a network document has: ${FIELDS}`],

  // ---- missing fields ----
  ['no layers', without('layers'), 'layers', 'layers is required: the units per layer, input first, e.g. [2, 2, 2]'],
  ['no activations', without('activations'), 'activations', `activations is required: ${ACTIVATIONS_222}`],
  ['no loss', without('loss'), 'loss', 'loss is required: "mse" or "cross-entropy"'],
  [
    'no input',
    without('input'),
    'input',
    'input is required: x, 2 numbers (layer 1 has 2 units), or an array of such rows, one per example',
  ],
  [
    'no target',
    without('target'),
    'target',
    'target is required: y, 2 numbers (layer 3 has 2 units), or an array of such rows, one per example',
  ],

  // ---- ill-typed fields ----
  [
    'layers as a string',
    doc222({ layers: '2,2,2' }),
    'layers',
    'layers must be an array of unit counts, input first, e.g. [2, 2, 2], got "2,2,2"',
  ],
  [
    'layers as an object',
    doc222({ layers: { 0: 2 } }),
    'layers',
    'layers must be an array of unit counts, input first, e.g. [2, 2, 2], got an object',
  ],
  ['a single layer', doc222({ layers: [2] }), 'layers', 'layers must list at least 2 layers (input and output), got 1'],
  ['activations as a number', doc222({ activations: 5 }), 'activations', `activations must be ${ACTIVATIONS_222}, got 5`],
  ['too few activations', doc222({ activations: ['sigmoid'] }), 'activations', 'activations must have 2 names (layers 2 to 3), got 1'],
  [
    'a null activation in the array',
    doc222({ activations: ['sigmoid', null] }),
    'activations[1]',
    `activations[1] must be an activation name (${NAMES}), got null`,
  ],
  ['loss as a number', doc222({ loss: 3 }), 'loss', 'loss must be "mse" or "cross-entropy", got 3'],
  [
    'weights as an object',
    doc222({ weights: {} }),
    'weights',
    'weights must be an array of 2 matrices (W^(1) to W^(2)), got an object',
  ],
  [
    'one weight matrix for two',
    edit((d) => d.weights.pop()),
    'weights',
    'weights must be an array of 2 matrices (W^(1) to W^(2)), got an array of 1',
  ],
  [
    'a number for W^(1)',
    edit((d) => (d.weights[0] = 5)),
    'weights[0]',
    'weights[0] must be W^(1), an array of 2 rows (layer 2 has 2 units), got 5',
  ],
  [
    'biases as a string',
    doc222({ biases: 'x' }),
    'biases',
    'biases must be an array of 2 vectors (b^(1) to b^(2)), got "x"',
  ],
  [
    'a number for b^(1)',
    edit((d) => (d.biases[0] = 0.1)),
    'biases[0]',
    'biases[0] must be an array of 2 numbers (layer 2 has 2 units), got 0.1',
  ],
  [
    'input as a string',
    doc222({ input: 'abc' }),
    'input',
    'input must be an array of 2 numbers (layer 1 has 2 units) or of rows, one per example, got "abc"',
  ],
  [
    'target as a number',
    doc222({ target: 5 }),
    'target',
    'target must be an array of 2 numbers (layer 3 has 2 units) or of rows, one per example, got 5',
  ],

  // ---- unit counts ----
  ['a layer of 0 units', doc222({ layers: [2, 0, 2] }), 'layers[1]', 'layers[1] must be a positive whole number of units, got 0'],
  ['a layer of -1 units', doc222({ layers: [2, -1, 2] }), 'layers[1]', 'layers[1] must be a positive whole number of units, got -1'],
  ['a layer of 1.5 units', doc222({ layers: [2, 1.5, 2] }), 'layers[1]', 'layers[1] must be a positive whole number of units, got 1.5'],
  ['a unit count as a string', doc222({ layers: [2, 2, '2'] }), 'layers[2]', 'layers[2] must be a positive whole number of units, got "2"'],
  ['a unit count of NaN', doc222({ layers: [NaN, 2, 2] }), 'layers[0]', 'layers[0] must be a positive whole number of units, got NaN'],
  [
    'a unit count of Infinity',
    doc222({ layers: [2, Infinity, 2] }),
    'layers[1]',
    'layers[1] must be a positive whole number of units, got Infinity',
  ],

  // ---- ragged and mis-shaped matrices ----
  ['W^(1) with 1 row for 2 units', edit((d) => d.weights[0].pop()), 'weights[0]', 'weights[0] must have 2 rows (layer 2 has 2 units), got 1'],
  [
    'W^(2) with 3 rows for 2 units',
    edit((d) => d.weights[1].push([0.9, 1.0])),
    'weights[1]',
    'weights[1] must have 2 rows (layer 3 has 2 units), got 3',
  ],
  [
    'a ragged W^(1) (a short second row)',
    edit((d) => d.weights[0][1].pop()),
    'weights[0][1]',
    'weights[0][1] must have 2 numbers (layer 1 has 2 units), got 1',
  ],
  [
    'a row of W^(2) one number too long',
    edit((d) => d.weights[1][0].push(0.9)),
    'weights[1][0]',
    'weights[1][0] must have 2 numbers (layer 2 has 2 units), got 3',
  ],
  [
    'a string for a row of W^(2)',
    edit((d) => (d.weights[1][0] = 'x')),
    'weights[1][0]',
    'weights[1][0] must be an array of 2 numbers (layer 2 has 2 units), got "x"',
  ],
  [
    'W^(1) written the other way round (s_l x s_{l+1})',
    doc222({
      layers: [2, 3, 2],
      weights: [
        [
          [0.1, 0.2, 0.3],
          [0.4, 0.5, 0.6],
        ],
        [
          [0.1, 0.2, 0.3],
          [0.4, 0.5, 0.6],
        ],
      ],
      biases: null,
    }),
    'weights[0]',
    'weights[0] must have 3 rows (layer 2 has 3 units), got 2',
  ],
  [
    'b^(2) with 3 numbers for 2 units',
    edit((d) => d.biases[1].push(0.2)),
    'biases[1]',
    'biases[1] must have 2 numbers (layer 3 has 2 units), got 3',
  ],

  // ---- NaN, +-Infinity and strings where numbers belong ----
  ['NaN in W^(1)', edit((d) => (d.weights[0][1][0] = NaN)), 'weights[0][1][0]', 'weights[0][1][0] must be a finite number, got NaN'],
  [
    'Infinity in W^(2)',
    edit((d) => (d.weights[1][0][1] = Infinity)),
    'weights[1][0][1]',
    'weights[1][0][1] must be a finite number, got Infinity',
  ],
  [
    '-Infinity in W^(1)',
    edit((d) => (d.weights[0][0][0] = -Infinity)),
    'weights[0][0][0]',
    'weights[0][0][0] must be a finite number, got -Infinity',
  ],
  ['a string in W^(1)', edit((d) => (d.weights[0][1][1] = '0.4')), 'weights[0][1][1]', 'weights[0][1][1] must be a finite number, got "0.4"'],
  ['null in W^(2)', edit((d) => (d.weights[1][1][0] = null)), 'weights[1][1][0]', 'weights[1][1][0] must be a finite number, got null'],
  ['a boolean in W^(2)', edit((d) => (d.weights[1][1][1] = true)), 'weights[1][1][1]', 'weights[1][1][1] must be a finite number, got true'],
  ['NaN in b^(1)', edit((d) => (d.biases[0][1] = NaN)), 'biases[0][1]', 'biases[0][1] must be a finite number, got NaN'],
  ['NaN in the input', doc222({ input: [0.5, NaN] }), 'input[1]', 'input[1] must be a finite number, got NaN'],
  ['Infinity in the target', doc222({ target: [Infinity, 1] }), 'target[0]', 'target[0] must be a finite number, got Infinity'],
  ['a string in the input', doc222({ input: ['0.5', 0.25] }), 'input[0]', 'input[0] must be a finite number, got "0.5"'],
  [
    'a number too large for a double in JSON text',
    JSON.stringify(doc222()).replace('"learningRate":0.5', '"learningRate":1e999'),
    'learningRate',
    'learningRate must be a finite number >= 0, got Infinity',
  ],
  ['a learning rate of NaN', doc222({ learningRate: NaN }), 'learningRate', 'learningRate must be a finite number >= 0, got NaN'],
  ['a learning rate as a string', doc222({ learningRate: '0.5' }), 'learningRate', 'learningRate must be a finite number >= 0, got "0.5"'],
  ['a weight decay of Infinity', doc222({ weightDecay: Infinity }), 'weightDecay', 'weightDecay must be a finite number >= 0, got Infinity'],

  // ---- activations and losses ----
  [
    'an unknown activation',
    doc222({ activations: 'gelu' }),
    'activations',
    `activations must be one of ${NAMES}, got "gelu"`,
  ],
  [
    'an activation name in the wrong case, in the array',
    doc222({ activations: ['sigmoid', 'Sigmoid'] }),
    'activations[1]',
    `activations[1] must be one of ${NAMES}, got "Sigmoid"`,
  ],
  ['an unknown loss', doc222({ loss: 'hinge' }), 'loss', 'loss must be "mse" or "cross-entropy", got "hinge"'],
  [
    'softmax on every layer (so on the hidden one)',
    softmax222({ activations: 'softmax' }),
    'activations',
    'activations puts softmax on hidden layer 2; softmax is only allowed on the output layer (layer 3)',
  ],
  [
    'softmax on the hidden layer of the array',
    softmax222({ activations: ['softmax', 'softmax'] }),
    'activations[0]',
    'activations[0] puts softmax on hidden layer 2; softmax is only allowed on the output layer (layer 3)',
  ],
  [
    'softmax on the second hidden layer of four',
    {
      layers: [2, 2, 2, 2],
      activations: ['sigmoid', 'softmax', 'softmax'],
      loss: 'cross-entropy',
      input: [1, 2],
      target: [0, 1],
    },
    'activations[1]',
    'activations[1] puts softmax on hidden layer 3; softmax is only allowed on the output layer (layer 4)',
  ],
  [
    'cross-entropy without a softmax output',
    doc222({ loss: 'cross-entropy' }),
    'loss',
    'loss "cross-entropy" needs a softmax output layer: set activations (layer 3) to "softmax"',
  ],
  [
    'cross-entropy without a softmax output, activations as an array',
    doc222({ loss: 'cross-entropy', activations: ['sigmoid', 'tanh'] }),
    'loss',
    'loss "cross-entropy" needs a softmax output layer: set activations[1] (layer 3) to "softmax"',
  ],
  [
    'a softmax output with mse',
    softmax222({ loss: 'mse' }),
    'loss',
    'a softmax output layer needs loss "cross-entropy" (with "mse", softmax\'s f\'(z) is not element-wise), got "mse"',
  ],
  [
    'a cross-entropy target that does not sum to 1',
    softmax222({ target: [0.5, 0.4] }),
    'target',
    'target must be a probability distribution for cross-entropy (no negative entries, summing to 1), got sum 0.9',
  ],
  [
    'a cross-entropy target with a negative entry',
    softmax222({ target: [1.5, -0.5] }),
    'target',
    'target must be a probability distribution for cross-entropy (no negative entries, summing to 1), got sum 1 with a negative entry',
  ],
  [
    'a cross-entropy batch whose second target is no distribution',
    softmax222({
      input: [
        [0.5, 0.25],
        [1, 1],
      ],
      target: [
        [0, 1],
        [0.3, 0.3],
      ],
    }),
    'target[1]',
    'target[1] must be a probability distribution for cross-entropy (no negative entries, summing to 1), got sum 0.6',
  ],

  // ---- negative learning rate or weight decay, bad seed ----
  ['a negative learning rate', doc222({ learningRate: -0.1 }), 'learningRate', 'learningRate must be a finite number >= 0, got -0.1'],
  ['a negative weight decay', doc222({ weightDecay: -1 }), 'weightDecay', 'weightDecay must be a finite number >= 0, got -1'],
  ['a negative seed', doc222({ seed: -1 }), 'seed', 'seed must be a whole number from 0 to 4294967295, got -1'],
  ['a fractional seed', doc222({ seed: 1.5 }), 'seed', 'seed must be a whole number from 0 to 4294967295, got 1.5'],
  ['a seed of 2^32', doc222({ seed: 2 ** 32 }), 'seed', 'seed must be a whole number from 0 to 4294967295, got 4294967296'],
  ['a seed as a string', doc222({ seed: '1' }), 'seed', 'seed must be a whole number from 0 to 4294967295, got "1"'],

  // ---- input and target of the wrong length, or different batch sizes ----
  ['an empty input', doc222({ input: [] }), 'input', 'input must not be empty'],
  ['an input one number short', doc222({ input: [0.5] }), 'input', 'input must have 2 numbers (layer 1 has 2 units), got 1'],
  ['an input one number long', doc222({ input: [0.5, 0.25, 1] }), 'input', 'input must have 2 numbers (layer 1 has 2 units), got 3'],
  ['a target one number long', doc222({ target: [0, 1, 0] }), 'target', 'target must have 2 numbers (layer 3 has 2 units), got 3'],
  ['an empty target', doc222({ target: [] }), 'target', 'target must have 2 numbers (layer 3 has 2 units), got 0'],
  [
    'two input rows and one target row',
    doc222({ input: [[0.5, 0.25], [1, 1]], target: [[0, 1]] }),
    'target',
    'target has 1 example but input has 2',
  ],
  [
    'two input rows and three target rows',
    doc222({ input: [[0.5, 0.25], [1, 1]], target: [[0, 1], [1, 0], [1, 1]] }),
    'target',
    'target has 3 examples but input has 2',
  ],
  [
    'input rows and a flat target',
    doc222({ input: [[0.5, 0.25], [1, 1]], target: [0, 1] }),
    'target',
    'target must be rows, one per example, like input (input has 2 examples)',
  ],
  [
    'a flat input and target rows',
    doc222({ target: [[0, 1]] }),
    'target',
    'target must be one example, a flat array like input, got an array of rows',
  ],
  [
    'a short second input row',
    doc222({ input: [[0.5, 0.25], [1]], target: [[0, 1], [1, 0]] }),
    'input[1]',
    'input[1] must have 2 numbers (layer 1 has 2 units), got 1',
  ],
  [
    'a number for an input row',
    doc222({ input: [[0.5, 0.25], 3], target: [[0, 1], [1, 0]] }),
    'input[1]',
    'input[1] must be an array of 2 numbers (layer 1 has 2 units), got 3',
  ],
  [
    'NaN in the second target row',
    doc222({ input: [[0.5, 0.25], [1, 1]], target: [[0, 1], [0, NaN]] }),
    'target[1][1]',
    'target[1][1] must be a finite number, got NaN',
  ],

  // ---- limits ----
  ['33 layers', { ...doc222(), layers: Array(33).fill(1), weights: null, biases: null }, 'layers', 'layers has 33 layers; at most 32 are allowed'],
  ['a layer of 4097 units', doc222({ layers: [2, 4097, 2] }), 'layers[1]', 'layers[1] is 4097 units; at most 4096 are allowed in a layer'],
  [
    'three layers of 4096 units (33,562,624 parameters)',
    doc222({ layers: [4096, 4096, 4096] }),
    'layers',
    'layers describe 33562624 parameters; at most 10000000 are allowed',
  ],
  [
    '10,004,000 parameters, just past the limit',
    doc222({ layers: [3999, 2501] }),
    'layers',
    'layers describe 10004000 parameters; at most 10000000 are allowed',
  ],
  [
    'a batch of 2441 examples with 4098 units in all',
    {
      layers: [1, 4096, 1],
      activations: 'tanh',
      loss: 'mse',
      input: Array.from({ length: 2441 }, (_, e) => [e / 2441]),
      target: Array.from({ length: 2441 }, () => [0]),
    },
    'input',
    'input has 2441 examples; with 4098 units in all that is more than 10000000 values per pass',
  ],
  [
    // the object is level 1, so the 64th '[' (column 11 + 64) is level 65
    'arrays nested 65 deep in JSON text',
    `{"layers": ${'['.repeat(64)}${']'.repeat(64)}}`,
    '',
    'document is not valid JSON: arrays and objects nested deeper than 64 levels at line 1, column 75',
  ],
];

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

describe.each(CASES)('%s', (what, doc, field, message) => {
  test('createNetwork throws a DocumentError naming the field, then the engine is still right', () => {
    let error;
    try {
      engine.createNetwork(doc).dispose();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocumentError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DocumentError');
    expect(error.message).toBe(message);
    expect(error.field).toBe(field);
    expect(engineStillRight(engine)).toEqual([]);
  });

  test('validate() returns the same field and message', () => {
    expect(engine.validate(doc)).toEqual({ field, message });
    expect(engineStillRight(engine)).toEqual([]);
  });
});

describe('documents just inside the limits are accepted', () => {
  test('the limits are the documented ones', () => {
    expect(engine.limits).toEqual({ maxLayers: 32, maxUnits: 4096, maxParameters: 1e7, maxBatchValues: 1e7 });
  });

  test('32 layers build and run', () => {
    const doc = { layers: Array(32).fill(2), activations: 'tanh', loss: 'mse', input: [0.5, -0.5], target: [0, 1] };
    expect(engine.validate(doc)).toBeNull();
    withNetwork(engine, doc, (net) => {
      expect(net.layers).toHaveLength(32);
      const r = net.run();
      expect(r.layers).toHaveLength(32);
      expect(r.gradients).toHaveLength(31);
      expect(Number.isFinite(r.loss)).toBe(true);
    });
  });

  test('a layer of 4096 units builds and runs', () => {
    const doc = { layers: [1, 4096, 1], activations: 'tanh', loss: 'mse', input: [0.5], target: [0.25] };
    withNetwork(engine, doc, (net) => {
      const r = net.run();
      expect(r.layers[1].a).toHaveLength(4096);
      expect(r.gradients[0].W).toHaveLength(4096);
    });
  });

  test('exactly 10,000,000 parameters validate', () => {
    // s_2 (s_1 + 1) = 2500 * 4000
    const doc = { layers: [3999, 2500], activations: 'linear', loss: 'mse', input: Array(3999).fill(0), target: Array(2500).fill(0) };
    expect(engine.validate(doc)).toBeNull();
  });

  test('a batch of exactly 2440 examples with 4098 units in all (9,999,120 values) validates', () => {
    const doc = {
      layers: [1, 4096, 1],
      activations: 'tanh',
      loss: 'mse',
      input: Array.from({ length: 2440 }, () => [0.5]),
      target: Array.from({ length: 2440 }, () => [0]),
    };
    expect(engine.validate(doc)).toBeNull();
  });
});

describe('refusals that happen before the document reaches the engine', () => {
  test('a document that refers to itself is a DocumentError, not a stack overflow', () => {
    const doc = doc222();
    doc.weights.push(doc);
    expect(() => engine.createNetwork(doc).dispose()).toThrow(DocumentError);
    expect(engine.validate(doc)).toEqual({ field: '', message: 'document nests arrays and objects deeper than 64 levels' });
    expect(engineStillRight(engine)).toEqual([]);
  });

  test('JSON text over 16 MiB is refused as too large', () => {
    const text = `{"layers": [2, 2, 2]${' '.repeat(16 * 1024 * 1024)}}`;
    expect(engine.validate(text)).toEqual({
      field: '',
      message: `document is too large: ${text.length} bytes, at most 16777216 are allowed`,
    });
    expect(engineStillRight(engine)).toEqual([]);
  });
});

test('validate() returns null for a valid document and does not build anything', () => {
  expect(engine.validate(doc222())).toBeNull();
  expect(engine.validate(JSON.stringify(doc222()))).toBeNull();
});

test('arrays nested exactly 64 levels deep are read (and the validator then speaks)', () => {
  const text = `{"layers": ${'['.repeat(63)}${']'.repeat(63)}}`;
  expect(engine.validate(text)).toEqual({
    field: 'layers',
    message: 'layers must list at least 2 layers (input and output), got 1',
  });
});

test('the first problem is reported when a document has several', () => {
  const doc = doc222({ layers: [2, 0, 2], loss: 'hinge', input: 'x' });
  expect(engine.validate(doc)).toEqual({ field: 'layers[1]', message: 'layers[1] must be a positive whole number of units, got 0' });
});
