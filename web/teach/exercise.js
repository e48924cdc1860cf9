// Per-student backprop exercises: a network whose numbers are pleasant to work by hand, drawn
// from a seed and the student's id (the same seed and id always give the same network), and
// the printable sheet that asks for its forward and backward pass.
//
// Pleasant: every parameter and input has one decimal (0.1 ... 0.9 in size, never 0), the
// targets too, and the draw is repeated until nothing is degenerate:
//   - every z_i^(l) has 0.05 <= |z| <= 3 (no saturated sigmoid, no unit at a ReLU's kink, and
//     with ReLU-like hidden units z > 0, so that no δ is 0 by the kink alone);
//   - every |δ_i^(l)| >= 0.001 and every output misses its target by >= 0.05, so that every
//     gradient has digits to compute;
//   - the rows of each W^(l) differ (no two units of a layer alike) and, where W^(l) is square,
//     the recursion with W^(l) in place of (W^(l))^T gives a δ^(l) at least 5 % off: a learner
//     who forgets the transpose gets a different answer, not the right one by luck.
// The checks use the engine's pass (the planted bug W-instead-of-WT for the last one).
// Pure functions of (engine, options): no DOM, no file system.
import { escapeHtml } from './solution.js';

export const EXERCISE_ACTIVATIONS = Object.freeze(['sigmoid', 'tanh', 'relu', 'leaky-relu']);
const MAX_DRAWS = 10_000;

/** FNV-1a, 32 bits, of a string: the student's stream from the seed and the id. */
function hash32(text) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A small deterministic generator (xorshift32 on a nonzero state): uniform integers. */
function generator(seed) {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return {
    /** An integer in [lo, hi]. */
    int: (lo, hi) => lo + (next() % (hi - lo + 1)),
    /** ±0.1 ... ±0.9 (or 0.1 ... 0.9 when positive): one decimal, never 0. */
    tenth(positive = false) {
      const v = this.int(1, 9) / 10;
      return positive || next() % 2 ? v : -v;
    },
  };
}

const rowsDiffer = (W) => W.every((row, i) => W.every((other, k) => k <= i || row.some((w, j) => w !== other[j])));

/** Whether a drawn network is free of the degenerate cases above. */
function pleasant(engine, doc, activation) {
  const net = engine.createNetwork(doc);
  try {
    const pass = net.run();
    const L = doc.layers.length;
    for (let l = 2; l <= L; ++l) {
      const { z, delta } = pass.layers[l - 1];
      const reluLike = activation === 'relu' || activation === 'leaky-relu';
      if (z.some((v) => Math.abs(v) < 0.05 || Math.abs(v) > 3 || (reluLike && v <= 0))) return false;
      if (delta.some((v) => Math.abs(v) < 1e-3)) return false;
    }
    const out = pass.layers[L - 1].a;
    if (out.some((a, k) => Math.abs(a - doc.target[k]) < 0.05)) return false;
    if (!doc.weights.every(rowsDiffer)) return false;
    // (the engine runs that bug only when every W^(l) of the recursion, l = 2 .. L-1, is
    // square; otherwise its shapes do not fit, and no learner can forget the transpose unseen)
    const recursion = doc.weights.slice(1);
    if (recursion.length > 0 && recursion.every((W) => W.length === W[0].length)) {
      net.plantedBug = 'W-instead-of-WT';
      const wrong = net.run();
      for (let l = 2; l < L; ++l) {
        const right = pass.layers[l - 1].delta;
        const off = wrong.layers[l - 1].delta.map((v, i) => Math.abs(v - right[i]) / Math.abs(right[i]));
        if (Math.max(...off) < 0.05) return false;
      }
    }
    return true;
  } finally {
    net.dispose();
  }
}

/**
 * The exercise network of one student: { doc, draws } (draws: how many networks were drawn
 * before a pleasant one). Options: seed (a whole number), id (the student's id; any text),
 * layers (default [2, 2, 2]), activation (of every layer, default 'sigmoid'; the loss is mse).
 */
export function exerciseDocument(engine, { seed, id, layers = [2, 2, 2], activation = 'sigmoid' }) {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a whole number >= 0, got ${String(seed)}`);
  if (typeof id !== 'string' || id === '') throw new TypeError('id must be a non-empty string');
  if (!EXERCISE_ACTIVATIONS.includes(activation)) throw new RangeError(`activation must be one of ${EXERCISE_ACTIVATIONS.join(', ')}, got "${String(activation)}"`);
  if (!Array.isArray(layers) || layers.length < 2 || layers.length > 4 || layers.some((n) => !Number.isInteger(n) || n < 1 || n > 4)) {
    throw new RangeError(`layers must be 2 to 4 layers of 1 to 4 units (a network to work by hand), got ${JSON.stringify(layers)}`);
  }
  const rng = generator(hash32(`${seed}\u0000${id}`));
  const positiveTargets = activation === 'sigmoid';
  for (let draws = 1; draws <= MAX_DRAWS; ++draws) {
    const doc = {
      layers: [...layers],
      activations: activation,
      loss: 'mse',
      weights: layers.slice(1).map((n, k) => Array.from({ length: n }, () => Array.from({ length: layers[k] }, () => rng.tenth()))),
      biases: layers.slice(1).map((n) => Array.from({ length: n }, () => rng.int(1, 5) / 10 * (rng.int(0, 1) ? 1 : -1))),
      input: Array.from({ length: layers[0] }, () => rng.tenth()),
      target: Array.from({ length: layers.at(-1) }, () => rng.tenth(positiveTargets)),
      learningRate: 0.5,
      seed,
    };
    if (pleasant(engine, doc, activation)) return { doc, draws };
  }
  throw new Error(`no pleasant ${layers.join('-')} ${activation} network in ${MAX_DRAWS} draws: try other layers`);
}

// ---- the printable sheet ----------------------------------------------------------------------

const symbol = (name, l, sub = '') => `${name}${sub ? `<sub>${sub}</sub>` : ''}<sup>(${l})</sup>`;

function matrixTable(caption, rows) {
  const body = rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(String(v))}</td>`).join('')}</tr>`).join('');
  return `<figure class="m"><figcaption>${caption} =</figcaption><table class="matrix"><tbody>${body}</tbody></table></figure>`;
}

function blanks(caption, rows, cols) {
  const row = `<tr>${'<td class="blank"></td>'.repeat(cols)}</tr>`;
  return `<figure class="m"><figcaption>${caption} =</figcaption><table class="matrix answer"><tbody>${row.repeat(rows)}</tbody></table></figure>`;
}

const SHEET_CSS = `
body { font: 11pt/1.45 system-ui, sans-serif; color: #111; margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.35rem; margin: 0 0 0.2rem; }
h2 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
.who { color: #333; margin: 0 0 1rem; }
.row { display: flex; flex-wrap: wrap; gap: 0.6rem 1.6rem; align-items: center; }
figure.m { display: inline-flex; align-items: center; gap: 0.4rem; margin: 0.2rem 0; }
figcaption { white-space: nowrap; }
table.matrix { border-collapse: collapse; border-left: 2px solid #111; border-right: 2px solid #111; }
table.matrix td { padding: 0.15rem 0.5rem; text-align: right; font-variant-numeric: tabular-nums; }
table.answer td.blank { width: 5.5rem; height: 1.6rem; border-bottom: 1px solid #999; }
ol { padding-left: 1.3rem; }
li { margin: 0.5rem 0; }
.link { font-size: 0.85rem; word-break: break-all; }
footer { margin-top: 1.5rem; font-size: 0.8rem; color: #555; }
@media print { main { padding: 0; } a { color: #111; } }
`;

/**
 * A standalone HTML page that runs nothing (its CSP allows no script, no request): title
 * (plain text, escaped), its stylesheet, and the body's markup (built by the caller, every
 * text in it escaped).
 */
export function standalonePage(title, css, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * The exercise sheet of one student: a standalone printable HTML page with the network's
 * numbers, the questions in the notes' order, boxes for the answers, and the link that opens
 * the same network in the sandbox, where "Check your value" checks each answer.
 */
export function exerciseSheet(doc, { name, id, link, title = 'Backpropagation by hand' }) {
  const L = doc.layers.length;
  const f = doc.activations;
  const params = [];
  for (let l = 1; l < L; ++l) {
    params.push(`<div class="row">${matrixTable(symbol('W', l), doc.weights[l - 1])}${matrixTable(symbol('b', l), doc.biases[l - 1].map((v) => [v]))}</div>`);
  }
  const col = (v) => v.map((x) => [x]);
  const forward = [];
  for (let l = 2; l <= L; ++l) forward.push(`${symbol('z', l)} = W<sup>(${l - 1})</sup> a<sup>(${l - 1})</sup> + b<sup>(${l - 1})</sup> and ${symbol('a', l)} = f(${symbol('z', l)})<div class="row">${blanks(symbol('z', l), doc.layers[l - 1], 1)}${blanks(symbol('a', l), doc.layers[l - 1], 1)}</div>`);
  const backward = [`${symbol('δ', L)} = (a<sup>(${L})</sup> − y) ∘ f′(z<sup>(${L})</sup>)<div class="row">${blanks(symbol('δ', L), doc.layers[L - 1], 1)}</div>`];
  for (let l = L - 1; l >= 2; --l) backward.push(`${symbol('δ', l)} = (W<sup>(${l})</sup>)<sup>T</sup> δ<sup>(${l + 1})</sup> ∘ f′(z<sup>(${l})</sup>)<div class="row">${blanks(symbol('δ', l), doc.layers[l - 1], 1)}</div>`);
  const gradients = [];
  for (let l = L - 1; l >= 1; --l) {
    gradients.push(`∂J/∂W<sup>(${l})</sup> = δ<sup>(${l + 1})</sup> (a<sup>(${l})</sup>)<sup>T</sup> and ∂J/∂b<sup>(${l})</sup> = δ<sup>(${l + 1})</sup><div class="row">${blanks(`∂J/∂${symbol('W', l)}`, doc.layers[l], doc.layers[l - 1])}${blanks(`∂J/∂${symbol('b', l)}`, doc.layers[l], 1)}</div>`);
  }
  const questions = [
    ...forward,
    `J = ½ ‖a<sup>(${L})</sup> − y‖² <div class="row">${blanks('J', 1, 1)}</div>`,
    ...backward,
    ...gradients,
    `One gradient step with α = ${escapeHtml(String(doc.learningRate))}: W<sup>(1)</sup> − α ∂J/∂W<sup>(1)</sup><div class="row">${blanks(`new ${symbol('W', 1)}`, doc.layers[1], doc.layers[0])}</div>`,
  ];
  return standalonePage(`${title}: ${name}`, SHEET_CSS, `<main>
<h1>${escapeHtml(title)}</h1>
<p class="who">${escapeHtml(name)} (${escapeHtml(id)})</p>
<p>A ${doc.layers.join('-')} network with f = ${escapeHtml(f)} in every layer after the input and the loss J = ½ ‖a<sup>(${L})</sup> − y‖². Layers are numbered from 1 (the input); W<sup>(l)</sup> has s<sub>l+1</sub> rows and s<sub>l</sub> columns.</p>
<h2>The network</h2>
${params.join('\n')}
<div class="row">${matrixTable(`x = ${symbol('a', 1)}`, col(doc.input))}${matrixTable('y', col(doc.target))}</div>
<h2>Work out, to 4 significant digits</h2>
<ol>
${questions.map((q) => `<li>${q}</li>`).join('\n')}
</ol>
<h2>Check your answers</h2>
<p>Open this link: the sandbox shows your network, and <em>Check your value</em> checks each answer at the digits you give, naming the usual slips.</p>
<p class="link"><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>
<footer>Backprop Sandbox exercise, seed ${escapeHtml(String(doc.seed))}.</footer>
</main>`);
}
