// Each formula of the notes on the hand-checked 2-2-2 network (doc222()), against values
// worked by hand below (one line per unit, index by index, as on paper), and against the loop
// reference.
import { loadEngine } from '../../bindings/index.js';
import { referencePass, referenceStep } from './helpers/reference.js';
import { doc222, mismatches, passMismatches, withNetwork, WRONG_BY_AT_LEAST } from './helpers/support.js';

const sigma = (z) => 1 / (1 + Math.exp(-z));

// ---- worked by hand: x = (0.5, 0.25), y = (0, 1), W^(1), b^(1), W^(2), b^(2) of doc222() ----
const x = [0.5, 0.25];
const y = [0, 1];
// z^(2) = W^(1) a^(1) + b^(1)
const z2 = [0.1 * 0.5 + 0.2 * 0.25 + 0.1, 0.3 * 0.5 + 0.4 * 0.25 + 0.1]; // = (0.2, 0.35)
const a2 = [sigma(z2[0]), sigma(z2[1])];
const fp2 = [a2[0] * (1 - a2[0]), a2[1] * (1 - a2[1])];
// z^(3) = W^(2) a^(2) + b^(2)
const z3 = [0.5 * a2[0] + 0.6 * a2[1] + 0.2, 0.7 * a2[0] + 0.8 * a2[1] + 0.2];
const a3 = [sigma(z3[0]), sigma(z3[1])];
const fp3 = [a3[0] * (1 - a3[0]), a3[1] * (1 - a3[1])];
// J = 1/2 ||a^(3) - y||^2
const J = 0.5 * ((a3[0] - y[0]) ** 2 + (a3[1] - y[1]) ** 2);
// delta^(3) = (a^(3) - y) o f'(z^(3))
const d3 = [(a3[0] - y[0]) * fp3[0], (a3[1] - y[1]) * fp3[1]];
// delta_i^(2) = (sum_j W_ji^(2) delta_j^(3)) f'(z_i^(2)): column i of W^(2) = [[0.5, 0.6], [0.7, 0.8]]
const d2 = [(0.5 * d3[0] + 0.7 * d3[1]) * fp2[0], (0.6 * d3[0] + 0.8 * d3[1]) * fp2[1]];
// the same with row i instead of column i (the W-instead-of-W^T mistake), to show the test tells them apart
const d2WithoutTranspose = [(0.5 * d3[0] + 0.6 * d3[1]) * fp2[0], (0.7 * d3[0] + 0.8 * d3[1]) * fp2[1]];
// dJ/dW^(l) = delta^(l+1) (a^(l))^T, dJ/db^(l) = delta^(l+1)
const dW1 = [
  [d2[0] * x[0], d2[0] * x[1]],
  [d2[1] * x[0], d2[1] * x[1]],
];
const dW2 = [
  [d3[0] * a2[0], d3[0] * a2[1]],
  [d3[1] * a2[0], d3[1] * a2[1]],
];
const alpha = 0.5;

let engine;
let net;
let r;

beforeAll(async () => {
  engine = await loadEngine();
  net = engine.createNetwork(doc222());
  r = net.run();
});

afterAll(() => net.dispose());

describe('the hand-checked 2-2-2 network against values worked by hand', () => {
  test('the input layer holds a^(1) = x and nothing else', () => {
    expect(r.layers).toHaveLength(3);
    expect(r.layers.map((layer) => layer.layer)).toEqual([1, 2, 3]);
    expect(r.layers[0]).toEqual({ layer: 1, z: null, a: x, fprime: null, delta: null });
    expect(r.batchSize).toBe(1);
    expect(r.warnings).toEqual([]);
  });

  test('z^(2) = W^(1) a^(1) + b^(1) is (0.2, 0.35)', () => {
    expect(mismatches(r.layers[1].z, [0.2, 0.35])).toEqual([]);
    expect(mismatches(r.layers[1].z, z2)).toEqual([]);
  });

  test('a^(2) = sigmoid(z^(2))', () => {
    expect(mismatches(r.layers[1].a, a2)).toEqual([]);
  });

  test("f'(z^(2)) = a^(2) (1 - a^(2))", () => {
    expect(mismatches(r.layers[1].fprime, fp2)).toEqual([]);
  });

  test('z^(3) = W^(2) a^(2) + b^(2) and a^(3) = sigmoid(z^(3))', () => {
    expect(mismatches(r.layers[2].z, z3)).toEqual([]);
    expect(mismatches(r.layers[2].a, a3)).toEqual([]);
    expect(mismatches(r.layers[2].fprime, fp3)).toEqual([]);
  });

  test('J = 1/2 ||a^(3) - y||^2', () => {
    expect(mismatches(r.loss, J)).toEqual([]);
  });

  test("delta^(3) = (a^(3) - y) o f'(z^(3))", () => {
    expect(mismatches(r.layers[2].delta, d3)).toEqual([]);
  });

  test("delta^(2) = (W^(2))^T delta^(3) o f'(z^(2)): unit i collects column i of W^(2)", () => {
    expect(mismatches(r.layers[1].delta, d2)).toEqual([]);
    // W^(2) is not symmetric, so the untransposed product is far from the right answer
    for (let i = 0; i < 2; ++i) {
      expect(Math.abs(r.layers[1].delta[i] - d2WithoutTranspose[i])).toBeGreaterThan(WRONG_BY_AT_LEAST * Math.abs(d2[i]));
    }
  });

  test('dJ/dW^(2) = delta^(3) (a^(2))^T and dJ/db^(2) = delta^(3)', () => {
    expect(r.gradients[1].layer).toBe(2);
    expect(mismatches(r.gradients[1].W, dW2)).toEqual([]);
    expect(mismatches(r.gradients[1].b, d3)).toEqual([]);
  });

  test('dJ/dW^(1) = delta^(2) (a^(1))^T and dJ/db^(1) = delta^(2)', () => {
    expect(r.gradients[0].layer).toBe(1);
    expect(mismatches(r.gradients[0].W, dW1)).toEqual([]);
    expect(mismatches(r.gradients[0].b, d2)).toEqual([]);
  });

  test('the whole pass agrees with the loop reference implementation', () => {
    expect(passMismatches(r, referencePass(doc222()))).toEqual([]);
  });
});

describe('one gradient descent step on the 2-2-2 network, parameter by parameter', () => {
  test('step() returns J before the step and moves every W_ij and b_i by -alpha times its gradient', () => {
    withNetwork(engine, doc222(), (stepped) => {
      const before = stepped.step();
      expect(mismatches(before, J)).toEqual([]);
      const after = stepped.toDocument();
      const W = [
        [
          [0.1, 0.2],
          [0.3, 0.4],
        ],
        [
          [0.5, 0.6],
          [0.7, 0.8],
        ],
      ];
      const dW = [dW1, dW2];
      const db = [d2, d3];
      const b = [
        [0.1, 0.1],
        [0.2, 0.2],
      ];
      for (let l = 0; l < 2; ++l) {
        for (let i = 0; i < 2; ++i) {
          for (let j = 0; j < 2; ++j) {
            expect(mismatches(after.weights[l][i][j], W[l][i][j] - alpha * dW[l][i][j])).toEqual([]);
          }
          expect(mismatches(after.biases[l][i], b[l][i] - alpha * db[l][i])).toEqual([]);
        }
      }
      // input, target and settings are untouched by a step
      expect(after.input).toEqual(x);
      expect(after.target).toEqual(y);
      expect(after.learningRate).toBe(alpha);
    });
  });

  test('after one step the pass is that of the updated parameters, and J went down', () => {
    withNetwork(engine, doc222(), (stepped) => {
      stepped.step();
      const next = referenceStep(doc222(), alpha);
      const r2 = stepped.run();
      expect(passMismatches(r2, referencePass(next))).toEqual([]);
      expect(r2.loss).toBeLessThan(J);
    });
  });
});
