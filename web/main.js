// The page's entry point (bundled into one classic script, so the page also works opened
// from disk as file://). Loads the WebAssembly engine and mounts the sandbox in #app.

import { loadEngine } from '../bindings/browser.js';
import { createSandbox } from './sandbox.js';
import { startingState, readFragment, checkDocumentText } from './session.js';
import { DEFAULT_DOCUMENT } from './network-doc.js';
import { createEmbedCode } from './components/embed-code.js';

const root = document.getElementById('app');

loadEngine()
  .then((engine) => {
    // A share link (#doc=…) wins over the copy saved in this browser, which wins over the
    // default network; whatever cannot be read is said in the banner (session.js).
    let storage = null;
    try { storage = window.localStorage; } catch { /* storage disabled: no saving */ }
    const start = startingState(engine, { hash: location.hash, storage, fallback: DEFAULT_DOCUMENT });
    const sandbox = createSandbox(root, engine, { document: start.doc, example: start.example, messages: start.messages, storage });
    // The link has been read: drop it from the address, so that a reload shows the current
    // (saved) state rather than the link's again.
    const dropFragment = () => { try { history.replaceState(null, '', location.href.replace(/#.*$/, '')); } catch { /* file:// in some browsers */ } };
    if (readFragment(location.hash)) dropFragment();
    // A link pasted into this tab's address bar: load it (undoably).
    window.addEventListener('hashchange', () => {
      const link = readFragment(location.hash);
      if (!link) return;
      const checked = link.ok ? checkDocumentText(engine, link.text) : link;
      if (checked.ok) sandbox.loadDocument(checked.doc, { example: link.example });
      else sandbox.showMessage(`The share link could not be opened: ${checked.message}. The network is unchanged.`);
      dropFragment();
    });
    // "Embed code…": the element and iframe snippets for the current network (the page only,
    // not embeds): the button beside "Share link", its panel in a row of the lesson bar.
    const embedCode = createEmbedCode(sandbox);
    const share = root.querySelector('[data-key="share"]');
    if (share) share.after(embedCode.button); else root.querySelector('.lesson-bar')?.append(embedCode.button);
    root.querySelector('.lesson-bar .lesson-status')?.before(embedCode.panel);
    if (!embedCode.panel.isConnected) embedCode.button.after(embedCode.panel);
    // For the console and for scripted demos: backpropSandbox.setDocument({...}).
    window.backpropSandbox = sandbox;
    document.documentElement.dataset.ready = 'true';
  })
  .catch((err) => {
    const p = document.createElement('p');
    p.className = 'load-error';
    p.textContent = `The engine could not be loaded: ${err && err.message ? err.message : err}`;
    root.replaceChildren(p);
    document.documentElement.dataset.ready = 'error';
    console.error(err);
  });
