// What an embedded sandbox shows (the <backprop-sandbox> element and dist/embed.html): which
// views, and which of the other parts (the bar, the walkthrough and gradient step in it, the
// explanation, the check). Pure functions.
//
//   views="network,gradients"   the views offered, as tabs (default: the network alone)
//   panels="diagram,forward"    the older attribute, still read: its names map onto views and
//                               parts (below), so course pages written for it keep working
//
// The default is compact, about one screen: the bar, the network, the explanation and the
// check. Words that name nothing are reported (the element shows them on itself).

import { VIEWS } from './store.js';

/** The older `panels` names, in their page order, and what each became. */
export const PANEL_NAMES = Object.freeze([
  'toolbar', 'lessons', 'diagram', 'stepthrough', 'check', 'equations', 'structure',
  'forward', 'backward', 'gradients', 'gradcheck', 'step', 'training',
]);
const PANEL_MAP = {
  toolbar: { parts: ['bar', 'walk', 'step'] },
  lessons: { views: ['instructor'] },
  diagram: { views: ['network'] },
  stepthrough: { parts: ['bar', 'walk', 'explain'] },
  check: { parts: ['check'] },
  equations: { parts: ['explain'] },
  structure: { views: ['instructor'] },
  forward: { views: ['forward'] },
  backward: { views: ['backward'] },
  gradients: { views: ['gradients'] },
  gradcheck: { views: ['gradcheck'] },
  step: { views: ['training'], parts: ['step'] },
  training: { views: ['training'] },
};
const PANEL_ALIASES = {
  network: 'diagram', selection: 'equations', 'step-through': 'stepthrough', 'check-answer': 'check',
  'gradient-check': 'gradcheck', descent: 'step', lesson: 'lessons', 'lesson-bar': 'lessons',
};
const VIEW_ALIASES = { diagram: 'network', 'gradient-check': 'gradcheck', lessons: 'instructor', tools: 'instructor' };

/** The default of an element without `views` or `panels`: compact. */
export const DEFAULT_EMBED = Object.freeze({ views: ['network'], parts: ['bar', 'walk', 'step', 'explain', 'check'] });

const words = (value) => (Array.isArray(value) ? value : String(value).split(/[\s,]+/))
  .map((w) => String(w).trim().toLowerCase()).filter(Boolean);

/**
 * Reads the older panels list ("diagram, gradients" or an array). Returns { names, unknown }:
 * the known names in page order (null for "all"), and the words that name nothing.
 */
export function parsePanels(value) {
  if (value === null || value === undefined) return { names: null, unknown: [] };
  const list = words(value);
  if (list.length === 0 || list.includes('all')) return { names: null, unknown: [] };
  const wanted = new Set();
  const unknown = [];
  for (const w of list) {
    const name = PANEL_ALIASES[w] ?? w;
    if (PANEL_NAMES.includes(name)) wanted.add(name);
    else unknown.push(w);
  }
  return { names: PANEL_NAMES.filter((n) => wanted.has(n)), unknown };
}

/** Reads a views list. Returns { views, unknown } (views in tab order; null for "all"). */
export function parseViews(value) {
  if (value === null || value === undefined) return { views: null, unknown: [] };
  const list = words(value);
  if (list.includes('all')) return { views: [...VIEWS], unknown: [] };
  const wanted = new Set();
  const unknown = [];
  for (const w of list) {
    const name = VIEW_ALIASES[w] ?? w;
    if (VIEWS.includes(name)) wanted.add(name);
    else unknown.push(w);
  }
  return { views: VIEWS.filter((v) => wanted.has(v)), unknown };
}

/**
 * What an embed shows, from its `views` and `panels` attributes (null when absent):
 * { views, parts, problems } — problems: sentences naming each word that names nothing.
 */
export function embedLayout(viewsAttr, panelsAttr) {
  const problems = [];
  const v = parseViews(viewsAttr);
  const p = parsePanels(panelsAttr);
  if (v.unknown.length) problems.push(`views="${viewsAttr}": ${v.unknown.map((w) => `“${w}”`).join(', ')} ${v.unknown.length === 1 ? 'is not a view' : 'are not views'}; the views are ${VIEWS.join(', ')}.`);
  if (p.unknown.length) problems.push(`panels="${panelsAttr}": ${p.unknown.map((w) => `“${w}”`).join(', ')} ${p.unknown.length === 1 ? 'is not a panel' : 'are not panels'}; the panels are ${PANEL_NAMES.join(', ')} (or use views=).`);
  if (p.names === null && panelsAttr !== null && panelsAttr !== undefined) {
    // panels="all" (or empty): every view and part, as before.
    return { views: v.views ?? [...VIEWS], parts: [...DEFAULT_EMBED.parts], problems };
  }
  // Nothing that was asked for names anything: the default, with the problem said above it.
  const nothingKnown = (v.views !== null && v.views.length === 0) && (p.names === null || p.names.length === 0);
  if (nothingKnown || (v.views === null && p.names !== null && p.names.length === 0)) {
    return { views: [...DEFAULT_EMBED.views], parts: [...DEFAULT_EMBED.parts], problems };
  }
  if (p.names === null) return { views: v.views ?? [...DEFAULT_EMBED.views], parts: [...DEFAULT_EMBED.parts], problems };
  const views = new Set(v.views ?? []);
  const parts = new Set();
  for (const name of p.names) {
    for (const x of PANEL_MAP[name].views ?? []) views.add(x);
    for (const x of PANEL_MAP[name].parts ?? []) parts.add(x);
  }
  return { views: VIEWS.filter((x) => views.has(x)), parts: [...parts], problems };
}
