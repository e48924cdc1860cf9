// The tabs that choose the view, and the banner. The tabs follow the WAI-ARIA tabs pattern:
// one tab stop, the arrow keys (and Home, End) move between tabs and open them.
// The banner lies over the top of the view instead of pushing it down: a message appearing
// moves nothing.

import { html, render, nothing } from 'lit-html';
import { quantityLabel } from '../notation.js';
import { bugLabel } from '../gradient-check.js';
import { icon } from './icons.js';
import { examplePicker } from './bar.js';

export const VIEW_INFO = Object.freeze({
  network: { title: 'Network', tip: 'The network drawn: units, weights, biases and, switched to gradients, δ and ∂J/∂W.' },
  forward: { title: 'Forward', tip: 'The forward pass as tables: z = W a + b, a = f(z), then J. Every weight and bias is editable here.' },
  backward: { title: 'Backward', tip: 'The backward pass: δ⁽ᴸ⁾ from the loss, then δ⁽ˡ⁾ = (W⁽ˡ⁾)ᵀ δ⁽ˡ⁺¹⁾ ∘ f′(z⁽ˡ⁾), with the transposed matrix drawn.' },
  gradients: { title: 'Gradients', tip: 'Every ∂J/∂W⁽ˡ⁾ as the outer product δ⁽ˡ⁺¹⁾(a⁽ˡ⁾)ᵀ, and ∂J/∂b⁽ˡ⁾ = δ⁽ˡ⁺¹⁾.' },
  gradcheck: { title: 'Gradient check', tip: 'Backprop against central differences, parameter by parameter; plant a bug and see what the check catches.' },
  training: { title: 'Training', tip: 'Gradient descent: the last step before and after, and training on a data set with its loss curve.' },
  instructor: { title: 'Instructor', tip: 'Presets, the network’s structure, export and import, share links, worked solutions and embed code.' },
});

export function createTabs(ctx, views) {
  const el = document.createElement('div');
  el.className = 'tabs';
  el.setAttribute('role', 'tablist');
  el.setAttribute('aria-label', 'Views');

  const open = (view, focus = false) => {
    ctx.dispatch('setView', view);
    if (focus) el.querySelector(`[data-view-tab="${view}"]`)?.focus();
  };
  const keydown = (e) => {
    const k = views.indexOf(ctx.store.state.view);
    const to = { ArrowRight: k + 1, ArrowLeft: k - 1, Home: 0, End: views.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    open(views[(to + views.length) % views.length], true);
  };

  function update(state) {
    render(html`${views.map((v) => {
      const selected = state.view === v;
      return html`<button type="button" role="tab" class="tab" id=${ctx.id(`tab-${v}`)} data-view-tab=${v} data-key=${`view-${v}`}
        aria-selected=${String(selected)} aria-controls=${ctx.id(`view-${v}`)} tabindex=${selected ? '0' : '-1'}
        data-tip=${VIEW_INFO[v].tip} @click=${() => open(v)} @keydown=${keydown}>${VIEW_INFO[v].title}</button>`;
    })}`, el);
  }

  return { el, update, destroy() { render(nothing, el); } };
}

/** The banner's messages: the state's message, where a NaN or infinity appeared, pending edits. */
export function bannerMessages(state, pass) {
  const messages = [];
  if (state.message) messages.push({ kind: state.message.kind, text: state.message.text, dismiss: true });
  for (const w of pass.batch.result.warnings ?? []) {
    messages.push({ kind: 'warning', text: `${quantityLabel(w.quantity, w.layer, w.row, w.col)} is not finite: ${w.message}` });
  }
  if (pass.stale) messages.push({ kind: 'note', text: 'Edits pending: the computed numbers are from the last run. Press Run to update them.', run: true });
  return messages;
}

export function createBanner(ctx) {
  const el = document.createElement('div');
  el.className = 'banner';
  el.setAttribute('role', 'status');
  el.setAttribute('aria-live', 'polite');

  function update(state) {
    const messages = bannerMessages(state, ctx.pass(state));
    el.hidden = messages.length === 0;
    el.classList.toggle('at-start', Boolean(state.message?.start));
    render(html`${messages.map((m) => html`<p class=${m.kind}>
      <span class="text">${m.text}</span>
      ${m.run ? html`<button type="button" class="small" data-key="run-banner" @click=${() => ctx.dispatch('run')}>${icon('run')} Run</button>` : nothing}
      ${m.dismiss ? html`<button type="button" class="icon-button small" data-key="dismiss-message" aria-label="Dismiss this message" @click=${() => ctx.dispatch('showMessage', { text: null })}>${icon('close')}</button>` : nothing}
    </p>`)}`, el);
  }

  return { el, update, destroy() { render(nothing, el); } };
}

/**
 * Beside the tabs: a planted bug, said for as long as it is planted (δ and the gradients
 * everywhere are wrong on purpose), and for a batch the example the tables show.
 */
export function createTabsStatus(ctx) {
  const el = document.createElement('div');
  el.className = 'tabs-status';

  function update(state) {
    const pass = ctx.pass(state);
    const bug = state.plantedBug;
    const m = pass.batch.result.batchSize ?? 1;
    if (bug !== 'none' && ctx.options.hideBug) {
      // a lesson asks which bug it is: planted, not named, not removable
      render(html`<p class="bug-pill" role="status" data-bug="hidden" data-tip="A bug is planted in the backward pass: which one is the lesson's question."><span class="bug-text">⚠ Bug planted</span></p>${examplePicker(ctx, state, 'in-bar')}`, el);
      return;
    }
    render(html`${bug === 'none' ? nothing : html`<p class=${pass.bugMessage ? 'bug-pill refused' : 'bug-pill'} role="status" data-bug=${bug}
        data-tip=${pass.bugMessage
          ? `The bug “${bugLabel(bug)}” cannot run on this network (the shape check caught it: see Gradient check); the numbers are from the correct pass.`
          : `Planted bug: ${bugLabel(bug)}. δ and the gradients on the page come from a deliberately wrong backward pass (z, a and J are still right)${bug === 'forget-batch-mean' && m === 1 ? '; with one example this one changes nothing' : ''}.`}>
        <span class="bug-text">⚠ ${pass.bugMessage ? 'Bug refused' : 'Bug planted'}</span><span class="sr-only">: ${bugLabel(bug)}</span>
        <button type="button" class="small" data-key="remove-bug" aria-label="Remove the bug" @click=${() => ctx.dispatch('setPlantedBug', 'none')}>Remove</button>
      </p>`}${examplePicker(ctx, state, 'in-bar')}`, el);
    el.hidden = bug === 'none' && m <= 1 && !Array.isArray(state.doc.input[0]);
  }

  return { el, update, destroy() { render(nothing, el); } };
}
