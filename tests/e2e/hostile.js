// Shared by the hostile-input specs (xss, pollution, bounds, numbers, instances): the
// payloads, a valid document to start from, share-link fragments, and checks that run in
// the page: nothing executed, no markup made from the payloads, Object.prototype untouched.
import { expect } from '@playwright/test';

/** Script-injection payloads: HTML, a closing script tag, a javascript: URL, a template, an attribute break-out. */
export const PAYLOADS = [
  '<img src=x onerror=window.__pwned=1>',
  '</script><script>window.__pwned=1</script>',
  'javascript:window.__pwned=1',
  "{{constructor.constructor('window.__pwned=1')()}}",
  '"><svg onload=window.__pwned=1>',
];

/** A valid 2-2-2 document (not the page's default, so a change shows). */
export const BASE_DOC = Object.freeze({
  layers: [2, 2, 2],
  activations: ['tanh', 'sigmoid'],
  loss: 'mse',
  weights: [[[0.3, -0.2], [0.5, 0.1]], [[0.2, -0.7], [0.9, 0.3]]],
  biases: [[0.1, -0.1], [0, 0.2]],
  input: [0.7, -1.2],
  target: [0.2, 0.8],
  learningRate: 0.3,
  weightDecay: 0,
  seed: 1,
});

export const baseDoc = (changes = {}) => ({ ...structuredClone(BASE_DOC), ...changes });

/**
 * Every string-bearing place of a document, each filled with `p`: the string fields, string
 * values where numbers belong, and keys (top level and nested). As JSON text, so that keys
 * such as "__proto__" stay plain keys.
 */
export function payloadDocuments(p) {
  const d = BASE_DOC;
  const text = (obj) => JSON.stringify(obj);
  const withKey = (key, value) => {
    const obj = structuredClone(d);
    const json = text(obj);
    return `${json.slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(value)}}`;
  };
  return [
    ['activations (one name)', text(baseDoc({ activations: p }))],
    ['activations[0]', text(baseDoc({ activations: [p, 'sigmoid'] }))],
    ['activations[1]', text(baseDoc({ activations: ['tanh', p] }))],
    ['loss', text(baseDoc({ loss: p }))],
    ['layers[1] as a string', text(baseDoc({ layers: [2, p, 2] }))],
    ['weights[0][0][0] as a string', text(baseDoc({ weights: [[[p, 0], [0, 0]], d.weights[1]] }))],
    ['biases[1] as a string', text(baseDoc({ biases: [d.biases[0], p] }))],
    ['input[0] as a string', text(baseDoc({ input: [p, 0] }))],
    ['target as a string', text(baseDoc({ target: p }))],
    ['learningRate as a string', text(baseDoc({ learningRate: p }))],
    ['seed as a string', text(baseDoc({ seed: p }))],
    ['an unknown key, the payload as its value', withKey('note', p)],
    ['the payload as a key', withKey(p, 1)],
    ['the payload as a key inside weights', text(baseDoc({ weights: { [p]: 1 } }))],
    ['the payload as the whole document', JSON.stringify(p)],
    ['the payload as text (not JSON)', p],
  ];
}

/** base64url of UTF-8 text, as share links write it. */
export const base64url = (text) => Buffer.from(text, 'utf8').toString('base64url');

/**
 * In the page (and every same-origin frame, and every shadow root): whether anything ran or
 * any markup was made from a payload. Returns { pwned, elements: [...] }.
 */
export async function injected(page) {
  const results = [];
  for (const frame of page.frames()) {
    results.push(await frame.evaluate(() => {
      const found = [];
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          const tag = el.localName;
          if (tag === 'img' && el.getAttribute('src') === 'x') found.push('img src=x');
          if (tag === 'svg' && el.hasAttribute('onload')) found.push('svg onload');
          // (A JSON data block holding the text is inert: embed.js hands the fragment's text to the element that way.)
          if (tag === 'script' && el.type !== 'application/json' && /__pwned/.test(el.textContent)) found.push('script with the payload');
          for (const a of Array.from(el.attributes)) {
            if (/^on/i.test(a.name)) found.push(`${tag}[${a.name}]`);
            // On built-in elements only: <backprop-sandbox src="…"> is fetched (a javascript: URL fails), never navigated.
            if (!tag.includes('-') && /^\s*javascript:/i.test(a.value) && /^(href|src|action|formaction|xlink:href)$/i.test(a.name)) found.push(`${tag}[${a.name}=javascript:]`);
          }
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return { pwned: window.__pwned, found };
    }).catch(() => ({ pwned: undefined, found: [] })));
  }
  return { pwned: results.find((r) => r.pwned !== undefined)?.pwned, elements: results.flatMap((r) => r.found) };
}

export async function expectNothingRan(page, what = '') {
  expect(await injected(page), what).toEqual({ pwned: undefined, elements: [] });
}

/** In the page: properties that pollution would add to the built-in prototypes. */
export function pollutionIn(page) {
  return page.evaluate(() => {
    const probes = ['polluted', 'isAdmin', 'layers', 'weights', 'activations', 'toString2'];
    const hits = [];
    for (const [name, proto] of [['Object', Object.prototype], ['Array', Array.prototype], ['Function', Function.prototype]]) {
      for (const key of probes) if (Object.prototype.hasOwnProperty.call(proto, key)) hits.push(`${name}.prototype.${key}`);
    }
    if (({}).polluted !== undefined) hits.push('({}).polluted');
    return hits;
  });
}

/** The page's J (the one in the bar) and document, to show that nothing changed. */
export async function pageState(page) {
  return page.evaluate(() => ({ doc: window.backpropSandbox.getDocument(), J: window.backpropSandbox.state.result?.loss }));
}

/** Documents with keys that mean something to JavaScript objects: [name, JSON text]. */
export function pollutingDocuments() {
  const base = JSON.stringify(BASE_DOC);
  const withMember = (member) => `${base.slice(0, -1)},${member}}`;
  return [
    ['__proto__', withMember('"__proto__":{"polluted":"yes","isAdmin":true}')],
    ['__proto__ with document fields', withMember('"__proto__":{"layers":[9,9,9],"weights":[],"polluted":1}')],
    ['constructor.prototype', withMember('"constructor":{"prototype":{"polluted":"yes"}}')],
    ['prototype', withMember('"prototype":{"polluted":"yes"}')],
    ['all three, __proto__ first', `{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"prototype":{"polluted":3},${base.slice(1)}`],
    ['__proto__ inside weights (refused)', base.replace(/"weights":\[.*?\]\]\]/, '"weights":{"__proto__":{"polluted":1}}')],
    ['__proto__ in place of an example (refused)', base.replace(/"input":\[[^\]]*\]/, '"input":[{"__proto__":{"polluted":1}},0]')],
  ];
}
