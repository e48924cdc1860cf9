// The bar over the sandbox, one row: the loss J, the two actions a learner uses most (walk
// through the pass; one gradient step, which changes the weights), the learning rate, undo
// and redo, and a menu of display settings. No control in it changes size when it is used,
// so nothing moves under the pointer.

import { html, render, nothing } from 'lit-html';
import { ref, createRef } from 'lit-html/directives/ref.js';
import { formatNumber, parseNumber } from '../notation.js';
import { DIGIT_CHOICES } from '../store.js';
import { canUndo, canRedo } from '../history.js';
import { exampleCount } from '../batch.js';
import { icon } from './icons.js';

/**
 * The example of a batch that the tables show: beside the tabs, or (narrow screens) in the
 * settings menu. where: 'in-bar' (its keys unsuffixed) or 'in-menu' (keys ending in -menu).
 */
export function examplePicker(ctx, state, where) {
  const m = exampleCount(state.doc);
  if (m <= 1) return nothing;
  const key = (k) => (where === 'in-bar' ? k : `${k}-menu`);
  const go = (e) => ctx.dispatch('setExample', e);
  return html`<span class="example-bar ${where}" role="group" aria-label="The example of the batch shown"
      data-tip=${`z, a, f′(z) and δ are those of example ${state.example}; J and ∂J/∂W, ∂J/∂b are means over all ${m} examples.`}>
    <label><span aria-hidden="true">e =</span> <input type="number" min="1" max=${String(m)} step="1" class="example-input" inputmode="numeric" aria-label="example shown"
      data-key=${key('example')} .value=${String(state.example)}
      @change=${(e) => { const v = Number(e.target.value); if (Number.isInteger(v)) go(v); else e.target.value = String(ctx.store.state.example); }}
      @keydown=${(e) => { if (e.key === 'Enter') e.target.dispatchEvent(new Event('change')); }}></label>
    <span class="example-of">of m = ${m}</span>
    <button type="button" class="small icon-button" data-key=${key('example-prev')} aria-label="previous example" ?disabled=${state.example <= 1} @click=${() => go(ctx.store.state.example - 1)}>${icon('prev')}</button>
    <button type="button" class="small icon-button" data-key=${key('example-next')} aria-label="next example" ?disabled=${state.example >= m} @click=${() => go(ctx.store.state.example + 1)}>${icon('next')}</button>
  </span>`;
}

export function createBar(ctx) {
  const el = document.createElement('div');
  el.className = 'bar';
  el.setAttribute('role', 'group');
  el.setAttribute('aria-label', 'The loss and the main controls');
  const alphaRef = createRef();
  const alphaMenuRef = createRef();
  const menuRef = createRef();
  let alphaProblem = null;

  const setAlpha = (input) => {
    const p = parseNumber(input.value);
    const ok = p.ok && p.value >= 0;
    alphaProblem = ok ? null : (p.ok ? 'α must be ≥ 0' : p.message);
    input.classList.toggle('invalid', !ok);
    input.toggleAttribute('aria-invalid', !ok);
    if (ok) ctx.dispatch('setLearningRate', p.value);
    else update(ctx.store.state);
  };

  // Escape closes the settings menu; so does a click elsewhere (the document listens only
  // while it is open).
  const outside = (e) => { const m = menuRef.value; if (m?.open && !e.composedPath().includes(m)) m.open = false; };
  const toggled = (e) => {
    if (e.target.open) document.addEventListener('click', outside);
    else document.removeEventListener('click', outside);
  };

  function template(state) {
    const pass = ctx.pass(state);
    const J = pass.result.loss;
    const Jknown = ctx.known(state, { q: 'J' });
    const digits = state.settings.digits;
    const can = (name) => ctx.can(name);
    const walking = state.walk.on;
    return html`
      ${ctx.options.title ? html`<h1 class="bar-title">${ctx.options.title}</h1>` : nothing}
      <div class="bar-J" data-tip="The loss J of the current network: how far its output a⁽ᴸ⁾ is from the target y.">
        <span class="sym" aria-hidden="true">J =</span>
        <span class="val J-value ${Jknown ? '' : 'unknown'}" role="button" tabindex="0" data-quantity="J" data-value=${String(J)} aria-label=${`the loss J = ${Jknown ? formatNumber(J, digits) : '? (not computed yet)'}`}
          @click=${() => ctx.dispatch('select', { q: 'J' })} @focus=${() => ctx.dispatch('select', { q: 'J' })}
          @keydown=${(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); ctx.dispatch('select', { q: 'J' }); } }}>${Jknown ? formatNumber(J, digits) : '?'}</span>
      </div>
      ${ctx.part('walk') ? html`<button type="button" class="walk-toggle" data-key="walk" aria-pressed=${String(walking)} aria-label="Walk through the pass"
          data-tip=${walking ? 'Leave the walkthrough: every number shows again.' : 'The forward and backward pass one step at a time: work each value out, then reveal it.'}
          @click=${() => ctx.dispatch(walking ? 'walkStop' : 'walkStart')}>${icon('walk')}<span class="long">Walk through the pass</span><span class="short" aria-hidden="true">Walk</span></button>` : nothing}
      ${can('step') && ctx.part('step') ? html`<button type="button" class="primary step" data-key="step" aria-label="Gradient step (changes the weights)"
          data-tip=${`W ← W − α ∂J/∂W and b ← b − α ∂J/∂b with α = ${state.doc.learningRate}: every weight and bias moves against its gradient. Undo takes it back.`}
          @click=${() => ctx.dispatch('step')}>${icon('step')}<span class="long">Gradient step <span class="sub">(changes the weights)</span></span><span class="short" aria-hidden="true">Step</span></button>
        <label class="alpha" data-tip="The learning rate α of the gradient step and of training.">α = <input ${ref(alphaRef)} type="text" inputmode="decimal" autocomplete="off"
          class="field alpha-field" aria-label="learning rate α" data-key="alpha" .value=${String(state.doc.learningRate)}
          @input=${(e) => setAlpha(e.target)}></label>` : nothing}
      ${can('undo') ? html`<span class="bar-group" role="group" aria-label="Undo and redo">
        <button type="button" class="icon-button" data-key="undo-all" aria-label="Undo" ?disabled=${!canUndo(state.history)}
          data-tip=${`Undo the last change of the network (Ctrl+Z): ${state.history.past.length} to go back.`} @click=${() => ctx.dispatch('undo')}>${icon('undo')}</button>
        <button type="button" class="icon-button redo" data-key="redo-all" aria-label="Redo" ?disabled=${!canRedo(state.history)}
          data-tip=${`Redo (Ctrl+Shift+Z or Ctrl+Y): ${state.history.future.length} to go forward.`} @click=${() => ctx.dispatch('redo')}>${icon('redo')}</button>
      </span>` : nothing}
      <details class="menu settings" ${ref(menuRef)} @toggle=${toggled} @keydown=${(e) => { if (e.key === 'Escape' && menuRef.value?.open) { menuRef.value.open = false; menuRef.value.querySelector('summary').focus(); } }}>
        <summary class="icon-button" data-key="settings" aria-label="Settings" data-tip="Digits shown, re-running on every edit, the start-here card.">${icon('settings')}</summary>
        <div class="menu-panel" role="group" aria-label="Settings">
          <label class="setting">Digits shown <select data-key="digits" aria-describedby="digits-hint" @change=${(e) => ctx.dispatch('setDigits', Number(e.target.value))}>
            ${DIGIT_CHOICES.map((d) => html`<option value=${String(d)} ?selected=${d === digits}>${d === 17 ? 'all (17)' : d}</option>`)}
          </select></label>
          <p class="hint" id="digits-hint">Significant digits of every number. The selected number's full value is always beside its equation.</p>
          <label class="setting check"><input type="checkbox" data-key="autorun" .checked=${state.settings.autoRun} aria-describedby="autorun-hint"
            @change=${(e) => ctx.dispatch('setAutoRun', e.target.checked)}> Re-run on every edit</label>
          <p class="hint" id="autorun-hint">Off: your edits wait for Run, so you can predict what will change first.</p>
          <button type="button" data-key="run" ?disabled=${!pass.stale} @click=${() => ctx.dispatch('run')}>${icon('run')} Run</button>
          ${can('step') && ctx.part('step') ? html`<label class="setting alpha-menu">Learning rate α <input ${ref(alphaMenuRef)} type="text" inputmode="decimal" autocomplete="off"
            class="field" data-key="alpha-menu" .value=${String(state.doc.learningRate)} @input=${(e) => setAlpha(e.target)}></label>` : nothing}
          ${alphaProblem ? html`<p class="field-message" role="alert">${alphaProblem}</p>` : nothing}
          ${examplePicker(ctx, state, 'in-menu')}
          ${can('redo') ? html`<button type="button" class="redo-menu" data-key="redo-menu" ?disabled=${!canRedo(state.history)} @click=${() => ctx.dispatch('redo')}>${icon('redo')} Redo</button>` : nothing}
          ${state.intro.dismissed && ctx.options.intro !== false ? html`<button type="button" data-key="intro-show" @click=${() => ctx.dispatch('dismissIntro', false)}>Show the start-here card again</button>` : nothing}
        </div>
      </details>`;
  }

  function update(state) {
    // The α the learner is typing stays as typed ("0.50"): a field that has the focus keeps its text.
    const typing = [alphaRef.value, alphaMenuRef.value].filter((f) => f && f === f.getRootNode().activeElement);
    const kept = typing.map((f) => f.value);
    render(template(state), el);
    typing.forEach((f, k) => { f.value = kept[k]; });
  }

  return {
    el,
    update,
    destroy() { document.removeEventListener('click', outside); render(nothing, el); },
  };
}
