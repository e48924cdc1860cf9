// A sign key for the number fields that take negative numbers (the parameters and the check
// of a value), for touch screens, whose keypads may have no minus.
//
// Why inputmode="decimal" and this key, rather than another keyboard: the fields are
// type="text" (the page parses what is typed itself, and refuses what is not a number in
// place), and inputmode only chooses the on-screen keyboard. "decimal" brings up a keypad
// with the digits and the decimal point on both phones' systems; but iOS's decimal keypad
// (the one Safari shows on an iPhone for "decimal" and "numeric") has no minus key, and
// some Android keyboards (Samsung's) leave it out too, so on those a negative weight could
// not be typed at all. The alternatives each lose something: inputmode="text" (with
// enterkeyhint or pattern) opens the full letter keyboard, where the learner must switch to
// the digits first on every field; type="number" opens the full keyboard on iOS as well and
// brings spinners, locale-dependent parsing and the loss of what was typed when it is not a
// number; "tel" has no decimal point on iOS. So the keypad stays numeric and this key,
// inside the focused field, flips the sign of what is typed, on every device.
//
// The key shows while a field with data-signed has focus on a touch screen (a coarse
// pointer, or a field focused by a touch or a pen). It takes no focus (the field keeps it,
// and the keypad stays up) and is not in the tab order: a keyboard has a minus key.

import { h } from '../dom.js';

/** The typed text with its sign flipped: "0.3" → "-0.3", "−0.3" → "0.3", "" → "-". */
export function flipSign(text) {
  const t = String(text).trim();
  if (/^[-−–]/.test(t)) return t.slice(1);
  if (t.startsWith('+')) return `-${t.slice(1)}`;
  return `-${t}`;
}

export function createSignToggle(root) {
  const key = h('button', {
    type: 'button', class: 'sign-toggle', tabindex: '-1', hidden: true, dataset: { key: 'sign-toggle' },
  }, '±');
  let field = null;
  let pointer = '';
  const coarse = () => pointer === 'touch' || pointer === 'pen' || (globalThis.matchMedia?.('(pointer: coarse)').matches ?? false);

  function hide() {
    if (!field) return;
    field.classList.remove('has-sign');
    field.parentElement?.classList.remove('sign-host');
    field = null;
    key.hidden = true;
    key.remove();
  }
  function show(input) {
    if (field === input) return;
    hide();
    const host = input.parentElement;
    if (!host) return;
    field = input;
    host.classList.add('sign-host');
    input.classList.add('has-sign');
    key.setAttribute('aria-label', `Change the sign of ${input.getAttribute('aria-label') ?? 'the value'}`);
    host.append(key);
    key.hidden = false;
    // Inside the field, at its left end (the text is padded away from it: styles.css).
    key.style.left = `${input.offsetLeft + 3}px`;
    key.style.top = `${input.offsetTop + (input.offsetHeight - key.offsetHeight) / 2}px`;
  }

  // A pressed mouse button or finger would move the focus to the key: the field keeps it.
  key.addEventListener('mousedown', (e) => e.preventDefault());
  key.addEventListener('click', () => {
    const input = field;
    if (!input || input.readOnly) return;
    input.value = flipSign(input.value);
    input.dispatchEvent(new Event('input', { bubbles: true })); // the field parses and commits it as if typed
    if (input.getRootNode().activeElement !== input) input.focus({ preventScroll: true });
    const end = input.value.length;
    input.setSelectionRange?.(end, end);
  });

  const down = (e) => { pointer = e.pointerType ?? ''; };
  const focusIn = (e) => {
    const input = e.composedPath()[0];
    if (input instanceof HTMLInputElement && input.hasAttribute('data-signed') && !input.readOnly && coarse()) show(input);
    else if (input !== key) hide();
  };
  const focusOut = (e) => {
    // Tapping the key keeps the focus in the field; anything else that takes it hides the key.
    if (e.composedPath()[0] === field && e.relatedTarget !== key) hide();
  };
  root.addEventListener('pointerdown', down, true);
  root.addEventListener('focusin', focusIn);
  root.addEventListener('focusout', focusOut);
  return {
    hide,
    destroy() {
      hide();
      root.removeEventListener('pointerdown', down, true);
      root.removeEventListener('focusin', focusIn);
      root.removeEventListener('focusout', focusOut);
    },
  };
}
