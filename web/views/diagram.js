// The network diagram (SVG), readable without hovering. Layers are columns of units with
// their values: a_j^(l) ("values"), or delta_j^(l) ("gradients"; the input layer has no
// delta and keeps a^(1), uncoloured). One edge per weight W_ij^(l), from unit j of layer l to
// unit i of layer l+1, and one per bias b_i^(l) from the "+1" unit under layer l, each with
// its number where it fits (W and b, or ∂J/∂W and ∂J/∂b), coloured by sign, dashed when
// negative and as wide as its magnitude. Units and edges have a colour scale each, and a
// legend each that covers the values shown.
//
// Clicking or tapping selects the unit under the pointer, else the edge nearest to it (in the
// drawing's own coordinates, so that a slide scaled by a CSS transform hits the right one).
// A fingertip covers more than one edge where edges meet or cross: a tap selects the nearest,
// and when others lie under the finger too, a row of buttons beside it offers each of them,
// each big enough for a finger.
// In the walkthrough the units show the quantity the step is about, values not yet revealed
// show "?", and the reveal sends a along the edges (forward) or delta back along them
// (backward), unless the learner prefers reduced motion.

import { h, s, clear, uid, setText, cssScale } from '../dom.js';
import { formatNumber, sym, quantityLabel } from '../notation.js';
import { divergingColor, textOn, maxAbs, normalise } from '../color.js';
import { relation } from '../selection.js';
import { stepRole } from '../walk.js';
import { hooks, UNKNOWN, markWarnings } from './cells.js';
import { valueOf } from './shared.js';
import { tooLargeToDraw } from './summary.js';

const NODE_H = 44;
const TOP = 52;
const LEFT = 8;
const BIAS_R = 13;
const BIAS_GAP = 46; // from the lowest unit's centre to the bias row
const BOTTOM = 16;
const VALUE_CHAR = 7.6; // px per character of a unit's value (13 px bold, tabular figures)
const LABEL_CHAR = 6.3; // px per character of an edge's number (11 px)
const LABEL_H = 14;
const FINGER = 13; // CSS px from a tap that a fingertip covers: half of WCAG's 24 px target, and 1 px for rounding

/** Vertical distance between units: roomier for small networks, whose edges carry numbers. */
export const rowPitch = (maxUnits) => (maxUnits <= 3 ? 76 : maxUnits <= 5 ? 66 : 58);

/** Pixel geometry of the drawing. Pure: sizes in, positions out. */
export function layoutDiagram(layers, { nodeW = 72, available = 0, right = 84 } = {}) {
  const L = layers.length;
  const fit = L > 1 ? (available - LEFT - right - nodeW) / (L - 1) : 0;
  const pitch = Math.round(Math.max(nodeW + 18, Math.min(nodeW + 220, fit)));
  const maxUnits = Math.max(...layers);
  const ROW_PITCH = rowPitch(maxUnits);
  const biasY = TOP + (maxUnits - 0.5) * ROW_PITCH + BIAS_GAP;
  const height = biasY + BIAS_R + BOTTOM;
  const width = LEFT + (L - 1) * pitch + nodeW + right;
  const x = (l) => LEFT + (l - 1) * pitch + nodeW / 2; // centre of layer l's column
  const y = (l, i) => TOP + ((maxUnits - layers[l - 1]) * ROW_PITCH) / 2 + (i - 0.5) * ROW_PITCH;
  return { width, height, x, y, biasY, nodeW, nodeH: NODE_H, pitch };
}

/** Distance from point p to the segment a–b. */
export function segmentDistance(p, a, b) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0;
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** The edge nearest to p within `reach` (drawing units): { edge, distance } or null. */
export function nearestEdge(edges, p, reach) {
  let best = null;
  for (const e of edges) {
    const d = segmentDistance(p, e.a, e.b);
    if (d <= reach && (!best || d < best.distance)) best = { edge: e, distance: d };
  }
  return best;
}

/** Networks with more edges than this keep the fixed spot for their numbers (few are shown). */
const LABEL_SPOT_EDGES = 64;
const SPOTS = { W: [0.3, 0.2, 0.4, 0.72, 0.82], b: [0.62, 0.5, 0.74, 0.4] };

/**
 * Puts an edge's number where no other edge runs under it: the first of a few spots along
 * the edge that other edges pass farthest from (a number on a crossing reads as either).
 */
export function placeOnEdge(e, edges) {
  let best = null;
  for (const t of SPOTS[e.kind] ?? [0.5]) {
    const p = { x: e.a.x + t * (e.b.x - e.a.x), y: e.a.y + t * (e.b.y - e.a.y) };
    let near = Infinity;
    for (const o of edges) if (o !== e) near = Math.min(near, segmentDistance(p, o.a, o.b));
    if (!best || near > best.near + 0.5) best = { p, near };
    if (near >= LABEL_H) break; // clear enough: the earliest such spot
  }
  e.text.setAttribute('x', String(best.p.x));
  e.text.setAttribute('y', String(best.p.y + 4));
}

/** Whether two label boxes { x, y, w, h } (centre, size) overlap. */
const overlap = (A, B) => Math.abs(A.x - B.x) * 2 < A.w + B.w + 2 && Math.abs(A.y - B.y) * 2 < A.h + B.h;

const ACTIVATION_NAMES = {
  sigmoid: 'sigmoid σ', tanh: 'tanh', relu: 'ReLU', 'leaky-relu': 'leaky ReLU', linear: 'linear', softmax: 'softmax',
};

const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

export function createDiagramView(ctx) {
  const group = uid('mode'); // one radio group per sandbox on the page
  const radio = (value, key) => {
    const r = h('input', { type: 'radio', name: group, value, dataset: { key } });
    r.addEventListener('change', () => r.checked && ctx.dispatch('setDiagramMode', value));
    return r;
  };
  const modeValues = radio('values', 'mode-values');
  const modeGradients = radio('gradients', 'mode-gradients');
  const modes = h('fieldset', { class: 'modes' },
    h('legend', { class: 'modes-legend', text: 'Show' }),
    h('label', { dataset: { tip: 'Units show their activation a, edges their weight W and bias b.' } }, modeValues, ' values', h('span', { class: 'mode-detail', text: ' (a, W, b)' })),
    h('label', { dataset: { tip: 'Units show their error term δ = ∂J/∂z, edges the gradients ∂J/∂W and ∂J/∂b.' } }, modeGradients, ' gradients', h('span', { class: 'mode-detail', text: ' (δ, ∂J/∂W, ∂J/∂b)' })));

  const scale = (what) => {
    const name = h('span', { class: 'legend-what' });
    const min = h('span', { class: 'legend-min' });
    const max = h('span', { class: 'legend-max' });
    const bar = h('span', { class: 'legend-bar', 'aria-hidden': 'true' });
    const el = h('span', { class: ['legend-scale', what] }, name, min, bar, max);
    return { el, name, min, max };
  };
  const unitScale = scale('units');
  const edgeScale = scale('edges');
  const sample = (dashed) => s('svg', { width: 30, height: 10, 'aria-hidden': 'true' },
    s('line', { x1: 2, y1: 5, x2: 28, y2: 5, class: dashed ? 'sample negative' : 'sample' }));
  const legend = h('div', { class: 'legend' },
    unitScale.el, edgeScale.el,
    h('span', { class: 'legend-item' }, sample(false), ' positive'),
    h('span', { class: 'legend-item' }, sample(true), ' negative (dashed)'),
    h('span', { class: 'legend-item', text: 'width ∝ |value|' }));

  const scroller = h('div', { class: 'diagram-scroll' });
  const key = h('p', { class: 'marks-key' },
    h('span', {}, h('span', { class: 'swatch sel', 'aria-hidden': 'true' }), 'selected'),
    h('span', {}, h('span', { class: 'swatch hl', 'aria-hidden': 'true' }), h('span', { class: 'long-key', text: 'what goes into the selected number' }), h('span', { class: 'short-key', text: 'goes into it' })),
    h('span', { class: 'key-hint', text: 'Click or tap a unit, an edge or a number to select it (from the keyboard: Tab to the diagram, then the arrow keys); its equation is in the explanation.' }));
  const chooser = h('div', { class: 'finger-choice', role: 'group', 'aria-label': 'Also under your finger', hidden: true, dataset: { key: 'finger-choice' } });
  const el = h('div', { class: 'diagram' }, h('div', { class: 'diagram-head' }, modes, legend), scroller, key, chooser);

  let parts = null;
  let builtKey = null;
  let measured = null; // the scroller's width, from the ResizeObserver
  let resize = null;
  let lastWalk = null;

  // ---- building --------------------------------------------------------------------------------

  /** What a unit of layer l shows: 'a' or 'delta' (the walkthrough decides by its step). */
  function unitQuantity(state, l, step) {
    if (l === 1) return 'a';
    if (step) {
      if (step.phase === 'forward') return 'a';
      if (step.kind === 'grad' && step.layer === l) return 'a';
      return 'delta';
    }
    return state.settings.diagramMode === 'gradients' ? 'delta' : 'a';
  }
  // While walking, the edges show what the step uses or computes: ∂J/∂W at the gradient
  // steps, W everywhere else (a δ step multiplies by the weights, not by their gradients).
  const gradientEdges = (state, step) => (step ? step.kind === 'grad' : state.settings.diagramMode === 'gradients');

  function nodeWidth(state, pass) {
    const digits = Math.min(state.settings.digits, 6);
    let chars = 6;
    for (const ly of pass.result.layers) {
      for (const q of ['a', 'delta']) for (const v of ly[q] ?? []) chars = Math.max(chars, formatNumber(v, digits).length);
    }
    return Math.max(64, Math.ceil(chars * VALUE_CHAR) + 14);
  }

  function build(state, pass) {
    clear(scroller);
    const doc = state.doc;
    const L = doc.layers.length;
    const nodeW = nodeWidth(state, pass);
    const yChars = Math.max(...doc.target.flat().map((v) => formatNumber(v, Math.min(state.settings.digits, 6)).length));
    const right = Math.ceil((yChars + 5) * 6.8) + 12;
    // The width there is, as the ResizeObserver last saw it (reading it here would force a
    // layout of the page half built); until it has, the least width, redrawn before the
    // first paint.
    const avail = measured ?? (resize ? 0 : scroller.clientWidth);
    const geo = layoutDiagram(doc.layers, { nodeW, available: avail, right });
    // A column narrower than the drawing's least width (a phone's narrow embed): drawn smaller,
    // down to 80 %, rather than cut off; wider still, it scrolls.
    const scale = avail > 0 && geo.width > avail ? Math.max(0.8, avail / geo.width) : 1;
    const svg = s('svg', {
      class: 'net', width: Math.floor(geo.width * scale), height: Math.ceil(geo.height * scale), viewBox: `0 0 ${geo.width} ${geo.height}`,
      role: 'group', 'aria-label': `Network diagram: ${doc.layers.join('-')} units`,
    });
    // Column by column, as the diagram reads from left to right: the units of layer l, then
    // the edges out of it (for each unit they feed, top to bottom, its weights and its bias),
    // then the units of layer l + 1. The Tab order follows: focus moves the way the eye does.
    // (Edges are drawn over the units they leave, which they only touch, and under the units
    // they reach.)
    const nodeLayers = Array.from({ length: L + 1 }, () => s('g', { class: 'nodes' }));
    const edgeLayers = Array.from({ length: L }, () => s('g', { class: 'edges' }));
    const labelLayer = s('g', { class: 'edge-labels', 'aria-hidden': 'true' });
    const flowLayer = s('g', { class: 'flow', 'aria-hidden': 'true' });
    const calloutLayer = s('g', { class: 'callouts', 'aria-hidden': 'true' });
    for (let l = 1; l <= L; l += 1) svg.append(nodeLayers[l], ...(l < L ? [edgeLayers[l]] : []));
    svg.append(labelLayer, calloutLayer, flowLayer);

    for (let l = 1; l <= L; l += 1) {
      const role = l === 1 ? 'input' : `${l === L ? 'output · ' : ''}${ACTIVATION_NAMES[doc.activations[l - 2]] ?? doc.activations[l - 2]}`;
      svg.append(
        s('text', { class: 'col-title', x: geo.x(l), y: 18, 'text-anchor': 'middle', text: `layer ${l}` }),
        s('text', { class: 'col-sub', x: geo.x(l), y: 34, 'text-anchor': 'middle', text: role }));
    }

    const focusEdges = doc.layers.reduce((n, s1, k) => (k > 0 ? n + s1 * (doc.layers[k - 1] + 1) : n), 0) <= 64;
    const edges = [];
    const addEdge = (kind, l, i, j, a, b) => {
      const q = kind === 'W' ? 'W' : 'b';
      const line = (cls) => s('line', { class: cls, x1: a.x, y1: a.y, x2: b.x, y2: b.y });
      const halo = line('halo');
      const vis = line('vis');
      const title = s('title');
      const desc = kind === 'W' ? { q, layer: l, row: i, col: j } : { q, layer: l, row: i };
      const label = kind === 'W' ? sym('W', l, i, j) : sym('b', l, i);
      const g = s('g', {
        class: ['edge', kind === 'b' && 'bias-edge'],
        dataset: { ...hooks(desc), alsoAs: `d${q}` },
        tabindex: focusEdges ? '0' : null,
        role: focusEdges ? 'button' : null,
        'aria-label': focusEdges ? (kind === 'W' ? `${label}, from unit ${j} of layer ${l} to unit ${i} of layer ${l + 1}` : `${label}, the bias of unit ${i} of layer ${l + 1}`) : null,
      }, title, halo, vis);
      if (focusEdges) {
        g.addEventListener('focus', () => ctx.dispatch('select', edgeDesc(ctx.store.state, { desc })));
        g.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); ctx.dispatch('select', edgeDesc(ctx.store.state, { desc })); }
        });
      }
      edgeLayers[l].append(g);
      // The number sits a little way from the source, where edges that cross are apart.
      const t = kind === 'W' ? 0.3 : 0.62;
      const text = s('text', { class: 'edge-label', x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) + 4, 'text-anchor': 'middle' });
      const item = { kind, desc, g, vis, halo, title, text, a, b, key: null, name: label };
      edges.push(item);
      return item;
    };
    for (let l = 1; l < L; l += 1) {
      for (let i = 1; i <= doc.layers[l]; i += 1) {
        for (let j = 1; j <= doc.layers[l - 1]; j += 1) {
          addEdge('W', l, i, j, { x: geo.x(l) + geo.nodeW / 2, y: geo.y(l, j) }, { x: geo.x(l + 1) - geo.nodeW / 2, y: geo.y(l + 1, i) });
        }
        addEdge('b', l, i, null, { x: geo.x(l) + BIAS_R * 0.7, y: geo.biasY - BIAS_R * 0.7 }, { x: geo.x(l + 1) - geo.nodeW / 2, y: geo.y(l + 1, i) + 8 });
      }
    }
    if (edges.length <= LABEL_SPOT_EDGES) for (const e of edges) placeOnEdge(e, edges);

    const nodes = [];
    for (let l = 1; l <= L; l += 1) {
      nodes[l] = [];
      for (let i = 1; i <= doc.layers[l - 1]; i += 1) {
        const cx = geo.x(l);
        const cy = geo.y(l, i);
        const rect = s('rect', { x: cx - geo.nodeW / 2, y: cy - geo.nodeH / 2, width: geo.nodeW, height: geo.nodeH, rx: 9 });
        const label = s('text', { class: 'unit-label', x: cx, y: cy - 6, 'text-anchor': 'middle' });
        const value = s('text', { class: 'unit-value', x: cx, y: cy + 13, 'text-anchor': 'middle' });
        const title = s('title');
        const g = s('g', { class: 'unit', tabindex: '0', role: 'button', dataset: { alsoUnit: `${l}:${i}` } }, title, rect, label, value);
        const node = { g, rect, label, value, title, l, i, cx, cy, q: null, key: null };
        g.addEventListener('focus', () => ctx.dispatch('select', { q: node.q, layer: l, row: i }));
        g.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); ctx.dispatch('select', { q: node.q, layer: l, row: i }); }
        });
        nodeLayers[l].append(g);
        nodes[l][i] = node;
      }
      if (l < L) {
        // Over the start of its bias edges, as the units are over the ends of theirs.
        edgeLayers[l].append(s('g', { class: 'bias-unit', 'aria-hidden': 'true' },
          s('circle', { cx: geo.x(l), cy: geo.biasY, r: BIAS_R }),
          s('text', { x: geo.x(l), y: geo.biasY + 4.5, 'text-anchor': 'middle', text: '+1' })));
      }
    }

    // Targets beside the output units, and J under them.
    const ys = [];
    for (let i = 1; i <= doc.layers[L - 1]; i += 1) {
      const t = s('text', { class: 'target val', x: geo.x(L) + geo.nodeW / 2 + 10, y: geo.y(L, i) + 5, dataset: hooks({ q: 'y', layer: L, row: i }) });
      nodeLayers[L].append(t);
      ys[i] = t;
    }
    const J = s('text', { class: 'loss val', x: geo.x(L), y: geo.biasY + 5, 'text-anchor': 'middle', dataset: { quantity: 'J' } });
    nodeLayers[L].append(J);

    scroller.append(svg);
    parts = { svg, geo, nodes, edges, ys, J, L, flowLayer, labelLayer, calloutLayer, width: avail };
  }

  // ---- pointing --------------------------------------------------------------------------------

  /** A point of the page in the drawing's own units (right under any CSS transform). */
  function toDrawing(ev) {
    const m = parts.svg.getScreenCTM();
    if (!m) return null;
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse());
    return { x: p.x, y: p.y, scale: Math.hypot(m.a, m.b) || 1 };
  }

  function hit(ev) {
    if (!parts) return null;
    const p = toDrawing(ev);
    if (!p) return null;
    const { geo } = parts;
    for (const row of parts.nodes) {
      for (const n of row ?? []) {
        if (n && Math.abs(p.x - n.cx) <= geo.nodeW / 2 && Math.abs(p.y - n.cy) <= geo.nodeH / 2) return { node: n };
      }
    }
    for (const [k, t] of [...parts.ys.entries(), [0, parts.J]]) {
      if (!t) continue;
      const b = t.getBBox();
      if (p.x >= b.x - 4 && p.x <= b.x + b.width + 4 && p.y >= b.y - 4 && p.y <= b.y + b.height + 4) return k === 0 ? { J: true } : { y: k };
    }
    // The edge nearest to the pointer: a finger is less precise than a mouse.
    const reach = (fingered(ev) ? 22 : 12) / p.scale;
    const near = nearestEdge(parts.edges, p, reach);
    return near ? { edge: near.edge } : null;
  }

  const edgeDesc = (state, edge) => {
    const step = ctx.step(state);
    const q = gradientEdges(state, step) ? `d${edge.desc.q}` : edge.desc.q;
    return { ...edge.desc, q };
  };

  function descOf(state, target) {
    if (!target) return null;
    if (target.node) return { q: target.node.q, layer: target.node.l, row: target.node.i };
    if (target.J) return { q: 'J' };
    if (target.y) return { q: 'y', layer: parts.L, row: target.y };
    return edgeDesc(state, target.edge);
  }

  // What pressed, and where: Safari's click is a MouseEvent without pointerType, and a
  // browser may move a tap's click toward a control near the finger ("touch adjustment"),
  // where the drawing's own measure of distance should decide.
  let pressed = { pointerType: 'mouse', clientX: 0, clientY: 0 };
  const fingered = (ev) => ['touch', 'pen'].includes(ev.pointerType || pressed.pointerType);
  el.addEventListener('pointerdown', (ev) => { pressed = { pointerType: ev.pointerType || 'mouse', clientX: ev.clientX, clientY: ev.clientY }; });

  /** Everything within a fingertip of the tap, nearest first: [{ target, distance }]. */
  function underFinger(ev) {
    const p = toDrawing(ev);
    if (!p) return [];
    const r = FINGER / p.scale;
    const { geo } = parts;
    const boxDistance = (b) => Math.hypot(Math.max(b.x - p.x, 0, p.x - b.x - b.width), Math.max(b.y - p.y, 0, p.y - b.y - b.height));
    const found = [];
    for (const row of parts.nodes) {
      for (const n of row ?? []) {
        if (!n) continue;
        const d = boxDistance({ x: n.cx - geo.nodeW / 2, y: n.cy - geo.nodeH / 2, width: geo.nodeW, height: geo.nodeH });
        if (d <= r) found.push({ target: { node: n }, distance: d });
      }
    }
    for (const [k, t] of [...parts.ys.entries(), [0, parts.J]]) {
      if (!t) continue;
      const d = boxDistance(t.getBBox());
      if (d <= r) found.push({ target: k === 0 ? { J: true } : { y: k }, distance: d });
    }
    for (const e of parts.edges) {
      const d = segmentDistance(p, e.a, e.b);
      if (d <= r) found.push({ target: { edge: e }, distance: d });
    }
    return found.sort((a, b) => a.distance - b.distance);
  }

  function hideChooser() {
    if (chooser.hidden) return;
    chooser.hidden = true;
    chooser.replaceChildren();
    document.removeEventListener('pointerdown', outside, true);
  }
  function outside(ev) { if (!ev.composedPath().includes(chooser)) hideChooser(); }

  /** Buttons for what else was under the finger, above the tap (below it near the top). */
  function offer(ev, chosen) {
    const state = ctx.store.state;
    const key = (d) => [d.q, d.layer, d.row, d.col].join(':');
    const seen = new Set([key(chosen)]);
    const descs = [chosen];
    for (const { target } of underFinger(ev)) {
      const d = descOf(state, target);
      if (d && !seen.has(key(d))) { seen.add(key(d)); descs.push(d); }
    }
    if (descs.length < 2) { hideChooser(); return; }
    chooser.replaceChildren(...descs.map((d) => {
      const b = h('button', { type: 'button', class: 'small', 'aria-pressed': String(key(d) === key(chosen)), dataset: { key: 'finger-pick', pick: key(d) } },
        quantityLabel(d.q, d.layer, d.row, d.col));
      b.addEventListener('click', () => { hideChooser(); ctx.dispatch('select', d); });
      return b;
    }));
    chooser.hidden = false;
    const box = el.getBoundingClientRect();
    const k = cssScale(el); // screen pixels per CSS pixel (a scaled slide)
    const x = (ev.clientX - box.left) / k;
    const y = (ev.clientY - box.top) / k;
    const w = chooser.offsetWidth;
    const hgt = chooser.offsetHeight;
    chooser.style.left = `${Math.max(0, Math.min(x - w / 2, box.width / k - w))}px`;
    chooser.style.top = `${y - hgt - 2 * FINGER >= 0 ? y - hgt - 2 * FINGER : y + 2 * FINGER}px`;
    document.addEventListener('pointerdown', outside, true);
  }

  el.addEventListener('click', (ev) => {
    if (!parts || !parts.svg.contains(ev.target)) return;
    const finger = fingered(ev);
    const at = finger ? pressed : ev;
    // A finger that just missed everything still meant what lies under its tip.
    const d = descOf(ctx.store.state, hit(at) ?? (finger ? underFinger(at)[0]?.target : null));
    if (d) ctx.dispatch('select', d);
    if (d && finger) offer(at, d);
    else hideChooser();
  });
  el.addEventListener('pointermove', (ev) => {
    if (!parts || ev.pointerType === 'touch') return;
    const target = parts.svg.contains(ev.target) ? hit(ev) : null;
    const d = target?.edge ? edgeDesc(ctx.store.state, target.edge) : target ? descOf(ctx.store.state, target) : null;
    parts.svg.classList.toggle('pointing', Boolean(target));
    if (target?.edge) {
      const state = ctx.store.state;
      const pass = ctx.pass(state);
      const e = target.edge;
      const v = valueOf(pass.doc, pass.result, e.desc);
      const g = valueOf(pass.doc, pass.result, { ...e.desc, q: `d${e.desc.q}` });
      const known = ctx.known(state, { ...e.desc, q: `d${e.desc.q}` });
      setText(e.title, `${e.name} = ${v}\n∂J/∂${e.name} = ${known ? g : UNKNOWN}`);
    }
    ctx.dispatch('hover', d);
  });
  el.addEventListener('pointerleave', () => { if (ctx.store.state.hover) ctx.dispatch('hover', null); });

  // ---- the keyboard: one tab stop, the arrow keys inside ------------------------------------------

  /** The diagram's focusable units and edges, in their order: column by column (build). */
  const focusables = () => (parts ? [...parts.svg.querySelectorAll('g.unit, g.edge[tabindex]')] : []);
  const middle = (g) => { const r = g.getBoundingClientRect(); return r.top + r.height / 2; };

  /**
   * One tab stop for the whole diagram (the WAI-ARIA pattern of a composite widget, as the
   * tabs have): `stop` if given, else the selected unit or edge, else the one that was the stop,
   * else the first unit. Tab passes the diagram in one press, so the selection made in it stays
   * for the explanation beside it instead of following the focus through every other edge.
   */
  function rove(stop) {
    const items = focusables();
    if (!items.length) return;
    const target = (stop && items.includes(stop) ? stop : null)
      ?? items.find((g) => g.classList.contains('sel'))
      ?? items.find((g) => g.getAttribute('tabindex') === '0')
      ?? items[0];
    for (const g of items) {
      const want = g === target ? '0' : '-1';
      if (g.getAttribute('tabindex') !== want) g.setAttribute('tabindex', want);
    }
  }

  // Up and Down: the next and the previous in the order above; Left and Right: the column
  // before or after (the units of a layer, the edges out of it), at the nearest height; Home
  // and End: the first and the last. Focusing selects, as a click does.
  scroller.addEventListener('keydown', (e) => {
    const from = e.target.closest?.('g.unit, g.edge');
    if (!from || e.altKey || e.ctrlKey || e.metaKey) return;
    const items = focusables();
    const k = items.indexOf(from);
    if (k < 0) return;
    let to;
    if (e.key === 'ArrowDown') to = items[k + 1];
    else if (e.key === 'ArrowUp') to = items[k - 1];
    else if (e.key === 'Home') to = items[0];
    else if (e.key === 'End') to = items.at(-1);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const columns = [...parts.svg.querySelectorAll('g.nodes, g.edges')]
        .map((c) => [...c.querySelectorAll('g.unit, g.edge[tabindex]')]).filter((c) => c.length);
      const next = columns[columns.findIndex((c) => c.includes(from)) + (e.key === 'ArrowRight' ? 1 : -1)];
      const y = middle(from);
      to = next?.reduce((best, g) => (Math.abs(middle(g) - y) < Math.abs(middle(best) - y) ? g : best));
    } else return;
    e.preventDefault(); // (and the walkthrough's arrow keys stay out of it)
    if (!to) return;
    rove(to);
    to.focus();
  });

  // ---- drawing ----------------------------------------------------------------------------------

  function place(label, placed, geo) {
    const text = label.text.textContent;
    const box = { x: Number(label.text.getAttribute('x')), y: Number(label.text.getAttribute('y')) - 4, w: text.length * LABEL_CHAR + 4, h: LABEL_H };
    for (const row of parts.nodes) for (const n of row ?? []) if (n && overlap(box, { x: n.cx, y: n.cy, w: geo.nodeW, h: geo.nodeH })) return false;
    if (placed.some((b) => overlap(box, b))) return false;
    placed.push(box);
    return true;
  }

  function update(state, prev) {
    if (tooLargeToDraw(state.doc.layers)) return; // the summary shows it (sandbox.js parks this view)
    const pass = ctx.pass(state);
    const res = pass.result;
    const doc = pass.doc;
    const step = ctx.step(state);
    const key = `${doc.layers.join('-')}|${state.doc.activations.join()}|${state.settings.digits}|${nodeWidth(state, pass)}`;
    if (!parts || key !== builtKey || (prev && prev.doc.loss !== state.doc.loss)) {
      builtKey = key;
      build(state, pass);
    }
    const { nodes, edges, ys, J, L, geo } = parts;
    const visible = state.view === 'network' || state.walk.on || Boolean(prev?.walk.on);
    const digits = Math.min(state.settings.digits, 6);
    const gradients = gradientEdges(state, step);
    modeValues.checked = !gradients; // while walking, what the walk shows
    modeGradients.checked = gradients;
    el.classList.toggle('walking', Boolean(step));

    // The units: each layer shows a or δ; the colour scale covers every coloured unit.
    const shows = [];
    let uScale = 0;
    for (let l = 1; l <= L; l += 1) {
      shows[l] = unitQuantity(state, l, step);
      if (shows[l] === 'delta' || !gradients || step) uScale = Math.max(uScale, maxAbs(res.layers[l - 1][shows[l]] ?? []));
    }
    const unitWhat = [...new Set(shows.slice(1).filter((q, k) => !(gradients && k === 0 && !step)))];
    unitScale.name.textContent = `units (${unitWhat.map((q) => (q === 'delta' ? 'δ' : 'a')).join(', ')})`;
    setText(unitScale.min, `−${formatNumber(uScale, 2)}`);
    setText(unitScale.max, `+${formatNumber(uScale, 2)}`);
    for (let l = 1; l <= L; l += 1) {
      const q = shows[l];
      const neutral = gradients && q === 'a' && !step; // the input layer in gradient mode: not on the δ scale
      for (let i = 1; i < nodes[l].length; i += 1) {
        const n = nodes[l][i];
        const desc = { q, layer: l, row: i };
        const v = valueOf(doc, res, desc);
        const known = ctx.known(state, desc);
        const nkey = `${q}|${v}|${uScale}|${digits}|${known}|${neutral}|${visible}`;
        if (n.key === nkey) continue;
        n.key = nkey;
        if (n.q !== q) {
          n.q = q;
          n.g.dataset.quantity = q;
          n.g.dataset.layer = String(l);
          n.g.dataset.row = String(i);
          // The space (not drawn: SVG drops a text's trailing space) parts the symbol from the
          // number in the unit's text, as the two lines part them on screen.
          setText(n.label, `${q === 'delta' ? sym('δ', l, i) : sym('a', l, i)} `);
        }
        if (visible) {
          const t = known && !neutral ? normalise(v ?? 0, uScale) * 0.85 : 0;
          n.rect.setAttribute('fill', neutral || !known ? 'var(--unit-neutral)' : divergingColor(t));
          n.label.setAttribute('fill', neutral || !known ? 'var(--ink)' : textOn(t));
          n.value.setAttribute('fill', neutral || !known ? 'var(--ink)' : textOn(t));
        }
        n.g.classList.toggle('neutral', neutral);
        setText(n.value, v === null ? '—' : known ? formatNumber(v, digits) : UNKNOWN);
        // Its name says what it shows, symbol and number (a name without the visible text
        // leaves speech-input users nothing to say, WCAG 2.5.3).
        n.g.setAttribute('aria-label', `${quantityLabel(q, l, i)} = ${n.value.textContent}${known || v === null ? '' : ' (not computed yet)'}`);
        if (v === null) delete n.g.dataset.value;
        else n.g.dataset.value = String(v);
        n.g.classList.toggle('unknown', !known);
        setText(n.title, known && v !== null ? `${quantityLabel(q, l, i)} = ${v}` : '');
      }
    }

    // The edges: W and b, or their gradients; a scale of their own.
    const eq = (e) => (gradients ? `d${e.desc.q}` : e.desc.q);
    const eScale = maxAbs(edges.map((e) => valueOf(doc, res, { ...e.desc, q: eq(e) })));
    edgeScale.name.textContent = gradients ? 'edges (∂J/∂W, ∂J/∂b)' : 'edges (W, b)';
    setText(edgeScale.min, `−${formatNumber(eScale, 2)}`);
    setText(edgeScale.max, `+${formatNumber(eScale, 2)}`);
    unitScale.el.title = `units: from −${uScale} to +${uScale}`;
    edgeScale.el.title = `edges: from −${eScale} to +${eScale}`;
    const dense = Math.max(...doc.layers.slice(0, -1).map((n, k) => n * doc.layers[k + 1])) > 16;
    for (const e of edges) {
      const q = eq(e);
      const desc = { ...e.desc, q };
      const v = valueOf(doc, res, desc);
      const known = ctx.known(state, desc);
      const ekey = `${q}|${v}|${eScale}|${known}|${digits}|${visible}`;
      if (e.key === ekey) continue;
      e.key = ekey;
      e.v = v ?? 0;
      if (visible) {
        const t = known ? normalise(v ?? 0, eScale) : 0;
        const width = 1 + (dense ? 3.5 : 6) * Math.abs(t);
        // Faint edges stay visible: the colour starts 30 % of the way from grey.
        e.vis.setAttribute('stroke', known ? divergingColor(Math.sign(t) * (0.3 + 0.7 * Math.abs(t))) : 'var(--muted)');
        e.vis.setAttribute('stroke-width', width.toFixed(2));
        e.halo.setAttribute('stroke-width', (width + 6).toFixed(2));
        e.text.textContent = known ? formatNumber(v, Math.min(digits, 4)) : UNKNOWN;
      }
      e.g.classList.toggle('negative', known && (v ?? 0) < 0);
      e.g.classList.toggle('unknown', !known);
      e.g.dataset.quantity = q;
      if (v === null) delete e.g.dataset.value;
      else e.g.dataset.value = String(v);
    }

    // Numbers on the edges where they fit, the largest first; placed again only when the
    // numbers change, so that selecting or pointing moves none of them. The selected edge's
    // number is always shown, on top.
    // (Hidden, the diagram keeps its data hooks and marks current; colours, widths and the
    // numbers on edges wait until it is shown.)
    const labelsKey = visible ? edges.map((e) => e.key).join(';') : parts.labelsKey;
    if (labelsKey !== parts.labelsKey) {
      parts.labelsKey = labelsKey;
      const order = edges.slice().sort((A, B) => Math.abs(B.v) - Math.abs(A.v));
      const placed = [];
      parts.placedLabels = order.filter((e) => place(e, placed, geo)).map((e) => e.text);
    }
    parts.placedLabels ??= [];
    const selected = edges.find((e) => {
      const x = state.selection;
      return x && (x.q === e.desc.q || x.q === `d${e.desc.q}`) && x.layer === e.desc.layer && x.row === e.desc.row && (e.desc.col === undefined || x.col === e.desc.col);
    });
    const labels = selected && !parts.placedLabels.includes(selected.text) ? [...parts.placedLabels, selected.text] : parts.placedLabels;
    for (const e of edges) e.text.classList.toggle('sel', e === selected);
    if (parts.shownLabels?.length !== labels.length || labels.some((t, k) => parts.shownLabels[k] !== t)) {
      parts.shownLabels = labels;
      parts.labelLayer.replaceChildren(...labels);
    }

    // Targets and J.
    const yKnown = true;
    for (let i = 1; i < ys.length; i += 1) {
      const y = doc.target[i - 1];
      setText(ys[i], `${sym('y', null, i)} = ${formatNumber(y, digits)}`);
      ys[i].dataset.value = String(y);
      ys[i].classList.toggle('unknown', !yKnown);
    }
    const Jknown = ctx.known(state, { q: 'J' });
    setText(J, `J = ${Jknown ? formatNumber(res.loss, digits) : UNKNOWN}`);
    J.classList.toggle('unknown', !Jknown);
    J.dataset.value = String(res.loss);

    // Marks: the selection, what goes into it, the pointer; the walkthrough's roles.
    const marks = ctx.marks(state);
    const unitRel = (selx, l, i) => {
      if (!selx) return null;
      const rels = ['a', 'delta', 'z', 'fprime'].map((q) => relation(selx, { q, layer: l, row: i }, L));
      if (rels.includes('self') && (selx.q === shows[l] || (selx.q === 'x' && l === 1))) return 'self';
      return rels.some(Boolean) ? 'related' : null;
    };
    for (let l = 1; l <= L; l += 1) {
      for (let i = 1; i < nodes[l].length; i += 1) {
        const n = nodes[l][i];
        const s1 = unitRel(marks.selection, l, i);
        n.g.classList.toggle('sel', s1 === 'self');
        n.g.classList.toggle('hl', s1 === 'related' && !step);
        n.g.classList.toggle('hov', unitRel(marks.hover, l, i) !== null);
        const r = step ? stepRole(step, { q: shows[l], layer: l, row: i }, marks.opts) : null;
        n.g.classList.toggle('step-out', r === 'out');
        n.g.classList.toggle('step-in', r === 'in');
      }
    }
    for (const e of edges) {
      const d = e.desc;
      const rel = (x) => (x ? relation(x, d, L) ?? relation(x, { ...d, q: `d${d.q}` }, L) : null);
      const s1 = rel(marks.selection);
      e.g.classList.toggle('sel', s1 === 'self');
      e.g.classList.toggle('hl', s1 === 'related' && !step);
      e.g.classList.toggle('hov', rel(marks.hover) === 'self');
      let r = null;
      if (step) {
        const r1 = stepRole(step, d, marks.opts);
        const r2 = stepRole(step, { ...d, q: `d${d.q}` }, marks.opts);
        r = r1 === 'out' || r2 === 'out' ? 'out' : (r1 ?? r2);
      }
      e.g.classList.toggle('step-out', r === 'out');
      e.g.classList.toggle('step-in', r === 'in');
    }
    for (let i = 1; i < ys.length; i += 1) {
      const r = relation(marks.selection, { q: 'y', layer: L, row: i }, L);
      ys[i].classList.toggle('sel', r === 'self');
      ys[i].classList.toggle('hl', r === 'related' && !step);
      ys[i].classList.toggle('step-in', Boolean(step) && stepRole(step, { q: 'y', layer: L, row: i }, marks.opts) === 'in');
    }
    J.classList.toggle('sel', marks.selection?.q === 'J');
    rove(null);
    callouts(state, marks, shows, doc, res, digits);
    const warnings = ctx.pass(state).batch.result.warnings ?? [];
    if (warnings.length || parts.warned) {
      const items = [{ el: J, desc: { q: 'J' } }];
      for (let l = 1; l <= L; l += 1) for (let i = 1; i < nodes[l].length; i += 1) items.push({ el: nodes[l][i].g, desc: { q: shows[l], layer: l, row: i } });
      for (const e of edges) items.push({ el: e.g, desc: { ...e.desc, q: e.g.dataset.quantity } });
      parts.warned = markWarnings(items, warnings, { batch: res.batchSize > 1, example: state.example });
    }
    J.classList.toggle('step-out', Boolean(step) && step.kind === 'loss');

    // The reveal moves a forward along the edges, δ backward.
    const walk = state.walk;
    if (step && walk.revealed && lastWalk && lastWalk.on && !(lastWalk.index === walk.index && lastWalk.revealed) && !reducedMotion()) flow(step, doc);
    lastWalk = walk;
  }

  /**
   * The selection's factors that the units do not show, written beside them: with W_ij selected
   * in the values mode, δ_i^(l+1) over the unit it feeds (its a is drawn, its δ is not), so both
   * factors of ∂J/∂W_ij = δ_i a_j are in the picture; with δ_i^(l) selected, the δ^(l+1) it
   * collects; and so on.
   */
  function callouts(state, marks, shows, doc, res, digits) {
    const sel = marks.selection;
    const out = [];
    if (sel && !marks.step) {
      const extra = sel.q === 'z' || sel.q === 'fprime' ? [sel.q] : [];
      for (let l = 1; l <= parts.L; l += 1) {
        for (let i = 1; i < parts.nodes[l].length; i += 1) {
          for (const q of ['a', 'delta', ...extra]) {
            if (q === shows[l] || (l === 1 && q !== 'a')) continue;
            const r = relation(sel, { q, layer: l, row: i }, parts.L);
            if (!r || (q !== sel.q && extra.includes(q) && r !== 'self')) continue;
            const v = valueOf(doc, res, { q, layer: l, row: i });
            if (v === null) continue;
            const n = parts.nodes[l][i];
            const name = q === 'delta' ? sym('δ', l, i) : q === 'fprime' ? `f′(${sym('z', l, i)})` : sym(q, l, i);
            out.push({ x: n.cx, y: n.cy - parts.geo.nodeH / 2 - 6, text: `${name} = ${formatNumber(v, Math.min(digits, 4))}`, self: r === 'self' });
          }
        }
      }
    }
    const key = JSON.stringify(out);
    if (key === parts.calloutKey) return;
    parts.calloutKey = key;
    parts.calloutLayer.replaceChildren(...out.slice(0, 16).map((c) => s('text', { class: ['callout', c.self && 'self'], x: c.x, y: c.y, 'text-anchor': 'middle', text: c.text })));
  }

  /** Dots along the edges a revealed step uses: forward into layer l, or backward into layer l. */
  function flow(step, doc) {
    if (typeof parts.flowLayer.animate !== 'function' && typeof Element.prototype.animate !== 'function') return;
    const { geo, flowLayer } = parts;
    const paths = [];
    if (step.kind === 'forward') {
      for (let i = 1; i <= doc.layers[step.layer - 1]; i += 1) {
        if (step.unit !== null && step.unit !== i) continue;
        for (let j = 1; j <= doc.layers[step.layer - 2]; j += 1) {
          paths.push([{ x: geo.x(step.layer - 1) + geo.nodeW / 2, y: geo.y(step.layer - 1, j) }, { x: geo.x(step.layer) - geo.nodeW / 2, y: geo.y(step.layer, i) }, 'forward']);
        }
      }
    } else if (step.kind === 'delta' && step.layer < doc.layers.length) {
      const l = step.layer;
      for (let i = 1; i <= doc.layers[l - 1]; i += 1) {
        if (step.unit !== null && step.unit !== i) continue;
        for (let j = 1; j <= doc.layers[l]; j += 1) {
          paths.push([{ x: geo.x(l + 1) - geo.nodeW / 2, y: geo.y(l + 1, j) }, { x: geo.x(l) + geo.nodeW / 2, y: geo.y(l, i) }, 'backward']);
        }
      }
    }
    paths.slice(0, 64).forEach(([a, b, dir], k) => {
      const dot = s('circle', { class: `flow-dot ${dir}`, cx: 0, cy: 0, r: 4.5 });
      flowLayer.append(dot);
      const anim = dot.animate([
        { transform: `translate(${a.x}px, ${a.y}px)`, opacity: 0 },
        { transform: `translate(${a.x + (b.x - a.x) * 0.15}px, ${a.y + (b.y - a.y) * 0.15}px)`, opacity: 1, offset: 0.15 },
        { transform: `translate(${b.x}px, ${b.y}px)`, opacity: 1, offset: 0.9 },
        { transform: `translate(${b.x}px, ${b.y}px)`, opacity: 0 },
      ], { duration: 750, delay: (k % 8) * 40, easing: 'ease-in-out' });
      anim.onfinish = () => dot.remove();
      anim.oncancel = () => dot.remove();
    });
  }

  // Spread the columns over the width there is, when it is first known and when it changes:
  // ResizeObserver calls back after layout and before paint, so the redrawn diagram is the
  // one painted.
  if (typeof ResizeObserver !== 'undefined') {
    resize = new ResizeObserver(() => {
      // Parked (a network too large to draw) or hidden: nothing to fit.
      const width = scroller.isConnected ? scroller.clientWidth : 0;
      if (width === 0) return;
      measured = width;
      if (!parts || Math.abs(width - parts.width) <= 2) return;
      builtKey = null;
      update(ctx.store.state, null);
    });
    resize.observe(scroller);
  }

  return { el, update, destroy() { resize?.disconnect(); hideChooser(); } };
}
