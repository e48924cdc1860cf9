// A document may be given as JSON text as well as an object, with the same result.
import { DocumentError, loadEngine } from '../../bindings/index.js';
import { bitwise, doc222, engineStillRight, runDocument } from './helpers/support.js';

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

test('JSON text gives bit for bit the pass of the same document as an object', () => {
  expect(bitwise(runDocument(engine, JSON.stringify(doc222())))).toEqual(bitwise(runDocument(engine, doc222())));
});

test('pretty-printed text with escapes in strings is read like compact text', () => {
  const text = JSON.stringify(doc222(), null, 2).replace('"sigmoid"', '"\\u0073igmoid"').replace('"mse"', '"ms\\u0065"');
  expect(text).toContain('\\u0073igmoid');
  expect(bitwise(runDocument(engine, text))).toEqual(bitwise(runDocument(engine, doc222())));
});

test('numbers in exponent form are read exactly', () => {
  const text = JSON.stringify(doc222()).replace('"input":[0.5,0.25]', '"input":[5E-1,2.5e-1]');
  expect(text).toContain('5E-1');
  expect(bitwise(runDocument(engine, text))).toEqual(bitwise(runDocument(engine, doc222())));
});

test('a repeated key: the last one wins, as with JSON.parse', () => {
  const text = JSON.stringify(doc222()).replace('{', '{"loss":"hinge",');
  expect(JSON.parse(text).loss).toBe('mse');
  expect(bitwise(runDocument(engine, text))).toEqual(bitwise(runDocument(engine, doc222())));
});

test('the tokens NaN and Infinity in text are read as numbers and refused by name', () => {
  const text = JSON.stringify(doc222()).replace('"target":[0,1]', '"target":[NaN,1]');
  let error;
  try {
    engine.createNetwork(text).dispose();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DocumentError);
  expect([error.field, error.message]).toEqual(['target[0]', 'target[0] must be a finite number, got NaN']);
  const infinite = JSON.stringify(doc222()).replace('"input":[0.5,0.25]', '"input":[-Infinity,0.25]');
  expect(engine.validate(infinite)).toEqual({ field: 'input[0]', message: 'input[0] must be a finite number, got -Infinity' });
  expect(engineStillRight(engine)).toEqual([]);
});

test('text with something after the document is refused', () => {
  expect(engine.validate(`${JSON.stringify(doc222())} {}`)).toEqual({
    field: '',
    message: `document is not valid JSON: unexpected text after the document at line 1, column ${JSON.stringify(doc222()).length + 2}`,
  });
});

test('an object with undefined members is read as if they were absent, as JSON.stringify would', () => {
  const doc = { ...doc222(), weightDecay: undefined, seed: undefined };
  expect(bitwise(runDocument(engine, doc))).toEqual(bitwise(runDocument(engine, doc222())));
});
