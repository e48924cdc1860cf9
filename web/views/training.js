// The Training view: gradient descent over a data set, in the engine, many epochs per
// animation frame, and (last) the last gradient step with every parameter before and after it.
//
//   step:     W^(l) <- W^(l) - alpha dJ/dW^(l), b^(l) <- b^(l) - alpha dJ/db^(l): the learning rate,
//             every parameter before and after the last step, J before and after
//   data:     a generated set (teach/datasets.js, from a seed) or a CSV (teach/csv.js), made
//             the network's input and target rows with datasetDocument (one undo entry)
//   run:      play / pause / one epoch, full batch or mini-batches, epochs per frame
//   plots:    the loss curve J(epoch) with the value under the pointer, and for a 2-input
//             network the output over the input plane as a heatmap with the data on it
//             (1 input: the fitted curve)
//
// While playing there is ONE live engine network (a compute.js session): created when
// training starts, trainEpochs(k) each frame, disposed when training stops or anything else
// changes the document. The page's parameters (and with them every table) follow the live network at a
// throttled rate (SYNC_MS), so a frame costs the engine's epochs, one predict() over the
// heatmap grid and two small canvases.

import { h, uid, clear, cssScale } from '../dom.js';
import { iconElement } from './icons.js';
import { formatNumber, sup, sym } from '../notation.js';
import { divergingRgb } from '../color.js';
import { DATASETS, datasetDocument } from '../teach/datasets.js';
import { parseCsv } from '../teach/csv.js';
import { exampleCount } from '../batch.js';
import { tooLargeToDraw, weightCount } from './summary.js';

const SYNC_MS = 250; // page update while training
const GRID = 40; // heatmap resolution (GRID × GRID predictions)
const MAX_POINTS = 4096; // loss curve points kept (the stride doubles when full)
const FRAME_BUDGET_MS = 8; // "max" speed: engine time aimed at per frame
const HEAT_MS = 100; // heatmap redraw while training (it changes slowly)
export const SPEEDS = [1, 10, 100, 1000, 'max'];

/** Okabe–Ito colours for k-class data (distinct under colour-vision deficiencies). */
const CLASS_RGB = [[230, 159, 0], [86, 180, 233], [0, 158, 115], [204, 121, 167], [0, 114, 178], [213, 94, 0], [240, 228, 66], [90, 90, 90]];

const DATA_CHOICES = [
  { value: 'xor', text: 'XOR (4 points)' },
  { value: 'and', text: 'AND (4 points)' },
  { value: 'or', text: 'OR (4 points)' },
  { value: 'circles', text: 'two circles' },
  { value: 'spirals', text: 'two spirals' },
  { value: 'blobs', text: 'three gaussian blobs' },
  { value: 'regression', text: '1-D regression: sin 2πx' },
];
const GATES = new Set(['xor', 'and', 'or']);

/** The live-network loop's numbers, for the status line (and the tests). */
function createStats() {
  return { frames: 0, epochs: 0, start: 0, lastFrame: 0, maxFrameMs: 0, deltas: [], engineMs: 0 };
}

export function createTrainingView(ctx) {
  const state0 = () => ctx.store.state;
  // ---- data ----
  const dataSelect = h('select', { dataset: { key: 'dataset' }, 'aria-label': 'data set' },
    DATA_CHOICES.map((c) => h('option', { value: c.value, text: c.text })));
  const seedInput = h('input', { type: 'number', min: '0', max: '4294967295', step: '1', value: '1', class: 'num-input', dataset: { key: 'data-seed' }, 'aria-label': 'data set seed' });
  const countInput = h('input', { type: 'number', min: '2', max: '2000', step: '1', value: '100', class: 'num-input', dataset: { key: 'data-count' }, 'aria-label': 'number of points' });
  const useData = h('button', { type: 'button', class: 'primary', dataset: { key: 'use-dataset' }, text: 'Use this data set' });
  const dataDescription = h('p', { class: 'hint data-description' });
  const dataMessage = h('p', { class: 'field-message', role: 'alert', hidden: true });

  const csvText = h('textarea', { class: 'csv-text', rows: '4', spellcheck: 'false', dataset: { key: 'csv-text' }, 'aria-label': 'CSV data: one row per example, inputs then targets', placeholder: 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0' });
  const csvInputs = h('input', { type: 'number', min: '1', max: '1000', step: '1', class: 'num-input', dataset: { key: 'csv-inputs' }, 'aria-label': 'number of input columns' });
  const csvFile = h('input', { type: 'file', accept: '.csv,.txt,text/csv,text/plain', class: 'sr-only', tabindex: '-1', 'aria-hidden': 'true', dataset: { key: 'csv-file' } });
  const csvLoad = h('button', { type: 'button', dataset: { key: 'csv-load' }, text: 'Load CSV file…' });
  const useCsv = h('button', { type: 'button', dataset: { key: 'use-csv' }, text: 'Use CSV' });
  const csvMessage = h('p', { class: 'field-message csv-message', role: 'alert', hidden: true });

  // ---- run ----
  const group = uid('batch');
  const fullBatch = h('input', { type: 'radio', name: group, value: 'full', checked: true, dataset: { key: 'full-batch' } });
  const miniBatch = h('input', { type: 'radio', name: group, value: 'mini', dataset: { key: 'mini-batch' } });
  const batchInput = h('input', { type: 'number', min: '1', step: '1', value: '8', class: 'num-input', dataset: { key: 'batch-size' }, 'aria-label': 'mini-batch size' });
  const play = h('button', { type: 'button', class: 'primary play', dataset: { key: 'train-play' }, text: '▶ Train' });
  const stepEpoch = h('button', { type: 'button', dataset: { key: 'train-step' }, text: 'One epoch' });
  const speedSelect = h('select', { dataset: { key: 'train-speed' }, 'aria-label': 'epochs per frame' },
    SPEEDS.map((v) => h('option', { value: String(v), text: v === 'max' ? 'as many as fit in a frame' : `${v} epoch${v === 1 ? '' : 's'} per frame` })));
  speedSelect.value = '10';
  const stopAt = h('input', { type: 'number', min: '1', step: '1', class: 'num-input', placeholder: 'never', dataset: { key: 'stop-at' }, 'aria-label': 'stop at epoch' });
  const resetCurve = h('button', { type: 'button', class: 'small-text', dataset: { key: 'curve-reset' }, text: 'Clear curve' });
  const status = h('p', { class: 'train-status', role: 'status', 'aria-live': 'off', dataset: { key: 'train-status' } });
  const message = h('p', { class: 'field-message train-message', role: 'alert', hidden: true });

  // ---- plots ----
  const curveCanvas = h('canvas', { class: 'loss-curve', tabindex: '0', role: 'img', 'aria-label': 'Loss curve: J against epoch (log scale). Arrow keys move the cursor.', dataset: { key: 'loss-curve' } });
  const curveReadout = h('output', { class: 'curve-readout', 'aria-live': 'polite', text: 'Train to draw the loss curve; then point at it to read J.' });
  const heatCanvas = h('canvas', { class: 'heatmap', role: 'img', 'aria-label': 'The network output over the input plane, with the data points' });
  const heatCaption = h('p', { class: 'hint heat-caption' });
  const heatOutput = h('select', { dataset: { key: 'heat-output' }, 'aria-label': 'output unit shown', hidden: true });
  const heatReadout = h('output', { class: 'curve-readout heat-readout' });

  const el = h('div', { class: 'training' },
    h('div', { class: 'train-controls' },
      h('fieldset', { class: 'train-box' },
        h('legend', { text: 'Data' }),
        h('div', { class: 'row' }, h('label', {}, 'data set ', dataSelect), h('label', {}, 'seed ', seedInput), h('label', { class: 'count-label' }, 'points ', countInput), useData),
        dataDescription, dataMessage,
        h('details', { class: 'csv' },
          h('summary', { text: 'Or paste / load a CSV: one row per example, the inputs then the targets' }),
          csvText,
          h('div', { class: 'row' }, h('label', {}, 'input columns ', csvInputs), csvLoad, csvFile, useCsv),
          csvMessage)),
      h('fieldset', { class: 'train-box' },
        h('legend', { text: 'Gradient descent' }),
        h('div', { class: 'row' },
          h('label', { class: 'check' }, fullBatch, ' full batch'),
          h('label', { class: 'check' }, miniBatch, ' mini-batches of ', batchInput)),
        h('div', { class: 'row' }, play, stepEpoch, speedSelect),
        h('div', { class: 'row' }, h('label', {}, 'stop at epoch ', stopAt)),
        h('p', { class: 'hint alpha-hint' }),
        status, message)),
    h('div', { class: 'train-plots' },
      h('figure', { class: 'plot' }, h('figcaption', {}, 'Loss J against epoch ', resetCurve), curveCanvas, curveReadout),
      h('figure', { class: 'plot' }, h('figcaption', {}, h('span', { class: 'heat-title', text: 'Output over the input plane' }), ' ', heatOutput), heatCanvas, heatCaption, heatReadout)));
  const alphaHint = el.querySelector('.alpha-hint');
  if (!ctx.can('trainingUpdate')) {
    // Read-only: training and a new data set change the network, so they are not offered;
    // the plots still show the network as it is.
    el.querySelector('.train-controls').replaceWith(h('p', { class: 'hint readonly-note', dataset: { key: 'training-readonly' },
      text: 'Read-only: training changes the weights, so it is off here. The plot shows the network’s output as it is.' }));
    curveCanvas.closest('figure').hidden = true;
  }
  const stepSection = createStepSection(ctx);

  // ---- session state ----
  let net = null; // the live network while playing
  let raf = 0;
  let firstSync = true;
  let lastSync = 0;
  let epoch = 0; // epochs trained since the curve was cleared
  let points = []; // [epoch, J] at the start of epochs, every `stride`-th
  let stride = 1;
  let cursor = null; // index into points under the pointer
  let stats = createStats();
  let adaptive = 100; // epochs per frame at 'max' speed
  let costPerEpoch = null; // ms, smoothed
  let lastHeat = 0;
  let heatDirty = true;
  let heatDoc = null;
  let grid = null; // { inputs, xs, ys, x0, x1, y0, y1 } for the current data

  const running = () => net !== null;
  const batchSize = () => (miniBatch.checked ? Math.max(1, Math.floor(Number(batchInput.value) || 1)) : 0);
  const showMessage = (box, text) => { box.textContent = text ?? ''; box.hidden = !text; };

  // ---- data set and CSV ----
  function describeChoice() {
    const name = dataSelect.value;
    const gate = GATES.has(name);
    countInput.disabled = gate;
    seedInput.disabled = gate;
    try {
      dataDescription.textContent = generate().description;
    } catch (err) {
      dataDescription.textContent = err.message;
    }
  }
  function generate() {
    const name = dataSelect.value;
    if (GATES.has(name)) return DATASETS[name]();
    const seed = Number(seedInput.value);
    const n = Number(countInput.value);
    return DATASETS[name]({ seed, n });
  }
  dataSelect.addEventListener('change', describeChoice);
  seedInput.addEventListener('input', describeChoice);
  countInput.addEventListener('input', describeChoice);

  function useDataset(dataset, what) {
    let doc;
    try {
      doc = datasetDocument(dataset, state0().doc);
    } catch (err) {
      return { ok: false, message: err.message };
    }
    const notes = [];
    const before = state0().doc;
    const L = doc.layers.length;
    if (doc.layers[0] !== before.layers[0]) notes.push(`layer 1 now has ${doc.layers[0]} unit${doc.layers[0] === 1 ? '' : 's'} (the inputs), W⁽¹⁾ re-initialised from the seed`);
    if (doc.layers[L - 1] !== before.layers[L - 1]) notes.push(`layer ${L} now has ${doc.layers[L - 1]} unit${doc.layers[L - 1] === 1 ? '' : 's'} (the targets), W${sup(`(${L - 1})`)} re-initialised from the seed`);
    const out = Array.isArray(doc.activations) ? doc.activations[L - 2] : doc.activations;
    const negative = dataset.targets.some((row) => row.some((v) => v < 0 || v > 1));
    if (negative && (out === 'sigmoid' || out === 'softmax') && doc.loss === 'mse') {
      // A sigmoid output cannot reach targets outside [0, 1]: make it linear.
      doc.activations = Array.isArray(doc.activations) ? doc.activations.slice() : Array(L - 1).fill(doc.activations);
      doc.activations[L - 2] = 'linear';
      notes.push(`the output layer is now linear (the targets leave [0, 1], which a sigmoid cannot reach)`);
    }
    const m = dataset.inputs.length;
    const note = `${what}: ${m} example${m === 1 ? '' : 's'} are now the batch${notes.length ? `; ${notes.join('; ')}` : ''}. The tables show one example at a time (pick it in the bar above); J and the gradients are means over the batch.`;
    const outcome = ctx.dispatch('loadDocument', { doc, note });
    return outcome.ok ? { ok: true } : { ok: false, message: outcome.message };
  }

  useData.addEventListener('click', () => {
    let dataset;
    try {
      dataset = generate();
    } catch (err) {
      showMessage(dataMessage, `Not used: ${err.message}.`);
      return;
    }
    const r = useDataset(dataset, `Data set ${dataset.name}`);
    showMessage(dataMessage, r.ok ? null : `Not used: ${r.message}. The network is unchanged.`);
  });

  function applyCsv(text, name = 'the CSV') {
    const n = Number(csvInputs.value);
    let dataset;
    try {
      dataset = parseCsv(text, { inputs: Number.isInteger(n) && n >= 1 ? n : undefined });
    } catch (err) {
      showMessage(csvMessage, `${name} was not used: ${err.message}. The network is unchanged.`);
      return false;
    }
    const r = useDataset({ ...dataset, name: 'csv' }, `CSV data (${name})`);
    showMessage(csvMessage, r.ok ? null : `${name} was not used: ${r.message}. The network is unchanged.`);
    return r.ok;
  }
  useCsv.addEventListener('click', () => applyCsv(csvText.value));
  csvLoad.addEventListener('click', () => csvFile.click());
  csvFile.addEventListener('change', async () => {
    const file = csvFile.files?.[0];
    csvFile.value = '';
    if (!file) return;
    if (file.size > 16 * 1024 * 1024) { showMessage(csvMessage, `${file.name} was not used: it is larger than 16 MB. The network is unchanged.`); return; }
    const text = await file.text();
    csvText.value = text;
    csvText.closest('details').open = true;
    applyCsv(text, file.name);
  });

  // ---- the loss curve ----
  let provisional = false; // the last point is kept off the stride until the next epochs come
  function addCurve(values) {
    if (values.length === 0) return;
    if (provisional) { points.pop(); provisional = false; }
    for (const J of values) {
      if (epoch % stride === 0) points.push([epoch, J]);
      epoch += 1;
      if (points.length >= MAX_POINTS) {
        points = points.filter((_, k) => k % 2 === 0);
        stride *= 2;
      }
    }
    const lastEpoch = epoch - 1;
    if (points.length === 0 || points[points.length - 1][0] !== lastEpoch) {
      points.push([lastEpoch, values[values.length - 1]]);
      provisional = true;
    }
  }
  function clearCurve() {
    // Already clear (every edit lands here): no redraw, which would read the canvas's size
    // and so force a layout in the middle of the edit.
    if (epoch === 0 && points.length === 0 && cursor === null && !provisional) return;
    epoch = 0;
    points = [];
    stride = 1;
    provisional = false;
    cursor = null;
    curveReadout.textContent = 'Train to draw the loss curve; then point at it to read J.';
    drawCurve();
  }
  resetCurve.addEventListener('click', clearCurve);

  const PAD = { l: 52, r: 12, t: 10, b: 28 };
  function sizeCanvas(canvas, cssW, cssH) {
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const w = Math.round(cssW * dpr);
    const hgt = Math.round(cssH * dpr);
    if (canvas.width !== w || canvas.height !== hgt) { canvas.width = w; canvas.height = hgt; }
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    return g;
  }
  function curveGeometry() {
    const W = curveCanvas.clientWidth || 360;
    const H = curveCanvas.clientHeight || 220;
    let lo = Infinity;
    let hi = -Infinity;
    for (const [, J] of points) {
      if (J > 0 && Number.isFinite(J)) { lo = Math.min(lo, J); hi = Math.max(hi, J); }
    }
    if (!(hi > 0)) { lo = 0.001; hi = 1; }
    let y0 = Math.floor(Math.log10(Math.max(lo, 1e-12)));
    let y1 = Math.ceil(Math.log10(hi));
    if (y1 <= y0) y1 = y0 + 1;
    const last = Math.max(1, points.length ? points[points.length - 1][0] : 1);
    const x = (e) => PAD.l + (e / last) * (W - PAD.l - PAD.r);
    const y = (J) => PAD.t + (1 - (Math.log10(Math.max(J, 1e-300)) - y0) / (y1 - y0)) * (H - PAD.t - PAD.b);
    return { W, H, x, y, y0, y1, last };
  }
  /** The panel's colours (styles.css, theme-dark.css): the canvases follow the theme. */
  function palette(canvas) {
    const css = getComputedStyle(canvas);
    const get = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
    return { back: get('--panel', '#ffffff'), grid: get('--line', '#e3e5ea'), text: get('--muted', '#5a6070') };
  }
  function drawCurve() {
    const geo = curveGeometry();
    const g = sizeCanvas(curveCanvas, geo.W, geo.H);
    const colours = palette(curveCanvas);
    g.clearRect(0, 0, geo.W, geo.H);
    g.fillStyle = colours.back;
    g.fillRect(0, 0, geo.W, geo.H);
    g.font = '11px system-ui, sans-serif';
    g.strokeStyle = colours.grid;
    g.fillStyle = colours.text;
    g.lineWidth = 1;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let p = geo.y0; p <= geo.y1; p += 1) {
      const yy = Math.round(geo.y(10 ** p)) + 0.5;
      g.beginPath(); g.moveTo(PAD.l, yy); g.lineTo(geo.W - PAD.r, yy); g.stroke();
      g.fillText(`10${supText(p)}`, PAD.l - 6, yy);
    }
    g.textAlign = 'center';
    g.textBaseline = 'top';
    const ticks = points.length > 1 ? [0, 0.5, 1] : [0];
    for (const f of ticks) {
      const e = Math.round(f * geo.last);
      g.textAlign = f === 0 ? 'left' : f === 1 ? 'right' : 'center';
      g.fillText(e.toLocaleString('en-US'), geo.x(e), geo.H - PAD.b + 6);
    }
    g.textAlign = 'center';
    g.fillText('epoch', (PAD.l + geo.W - PAD.r) / 2 + 60, geo.H - PAD.b + 6);
    g.save();
    g.translate(8, PAD.t + (geo.H - PAD.t - PAD.b) / 2);
    g.rotate(-Math.PI / 2);
    g.textAlign = 'center';
    g.fillText('J (log scale)', 0, 0);
    g.restore();
    if (points.length === 0) return;
    g.strokeStyle = '#2166ac';
    g.lineWidth = 1.6;
    g.beginPath();
    points.forEach(([e, J], k) => {
      const px = geo.x(e);
      const py = geo.y(J);
      if (k === 0) g.moveTo(px, py); else g.lineTo(px, py);
    });
    g.stroke();
    if (cursor !== null && points[cursor]) {
      const [e, J] = points[cursor];
      g.strokeStyle = '#b35806';
      g.lineWidth = 1;
      g.beginPath(); g.moveTo(geo.x(e) + 0.5, PAD.t); g.lineTo(geo.x(e) + 0.5, geo.H - PAD.b); g.stroke();
      g.fillStyle = '#b35806';
      g.beginPath(); g.arc(geo.x(e), geo.y(J), 3.5, 0, 2 * Math.PI); g.fill();
    }
  }
  const SUPS = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
  const supText = (p) => Array.from(String(p), (c) => SUPS[c] ?? c).join('');

  function showCursor(k) {
    if (points.length === 0) return;
    cursor = Math.max(0, Math.min(points.length - 1, k));
    const [e, J] = points[cursor];
    curveReadout.textContent = `epoch ${e.toLocaleString('en-US')}: J = ${formatNumber(J, state0().settings.digits)}`;
    curveReadout.title = `J at the start of epoch ${e} = ${J}`;
    curveReadout.dataset.epoch = String(e);
    curveReadout.dataset.value = String(J);
    drawCurve();
  }
  curveCanvas.addEventListener('pointermove', (ev) => {
    if (points.length === 0) return;
    const r = curveCanvas.getBoundingClientRect();
    const geo = curveGeometry();
    // the pointer in the canvas's CSS pixels, also when a slide deck scales the page
    const e = (((ev.clientX - r.left) / cssScale(curveCanvas) - PAD.l) / (geo.W - PAD.l - PAD.r)) * geo.last;
    // points are sorted by epoch: binary search for the nearest
    let lo = 0;
    let hi = points.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (points[mid][0] < e) lo = mid + 1; else hi = mid; }
    if (lo > 0 && Math.abs(points[lo - 1][0] - e) < Math.abs(points[lo][0] - e)) lo -= 1;
    showCursor(lo);
  });
  curveCanvas.addEventListener('keydown', (ev) => {
    if (points.length === 0) return;
    const step = ev.shiftKey ? Math.max(1, Math.round(points.length / 20)) : 1;
    if (ev.key === 'ArrowLeft') { ev.preventDefault(); showCursor((cursor ?? points.length - 1) - step); }
    if (ev.key === 'ArrowRight') { ev.preventDefault(); showCursor((cursor ?? 0) + step); }
    if (ev.key === 'Home') { ev.preventDefault(); showCursor(0); }
    if (ev.key === 'End') { ev.preventDefault(); showCursor(points.length - 1); }
  });

  // ---- the output over the input plane ----
  function makeGrid(doc) {
    const s1 = doc.layers[0];
    if (s1 !== 1 && s1 !== 2) return null;
    const rows = Array.isArray(doc.input[0]) ? doc.input : [doc.input];
    const range = (j) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of rows) { lo = Math.min(lo, r[j]); hi = Math.max(hi, r[j]); }
      if (!(hi > lo)) { lo -= 1; hi += 1; }
      const pad = 0.15 * (hi - lo);
      return [lo - pad, hi + pad];
    };
    const [x0, x1] = range(0);
    if (s1 === 1) {
      const n = 160;
      const xs = Array.from({ length: n }, (_, k) => x0 + ((x1 - x0) * k) / (n - 1));
      return { dims: 1, x0, x1, xs, inputs: xs.map((v) => [v]), rows };
    }
    const [y0, y1] = range(1);
    const inputs = [];
    for (let r = 0; r < GRID; r += 1) {
      const yv = y1 - ((y1 - y0) * (r + 0.5)) / GRID; // top row = largest x2
      for (let c = 0; c < GRID; c += 1) inputs.push([x0 + ((x1 - x0) * (c + 0.5)) / GRID, yv]);
    }
    return { dims: 2, x0, x1, y0, y1, inputs, rows };
  }

  /** Colour of an output row: classes for softmax / one-hot targets, else a diverging scale. */
  function colourer(doc) {
    const L = doc.layers.length;
    const sL = doc.layers[L - 1];
    const acts = Array.isArray(doc.activations) ? doc.activations : Array(L - 1).fill(doc.activations);
    const targets = Array.isArray(doc.target[0]) ? doc.target : [doc.target];
    if (sL > 1 && (acts[L - 2] === 'softmax' || heatOutput.value === 'class')) {
      return {
        kind: 'classes',
        rgb(out) {
          let k = 0;
          for (let j = 1; j < out.length; j += 1) if (out[j] > out[k]) k = j;
          const sum = out.reduce((acc, v) => acc + Math.max(0, v), 0) || 1;
          const p = Math.max(0, out[k]) / sum;
          const c = CLASS_RGB[k % CLASS_RGB.length];
          const t = 0.25 + 0.75 * Math.max(0, Math.min(1, (p - 1 / out.length) / (1 - 1 / out.length)));
          return c.map((v) => 255 + (v - 255) * t * 0.85);
        },
        point(y) {
          let k = 0;
          for (let j = 1; j < y.length; j += 1) if (y[j] > y[k]) k = j;
          return CLASS_RGB[k % CLASS_RGB.length];
        },
      };
    }
    const unit = Math.min(sL, Math.max(1, Number(heatOutput.value) || 1)) - 1;
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of targets) { lo = Math.min(lo, row[unit]); hi = Math.max(hi, row[unit]); }
    if (acts[L - 2] === 'sigmoid' || (lo >= 0 && hi <= 1)) { lo = Math.min(lo, 0); hi = Math.max(hi, 1); }
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    const t = (v) => Math.max(-1, Math.min(1, (2 * (v - lo)) / (hi - lo) - 1));
    return { kind: 'scale', unit, lo, hi, rgb: (out) => divergingRgb(t(out[unit]) * 0.8), point: (y) => divergingRgb(t(y[unit])), t };
  }

  function heatOptions(doc) {
    const L = doc.layers.length;
    const sL = doc.layers[L - 1];
    const acts = Array.isArray(doc.activations) ? doc.activations : Array(L - 1).fill(doc.activations);
    const softmax = acts[L - 2] === 'softmax';
    const key = `${sL}|${softmax}`;
    if (heatOutput.dataset.shape === key) return;
    heatOutput.dataset.shape = key;
    heatOutput.replaceChildren();
    if (sL > 1 && !softmax) heatOutput.append(h('option', { value: 'class', text: 'largest output' }));
    if (!softmax) for (let k = 1; k <= sL; k += 1) heatOutput.append(h('option', { value: String(k), text: `output ${k}` }));
    heatOutput.hidden = sL === 1 || softmax;
    heatOutput.value = sL > 1 && !softmax ? '1' : heatOutput.value;
  }
  heatOutput.addEventListener('change', () => { heatDirty = true; drawHeat(); });

  function drawHeat(liveNet = null) {
    const doc = state0().doc;
    // The canvas keeps its box (styles.css: square, at most 320 px): drawing sizes the bitmap only.
    const W = heatCanvas.clientWidth || Math.min(320, Math.max(200, heatCanvas.parentElement?.clientWidth ?? 300));
    if (!grid || heatDoc !== doc.input) { grid = makeGrid(doc); heatDoc = doc.input; }
    if (!grid) {
      heatCanvas.hidden = true;
      heatDirty = false;
      heatCaption.textContent = `A network with ${doc.layers[0]} inputs has no input plane to draw: the heatmap needs 1 or 2 inputs.`;
      return;
    }
    heatCanvas.hidden = false;
    heatOptions(doc);
    let out;
    try {
      out = liveNet ? liveNet.predict(grid.inputs) : ctx.compute.predict(doc, grid.inputs);
    } catch {
      return; // a document the engine refuses is reported elsewhere
    }
    const col = colourer(doc);
    const H = W;
    const g = sizeCanvas(heatCanvas, W, H);
    const px = (x) => ((x - grid.x0) / (grid.x1 - grid.x0)) * W;
    if (grid.dims === 2) {
      const img = new ImageData(GRID, GRID);
      out.forEach((row, k) => {
        const [r, gg, b] = col.rgb(row);
        img.data[4 * k] = r; img.data[4 * k + 1] = gg; img.data[4 * k + 2] = b; img.data[4 * k + 3] = 255;
      });
      const tmp = heatCanvas._tmp ?? (heatCanvas._tmp = document.createElement('canvas'));
      tmp.width = GRID; tmp.height = GRID;
      tmp.getContext('2d').putImageData(img, 0, 0);
      g.imageSmoothingEnabled = true;
      g.drawImage(tmp, 0, 0, W, H);
      const py = (y) => ((grid.y1 - y) / (grid.y1 - grid.y0)) * H;
      const targets = Array.isArray(doc.target[0]) ? doc.target : [doc.target];
      const r = grid.rows.length > 200 ? 3 : 4.5;
      grid.rows.forEach((row, e) => {
        const c = col.point(targets[e]);
        g.beginPath();
        g.arc(px(row[0]), py(row[1]), r, 0, 2 * Math.PI);
        g.fillStyle = `rgb(${c.map(Math.round).join(',')})`;
        g.fill();
        g.lineWidth = 1.2;
        g.strokeStyle = '#111';
        g.stroke();
      });
      heatCaption.textContent = col.kind === 'classes'
        ? `Colour: the class with the largest output (paler where the network is unsure); dots: the data, coloured by their target class. x₁ from ${formatNumber(grid.x0, 3)} to ${formatNumber(grid.x1, 3)} (left to right), x₂ from ${formatNumber(grid.y0, 3)} to ${formatNumber(grid.y1, 3)} (bottom to top).`
        : `Colour: output ${col.unit + 1} of the network, orange ${formatNumber(col.lo, 3)} to blue ${formatNumber(col.hi, 3)}; dots: the data, coloured by their target. x₁ left to right (${formatNumber(grid.x0, 3)} … ${formatNumber(grid.x1, 3)}), x₂ bottom to top (${formatNumber(grid.y0, 3)} … ${formatNumber(grid.y1, 3)}).`;
    } else {
      const colours = palette(heatCanvas);
      g.fillStyle = colours.back;
      g.fillRect(0, 0, W, H);
      const targets = Array.isArray(doc.target[0]) ? doc.target : [doc.target];
      const unit = col.kind === 'scale' ? col.unit : 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (const t of targets) { lo = Math.min(lo, t[unit]); hi = Math.max(hi, t[unit]); }
      for (const o of out) { lo = Math.min(lo, o[unit]); hi = Math.max(hi, o[unit]); }
      if (!(hi > lo)) { lo -= 1; hi += 1; }
      const pad = 0.08 * (hi - lo);
      lo -= pad; hi += pad;
      const py = (v) => ((hi - v) / (hi - lo)) * H;
      g.strokeStyle = colours.grid;
      g.beginPath(); g.moveTo(0, py(0)); g.lineTo(W, py(0)); g.stroke();
      g.fillStyle = '#b35806';
      grid.rows.forEach((row, e) => { g.beginPath(); g.arc(px(row[0]), py(targets[e][unit]), 3.5, 0, 2 * Math.PI); g.fill(); });
      g.strokeStyle = '#2166ac';
      g.lineWidth = 2;
      g.beginPath();
      out.forEach((o, k) => { const X = px(grid.xs[k]); const Y = py(o[unit]); if (k === 0) g.moveTo(X, Y); else g.lineTo(X, Y); });
      g.stroke();
      heatCaption.textContent = `One input: the network's output ${unit + 1} (blue line) against x₁ from ${formatNumber(grid.x0, 3)} to ${formatNumber(grid.x1, 3)}, and the data (orange dots).`;
    }
    heatDirty = false;
  }
  heatCanvas.addEventListener('pointermove', (ev) => {
    if (!grid) return;
    const r = heatCanvas.getBoundingClientRect();
    const x = grid.x0 + ((ev.clientX - r.left) / r.width) * (grid.x1 - grid.x0);
    if (grid.dims === 1) { heatReadout.textContent = `x₁ = ${formatNumber(x, 3)}`; return; }
    const y = grid.y1 - ((ev.clientY - r.top) / r.height) * (grid.y1 - grid.y0);
    let out = null;
    try {
      out = net ? net.predict([x, y]) : ctx.compute.predict(state0().doc, [x, y]);
    } catch { return; }
    heatReadout.textContent = `x = (${formatNumber(x, 3)}, ${formatNumber(y, 3)}): a⁽ᴸ⁾ = (${out.map((v) => formatNumber(v, 3)).join(', ')})`;
  });

  // ---- the loop ----
  function sync() {
    const first = firstSync;
    firstSync = false;
    lastSync = performance.now();
    own = true;
    try {
      return ctx.dispatch('trainingUpdate', { ...net.parameters(), first });
    } finally {
      own = false;
    }
  }

  function start() {
    if (running()) return;
    showMessage(message, null);
    try {
      net = ctx.compute.session(state0().doc);
    } catch (err) {
      net = null;
      showMessage(message, `Cannot train: ${err.message}`);
      return;
    }
    firstSync = true;
    lastSync = performance.now();
    costPerEpoch = null;
    stats = createStats();
    stats.start = performance.now();
    raf = requestAnimationFrame(frame);
    paintControls();
  }

  /** Stops the loop; with keep, the page takes the live network's parameters first. */
  function stop({ keep = true } = {}) {
    cancelAnimationFrame(raf);
    raf = 0;
    if (!net) return;
    const live = net;
    if (keep) sync();
    net = null; // before dispose: a sync's listeners see training as over
    live.dispose();
    paintControls();
    paintStatus(); // the sync above painted it while still running: now it says stopped
  }

  function trainOnce(liveNet, k) {
    const t0 = performance.now();
    let curve;
    try {
      curve = liveNet.trainEpochs(k, { learningRate: state0().doc.learningRate, batchSize: batchSize() });
    } catch (err) {
      if (err.name === 'DivergenceError') {
        addCurve(err.curve ?? []);
        return { diverged: err };
      }
      return { error: err };
    } finally {
      stats.engineMs += performance.now() - t0;
    }
    addCurve(curve);
    stats.epochs += k;
    return { ms: performance.now() - t0 };
  }

  function frame(now) {
    raf = 0;
    if (!net) return;
    const t0 = performance.now();
    if (stats.lastFrame) {
      const d = now - stats.lastFrame;
      stats.deltas.push(d);
      if (stats.deltas.length > 600) stats.deltas.shift();
    }
    stats.lastFrame = now;
    stats.frames += 1;
    // A frame that updates the page trains nothing more: the two together could pass 50 ms.
    if (t0 - lastSync >= SYNC_MS) {
      sync();
      if (!net) return; // a listener stopped us
      stats.maxSyncMs = Math.max(stats.maxSyncMs ?? 0, performance.now() - t0);
      paintStatus();
      raf = requestAnimationFrame(frame);
      return;
    }
    const speed = speedSelect.value;
    let k = speed === 'max' ? adaptive : Number(speed);
    const limit = Math.floor(Number(stopAt.value));
    const left = stopAt.value !== '' && limit >= 1 ? limit - epoch : Infinity;
    if (left <= 0) { stop(); paintStatus(); return; }
    k = Math.min(k, left);
    const r = trainOnce(net, k);
    if (r.diverged || r.error) {
      stop();
      const text = r.diverged ? `Training stopped: ${r.diverged.message}` : `Training stopped: ${r.error.message}`;
      showMessage(message, text);
      ctx.dispatch('showMessage', { text });
      return;
    }
    if (speed === 'max' && k >= 8) {
      // Aim at FRAME_BUDGET_MS of engine time, from a smoothed cost per epoch (one slow or
      // fast frame does not swing it), growing at most 1.5× a frame.
      const per = r.ms / k;
      costPerEpoch = costPerEpoch === null ? per : 0.8 * costPerEpoch + 0.2 * per;
      const want = Math.floor(FRAME_BUDGET_MS / Math.max(costPerEpoch, 1e-6));
      adaptive = Math.max(8, Math.min(Math.ceil(adaptive * 1.5), want));
    }
    if (k === left) { // reached the epoch to stop at
      drawCurve();
      stop();
      drawHeat();
      paintStatus();
      return;
    }
    const t1 = performance.now();
    stats.maxEngineMs = Math.max(stats.maxEngineMs ?? 0, t1 - t0);
    drawCurve();
    if (t1 - lastHeat >= HEAT_MS) { drawHeat(net); lastHeat = t1; }
    stats.maxDrawMs = Math.max(stats.maxDrawMs ?? 0, performance.now() - t1);
    paintStatus();
    const work = performance.now() - t0;
    stats.maxFrameMs = Math.max(stats.maxFrameMs, work);
    raf = requestAnimationFrame(frame);
  }

  function oneEpoch() {
    if (running()) stop();
    showMessage(message, null);
    let live;
    try {
      live = ctx.compute.session(state0().doc);
    } catch (err) {
      showMessage(message, `Cannot train: ${err.message}`);
      return;
    }
    try {
      const r = trainOnce(live, 1);
      if (r.error) { showMessage(message, `Cannot train: ${r.error.message}`); return; }
      if (r.diverged) { const text = `Training stopped: ${r.diverged.message}`; showMessage(message, text); ctx.dispatch('showMessage', { text }); return; }
      own = true;
      try {
        ctx.dispatch('trainingUpdate', { ...live.parameters(), first: true });
      } finally {
        own = false;
      }
    } finally {
      live.dispose();
    }
    drawCurve();
    heatDirty = true;
    drawHeat();
    paintStatus();
  }

  play.addEventListener('click', () => (running() ? stop() : start()));
  stepEpoch.addEventListener('click', oneEpoch);
  for (const r of [fullBatch, miniBatch]) r.addEventListener('change', paintControls);

  // Anything but training that changes the document ends the session and the curve (a
  // change of α alone does not: training goes on with the new one).
  let own = false; // a document change this view is making
  function changed(state, prev) {
    if (!prev || state.doc === prev.doc || own) return;
    const onlyAlpha = state.doc.weights === prev.doc.weights && state.doc.biases === prev.doc.biases
      && state.doc.input === prev.doc.input && state.doc.target === prev.doc.target && state.doc.learningRate !== prev.doc.learningRate;
    if (onlyAlpha) return;
    if (running()) stop({ keep: false });
    clearCurve();
    heatDirty = true;
  }

  function paintControls() {
    play.replaceChildren(iconElement(running() ? 'pause' : 'play'), running() ? ' Pause' : ' Train');
    play.setAttribute('aria-pressed', running() ? 'true' : 'false');
    batchInput.disabled = !miniBatch.checked;
  }

  function paintStatus() {
    const d = stats.deltas;
    const secs = ((running() ? performance.now() : stats.lastFrame || stats.start) - stats.start) / 1000;
    const fps = d.length ? 1000 / (d.reduce((a, b) => a + b, 0) / d.length) : 0;
    const eps = secs > 0 ? stats.epochs / secs : 0;
    // While playing, J of the last epoch trained; else J of the page's network (after it).
    const J = running() && points.length ? points[points.length - 1][1] : ctx.pass(state0()).result.loss;
    const parts = [`epoch ${epoch.toLocaleString('en-US')}`];
    if (J !== undefined && J !== null) parts.push(`J = ${formatNumber(J, 4)}`);
    if (running() && stats.frames > 5) parts.push(`${Math.round(eps).toLocaleString('en-US')} epochs/s`, `${fps.toFixed(0)} frames/s`);
    status.textContent = parts.join(' · ');
    status.dataset.epoch = String(epoch);
    status.dataset.running = String(running());
    status.dataset.epochsPerSecond = String(eps);
    status.dataset.fps = String(fps);
    status.dataset.maxFrameMs = String(stats.maxFrameMs);
    status.dataset.maxEngineMs = String(stats.maxEngineMs ?? 0);
    status.dataset.maxSyncMs = String(stats.maxSyncMs ?? 0);
    status.dataset.maxDrawMs = String(stats.maxDrawMs ?? 0);
    status.dataset.maxFrameDeltaMs = String(d.length ? Math.max(...d) : 0);
  }

  // ---- drawing with the page ----
  let shownDoc = null;
  function update(state, prev) {
    changed(state, prev);
    stepSection.update(state);
    heatOptions(state.doc); // the output chooser takes its final size in the first frame
    const m = exampleCount(state.doc);
    alphaHint.textContent = `Learning rate α = ${state.doc.learningRate} (α in the bar above, or in its settings menu on a small screen). ${m > 1 ? `${m} examples: an epoch is ${miniBatch.checked ? `⌈${m}/batch size⌉ steps` : 'one step on all of them'}.` : 'One example: each epoch is one step on it; choose a data set to train on a batch.'}`;
    batchInput.max = String(Math.max(1, m));
    if (!csvInputs.value) csvInputs.value = String(state.doc.layers[0]);
    paintControls();
    if (running()) return; // the loop draws
    if (state.doc !== shownDoc) {
      shownDoc = state.doc;
      heatDirty = true;
    }
    if (heatDirty) scheduleHeat();
    paintStatus();
  }

  // Off screen, the heatmap waits until it is scrolled into view; on screen it is redrawn a
  // moment after the edits stop, so that typing into a field stays as fast as without it.
  let onScreen = typeof IntersectionObserver === 'undefined';
  let heatTimer = 0;
  function scheduleHeat() {
    if (!onScreen) return;
    clearTimeout(heatTimer);
    heatTimer = setTimeout(() => { if (!running() && heatDirty) drawHeat(); }, 60);
  }
  if (!onScreen) {
    new IntersectionObserver((entries) => {
      onScreen = entries.some((e) => e.isIntersecting);
      if (onScreen && heatDirty) scheduleHeat();
    }).observe(heatCanvas.parentElement);
  }

  describeChoice();
  requestAnimationFrame(() => drawCurve());

  // Last: its tables come and go with each step, and nothing is under them to move.
  el.append(stepSection.el);

  return {
    el,
    update,
    destroy() {
      stop({ keep: false });
      clearTimeout(heatTimer);
    },
    stop: () => stop(),
    /** For tests and demos: the loop's numbers. */
    stats: () => ({ ...stats, epoch, running: running() }),
  };
}

/**
 * One gradient descent step, W^(l) <- W^(l) - alpha dJ/dW^(l), b^(l) <- b^(l) - alpha dJ/db^(l):
 * every parameter before and after the last step, and J before and after (until the next edit).
 */
function createStepSection(ctx) {
  const title = h('h3', { class: 'block-title' });
  ctx.tex(title, 'W^{(l)} \\leftarrow W^{(l)} - \\alpha \\frac{\\partial J}{\\partial W^{(l)}}, \\qquad b^{(l)} \\leftarrow b^{(l)} - \\alpha \\frac{\\partial J}{\\partial b^{(l)}}');
  // The bar has the button; an embed without it gets one here.
  const button = ctx.can('step') && !(ctx.part('bar') && ctx.part('step'))
    ? h('button', { type: 'button', class: 'primary', dataset: { key: 'step-2' } }, iconElement('step'), ' Gradient step (changes the weights)')
    : null;
  button?.addEventListener('click', () => ctx.dispatch('step'));
  const summary = h('p', { class: 'step-summary', 'aria-live': 'polite' });
  const tables = h('div', { class: 'step-tables' });
  const el = h('div', { class: 'block step', dataset: { block: 'step' } }, title,
    h('p', { class: 'block-note', text: 'Each parameter moves against its gradient, by α times it. The tables keep the numbers from before and after the last step until the next edit.' }),
    button, summary, tables);
  let shown = null;

  const pair = (before, after, digits) => {
    const td = h('td', { class: 'before-after', tabindex: '0' },
      h('span', { class: 'before', text: formatNumber(before, digits) }),
      h('span', { class: 'arrow', 'aria-label': 'becomes', text: ' → ' }),
      h('span', { class: 'after', text: formatNumber(after, digits) }));
    td.title = `before ${before}, after ${after} (change ${after - before})`;
    return td;
  };

  function update(state) {
    const st = state.lastStep;
    const d = state.settings.digits;
    const key = st ? `${d}:${st.count}:${st.after === state.doc}` : `none:${state.doc.learningRate}`;
    if (key === shown) return;
    shown = key;
    clear(tables);
    if (!ctx.can('step')) {
      summary.textContent = 'Read-only: a gradient step changes the weights, so it is off here.';
      return;
    }
    if (!st || st.after !== state.doc) {
      summary.textContent = `Press “Gradient step (changes the weights)” to take one step of gradient descent with α = ${state.doc.learningRate}; the parameters before and after it show here.`;
      return;
    }
    const Jbefore = ctx.compute.pass(st.before, state.plantedBug).result.loss;
    const Jafter = ctx.pass(state).batch.result.loss;
    summary.textContent = `Step ${st.count} with α = ${st.alpha}: J went from ${formatNumber(Jbefore, d)} to ${formatNumber(Jafter, d)} (${Jafter <= Jbefore ? 'down' : 'up'} by ${formatNumber(Math.abs(Jafter - Jbefore), d)}).`;
    summary.title = `J before = ${Jbefore}, J after = ${Jafter}`;
    if (tooLargeToDraw(state.doc.layers)) {
      tables.append(h('p', { class: 'hint', text: `${weightCount(state.doc.layers).toLocaleString('en')} weights are too many to list one by one: the summary above the views shows every matrix after the step.` }));
      return;
    }
    const L = st.before.layers.length;
    for (let l = 1; l < L; l += 1) {
      const Wb = st.before.weights[l - 1];
      const Wa = st.after.weights[l - 1];
      const bb = st.before.biases[l - 1];
      const ba = st.after.biases[l - 1];
      const head = h('tr', {}, h('td', { class: 'corner' }));
      for (let j = 1; j <= Wb[0].length; j += 1) head.append(h('th', { scope: 'col', text: `j = ${j}` }));
      head.append(h('th', { scope: 'col', text: `b${sup(`(${l})`)}` }));
      const tbody = h('tbody');
      Wb.forEach((row, i) => {
        const tr = h('tr', {}, h('th', { scope: 'row', text: `i = ${i + 1}` }));
        row.forEach((w, j) => {
          const td = pair(w, Wa[i][j], d);
          td.setAttribute('aria-label', `${sym('W', l, i + 1, j + 1)}: ${formatNumber(w, d)} becomes ${formatNumber(Wa[i][j], d)}`);
          tr.append(td);
        });
        const tb = pair(bb[i], ba[i], d);
        tb.setAttribute('aria-label', `${sym('b', l, i + 1)}: ${formatNumber(bb[i], d)} becomes ${formatNumber(ba[i], d)}`);
        tr.append(tb);
        tbody.append(tr);
      });
      tables.append(h('div', { class: 'table-scroll', tabindex: '-1' },
        h('table', { class: 'mtable step-table' },
          h('caption', { text: `W${sup(`(${l})`)} and b${sup(`(${l})`)}: before → after` }),
          h('thead', {}, head), tbody)));
    }
  }

  return { el, update };
}
