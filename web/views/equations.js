// Lists of captioned equations, typeset with KaTeX, with the numbers of the current pass
// substituted (tex.js and walk.js build every string from numbers and fixed symbols).

import { h } from '../dom.js';

/**
 * A list of captioned equations ({ caption, tex }), typeset with KaTeX, for the explanation
 * and the walkthrough. An edit changes the numbers of most equations, and typesetting is the
 * dearest thing the page does on an edit, so show() typesets at once only what can be seen:
 * an item whose source did not change keeps its typeset math; a changed item on or near the
 * screen is typeset at once; a changed item further away (the list scrolls inside the
 * explanation) is marked data-pending and typeset when it comes near the screen or the
 * page is next idle, whichever is first. New items are always typeset at once.
 */
export function createEquationList(ctx, className, { mode = () => true } = {}) {
  const el = h('div', { class: className });
  const items = []; // { figure, caption, math, tex, want }
  const near = new Set(); // figures within a screen of the viewport, per the observer
  const pending = new Set();
  let idle = 0;

  const settle = (item) => {
    pending.delete(item);
    delete item.figure.dataset.pending;
  };
  const typeset = (item) => {
    settle(item);
    const m = mode();
    const key = `${m}|${item.want}`;
    if (item.tex !== key) ctx.tex(item.math, item.want, m);
    item.tex = key;
  };
  const observer = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => {
      for (const { target, isIntersecting } of entries) {
        if (isIntersecting) near.add(target);
        else near.delete(target);
        const item = isIntersecting && items.find((it) => it.figure === target);
        if (item && pending.has(item)) typeset(item);
      }
    }, { rootMargin: '100% 0px' })
    : null;
  const whenIdle = globalThis.requestIdleCallback ?? ((fn) => setTimeout(() => fn({ timeRemaining: () => 8 }), 1));
  const cancelIdle = globalThis.cancelIdleCallback ?? clearTimeout;
  const flush = (deadline) => {
    idle = 0;
    let done = 0;
    for (const item of pending) {
      // At least one each time, so that a page that is never idle still gets there.
      if (done > 0 && deadline.timeRemaining() <= 0) break;
      typeset(item);
      done += 1;
    }
    if (pending.size) idle = whenIdle(flush, { timeout: 500 });
  };

  function show(list) {
    while (items.length > list.length) {
      const gone = items.pop();
      observer?.unobserve(gone.figure);
      near.delete(gone.figure);
      pending.delete(gone);
      gone.figure.remove();
    }
    list.forEach(({ caption, tex }, i) => {
      let item = items[i];
      if (!item) {
        const cap = h('figcaption');
        const math = h('div', { class: 'eq' });
        item = { figure: h('figure', { class: 'eq-item' }, cap, math), caption: cap, math, tex: null, want: tex };
        items.push(item);
        el.append(item.figure);
        observer?.observe(item.figure);
        typeset(item);
      }
      if (item.caption.textContent !== caption) item.caption.textContent = caption;
      item.want = tex;
      if (item.tex === `${mode()}|${tex}`) settle(item);
      else if (!observer || near.has(item.figure)) typeset(item);
      else { pending.add(item); item.figure.dataset.pending = ''; }
    });
    if (pending.size && !idle) idle = whenIdle(flush, { timeout: 500 });
  }

  return {
    el,
    show,
    clear() { show([]); },
    destroy() { observer?.disconnect(); if (idle) cancelIdle(idle); idle = 0; pending.clear(); },
  };
}
