// One gradient descent step, W^(l) <- W^(l) - alpha dJ/dW^(l), b^(l) <- b^(l) - alpha dJ/db^(l):
// the learning rate, every parameter before and after, and J before and after.

import { h, clear } from '../dom.js';
import { sym, sup, formatNumber } from '../notation.js';

export function createStep(ctx) {
  const title = h('h3', { class: 'block-title' });
  const button = h('button', { type: 'button', class: 'primary', dataset: { key: 'step-2' } });
  button.addEventListener('click', () => ctx.actions.step());
  const undo = h('button', { type: 'button', dataset: { key: 'undo-2' }, text: 'Undo step' });
  undo.addEventListener('click', () => ctx.actions.undoStep());
  const summary = h('p', { class: 'step-summary', 'aria-live': 'polite' });
  const tables = h('div', { class: 'step-tables' });
  const el = h('div', { class: 'step' },
    h('div', { class: 'block' }, title,
      h('p', { class: 'block-note', text: 'Each parameter moves against its gradient, by α times it. The tables below keep the numbers from before and after the last step until the next edit.' }),
      h('div', { class: 'step-controls' }, button, undo),
      summary, tables));

  let built = false;
  let shown = null;

  function build() {
    ctx.tex(title, 'W^{(l)} \\leftarrow W^{(l)} - \\alpha \\frac{\\partial J}{\\partial W^{(l)}}, \\qquad b^{(l)} \\leftarrow b^{(l)} - \\alpha \\frac{\\partial J}{\\partial b^{(l)}}');
    built = true;
    shown = null;
  }

  const pair = (before, after, digits) => {
    const td = h('td', { class: 'before-after', tabindex: '0' },
      h('span', { class: 'before', text: formatNumber(before, digits) }),
      h('span', { class: 'arrow', 'aria-label': 'becomes', text: ' → ' }),
      h('span', { class: 'after', text: formatNumber(after, digits) }));
    td.title = `before ${before}, after ${after} (change ${after - before})`;
    return td;
  };

  function update(state) {
    if (!built) build();
    const alpha = state.doc.learningRate;
    button.textContent = `Take one step (α = ${alpha})`;
    undo.disabled = state.history.length === 0;
    const st = state.lastStep;
    const key = st ? `${state.digits}:${state.stepCount}` : null;
    if (key === shown) return;
    shown = key;
    clear(tables);
    if (!st) {
      summary.textContent = state.history.length > 0
        ? 'The parameters were edited after the last step; press Step again to see a new before and after.'
        : 'Press Step to take one step of gradient descent with the learning rate α shown.';
      return;
    }
    const d = state.digits;
    summary.textContent = `Step ${state.stepCount} with α = ${st.alpha}: J went from ${formatNumber(st.Jbefore, d)} to ${formatNumber(st.Jafter, d)} (${st.Jafter <= st.Jbefore ? 'down' : 'up'} by ${formatNumber(Math.abs(st.Jafter - st.Jbefore), d)}).`;
    summary.title = `J before = ${st.Jbefore}, J after = ${st.Jafter}`;
    const L = st.before.layers.length;
    for (let l = 1; l < L; l += 1) {
      const Wb = st.before.weights[l - 1];
      const Wa = st.after.weights[l - 1];
      const bb = st.before.biases[l - 1];
      const ba = st.after.biases[l - 1];
      const head = h('tr', {}, h('td', { class: 'corner' }));
      for (let j = 1; j <= Wb[0].length; j += 1) head.append(h('th', { scope: 'col', text: `j = ${j}` }));
      head.append(h('th', { scope: 'col', text: `b${sup(`(${l})`)}` }));
      const tbody = h('tbody');
      Wb.forEach((row, i) => {
        const tr = h('tr', {}, h('th', { scope: 'row', text: `i = ${i + 1}` }));
        row.forEach((w, j) => {
          const td = pair(w, Wa[i][j], d);
          td.setAttribute('aria-label', `${sym('W', l, i + 1, j + 1)}: ${formatNumber(w, d)} becomes ${formatNumber(Wa[i][j], d)}`);
          tr.append(td);
        });
        const tb = pair(bb[i], ba[i], d);
        tb.setAttribute('aria-label', `${sym('b', l, i + 1)}: ${formatNumber(bb[i], d)} becomes ${formatNumber(ba[i], d)}`);
        tr.append(tb);
        tbody.append(tr);
      });
      tables.append(h('div', { class: 'table-scroll' },
        h('table', { class: 'mtable step-table' },
          h('caption', { text: `W${sup(`(${l})`)} and b${sup(`(${l})`)}: before → after` }),
          h('thead', {}, head), tbody)));
    }
  }

  return { el, build, update };
}
