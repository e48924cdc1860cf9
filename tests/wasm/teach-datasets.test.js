// Data-set generators (web/teach/datasets.js): fixed seed -> fixed data. The first rows are
// recomputed here from the documented formulas with the tests' own mulberry32
// (helpers/reference.js makeRng) and Box-Muller; the properties are checked on all rows.
import { loadEngine } from '../../bindings/index.js';
import { and, blobs, circles, datasetDocument, DATASETS, mulberry32, or, regression, spirals, xor } from '../../web/teach/datasets.js';
import { makeRng } from './helpers/reference.js';
import { DOC_MAZUR } from './helpers/support.js';

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

/** FNV-1a (32 bit) of a string: a short fingerprint of a whole data set. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; ++k) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
const fingerprint = (d) => fnv1a(JSON.stringify([d.inputs, d.targets]));

/** Standard normals by Box-Muller from uniforms in [0, 1), both of each pair used (written for the test). */
function normals(next) {
  const queue = [];
  return () => {
    if (queue.length === 0) {
      const u1 = 1 - next();
      const u2 = next();
      const radius = Math.sqrt(-2 * Math.log(u1));
      queue.push(radius * Math.cos(2 * Math.PI * u2), radius * Math.sin(2 * Math.PI * u2));
    }
    return queue.shift();
  };
}

const count = (targets, value) => targets.filter((t) => t[0] === value).length;

describe('the generator', () => {
  test('mulberry32 is the tests\u2019 own implementation, number for number', () => {
    for (const seed of [0, 1, 42, 0xffffffff]) {
      const mine = mulberry32(seed);
      const theirs = makeRng(seed);
      for (let k = 0; k < 1000; ++k) expect(mine()).toBe(theirs.next());
    }
  });

  test('numbers lie in [0, 1) and look uniform (mean and variance of 100,000)', () => {
    const next = mulberry32(7);
    let sum = 0;
    let sq = 0;
    let outside = 0;
    const n = 100000;
    for (let k = 0; k < n; ++k) {
      const u = next();
      if (!(u >= 0 && u < 1)) outside += 1;
      sum += u;
      sq += u * u;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sq / n - (sum / n) ** 2 - 1 / 12)).toBeLessThan(0.002);
  });
});

describe('logic gates', () => {
  test.each([
    [xor, [0, 1, 1, 0]],
    [and, [0, 0, 0, 1]],
    [or, [0, 1, 1, 1]],
  ])('%p: the four corners and their truth table', (gen, truth) => {
    const d = gen();
    expect(d.inputs).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(d.targets).toEqual(truth.map((t) => [t]));
    expect(d.name).toBe(gen.name);
    expect(d.description.length).toBeGreaterThan(40);
  });
});

describe('circles', () => {
  test('fixed seed -> fixed data: the first rows from the formula, and the fingerprint', () => {
    const d = circles({ seed: 5 });
    const rng = makeRng(5);
    for (let e = 0; e < 6; ++e) {
      const angle = 2 * Math.PI * rng.next();
      const r = (e % 2 === 0 ? 0.4 : 0.9) + 0.05 * (2 * rng.next() - 1);
      expect(d.inputs[e]).toEqual([r * Math.cos(angle), r * Math.sin(angle)]);
      expect(d.targets[e]).toEqual([e % 2]);
    }
    expect(circles({ seed: 5 })).toEqual(d);
    expect(fingerprint(d)).toBe(fingerprint(circles({ seed: 5, n: 100 })));
    expect(fingerprint(circles({ seed: 6 }))).not.toBe(fingerprint(d));
  });

  test('every point lies on its ring, the classes are balanced', () => {
    const d = circles({ n: 501, seed: 9, inner: 0.3, outer: 1, noise: 0.1 });
    expect(d.inputs).toHaveLength(501);
    d.inputs.forEach(([x, y], e) => {
      const r = Math.hypot(x, y);
      const R = d.targets[e][0] === 0 ? 0.3 : 1;
      expect(Math.abs(r - R)).toBeLessThanOrEqual(0.1 + 1e-12);
    });
    expect(Math.abs(count(d.targets, 0) - count(d.targets, 1))).toBeLessThanOrEqual(1);
    // the angles cover the circle
    const quadrants = new Set(d.inputs.map(([x, y]) => `${x > 0}${y > 0}`));
    expect(quadrants.size).toBe(4);
  });

  test('without noise the radii are exact', () => {
    const d = circles({ n: 50, noise: 0 });
    d.inputs.forEach(([x, y], e) => expect(Math.hypot(x, y)).toBeCloseTo(d.targets[e][0] ? 0.9 : 0.4, 14));
  });
});

describe('spirals', () => {
  test('fixed seed -> fixed data: the first rows from the formula', () => {
    const d = spirals({ seed: 3 });
    const normal = normals(makeRng(3).next);
    for (let e = 0; e < 6; ++e) {
      const c = e % 2;
      const t = 0.05 + (0.95 * Math.floor(e / 2)) / 49;
      const angle = 2 * Math.PI * 1.25 * t + c * Math.PI;
      const x = t * Math.cos(angle) + 0.03 * normal();
      const y = t * Math.sin(angle) + 0.03 * normal();
      expect(d.inputs[e][0]).toBeCloseTo(x, 14);
      expect(d.inputs[e][1]).toBeCloseTo(y, 14);
      expect(d.targets[e]).toEqual([c]);
    }
    expect(spirals({ seed: 3 })).toEqual(d);
    expect(fingerprint(spirals({ seed: 4 }))).not.toBe(fingerprint(d));
  });

  test('without noise, the two arms are each other turned by half a turn; classes balanced', () => {
    const d = spirals({ n: 200, noise: 0 });
    for (let e = 0; e < 200; e += 2) {
      expect(d.inputs[e + 1][0]).toBeCloseTo(-d.inputs[e][0], 12);
      expect(d.inputs[e + 1][1]).toBeCloseTo(-d.inputs[e][1], 12);
    }
    expect(count(d.targets, 0)).toBe(100);
    expect(count(d.targets, 1)).toBe(100);
    const radii = d.inputs.map(([x, y]) => Math.hypot(x, y));
    expect(Math.max(...radii)).toBeCloseTo(1, 12);
  });
});

describe('blobs', () => {
  test('fixed seed -> fixed data: the first rows from the formula', () => {
    const d = blobs({ seed: 11 });
    const normal = normals(makeRng(11).next);
    for (let e = 0; e < 6; ++e) {
      const c = e % 3;
      const cx = Math.cos((2 * Math.PI * c) / 3 + Math.PI / 2);
      const cy = Math.sin((2 * Math.PI * c) / 3 + Math.PI / 2);
      expect(d.inputs[e][0]).toBeCloseTo(cx + 0.3 * normal(), 14);
      expect(d.inputs[e][1]).toBeCloseTo(cy + 0.3 * normal(), 14);
    }
    expect(blobs({ seed: 11 })).toEqual(d);
    expect(fingerprint(blobs({ seed: 12 }))).not.toBe(fingerprint(d));
  });

  test('one-hot targets for 3 classes, balanced, each class around its centre', () => {
    const n = 3000;
    const d = blobs({ n, k: 3, seed: 2, spread: 0.25 });
    const sums = [0, 0, 0].map(() => [0, 0, 0]);
    d.targets.forEach((t, e) => {
      expect(t.reduce((p, q) => p + q, 0)).toBe(1);
      expect(t.every((v) => v === 0 || v === 1)).toBe(true);
      const c = t.indexOf(1);
      expect(c).toBe(e % 3);
      sums[c][0] += d.inputs[e][0];
      sums[c][1] += d.inputs[e][1];
      sums[c][2] += 1;
    });
    sums.forEach(([sx, sy, m], c) => {
      expect(m).toBe(n / 3);
      // the sample mean is within 4 standard errors of the centre
      const se = 0.25 / Math.sqrt(m);
      expect(Math.abs(sx / m - d.centres[c][0])).toBeLessThan(4 * se);
      expect(Math.abs(sy / m - d.centres[c][1])).toBeLessThan(4 * se);
      expect(Math.hypot(...d.centres[c])).toBeCloseTo(1, 14);
    });
  });

  test('two classes: one target in {0, 1} (or one-hot on request)', () => {
    const d = blobs({ n: 10, k: 2 });
    expect(d.targets.map((t) => t.length)).toEqual(Array(10).fill(1));
    expect(new Set(d.targets.map((t) => t[0]))).toEqual(new Set([0, 1]));
    expect(blobs({ n: 10, k: 2, oneHot: true }).targets[1]).toEqual([0, 1]);
  });
});

describe('regression', () => {
  test('y = sin(2 pi x) + noise at evenly spaced x', () => {
    const d = regression({ n: 41, seed: 8, noise: 0.1 });
    const normal = normals(makeRng(8).next);
    d.inputs.forEach(([x], e) => {
      expect(x).toBe(e / 40);
      expect(d.targets[e][0]).toBeCloseTo(Math.sin(2 * Math.PI * x) + 0.1 * normal(), 14);
    });
    const clean = regression({ n: 11, noise: 0 });
    clean.inputs.forEach(([x], e) => expect(clean.targets[e][0]).toBe(Math.sin(2 * Math.PI * x)));
    expect(regression({ seed: 8 })).toEqual(regression({ seed: 8 }));
    expect(fingerprint(regression({ seed: 9 }))).not.toBe(fingerprint(regression({ seed: 8 })));
  });
});

test('pinned fingerprints: the defaults of every generator stay the same numbers', () => {
  // Pinned from the first run (V8's Math.cos/sin/log; another JavaScript engine may differ in
  // the last bit of the rings, spirals, blobs and curve, never in the gates).
  const prints = Object.fromEntries(Object.entries(DATASETS).map(([name, gen]) => [name, fingerprint(gen())]));
  expect(prints).toEqual({
    xor: '4780ce65',
    and: '97771940',
    or: '85bd72f4',
    circles: '66972035',
    spirals: 'b902bb6d',
    blobs: 'd12daff0',
    regression: '6dc04034',
  });
});

test('bad options are refused', () => {
  expect(() => circles({ n: 0 })).toThrow(RangeError);
  expect(() => circles({ seed: -1 })).toThrow(/seed/);
  expect(() => spirals({ seed: 1.5 })).toThrow(/seed/);
  expect(() => blobs({ k: 1 })).toThrow(/k must be/);
  expect(() => regression({ noise: -0.1 })).toThrow(/noise/);
  expect(() => circles({ n: 1e6 })).toThrow(/n must be/);
});

describe('datasetDocument', () => {
  const BASE = DOC_MAZUR;

  test('XOR into the 2-2-2 network: the output layer becomes 1 unit, W^(2) re-initialised, W^(1) kept', () => {
    const doc = datasetDocument(xor(), BASE);
    expect(doc.layers).toEqual([2, 2, 1]);
    expect(doc.weights[0]).toEqual(BASE.weights[0]);
    expect(doc.weights[1]).toBeNull();
    expect(doc.biases[1]).toBeNull();
    expect(doc.input).toEqual(xor().inputs);
    expect(doc.target).toEqual(xor().targets);
    expect(BASE.layers).toEqual([2, 2, 2]); // the base is not touched
    expect(engine.validate(doc)).toBeNull();
    const net = engine.createNetwork(doc);
    try {
      expect(net.batchSize).toBe(4);
      expect(net.layers).toEqual([2, 2, 1]);
    } finally {
      net.dispose();
    }
  });

  test('a 3-class set into a softmax network of the right size keeps every parameter', () => {
    const base = { layers: [2, 3, 3], activations: ['tanh', 'softmax'], loss: 'cross-entropy', weights: [null, null], input: [0, 0], target: [1, 0, 0], seed: 4 };
    const data = blobs({ n: 30 });
    const doc = datasetDocument(data, base);
    expect(doc.layers).toEqual([2, 3, 3]);
    expect(doc.target).toEqual(data.targets);
    expect(engine.validate(doc)).toBeNull();
  });

  test('binary targets become one-hot for cross-entropy; the input layer takes the data\u2019s width', () => {
    const base = { layers: [3, 4, 3], activations: ['relu', 'softmax'], loss: 'cross-entropy', input: [0, 0, 0], target: [1, 0, 0] };
    const doc = datasetDocument(circles({ n: 8 }), base);
    expect(doc.layers).toEqual([2, 4, 2]);
    expect(doc.target[0]).toEqual([1, 0]);
    expect(doc.target[1]).toEqual([0, 1]);
    expect(engine.validate(doc)).toBeNull();
  });

  test('the 1-D regression curve into a linear-output network', () => {
    const base = { layers: [2, 8, 2], activations: ['tanh', 'linear'], loss: 'mse', input: [0, 0], target: [0, 0] };
    const doc = datasetDocument(regression(), base);
    expect(doc.layers).toEqual([1, 8, 1]);
    expect(engine.validate(doc)).toBeNull();
  });

  test('data that cannot be used is refused with a message', () => {
    const ce = { layers: [1, 2, 2], activations: ['tanh', 'softmax'], loss: 'cross-entropy', input: [0], target: [1, 0] };
    expect(() => datasetDocument(regression(), ce)).toThrow(/cross-entropy needs each target to be a distribution/);
    expect(() => datasetDocument({ inputs: [[1, 2], [3]], targets: [[0], [1]] }, BASE)).toThrow('input of example 2 has 1 numbers, the first has 2');
    expect(() => datasetDocument({ inputs: [[1, 2]], targets: [[0], [1]] }, BASE)).toThrow('1 inputs but 2 targets');
    expect(() => datasetDocument({ inputs: [[1, NaN]], targets: [[0]] }, BASE)).toThrow('input 2 of example 1 is not a finite number');
    expect(() => datasetDocument({ inputs: [], targets: [] }, BASE)).toThrow('no examples');
  });
});
