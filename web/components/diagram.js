// The network diagram (SVG). Layers are columns of units labelled a_j^(l) (or delta_j^(l) in
// gradient mode) with their values; one edge per weight W_ij^(l), from unit j of layer l to
// unit i of layer l+1, coloured by sign (diverging scale), dashed when negative, and as wide
// as its magnitude. In gradient mode the edges show dJ/dW_ij^(l) instead. Clicking an edge
// or a unit selects that quantity everywhere on the page.
//
// The drawing keeps its pixel size (text never shrinks): a large network scrolls.

import { h, s, clear, uid, setText } from '../dom.js';
import { formatNumber, sym, quantityLabel } from '../notation.js';
import { divergingColor, textOn, maxAbs, normalise } from '../color.js';
import { hooks } from './fields.js';

const ROW_PITCH = 60;
const NODE_H = 44;
const TOP = 56;
const LEFT = 8;
const RIGHT = 72;
const BOTTOM = 44;

/** Pixel geometry of the drawing. Pure: sizes in, positions out. */
export function layoutDiagram(layers, nodeW, available = 0) {
  // Columns spread out to use the width there is, between a legible minimum and a maximum.
  const fit = layers.length > 1 ? (available - LEFT - RIGHT - nodeW) / (layers.length - 1) : 0;
  const pitch = Math.round(Math.max(nodeW + 48, Math.min(nodeW + 190, fit)));
  const maxUnits = Math.max(...layers);
  const height = TOP + maxUnits * ROW_PITCH + BOTTOM;
  const width = LEFT + (layers.length - 1) * pitch + nodeW + RIGHT;
  const x = (l) => LEFT + (l - 1) * pitch + nodeW / 2; // centre of layer l's column
  const y = (l, i) => TOP + (maxUnits - layers[l - 1]) * ROW_PITCH / 2 + (i - 0.5) * ROW_PITCH;
  return { width, height, x, y, nodeW, nodeH: NODE_H };
}

const ACTIVATION_NAMES = {
  sigmoid: 'sigmoid σ', tanh: 'tanh', relu: 'ReLU', 'leaky-relu': 'leaky ReLU', linear: 'linear', softmax: 'softmax',
};

export function createDiagram(ctx) {
  const group = uid('mode'); // one radio group per sandbox on the page
  const modeValues = h('input', { type: 'radio', name: group, value: 'values', dataset: { key: 'mode-values' } });
  const modeGradients = h('input', { type: 'radio', name: group, value: 'gradients', dataset: { key: 'mode-gradients' } });
  for (const r of [modeValues, modeGradients]) r.addEventListener('change', () => r.checked && ctx.actions.setDiagramMode(r.value));
  const math = (source) => { const e = h('span', { class: 'inline-math' }); ctx.tex(e, source); return e; };
  const modes = h('fieldset', { class: 'modes' },
    h('legend', { text: 'Show on the diagram' }),
    h('label', {}, modeValues, ' values: ', math('a_j^{(l)}'), ' on units, ', math('W_{ij}^{(l)}'), ' on edges'),
    h('label', {}, modeGradients, ' gradients: ', math('\\delta_j^{(l)}'), ' on units, ', math('\\partial J / \\partial W_{ij}^{(l)}'), ' on edges'));

  const legendBar = h('span', { class: 'legend-bar', 'aria-hidden': 'true' });
  const legendMin = h('span', { class: 'legend-min' });
  const legendMax = h('span', { class: 'legend-max' });
  const legendWhat = h('span', { class: 'legend-what' });
  const sample = (dashed) => s('svg', { width: 36, height: 10, 'aria-hidden': 'true' },
    s('line', { x1: 2, y1: 5, x2: 34, y2: 5, stroke: divergingColor(dashed ? -1 : 1), 'stroke-width': 3, 'stroke-dasharray': dashed ? '6 4' : null }));
  const legend = h('div', { class: 'legend' },
    legendWhat,
    h('span', { class: 'legend-scale' }, legendMin, legendBar, legendMax),
    h('span', { class: 'legend-item' }, sample(false), ' positive (solid)'),
    h('span', { class: 'legend-item' }, sample(true), ' negative (dashed)'),
    h('span', { class: 'legend-item', text: 'edge width ∝ |value|' }));

  const scroller = h('div', { class: 'diagram-scroll', tabindex: '-1' });
  const el = h('div', { class: 'diagram' }, modes, legend, scroller);

  let parts = null; // { nodes[l][i], edges[l][i][j], ys[i], J }

  function build(state) {
    clear(scroller);
    const doc = state.resultDoc ?? state.doc;
    const L = doc.layers.length;
    const gradients = state.diagramMode === 'gradients';
    modeValues.checked = !gradients;
    modeGradients.checked = gradients;
    // Wide enough for "−0.001234" (4 digits) in the 13 px bold value font.
    const geo = layoutDiagram(doc.layers, Math.min(state.digits, 6) > 4 ? 88 : 72, scroller.clientWidth);
    const svg = s('svg', {
      class: 'net', width: geo.width, height: geo.height, viewBox: `0 0 ${geo.width} ${geo.height}`,
      role: 'group', 'aria-label': `Network diagram: ${doc.layers.join('-')} units, ${gradients ? 'gradients' : 'values'}`,
    });
    const edgeLayer = s('g', { class: 'edges' });
    const nodeLayer = s('g', { class: 'nodes' });
    svg.append(edgeLayer, nodeLayer);

    // Column headings: layer number and activation.
    for (let l = 1; l <= L; l += 1) {
      const role = l === 1 ? 'input' : `${l === L ? 'output · ' : ''}${ACTIVATION_NAMES[doc.activations[l - 2]] ?? doc.activations[l - 2]}`;
      svg.append(
        s('text', { class: 'col-title', x: geo.x(l), y: 20, 'text-anchor': 'middle', text: `layer ${l}` }),
        s('text', { class: 'col-sub', x: geo.x(l), y: 37, 'text-anchor': 'middle', text: role }));
    }

    const edges = [];
    for (let l = 1; l < L; l += 1) {
      edges[l] = [];
      for (let i = 1; i <= doc.layers[l]; i += 1) {
        edges[l][i] = [];
        for (let j = 1; j <= doc.layers[l - 1]; j += 1) {
          const x1 = geo.x(l) + geo.nodeW / 2;
          const x2 = geo.x(l + 1) - geo.nodeW / 2;
          const y1 = geo.y(l, j);
          const y2 = geo.y(l + 1, i);
          const desc = { q: gradients ? 'dW' : 'W', layer: l, row: i, col: j };
          const line = (cls) => s('line', { class: cls, x1, y1, x2, y2 });
          const halo = line('halo');
          const vis = line('vis');
          const title = s('title');
          // alsoAs: an edge is the weight and its gradient, whichever it shows (for highlights).
          const g = s('g', { class: 'edge', dataset: { ...hooks(desc), alsoAs: gradients ? 'W' : 'dW' } }, title, halo, vis, line('hit'));
          g.addEventListener('click', () => ctx.actions.select(desc));
          g.addEventListener('mouseenter', () => {
            // The tooltip is written when it is needed: both numbers at full precision.
            const w = ctx.state.resultDoc?.weights[l - 1]?.[i - 1]?.[j - 1];
            const dw = ctx.state.result?.gradients[l - 1].W[i - 1][j - 1];
            setText(title, `${sym('W', l, i, j)} = ${w}, from unit ${j} of layer ${l} to unit ${i} of layer ${l + 1}\n∂J/∂${sym('W', l, i, j)} = ${dw}`);
            ctx.actions.readout(g);
          });
          edgeLayer.append(g);
          edges[l][i][j] = { g, vis, halo, title, label: sym('W', l, i, j), key: null };
        }
      }
    }

    const nodes = [];
    for (let l = 1; l <= L; l += 1) {
      nodes[l] = [];
      for (let i = 1; i <= doc.layers[l - 1]; i += 1) {
        const showDelta = gradients && l > 1;
        const desc = { q: showDelta ? 'delta' : 'a', layer: l, row: i };
        const cx = geo.x(l);
        const cy = geo.y(l, i);
        const rect = s('rect', { x: cx - geo.nodeW / 2, y: cy - geo.nodeH / 2, width: geo.nodeW, height: geo.nodeH, rx: 9 });
        const label = s('text', { class: 'unit-label', x: cx, y: cy - 6, 'text-anchor': 'middle', text: showDelta ? sym('δ', l, i) : sym('a', l, i) });
        const value = s('text', { class: 'unit-value', x: cx, y: cy + 13, 'text-anchor': 'middle' });
        const title = s('title');
        const g = s('g', {
          class: 'unit', tabindex: '0', role: 'button',
          'aria-label': quantityLabel(desc.q, l, i), dataset: { ...hooks(desc), alsoUnit: `${l}:${i}` },
        }, title, rect, label, value);
        g.addEventListener('click', () => ctx.actions.select(desc));
        g.addEventListener('focus', () => { ctx.actions.select(desc); ctx.actions.readout(g); });
        g.addEventListener('mouseenter', () => ctx.actions.readout(g));
        g.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); ctx.actions.select(desc); }
        });
        nodeLayer.append(g);
        nodes[l][i] = { g, rect, label, value, title, name: quantityLabel(desc.q, l, i), key: null };
      }
    }

    // Targets beside the output units, and J below them.
    const ys = [];
    for (let i = 1; i <= doc.layers[L - 1]; i += 1) {
      const t = s('text', {
        class: 'target val', x: geo.x(L) + geo.nodeW / 2 + 10, y: geo.y(L, i) + 5,
        dataset: hooks({ q: 'y', layer: L, row: i }),
      });
      t.addEventListener('click', () => ctx.actions.select({ q: 'y', layer: L, row: i }));
      t.addEventListener('mouseenter', () => ctx.actions.readout(t));
      nodeLayer.append(t);
      ys[i] = t;
    }
    const J = s('text', { class: 'loss val', x: geo.x(L), y: geo.height - 14, 'text-anchor': 'middle', dataset: { quantity: 'J' } });
    J.addEventListener('click', () => ctx.actions.select({ q: 'J' }));
    J.addEventListener('mouseenter', () => ctx.actions.readout(J));
    nodeLayer.append(J);

    scroller.append(svg);
    parts = { nodes, edges, ys, J, L, gradients, nodeW: geo.nodeW };
  }

  function update(state) {
    if (!parts) return;
    const { nodes, edges, ys, J, L, gradients, nodeW } = parts;
    const doc = state.resultDoc ?? state.doc;
    const res = state.result;
    const digits = Math.min(state.digits, 6);
    const unitValue = (l, i) => {
      if (!res) return null;
      const layer = res.layers[l - 1];
      return gradients && l > 1 ? layer.delta[i - 1] : layer.a[i - 1];
    };
    const edgeValue = (l, i, j) => (gradients ? res?.gradients[l - 1].W[i - 1][j - 1] : doc.weights[l - 1]?.[i - 1]?.[j - 1]) ?? null;

    const unitScale = maxAbs(res ? res.layers.map((ly, k) => (gradients && k > 0 ? ly.delta : ly.a)) : []);
    const edgeScale = maxAbs(gradients ? res?.gradients.map((g) => g.W) ?? [] : doc.weights);
    legendWhat.textContent = gradients ? 'δ and ∂J/∂W:' : 'a and W:';
    setText(legendMin, `−${formatNumber(edgeScale, 3)}`);
    setText(legendMax, `+${formatNumber(edgeScale, 3)}`);
    legendBar.style.background = `linear-gradient(to right, ${divergingColor(-1)}, ${divergingColor(0)}, ${divergingColor(1)})`;
    legendMin.title = `edges: largest |${gradients ? '∂J/∂W' : 'W'}| = ${edgeScale}; units: largest |${gradients ? 'δ' : 'a'}| = ${unitScale}`;

    // Many edges between two columns: thinner, so that the picture stays readable.
    const dense = Math.max(...doc.layers.slice(0, -1).map((n, k) => n * doc.layers[k + 1])) > 16;
    for (let l = 1; l < L; l += 1) {
      for (let i = 1; i < edges[l].length; i += 1) {
        for (let j = 1; j < edges[l][i].length; j += 1) {
          const e = edges[l][i][j];
          const v = edgeValue(l, i, j);
          const key = `${v}|${edgeScale}`;
          if (e.key === key) continue; // unchanged: no repaint
          e.key = key;
          const t = normalise(v ?? 0, edgeScale);
          const width = 1 + (dense ? 3.5 : 6) * Math.abs(t);
          // Faint edges stay visible: the colour starts a quarter of the way from grey.
          e.vis.setAttribute('stroke', divergingColor(Math.sign(t) * (0.3 + 0.7 * Math.abs(t))));
          e.vis.setAttribute('stroke-width', width.toFixed(2));
          e.halo.setAttribute('stroke-width', (width + 5).toFixed(2));
          e.g.classList.toggle('negative', (v ?? 0) < 0);
          if (v === null) delete e.g.dataset.value;
          else e.g.dataset.value = String(v);
        }
      }
    }
    for (let l = 1; l <= L; l += 1) {
      for (let i = 1; i < nodes[l].length; i += 1) {
        const n = nodes[l][i];
        const v = unitValue(l, i);
        const key = `${v}|${unitScale}|${digits}`;
        if (n.key === key) continue;
        n.key = key;
        const t = normalise(v ?? 0, unitScale) * 0.85;
        n.rect.setAttribute('fill', divergingColor(t));
        n.label.setAttribute('fill', textOn(t));
        n.value.setAttribute('fill', textOn(t));
        setText(n.value, v === null ? '—' : formatNumber(v, digits));
        // Rarely a value is longer than the box ("−1.234×10⁻⁵"): squeeze it rather than overflow.
        if (n.value.textContent.length * 7.8 > nodeW - 6) {
          n.value.setAttribute('textLength', String(nodeW - 6));
          n.value.setAttribute('lengthAdjust', 'spacingAndGlyphs');
        } else {
          n.value.removeAttribute('textLength');
        }
        if (v === null) delete n.g.dataset.value;
        else n.g.dataset.value = String(v);
        setText(n.title, v === null ? '' : `${n.name} = ${v}`);
      }
    }
    for (let i = 1; i < ys.length; i += 1) {
      const y = doc.target[i - 1];
      setText(ys[i], `${sym('y', null, i)} = ${formatNumber(y, digits)}`);
      ys[i].dataset.value = String(y);
    }
    if (res) {
      setText(J, `J = ${formatNumber(res.loss, digits)}`);
      J.dataset.value = String(res.loss);
    }
  }

  return { el, build, update };
}

