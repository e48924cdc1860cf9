// "Embed code" on the learner's page: the two snippets that put the current network into a
// course page, as a <backprop-sandbox> element (a script tag and the document inline) and as
// an iframe of embed.html (the document in the URL fragment, in the share-link format).
// main.js adds it to the lesson bar; embedded sandboxes do not have it.
//
// The snippets point at this page's own folder (backprop-sandbox.js and embed.html sit
// beside index.html in dist/). Everything is built as text and shown in <textarea>s: no
// markup from the document is ever inserted into this page.

import { h, uid } from '../dom.js';
import { shareFragment } from '../session.js';

/** JSON for inside <script type="application/json">: "<" escaped so no "</script>" can appear. */
export function inlineJson(doc) {
  return JSON.stringify(doc).replace(/</g, '\\u003c');
}

const attr = (value) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The element snippet: one script tag, the element, the document inline. */
export function elementSnippet(doc, base) {
  const script = new URL('backprop-sandbox.js', base).href;
  return [
    `<script src="${attr(script)}"></script>`,
    '<backprop-sandbox>',
    `  <script type="application/json">${inlineJson(doc)}</script>`,
    '</backprop-sandbox>',
  ].join('\n');
}

/** The iframe snippet, with the few lines that size the frame to the height it reports. */
export function iframeSnippet(doc, base, { height = 720 } = {}) {
  const src = new URL('embed.html', base).href + shareFragment(doc);
  return [
    `<iframe src="${attr(src)}" title="Backprop Sandbox" style="width: 100%; height: ${height}px; border: 0" loading="lazy"></iframe>`,
    '<script>',
    '  // Size Backprop Sandbox iframes to the height they report.',
    "  addEventListener('message', function (e) {",
    "    if (!e.data || e.data.type !== 'backprop-sandbox:height') return;",
    "    document.querySelectorAll('iframe').forEach(function (f) {",
    "      if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';",
    '    });',
    '  });',
    '</script>',
  ].join('\n');
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * sandbox: createSandbox's API (getDocument, onDocumentChange). Returns { button, panel }:
 * the button goes with the page's save-and-share buttons, the panel (hidden until the button
 * is pressed) in a row of its own.
 */
export function createEmbedCode(sandbox, { base = document.baseURI } = {}) {
  const toggle = h('button', { type: 'button', dataset: { key: 'embed-code' }, 'aria-expanded': 'false', text: 'Embed code…' });
  const status = h('p', { class: 'lesson-status', role: 'status', 'aria-live': 'polite' });
  const box = (title, key, note) => {
    const id = uid('embed');
    const area = h('textarea', { id, class: 'embed-snippet', readonly: true, rows: '5', spellcheck: 'false', dataset: { key: `embed-${key}` } });
    const copy = h('button', { type: 'button', dataset: { key: `embed-${key}-copy` }, text: 'Copy' });
    copy.addEventListener('click', async () => {
      area.select();
      const ok = await copyText(area.value);
      status.textContent = ok ? `${title}: copied to the clipboard.` : `${title}: select the text in the box and copy it (the browser did not allow copying).`;
    });
    const part = h('div', { class: 'embed-part' },
      h('label', { for: id, class: 'embed-title', text: title }), ' ', copy,
      h('p', { class: 'hint', text: note }), area);
    return { part, area };
  };
  const element = box('Element (course pages)', 'element',
    'One script tag and the network inline; add panels="…", readonly, step-through or theme="dark" to the element as you like.');
  const iframe = box('iframe (Moodle, Canvas, … where only iframes are allowed)', 'iframe',
    'The network travels in the link; the script sizes the frame to its content (optional).');
  const fromDisk = h('p', { class: 'hint', text: 'This page was opened from disk: the addresses point at files on this computer. Copy dist/ to your course site and change them to where it is served.', hidden: true });
  const panel = h('div', { class: 'embed-code', role: 'region', 'aria-label': 'Embed code', hidden: true }, fromDisk, element.part, iframe.part, status);

  function fill() {
    const doc = sandbox.getDocument();
    element.area.value = elementSnippet(doc, base);
    iframe.area.value = iframeSnippet(doc, base);
    fromDisk.hidden = !String(base).startsWith('file:');
  }
  toggle.addEventListener('click', () => {
    const open = panel.hidden;
    if (open) fill();
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    status.textContent = open ? 'The snippets embed the network as it is now, weights included.' : '';
  });
  // Keep open snippets current when the network changes.
  sandbox.onDocumentChange?.(() => queueMicrotask(() => { if (!panel.hidden) fill(); }));

  return { button: toggle, panel };
}
