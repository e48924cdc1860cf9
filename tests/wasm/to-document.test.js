// net.toDocument() is the network's current state as a document: building a network from it
// (as an object or as JSON text) gives the same pass, bit for bit.
import { loadEngine } from '../../bindings/index.js';
import { makeRng } from './helpers/reference.js';
import { randomDocument } from './helpers/random-networks.js';
import { bitwise, doc222, withNetwork } from './helpers/support.js';

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

const DOCS = [
  ['the 2-2-2 network', doc222()],
  ['a batch with weight decay', doc222({ input: [[0.5, 0.25], [-1, 3]], target: [[0, 1], [1, 0]], weightDecay: 0.01 })],
  [
    'seeded weights and zero biases (none given)',
    { layers: [3, 5, 4, 2], activations: ['relu', 'tanh', 'softmax'], loss: 'cross-entropy', input: [1, -2, 0.5], target: [0.25, 0.75], seed: 99 },
  ],
  ['a random 6-layer network', randomDocument(makeRng(5), { depth: 6 })],
  [
    'numbers that need all 17 digits',
    doc222({ weights: [[[0.1 + 0.2, 1 / 3], [Math.PI, -Math.E]], [[1e-300, 5e-324], [123456789.123456789, -0.7]]] }),
  ],
];

describe.each(DOCS)('%s', (what, doc) => {
  test('createNetwork(net.toDocument()) runs bit for bit the same', () => {
    withNetwork(engine, doc, (net) => {
      const copy = net.toDocument();
      withNetwork(engine, copy, (again) => {
        expect(bitwise(again.run())).toEqual(bitwise(net.run()));
        expect(bitwise(again.toDocument())).toEqual(bitwise(copy));
      });
    });
  });

  test('the round trip through JSON text is bit for bit too', () => {
    withNetwork(engine, doc, (net) => {
      withNetwork(engine, JSON.stringify(net.toDocument()), (again) => {
        expect(bitwise(again.run())).toEqual(bitwise(net.run()));
      });
    });
  });

  test('after three steps, the document holds the stepped parameters', () => {
    withNetwork(engine, doc, (net) => {
      net.step();
      net.step();
      net.step();
      withNetwork(engine, net.toDocument(), (again) => {
        expect(bitwise(again.run())).toEqual(bitwise(net.run()));
        // and the copy steps on identically
        expect(bitwise(again.step())).toBe(bitwise(net.step()));
        expect(bitwise(again.toDocument())).toEqual(bitwise(net.toDocument()));
      });
    });
  });
});

test('given weights, biases, input and target come back exactly, even subnormal and 17-digit numbers', () => {
  const doc = DOCS[4][1];
  withNetwork(engine, doc, (net) => {
    const out = net.toDocument();
    for (const key of ['weights', 'biases', 'input', 'target']) expect(bitwise(out[key])).toEqual(bitwise(doc[key]));
  });
});

test('toDocument gives back the given fields as written, with the defaults filled in', () => {
  const doc = {
    layers: [2, 2, 2],
    activations: 'sigmoid',
    loss: 'mse',
    weights: doc222().weights,
    biases: doc222().biases,
    input: [0.5, 0.25],
    target: [0, 1],
  };
  withNetwork(engine, doc, (net) => {
    expect(net.toDocument()).toEqual({ ...doc, learningRate: 0.1, weightDecay: 0, seed: 1 });
  });
});

test('toDocument keeps an activations array, a batch as rows, and the settings', () => {
  const doc = {
    layers: [2, 3, 2],
    activations: ['relu', 'linear'],
    loss: 'mse',
    input: [[1, 2]],
    target: [[3, 4]],
    learningRate: 0.25,
    weightDecay: 0.5,
    seed: 4294967295,
  };
  withNetwork(engine, doc, (net) => {
    const out = net.toDocument();
    expect(out.activations).toEqual(['relu', 'linear']);
    expect(out.input).toEqual([[1, 2]]);
    expect(out.target).toEqual([[3, 4]]);
    expect([out.learningRate, out.weightDecay, out.seed]).toEqual([0.25, 0.5, 4294967295]);
    expect(out.biases).toEqual([
      [0, 0, 0],
      [0, 0],
    ]);
    expect(out.weights.map((W) => [W.length, W[0].length])).toEqual([
      [3, 2],
      [2, 3],
    ]);
  });
});

test('an array of identical activations comes back as one name, and means the same', () => {
  withNetwork(engine, doc222({ activations: ['sigmoid', 'sigmoid'] }), (net) => {
    expect(net.toDocument().activations).toBe('sigmoid');
    withNetwork(engine, doc222(), (same) => expect(bitwise(net.run())).toEqual(bitwise(same.run())));
  });
});

test('the returned document is a copy: changing it changes nothing in the network', () => {
  withNetwork(engine, doc222(), (net) => {
    const before = bitwise(net.run());
    const out = net.toDocument();
    out.weights[0][0][0] = 100;
    out.layers.push(7);
    expect(bitwise(net.run())).toEqual(before);
    expect(net.toDocument().weights[0][0][0]).toBe(0.1);
    expect(net.layers).toEqual([2, 2, 2]);
  });
});
