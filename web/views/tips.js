// One-line explanations of the controls, on keyboard focus and on hover: any element inside
// the sandbox with a data-tip attribute gets a tooltip under it (role="tooltip", referenced by
// aria-describedby while it shows). It lies over the page and moves nothing. Escape hides it.

const SHOW_DELAY_MS = 350;

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

  function show(el) {
    clearTimeout(timer);
    const text = el.getAttribute('data-tip');
    if (!text) { hide(); return; }
    if (owner && owner !== el) owner.removeAttribute('aria-describedby');
    owner = el;
    tip.textContent = text;
    tip.hidden = false;
    el.setAttribute('aria-describedby', tip.id);
    const box = root.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const width = Math.min(320, box.width - 16);
    tip.style.maxWidth = `${width}px`;
    const left = Math.max(8, Math.min(r.left - box.left, box.width - width - 8));
    tip.style.left = `${left}px`;
    tip.style.top = `${r.bottom - box.top + 6}px`;
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
  root.addEventListener('pointerover', over);
  root.addEventListener('focusin', focus);
  root.addEventListener('focusout', blur);
  root.addEventListener('keydown', key);
  root.addEventListener('pointerdown', down);
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
      tip.remove();
    },
  };
}
