// net.predict(inputs): the output a^(L) for other inputs (the training view's heatmap),
// checked against the independent reference, and leaving the network's own pass alone.
import { loadEngine } from '../../bindings/index.js';
import { referencePass } from './helpers/reference.js';
import { REFERENCE_ABSOLUTE, REFERENCE_RELATIVE, doc222, withNetwork } from './helpers/support.js';

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

const close = (actual, expected) =>
  Math.abs(actual - expected) <= REFERENCE_ABSOLUTE + REFERENCE_RELATIVE * Math.abs(expected);

test('predict(x) of one example equals a^(L) of the reference pass on that input', () => {
  withNetwork(engine, doc222(), (net) => {
    for (const x of [[0.5, 0.25], [0, 0], [-3, 7.5]]) {
      const expected = referencePass(doc222({ input: x })).layers.at(-1).a;
      const actual = net.predict(x);
      expect(actual).toHaveLength(2);
      actual.forEach((v, k) => expect(close(v, expected[k])).toBe(true));
    }
  });
});

test('predict(rows) gives one row per example, each equal to its own reference pass', () => {
  const rows = [[0.5, 0.25], [1, -1], [0.1, 0.9]];
  withNetwork(engine, doc222(), (net) => {
    const out = net.predict(rows);
    expect(out).toHaveLength(3);
    rows.forEach((x, e) => {
      const expected = referencePass(doc222({ input: x })).layers.at(-1).a;
      out[e].forEach((v, k) => expect(close(v, expected[k])).toBe(true));
    });
  });
});

test("predict() leaves the network's own data and last pass unchanged", () => {
  withNetwork(engine, doc222(), (net) => {
    const before = JSON.stringify(net.run());
    net.predict([[9, 9], [-9, 4]]);
    expect(JSON.stringify(net.run())).toBe(before);
    expect(net.toDocument().input).toEqual([0.5, 0.25]);
  });
});

test('predict() refuses inputs of the wrong length or with non-finite numbers, naming them', () => {
  withNetwork(engine, doc222(), (net) => {
    expect(() => net.predict([1])).toThrow('predict(inputs): inputs must have 2 numbers (layer 1 has 2 units), got 1');
    expect(() => net.predict([[1, 2], [3]])).toThrow('predict(inputs): inputs[1] must have 2 numbers (layer 1 has 2 units), got 1');
    expect(() => net.predict([1, NaN])).toThrow('predict(inputs): inputs[1] must be a finite number, got NaN');
    expect(net.predict([0.5, 0.25])).toEqual(net.run().layers[2].a);
  });
});
