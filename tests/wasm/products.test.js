// The three matrix products of a layer on awkward sizes, against the loop reference:
//   z^(l+1) = W^(l) a^(l)   dJ/dW^(l) = (1/m) delta^(l+1) (a^(l))^T   delta^(l) = (W^(l))^T delta^(l+1)
// In WebAssembly these run in engine/gemm.cpp's kernels, which cut C into tiles of 4 x 4 and
// the work into blocks of 256 depths, 128 rows and 512 columns, and take straight loops for
// fewer than 4 rows or columns (or under 128 multiply-adds). The sizes here (1, 3, 5, 7, 17,
// 129 units and examples, and 600 inputs) land on every path: straight loops, whole tiles,
// tiles cut off at the last rows and columns, several blocks of depth, of rows and of columns,
// and a transposed W^(l).
import { loadEngine } from '../../bindings/index.js';
import { makeRng, randomMatrix, referencePass, referenceStep } from './helpers/reference.js';
import { mismatches, passMismatches, withNetwork } from './helpers/support.js';

/**
 * The engine sums the k products of each entry in another order than the reference (blocks of
 * depth, two lanes at a time) and computes e^x with another polynomial: relative to the value,
 * as everywhere, plus an absolute floor for entries that a long sum cancels to nearly 0 (the
 * terms are about 1, so each rounding of a 600-term sum is about 1e-16).
 */
const PRODUCT_TOLERANCE = { relative: 1e-12, absolute: 1e-13 };

/**
 * A network of `layers` with weights of scale 1/sqrt(fan-in), m examples in [-1, 1] (a flat
 * example for m = 1), sigmoid hidden layers and the given output.
 */
function documentOf(layers, m, { seed, output = 'sigmoid', loss = 'mse' }) {
  const rng = makeRng(seed);
  const L = layers.length;
  const weights = [];
  const biases = [];
  for (let l = 1; l < L; ++l) {
    weights.push(randomMatrix(rng, layers[l], layers[l - 1], 1 / Math.sqrt(layers[l - 1])));
    biases.push(Array.from({ length: layers[l] }, () => rng.uniform(-0.5, 0.5)));
  }
  const example = () => Array.from({ length: layers[0] }, () => rng.uniform(-1, 1));
  const label = () => {
    const y = Array.from({ length: layers[L - 1] }, () => rng.next());
    if (loss !== 'cross-entropy') return y;
    const sum = y.reduce((s, v) => s + v, 0);
    return y.map((v) => v / sum);
  };
  const activations = [...Array(L - 2).fill('sigmoid'), output];
  return {
    layers,
    activations,
    loss,
    weights,
    biases,
    input: m === 1 ? example() : Array.from({ length: m }, example),
    target: m === 1 ? label() : Array.from({ length: m }, label),
    learningRate: 0.5,
  };
}

// [layers, m, what it exercises]
const SHAPES = [
  [[1, 1, 1], 1, 'every product 1 x 1 x 1'],
  [[3, 5, 7], 1, 'one example: matrix times vector, odd lengths'],
  [[7, 5, 3], 17, 'a batch through 3 units (straight loops) and 5 (tiles, 1 row left over)'],
  [[17, 129, 5], 7, 'tiles: 129 rows (two row blocks, one left over), 7 examples (3 left over), W^T packed'],
  [[129, 17, 3], 129, 'tiles: 129 depths, 129 examples; 3 output units (fewer rows than a tile)'],
  [[600, 5, 3], 5, 'three blocks of depth (600 inputs) and, in dJ/dW^(1), two blocks of columns'],
  [[5, 3, 1, 3, 5], 3, 'a layer of one unit between layers of three'],
];

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

describe.each(SHAPES)('layers %j, m = %i (%s)', (layers, m) => {
  const seed = layers.reduce((s, v) => 31 * s + v, m);

  test('z, a, fprime, delta, dJ/dW, dJ/db and J agree with the reference (mse)', () => {
    const doc = documentOf(layers, m, { seed });
    const r = withNetwork(engine, doc, (net) => net.run());
    expect(passMismatches(r, referencePass(doc), PRODUCT_TOLERANCE)).toEqual([]);
  });

  test('one step moves every W and b as the reference step does', () => {
    const doc = documentOf(layers, m, { seed: seed + 2 });
    const after = withNetwork(engine, doc, (net) => {
      net.step();
      return net.toDocument();
    });
    const expected = referenceStep(doc);
    expect(mismatches(after.weights, expected.weights, PRODUCT_TOLERANCE)).toEqual([]);
    expect(mismatches(after.biases, expected.biases, PRODUCT_TOLERANCE)).toEqual([]);
  });
});

// Softmax needs at least two output units: the shapes that have them, again with softmax +
// cross-entropy at the output.
describe.each(SHAPES.filter(([layers]) => layers.at(-1) >= 2))('layers %j, m = %i (%s), softmax + cross-entropy', (layers, m) => {
  const seed = layers.reduce((s, v) => 31 * s + v, m);

  test('z, a, fprime, delta, dJ/dW, dJ/db and J agree with the reference', () => {
    const doc = documentOf(layers, m, { seed: seed + 1, output: 'softmax', loss: 'cross-entropy' });
    const r = withNetwork(engine, doc, (net) => net.run());
    expect(passMismatches(r, referencePass(doc), PRODUCT_TOLERANCE)).toEqual([]);
  });
});

test('predict() of 129 inputs at once (one product of 129 columns) equals each input run alone', () => {
  const doc = documentOf([3, 17, 5], 1, { seed: 7 });
  const rng = makeRng(8);
  const inputs = randomMatrix(rng, 129, 3);
  const out = withNetwork(engine, doc, (net) => net.predict(inputs));
  expect(out).toHaveLength(129);
  const expected = inputs.map((x) => referencePass({ ...doc, input: x }).layers.at(-1).a);
  expect(mismatches(out, expected, PRODUCT_TOLERANCE)).toEqual([]);
});
