// dist/embed.html: the sandbox alone on a page, for course platforms that only allow iframes
// (Moodle, Canvas, ...). Bundled into the classic script dist/embed.js, loaded after
// dist/backprop-sandbox.js (the element does the work).
//
//   embed.html?views=network,gradients&readonly&theme=dark&walk#doc=<base64url JSON>
//
// (the older panels= and step-through are read too, with the element's meanings)
//
// The network comes from the URL fragment in the share-link format (session.js: #doc= the
// document's JSON text as base64url); ?preset=<name> or ?src=<url> are read when there is no
// fragment. The page posts its height to the parent whenever it changes:
//
//   { type: 'backprop-sandbox:height', height: <CSS pixels> }
//
// so that the host page can size the iframe (README, "Embed in your course").

import { readFragment } from './session.js';

export const HEIGHT_MESSAGE = 'backprop-sandbox:height';

const params = new URLSearchParams(location.search);
const on = (name) => params.has(name) && !/^(0|false|no|off)$/i.test(params.get(name));

function problem(text) {
  const p = document.createElement('p');
  p.className = 'embed-problem';
  p.setAttribute('role', 'alert');
  p.textContent = text;
  return p;
}

const el = document.createElement('backprop-sandbox');
for (const name of ['views', 'panels', 'theme', 'preset', 'src']) {
  const value = params.get(name);
  if (value !== null && value !== '') el.setAttribute(name, value);
}
if (on('readonly')) el.setAttribute('readonly', '');
if (on('walk') || on('step-through') || on('stepThrough')) el.setAttribute('walk', '');

const link = readFragment(location.hash);
const notes = [];
if (link?.ok) {
  // The element parses and validates it (the engine's message if it is refused).
  const json = document.createElement('script');
  json.type = 'application/json';
  json.textContent = link.text;
  el.append(json);
} else if (link && !link.ok) {
  notes.push(problem(`The link's network could not be read: ${link.message}. Showing the default network.`));
}

const app = document.getElementById('app') ?? document.body;
app.replaceChildren(...notes, el);

// A new fragment (the host changed the iframe's src): load it into the same element.
window.addEventListener('hashchange', () => {
  const next = readFragment(location.hash);
  if (!next) return;
  try {
    if (!next.ok) throw new Error(next.message);
    el.document = next.text;
    for (const n of app.querySelectorAll('.embed-problem')) n.remove();
  } catch (err) {
    app.prepend(problem(`The link's network could not be opened: ${err.message}. The network is unchanged.`));
  }
});

// ---- height for the parent page ------------------------------------------------------------

let lastHeight = -1;
function postHeight() {
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  if (height === lastHeight) return;
  lastHeight = height;
  document.documentElement.dataset.height = String(height);
  if (window.parent !== window) window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
}
if (typeof ResizeObserver !== 'undefined') new ResizeObserver(postHeight).observe(document.body);
window.addEventListener('load', postHeight);
el.ready.then(() => {
  document.documentElement.dataset.ready = 'true';
  postHeight();
}, () => {
  document.documentElement.dataset.ready = 'error';
  postHeight();
});
