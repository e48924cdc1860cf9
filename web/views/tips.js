// One-line explanations of the controls, on keyboard focus and on hover: any element inside
// the sandbox with a data-tip attribute gets a tooltip under it (role="tooltip", referenced by
// aria-describedby while it shows). It lies over the page and moves nothing. Escape hides it.
//
// A touch screen has no hover: there a long press (a finger held still) shows the tip, or the
// title, of what is under the finger, as on the phones' own controls, and the press does
// nothing else (the control is not used). The next touch hides it.
import { cssScale } from '../dom.js';

const SHOW_DELAY_MS = 350;
const LONG_PRESS_MS = 500;
const LONG_PRESS_SLOP = 10; // px a finger may drift and still be held still

/** What a long press explains: a data-tip, else a title (an attribute, or an SVG <title>). */
function pressText(el) {
  return el.getAttribute('data-tip') || el.getAttribute('title') || (el.querySelector(':scope > title')?.textContent ?? '');
}

export function createTips(root, id) {
  const tip = document.createElement('div');
  tip.className = 'tip';
  tip.id = id;
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  root.append(tip);
  let owner = null;
  let timer = 0;

  const find = (e) => e.composedPath().find((n) => n instanceof Element && n.hasAttribute?.('data-tip') && root.contains(n)) ?? null;

  function show(el, text = el.getAttribute('data-tip')) {
    clearTimeout(timer);
    if (!text) { hide(); return; }
    if (owner && owner !== el) owner.removeAttribute('aria-describedby');
    owner = el;
    tip.textContent = text;
    tip.hidden = false;
    el.setAttribute('aria-describedby', tip.id);
    const box = root.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const k = cssScale(root); // screen pixels per CSS pixel (a scaled slide)
    const width = Math.min(320, box.width / k - 16);
    tip.style.maxWidth = `${width}px`;
    const left = Math.max(8, Math.min((r.left - box.left) / k, box.width / k - width - 8));
    tip.style.left = `${left}px`;
    tip.style.top = `${(r.bottom - box.top) / k + 6}px`;
  }
  function hide() {
    clearTimeout(timer);
    if (owner) owner.removeAttribute('aria-describedby');
    owner = null;
    tip.hidden = true;
  }

  const over = (e) => {
    // Hover is a mouse's: a tap (touch, pen) would leave a tip over what it just changed.
    if (e.pointerType && e.pointerType !== 'mouse') return;
    const el = find(e);
    if (el === owner) return;
    clearTimeout(timer);
    if (!el) { if (owner && !owner.matches(':focus-visible')) hide(); return; }
    timer = setTimeout(() => show(el), SHOW_DELAY_MS);
  };
  // A click hides the tip: the control has been used, and what it did is now on screen.
  const down = () => hide();
  // On focus from the keyboard (a click focuses a button too: the pointer's own hover shows it then).
  const focus = (e) => {
    const el = find(e);
    if (!el) return;
    let visible = true;
    try { visible = el.matches(':focus-visible'); } catch { /* an old browser: show it */ }
    if (visible) show(el);
  };
  const blur = (e) => { if (find(e) === owner) hide(); };
  const key = (e) => { if (e.key === 'Escape' && owner) hide(); };

  // The long press: held still for LONG_PRESS_MS shows the tip; the click (or context menu)
  // that the release may bring is swallowed, once.
  let press = null;
  let pressed = null;
  const pressStart = (e) => {
    cancelPress();
    pressed = null;
    if (!e.pointerType || e.pointerType === 'mouse') return;
    const el = e.composedPath().find((n) => n instanceof Element && root.contains(n) && pressText(n)) ?? null;
    if (!el) return;
    press = { el, x: e.clientX, y: e.clientY, timer: setTimeout(() => { show(el, pressText(el)); pressed = el; press = null; }, LONG_PRESS_MS) };
  };
  const pressMove = (e) => { if (press && Math.hypot(e.clientX - press.x, e.clientY - press.y) > LONG_PRESS_SLOP) cancelPress(); };
  function cancelPress() {
    if (press) clearTimeout(press.timer);
    press = null;
  }
  const swallow = (e) => {
    if (!pressed || !e.composedPath().includes(pressed)) return;
    e.preventDefault();
    e.stopPropagation();
    if (e.type === 'click') pressed = null;
  };
  // A browser that sees the long press first says so with a context menu: the tip shows then.
  const menu = (e) => {
    if (press) {
      const { el } = press;
      cancelPress();
      show(el, pressText(el));
      pressed = el;
    }
    swallow(e);
  };
  const keyed = () => { pressed = null; }; // a key's click is not the release of a long press

  root.addEventListener('pointerover', over);
  root.addEventListener('focusin', focus);
  root.addEventListener('focusout', blur);
  root.addEventListener('keydown', key);
  root.addEventListener('pointerdown', down);
  root.addEventListener('pointerdown', pressStart);
  root.addEventListener('pointermove', pressMove);
  root.addEventListener('pointerup', cancelPress);
  root.addEventListener('pointercancel', cancelPress);
  root.addEventListener('click', swallow, true);
  root.addEventListener('contextmenu', menu, true);
  root.addEventListener('keydown', keyed, true);
  root.addEventListener('mouseleave', () => { if (owner && !owner.matches(':focus-visible')) hide(); });

  return {
    hide,
    destroy() {
      hide();
      root.removeEventListener('pointerover', over);
      root.removeEventListener('focusin', focus);
      root.removeEventListener('focusout', blur);
      root.removeEventListener('keydown', key);
      root.removeEventListener('pointerdown', down);
      root.removeEventListener('pointerdown', pressStart);
      root.removeEventListener('pointermove', pressMove);
      root.removeEventListener('pointerup', cancelPress);
      root.removeEventListener('pointercancel', cancelPress);
      root.removeEventListener('click', swallow, true);
      root.removeEventListener('contextmenu', menu, true);
      root.removeEventListener('keydown', keyed, true);
      cancelPress();
      tip.remove();
    },
  };
}
