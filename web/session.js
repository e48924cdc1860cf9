// Where the page's network comes from and goes to: share links, the copy kept in
// localStorage across reloads, and JSON files. No DOM; the engine only validates.
//
// Share links carry the whole network document, weights included, in the URL fragment:
//
//   index.html#doc=<base64url of the document's JSON text, UTF-8>[&e=<example>][&view=<view>]
//
// base64url is RFC 4648 §5 (A–Z a–z 0–9 - _, no padding). `e` (optional) is the example the
// page shows when the document is a batch; `view` (optional) the view it opens on. A link
// may also carry only a view (index.html#view=backward): the page opens that view on its
// own network. The fragment never reaches a server. The JSON is
// exactly what "Export JSON" writes, so numbers round-trip exactly (JSON writes the shortest
// text that reads back as the same double).
//
// Everything read here comes from strangers (a link, a file, an old stored value): it is
// parsed as JSON, checked by engine.validate (the engine's own message on refusal), and only
// ever shown as text.

export const STORAGE_KEY = 'backprop-sandbox/state/v1';
/** Bigger files and links are refused before parsing (a page network is a few KB). */
export const MAX_TEXT = 8 * 1024 * 1024;

/** UTF-8 text → base64url. */
export function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let k = 0; k < bytes.length; k += 0x8000) binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url → UTF-8 text; throws an Error with a plain message when it is not. */
export function fromBase64Url(code) {
  if (!/^[A-Za-z0-9_-]*$/.test(code)) throw new Error('it has characters that are not base64url');
  if (code.length % 4 === 1) throw new Error('it is cut short (a base64url text cannot have this length)');
  const b64 = code.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (code.length % 4)) % 4);
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The fragment ("#doc=…&e=…&view=…") of a share link for doc. */
export function shareFragment(doc, example = null, view = null) {
  const e = Number.isInteger(example) && example > 1 ? `&e=${example}` : '';
  const v = typeof view === 'string' && /^[a-z]+$/.test(view) && view !== 'network' ? `&view=${view}` : '';
  return `#doc=${toBase64Url(JSON.stringify(doc))}${e}${v}`;
}

/** A full share link: the page's address without its fragment, then shareFragment. */
export function shareLink(href, doc, example = null, view = null) {
  return href.replace(/#.*$/, '') + shareFragment(doc, example, view);
}

/** The view a location.hash names (#view=backward, or a share link's &view=), or null. */
export function readView(hash) {
  const params = new URLSearchParams(String(hash ?? '').replace(/^#/, ''));
  const view = params.get('view');
  return view && /^[a-z]+$/.test(view) ? view : null;
}

/**
 * Reads a location.hash. Returns null when it carries no document, otherwise
 * { ok: true, text, example } (text: the JSON, still to be validated) or { ok: false, message }.
 */
export function readFragment(hash) {
  const h = String(hash ?? '').replace(/^#/, '');
  if (h === '') return null;
  const params = new URLSearchParams(h);
  if (!params.has('doc')) return null;
  const code = params.get('doc');
  if (code.length > (MAX_TEXT * 4) / 3) return { ok: false, message: 'the link is too long to be a network of this page' };
  let text;
  try {
    text = fromBase64Url(code.trim());
  } catch (err) {
    return { ok: false, message: `the link's #doc= part is not a document: ${err.message}` };
  }
  const e = Number(params.get('e'));
  return { ok: true, text, example: Number.isInteger(e) && e >= 1 ? e : 1 };
}

/**
 * Checks JSON text from a stranger: { ok: true, doc } or { ok: false, message }. The engine
 * has the last word (engine.validate), JSON.parse the first.
 */
export function checkDocumentText(engine, text) {
  if (typeof text !== 'string') return { ok: false, message: 'not text' };
  if (text.length > MAX_TEXT) return { ok: false, message: `it is ${(text.length / 1048576).toFixed(1)} MB, more than a network of this page can be` };
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `not JSON (${err.message})` };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { ok: false, message: 'not a network document: the JSON is not an object' };
  }
  const problem = engine.validate(text);
  if (problem) return { ok: false, message: problem.message };
  return { ok: true, doc };
}

/** Saves the page's state; returns null, or a message when the browser refuses. */
export function saveState(storage, doc, example = 1) {
  if (!storage) return null;
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, doc, example }));
    return null;
  } catch (err) {
    return `the network could not be saved in this browser (${err?.message ?? err})`;
  }
}

/**
 * The saved state: null when there is none, { ok: true, doc, example } or
 * { ok: false, message } when the stored value is unusable.
 */
export function loadState(storage, engine) {
  let raw;
  try {
    raw = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null; // storage disabled: nothing saved
  }
  if (raw === null) return null;
  let saved;
  try {
    saved = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'the stored value is not JSON' };
  }
  if (!saved || saved.version !== 1 || typeof saved.doc !== 'object' || saved.doc === null) {
    return { ok: false, message: 'the stored value is not a saved network of this page' };
  }
  const problem = engine.validate(saved.doc);
  if (problem) return { ok: false, message: problem.message };
  const e = Number.isInteger(saved.example) && saved.example >= 1 ? saved.example : 1;
  return { ok: true, doc: saved.doc, example: e };
}

/**
 * The network the page opens on: the share link's, else the saved one, else the default.
 * Returns { doc, example, source: 'link' | 'saved' | 'default', messages: string[] }.
 */
export function startingState(engine, { hash, storage, fallback }) {
  const messages = [];
  const link = readFragment(hash);
  if (link) {
    if (link.ok) {
      const checked = checkDocumentText(engine, link.text);
      if (checked.ok) return { doc: checked.doc, example: link.example, source: 'link', messages };
      messages.push(`The share link's network could not be opened: ${checked.message}.`);
    } else {
      messages.push(`The share link could not be opened: ${link.message}.`);
    }
  }
  const saved = loadState(storage, engine);
  if (saved?.ok) {
    if (messages.length) messages[0] += ' Showing the network saved in this browser instead.';
    return { doc: saved.doc, example: saved.example, source: 'saved', messages };
  }
  if (saved && !saved.ok) messages.push(`The network saved in this browser was ignored: ${saved.message}.`);
  if (messages.length) messages[messages.length - 1] += ' Showing the default network.';
  return { doc: fallback, example: 1, source: 'default', messages };
}
