// The two kinds of number on the page: displayed values (cells that carry the data-*
// hooks and their full-precision value) and editable parameter fields (<input>s).
//
// A field parses what is typed with parseNumber: text that is not a finite number is
// refused in place (aria-invalid, a message beside the matrix) and never reaches the
// engine; the last good document stays. ArrowUp/ArrowDown and the mouse wheel (while the
// field has focus) nudge the value by 0.01 (Shift: 0.1, Alt: 0.001).

import { h, uid, setText } from '../dom.js';
import { formatNumber, formatForInput, parseNumber, nudge, quantityLabel } from '../notation.js';

/** data-* hooks for a quantity descriptor. */
export function hooks({ q, layer, row, col }) {
  return { quantity: q, layer, row, col };
}

/**
 * A displayed value: <td>/<th>/<span> with the hooks, focusable, clicking selects it.
 * With `label`, the cell shows the symbol above the number (used for headers).
 */
export function valueCell(tag, desc, ctx, { label = null, scope = null, className = '' } = {}) {
  const el = h(tag, {
    class: ['val', className],
    tabindex: '0',
    scope,
    dataset: hooks(desc),
  });
  if (label) el.append(h('span', { class: 'sym', text: label }), h('span', { class: 'num' }));
  el._label = quantityLabel(desc.q, desc.layer, desc.row, desc.col);
  el._num = label ? el.lastChild : el;
  el.addEventListener('click', () => ctx.actions.select(desc));
  el.addEventListener('focus', () => {
    ctx.actions.select(desc);
    ctx.actions.readout(el);
  });
  el.addEventListener('mouseenter', () => {
    // The tooltip is written when it is about to be needed: full precision, never stale.
    if (el.dataset.value !== undefined) el.title = el._title ?? `${el._label} = ${el.dataset.value}`;
    ctx.actions.readout(el);
  });
  return el;
}

/** Writes a value into a displayed cell: text at the page's digits, full value in data-value and title. */
export function setValue(el, value, digits, title = null) {
  // Nothing to repaint: the same value, digits and title as last time (a thousand cells on a
  // large network, most of them unchanged by an edit far downstream).
  if (el._value === value && el._digits === digits && el._title === title && el._value !== undefined) return;
  el._value = value;
  el._digits = digits;
  el._title = title;
  const target = el._num ?? el.querySelector(':scope > .num') ?? el;
  if (value === null || value === undefined) {
    setText(target, '—');
    el.removeAttribute('data-value');
    el.removeAttribute('title');
    return;
  }
  setText(target, formatNumber(value, digits));
  el.setAttribute('data-value', String(value));
  if (el.hasAttribute('title')) el.title = title ?? `${el._label} = ${value}`; // an open tooltip stays right
}

const NUDGE = 0.01;
const nudgeStep = (e) => (e.shiftKey ? NUDGE * 10 : e.altKey ? NUDGE / 10 : NUDGE);

/**
 * An editable parameter: <input> with the hooks. `ctx.actions.edit(desc, value)` receives
 * only finite numbers; `messageFor(input)` returns the element that shows its refusals.
 */
export function numberField(desc, ctx, { messageFor }) {
  const label = quantityLabel(desc.q, desc.layer, desc.row, desc.col);
  const input = h('input', {
    type: 'text',
    inputmode: 'decimal',
    autocomplete: 'off',
    spellcheck: 'false',
    class: 'field',
    'aria-label': label,
    dataset: hooks(desc),
  });
  input._good = 0; // the last good value, what the engine has

  const refuse = (message) => {
    const box = messageFor(input);
    input.setAttribute('aria-invalid', 'true');
    input.classList.add('invalid');
    if (box) {
      box.id ||= uid('msg');
      input.setAttribute('aria-describedby', box.id);
      box.textContent = `${label}: ${message}. The pass still uses ${formatNumber(input._good, 17)}.`;
      box.hidden = false;
    }
  };
  const accept = () => {
    if (!input.classList.contains('invalid')) return;
    input.removeAttribute('aria-invalid');
    input.classList.remove('invalid');
    const box = messageFor(input);
    if (box && input.getAttribute('aria-describedby') === box.id) {
      box.textContent = '';
      box.hidden = true;
      input.removeAttribute('aria-describedby');
    }
  };
  const commit = (value) => {
    // The engine validates the whole document (e.g. a cross-entropy target must be a
    // distribution); a refusal there is shown like a parse error and changes nothing.
    const outcome = ctx.actions.edit(desc, value);
    if (outcome && !outcome.ok) { refuse(outcome.message); return; }
    accept();
    input._good = value;
    input.dataset.value = String(value);
  };
  const bump = (e, sign) => {
    const parsed = parseNumber(input.value);
    const base = parsed.ok ? parsed.value : input._good;
    const value = nudge(base, sign * nudgeStep(e));
    input.value = String(value);
    commit(value);
  };

  input.addEventListener('input', () => {
    const parsed = parseNumber(input.value);
    if (parsed.ok) commit(parsed.value);
    else refuse(parsed.message);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      bump(e, e.key === 'ArrowUp' ? 1 : -1);
    } else if (e.key === 'Escape') {
      input.value = String(input._good);
      accept();
    } else if (e.key === 'Enter') {
      const parsed = parseNumber(input.value);
      if (parsed.ok) { commit(parsed.value); input.select(); }
    }
  });
  input.addEventListener('wheel', (e) => {
    if (input !== input.getRootNode().activeElement) return; // scrolling the page stays scrolling
    e.preventDefault();
    if (e.deltaY !== 0) bump(e, e.deltaY < 0 ? 1 : -1);
  }, { passive: false });
  input.addEventListener('focus', () => {
    ctx.actions.select(desc);
    ctx.actions.readout(input);
    // Full precision while editing: what is typed replaces exactly what is there. Tabbing in
    // selects the whole text, and select() focuses with the caret at 0 before it selects:
    // either way the longer text is selected whole, so that typing replaces the value rather
    // than adding to it. (A click places its caret after this handler has run.)
    if (!input.classList.contains('invalid') && input.value !== String(input._good)) {
      const start = input.selectionStart;
      const end = input.selectionEnd;
      const whole = start === 0 && (end === 0 || end === input.value.length);
      input.value = String(input._good);
      if (whole) input.select();
    }
  });
  input.addEventListener('mouseenter', () => {
    input.title = `${label} = ${input._good}`;
    ctx.actions.readout(input);
  });
  input.addEventListener('blur', () => {
    if (!input.classList.contains('invalid')) input.value = formatForInput(input._good, ctx.state.digits);
  });
  return input;
}

/** Shows a parameter's current value in its field, unless the learner is typing in it. */
export function setFieldValue(input, value, digits) {
  const focused = input === input.getRootNode().activeElement;
  const shown = `${value}|${digits}`;
  if (input._shown === shown && !focused) return;
  input._shown = shown;
  input._good = value;
  input.dataset.value = String(value);
  if (input.hasAttribute('title')) input.title = `${input.getAttribute('aria-label')} = ${value}`;
  if (input.classList.contains('invalid')) return;
  if (focused) {
    // Keep what the learner is typing ("0.150") when it already says this value.
    const typed = parseNumber(input.value);
    if (!typed.ok || typed.value !== value) input.value = String(value);
  } else {
    input.value = formatForInput(value, digits);
  }
}

/** A paragraph for refusals, hidden until a field needs it. */
export const messageBox = () => h('p', { class: 'field-message', role: 'alert', hidden: true });
