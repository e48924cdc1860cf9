// The two kinds of number in the views: displayed values (cells that carry the data-* hooks
// and their full-precision value) and editable parameter fields (<input>s), and the marks a
// view puts on its own cells (selected, related, hovered, the walkthrough's roles).
//
// The data-quantity / data-layer / data-row / data-col / data-value hooks are a public
// contract: course pages and tests read every number through them. A value the walkthrough
// has not revealed yet shows "?" but keeps its data-value.
//
// A field parses what is typed with parseNumber: text that is not a finite number is refused
// in place (aria-invalid, a message beside the matrix) and never reaches the engine; the last
// good document stays. ArrowUp/ArrowDown and the mouse wheel (while the field has focus)
// nudge the value by 0.01 (Shift: 0.1, Alt: 0.001).

import { h, uid, setText } from '../dom.js';
import { formatNumber, formatForInput, parseNumber, nudge, quantityLabel } from '../notation.js';
import { relation } from '../selection.js';
import { stepRole } from '../walk.js';

/** data-* hooks for a quantity descriptor. */
export function hooks({ q, layer, row, col }) {
  return { quantity: q, layer, row, col };
}

/** The text a learner sees for a value: "?" while the walkthrough has not revealed it. */
export const UNKNOWN = '?';

/**
 * A displayed value: <td>/<th>/<span> with the hooks, focusable; clicking or focusing it
 * selects it. With `label`, the cell shows the symbol above the number (headers).
 */
export function valueCell(tag, desc, ctx, { label = null, scope = null, className = '' } = {}) {
  const el = h(tag, {
    class: ['val', className],
    tabindex: '0',
    scope,
    dataset: hooks(desc),
  });
  if (label) el.append(h('span', { class: 'sym', text: label }), h('span', { class: 'num' }));
  el._desc = desc;
  el._label = quantityLabel(desc.q, desc.layer, desc.row, desc.col);
  el._num = label ? el.lastChild : el;
  el.addEventListener('click', () => ctx.dispatch('select', desc));
  el.addEventListener('focus', () => ctx.dispatch('select', desc));
  el.addEventListener('mouseenter', () => {
    // The tooltip is written when it is about to be needed: full precision, never stale.
    if (el.dataset.value !== undefined && !el._unknown) el.title = el._title ?? `${el._label} = ${el.dataset.value}`;
    else el.removeAttribute('title');
  });
  return el;
}

/**
 * Writes a value into a displayed cell: text at the page's digits ("?" when not known yet),
 * the full value in data-value. Nothing is rewritten when nothing changed. In a view that is
 * not shown (shown: false) an edit writes only the hooks (data-value, the unknown mark): the
 * text follows when the view is shown. (The walkthrough shows every view's "?": views pass
 * shown: true while it is on.)
 */
export function setValue(el, value, digits, { title = null, known = true, shown: visible = true } = {}) {
  const shown = visible || el._shown === undefined; // the first write is always whole
  if (el._value === value && el._digits === digits && el._title === title && el._unknown === !known && el._value !== undefined && (el._shown || !shown)) return;
  el._value = value;
  el._digits = digits;
  el._title = title;
  el._unknown = !known;
  el._shown = shown;
  if (!shown && value !== null && value !== undefined) {
    el.setAttribute('data-value', String(value));
    el.classList.toggle('unknown', !known);
    return;
  }
  const target = el._num ?? el;
  if (value === null || value === undefined) {
    setText(target, '—');
    el.removeAttribute('data-value');
    el.removeAttribute('title');
    return;
  }
  setText(target, known ? formatNumber(value, digits) : UNKNOWN);
  el.setAttribute('data-value', String(value));
  el.classList.toggle('unknown', !known);
  if (!known) el.removeAttribute('title');
  else if (el.hasAttribute('title')) el.title = title ?? `${el._label} = ${value}`; // an open tooltip stays right
}

const NUDGE = 0.01;
const nudgeStep = (e) => (e.shiftKey ? NUDGE * 10 : e.altKey ? NUDGE / 10 : NUDGE);

/**
 * An editable parameter: <input> with the hooks. ctx.dispatch('edit', …) receives only
 * finite numbers; `messageFor(input)` returns the element that shows its refusals.
 */
export function numberField(desc, ctx, { messageFor }) {
  const label = quantityLabel(desc.q, desc.layer, desc.row, desc.col);
  const input = h('input', {
    type: 'text',
    // A numeric keypad with the decimal point; its missing minus (iOS) is the sign key's
    // (data-signed: views/sign.js, which says why this and not another keyboard).
    inputmode: 'decimal',
    'data-signed': '',
    autocomplete: 'off',
    spellcheck: 'false',
    class: 'field',
    'aria-label': label,
    dataset: hooks(desc),
  });
  input._desc = desc;
  input._good = 0; // the last good value, what the engine has
  if (!ctx.can('edit')) {
    // Read-only: still focusable and selectable (to inspect), never typed into or nudged.
    input.readOnly = true;
    input.setAttribute('aria-readonly', 'true');
  }

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
    if (input.readOnly) return;
    // The engine validates the whole document (e.g. a cross-entropy target must be a
    // distribution); a refusal there is shown like a parse error and changes nothing.
    const outcome = ctx.dispatch('edit', { ...desc, value }, { quiet: true });
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
    if (input.readOnly) return;
    const parsed = parseNumber(input.value);
    if (parsed.ok) commit(parsed.value);
    else refuse(parsed.message);
  });
  input.addEventListener('keydown', (e) => {
    if (input.readOnly) return;
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
    if (input.readOnly || input !== input.getRootNode().activeElement) return; // scrolling the page stays scrolling
    e.preventDefault();
    if (e.deltaY !== 0) bump(e, e.deltaY < 0 ? 1 : -1);
  }, { passive: false });
  input.addEventListener('focus', () => {
    // Full precision while editing: the field shows every digit of the value, selected whole,
    // so that what is typed next replaces the value rather than adding to the longer text
    // (Tab, select(), or a script's focus-then-type; a click places its caret after this).
    // Before the selection is dispatched: the views redraw then, and a focused field keeps its text.
    if (!input.classList.contains('invalid') && input.value !== String(input._good)) {
      input.value = String(input._good);
      input.select();
    }
    ctx.dispatch('select', desc);
  });
  input.addEventListener('mouseenter', () => { input.title = `${label} = ${input._good}`; });
  input.addEventListener('blur', () => {
    if (!input.classList.contains('invalid')) input.value = formatForInput(input._good, ctx.store.state.settings.digits);
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

// ---- marks ------------------------------------------------------------------------------------

/**
 * What the marks depend on, as one key: a view re-marks its cells only when it changes.
 * marks: { selection, hover, step, opts } (step: the walkthrough's current step or null).
 */
export function marksKey(marks) {
  return JSON.stringify([marks.selection, marks.hover, marks.step, marks.opts?.L, marks.opts?.ce, marks.opts?.decay]);
}

/**
 * Marks a view's own cells: 'sel' (the selection itself), 'hl' (a term that goes into it),
 * 'hov' (a factor of the hovered quantity), 'step-out' / 'step-in' (what the walkthrough's
 * step computes / computes it from). items: [{ el, desc, alsoAs }] (alsoAs: the other
 * quantity the element stands for, e.g. a weight's gradient on an edge).
 */
export function applyMarks(items, marks) {
  const { selection, hover, step, opts } = marks;
  const L = opts.L;
  const rel = (sel, { desc, alsoAs }) => {
    if (!sel) return null;
    return relation(sel, desc, L) ?? (alsoAs ? relation(sel, { ...desc, q: alsoAs }, L) : null);
  };
  const role = ({ desc, alsoAs }) => {
    if (!step) return null;
    const r = stepRole(step, desc, opts);
    if (r === 'out' || !alsoAs) return r;
    const r2 = stepRole(step, { ...desc, q: alsoAs }, opts);
    return r2 === 'out' ? 'out' : (r ?? r2);
  };
  for (const item of items) {
    const s = rel(selection, item);
    const cl = item.el.classList;
    cl.toggle('sel', s === 'self');
    cl.toggle('hl', s === 'related' && !step);
    cl.toggle('hov', rel(hover, item) !== null);
    const r = role(item);
    cl.toggle('step-out', r === 'out');
    cl.toggle('step-in', r === 'in');
  }
}

/**
 * Where a NaN or infinity first appeared (the engine's r.warnings): every copy of that
 * quantity among a view's items is marked (class nonfinite, the engine's message as
 * data-warning), next to the banner that says it in words. Per-example quantities of a batch
 * are marked when the example shown is the one named. Returns whether anything is marked
 * (a view with nothing marked before and no warnings now skips the work).
 */
export function markWarnings(items, warnings, { batch = false, example = 1 } = {}) {
  const perExample = new Set(['z', 'a', 'fprime', 'delta']);
  const applies = (w, d) => w.quantity === d.q && (w.quantity === 'J' || (w.layer === d.layer && w.row === d.row && (w.quantity !== 'dW' || w.col === d.col)))
    && !(perExample.has(w.quantity) && batch && w.col !== example);
  let any = false;
  for (const { el, desc } of items) {
    const w = warnings.find((x) => applies(x, desc));
    el.classList.toggle('nonfinite', Boolean(w));
    if (w) { el.dataset.warning = w.message; any = true; } else el.removeAttribute('data-warning');
  }
  return any;
}

/**
 * A view's marks on its cells, kept in step with the state: the non-finite warnings of the
 * pass and the selection/pointer/walkthrough marks (rewritten only when they change).
 * update(state, pass, warn, mark): warn and mark are lists of groups of { el, desc }.
 */
export function createMarker(ctx) {
  let marked = '';
  let warned = false;
  return {
    /** After a rebuild: the new cells carry no marks yet. */
    reset() { marked = ''; },
    update(state, pass, warn, mark = warn) {
      const warnings = pass.batch.result.warnings ?? [];
      if (warnings.length || warned) {
        const opts = { batch: pass.result.batchSize > 1, example: state.example };
        warned = false;
        for (const group of warn) warned = markWarnings(group, warnings, opts) || warned;
      }
      const marks = ctx.marks(state);
      const key = marksKey(marks);
      if (key === marked) return;
      marked = key;
      for (const group of mark) applyMarks(group, marks);
    },
  };
}

