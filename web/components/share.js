// The lesson bar under the toolbar: presets; export and import of the network document as
// a JSON file; a share link carrying the whole document in the URL fragment (session.js);
// the worked solution of the current network (teach/solution.js) as Markdown or as a
// printable page. Also the Undo / Redo buttons, which sandbox.js puts in the toolbar.
//
// Imported files and links come from strangers: their text is parsed as JSON, validated by
// the engine, and never inserted as HTML; a refusal is the engine's message, and the network
// stays as it was.

import { h } from '../dom.js';
import { checkDocumentText, shareLink, MAX_TEXT } from '../session.js';
import { workedSolution } from '../teach/solution.js';
import { createPresetsMenu } from './presets.js';
import { openHtmlDocument } from '../print-view.js';

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
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function createLessonBar(ctx) {
  const presets = createPresetsMenu(ctx);
  const status = h('p', { class: 'lesson-status', role: 'status', 'aria-live': 'polite', dataset: { key: 'lesson-status' } });
  const say = (text, kind = 'ok') => {
    status.textContent = text;
    status.className = `lesson-status ${kind}`;
  };

  // ---- undo / redo (placed in the toolbar) ----
  const undo = h('button', { type: 'button', class: 'icon', dataset: { key: 'undo-all' }, 'aria-label': 'Undo', title: 'Undo the last change of the network (Ctrl+Z)', text: '↶' });
  const redo = h('button', { type: 'button', class: 'icon', dataset: { key: 'redo-all' }, 'aria-label': 'Redo', title: 'Redo (Ctrl+Shift+Z or Ctrl+Y)', text: '↷' });
  undo.addEventListener('click', () => ctx.actions.undo());
  redo.addEventListener('click', () => ctx.actions.redo());
  const undoGroup = h('div', { class: 'tb-group tb-undo', role: 'group', 'aria-label': 'Undo and redo' }, undo, redo);

  // ---- export / import ----
  const exportButton = h('button', { type: 'button', dataset: { key: 'export' }, text: 'Export JSON' });
  exportButton.addEventListener('click', () => {
    download(`${JSON.stringify(ctx.state.doc, null, 2)}\n`, 'network.json', 'application/json');
    say('Exported the network as network.json.');
  });
  const fileInput = h('input', { type: 'file', accept: '.json,application/json', class: 'sr-only', tabindex: '-1', dataset: { key: 'import-file' }, 'aria-hidden': 'true' });
  const importButton = h('button', { type: 'button', dataset: { key: 'import' }, text: 'Import JSON…' });
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
    importText(text, file.name);
  });
  function importText(text, name) {
    const checked = checkDocumentText(ctx.engine, text);
    if (!checked.ok) {
      say(`Not imported: ${name} was refused: ${checked.message}. The network is unchanged.`, 'error');
      return false;
    }
    const outcome = ctx.actions.loadDocument(checked.doc);
    if (!outcome.ok) {
      say(`Not imported: ${name} was refused: ${outcome.message}. The network is unchanged.`, 'error');
      return false;
    }
    say(`Imported ${name}. Undo brings back the network before it.`);
    return true;
  }

  // ---- share link ----
  const shareButton = h('button', { type: 'button', dataset: { key: 'share' }, text: 'Share link' });
  const shareUrl = h('input', { type: 'text', readonly: true, class: 'share-url', 'aria-label': 'share link', dataset: { key: 'share-url' }, hidden: true });
  shareButton.addEventListener('click', async () => {
    const link = shareLink(document.baseURI, ctx.state.doc, ctx.state.example);
    shareUrl.value = link;
    shareUrl.hidden = false;
    shareUrl.select();
    const copied = await copyText(link);
    const size = link.length > 2000 ? ` It is ${link.length.toLocaleString('en-US')} characters long (the whole data set is in it); some chat programs cut long links, a JSON file is safer.` : '';
    say(`${copied ? 'Share link copied to the clipboard' : 'Share link ready: copy it from the box'}; it opens this network, weights included, exactly as it is now.${size}`);
  });

  // ---- worked solution ----
  const solution = (format, extra = {}) => workedSolution(ctx.engine, ctx.state.doc, { format, digits: Math.min(ctx.state.digits, 17), ...extra });
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
      html = solution('html', { katexCss: new URL('katex/katex.min.css', document.baseURI).href });
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

  const el = h('div', { class: 'lesson-bar', role: 'region', 'aria-label': 'Presets, save and share, worked solution' },
    h('div', { class: 'lb-group' }, presets.el),
    h('div', { class: 'lb-group', role: 'group', 'aria-label': 'Save and share' }, exportButton, importButton, fileInput, shareButton),
    h('div', { class: 'lb-group', role: 'group', 'aria-label': 'Worked solution for instructors' }, mdButton, mdCopy, printButton),
    shareUrl,
    status);

  function update() {
    undo.disabled = !ctx.history.canUndo;
    redo.disabled = !ctx.history.canRedo;
    const sizes = ctx.history.sizes;
    undo.title = `Undo the last change of the network (Ctrl+Z): ${sizes.undo} change${sizes.undo === 1 ? '' : 's'} to go back`;
    redo.title = `Redo (Ctrl+Shift+Z or Ctrl+Y): ${sizes.redo} to go forward`;
  }

  return { el, undoGroup, update, importText };
}
