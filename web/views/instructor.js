// The Instructor view: what a lesson is prepared with.
//
//   presets         networks that each show one thing (teach/presets.js), with what to look at
//   structure       units per layer, hidden layers, activations, the loss, the seed
//   save and share  the network document as a JSON file, and a share link that carries it
//   worked solution every step of the pass and one gradient step, as Markdown or printable
//   embed           (the page only) the element and iframe snippets, with a live preview
//
// Imported files come from strangers: their text is parsed as JSON, validated by the engine
// and never inserted as HTML; a refusal is the engine's message, and the network stays.

import { h, clear, uid } from '../dom.js';
import { sup } from '../notation.js';
import { checkDocumentText, shareLink, MAX_TEXT } from '../session.js';
import { PRESETS, getPreset } from '../teach/presets.js';
import { openHtmlDocument } from '../print-view.js';
import { workedSolution } from '../teach/solution.js';
import { codeFileName, exportCode } from '../teach/code.js';
import { UI_LIMITS } from '../store.js';
import { structureChanged } from './shared.js';
import { createEmbedBuilder } from './embed-builder.js';

/** Offers text as a file download. */
function download(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Copies text to the clipboard; resolves to whether it worked. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

const LOSS_TEXT = { mse: 'mse: ½‖a⁽ᴸ⁾ − y‖²', 'cross-entropy': 'cross-entropy: −Σ yₖ log aₖ⁽ᴸ⁾' };

export function createInstructorView(ctx) {
  const status = h('p', { class: 'lesson-status', role: 'status', 'aria-live': 'polite', dataset: { key: 'lesson-status' } });
  const say = (text, kind = 'ok') => {
    status.textContent = text;
    status.className = `lesson-status ${kind}`;
  };
  const can = ctx.can('loadDocument');
  const section = (key, title, ...children) => {
    const id = uid('h');
    return h('section', { class: ['block', 'tool', `tool-${key}`], 'aria-labelledby': id, dataset: { block: `tool-${key}` } },
      h('h3', { class: 'block-title', id, text: title }), ...children);
  };

  // ---- presets ----
  const presetList = h('ul', { class: 'preset-list' });
  for (const preset of PRESETS) {
    const descId = uid('preset-desc');
    const button = h('button', { type: 'button', class: 'preset-load', 'aria-describedby': descId, dataset: { key: `preset:${preset.name}`, preset: preset.name }, text: preset.title });
    button.disabled = !can;
    button.addEventListener('click', () => {
      const p = getPreset(preset.name);
      const outcome = ctx.dispatch('loadDocument', { doc: p.document, note: `Preset “${p.title}”: ${p.description}` });
      if (outcome.ok) say(`Loaded the preset “${p.title}”. Undo brings back the network before it.`);
    });
    presetList.append(h('li', { class: 'preset' }, button, h('p', { class: 'preset-description', id: descId, text: preset.description })));
  }
  const presets = section('presets', 'Presets', h('p', { class: 'hint', text: 'Each preset is a network that shows one thing; loading it replaces the network (Undo brings it back).' }), presetList);

  // ---- structure ----
  const cards = h('ol', { class: 'layer-cards' });
  const loss = h('select', { dataset: { quantity: 'loss', key: 'loss' }, 'aria-label': 'loss J' });
  loss.addEventListener('change', () => ctx.dispatch('setLoss', loss.value));
  const seed = h('input', { type: 'number', min: '0', max: '4294967295', step: '1', class: 'seed', inputmode: 'numeric', dataset: { key: 'seed' }, 'aria-label': 'seed' });
  const seedMessage = h('span', { class: 'field-message inline', role: 'alert', hidden: true });
  const reinit = h('button', { type: 'button', dataset: { key: 'reinit', tip: 'Draw every W⁽ˡ⁾ anew from the seed (Glorot or He uniform); biases, x and y stay.' }, text: 'Re-initialise all weights' });
  reinit.addEventListener('click', () => {
    const value = Number(seed.value);
    const ok = seed.value !== '' && Number.isInteger(value) && value >= 0 && value <= 4294967295;
    seedMessage.hidden = ok;
    seedMessage.textContent = ok ? '' : 'The seed is an integer from 0 to 4294967295.';
    seed.toggleAttribute('aria-invalid', !ok);
    if (ok) ctx.dispatch('reinitialise', value);
  });
  const reset = h('button', { type: 'button', dataset: { key: 'reset' }, text: 'Back to the default 2-2-2 network' });
  reset.addEventListener('click', () => ctx.dispatch('reset'));
  const structure = section('structure', 'Structure', cards,
    h('div', { class: 'structure-row' }, h('label', {}, 'loss J: ', loss), h('label', {}, 'seed ', seed), reinit, seedMessage, reset),
    h('p', { class: 'hint', text: 'Changing the number of units in a layer, or adding or removing a layer, re-initialises the weights into and out of that layer from the seed; every other number is kept. Changing an activation or the loss keeps all the numbers.' }));

  const button = (text, key, label, onClick, disabled = false) => {
    const b = h('button', { type: 'button', class: 'small', dataset: { key }, 'aria-label': label, text, disabled });
    b.addEventListener('click', onClick);
    return b;
  };

  function buildStructure(state) {
    // The cards are built anew; the control that was used keeps the focus (by its data-key).
    const focused = structure.contains(structure.getRootNode().activeElement) ? structure.getRootNode().activeElement.dataset?.key : null;
    clear(cards);
    const doc = state.doc;
    const L = doc.layers.length;
    clear(loss);
    for (const name of ctx.compute.names.losses) loss.append(h('option', { value: name, text: LOSS_TEXT[name] ?? name }));
    loss.value = doc.loss;
    const maxUnits = Math.min(UI_LIMITS.maxUnits, ctx.compute.limits.maxUnits);
    const maxLayers = Math.min(UI_LIMITS.maxLayers, ctx.compute.limits.maxLayers);
    for (let l = 1; l <= L; l += 1) {
      const n = doc.layers[l - 1];
      const role = l === 1 ? 'input' : l === L ? 'output' : 'hidden';
      const units = h('span', { class: 'units' },
        button('−', `units-:${l}`, `one unit fewer in layer ${l}`, () => ctx.dispatch('setUnits', { layer: l, units: n - 1 }), n <= 1),
        h('span', { class: 'count', text: `${n} unit${n === 1 ? '' : 's'}` }),
        button('+', `units+:${l}`, `one unit more in layer ${l}`, () => ctx.dispatch('setUnits', { layer: l, units: n + 1 }), n >= maxUnits));
      const card = h('li', { class: ['layer-card', role] },
        h('span', { class: 'layer-name', text: `layer ${l}` }),
        h('span', { class: 'layer-role', text: role === 'input' ? 'input x = a⁽¹⁾' : role === 'output' ? `output a${sup(`(${L})`)}` : 'hidden' }),
        units);
      if (l >= 2) {
        const select = h('select', { 'aria-label': `activation f of layer ${l}`, dataset: { quantity: 'activation', layer: l, key: `activation:${l}` } },
          ctx.compute.names.activations.filter((name) => name !== 'softmax' || l === L).map((name) => h('option', { value: name, text: name })));
        select.value = doc.activations[l - 2];
        select.addEventListener('change', () => ctx.dispatch('setActivation', { layer: l, name: select.value }));
        card.append(h('label', { class: 'activation' }, 'f = ', select));
      }
      if (role === 'hidden') card.append(button('Remove layer', `remove:${l}`, `remove layer ${l}`, () => ctx.dispatch('removeLayer', { layer: l })));
      cards.append(card);
      if (l < L) {
        cards.append(h('li', { class: 'insert' },
          button('+ layer', `insert:${l}`, `insert a hidden layer between layers ${l} and ${l + 1}`, () => ctx.dispatch('insertLayer', { after: l }), L >= maxLayers)));
      }
    }
    for (const el of structure.querySelectorAll('button, select, input')) if (!can) el.disabled = true;
    if (focused) {
      const again = structure.querySelector(`[data-key="${CSS.escape(focused)}"]`);
      if (again && !again.disabled) again.focus({ preventScroll: true });
    }
  }

  // ---- save and share ----
  const exportButton = h('button', { type: 'button', dataset: { key: 'export' }, text: 'Export JSON' });
  exportButton.addEventListener('click', () => {
    download(`${JSON.stringify(ctx.store.state.doc, null, 2)}\n`, 'network.json', 'application/json');
    say('Exported the network as network.json.');
  });
  const fileInput = h('input', { type: 'file', accept: '.json,application/json', class: 'sr-only', tabindex: '-1', dataset: { key: 'import-file' }, 'aria-hidden': 'true' });
  const importButton = h('button', { type: 'button', dataset: { key: 'import' }, text: 'Import JSON…', disabled: !can });
  importButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    if (file.size > MAX_TEXT) {
      say(`Not imported: ${file.name} is ${(file.size / 1048576).toFixed(1)} MB, too large for a network of this page. The network is unchanged.`, 'error');
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch (err) {
      say(`Not imported: ${file.name} could not be read (${err.message}). The network is unchanged.`, 'error');
      return;
    }
    const checked = checkDocumentText(ctx.compute, text);
    if (!checked.ok) {
      say(`Not imported: ${file.name} was refused: ${checked.message}. The network is unchanged.`, 'error');
      return;
    }
    const outcome = ctx.dispatch('loadDocument', { doc: checked.doc }, { quiet: true });
    if (!outcome.ok) say(`Not imported: ${file.name} was refused: ${outcome.message}. The network is unchanged.`, 'error');
    else say(`Imported ${file.name}. Undo brings back the network before it.`);
  });
  const shareButton = h('button', { type: 'button', dataset: { key: 'share' }, text: 'Share link' });
  // Always there (empty until Share link is pressed): the sections under it stay where they are.
  const shareUrl = h('input', { type: 'text', readonly: true, class: 'share-url', 'aria-label': 'share link', placeholder: 'Press “Share link”: the link appears here', dataset: { key: 'share-url' } });
  shareButton.addEventListener('click', async () => {
    const s = ctx.store.state;
    // The link opens on the view the learner was in before coming here to share.
    const link = shareLink(document.baseURI, s.doc, s.example, learnerView);
    shareUrl.value = link;
    shareUrl.select();
    const copied = await copyText(link);
    const size = link.length > 2000 ? ` It is ${link.length.toLocaleString('en-US')} characters long (the whole data set is in it); some chat programs cut long links, a JSON file is safer.` : '';
    say(`${copied ? 'Share link copied to the clipboard' : 'Share link ready: copy it from the box'}; it opens this network, weights included, exactly as it is now.${size}`);
  });
  const share = section('share', 'Save and share',
    h('div', { class: 'tool-row' }, exportButton, importButton, fileInput, shareButton), shareUrl);

  // ---- worked solution ----
  const solution = (format, extra = {}) => ctx.compute.solution(workedSolution, ctx.store.state.doc, { format, digits: Math.min(ctx.store.state.settings.digits, 17), ...extra });
  const mdButton = h('button', { type: 'button', dataset: { key: 'solution-md' }, text: 'Worked solution (Markdown)' });
  mdButton.addEventListener('click', () => {
    try {
      download(solution('markdown'), 'solution.md', 'text/markdown');
      say('Downloaded solution.md: every step of the forward and backward pass and one gradient descent step, with the numbers substituted.');
    } catch (err) {
      say(`No worked solution: ${err.message}`, 'error');
    }
  });
  const mdCopy = h('button', { type: 'button', dataset: { key: 'solution-copy' }, text: 'Copy Markdown' });
  mdCopy.addEventListener('click', async () => {
    try {
      const ok = await copyText(solution('markdown'));
      say(ok ? 'The worked solution (Markdown with LaTeX math) is on the clipboard.' : 'The browser did not allow copying: use “Worked solution (Markdown)” to download it.', ok ? 'ok' : 'error');
    } catch (err) {
      say(`No worked solution: ${err.message}`, 'error');
    }
  });
  const printButton = h('button', { type: 'button', dataset: { key: 'solution-print' }, text: 'Printable view' });
  printButton.addEventListener('click', () => {
    let html;
    try {
      // KaTeX's stylesheet and fonts from this site: the page works offline and from disk.
      html = solution('html', { katexCss: new URL('katex/katex.min.css', ctx.options.assetBase ?? document.baseURI).href });
    } catch (err) {
      say(`No worked solution: ${err.message}`, 'error');
      return;
    }
    // Not a blob: URL: that document would inherit this page's CSP and lose its styles.
    const win = openHtmlDocument(html);
    if (win) say('The printable worked solution opened in a new tab: print it from there (Ctrl+P).');
    else {
      download(html, 'solution.html', 'text/html');
      say('The browser blocked the new tab, so the printable solution was downloaded as solution.html instead.', 'error');
    }
  });
  const worked = section('solution', 'Worked solution',
    h('p', { class: 'hint', text: 'Every step of the forward and backward pass and one gradient step for the network on screen, with its numbers: an answer key.' }),
    h('div', { class: 'tool-row' }, mdButton, mdCopy, printButton));

  // ---- export as code ----
  // Its own status line, under its buttons (reserved, so that a message moves nothing).
  const codeStatus = h('p', { class: 'lesson-status code-status', role: 'status', 'aria-live': 'polite', dataset: { key: 'code-status' } });
  const codeButton = (format, label) => {
    const b = h('button', { type: 'button', dataset: { key: `code-${format}` }, text: label });
    b.addEventListener('click', () => {
      const name = codeFileName(format);
      try {
        download(exportCode(ctx.store.state.doc, format), name, 'text/x-python');
      } catch (err) {
        codeStatus.textContent = `No script: ${err.message}`;
        codeStatus.className = 'lesson-status code-status error';
        return;
      }
      codeStatus.textContent = `Downloaded ${name}: run it with python3, it prints J, δ, ∂J/∂W and ∂J/∂b.`;
      codeStatus.className = 'lesson-status code-status ok';
    });
    return b;
  };
  const code = section('code', 'Export as code',
    h('p', { class: 'hint', text: 'The network as a short Python script that runs the same forward and backward pass in the notes’ notation: NumPy with the backward pass written out, or PyTorch with autograd.' }),
    h('div', { class: 'tool-row' }, codeButton('numpy', 'NumPy script'), codeButton('pytorch', 'PyTorch script')), codeStatus);

  const builder = ctx.options.embedBuilder ? createEmbedBuilder(ctx, ctx.options.embedBuilder) : null;
  const embed = builder ? section('embed', 'Embed in a course page', builder.el) : null;

  // Read-only: the tools that change the network are not offered (the actions are refused anyway).
  if (!can) importButton.hidden = true;
  const el = h('div', { class: 'instructor' }, status, can ? presets : null, can ? structure : null, share, worked, code, embed);

  // The view the learner was in before coming here (this view may be built only now).
  let learnerView = null;
  function update(state, prev) {
    learnerView = state.view !== 'instructor' ? state.view : state.previousView ?? learnerView;
    if (!prev || structureChanged(state, prev) || (prev && prev.doc.seed !== state.doc.seed)) buildStructure(state);
    if (seed !== seed.getRootNode().activeElement) seed.value = String(state.doc.seed);
    builder?.update(state, prev);
  }

  return { el, update, destroy() { builder?.destroy(); } };
}
