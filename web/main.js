// The page's entry point (bundled into one classic script, so the page also works opened
// from disk as file://). Loads the WebAssembly engine and mounts the sandbox in #app.

import { loadEngine } from '../bindings/browser.js';
import { createSandbox } from './sandbox.js';

const root = document.getElementById('app');

loadEngine()
  .then((engine) => {
    const sandbox = createSandbox(root, engine);
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
