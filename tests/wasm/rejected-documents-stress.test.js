// 200,000 rejected documents in a row do not break the WebAssembly instance: every one is a
// DocumentError with the right message, and a valid pass afterwards still gives the right values.
import { DocumentError, loadEngine } from '../../bindings/index.js';
import { engineStillRight } from './helpers/support.js';

const REJECTIONS = 200_000;

// A mix of the kinds of refusal: JSON syntax, shapes, non-finite numbers, limits; as objects
// and as text. Small documents, so that the 200,000 take seconds, not minutes.
const tiny = { layers: [1, 1], activations: 'linear', loss: 'mse', input: [1], target: [0] };
const BAD = [
  [{ layers: [2, 0, 2] }, 'layers[1]', 'layers[1] must be a positive whole number of units, got 0'],
  ['{"layers": [2,2,2],}', '', 'document is not valid JSON: expected a quoted key in an object at line 1, column 20'],
  [{ ...tiny, weights: [[[NaN]]] }, 'weights[0][0][0]', 'weights[0][0][0] must be a finite number, got NaN'],
  [
    '{"layers":[1,1],"activations":"gelu"}',
    'activations',
    'activations must be one of "sigmoid", "tanh", "relu", "leaky-relu", "linear", "softmax", got "gelu"',
  ],
  [{ layers: Array(33).fill(1) }, 'layers', 'layers has 33 layers; at most 32 are allowed'],
  [{ ...tiny, target: [0, 1] }, 'target', 'target must have 1 number (layer 2 has 1 unit), got 2'],
  [42, '', 'document must be a JSON object, got 42'],
  [{ ...tiny, learningRate: -1 }, 'learningRate', 'learningRate must be a finite number >= 0, got -1'],
];

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

test(`${REJECTIONS.toLocaleString('en')} rejected documents in a row leave the instance working and right`, () => {
  let wrong = 0;
  let firstWrong = null;
  for (let n = 0; n < REJECTIONS; ++n) {
    const [doc, field, message] = BAD[n % BAD.length];
    try {
      engine.createNetwork(doc).dispose();
      wrong += 1;
      firstWrong ??= `document ${n} was accepted`;
    } catch (error) {
      if (!(error instanceof DocumentError) || error.field !== field || error.message !== message) {
        wrong += 1;
        firstWrong ??= `document ${n}: ${error?.name} ${error?.field} ${error?.message}`;
      }
    }
  }
  expect(firstWrong).toBeNull();
  expect(wrong).toBe(0);
  expect(engineStillRight(engine)).toEqual([]);
});

test('validate() on 20,000 bad documents in a row leaves the instance working and right', () => {
  let wrong = 0;
  for (let n = 0; n < 20_000; ++n) {
    const [doc, field, message] = BAD[n % BAD.length];
    const result = engine.validate(doc);
    if (result?.field !== field || result?.message !== message) wrong += 1;
  }
  expect(wrong).toBe(0);
  expect(engineStillRight(engine)).toEqual([]);
});
