// Arithmetic the page shows beside the engine's numbers (the terms of a sum, the pieces of
// J). Pure functions; the engine remains the one that computes the pass.

/** The per-unit terms of J for one example: mse ½(a_k − y_k)², cross-entropy −y_k log a_k. */
export function lossTerms(loss, a, y) {
  return a.map((ak, k) => {
    const diff = ak - y[k];
    const term = loss === 'cross-entropy' ? (y[k] === 0 ? 0 : -y[k] * Math.log(ak)) : 0.5 * diff * diff;
    return { diff, term };
  });
}

/** The terms W_ji^(l) delta_j^(l+1) of delta_i^(l)'s sum (column i of W^(l)), and their sum. */
export function recursionTerms(W, deltaNext, i) {
  const terms = deltaNext.map((d, j) => ({ w: W[j][i - 1], delta: d, product: W[j][i - 1] * d }));
  return { terms, sum: terms.reduce((acc, t) => acc + t.product, 0) };
}

/** The terms W_ij^(l) a_j^(l) of z_i^(l+1) (row i of W^(l)), and their sum. */
export function forwardTerms(W, a, i) {
  const terms = a.map((aj, j) => ({ w: W[i - 1][j], a: aj, product: W[i - 1][j] * aj }));
  return { terms, sum: terms.reduce((acc, t) => acc + t.product, 0) };
}
