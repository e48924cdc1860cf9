// Presets (web/teach/presets.js): each a valid document the engine accepts, and each claim its
// description makes checked with the engine.
import { loadEngine } from '../../bindings/index.js';
import { DEFAULT_DOCUMENT } from '../../web/network-doc.js';
import { getPreset, PRESET_NAMES, PRESETS, XOR_TRAINING } from '../../web/teach/presets.js';
import { reference } from './helpers/reference.js';

let engine;
beforeAll(async () => {
  engine = await loadEngine();
});

/** Exactly zero (either sign: -0 is the product of a negative number and 0). */
const zero = (v) => v === 0;

/** Runs fn(net) on a fresh network of the preset's document and disposes it. */
function withPreset(name, fn) {
  const net = engine.createNetwork(getPreset(name).document);
  try {
    return fn(net);
  } finally {
    net.dispose();
  }
}

test('the six presets, with names, titles and one-paragraph descriptions', () => {
  expect(PRESET_NAMES).toEqual(['default-222', 'xor-211', 'xor-221', 'tanh-232', 'softmax-blobs', 'relu-dead-unit']);
  for (const p of PRESETS) {
    expect(p.title.length).toBeGreaterThan(5);
    expect(p.description.length).toBeGreaterThan(150);
    expect(p.description).not.toContain('\n');
  }
  expect(new Set(PRESETS.map((p) => p.title)).size).toBe(PRESETS.length);
});

test.each(PRESET_NAMES)('%s is a valid document: the engine builds it and runs a finite pass', (name) => {
  const { document } = getPreset(name);
  expect(engine.validate(document)).toBeNull();
  expect(engine.validate(JSON.stringify(document))).toBeNull();
  withPreset(name, (net) => {
    const r = net.run();
    expect(r.warnings).toEqual([]);
    expect(Number.isFinite(r.loss)).toBe(true);
    const check = net.gradientCheck();
    expect(check.maxRelativeError).toBeLessThan(1e-6);
  });
});

test('the default preset is the page\u2019s default network, 2-2-2 sigmoid mse', () => {
  const { document } = getPreset('default-222');
  expect(document).toEqual(JSON.parse(JSON.stringify(DEFAULT_DOCUMENT)));
  expect(document.layers).toEqual([2, 2, 2]);
  expect(document.loss).toBe('mse');
});

test('getPreset returns a copy to edit; the list itself is frozen', () => {
  const a = getPreset('xor-221');
  a.document.weights[0][0][0] = 99;
  expect(getPreset('xor-221').document.weights[0][0][0]).toBe(0.5);
  expect(Object.isFrozen(PRESETS[2].document.weights[0][0])).toBe(true);
  expect(() => getPreset('nope')).toThrow(/no preset named "nope"; presets: default-222/);
});

describe('XOR: 2-2-1 learns, 2-1-1 does not', () => {
  const { epochs, learningRate, target } = XOR_TRAINING;

  test(`2-2-1 brings J below ${target} within ${epochs} epochs at learning rate ${learningRate}`, () => {
    const preset = getPreset('xor-221');
    expect(preset.training).toEqual({ epochs, learningRate });
    expect(preset.document.learningRate).toBe(learningRate);
    withPreset('xor-221', (net) => {
      const curve = net.trainEpochs(epochs, { learningRate });
      const J = net.run().loss;
      expect(J).toBeLessThan(target);
      const first = curve.findIndex((v) => v < target);
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(0.6 * epochs); // with room to spare ("about 2,200 epochs")
      expect(Math.abs(first - 2200)).toBeLessThan(200);
      // and it has learned XOR: each output on the right side of 0.5
      const out = net.predict(preset.document.input);
      out.forEach(([a], e) => expect(Math.round(a)).toBe(preset.document.target[e][0]));
    });
  });

  test(`2-1-1 stays above ${target} (near 1/12) for the same epochs and learning rate`, () => {
    withPreset('xor-211', (net) => {
      const curve = net.trainEpochs(epochs, { learningRate });
      const J = net.run().loss;
      expect(Math.min(...curve, J)).toBeGreaterThan(target);
      expect(J).toBeGreaterThan(1 / 12 - 1e-3);
      expect(J).toBeLessThan(0.09);
    });
  });
});

test('the tanh network has three layers, tanh everywhere, and a non-square W^(2)', () => {
  const { document } = getPreset('tanh-232');
  expect(document.layers).toHaveLength(3);
  expect(document.activations).toEqual(['tanh', 'tanh']);
  expect(document.weights[1]).toHaveLength(2);
  expect(document.weights[1][0]).toHaveLength(3);
  withPreset('tanh-232', (net) => {
    const r = net.run();
    // f'(z) = 1 - a^2 (the description), against the engine's a
    r.layers.slice(1).forEach((layer) => layer.fprime.forEach((fp, i) => expect(fp).toBeCloseTo(1 - layer.a[i] ** 2, 14)));
  });
});

test('the softmax classifier: 3 balanced classes, one-hot targets, about 97% right after 500 epochs', () => {
  const preset = getPreset('softmax-blobs');
  const { document } = preset;
  expect(document.activations.at(-1)).toBe('softmax');
  expect(document.loss).toBe('cross-entropy');
  expect(document.layers.at(-1)).toBe(3);
  const counts = [0, 0, 0];
  document.target.forEach((y) => {
    expect(y.reduce((p, q) => p + q, 0)).toBe(1);
    counts[y.indexOf(1)] += 1;
  });
  expect(counts).toEqual([20, 20, 20]);
  withPreset('softmax-blobs', (net) => {
    // delta^(L) = a^(L) - y, as the description says
    const r = net.run();
    r.layers[2].delta.forEach((d, e) => d.forEach((v, k) => expect(v).toBeCloseTo(r.layers[2].a[e][k] - document.target[e][k], 14)));
    const curve = net.trainEpochs(preset.training.epochs, { learningRate: preset.training.learningRate });
    expect(curve.at(-1)).toBeLessThan(curve[0] / 10);
    const out = net.predict(document.input);
    const right = out.filter((o, e) => o.indexOf(Math.max(...o)) === document.target[e].indexOf(1)).length;
    expect(right / out.length).toBeGreaterThanOrEqual(0.95);
    expect(right / out.length).toBeLessThan(1); // the blobs overlap: "not all"
  });
});

describe('the ReLU network with a dead unit', () => {
  test('the unit has z < 0 for every example, so its a, f\u2032(z), delta and gradients are exactly 0', () => {
    const preset = getPreset('relu-dead-unit');
    const { layer, unit } = preset.deadUnit;
    expect(preset.document.activations[layer - 2]).toBe('relu');
    withPreset('relu-dead-unit', (net) => {
      const r = net.run();
      const L = r.layers[layer - 1];
      expect(net.batchSize).toBe(4);
      for (let e = 0; e < net.batchSize; ++e) {
        expect(L.z[e][unit - 1]).toBeLessThan(0);
        expect(zero(L.a[e][unit - 1])).toBe(true);
        expect(zero(L.fprime[e][unit - 1])).toBe(true);
        expect(zero(L.delta[e][unit - 1])).toBe(true);
      }
      // into the unit: row `unit` of dJ/dW^(layer-1) and its bias
      const into = r.gradients[layer - 2];
      expect(into.W[unit - 1].every(zero)).toBe(true);
      expect(zero(into.b[unit - 1])).toBe(true);
      // out of the unit: column `unit` of dJ/dW^(layer), since a = 0
      r.gradients[layer - 1].W.forEach((row) => expect(zero(row[unit - 1])).toBe(true));
      // ... while the other units do learn
      expect(into.W[0].some((g) => g !== 0)).toBe(true);
      expect(into.W[2].some((g) => g !== 0)).toBe(true);
    });
  });

  test('the independent reference agrees that the unit\u2019s gradients are 0', () => {
    const { document, deadUnit } = getPreset('relu-dead-unit');
    const r = reference(document);
    expect(r.gradients[deadUnit.layer - 2].W[deadUnit.unit - 1].every(zero)).toBe(true);
    expect(zero(r.gradients[deadUnit.layer - 2].b[deadUnit.unit - 1])).toBe(true);
  });

  test('training never changes the dead unit\u2019s weights: it stays dead', () => {
    const preset = getPreset('relu-dead-unit');
    const { layer, unit } = preset.deadUnit;
    withPreset('relu-dead-unit', (net) => {
      net.trainEpochs(preset.training.epochs, { learningRate: preset.training.learningRate });
      const after = net.toDocument();
      expect(after.weights[layer - 2][unit - 1]).toEqual(preset.document.weights[layer - 2][unit - 1]);
      expect(after.biases[layer - 2][unit - 1]).toBe(preset.document.biases[layer - 2][unit - 1]);
      after.weights[layer - 1].forEach((row, i) => expect(row[unit - 1]).toBe(preset.document.weights[layer - 1][i][unit - 1]));
      expect(after.weights[layer - 2][0]).not.toEqual(preset.document.weights[layer - 2][0]);
      const r = net.run();
      r.layers[layer - 1].z.forEach((z) => expect(z[unit - 1]).toBeLessThan(0));
      expect(r.loss).toBeLessThan(0.01); // the other two units learn OR on their own
    });
  });
});
