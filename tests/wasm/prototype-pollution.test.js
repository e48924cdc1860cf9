// Prototype pollution, as hardening against untrusted documents: documents with "__proto__", "constructor" and "prototype"
// keys, as JSON text and as the objects JSON.parse makes of that text (own properties named
// "__proto__"), never change Object.prototype or Array.prototype through the API, and the
// same document is accepted or refused the same way whichever form it comes in.
import { loadEngine } from '../../bindings/index.js';
import { DOC_222, engineStillRight } from './helpers/support.js';

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

const base = JSON.stringify(DOC_222);
const withMember = (member) => `${base.slice(0, -1)},${member}}`;

/** Hostile variants: [name, JSON text]. */
const VARIANTS = [
  ['__proto__ with a polluting object', withMember('"__proto__":{"polluted":"yes","isAdmin":true}')],
  ['__proto__ carrying a layers field', withMember('"__proto__":{"layers":[9,9,9],"polluted":1}')],
  ['constructor.prototype', withMember('"constructor":{"prototype":{"polluted":"yes"}}')],
  ['prototype', withMember('"prototype":{"polluted":"yes"}')],
  ['all three', withMember('"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"prototype":{"polluted":3}')],
  ['__proto__ first, the document fields after', `{"__proto__":{"polluted":1},${base.slice(1)}`],
  ['__proto__ inside weights (not an array: refused)', JSON.stringify({ ...DOC_222, weights: 'X' }).replace('"X"', '{"__proto__":{"polluted":1}}')],
  ['__proto__ inside a row (refused)', JSON.stringify({ ...DOC_222, input: 'X' }).replace('"X"', '[{"__proto__":{"polluted":1}},0.25]')],
  ['__proto__ as null', withMember('"__proto__":null')],
  ['__proto__ as an array', withMember('"__proto__":[1,2,3]')],
  ['a nested constructor chain', withMember('"constructor":{"constructor":{"prototype":{"polluted":1}}}')],
];

function polluted() {
  const hits = [];
  for (const [name, proto] of [['Object', Object.prototype], ['Array', Array.prototype], ['Function', Function.prototype]]) {
    for (const key of ['polluted', 'isAdmin', 'layers']) if (Object.prototype.hasOwnProperty.call(proto, key)) hits.push(`${name}.prototype.${key}`);
  }
  if ({}.polluted !== undefined || [].polluted !== undefined) hits.push('inherited polluted');
  return hits;
}

describe.each(VARIANTS)('%s', (name, text) => {
  test('pollutes nothing; text and the parsed object are accepted or refused alike', () => {
    const parsed = JSON.parse(text);
    const fromText = engine.validate(text);
    const fromObject = engine.validate(parsed);
    expect(fromObject).toEqual(fromText);
    let acceptedText = false;
    let acceptedObject = false;
    try { engine.createNetwork(text).dispose(); acceptedText = true; } catch (e) { expect(e.name).toBe('DocumentError'); }
    try {
      const net = engine.createNetwork(parsed);
      // The keys were ignored: the network is the document's, and toDocument() has none of them.
      expect(net.layers).toEqual(DOC_222.layers);
      const out = net.toDocument();
      expect(Object.keys(out)).not.toContain('__proto__');
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      expect(Object.keys(out).sort()).toEqual(['activations', 'biases', 'input', 'layers', 'learningRate', 'loss', 'seed', 'target', 'weightDecay', 'weights']);
      net.dispose();
      acceptedObject = true;
    } catch (e) {
      expect(e.name).toBe('DocumentError');
    }
    expect(acceptedObject).toBe(acceptedText);
    expect(acceptedText).toBe(fromText === null);
    expect(polluted()).toEqual([]);
  });
});

test('an object whose real prototype carries fields: only own fields count (as JSON.stringify)', () => {
  const sneaky = Object.create({ layers: [2, 2, 2], activations: 'sigmoid', loss: 'mse' });
  sneaky.input = [0.5, 0.25];
  sneaky.target = [0, 1];
  expect(engine.validate(sneaky)).toEqual(engine.validate(JSON.parse(JSON.stringify(sneaky))));
  expect(engine.validate(sneaky).field).toBe('layers');
  expect(polluted()).toEqual([]);
});

test('after all of it the instance is still right', () => {
  expect(polluted()).toEqual([]);
  expect(engineStillRight(engine)).toEqual([]);
});
