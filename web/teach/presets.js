// Presets: network documents (index.d.ts NetworkDocument) a lesson starts from, each with a
// name (its id), a title and a one-paragraph description of what it shows. `training`, when
// present, is the gradient descent the description talks about (full batch, trainEpochs).
// Pure data: no DOM, no engine. tests/wasm/teach-presets.test.js checks every claim made here
// with the engine.

import { DEFAULT_DOCUMENT } from '../network-doc.js';
import { blobs, or, xor } from './datasets.js';

const XOR = xor();
const OR = or();
const BLOBS = blobs({ n: 60, k: 3, seed: 1, spread: 0.4 });

/** Learning rate and epochs of the XOR pair: 2-2-1 gets J below 0.01 well within them, 2-1-1 never. */
export const XOR_TRAINING = Object.freeze({ epochs: 5000, learningRate: 2, target: 0.01 });

const PRESET_LIST = [
  {
    name: 'default-222',
    title: '2-2-2 sigmoid (the worked example)',
    description:
      'The network of the default page: two inputs, two hidden and two output units, sigmoid everywhere, mean squared error, with the numbers of the classic step-by-step example (x = (0.05, 0.1), y = (0.01, 0.99), learning rate 0.5). Every z, a, f\u2032(z) and \u03b4 is small enough to check by hand, and the one step of gradient descent can be compared line by line with a published worked solution.',
    document: DEFAULT_DOCUMENT,
  },
  {
    name: 'xor-211',
    title: 'XOR with 2-1-1: fails',
    description: `XOR on the four corners of the unit square with a single hidden unit. The hidden unit's output is a monotone function of one straight-line combination w\u2081x\u2081 + w\u2082x\u2082 + b, and the output unit is monotone in it, so the network can only rank the corners along one direction: it can never put (0,1) and (1,0) on one side and (0,0) and (1,1) on the other. Gradient descent (full batch, learning rate ${XOR_TRAINING.learningRate}) settles near J \u2248 0.083 = 1/12, the best such a network can do, and stays there however long it trains.`,
    document: {
      layers: [2, 1, 1],
      activations: ['sigmoid', 'sigmoid'],
      loss: 'mse',
      weights: [[[0.5, -0.4]], [[0.4]]],
      biases: [[0], [0]],
      input: XOR.inputs,
      target: XOR.targets,
      learningRate: XOR_TRAINING.learningRate,
      weightDecay: 0,
      seed: 1,
    },
    training: { epochs: XOR_TRAINING.epochs, learningRate: XOR_TRAINING.learningRate },
  },
  {
    name: 'xor-221',
    title: 'XOR with 2-2-1: learns',
    description: `The same XOR data with two hidden units. Each hidden unit draws one line across the square, and the output unit combines the two half-planes into the band that holds (0,1) and (1,0). From these starting weights, full-batch gradient descent with learning rate ${XOR_TRAINING.learningRate} brings J below ${XOR_TRAINING.target} in about 2,200 epochs (well within ${XOR_TRAINING.epochs.toLocaleString('en-US')}). The first few hundred epochs look like a plateau: the hidden units have to break their near-symmetry before J falls.`,
    document: {
      layers: [2, 2, 1],
      activations: ['sigmoid', 'sigmoid'],
      loss: 'mse',
      weights: [
        [
          [0.5, -0.4],
          [-0.3, 0.6],
        ],
        [[0.4, -0.5]],
      ],
      biases: [[0, 0], [0]],
      input: XOR.inputs,
      target: XOR.targets,
      learningRate: XOR_TRAINING.learningRate,
      weightDecay: 0,
      seed: 1,
    },
    training: { epochs: XOR_TRAINING.epochs, learningRate: XOR_TRAINING.learningRate },
  },
  {
    name: 'tanh-232',
    title: '3-layer tanh network (2-3-2)',
    description:
      'Three layers with tanh in both the hidden and the output layer (outputs and targets between \u22121 and 1), mean squared error. Here f\u2032(z) = 1 \u2212 tanh\u00b2 z = 1 \u2212 a\u00b2, and W\u207d\u00b2\u207e is 2 \u00d7 3, not square: the backward pass \u03b4\u207d\u00b2\u207e = (W\u207d\u00b2\u207e)\u1d40 \u03b4\u207d\u00b3\u207e \u2218 f\u2032(z\u207d\u00b2\u207e) needs the transpose to get a 3 \u00d7 1 vector from a 2 \u00d7 1 one, just as in the 2 \u00d7 3 example of the notes.',
    document: {
      layers: [2, 3, 2],
      activations: ['tanh', 'tanh'],
      loss: 'mse',
      weights: [
        [
          [0.2, -0.4],
          [0.7, 0.1],
          [-0.5, 0.3],
        ],
        [
          [0.3, -0.6, 0.2],
          [-0.1, 0.4, 0.5],
        ],
      ],
      biases: [
        [0.1, -0.1, 0.05],
        [0, 0.1],
      ],
      input: [0.5, -0.3],
      target: [0.2, -0.4],
      learningRate: 0.1,
      weightDecay: 0,
      seed: 1,
    },
  },
  {
    name: 'softmax-blobs',
    title: 'Softmax classifier on 3 blobs',
    description:
      'Three overlapping gaussian blobs (60 points, seed 1), a hidden layer of 4 tanh units and a softmax output with cross-entropy. With softmax and cross-entropy the f\u2032 factor cancels and the output error is simply \u03b4\u207d\u1d38\u207e = a\u207d\u1d38\u207e \u2212 y: the predicted class probabilities minus the one-hot target. The weights start from the seeded initialisation; 500 epochs of full-batch gradient descent at learning rate 0.5 classify about 97% of the points correctly (the blobs overlap, so not all).',
    document: {
      layers: [2, 4, 3],
      activations: ['tanh', 'softmax'],
      loss: 'cross-entropy',
      input: BLOBS.inputs,
      target: BLOBS.targets,
      learningRate: 0.5,
      weightDecay: 0,
      seed: 1,
    },
    training: { epochs: 500, learningRate: 0.5 },
  },
  {
    name: 'relu-dead-unit',
    title: 'ReLU with a dead unit',
    description:
      'OR data through three ReLU hidden units, the second of which is dead: its weights (\u22120.6, \u22120.4) and bias \u22120.2 make z\u2082\u207d\u00b2\u207e negative for every example, so a\u2082\u207d\u00b2\u207e = 0 and f\u2032(z\u2082\u207d\u00b2\u207e) = 0. Then \u03b4\u2082\u207d\u00b2\u207e = (\u03a3\u2c7c W\u2c7c\u2082\u207d\u00b2\u207e \u03b4\u2c7c\u207d\u00b3\u207e) \u00b7 0 = 0, so the gradients of the weights into it, \u2202J/\u2202W\u2082\u2c7c\u207d\u00b9\u207e = \u03b4\u2082\u207d\u00b2\u207e a\u2c7c\u207d\u00b9\u207e, and of its bias are exactly 0, and so is the gradient of the weight out of it, \u2202J/\u2202W\u2081\u2082\u207d\u00b2\u207e = \u03b4\u2081\u207d\u00b3\u207e a\u2082\u207d\u00b2\u207e, because its output is 0. Gradient descent never changes these weights: the unit stays dead however long the network trains.',
    document: {
      layers: [2, 3, 1],
      activations: ['relu', 'sigmoid'],
      loss: 'mse',
      weights: [
        [
          [0.5, 0.4],
          [-0.6, -0.4],
          [0.3, 0.6],
        ],
        [[0.6, 0.8, -0.5]],
      ],
      biases: [[0.1, -0.2, 0.05], [0]],
      input: OR.inputs,
      target: OR.targets,
      learningRate: 0.5,
      weightDecay: 0,
      seed: 1,
    },
    training: { epochs: 1000, learningRate: 0.5 },
    deadUnit: { layer: 2, unit: 2 },
  },
];

const deepFreeze = (value) => {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

/** Every preset, in the order a menu shows them (frozen: use getPreset for a copy to edit). */
export const PRESETS = deepFreeze(PRESET_LIST.map((p) => ({ ...p, document: JSON.parse(JSON.stringify(p.document)) })));

/** The names, in menu order. */
export const PRESET_NAMES = Object.freeze(PRESETS.map((p) => p.name));

/** A preset as a fresh, mutable copy (document included); throws for an unknown name. */
export function getPreset(name) {
  const preset = PRESETS.find((p) => p.name === name);
  if (!preset) throw new RangeError(`no preset named ${JSON.stringify(String(name))}; presets: ${PRESET_NAMES.join(', ')}`);
  return JSON.parse(JSON.stringify(preset));
}
