// The gradient check and the planted bugs, in words. Pure functions: no DOM, no engine.
//
// Per parameter θ (every W_ij^(l) and b_i^(l)) the engine's net.gradientCheck() gives the
// backward pass's ∂J/∂θ, the central difference (J(θ + ε) − J(θ − ε)) / 2ε with ε = 1e-4,
// and the relative error |g − ĝ| / max(|g|, |ĝ|, 1e-10) (docs/NOTATION.md, "Checking a
// gradient"). Here: the verdict in words, and what each of the engine's planted bugs does.
// The names of the bugs come from the engine (engine.plantedBugs); only their descriptions
// are written here.

import { formatNumber, sup } from './notation.js';

export const AGREE_BELOW = 1e-7;
export const WRONG_ABOVE = 1e-4;

/** 'agree' | 'borderline' | 'wrong' for a relative error. */
export function verdict(relativeError) {
  if (!(relativeError <= WRONG_ABOVE)) return 'wrong'; // NaN is wrong too
  return relativeError < AGREE_BELOW ? 'agree' : 'borderline';
}

/** A verdict in words (colour never carries it alone). */
export const VERDICT_TEXT = Object.freeze({ agree: '✓ agrees', borderline: '~ borderline', wrong: '✗ wrong' });

/** One line per planted bug of the engine, by its name; a name the engine adds later shows as itself. */
const BUG_LABELS = {
  none: 'none: the correct backward pass',
  'forget-fprime': 'forget the f′(z) factor in the recursion',
  'W-instead-of-WT': 'use W instead of Wᵀ in the recursion',
  'drop-bias-gradient': 'drop the bias gradient (∂J/∂b = 0)',
  'wrong-sign-output-delta': 'wrong sign on δ⁽ᴸ⁾ (y − a instead of a − y)',
  'forget-batch-mean': 'forget to average over the batch',
};

/** The label of one of the engine's planted bugs. */
export const bugLabel = (name) => BUG_LABELS[name] ?? name;

/** What a bug does and what a gradient check should catch, for this network. */
export function bugExplanation(name, doc, m = 1) {
  const L = doc.layers.length;
  const hidden = L > 2;
  const recursion = L === 3 ? 'W⁽¹⁾' : `W⁽¹⁾ … W${sup(`(${L - 2})`)}`;
  switch (name) {
    case 'forget-fprime':
      return hidden
        ? `The recursion computes δ⁽ˡ⁾ = (W⁽ˡ⁾)ᵀδ⁽ˡ⁺¹⁾ without the factor ∘ f′(z⁽ˡ⁾). δ⁽ᴸ⁾, ∂J/∂W${sup(`(${L - 1})`)} and ∂J/∂b${sup(`(${L - 1})`)} stay right; the gradients below them (of ${recursion} and their b) are wrong, unless f′ happens to be 1 (linear units).`
        : 'With no hidden layer there is no recursion, so nothing changes: every gradient stays right.';
    case 'W-instead-of-WT':
      return hidden
        ? `The recursion multiplies δ⁽ˡ⁺¹⁾ by W⁽ˡ⁾ instead of (W⁽ˡ⁾)ᵀ: δᵢ⁽ˡ⁾ collects row i of W (the weights into unit i of the next layer) instead of column i (the weights out of unit i). Expect the gradients of ${recursion} and of their b to be wrong, the last layer’s to stay right.`
        : 'With no hidden layer there is no recursion, so nothing changes.';
    case 'drop-bias-gradient':
      return 'Every ∂J/∂b is set to 0 instead of δ⁽ˡ⁺¹⁾. Expect every b entry to be caught and every W entry to agree: the bias gradient feeds nothing else.';
    case 'wrong-sign-output-delta':
      return 'δ⁽ᴸ⁾ starts from y − a instead of a − y. The sign carries down the recursion, so every gradient has the wrong sign (relative error 2): gradient descent would climb J instead of descending it.';
    case 'forget-batch-mean':
      return m > 1
        ? `The gradients are summed over the batch instead of averaged: every one is m = ${m} times too large (relative error ${formatNumber((m - 1) / m, 3)}), while J is still the mean. Expect every entry to be caught.`
        : 'The gradients are summed over the batch instead of averaged: too large by a factor m. With one example (m = 1) the sum and the mean are the same number, so here this bug changes nothing and no gradient check can catch it. Load a data set (m > 1 examples) to see it.';
    default:
      return 'No bug: the backward pass is the one in the notes. Every entry should agree to about 1e-7 or better.';
  }
}

/** Why the shape check does not catch W-instead-of-WT here (every recursion W square), or null. */
export function squareNote(doc) {
  const L = doc.layers.length;
  if (L <= 2) return null;
  const square = [];
  for (let l = 2; l < L; l += 1) square.push(l);
  return `Every W⁽ˡ⁾ that the recursion uses (${square.map((l) => `W${sup(`(${l})`)}, ${doc.layers[l]} × ${doc.layers[l - 1]}`).join('; ')}) is square, so W⁽ˡ⁾δ⁽ˡ⁺¹⁾ has exactly the shape of (W⁽ˡ⁾)ᵀδ⁽ˡ⁺¹⁾: no shape check can tell them apart, the code runs and gives wrong numbers (right ones only if W⁽ˡ⁾ happens to be symmetric). Only the gradient check below catches it. Give a hidden layer a different size from the layer after it (e.g. 2-3-2, in Structure) and the engine refuses this bug outright.`;
}

