// On a narrow screen the explanation sits under the view. While it is out of sight (the
// learner scrolled a long table, or tapped a cell far from it) a strip at the bottom of the
// screen keeps the selection's equation with its numbers in view, one line of text, and a
// button to go to the whole explanation. On a wide screen the explanation is beside the
// view and the strip never shows (styles.css).

import { h, setText } from '../dom.js';
import { quantityLabel } from '../notation.js';
import { summaryText } from '../tex.js';
import { iconElement } from './icons.js';

export function createDock(ctx, target) {
  // One line that scrolls sideways when it is longer than the strip: a region the keyboard
  // can focus and scroll with the arrow keys, as a finger swipes it.
  const text = h('span', { class: 'dock-text', role: 'region', 'aria-label': 'The selection, in one line', tabindex: '0' });
  const go = h('button', { type: 'button', class: 'small', dataset: { key: 'dock-explain' } }, 'Explanation ', iconElement('next'));
  go.addEventListener('click', () => {
    target.scrollIntoView({ block: 'start', behavior: 'smooth' });
    target.querySelector('.selected-name, .walk h2, h2, h3')?.setAttribute('tabindex', '-1');
    target.querySelector('.selected-name, .walk h2, h2, h3')?.focus({ preventScroll: true });
  });
  const el = h('div', { class: 'dock', hidden: true }, text, go);
  let inView = true;
  // What the strip stands in for: the selection's equation with its numbers, shown whole
  // (the column's top may be on screen with the equation still below it); while walking, the
  // walkthrough's panel.
  let watched = null;
  const observer = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => {
      for (const e of entries) if (e.target === watched) inView = e.intersectionRatio >= (watched === target ? 0.15 : 0.99);
      el.hidden = inView;
    }, { threshold: [0, 0.15, 0.99, 1] })
    : null;
  function watch() {
    const next = target.querySelector('.selection .headline') ?? target;
    if (!observer || next === watched) return;
    if (watched) observer.unobserve(watched);
    watched = next;
    observer.observe(next);
  }
  watch();

  function update(state) {
    const pass = ctx.pass(state);
    const sel = state.selection;
    let line;
    if (state.walk.on) {
      line = `Walking through the pass: step ${state.walk.index + 1} of ${ctx.store.steps(state).length}`;
    } else if (!ctx.known(state, sel)) {
      line = `${sel.q === 'J' ? 'J' : quantityLabel(sel.q, sel.layer, sel.row, sel.col)} = ?`;
    } else {
      try {
        line = summaryText(sel, { doc: pass.doc, res: pass.result, digits: state.settings.digits });
      } catch {
        line = '';
      }
    }
    setText(text, line);
    watch();
    el.hidden = inView || !observer;
  }

  return { el, update, destroy() { observer?.disconnect(); } };
}
