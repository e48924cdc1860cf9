// A network too large to draw legibly (a share link or a file may hold 784-128-10): the page
// does not build a field for each of its 101,632 weights, which would freeze the tab and make
// 1.5 million DOM nodes. The engine still computes everything in full; this view summarises
// each matrix and vector of the pass (shape, smallest, largest, mean, Euclidean norm) in the
// Network view's place, and training, the gradient step, export and the worked solution work
// as usual.

import { h, clear } from '../dom.js';
import { sup } from '../notation.js';
import { setValue } from './cells.js';

/** Drawn in full: at most this many units in every layer and weights in all. */
export const DRAW_LIMITS = Object.freeze({ units: 32, weights: 1024 });

/** The weights of a network with these layer sizes. */
export const weightCount = (layers) => layers.reduce((n, units, k) => (k > 0 ? n + units * layers[k - 1] : n), 0);

/** Whether the page summarises a network with these layer sizes instead of drawing it. */
export function tooLargeToDraw(layers) {
  return layers.some((n) => n > DRAW_LIMITS.units) || weightCount(layers) > DRAW_LIMITS.weights;
}

/** { min, max, mean, norm } of the numbers of a vector or a matrix (rows of numbers). */
export function statistics(values) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let squares = 0;
  let n = 0;
  const take = (x) => {
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    squares += x * x;
    n += 1;
  };
  for (const v of values) {
    if (Array.isArray(v) || ArrayBuffer.isView(v)) for (const x of v) take(x);
    else take(v);
  }
  // A NaN anywhere makes every statistic NaN: the comparisons above would skip it.
  const nan = Number.isNaN(sum);
  return nan ? { min: NaN, max: NaN, mean: NaN, norm: NaN } : { min, max, mean: sum / n, norm: Math.sqrt(squares) };
}

const STATS = ['min', 'max', 'mean', 'norm'];

/**
 * The rows of the summary, layer by layer: the units' z^(l), a^(l), f'(z^(l)) and δ^(l)
 * (x = a^(1) for the input layer), then the parameters out of the layer, W^(l) and b^(l),
 * with their gradients (l < L). value(pass) reads the numbers from the pass ({ result, doc }).
 */
function summaryRows(layers) {
  const L = layers.length;
  const rows = [];
  const shape = (r, c) => (c === undefined ? `${r}` : `${r} × ${c}`);
  for (let l = 1; l <= L; l += 1) {
    const n = layers[l - 1];
    if (l === 1) rows.push({ q: 'a', layer: 1, name: `x = a${sup('(1)')}`, shape: shape(n), value: (s) => s.result.layers[0].a });
    else {
      rows.push({ q: 'z', layer: l, name: `z${sup(`(${l})`)}`, shape: shape(n), value: (s) => s.result.layers[l - 1].z });
      rows.push({ q: 'a', layer: l, name: `a${sup(`(${l})`)}`, shape: shape(n), value: (s) => s.result.layers[l - 1].a });
      rows.push({ q: 'fprime', layer: l, name: `f′(z${sup(`(${l})`)})`, shape: shape(n), value: (s) => s.result.layers[l - 1].fprime });
      rows.push({ q: 'delta', layer: l, name: `δ${sup(`(${l})`)}`, shape: shape(n), value: (s) => s.result.layers[l - 1].delta });
    }
    if (l < L) {
      const m = layers[l];
      rows.push({ q: 'W', layer: l, name: `W${sup(`(${l})`)}`, shape: shape(m, n), value: (s) => s.doc.weights[l - 1] });
      rows.push({ q: 'b', layer: l, name: `b${sup(`(${l})`)}`, shape: shape(m), value: (s) => s.doc.biases[l - 1] });
      rows.push({ q: 'dW', layer: l, name: `∂J/∂W${sup(`(${l})`)}`, shape: shape(m, n), value: (s) => s.result.gradients[l - 1].W });
      rows.push({ q: 'db', layer: l, name: `∂J/∂b${sup(`(${l})`)}`, shape: shape(m), value: (s) => s.result.gradients[l - 1].b });
    }
  }
  return rows;
}

export function createSummaryView(ctx) {
  const intro = h('p', { class: 'summary-intro' });
  const tbody = h('tbody');
  const el = h('div', { class: 'summary' }, intro,
    h('div', { class: 'table-scroll' },
      h('table', { class: 'summary-table' },
        h('caption', { class: 'sr-only', text: 'Each quantity of the pass: its shape, smallest and largest entry, mean and Euclidean norm' }),
        h('thead', {}, h('tr', {}, ...['quantity', 'shape', 'min', 'max', 'mean', '‖·‖'].map((t) => h('th', { scope: 'col', text: t })))),
        tbody)));
  let parts = [];

  function build(state) {
    const layers = state.doc.layers;
    intro.textContent = `${layers.join('-')}: ${weightCount(layers).toLocaleString('en-US')} weights, too many to draw legibly `
      + `(the page draws networks of at most ${DRAW_LIMITS.units} units a layer and ${DRAW_LIMITS.weights.toLocaleString('en-US')} weights). `
      + 'The engine computes every number in full; each matrix and vector is summarised here. Training, the gradient step, export and the worked solution work as usual.';
    clear(tbody);
    parts = summaryRows(layers).map((row) => {
      const cells = STATS.map((stat) => {
        // Not a data-quantity cell: a statistic is not one of the pass's numbers.
        const c = h('td', { class: 'val', tabindex: '0', dataset: { stat } });
        c._label = stat === 'norm' ? `‖${row.name}‖` : `${stat} of ${row.name}`;
        const full = () => { if (c.dataset.value !== undefined) c.title = `${c._label} = ${c.dataset.value}`; };
        c.addEventListener('mouseenter', full);
        c.addEventListener('focus', full);
        return c;
      });
      tbody.append(h('tr', { dataset: { summary: row.q, layer: row.layer } },
        h('th', { scope: 'row', text: row.name }), h('td', { class: 'shape', text: row.shape }), ...cells));
      return { row, cells };
    });
  }

  let builtFor = null;
  function update(state) {
    if (builtFor !== state.doc.layers.join('-')) {
      builtFor = state.doc.layers.join('-');
      build(state);
    }
    const pass = ctx.pass(state);
    for (const { row, cells } of parts) {
      const stats = statistics(row.value(pass));
      cells.forEach((c, k) => setValue(c, stats[STATS[k]], state.settings.digits));
    }
  }

  return { el, update, destroy() {} };
}
