// What a selection touches. Pure functions over the page's quantity descriptors
// { q, layer, row, col } (the data-quantity/-layer/-row/-col hooks, numbers 1-based).
//
// relation(selection, cell) says whether a displayed cell is the selected quantity itself
// ('self'), a term that goes into it ('related'), or neither (null). The rules are the
// equations of docs/NOTATION.md read backwards:
//   W_ij^(l), dJ/dW_ij^(l)  <- delta_i^(l+1), a_j^(l)                (dJ/dW_ij = delta_i a_j)
//   b_i^(l),  dJ/db_i^(l)   <- delta_i^(l+1)
//   z_i^(l), a_i^(l)        <- row i of W^(l-1), b_i^(l-1), a^(l-1)   (forward)
//   delta_i^(l), f'(z_i^(l)) <- column i of W^(l), delta^(l+1), f'(z_i^(l))  (backward)
//   delta_i^(L)             <- a_i^(L), y_i, f'(z_i^(L))
//   J                       <- a^(L), y

/** The unit-level quantity a selection is about, with x written as a^(1). */
function canonical(d) {
  if (d.q === 'x') return { ...d, q: 'a', layer: 1 };
  return d;
}

/**
 * @param sel  the selection { q, layer, row, col } (L: number of layers, needed for y and J)
 * @param cell a displayed quantity { q, layer, row, col }
 * @param L    number of layers
 * @returns 'self' | 'related' | null
 */
export function relation(sel, cell, L) {
  if (!sel || !cell) return null;
  const s = canonical(sel);
  const c = canonical(cell);
  const is = (q, layer, row, col) => c.q === q && c.layer === layer && (row === '*' || c.row === row) && (col === '*' || col === undefined || c.col === col);

  switch (s.q) {
    case 'W':
    case 'dW':
      if ((c.q === 'W' || c.q === 'dW') && c.layer === s.layer && c.row === s.row && c.col === s.col) return 'self';
      if (is('delta', s.layer + 1, s.row) || is('a', s.layer, s.col)) return 'related';
      return null;
    case 'b':
    case 'db':
      if ((c.q === 'b' || c.q === 'db') && c.layer === s.layer && c.row === s.row) return 'self';
      if (is('delta', s.layer + 1, s.row)) return 'related';
      return null;
    case 'z':
    case 'a':
      if (c.q === s.q && c.layer === s.layer && c.row === s.row) return 'self';
      if (is('z', s.layer, s.row) || is('a', s.layer, s.row)) return 'related';
      if (s.layer >= 2) {
        const l = s.layer - 1;
        if (is('W', l, s.row, '*') || is('b', l, s.row) || is('a', l, '*')) return 'related';
      }
      return null;
    case 'delta':
    case 'fprime':
      if (c.q === s.q && c.layer === s.layer && c.row === s.row) return 'self';
      if (is('delta', s.layer, s.row) || is('fprime', s.layer, s.row) || is('z', s.layer, s.row)) return 'related';
      if (s.layer < L) {
        // Column i of W^(l): W_ji^(l) for every j, and every delta_j^(l+1) of the sum.
        if (c.q === 'W' && c.layer === s.layer && c.col === s.row) return 'related';
        if (is('delta', s.layer + 1, '*')) return 'related';
      } else if (is('a', L, s.row) || is('y', L, s.row)) {
        return 'related';
      }
      return null;
    case 'y':
      if (c.q === 'y' && c.row === s.row) return 'self';
      if (is('a', L, s.row) || is('delta', L, s.row)) return 'related';
      return null;
    case 'J':
      if (c.q === 'J') return 'self';
      if (is('a', L, '*') || c.q === 'y') return 'related';
      return null;
    default:
      return null;
  }
}

/** Reads a descriptor from an element's data-* hooks. */
export function describe(el) {
  const d = el.dataset;
  const num = (v) => (v === undefined || v === '' ? undefined : Number(v));
  return { q: d.quantity, layer: num(d.layer), row: num(d.row), col: num(d.col) };
}
