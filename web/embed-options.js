// Options for embedded sandboxes (the <backprop-sandbox> element and dist/embed.html):
// which parts of the page to show (`panels`) and a read-only mode (`readonly`). sandbox.js
// calls applyEmbedOptions once, after it has laid the page out; everything here works on
// the parts it is given and on ctx, never on global ids.

/** The names `panels` accepts, in page order; aliases map to them. */
export const PANEL_NAMES = Object.freeze([
  'toolbar', 'lessons', 'diagram', 'stepthrough', 'check', 'equations', 'structure',
  'forward', 'backward', 'gradients', 'gradcheck', 'step', 'training',
]);
const ALIASES = {
  network: 'diagram', selection: 'equations', 'step-through': 'stepthrough', 'check-answer': 'check',
  'gradient-check': 'gradcheck', descent: 'step', lesson: 'lessons', 'lesson-bar': 'lessons',
};

/**
 * Reads a panels list ("diagram, gradients" or an array). Returns { names, unknown }: the
 * known names in page order (null for "all"), and the words that name nothing.
 */
export function parsePanels(value) {
  if (value === null || value === undefined) return { names: null, unknown: [] };
  const words = (Array.isArray(value) ? value : String(value).split(/[\s,]+/))
    .map((w) => String(w).trim().toLowerCase()).filter(Boolean);
  if (words.length === 0 || words.includes('all')) return { names: null, unknown: [] };
  const wanted = new Set();
  const unknown = [];
  for (const w of words) {
    const name = ALIASES[w] ?? w;
    if (PANEL_NAMES.includes(name)) wanted.add(name);
    else unknown.push(w);
  }
  return { names: PANEL_NAMES.filter((n) => wanted.has(n)), unknown };
}

// Actions that change the network document: refused in read-only mode. Selecting, hovering,
// the digits, the diagram's mode, the example of a batch, step-through, Run and the planted
// bugs only change what is shown, and stay.
const EDITING_ACTIONS = [
  'edit', 'setLearningRate', 'step', 'undoStep', 'undo', 'redo', 'loadDocument', 'trainingUpdate',
  'setUnits', 'insertLayer', 'removeLayer', 'setActivation', 'setLoss', 'reinitialise', 'reset',
];

/**
 * parts: { toolbar, lessons, diagram, ..., skips, side } (elements of the laid-out page).
 * options.panels: list of names (see parsePanels); options.readonly: boolean.
 * Returns { destroy() }.
 */
export function applyEmbedOptions(root, ctx, options, parts) {
  const cleanups = [];
  const { names } = parsePanels(options.panels);
  if (names) {
    const keep = new Set(names);
    if (options.stepThrough) keep.add('stepthrough'); // its controls live in that panel
    for (const name of PANEL_NAMES) if (!keep.has(name)) parts[name]?.remove();
    if (parts.side && parts.side.children.length === 0) parts.side.remove();
    // Skip links whose target is gone go too.
    parts.skips?.remove();
    root.classList.add('bp-some-panels');
  }
  if (options.readonly) {
    root.classList.add('is-readonly');
    // Components call ctx.actions.* when the learner acts: those that edit are refused.
    // (The sandbox's own API, setDocument, does not go through ctx.actions.)
    const all = ctx.actions;
    const refused = () => ({ ok: false, message: 'this sandbox is read-only' });
    const guarded = { ...all };
    for (const name of EDITING_ACTIONS) if (name in guarded) guarded[name] = refused;
    ctx.actions = guarded;
    // Parameter fields stay focusable and selectable (inspection), but cannot be typed in;
    // the arrow keys and the wheel do not nudge them.
    const lock = () => {
      for (const input of root.querySelectorAll('input.field, input.seed')) {
        if (!input.readOnly) { input.readOnly = true; input.setAttribute('aria-readonly', 'true'); }
      }
    };
    lock();
    const observer = new MutationObserver(lock);
    observer.observe(root, { childList: true, subtree: true });
    const stopNudges = (e) => {
      const t = e.target;
      if (!(t instanceof HTMLInputElement) || !t.readOnly || !t.classList.contains('field')) return;
      if (e.type === 'wheel' || e.key === 'ArrowUp' || e.key === 'ArrowDown') e.stopPropagation();
    };
    root.addEventListener('keydown', stopNudges, true);
    root.addEventListener('wheel', stopNudges, true);
    cleanups.push(() => observer.disconnect());
  }
  return { destroy() { for (const fn of cleanups) fn(); } };
}
