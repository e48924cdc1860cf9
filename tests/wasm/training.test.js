// Gradient descent: step() with the document's learning rate or an override, and train(n) as n steps.
import { loadEngine } from '../../bindings/index.js';
import { referencePass, referenceStep } from './helpers/reference.js';
import { bitwise, doc222, mismatches, passMismatches, withNetwork } from './helpers/support.js';

/** n reference steps in a row accumulate a few ulp of difference per step. */
const STEPS_RELATIVE = 1e-11;
const STEPS_ABSOLUTE = 1e-15;

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

const parameters = (doc) => [doc.weights, doc.biases];

test('step() uses the document\'s learningRate', () => {
  withNetwork(engine, doc222(), (net) => {
    net.step();
    expect(mismatches(parameters(net.toDocument()), parameters(referenceStep(doc222(), 0.5)))).toEqual([]);
  });
});

test('step(alpha) overrides the learning rate for that step only', () => {
  withNetwork(engine, doc222(), (net) => {
    net.step(0.25);
    const once = referenceStep(doc222(), 0.25);
    expect(mismatches(parameters(net.toDocument()), parameters(once))).toEqual([]);
    expect(net.toDocument().learningRate).toBe(0.5);
    net.step(); // back to 0.5
    expect(mismatches(parameters(net.toDocument()), parameters(referenceStep(once, 0.5)))).toEqual([]);
  });
});

test('without learningRate in the document, a step uses 0.1', () => {
  const doc = doc222();
  delete doc.learningRate;
  withNetwork(engine, doc, (net) => {
    net.step();
    expect(mismatches(parameters(net.toDocument()), parameters(referenceStep(doc222(), 0.1)))).toEqual([]);
  });
});

test('step(0) changes no parameter and returns J', () => {
  withNetwork(engine, doc222(), (net) => {
    const before = bitwise(net.toDocument());
    const J = net.run().loss;
    expect(net.step(0)).toBe(J);
    expect(bitwise(net.toDocument())).toEqual(before);
  });
});

test('a learning rate of 0 in the document makes step() change nothing', () => {
  withNetwork(engine, doc222({ learningRate: 0 }), (net) => {
    const before = bitwise(net.toDocument());
    net.step();
    expect(bitwise(net.toDocument())).toEqual(before);
  });
});

test('train(n) gives bit for bit the parameters of n step() calls, and returns what the last step returned', () => {
  withNetwork(engine, doc222(), (trained) => {
    withNetwork(engine, doc222(), (stepped) => {
      let last;
      for (let t = 0; t < 25; ++t) last = stepped.step();
      expect(bitwise(trained.train(25))).toBe(bitwise(last));
      expect(bitwise(trained.toDocument())).toEqual(bitwise(stepped.toDocument()));
      expect(bitwise(trained.run())).toEqual(bitwise(stepped.run()));
    });
  });
});

test('train(n, alpha) equals n calls of step(alpha)', () => {
  const doc = doc222({ input: [[0.5, 0.25], [1, -1]], target: [[0, 1], [1, 0]], weightDecay: 0.01 });
  withNetwork(engine, doc, (trained) => {
    withNetwork(engine, doc, (stepped) => {
      for (let t = 0; t < 10; ++t) stepped.step(2);
      trained.train(10, 2);
      expect(bitwise(trained.toDocument())).toEqual(bitwise(stepped.toDocument()));
    });
  });
});

test('ten steps agree with ten reference steps, and J goes down', () => {
  withNetwork(engine, doc222(), (net) => {
    let doc = doc222();
    const losses = [];
    for (let t = 0; t < 10; ++t) {
      losses.push(net.step());
      expect(mismatches(losses[t], referencePass(doc).loss, { relative: STEPS_RELATIVE, absolute: 0 })).toEqual([]);
      doc = referenceStep(doc, 0.5);
    }
    expect(passMismatches(net.run(), referencePass(doc), { relative: STEPS_RELATIVE, absolute: STEPS_ABSOLUTE })).toEqual([]);
    losses.forEach((J, t) => t > 0 && expect(J).toBeLessThan(losses[t - 1]));
  });
});

test('train(0) changes no parameter', () => {
  withNetwork(engine, doc222(), (net) => {
    const before = bitwise(net.toDocument());
    net.train(0);
    expect(bitwise(net.toDocument())).toEqual(before);
  });
});

test('a bad alpha or step count is a RangeError and changes nothing', () => {
  withNetwork(engine, doc222(), (net) => {
    const before = bitwise(net.toDocument());
    for (const alpha of [-0.1, NaN, Infinity, '0.1', null]) {
      expect(() => net.step(alpha)).toThrow(RangeError);
      expect(() => net.train(1, alpha)).toThrow(RangeError);
    }
    for (const steps of [-1, 1.5, NaN, '3']) expect(() => net.train(steps)).toThrow(RangeError);
    expect(() => net.step(-1)).toThrow('step(alpha): alpha must be a finite number >= 0, got -1');
    expect(bitwise(net.toDocument())).toEqual(before);
  });
});

// With no update to make, train(0) still evaluates J at the current parameters (it once
// returned the J left over from the previous pass).
test('train(0) returns J at the current parameters', () => {
  withNetwork(engine, doc222(), (net) => {
    const fresh = net.train(0);
    expect(fresh).toBe(net.run().loss);
    net.step();
    expect(net.train(0)).toBe(net.run().loss);
  });
});
