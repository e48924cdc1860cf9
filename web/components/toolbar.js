// The bar that stays on screen: the loss J, Run / re-run on every edit, one gradient
// descent Step with its learning rate, the number of digits, and the full-precision readout
// of whatever number is hovered or focused.

import { h } from '../dom.js';
import { formatNumber, parseNumber, quantityLabel } from '../notation.js';
import { describe } from '../selection.js';
import { valueCell, setValue } from './fields.js';

export const DIGIT_CHOICES = [4, 6, 8, 12, 17];

export function createToolbar(ctx) {
  const J = valueCell('output', { q: 'J' }, ctx, { className: 'J-value' });
  const Jold = h('span', { class: 'J-old' });

  const auto = h('input', { type: 'checkbox', dataset: { key: 'autorun' } });
  auto.addEventListener('change', () => ctx.actions.setAutoRun(auto.checked));
  const run = h('button', { type: 'button', class: 'run', dataset: { key: 'run' }, text: 'Run' });
  run.addEventListener('click', () => ctx.actions.run());

  const alpha = h('input', {
    type: 'text', inputmode: 'decimal', class: 'field alpha', autocomplete: 'off',
    'aria-label': 'learning rate α', dataset: { key: 'alpha' },
  });
  const alphaMessage = h('span', { class: 'field-message inline', role: 'alert', hidden: true });
  alpha.addEventListener('input', () => {
    const p = parseNumber(alpha.value);
    const ok = p.ok && p.value >= 0;
    alpha.classList.toggle('invalid', !ok);
    alpha.toggleAttribute('aria-invalid', !ok);
    alphaMessage.hidden = ok;
    alphaMessage.textContent = ok ? '' : (p.ok ? 'α must be ≥ 0' : p.message);
    if (ok) ctx.actions.setLearningRate(p.value);
  });
  const step = h('button', { type: 'button', class: 'step primary', dataset: { key: 'step' }, text: 'Step' });
  step.addEventListener('click', () => ctx.actions.step());
  const undo = h('button', { type: 'button', dataset: { key: 'undo' }, text: 'Undo step' });
  undo.addEventListener('click', () => ctx.actions.undoStep());

  const digits = h('select', { 'aria-label': 'significant digits', dataset: { key: 'digits' } },
    DIGIT_CHOICES.map((d) => h('option', { value: String(d), text: d === 17 ? 'all (17)' : String(d) })));
  digits.addEventListener('change', () => ctx.actions.setDigits(Number(digits.value)));

  const readout = h('output', { class: 'readout', 'aria-live': 'off', text: 'Hover or focus a number to read it in full.' });

  const el = h('div', { class: 'toolbar', role: 'region', 'aria-label': 'Loss and controls' },
    h('div', { class: 'tb-group tb-loss' }, h('span', { class: 'J-label', text: 'J =' }), J, Jold),
    h('div', { class: 'tb-group' },
      h('label', { class: 'check' }, auto, ' re-run on every edit'),
      run),
    h('div', { class: 'tb-group' },
      h('label', { class: 'alpha-label' }, 'α = ', alpha), alphaMessage, step, undo),
    h('div', { class: 'tb-group' }, h('label', {}, 'digits ', digits)),
    readout,
  );

  function update(state) {
    const J1 = state.result?.loss ?? null;
    setValue(J, J1, state.digits, J1 === null ? null : `J = ${J1}`);
    const st = state.lastStep;
    Jold.textContent = st
      ? `after one step; before it J = ${formatNumber(st.Jbefore, state.digits)}`
      : '';
    Jold.title = st ? `J before the step = ${st.Jbefore}` : '';
    auto.checked = state.autoRun;
    run.disabled = state.autoRun && !state.stale;
    run.classList.toggle('pending', state.stale);
    run.textContent = state.stale ? 'Run (edits pending)' : 'Run';
    if (alpha !== alpha.getRootNode().activeElement) {
      alpha.value = String(state.doc.learningRate);
      alpha.classList.remove('invalid');
      alphaMessage.hidden = true;
    }
    undo.disabled = state.history.length === 0;
    digits.value = String(state.digits);
  }

  /** Shows the full value of a hooked element (hovered or focused). */
  function showReadout(target) {
    const d = describe(target);
    const value = target.dataset.value;
    if (value === undefined) return;
    readout.textContent = `${quantityLabel(d.q, d.layer, d.row, d.col)} = ${value}`;
  }

  return { el, update, showReadout };
}
