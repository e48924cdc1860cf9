// "Export as code" (web/teach/code.js and `backprop-sandbox export`): the NumPy and PyTorch
// scripts are run with Debian's python3-numpy and python3-torch, and every number they print
// (J, every δ^(l), every ∂J/∂W^(l) and ∂J/∂b^(l)) is compared with the engine's pass. The
// NumPy script is a second implementation of the notes' backward pass; the PyTorch one finds
// the same numbers by autograd: both are oracles independent of the engine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../../bindings/index.js';
import { CODE_FORMATS, exportCode } from '../../web/teach/code.js';
import { DOC_MAZUR, REFERENCE_ABSOLUTE, REFERENCE_RELATIVE } from './helpers/support.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(root, 'bin', 'backprop-sandbox.js');
// Debian's interpreter, where python3-numpy and python3-torch are installed (a python3 earlier
// on PATH, e.g. pyenv's, has neither).
const PYTHON = '/usr/bin/python3';

/** How close each script must come: NumPy computes like the engine; autograd in its own order. */
const TOLERANCE = {
  numpy: { relative: REFERENCE_RELATIVE, absolute: REFERENCE_ABSOLUTE },
  pytorch: { relative: 1e-6, absolute: 1e-12 },
};

// Networks that between them use every activation, both losses, a batch, weight decay, seeded
// weights (no weights in the document: the exporter must write the numbers the engine drew)
// and a one-unit layer (a W^(l) with one column, a one-number δ).
const DOCUMENTS = {
  'the worked example, 2-2-2 sigmoid': DOC_MAZUR,
  '3-4-3-2 tanh, leaky-relu, linear; a batch of 3, weight decay, seeded weights': {
    layers: [3, 4, 3, 2],
    activations: ['tanh', 'leaky-relu', 'linear'],
    loss: 'mse',
    input: [[0.5, -1.2, 0.3], [-0.7, 0.2, 0.9], [1.5, 0.4, -0.6]],
    target: [[0.2, -0.4], [0.9, 0.1], [-0.3, 0.5]],
    weightDecay: 0.01,
    seed: 7,
  },
  '2-3-3 relu, softmax + cross-entropy; a batch of 2, weight decay': {
    layers: [2, 3, 3],
    activations: ['relu', 'softmax'],
    loss: 'cross-entropy',
    weights: [[[0.8, -0.5], [-0.3, 0.9], [0.4, 0.4]], [[0.2, -0.6, 0.5], [0.7, 0.1, -0.4], [-0.5, 0.3, 0.6]]],
    biases: [[0.1, -0.2, -0.9], [0.05, 0, -0.05]],
    input: [[1, 0.5], [-0.4, 1.2]],
    target: [[0, 1, 0], [0.25, 0.25, 0.5]],
    weightDecay: 0.001,
  },
  '1-2-1 sigmoid, linear: one input, one output': {
    layers: [1, 2, 1],
    activations: ['sigmoid', 'linear'],
    loss: 'mse',
    weights: [[[1.5], [-2]], [[0.75, -1.25]]],
    biases: [[0.25, 0.5], [-0.1]],
    input: [0.6],
    target: [0.3],
  },
};

let engine;
let dir;
beforeAll(async () => {
  engine = await loadEngine();
  dir = mkdtempSync(join(tmpdir(), 'backprop-sandbox-code-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a script with Debian's Python; its lines `name = value` as a Map of parsed values. */
function runPython(script, name) {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: the test command installs python3-numpy and python3-torch`);
  const path = join(dir, name);
  writeFileSync(path, script);
  const r = spawnSync(PYTHON, [path], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${name} exited with ${r.status}:\n${r.stderr}`);
  const printed = new Map();
  for (const line of r.stdout.trim().split('\n')) {
    const at = line.indexOf(' = ');
    expect(at).toBeGreaterThan(0);
    printed.set(line.slice(0, at), JSON.parse(line.slice(at + 3)));
  }
  return printed;
}

/** The quantities a script must print, from the engine's pass. */
function expected(doc) {
  const net = engine.createNetwork(doc);
  try {
    const pass = net.run();
    const L = pass.layers.length;
    const want = new Map([['J', pass.loss]]);
    for (let l = L; l >= 2; --l) want.set(`delta^(${l})`, pass.layers[l - 1].delta);
    for (const g of pass.gradients) {
      want.set(`dJ/dW^(${g.layer})`, g.W);
      want.set(`dJ/db^(${g.layer})`, g.b);
    }
    return { want, complete: net.toDocument() };
  } finally {
    net.dispose();
  }
}

function expectClose(got, want, { relative, absolute }, what) {
  if (Array.isArray(want)) {
    expect(Array.isArray(got) && got.length === want.length ? what : `${what}: ${JSON.stringify(got)}`).toBe(what);
    want.forEach((w, k) => expectClose(got[k], w, { relative, absolute }, `${what}[${k}]`));
    return;
  }
  const error = Math.abs(got - want);
  const allowed = relative * Math.abs(want) + absolute;
  if (!(error <= allowed)) throw new Error(`${what}: the script printed ${got}, the engine computed ${want} (|difference| ${error} > ${allowed})`);
}

describe.each(Object.entries(DOCUMENTS))('%s', (_, doc) => {
  test.each(CODE_FORMATS)('the %s script prints the engine\'s J, every δ, ∂J/∂W and ∂J/∂b', (format) => {
    const { want, complete } = expected(doc);
    const printed = runPython(exportCode(complete, format), `net_${format}.py`);
    expect([...printed.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [name, value] of want) expectClose(printed.get(name), value, TOLERANCE[format], `${format}: ${name}`);
  });
});

test('a planted bug is not exported: the scripts run the correct pass', () => {
  // the network's pass with a bug differs, but the document (all the script sees) does not
  const net = engine.createNetwork(DOC_MAZUR);
  net.plantedBug = 'forget-fprime';
  const buggy = net.run();
  const doc = net.toDocument();
  net.dispose();
  const { want } = expected(DOC_MAZUR);
  const printed = runPython(exportCode(doc, 'numpy'), 'net_bug.py');
  expectClose(printed.get('delta^(2)'), want.get('delta^(2)'), TOLERANCE.numpy, 'delta^(2)');
  expect(Math.abs(printed.get('delta^(2)')[0] - buggy.layers[1].delta[0])).toBeGreaterThan(1e-4);
});

test('the script is built from numbers and the fixed names only', () => {
  const hostile = { ...DOC_MAZUR, activations: ['sigmoid', '__import__("os").system("x")'] };
  expect(() => exportCode(hostile, 'numpy')).toThrow('unknown activation');
  expect(() => exportCode({ ...DOC_MAZUR, loss: 'mse"; import os' }, 'pytorch')).toThrow('unknown loss');
  expect(() => exportCode({ ...DOC_MAZUR, weights: [DOC_MAZUR.weights[0], [[NaN, 1], [1, 1]]] }, 'numpy')).toThrow('finite number');
  expect(() => exportCode({ ...DOC_MAZUR, weights: undefined }, 'numpy')).toThrow('W^(1)) is missing');
  expect(() => exportCode(DOC_MAZUR, 'julia')).toThrow('format must be numpy or pytorch, got "julia"');
});

// ---- the command line -----------------------------------------------------------------------

function cli(args, input) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('backprop-sandbox export writes the script to stdout; numpy is the default; seeded weights are filled in', () => {
  const seeded = DOCUMENTS['3-4-3-2 tanh, leaky-relu, linear; a batch of 3, weight decay, seeded weights'];
  const path = join(dir, 'net.json');
  writeFileSync(path, JSON.stringify(seeded));
  const { complete } = expected(seeded);
  const numpy = cli(['export', path]);
  expect(numpy.stderr).toBe('');
  expect(numpy.status).toBe(0);
  expect(numpy.stdout).toBe(exportCode(complete, 'numpy'));
  const torch = cli(['export', '-', '--format', 'pytorch'], JSON.stringify(seeded));
  expect(torch.status).toBe(0);
  expect(torch.stdout).toBe(exportCode(complete, 'pytorch'));
});

test.each([
  [['export'], 2, 'export needs a network document'],
  [['export', 'net.json', '--format', 'julia'], 2, '--format of export must be numpy or pytorch, got "julia"'],
  [['export', 'net.json', '--digits', '3'], 2, '--digits is not an option of export'],
  [['export', '-'], 1, 'not a valid network document (field "layers")'],
])('export %p: exit %p with a message naming what is wrong', (args, status, message) => {
  const r = cli(args, '{"loss": "mse"}');
  expect(r.status).toBe(status);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(`backprop-sandbox: ${message}`);
});
