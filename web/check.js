// "Check my answer": the learner picks a quantity (z, a, f'(z), delta, dJ/dW_ij, dJ/db_i or J;
// by default the current selection) and types the value they worked out by hand.
//
// Agreement, precisely: count the significant digits typed (from the first non-zero digit to
// the last digit typed, trailing zeros included: "0.5933" has 4, "0.59" 2, "0.590" 3, "120" 3);
// round the true value to that many significant digits; the answer agrees when the two are
// the same number. A typed zero ("0", "0.000") agrees when the true value rounds to zero at
// the last decimal place typed.
//
// When it does not agree, the explanation names the quantity's equation and its ingredients with
// their values, and tests the typed number against the results of a few common slips
// (a_i for a_j, W for W^T, a forgotten f', the sign of a - y, a forgotten bias, ...).
//
// The answer is always checked against the correct pass: with a planted bug (gradcheck.js)
// the page's delta and gradients are wrong on purpose, so the panel runs its own clean pass.

import { parseNumber, formatNumber, sym, sup } from './notation.js';

// ---- pure: significant digits and agreement ---------------------------------------------------------

/**
 * What a learner typed: { ok, value, sig, decimals } (sig: significant digits, 0 for a zero;
 * decimals: the decimal place of the last digit typed, e.g. 4 for "0.5933", -2 for "1.2e3").
 */
export function typedPrecision(text) {
  const parsed = parseNumber(text);
  if (!parsed.ok) return parsed;
  let t = String(text).trim().replace(/[−–]/g, '-').replace(/^[+-]/, '');
  if (!t.includes('.') && /^\d*,\d+$/.test(t)) t = t.replace(',', '.');
  const [mantissa, exponent = '0'] = t.toLowerCase().split('e');
  const digits = mantissa.replace('.', '').replace(/^0+/, '');
  const decimals = (mantissa.split('.')[1] ?? '').length - Number(exponent);
  return { ok: true, value: parsed.value, sig: Math.min(digits.length, 17), decimals };
}

/** x rounded to n significant digits, as a number. */
export const roundSig = (x, n) => Number(x.toPrecision(Math.max(1, Math.min(100, n))));

/** Whether `truth` agrees with a typed answer at `sig` significant digits (see the header). */
export function agreesAt(truth, typed, sig) {
  if (!Number.isFinite(truth)) return false;
  if (typed.value === 0 || sig === 0) return Math.abs(truth) < 0.5 * 10 ** -typed.decimals;
  return roundSig(truth, sig) === roundSig(typed.value, sig);
}

/** { agrees, sig, closeTo }: closeTo = the most significant digits (>= 2) it agrees to, if fewer. */
export function judge(truth, typed) {
  const agrees = agreesAt(truth, typed, typed.sig);
  let closeTo = 0;
  if (!agrees && typed.sig > 2) {
    for (let k = typed.sig - 1; k >= 2; k -= 1) if (agreesAt(truth, typed, k)) { closeTo = k; break; }
  }
  return { agrees, sig: typed.sig, closeTo };
}

// ---- pure: ingredients and common slips --------------------------------------------------------------

const apply = (f, z) => {
  switch (f) {
    case 'sigmoid': return 1 / (1 + Math.exp(-z));
    case 'tanh': return Math.tanh(z);
    case 'relu': return Math.max(0, z);
    case 'leaky-relu': return z > 0 ? z : 0.01 * z;
    case 'linear': return z;
    default: return null;
  }
};

/**
 * The quantity's true value, its equation (plain text), its ingredients [{ id, label, value }]
 * and candidate slips [{ id, text, value }], from a correct pass.
 * sel: { q: 'z'|'a'|'fprime'|'delta'|'dW'|'db'|'J', layer, row, col }.
 * pass: { doc, res } of the example shown (flat vectors, res.example = e for a batch), and
 * for a batch of m > 1 examples also { batchDoc, batchRes } (rows): J and the gradients are
 * means over the examples, so their slips are computed example by example and averaged.
 */
export function analyse(sel, pass) {
  const { doc, res } = pass;
  const bdoc = pass.batchDoc ?? doc;
  const bres = pass.batchRes ?? res;
  const m = bres.batchSize ?? 1;
  const L = doc.layers.length;
  const { q, layer: l, row: i, col: j } = sel;
  const rowsOf = (v) => (Array.isArray(v?.[0]) ? v : [v]);
  const shown = (res.example ?? 1) - 1; // the example the page shows, 0-based
  const lay = (k, e = shown) => {
    const ly = bres.layers[k - 1];
    return { a: rowsOf(ly.a)[e], z: ly.z && rowsOf(ly.z)[e], fprime: ly.fprime && rowsOf(ly.fprime)[e], delta: ly.delta && rowsOf(ly.delta)[e] };
  };
  const yOf = (e = shown) => rowsOf(bdoc.target)[e];
  const examples = Array.from({ length: m }, (_, e) => e);
  const mean = (fn) => examples.reduce((s, e) => s + fn(e), 0) / m;
  const ing = (id, label, value) => ({ id, label, value });
  const slips = [];
  const slip = (id, text, value) => { if (Number.isFinite(value)) slips.push({ id, text, value }); };
  const f = (k) => doc.activations[k - 2];
  const lambda = doc.weightDecay ?? 0;
  const ce = doc.loss === 'cross-entropy';
  const batchNote = m > 1 ? ` (example ${shown + 1} of the batch)` : '';
  const square = (k) => doc.layers[k] === doc.layers[k - 1];

  /** delta_r^(k) of example e recomputed with one thing changed (the slips that propagate). */
  function deltaVariant(k, r, { noFprime = false, useW = false } = {}, e = shown) {
    const here = lay(k, e);
    if (k === L) {
      const diff = here.a[r - 1] - yOf(e)[r - 1];
      return ce || noFprime ? diff : diff * here.fprime[r - 1];
    }
    const W = doc.weights[k - 1];
    const next = lay(k + 1, e).delta;
    let sum = 0;
    for (let t = 0; t < next.length; t += 1) {
      const w = useW ? W[r - 1]?.[t] : W[t][r - 1];
      if (w === undefined) return NaN;
      sum += w * next[t];
    }
    return noFprime ? sum : sum * here.fprime[r - 1];
  }

  switch (q) {
    case 'z': {
      const W = doc.weights[l - 2];
      const prev = lay(l - 1).a;
      const b = doc.biases[l - 2][i - 1];
      const sum = prev.reduce((s, a, k) => s + W[i - 1][k] * a, 0);
      const ingredients = [
        ...prev.map((a, k) => ing(`W:${l - 1}:${i}:${k + 1}`, sym('W', l - 1, i, k + 1), W[i - 1][k])),
        ...prev.map((a, k) => ing(`a:${l - 1}:${k + 1}`, sym('a', l - 1, k + 1), a)),
        ing(`b:${l - 1}:${i}`, sym('b', l - 1, i), b),
      ];
      slip('no-bias', `you left out the bias ${sym('b', l - 1, i)}: Σⱼ ${sym('W', l - 1, i, 'j')} ${sym('a', l - 1, 'j')} alone is ${formatNumber(sum, 6)}.`, sum);
      slip('a-not-z', `that is ${sym('a', l, i)} = f(${sym('z', l, i)}): z is the value before the activation.`, lay(l).a[i - 1]);
      if (square(l - 2)) {
        const c = prev.reduce((s, a, k) => s + W[k][i - 1] * a, 0) + b;
        slip('column', `you used column ${i} of W${sup(`(${l - 1})`)} (${sym('W', l - 1, 'j', i)}) instead of row ${i} (${sym('W', l - 1, i, 'j')}): row i holds the weights into unit i.`, c);
      }
      if (l - 1 >= 2) {
        const zs = lay(l - 1).z;
        slip('z-for-a', `you multiplied the weights by z${sup(`(${l - 1})`)} instead of a${sup(`(${l - 1})`)}: the next layer takes the activations.`, zs.reduce((s, z, k) => s + W[i - 1][k] * z, 0) + b);
      }
      return {
        equation: `${sym('z', l, i)} = Σⱼ ${sym('W', l - 1, i, 'j')} ${sym('a', l - 1, 'j')} + ${sym('b', l - 1, i)}${batchNote}`,
        ingredients: ingredients.length > 20 ? [...ingredients.slice(0, 6), ingredients.at(-1)] : ingredients,
        truth: lay(l).z[i - 1],
        slips,
      };
    }
    case 'a': {
      if (l === 1) {
        return { equation: `${sym('a', 1, i)} = ${sym('x', null, i)}${batchNote}`, ingredients: [ing(`x:${i}`, sym('x', null, i), doc.input[i - 1])], truth: lay(1).a[i - 1], slips };
      }
      const z = lay(l).z[i - 1];
      slip('z-not-a', `that is ${sym('z', l, i)}: apply the activation ${f(l)} to it.`, z);
      if (f(l) === 'sigmoid') slip('sigmoid-sign', 'that is 1/(1 + e^z), the sigmoid of −z: σ(z) = 1/(1 + e^−z).', 1 / (1 + Math.exp(z)));
      slip('no-bias', `that is f of z without the bias ${sym('b', l - 1, i)}.`, apply(f(l), z - doc.biases[l - 2][i - 1]));
      return {
        equation: `${sym('a', l, i)} = ${f(l)}(${sym('z', l, i)})${batchNote}`,
        ingredients: [ing(`z:${l}:${i}`, sym('z', l, i), z)],
        truth: lay(l).a[i - 1],
        slips,
      };
    }
    case 'fprime': {
      const { z: zs, a: as } = lay(l);
      const z = zs[i - 1];
      const a = as[i - 1];
      if (f(l) === 'sigmoid') {
        slip('z-in-fprime', 'that is z(1 − z): the sigmoid’s derivative is a(1 − a) with a = σ(z), not z(1 − z).', z * (1 - z));
        slip('a-for-fprime', `that is ${sym('a', l, i)} itself, not its derivative a(1 − a).`, a);
      }
      if (f(l) === 'tanh') slip('z-in-fprime', 'that is 1 − z²: the derivative of tanh is 1 − a² with a = tanh z.', 1 - z * z);
      return {
        equation: `f′(${sym('z', l, i)}) for f = ${f(l)}${batchNote}`,
        ingredients: [ing(`z:${l}:${i}`, sym('z', l, i), z), ing(`a:${l}:${i}`, sym('a', l, i), a)],
        truth: lay(l).fprime[i - 1],
        slips,
      };
    }
    case 'delta': {
      const truth = lay(l).delta[i - 1];
      if (l === L) {
        const a = lay(L).a[i - 1];
        const y = yOf()[i - 1];
        slip('sign', 'the sign is flipped: δ⁽ᴸ⁾ starts from a − y (∂J/∂a of J = ½‖a − y‖²), not y − a.', -truth);
        if (ce) {
          return { equation: `${sym('δ', L, i)} = ${sym('a', L, i)} − ${sym('y', null, i)}${batchNote}`, ingredients: [ing(`a:${L}:${i}`, sym('a', L, i), a), ing(`y:${i}`, sym('y', null, i), y)], truth, slips };
        }
        const fp = lay(L).fprime[i - 1];
        slip('no-fprime', `you left out the factor f′(${sym('z', L, i)}) = ${formatNumber(fp, 6)}: δ is ∂J/∂z, and a depends on z through f.`, a - y);
        slip('no-fprime-sign', `you left out f′(${sym('z', L, i)}) and flipped the sign (y − a).`, y - a);
        if (f(L) === 'sigmoid') slip('z-in-fprime', 'you used z(1 − z) for f′: the sigmoid’s derivative is a(1 − a).', (a - y) * lay(L).z[i - 1] * (1 - lay(L).z[i - 1]));
        return {
          equation: `${sym('δ', L, i)} = (${sym('a', L, i)} − ${sym('y', null, i)}) f′(${sym('z', L, i)})${batchNote}`,
          ingredients: [ing(`a:${L}:${i}`, sym('a', L, i), a), ing(`y:${i}`, sym('y', null, i), y), ing(`fprime:${L}:${i}`, `f′(${sym('z', L, i)})`, fp)],
          truth,
          slips,
          product: { factors: [{ label: `(${sym('a', L, i)} − ${sym('y', null, i)})`, value: a - y }, { label: `f′(${sym('z', L, i)})`, value: fp }] },
        };
      }
      const W = doc.weights[l - 1];
      const next = lay(l + 1).delta;
      const fp = lay(l).fprime[i - 1];
      const sum = deltaVariant(l, i, { noFprime: true });
      slip('no-fprime', `you left out the factor f′(${sym('z', l, i)}) = ${formatNumber(fp, 6)}: the sum Σⱼ ${sym('W', l, 'j', i)} ${sym('δ', l + 1, 'j')} alone is ${formatNumber(sum, 6)}.`, sum);
      if (square(l)) slip('W-not-WT', `you used row ${i} of W${sup(`(${l})`)} (${sym('W', l, i, 'j')}) instead of column ${i} (${sym('W', l, 'j', i)}): that is W, not Wᵀ. δ${sup(`(${l})`)} = (W${sup(`(${l})`)})ᵀδ${sup(`(${l + 1})`)} ∘ f′(z${sup(`(${l})`)}).`, deltaVariant(l, i, { useW: true }));
      slip('sign', 'the sign is flipped: check the sign of a − y in δ⁽ᴸ⁾, it carries through every layer.', -truth);
      slip('a-for-fprime', `you multiplied by ${sym('a', l, i)} instead of f′(${sym('z', l, i)}).`, sum * lay(l).a[i - 1]);
      return {
        equation: `${sym('δ', l, i)} = (Σⱼ ${sym('W', l, 'j', i)} ${sym('δ', l + 1, 'j')}) f′(${sym('z', l, i)}), column ${i} of W${sup(`(${l})`)} (W transposed)${batchNote}`,
        ingredients: [
          ...next.map((_, t) => ing(`W:${l}:${t + 1}:${i}`, sym('W', l, t + 1, i), W[t][i - 1])),
          ...next.map((d, t) => ing(`delta:${l + 1}:${t + 1}`, sym('δ', l + 1, t + 1), d)),
          ing(`fprime:${l}:${i}`, `f′(${sym('z', l, i)})`, fp),
        ],
        truth,
        slips,
        product: { factors: [{ label: `Σⱼ ${sym('W', l, 'j', i)} ${sym('δ', l + 1, 'j')}`, value: sum }, { label: `f′(${sym('z', l, i)})`, value: fp }] },
      };
    }
    case 'dW': {
      const w = doc.weights[l - 1][i - 1][j - 1];
      const truth = bres.gradients[l - 1].W[i - 1][j - 1];
      const decay = lambda * w;
      const d = (e, r = i) => lay(l + 1, e).delta[r - 1];
      const a = (e, c = j) => lay(l, e).a[c - 1];
      const avg = m > 1 ? 'the mean over the examples of ' : '';
      if (i !== j && i <= doc.layers[l - 1]) slip('a-i', `you used ${sym('a', l, i)} (a with index i) instead of ${sym('a', l, j)}: ∂J/∂${sym('W', l, i, j)} = ${avg}${sym('δ', l + 1, i)} ${sym('a', l, j)}, the a of the unit the weight comes out of.`, mean((e) => d(e) * a(e, i)) + decay);
      if (i !== j && j <= doc.layers[l] && i <= doc.layers[l - 1]) slip('swap', `you swapped the indices: ${sym('δ', l + 1, j)} ${sym('a', l, i)} is the gradient of ${sym('W', l, j, i)}. The row i of W is the unit the weight goes into.`, mean((e) => d(e, j) * a(e, i)) + lambda * (doc.weights[l - 1][j - 1]?.[i - 1] ?? 0));
      slip('sign', 'the sign is flipped: check the sign of a − y in δ⁽ᴸ⁾ (it starts from a − y).', -truth);
      if (l >= 2) slip('z-for-a', `you used ${sym('z', l, j)} instead of ${sym('a', l, j)}: the weight multiplies the activation.`, mean((e) => d(e) * lay(l, e).z[j - 1]) + decay);
      if (l >= 2) slip('delta-layer', `you used ${sym('δ', l, i)} (layer ${l}) instead of ${sym('δ', l + 1, i)}: W${sup(`(${l})`)} feeds layer ${l + 1}, so its error term is δ${sup(`(${l + 1})`)}.`, mean((e) => lay(l, e).delta[i - 1] * a(e)) + decay);
      slip('delta-only', `that is ${sym('δ', l + 1, i)} alone: multiply by ${sym('a', l, j)} (∂z/∂W = a).`, mean((e) => d(e)));
      if (!(l + 1 === L && ce)) slip('no-fprime', `your ${sym('δ', l + 1, i)} is missing its factor f′(${sym('z', l + 1, i)}).`, mean((e) => deltaVariant(l + 1, i, { noFprime: true }, e) * a(e)) + decay);
      if (l + 1 < L && square(l + 1)) slip('W-not-WT', `your ${sym('δ', l + 1, i)} used W${sup(`(${l + 1})`)} instead of its transpose (row ${i} instead of column ${i}).`, mean((e) => deltaVariant(l + 1, i, { useW: true }, e) * a(e)) + decay);
      if (lambda > 0) slip('no-decay', `you left out the weight decay term λ${sym('W', l, i, j)} = ${formatNumber(decay, 6)}.`, truth - decay);
      if (m > 1) {
        slip('no-mean', `you summed the ${m} examples’ products instead of averaging them (divide by m = ${m}).`, (truth - decay) * m + decay);
        slip('one-example', `that is example ${shown + 1}’s product alone: ∂J/∂W is the mean of δ a over all ${m} examples.`, d(shown) * a(shown) + decay);
      }
      const perExample = m > 1
        ? examples.slice(0, 8).map((e) => ing(`product:${e + 1}`, `${sym('δ', l + 1, i)} ${sym('a', l, j)} of example ${e + 1}`, d(e) * a(e)))
        : [ing(`delta:${l + 1}:${i}`, sym('δ', l + 1, i), d(shown)), ing(`a:${l}:${j}`, sym('a', l, j), a(shown))];
      return {
        equation: m > 1
          ? `∂J/∂${sym('W', l, i, j)} = (1/m) Σₑ ${sym('δ', l + 1, i)} ${sym('a', l, j)} over the m = ${m} examples${lambda > 0 ? ` + λ${sym('W', l, i, j)}` : ''}`
          : `∂J/∂${sym('W', l, i, j)} = ${sym('δ', l + 1, i)} ${sym('a', l, j)}${lambda > 0 ? ` + λ${sym('W', l, i, j)}` : ''}`,
        ingredients: [...perExample, ...(lambda > 0 ? [ing('lambda', 'λ', lambda), ing(`W:${l}:${i}:${j}`, sym('W', l, i, j), w)] : [])],
        truth,
        slips,
        product: m === 1 && lambda === 0 ? { factors: [{ label: sym('δ', l + 1, i), value: d(0) }, { label: sym('a', l, j), value: a(0) }] } : null,
      };
    }
    case 'db': {
      const truth = bres.gradients[l - 1].b[i - 1];
      const d = (e, k = l + 1) => lay(k, e).delta[i - 1];
      slip('sign', 'the sign is flipped: check the sign of a − y in δ⁽ᴸ⁾.', -truth);
      if (i <= doc.layers[l - 1]) slip('times-a', `you multiplied by ${sym('a', l, i)}: ∂${sym('z', l + 1, i)}/∂${sym('b', l, i)} = 1, so the bias gradient is δ itself.`, mean((e) => d(e) * lay(l, e).a[i - 1]));
      if (l >= 2) slip('delta-layer', `you used ${sym('δ', l, i)} (layer ${l}) instead of ${sym('δ', l + 1, i)}.`, mean((e) => d(e, l)));
      if (!(l + 1 === L && ce)) slip('no-fprime', `your ${sym('δ', l + 1, i)} is missing its factor f′(${sym('z', l + 1, i)}).`, mean((e) => deltaVariant(l + 1, i, { noFprime: true }, e)));
      if (l + 1 < L && square(l + 1)) slip('W-not-WT', `your ${sym('δ', l + 1, i)} used W${sup(`(${l + 1})`)} instead of its transpose.`, mean((e) => deltaVariant(l + 1, i, { useW: true }, e)));
      if (m > 1) {
        slip('no-mean', `you summed the ${m} examples’ δ instead of averaging them (divide by m = ${m}).`, truth * m);
        slip('one-example', `that is example ${shown + 1}’s δ alone: ∂J/∂b is the mean over all ${m} examples.`, d(shown));
      }
      return {
        equation: m > 1
          ? `∂J/∂${sym('b', l, i)} = (1/m) Σₑ ${sym('δ', l + 1, i)} over the m = ${m} examples (∂${sym('z', l + 1, i)}/∂${sym('b', l, i)} = 1)`
          : `∂J/∂${sym('b', l, i)} = ${sym('δ', l + 1, i)}, since ∂${sym('z', l + 1, i)}/∂${sym('b', l, i)} = 1`,
        ingredients: m > 1
          ? examples.slice(0, 8).map((e) => ing(`delta:${l + 1}:${i}:${e + 1}`, `${sym('δ', l + 1, i)} of example ${e + 1}`, d(e)))
          : [ing(`delta:${l + 1}:${i}`, sym('δ', l + 1, i), d(shown))],
        truth,
        slips,
      };
    }
    case 'J': {
      const Je = (e) => {
        const a = lay(L, e).a;
        const y = yOf(e);
        return ce ? -a.reduce((s, v, k) => s + (y[k] === 0 ? 0 : y[k] * Math.log(v)), 0) : 0.5 * a.reduce((s, v, k) => s + (v - y[k]) ** 2, 0);
      };
      const truth = bres.loss;
      const decayJ = truth - mean(Je); // (lambda/2) sum ||W||^2, 0 without weight decay
      if (!ce) slip('no-half', 'you left out the ½: J = ½ Σₖ (aₖ − yₖ)².', mean((e) => 2 * Je(e)) + decayJ);
      else {
        slip('log10', 'you used log base 10: the cross-entropy uses the natural logarithm.', mean((e) => Je(e) / Math.LN10) + decayJ);
        slip('sign', 'the sign is flipped: J = −Σₖ yₖ log aₖ is positive.', -truth);
      }
      if (m > 1) {
        slip('no-mean', `you summed the ${m} examples’ losses instead of averaging them.`, mean(Je) * m + decayJ);
        slip('one-example', `that is example ${shown + 1}’s loss alone: J is the mean over all ${m} examples.`, Je(shown) + decayJ);
      }
      if (decayJ > 0) slip('no-decay', 'you left out the weight decay term (λ/2) Σ‖W‖².', truth - decayJ);
      const a = lay(L).a;
      const y = yOf();
      return {
        equation: (ce ? `J = −Σₖ yₖ log aₖ${sup(`(${L})`)}` : `J = ½ Σₖ (aₖ${sup(`(${L})`)} − yₖ)²`) + (m > 1 ? `, averaged over the m = ${m} examples` : '') + (decayJ > 0 ? ' + (λ/2) Σ‖W‖²' : ''),
        ingredients: m > 1
          ? examples.slice(0, 8).map((e) => ing(`J:${e + 1}`, `loss of example ${e + 1}`, Je(e)))
          : [...a.map((v, k) => ing(`a:${L}:${k + 1}`, sym('a', L, k + 1), v)), ...y.map((v, k) => ing(`y:${k + 1}`, sym('y', null, k + 1), v))],
        truth,
        slips,
      };
    }
    default:
      return null;
  }
}

/**
 * The full verdict for a typed text: { status: 'invalid'|'agree'|'disagree', message, typed,
 * truth, judge, analysis, slips (the ones the typed number matches) }.
 */
export function checkAnswer(sel, text, pass) {
  const typed = typedPrecision(text);
  if (!typed.ok) return { status: 'invalid', message: typed.message };
  const analysis = analyse(sel, pass);
  if (!analysis) return { status: 'invalid', message: 'Pick a quantity first.' };
  const j = judge(analysis.truth, typed);
  if (j.agrees) return { status: 'agree', typed, truth: analysis.truth, judge: j, analysis, slips: [] };
  // Which slips give the typed number: at the digits typed, or one fewer (hand work rounds).
  const tries = typed.sig >= 3 ? [typed.sig, typed.sig - 1] : [typed.sig];
  let slips = [];
  for (const n of tries) {
    slips = analysis.slips.filter((s) => agreesAt(s.value, typed, n) && !agreesAt(analysis.truth, { ...typed, value: s.value }, n));
    if (slips.length) break;
  }
  return { status: 'disagree', typed, truth: analysis.truth, judge: j, analysis, slips };
}

// ---- what can be checked ------------------------------------------------------------------------------

/** The quantities one can check, in the pickers' order. */
export const CHECK_KINDS = [
  { q: 'z', label: 'z', units: true },
  { q: 'a', label: 'a', units: true },
  { q: 'fprime', label: 'f′(z)', units: true },
  { q: 'delta', label: 'δ', units: true },
  { q: 'dW', label: '∂J/∂W', units: false },
  { q: 'db', label: '∂J/∂b', units: false },
  { q: 'J', label: 'J', units: false },
];

/** The checkable quantity a selection stands for (W -> its gradient, x -> a^(1), y -> delta^(L)). */
export function checkTarget(sel, L) {
  if (!sel) return null;
  switch (sel.q) {
    case 'W': case 'dW': return { q: 'dW', layer: sel.layer, row: sel.row, col: sel.col };
    case 'b': case 'db': return { q: 'db', layer: sel.layer, row: sel.row };
    case 'x': return { q: 'a', layer: 1, row: sel.row };
    case 'z': case 'a': case 'fprime': case 'delta': return { q: sel.q, layer: sel.layer, row: sel.row };
    case 'y': return { q: 'delta', layer: L, row: sel.row };
    case 'J': return { q: 'J' };
    default: return null;
  }
}

/** Layers a quantity exists in, and the sizes of its indices. */
export function checkRanges(q, layers) {
  const L = layers.length;
  const span = (a, b) => Array.from({ length: Math.max(0, b - a + 1) }, (_, k) => a + k);
  switch (q) {
    case 'a': return { layers: span(1, L), rows: (l) => layers[l - 1], cols: null };
    case 'z': case 'fprime': case 'delta': return { layers: span(2, L), rows: (l) => layers[l - 1], cols: null };
    case 'dW': return { layers: span(1, L - 1), rows: (l) => layers[l], cols: (l) => layers[l - 1] };
    case 'db': return { layers: span(1, L - 1), rows: (l) => layers[l], cols: null };
    default: return { layers: [], rows: null, cols: null };
  }
}

