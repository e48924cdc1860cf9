// "Example e of m": which example of a batch the page shows. z, a, f'(z) and delta are per
// example; J and every gradient are the batch's means. Hidden for a single example.

import { h } from '../dom.js';
import { exampleCount } from '../batch.js';

export function createExampleBar(ctx) {
  const prev = h('button', { type: 'button', class: 'small', dataset: { key: 'example-prev' }, 'aria-label': 'previous example', text: '‹' });
  const next = h('button', { type: 'button', class: 'small', dataset: { key: 'example-next' }, 'aria-label': 'next example', text: '›' });
  const input = h('input', {
    type: 'number', min: '1', step: '1', class: 'example-input', inputmode: 'numeric',
    'aria-label': 'example shown', dataset: { key: 'example' },
  });
  const of = h('span', { class: 'example-of' });
  const el = h('div', { class: 'tb-group tb-example', role: 'group', 'aria-label': 'Example of the batch shown', hidden: true },
    h('label', { class: 'example-label' }, 'example ', input), of, prev, next);

  const go = (e) => ctx.actions.setExample(e);
  prev.addEventListener('click', () => go(ctx.state.example - 1));
  next.addEventListener('click', () => go(ctx.state.example + 1));
  input.addEventListener('change', () => {
    const e = Number(input.value);
    if (Number.isInteger(e)) go(e);
    else input.value = String(ctx.state.example);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') input.dispatchEvent(new Event('change'));
  });

  function update(state) {
    const m = exampleCount(state.doc);
    el.hidden = m <= 1;
    if (m <= 1) return;
    input.max = String(m);
    if (input !== input.getRootNode().activeElement) input.value = String(state.example);
    of.textContent = `of m = ${m}`;
    el.title = `z, a, f′(z) and δ below are those of example ${state.example}; J and ∂J/∂W, ∂J/∂b are means over all ${m} examples.`;
    prev.disabled = state.example <= 1;
    next.disabled = state.example >= m;
  }

  return { el, update };
}
