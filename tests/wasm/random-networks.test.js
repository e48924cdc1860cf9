// Random networks of depth 2 to 6 (seeded): every analytic gradient agrees with central
// differences computed here in JS (perturb the document, build a network, run it, take J),
// and net.gradientCheck() agrees too.
import { loadEngine } from '../../bindings/index.js';
import { makeRng, referencePass } from './helpers/reference.js';
import { parametersOf, perturbed, randomDocument } from './helpers/random-networks.js';
import {
  bitwise,
  EPSILON,
  GRADIENT_CHECK_RELATIVE,
  lossOf,
  passMismatches,
  relativeError,
  RELATIVE_ERROR_TINY,
  withNetwork,
} from './helpers/support.js';

/** Networks per depth for the JS central differences (each parameter costs two networks). */
const NETWORKS_PER_DEPTH = 8;
/** Networks per depth for net.gradientCheck(). */
const CHECKS_PER_DEPTH = 20;
/**
 * Engine against the loop reference on deep random networks: errors grow with depth and with
 * the number of terms, so a little looser than on the 2-2-2 network.
 */
const DEEP_REFERENCE = { relative: 1e-10, absolute: 1e-14 };

const DEPTHS = [2, 3, 4, 5, 6];

/** The same central difference computed twice (engine and JS, epsilon 1e-3): equal to rounding. */
const SAME_DIFFERENCE = 1e-9;
/** relativeError reported by the engine against the same formula evaluated here: digits after the point. */
const SAME_FORMULA_DIGITS = 15;

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

const describeParameter = ({ quantity, k, i, j }) =>
  quantity === 'W' ? `dJ/dW^(${k + 1})[${i}][${j}]` : `dJ/db^(${k + 1})[${i}]`;
const gradientOf = (r, { quantity, k, i, j }) => (quantity === 'W' ? r.gradients[k].W[i][j] : r.gradients[k].b[i]);

describe.each(DEPTHS)('random networks with L = %i layers', (depth) => {
  test('every gradient agrees with JS central differences to < 1e-7 relative error', () => {
    const rng = makeRng(1000 + depth);
    const failures = [];
    let compared = 0;
    for (let n = 0; n < NETWORKS_PER_DEPTH; ++n) {
      const doc = randomDocument(rng, { depth });
      const r = withNetwork(engine, doc, (net) => net.run());
      for (const p of parametersOf(doc)) {
        const numeric =
          (lossOf(engine, perturbed(doc, p, EPSILON)) - lossOf(engine, perturbed(doc, p, -EPSILON))) / (2 * EPSILON);
        const analytic = gradientOf(r, p);
        const error = relativeError(analytic, numeric);
        compared += 1;
        if (!(error < GRADIENT_CHECK_RELATIVE)) {
          failures.push(`network ${n} ${JSON.stringify(doc.layers)}: ${describeParameter(p)} ${analytic} vs ${numeric} (${error})`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(compared).toBeGreaterThan(NETWORKS_PER_DEPTH * (depth - 1));
  });

  test('every z, a, fprime, delta, gradient and J agrees with the loop reference', () => {
    const rng = makeRng(2000 + depth);
    for (let n = 0; n < NETWORKS_PER_DEPTH; ++n) {
      const doc = randomDocument(rng, { depth });
      const r = withNetwork(engine, doc, (net) => net.run());
      expect(passMismatches(r, referencePass(doc), DEEP_REFERENCE)).toEqual([]);
    }
  });

  test('net.gradientCheck() reports maxRelativeError < 1e-7, one entry per parameter', () => {
    const rng = makeRng(3000 + depth);
    for (let n = 0; n < CHECKS_PER_DEPTH; ++n) {
      const doc = randomDocument(rng, { depth });
      withNetwork(engine, doc, (net) => {
        const r = net.run();
        const check = net.gradientCheck();
        expect(check.epsilon).toBe(EPSILON);
        expect(check.maxRelativeError).toBeLessThan(GRADIENT_CHECK_RELATIVE);
        const parameters = parametersOf(doc);
        expect(check.entries).toHaveLength(parameters.length);
        check.entries.forEach((entry, e) => {
          const p = parameters[e];
          expect([entry.quantity, entry.layer, entry.row, entry.col]).toEqual([
            p.quantity,
            p.k + 1,
            p.i + 1,
            p.j === null ? null : p.j + 1,
          ]);
          expect(entry.analytic).toBe(gradientOf(r, p));
          expect(entry.relativeError).toBeLessThanOrEqual(check.maxRelativeError);
        });
        expect(Math.max(...check.entries.map((entry) => entry.relativeError))).toBe(check.maxRelativeError);
      });
    }
  });
});

test("gradientCheck()'s numeric values are the JS central differences of the engine's J", () => {
  const rng = makeRng(4242);
  const doc = randomDocument(rng, { depth: 4 });
  withNetwork(engine, doc, (net) => {
    const check = net.gradientCheck();
    parametersOf(doc).forEach((p, e) => {
      const numeric =
        (lossOf(engine, perturbed(doc, p, EPSILON)) - lossOf(engine, perturbed(doc, p, -EPSILON))) / (2 * EPSILON);
      expect(relativeError(check.entries[e].numeric, numeric)).toBeLessThan(GRADIENT_CHECK_RELATIVE);
      const expectedError =
        Math.abs(check.entries[e].analytic - check.entries[e].numeric) /
        Math.max(Math.abs(check.entries[e].analytic), Math.abs(check.entries[e].numeric), RELATIVE_ERROR_TINY);
      expect(check.entries[e].relativeError).toBeCloseTo(expectedError, SAME_FORMULA_DIGITS);
    });
  });
});

test('gradientCheck() leaves the network as it was: the next run and toDocument are bit for bit the same', () => {
  const doc = randomDocument(makeRng(77), { depth: 5 });
  withNetwork(engine, doc, (net) => {
    const before = bitwise(net.run());
    const parameters = bitwise(net.toDocument());
    net.gradientCheck();
    expect(bitwise(net.run())).toEqual(before);
    expect(bitwise(net.toDocument())).toEqual(parameters);
  });
});

test('gradientCheck({ epsilon }) uses the given epsilon', () => {
  const doc = randomDocument(makeRng(78), { depth: 3 });
  withNetwork(engine, doc, (net) => {
    const check = net.gradientCheck({ epsilon: 1e-3 });
    expect(check.epsilon).toBe(1e-3);
    const p = parametersOf(doc)[0];
    const numeric = (lossOf(engine, perturbed(doc, p, 1e-3)) - lossOf(engine, perturbed(doc, p, -1e-3))) / 2e-3;
    expect(relativeError(check.entries[0].numeric, numeric)).toBeLessThan(SAME_DIFFERENCE);
  });
});

test('the random networks above cover every activation, both losses, batches and weight decay', () => {
  const seen = new Set();
  for (const depth of DEPTHS) {
    for (const [seed, count] of [
      [1000 + depth, NETWORKS_PER_DEPTH],
      [3000 + depth, CHECKS_PER_DEPTH],
    ]) {
      const rng = makeRng(seed);
      for (let n = 0; n < count; ++n) {
        const doc = randomDocument(rng, { depth });
        [doc.activations].flat().forEach((f) => seen.add(f));
        seen.add(doc.loss);
        seen.add(Array.isArray(doc.input[0]) ? 'batch' : 'single');
        if (doc.weightDecay > 0) seen.add('weight decay');
      }
    }
  }
  expect([...seen].sort()).toEqual(
    ['batch', 'cross-entropy', 'leaky-relu', 'linear', 'mse', 'relu', 'sigmoid', 'single', 'softmax', 'tanh', 'weight decay'].sort(),
  );
});
