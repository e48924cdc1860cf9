// The embed builder (the learner's page only, in the Instructor view): choose the views, read
// only, the theme and the network (this one or a preset), see it live in a preview, and copy
// the element or iframe snippet (embed-snippets.js), with paths relative to where the course
// page keeps the contents of dist/.

import { html, render, nothing } from 'lit-html';
import { ref, createRef } from 'lit-html/directives/ref.js';
import { VIEWS } from '../store.js';
import { PRESETS } from '../teach/presets.js';
import { elementSnippet, iframeSnippet, embedQuery } from '../embed-snippets.js';
import { shareFragment } from '../session.js';
import { VIEW_INFO } from './tabs.js';
import { copyText } from './instructor.js';

export function createEmbedBuilder(ctx, { previewBase = '' } = {}) {
  const el = document.createElement('div');
  el.className = 'embed-builder';
  const options = { views: ['network'], readonly: false, theme: '', preset: '', base: 'backprop-sandbox/', walk: false };
  const frameRef = createRef();
  let copied = '';
  let previewTimer = 0;
  // The preview reports its height (embed.js), as it would to a course page.
  const onMessage = (e) => {
    const frame = frameRef.value;
    if (!frame || e.source !== frame.contentWindow || e.data?.type !== 'backprop-sandbox:height') return;
    const height = Number(e.data.height);
    if (Number.isFinite(height) && height > 0) frame.style.height = `${Math.min(2400, Math.ceil(height))}px`;
  };
  window.addEventListener('message', onMessage);

  const set = (change) => {
    Object.assign(options, change);
    copied = '';
    update(ctx.store.state);
  };
  const toggleView = (v, on) => {
    const views = VIEWS.filter((x) => (x === v ? on : options.views.includes(x)));
    set({ views: views.length ? views : ['network'] });
  };
  const copy = async (what, text) => {
    const ok = await copyText(text);
    copied = ok ? `${what}: copied to the clipboard.` : `${what}: select the text in the box and copy it (the browser did not allow copying).`;
    update(ctx.store.state);
  };

  function template(state) {
    const doc = state.doc;
    const element = elementSnippet(doc, options);
    const iframe = iframeSnippet(doc, options);
    const fromDisk = String(document.baseURI).startsWith('file:');
    return html`
      <p class="hint">The snippets embed ${options.preset ? `the preset “${PRESETS.find((p) => p.name === options.preset)?.title}”` : 'the network as it is now, weights included'}. Copy <code>dist/</code> next to your course pages as the folder below.</p>
      <fieldset class="embed-views"><legend>Views (the explanation and the check are always there)</legend>
        ${VIEWS.map((v) => html`<label class="check"><input type="checkbox" data-key=${`embed-view-${v}`} .checked=${options.views.includes(v)}
          @change=${(e) => toggleView(v, e.target.checked)}> ${VIEW_INFO[v].title}</label>`)}
      </fieldset>
      <div class="embed-options">
        <label class="check"><input type="checkbox" data-key="embed-readonly" .checked=${options.readonly} @change=${(e) => set({ readonly: e.target.checked })}> read-only (nothing changes the network)</label>
        <label class="check"><input type="checkbox" data-key="embed-walk" .checked=${options.walk} @change=${(e) => set({ walk: e.target.checked })}> start walking through the pass</label>
        <label>theme <select data-key="embed-theme" @change=${(e) => set({ theme: e.target.value })}>
          ${[['', 'the reader’s system setting'], ['light', 'light'], ['dark', 'dark']].map(([v, t]) => html`<option value=${v} ?selected=${options.theme === v}>${t}</option>`)}
        </select></label>
        <label>network <select data-key="embed-preset" @change=${(e) => set({ preset: e.target.value })}>
          <option value="" ?selected=${!options.preset}>this network</option>
          ${PRESETS.map((p) => html`<option value=${p.name} ?selected=${options.preset === p.name}>preset: ${p.title}</option>`)}
        </select></label>
        <label>folder of dist/ <input type="text" class="base-input" data-key="embed-base" .value=${options.base} spellcheck="false"
          @change=${(e) => set({ base: e.target.value })}></label>
      </div>
      ${fromDisk ? html`<p class="hint">This page was opened from disk; the snippets still use the folder above, relative to your course page.</p>` : nothing}
      <div class="embed-part">
        <div class="embed-head"><span class="embed-title" id=${ctx.id('embed-el')}>Element (course pages, Jupyter Book, Quarto, slides)</span>
          <button type="button" class="small" data-key="embed-element-copy" @click=${() => copy('Element', element)}>Copy</button></div>
        <textarea class="embed-snippet" readonly rows="4" spellcheck="false" data-key="embed-element" aria-labelledby=${ctx.id('embed-el')} .value=${element}></textarea>
      </div>
      <div class="embed-part">
        <div class="embed-head"><span class="embed-title" id=${ctx.id('embed-if')}>iframe (Canvas, Moodle and other sites that strip scripts)</span>
          <button type="button" class="small" data-key="embed-iframe-copy" @click=${() => copy('iframe', iframe)}>Copy</button></div>
        <textarea class="embed-snippet" readonly rows="4" spellcheck="false" data-key="embed-iframe" aria-labelledby=${ctx.id('embed-if')} .value=${iframe}></textarea>
      </div>
      <p class="lesson-status" role="status" aria-live="polite">${copied}</p>
      <figure class="embed-preview">
        <figcaption>Preview, as a course page will show it</figcaption>
        <iframe ${ref(frameRef)} title="Preview of the embedded sandbox" data-key="embed-preview" loading="lazy"></iframe>
      </figure>`;
  }

  function update(state) {
    if (state.view !== 'instructor') return; // nothing to show: wait until the view is open
    render(template(state), el);
    // The preview follows the options, a moment after the last change.
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      const frame = frameRef.value;
      if (!frame) return;
      const src = `${previewBase}embed.html${embedQuery(options)}${options.preset ? '' : shareFragment(ctx.store.state.doc)}`;
      if (frame.getAttribute('src') !== src) frame.setAttribute('src', src);
    }, 300);
  }

  return { el, update, destroy() { clearTimeout(previewTimer); window.removeEventListener('message', onMessage); render(nothing, el); } };
}
