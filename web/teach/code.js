// "Export as code": the network document as a short Python script, NumPy or PyTorch, that
// builds the same network and runs the same forward and backward pass in the notes' notation
// (docs/NOTATION.md), then prints J, every δ^(l), every ∂J/∂W^(l) and every ∂J/∂b^(l).
//
// The NumPy script writes the backward pass out, line by line as the engine does; the PyTorch
// one lets autograd find the same numbers (δ^(l) is read from z^(l).grad). Both compute in
// double precision, so they agree with the engine to the last few bits.
//
// What the scripts print, one quantity a line, `name = value` with value a Python list (or a
// number) written by repr: the shortest text that reads back as the same double.
//   J = 0.29837110876000272
//   delta^(3) = [0.13849856162855698, -0.03809823651655623]     one example: a flat list
//   delta^(3) = [[...], [...]]                                    a batch: one row per example
//   dJ/dW^(2) = [[...], [...]]                                    s_{l+1} rows of s_l numbers
//   dJ/db^(2) = [...]
//
// Input: a complete, valid document (every W^(l) and b^(l) present), e.g. what the engine's
// toDocument() returns. Nothing from the document reaches the script as text but numbers
// (String(x) of a finite double) and names the engine has already validated, which are checked
// again here against fixed lists before they become code.

export const CODE_FORMATS = Object.freeze(['numpy', 'pytorch']);

/** f and f′ in NumPy; f′ from z, as the notes write it. */
const NUMPY_ACTIVATIONS = {
  sigmoid: ['def sigmoid(z):', '    return 1.0 / (1.0 + np.exp(-z))', '', 'def sigmoid_prime(z):', '    s = sigmoid(z)', '    return s * (1.0 - s)'],
  tanh: ['def tanh(z):', '    return np.tanh(z)', '', 'def tanh_prime(z):', '    return 1.0 - np.tanh(z) ** 2'],
  relu: ['def relu(z):', '    return np.maximum(z, 0.0)', '', 'def relu_prime(z):', '    return (z > 0).astype(float)'],
  'leaky-relu': ['def leaky_relu(z):', '    return np.where(z > 0, z, 0.01 * z)', '', 'def leaky_relu_prime(z):', '    return np.where(z > 0, 1.0, 0.01)'],
  linear: ['def linear(z):', '    return z', '', 'def linear_prime(z):', '    return np.ones_like(z)'],
  // one column per example; e^(z_k - max z) keeps every exponent <= 0 (the same value)
  softmax: ['def softmax(z):', '    e = np.exp(z - z.max(axis=0, keepdims=True))', '    return e / e.sum(axis=0, keepdims=True)'],
};

/** f in PyTorch (autograd finds f′). */
const TORCH_ACTIVATIONS = {
  sigmoid: 'torch.sigmoid',
  tanh: 'torch.tanh',
  relu: 'torch.relu',
  'leaky-relu': 'lambda z: torch.nn.functional.leaky_relu(z, 0.01)',
  linear: 'lambda z: z',
  softmax: 'lambda z: torch.softmax(z, dim=0)',
};

const pyName = (activation) => activation.replace('-', '_');

/** A finite double as a Python float literal that reads back as the same double. */
function pyNumber(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new TypeError(`expected a finite number, got ${String(x)}`);
  const text = String(x);
  // 0 and 2 would make integer arrays (PyTorch refuses gradients of those): write 0.0 and 2.0
  return /[.e]/.test(text) ? text : `${text}.0`;
}

const pyRow = (row) => `[${row.map(pyNumber).join(', ')}]`;
const pyMatrix = (rows, indent) => (rows.length === 1 ? `[${pyRow(rows[0])}]` : `[\n${rows.map((r) => `${indent}    ${pyRow(r)},`).join('\n')}\n${indent}]`);
/** A column vector as a one-column matrix: [[v1], [v2], ...]. */
const pyColumn = (v) => `[${v.map((x) => `[${pyNumber(x)}]`).join(', ')}]`;
const asRows = (examples) => (Array.isArray(examples[0]) ? examples : [examples]);

/** The document's pieces, checked: the script is built from these only. */
function readDocument(doc) {
  if (!doc || !Array.isArray(doc.layers) || doc.layers.length < 2) throw new TypeError('a network document with layers is required');
  const L = doc.layers.length;
  const activations = Array.isArray(doc.activations) ? doc.activations : Array(L - 1).fill(doc.activations);
  for (const f of activations) if (!Object.hasOwn(NUMPY_ACTIVATIONS, f)) throw new TypeError(`unknown activation "${String(f)}"`);
  if (doc.loss !== 'mse' && doc.loss !== 'cross-entropy') throw new TypeError(`unknown loss "${String(doc.loss)}"`);
  for (let l = 1; l < L; ++l) {
    if (!Array.isArray(doc.weights?.[l - 1])) throw new TypeError(`weights[${l - 1}] (W^(${l})) is missing: export a complete document (the engine's toDocument())`);
  }
  const x = asRows(doc.input);
  const y = asRows(doc.target);
  const biases = Array.from({ length: L - 1 }, (_, k) => doc.biases?.[k] ?? Array(doc.layers[k + 1]).fill(0));
  return { L, layers: doc.layers, activations, loss: doc.loss, weights: doc.weights, biases, x, y, m: x.length, lambda: doc.weightDecay ?? 0 };
}

function header(d, tool) {
  const f = d.activations.join(', ');
  const examples = d.m === 1 ? 'one example' : `a batch of m = ${d.m} examples`;
  const output = d.loss === 'mse'
    ? '  delta^(L) = (a^(L) - y) * f\'(z^(L))              (mse: J = 1/2 ||a^(L) - y||^2)'
    : '  delta^(L) = a^(L) - y                           (softmax + cross-entropy: J = -sum_k y_k log a_k^(L))';
  return [
    `"""Backprop Sandbox: a ${d.layers.join('-')} network as a ${tool} script.`,
    '',
    `f = ${f} (layers 2..${d.L}), loss ${d.loss}, ${examples}${d.lambda ? `, weight decay lambda = ${pyNumber(d.lambda)}` : ''}.`,
    'The forward and backward pass of the lecture notes (Backprop Sandbox, docs/NOTATION.md):',
    '  z^(l+1) = W^(l) a^(l) + b^(l),  a^(l+1) = f(z^(l+1)),  a^(1) = x',
    output,
    '  delta^(l) = (W^(l))^T delta^(l+1) * f\'(z^(l))    (* element-wise)',
    '  dJ/dW^(l) = delta^(l+1) (a^(l))^T,  dJ/db^(l) = delta^(l+1)',
    ...(d.m > 1 ? ['with a batch, J and the gradients are means over the examples (one column of x each).'] : []),
    'Vectors are columns: x is s_1 x m, W^(l) is s_(l+1) x s_l. Run it: python3 <this file>',
    '"""',
  ];
}

function parameters(d, tensor) {
  const lines = ['# the parameters, W^(l) and b^(l) for l = 1 .. L-1 (indices from 1, as in the notes)', 'W, b = {}, {}'];
  for (let l = 1; l < d.L; ++l) {
    lines.push(`W[${l}] = ${tensor(pyMatrix(d.weights[l - 1], ''))}`);
    lines.push(`b[${l}] = ${tensor(pyColumn(d.biases[l - 1]))}`);
  }
  return lines;
}

function data(d, array) {
  const note = d.m === 1 ? '' : '  # one row per example here, hence .T: one column each';
  return [
    `x = ${array(pyMatrix(d.x, ''))}.T${note}`,
    `y = ${array(pyMatrix(d.y, ''))}.T`,
    `L = ${d.L}`,
    'm = x.shape[1]  # the number of examples',
    `lam = ${pyNumber(d.lambda)}  # weight decay lambda`,
  ];
}

const PRINT = [
  '# print: a matrix as its rows; a vector as a flat list, or with a batch one row per example',
  'def show(name, v, matrix=False):',
  '    if matrix:',
  '        print(name, "=", v.tolist())',
  '    elif v.shape[1] == 1:',
  '        print(name, "=", v[:, 0].tolist())',
  '    else:',
  '        print(name, "=", v.T.tolist())',
  '',
];

const PRINT_CALLS = [
  'print("J =", float(J))',
  'for l in range(L, 1, -1):',
  '    show(f"delta^({l})", delta[l])',
  'for l in range(1, L):',
  '    show(f"dJ/dW^({l})", dW[l], matrix=True)',
  '    show(f"dJ/db^({l})", db[l])',
];

function numpyScript(d) {
  const used = [...new Set(d.activations)];
  const fs = d.activations.map((f, k) => `${k + 2}: ${pyName(f)}`).join(', ');
  const fps = d.activations.map((f, k) => [f, k + 2]).filter(([f]) => f !== 'softmax').map(([f, l]) => `${l}: ${pyName(f)}_prime`).join(', ');
  const mse = d.loss === 'mse';
  return [
    ...header(d, 'NumPy'),
    'import numpy as np',
    '',
    ...used.flatMap((f) => [...NUMPY_ACTIVATIONS[f], '']),
    ...(mse ? [] : ['def log_softmax(z):', '    s = z - z.max(axis=0, keepdims=True)', '    return s - np.log(np.exp(s).sum(axis=0, keepdims=True))', '']),
    ...parameters(d, (m) => `np.array(${m})`),
    ...data(d, (m) => `np.array(${m})`),
    `f = {${fs}}  # f of each layer l = 2 .. L`,
    `fprime = {${fps}}`,
    '',
    '# forward pass: z^(l+1) = W^(l) a^(l) + b^(l), a^(l+1) = f(z^(l+1))',
    'a, z = {1: x}, {}',
    'for l in range(1, L):',
    '    z[l + 1] = W[l] @ a[l] + b[l]',
    '    a[l + 1] = f[l + 1](z[l + 1])',
    '',
    mse ? '# J = (1/m) sum over the examples of 1/2 ||a^(L) - y||^2, + (lam/2) sum_l ||W^(l)||^2'
      : '# J = -(1/m) sum over the examples of sum_k y_k log a_k^(L), + (lam/2) sum_l ||W^(l)||^2',
    mse ? 'J = 0.5 * np.sum((a[L] - y) ** 2) / m' : 'J = -np.sum(y * log_softmax(z[L])) / m',
    'J += lam / 2 * sum(np.sum(W[l] ** 2) for l in range(1, L))',
    '',
    '# backward pass: delta^(l) = dJ/dz^(l) of each example (one column each)',
    mse ? 'delta = {L: (a[L] - y) * fprime[L](z[L])}' : 'delta = {L: a[L] - y}',
    'for l in range(L - 1, 1, -1):',
    '    delta[l] = (W[l].T @ delta[l + 1]) * fprime[l](z[l])  # column i of W^(l) reaches unit i: the transpose',
    '',
    '# gradients: dJ/dW^(l) = delta^(l+1) (a^(l))^T, dJ/db^(l) = delta^(l+1) (means over the examples)',
    'dW = {l: delta[l + 1] @ a[l].T / m + lam * W[l] for l in range(1, L)}',
    'db = {l: delta[l + 1].sum(axis=1, keepdims=True) / m for l in range(1, L)}',
    '',
    ...PRINT,
    ...PRINT_CALLS,
    '',
    '# one gradient descent step would be, for every l: W[l] -= alpha * dW[l]; b[l] -= alpha * db[l]',
  ].join('\n') + '\n';
}

function torchScript(d) {
  const fs = d.activations.map((f, k) => `${k + 2}: ${TORCH_ACTIVATIONS[f]}`).join(',\n     ');
  const mse = d.loss === 'mse';
  return [
    ...header(d, 'PyTorch'),
    'import torch',
    '',
    'torch.set_default_dtype(torch.float64)  # double precision, like the sandbox',
    '',
    ...parameters(d, (m) => `torch.tensor(${m}, requires_grad=True)`),
    ...data(d, (m) => `torch.tensor(${m})`),
    `f = {${fs}}  # f of each layer l = 2 .. L`,
    '',
    '# forward pass: z^(l+1) = W^(l) a^(l) + b^(l), a^(l+1) = f(z^(l+1))',
    'a, z = {1: x}, {}',
    'for l in range(1, L):',
    '    z[l + 1] = W[l] @ a[l] + b[l]',
    '    z[l + 1].retain_grad()  # keep dJ/dz^(l+1): that is delta^(l+1), divided by m',
    '    a[l + 1] = f[l + 1](z[l + 1])',
    '',
    mse ? '# J = (1/m) sum over the examples of 1/2 ||a^(L) - y||^2, + (lam/2) sum_l ||W^(l)||^2'
      : '# J = -(1/m) sum over the examples of sum_k y_k log a_k^(L), + (lam/2) sum_l ||W^(l)||^2',
    mse ? 'J = 0.5 * ((a[L] - y) ** 2).sum() / m' : 'J = -(y * torch.log_softmax(z[L], dim=0)).sum() / m',
    'J = J + lam / 2 * sum((W[l] ** 2).sum() for l in range(1, L))',
    '',
    '# backward pass by autograd: every .grad is dJ/d(that tensor)',
    'J.backward()',
    '# delta^(l) of each example is dJ/dz^(l) times m (J is the mean over the examples)',
    'delta = {l: z[l].grad.detach() * m for l in range(2, L + 1)}',
    'dW = {l: W[l].grad for l in range(1, L)}',
    'db = {l: b[l].grad for l in range(1, L)}',
    '',
    ...PRINT,
    'J = J.item()',
    ...PRINT_CALLS,
  ].join('\n') + '\n';
}

/** The document as a Python script: format 'numpy' or 'pytorch'. */
export function exportCode(doc, format) {
  if (!CODE_FORMATS.includes(format)) throw new RangeError(`format must be ${CODE_FORMATS.join(' or ')}, got "${String(format)}"`);
  const d = readDocument(doc);
  return format === 'numpy' ? numpyScript(d) : torchScript(d);
}

/** The file name a download of the script gets. */
export const codeFileName = (format) => (format === 'numpy' ? 'network_numpy.py' : 'network_pytorch.py');
