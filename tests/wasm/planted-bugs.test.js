// The planted bugs (deliberately wrong backward passes for teaching): each is wrong exactly where
// it should be and right everywhere else, and the gradient check catches it.
import { loadEngine } from '../../bindings/index.js';
import { examplesOf, reference, referencePass } from './helpers/reference.js';
import {
  bitwise,
  doc222,
  engineStillRight,
  mismatches,
  passMismatches,
  runDocument,
  withNetwork,
  WRONG_BY_AT_LEAST,
  GRADIENT_CHECK_RELATIVE,
} from './helpers/support.js';

/** A gradient check that catches a bug reports a relative error far above 1e-7. */
const CAUGHT = 1e-3;

// 3-4-4-4, sigmoid: W^(2), W^(3) (the recursion's) square, W^(1) not.
const deep = {
  layers: [3, 4, 4, 4],
  activations: 'sigmoid',
  loss: 'mse',
  weights: [
    [
      [0.2, -0.5, 0.1],
      [0.7, 0.3, -0.4],
      [-0.6, 0.8, 0.5],
      [0.1, 0.2, 0.9],
    ],
    [
      [0.3, -0.2, 0.6, 0.1],
      [-0.7, 0.4, 0.2, 0.5],
      [0.9, 0.1, -0.3, -0.6],
      [0.2, 0.8, 0.4, -0.1],
    ],
    [
      [0.5, -0.4, 0.3, 0.7],
      [-0.2, 0.6, 0.9, -0.5],
      [0.4, 0.1, -0.8, 0.3],
      [0.6, -0.7, 0.2, 0.4],
    ],
  ],
  biases: [
    [0.1, -0.1, 0.2, 0],
    [0, 0.1, -0.2, 0.1],
    [0.05, -0.05, 0.1, -0.1],
  ],
  input: [1, -0.5, 0.25],
  target: [0, 1, 0.5, 0.2],
};

const batch222 = () =>
  doc222({
    input: [
      [0.5, 0.25],
      [-1, 2],
      [0.3, 0.9],
    ],
    target: [
      [0, 1],
      [1, 0],
      [0.5, 0.5],
    ],
  });

/**
 * The reference's backward pass with one of the bugs written in, per example: the oracle for
 * "wrong in the expected way". Forward values (z, a, f') come from the reference unchanged.
 */
function buggyGradients(doc, bug) {
  const s = doc.layers;
  const L = s.length;
  const list = examplesOf(doc);
  const m = list.length;
  const sum = reference(doc).gradients.map((g) => ({ W: g.W.map((row) => row.map(() => 0)), b: g.b.map(() => 0) }));
  for (const { x, y } of list) {
    const { layers } = reference({ ...doc, input: x, target: y }).examples[0];
    const delta = [];
    delta[L - 1] = layers[L - 1].a.map((a, k) => (a - y[k]) * layers[L - 1].fprime[k] * (bug === 'wrong-sign-output-delta' ? -1 : 1));
    for (let l = L - 1; l >= 2; --l) {
      const W = doc.weights[l - 1];
      delta[l - 1] = layers[l - 1].z.map((_, i) => {
        let total = 0;
        for (let j = 0; j < s[l]; ++j) total += (bug === 'W-instead-of-WT' ? W[i][j] : W[j][i]) * delta[l][j];
        return bug === 'forget-fprime' ? total : total * layers[l - 1].fprime[i];
      });
    }
    const scale = bug === 'forget-batch-mean' ? 1 : 1 / m;
    for (let l = 1; l < L; ++l) {
      for (let i = 0; i < s[l]; ++i) {
        for (let j = 0; j < s[l - 1]; ++j) sum[l - 1].W[i][j] += scale * delta[l][i] * layers[l - 1].a[j];
        sum[l - 1].b[i] += bug === 'drop-bias-gradient' ? 0 : scale * delta[l][i];
      }
    }
  }
  return sum;
}

/** Runs `doc` with `bug` planted. */
function runWithBug(doc, bug) {
  return withNetwork(engine, doc, (net) => {
    net.plantedBug = bug;
    expect(net.plantedBug).toBe(bug);
    return net.run();
  });
}

/** Every entry of `actual` differs from the right one by more than WRONG_BY_AT_LEAST of it. */
function allWrong(actual, right) {
  const a = actual.flat();
  const r = right.flat();
  return a.every((v, n) => Math.abs(v - r[n]) > WRONG_BY_AT_LEAST * Math.abs(r[n]));
}

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

test("a new network has plantedBug 'none', and the engine lists the six names", () => {
  withNetwork(engine, doc222(), (net) => expect(net.plantedBug).toBe('none'));
  expect(engine.plantedBugs).toEqual([
    'none',
    'forget-fprime',
    'W-instead-of-WT',
    'drop-bias-gradient',
    'wrong-sign-output-delta',
    'forget-batch-mean',
  ]);
});

describe("forget-fprime (delta^(l) = (W^(l))^T delta^(l+1), without o f'(z^(l)))", () => {
  test.each([
    ['the 2-2-2 network', doc222()],
    ['a 3-4-4-4 network', deep],
  ])('on %s: dJ/dW^(L-1), dJ/db^(L-1) and delta^(L) stay right; every lower layer is wrong', (what, doc) => {
    const L = doc.layers.length;
    const right = referencePass(doc);
    const r = runWithBug(doc, 'forget-fprime');
    expect(mismatches(r.gradients[L - 2].W, right.gradients[L - 2].W)).toEqual([]);
    expect(mismatches(r.gradients[L - 2].b, right.gradients[L - 2].b)).toEqual([]);
    expect(mismatches(r.layers[L - 1].delta, right.layers[L - 1].delta)).toEqual([]);
    for (let k = 0; k < L - 2; ++k) {
      expect(allWrong(r.gradients[k].W, right.gradients[k].W)).toBe(true);
      expect(allWrong(r.gradients[k].b, right.gradients[k].b)).toBe(true);
    }
    // wrong in exactly the planted way
    const expected = buggyGradients(doc, 'forget-fprime');
    expected.forEach((g, k) => expect(mismatches([r.gradients[k].W, r.gradients[k].b], [g.W, g.b])).toEqual([]));
    // the forward pass and J are untouched
    expect(mismatches(r.loss, right.loss)).toEqual([]);
  });
});

describe('W-instead-of-WT (delta^(l) = W^(l) delta^(l+1) ...)', () => {
  test('is refused with a message on a network whose recursion W is not square', () => {
    withNetwork(engine, doc222({ layers: [2, 3, 2], weights: null, biases: null }), (net) => {
      expect(() => {
        net.plantedBug = 'W-instead-of-WT';
      }).toThrow(
        'W-instead-of-WT cannot run on this network: W^(2) is 2 x 3 and delta^(3) has 2 rows, so W^(2) delta^(3) ' +
          'is not defined: a shape check catches this bug at once. Only when every W^(l) of the recursion is ' +
          'square does it run and give wrong numbers.',
      );
      expect(net.plantedBug).toBe('none');
      expect(passMismatches(net.run(), referencePass(net.toDocument()))).toEqual([]);
    });
  });

  test('is refused when only the last recursion W is not square (3-4-4-2)', () => {
    withNetwork(engine, { ...deep, layers: [3, 4, 4, 2], weights: null, biases: null, target: [0, 1] }, (net) => {
      expect(() => {
        net.plantedBug = 'W-instead-of-WT';
      }).toThrow(/^W-instead-of-WT cannot run on this network: W\^\(3\) is 2 x 4 and delta\^\(4\) has 2 rows/);
      expect(net.plantedBug).toBe('none');
    });
  });

  test('is allowed when only W^(1), which no delta goes through, is not square', () => {
    const r = runWithBug(deep, 'W-instead-of-WT');
    expect(mismatches(r.gradients[2].W, referencePass(deep).gradients[2].W)).toEqual([]);
  });

  test.each([
    ['the 2-2-2 network', doc222()],
    ['a 3-4-4-4 network', deep],
  ])('on square W (%s) gives wrong deltas below the output, while dJ/dW^(L-1) stays right', (what, doc) => {
    const L = doc.layers.length;
    const right = referencePass(doc);
    const r = runWithBug(doc, 'W-instead-of-WT');
    expect(mismatches(r.layers[L - 1].delta, right.layers[L - 1].delta)).toEqual([]);
    expect(mismatches(r.gradients[L - 2].W, right.gradients[L - 2].W)).toEqual([]);
    expect(allWrong(r.layers[L - 2].delta, right.layers[L - 2].delta)).toBe(true);
    expect(allWrong(r.gradients[L - 3].W, right.gradients[L - 3].W)).toBe(true);
    const expected = buggyGradients(doc, 'W-instead-of-WT');
    expected.forEach((g, k) => expect(mismatches([r.gradients[k].W, r.gradients[k].b], [g.W, g.b])).toEqual([]));
  });
});

describe('drop-bias-gradient (dJ/db^(l) = 0)', () => {
  test.each([
    ['the 2-2-2 network', doc222()],
    ['a 3-4-4-4 network', deep],
    ['a batch', batch222()],
  ])('on %s: every dJ/dW and delta stays right, every dJ/db is 0', (what, doc) => {
    const right = referencePass(doc);
    const r = runWithBug(doc, 'drop-bias-gradient');
    right.gradients.forEach((g, k) => {
      expect(mismatches(r.gradients[k].W, g.W)).toEqual([]);
      expect(r.gradients[k].b.map(Math.abs)).toEqual(g.b.map(() => 0));
      expect(g.b.some((v) => v !== 0)).toBe(true); // the right ones are not 0
    });
    right.layers.forEach((layer, k) => expect(mismatches(r.layers[k].delta, layer.delta)).toEqual([]));
  });
});

describe('wrong-sign-output-delta (delta^(L) = (y - a^(L)) ...)', () => {
  test.each([
    ['the 2-2-2 network', doc222()],
    ['a 3-4-4-4 network', deep],
    ['a batch', batch222()],
  ])('on %s: negates every gradient and every delta; J is unchanged', (what, doc) => {
    const right = referencePass(doc);
    const r = runWithBug(doc, 'wrong-sign-output-delta');
    const negate = (v) => (Array.isArray(v) ? v.map(negate) : -v);
    right.gradients.forEach((g, k) => {
      expect(mismatches(r.gradients[k].W, negate(g.W))).toEqual([]);
      expect(mismatches(r.gradients[k].b, negate(g.b))).toEqual([]);
    });
    right.layers.slice(1).forEach((layer, k) => expect(mismatches(r.layers[k + 1].delta, negate(layer.delta))).toEqual([]));
    expect(mismatches(r.loss, right.loss)).toEqual([]);
  });

  test('a step with it climbs: J goes up', () => {
    withNetwork(engine, doc222(), (net) => {
      net.plantedBug = 'wrong-sign-output-delta';
      const before = net.step();
      expect(net.run().loss).toBeGreaterThan(before);
    });
  });
});

describe('forget-batch-mean (gradients summed over the batch, not averaged)', () => {
  test('with m = 3 multiplies every gradient by 3; deltas and J are unchanged', () => {
    const doc = batch222();
    const right = referencePass(doc);
    const r = runWithBug(doc, 'forget-batch-mean');
    const times3 = (v) => (Array.isArray(v) ? v.map(times3) : 3 * v);
    right.gradients.forEach((g, k) => {
      expect(mismatches(r.gradients[k].W, times3(g.W))).toEqual([]);
      expect(mismatches(r.gradients[k].b, times3(g.b))).toEqual([]);
    });
    right.layers.forEach((layer, k) => expect(mismatches(r.layers[k].delta, layer.delta)).toEqual([]));
    expect(mismatches(r.loss, right.loss)).toEqual([]);
  });

  test('with m = 1 has no effect at all (bit for bit)', () => {
    expect(bitwise(runWithBug(doc222(), 'forget-batch-mean'))).toEqual(bitwise(runDocument(engine, doc222())));
    expect(bitwise(runWithBug(deep, 'forget-batch-mean'))).toEqual(bitwise(runDocument(engine, deep)));
  });
});

describe('every planted bug', () => {
  const CAUGHT_ON = [
    ['forget-fprime', deep],
    ['W-instead-of-WT', doc222()],
    ['drop-bias-gradient', doc222()],
    ['wrong-sign-output-delta', doc222()],
    ['forget-batch-mean', batch222()],
  ];

  test.each(CAUGHT_ON)('%s is caught by gradientCheck()', (bug, doc) => {
    withNetwork(engine, doc, (net) => {
      expect(net.gradientCheck().maxRelativeError).toBeLessThan(GRADIENT_CHECK_RELATIVE);
      net.plantedBug = bug;
      const check = net.gradientCheck();
      expect(check.maxRelativeError).toBeGreaterThan(CAUGHT);
    });
  });

  test.each(CAUGHT_ON)("%s is gone again after plantedBug = 'none'", (bug, doc) => {
    withNetwork(engine, doc, (net) => {
      net.plantedBug = bug;
      net.run();
      net.plantedBug = 'none';
      expect(passMismatches(net.run(), referencePass(doc))).toEqual([]);
    });
  });

  test.each(CAUGHT_ON)('%s is used by step() as well', (bug, doc) => {
    withNetwork(engine, doc, (net) => {
      net.plantedBug = bug;
      const r = net.run();
      net.step(0.5);
      const after = net.toDocument();
      doc.weights.forEach((W, k) =>
        expect(mismatches(after.weights[k], W.map((row, i) => row.map((w, j) => w - 0.5 * r.gradients[k].W[i][j])))).toEqual([]),
      );
    });
  });

  test('an unknown name is a RangeError and leaves the bug as it was', () => {
    withNetwork(engine, doc222(), (net) => {
      net.plantedBug = 'drop-bias-gradient';
      expect(() => {
        net.plantedBug = 'forget-everything';
      }).toThrow(RangeError);
      expect(net.plantedBug).toBe('drop-bias-gradient');
    });
    expect(engineStillRight(engine)).toEqual([]);
  });

  test('a planted bug stays with its network: another network of the same document is right', () => {
    withNetwork(engine, doc222(), (buggy) => {
      buggy.plantedBug = 'wrong-sign-output-delta';
      expect(engineStillRight(engine)).toEqual([]);
    });
  });
});
