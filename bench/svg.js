// The size-sweep chart, as hand-written SVG (no chart library): for each implementation a
// panel of time per training step and one of GFLOP/s against the width w of a [w, w, w]
// network, one line per batch size m, both axes logarithmic; and the ratios of the engine's
// WebAssembly to native and of TF.js-wasm to the engine's WebAssembly.

const COLORS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b'];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

const esc = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v) => (Math.abs(v - Math.round(v)) < 1e-9 ? String(Math.round(v)) : String(+v.toPrecision(3)));

function timeLabel(ns) {
  if (ns >= 1e9) return `${fmt(ns / 1e9)} s`;
  if (ns >= 1e6) return `${fmt(ns / 1e6)} ms`;
  if (ns >= 1e3) return `${fmt(ns / 1e3)} µs`;
  return `${fmt(ns)} ns`;
}

/** Decades covering [lo, hi] (log axis), at least one decade. */
function decades(lo, hi) {
  const a = Math.floor(Math.log10(lo));
  const b = Math.max(a + 1, Math.ceil(Math.log10(hi)));
  return [a, b];
}

/**
 * One panel. series: [{ label, color, points: [[x, y], ...] }]; x on a log2 axis of `xs`;
 * y: { log: true, range: [lo, hi] (decade exponents), label(v) } or { log: false, max, ticks, label(v), ref }.
 */
function panel({ x0, y0, w, h, title, xs, series, y }) {
  const out = [];
  const lx = (v) => x0 + ((Math.log2(v) - Math.log2(xs[0])) / (Math.log2(xs[xs.length - 1]) - Math.log2(xs[0]))) * w;
  let ly;
  let ticks;
  if (y.log) {
    const [a, b] = y.range;
    ly = (v) => y0 + h - ((Math.log10(v) - a) / (b - a)) * h;
    ticks = [];
    for (let e = a; e <= b; ++e) for (const f of y.steps ?? [1]) if (f * 10 ** e <= 10 ** b * 1.0001) ticks.push(f * 10 ** e);
  } else {
    ly = (v) => y0 + h - (v / y.max) * h;
    ticks = y.ticks;
  }
  out.push(`<text x="${x0 + w / 2}" y="${y0 - 8}" text-anchor="middle" font-size="13" font-weight="600">${esc(title)}</text>`);
  out.push(`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="#fcfcfc" stroke="#bbb"/>`);
  for (const t of ticks) {
    const yy = ly(t);
    if (yy < y0 - 0.5 || yy > y0 + h + 0.5) continue;
    out.push(`<line x1="${x0}" x2="${x0 + w}" y1="${yy}" y2="${yy}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${x0 - 5}" y="${yy + 4}" text-anchor="end" font-size="10" fill="#555">${esc(y.label(t))}</text>`);
  }
  if (y.ref !== undefined) {
    const yy = ly(y.ref);
    out.push(`<line x1="${x0}" x2="${x0 + w}" y1="${yy}" y2="${yy}" stroke="#c00" stroke-dasharray="4 3"/>`);
    if (y.refLabel) out.push(`<text x="${x0 + w - 3}" y="${yy - 3}" text-anchor="end" font-size="10" fill="#c00">${esc(y.refLabel)}</text>`);
  }
  for (const v of xs) {
    const xx = lx(v);
    out.push(`<line x1="${xx}" x2="${xx}" y1="${y0 + h}" y2="${y0 + h + 4}" stroke="#888"/>`);
    out.push(`<text x="${xx}" y="${y0 + h + 15}" text-anchor="middle" font-size="10" fill="#555">${v}</text>`);
  }
  out.push(`<text x="${x0 + w / 2}" y="${y0 + h + 29}" text-anchor="middle" font-size="10" fill="#333">width w of a [w, w, w] network</text>`);
  for (const s of series) {
    const pts = s.points.filter(([, v]) => Number.isFinite(v) && v > 0).map(([xv, v]) => `${lx(xv).toFixed(1)},${ly(v).toFixed(1)}`);
    if (pts.length === 0) continue;
    out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="1.6"/>`);
    for (const p of pts) {
      const [cx, cy] = p.split(',');
      out.push(`<circle cx="${cx}" cy="${cy}" r="2" fill="${s.color}"/>`);
    }
  }
  return out.join('\n');
}

/**
 * sweep: { widths, batches, impls: { native|wasm|tfjsWasm: { 'wxm': { ns, gflops } } } }
 * meta: { title, subtitle }
 */
export function sweepChart(sweep, meta) {
  const { widths, batches } = sweep;
  const impls = [
    ['native', 'native (g++ -O3 -march=native)'],
    ['wasm', 'engine in WebAssembly, net.train()'],
    ['tfjsWasm', 'TF.js wasm backend (float32)'],
  ].filter(([key]) => sweep.impls[key]);
  const W = 330;
  const H = 220;
  const left = 70;
  const gapX = 95;
  const top = 70;
  const gapY = 80;
  const width = left + impls.length * W + (impls.length - 1) * gapX + 30;
  const height = top + 2 * (H + gapY) + (H - 40) + 45;
  const values = (key, field) => Object.values(sweep.impls[key]).map((v) => v[field]).filter((v) => Number.isFinite(v) && v > 0);
  const all = (field) => impls.flatMap(([key]) => values(key, field));
  const timeRange = decades(Math.min(...all('ns')), Math.max(...all('ns')));
  const flopRange = decades(Math.min(...all('gflops')), Math.max(...all('gflops')));
  const seriesOf = (key, field) =>
    batches.map((m, k) => ({
      label: `m = ${m}`,
      color: COLORS[Math.round((k * (COLORS.length - 1)) / Math.max(1, batches.length - 1))],
      points: widths.map((w) => [w, sweep.impls[key][`${w}x${m}`]?.[field]]),
    }));
  const parts = [];
  parts.push(`<text x="${left}" y="24" font-size="16" font-weight="700">${esc(meta.title)}</text>`);
  parts.push(`<text x="${left}" y="44" font-size="11" fill="#444">${esc(meta.subtitle)}</text>`);
  impls.forEach(([key, title], k) => {
    const x0 = left + k * (W + gapX);
    parts.push(panel({ x0, y0: top, w: W, h: H, title: `${title}: time per step`, xs: widths, series: seriesOf(key, 'ns'),
      y: { log: true, range: timeRange, label: timeLabel } }));
    parts.push(panel({ x0, y0: top + H + gapY, w: W, h: H, title: `${title}: GFLOP/s`, xs: widths, series: seriesOf(key, 'gflops'),
      y: { log: true, range: flopRange, label: (v) => `${fmt(v)}` } }));
  });
  // ratios
  const ratioPanels = [];
  if (sweep.impls.wasm && sweep.impls.native) ratioPanels.push(['wasm', 'native', 'WebAssembly time ÷ native time', 2, 'target ≤ 2×']);
  if (sweep.impls.tfjsWasm && sweep.impls.wasm) ratioPanels.push(['tfjsWasm', 'wasm', 'TF.js-wasm time ÷ engine WebAssembly time', 1, 'equal']);
  ratioPanels.forEach(([a, b, title, ref, refLabel], k) => {
    const series = batches.map((m, i) => ({
      color: COLORS[Math.round((i * (COLORS.length - 1)) / Math.max(1, batches.length - 1))],
      points: widths.map((w) => {
        const p = sweep.impls[a][`${w}x${m}`]?.ns;
        const q = sweep.impls[b][`${w}x${m}`]?.ns;
        return [w, p && q ? p / q : NaN];
      }),
    }));
    const values = series.flatMap((x) => x.points.map(([, v]) => v)).filter((v) => Number.isFinite(v) && v > 0);
    const range = decades(Math.min(ref, ...values), Math.max(ref * 1.01, ...values));
    parts.push(panel({ x0: left + k * (W + gapX), y0: top + 2 * (H + gapY), w: W, h: H - 40, title, xs: widths, series,
      y: { log: true, range, steps: [1, 2, 5], label: (v) => `${fmt(v)}×`, ref, refLabel } }));
  });
  // legend
  const lx0 = left + ratioPanels.length * (W + gapX);
  parts.push(`<text x="${lx0}" y="${top + 2 * (H + gapY) + 4}" font-size="12" font-weight="600">batch size m</text>`);
  batches.forEach((m, k) => {
    const color = COLORS[Math.round((k * (COLORS.length - 1)) / Math.max(1, batches.length - 1))];
    const yy = top + 2 * (H + gapY) + 22 + k * 16;
    parts.push(`<line x1="${lx0}" x2="${lx0 + 22}" y1="${yy - 4}" y2="${yy - 4}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${lx0 + 28}" y="${yy}" font-size="11">m = ${m}</text>`);
  });
  parts.push(`<text x="${lx0}" y="${top + 2 * (H + gapY) + 40 + batches.length * 16}" font-size="10" fill="#555">FLOPs per step: the matrix products and</text>`);
  parts.push(`<text x="${lx0}" y="${top + 2 * (H + gapY) + 53 + batches.length * 16}" font-size="10" fill="#555">the update, 10 w² m + 4 w² (bench/workloads.js)</text>`);
  const finalHeight = Math.max(height, top + 2 * (H + gapY) + 70 + batches.length * 16);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${finalHeight}" viewBox="0 0 ${width} ${finalHeight}" ${FONT}>
<rect width="100%" height="100%" fill="#fff"/>
${parts.join('\n')}
</svg>
`;
}
