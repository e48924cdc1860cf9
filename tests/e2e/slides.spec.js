// The element in a reveal.js deck (reveal.js from npm). Reveal scales each slide to the window
// with a CSS transform, so a CSS pixel of the element is not a screen pixel: every place the
// page turns pointer coordinates into its own must allow for that. At two window sizes (the
// slide scaled down and up), clicking a cell, an edge of the diagram, pointing at the loss
// curve and at the heatmap, and a tip's place under its control must all be right.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTIFACTS, watchProblems } from './helpers.js';

const REVEAL = fileURLToPath(new URL('../../node_modules/reveal.js/dist/', import.meta.url));

const DECK = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Backprop deck</title>
<link rel="stylesheet" href="reveal/reveal.css"><link rel="stylesheet" href="reveal/theme/white.css">
<script src="../backprop-sandbox.js"></script></head><body>
<div class="reveal"><div class="slides">
  <section><h2>Backpropagation</h2><p>The next slide is live.</p></section>
  <section><backprop-sandbox id="live" preset="xor-221" views="network,forward,training" style="font-size: 16px; text-align: left"></backprop-sandbox></section>
</div></div>
<script src="reveal/reveal.js"></script>
<script>Reveal.initialize({ width: 1280, height: 1100, hash: false, controls: false, progress: false, transition: 'none' });</script>
</body></html>`;

/** The check's pickers follow the selection: [quantity, l, i, j] (j only for a matrix). */
const checkPickers = (sandbox) => sandbox.evaluate((el) => ['check-q', 'check-layer', 'check-row', 'check-col']
  .map((k) => el.shadowRoot.querySelector(`[data-key="${k}"]`)).filter((p) => p && !p.hidden && !p.closest('[hidden]')).map((p) => p.value));

for (const [width, height] of [[1000, 640], [2400, 1500]]) {
  test(`reveal.js at ${width}×${height}: cells, edges, the loss curve, the heatmap and tips hit their targets`, async ({ page }) => {
    const problems = watchProblems(page);
    await page.setViewportSize({ width, height });
    const base = process.env.BP_E2E_BASE_URL;
    await page.route(`${base}deck/index.html`, (route) => route.fulfill({ contentType: 'text/html', body: DECK }));
    await page.route(`${base}deck/reveal/**`, (route) => {
      const rel = new URL(route.request().url()).pathname.replace(/^.*\/deck\/reveal\//, '');
      route.fulfill({ contentType: rel.endsWith('.css') ? 'text/css' : 'text/javascript', body: readFileSync(join(REVEAL, rel)) });
    });
    await page.goto(`${base}deck/index.html`);
    await page.evaluate(() => window.Reveal.slide(1));
    await page.evaluate(() => document.getElementById('live').ready);
    const sandbox = page.locator('#live');
    const scale = await sandbox.evaluate((el) => el.getBoundingClientRect().width / el.offsetWidth);
    expect(Math.abs(scale - 1), 'the slide is scaled').toBeGreaterThan(0.1);

    // an edge of the diagram, clicked 30 % along its line (no other edge near there)
    const point = await sandbox.evaluate((el) => {
      const g = el.shadowRoot.querySelector('.edge[data-quantity="W"][data-layer="1"][data-row="2"][data-col="2"]');
      const path = g.querySelector('.vis') ?? g.lastElementChild;
      const p = path.getPointAtLength(path.getTotalLength() * 0.3);
      const q = new DOMPoint(p.x, p.y).matrixTransform(path.getScreenCTM());
      return { x: q.x, y: q.y };
    });
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => checkPickers(sandbox)).toEqual(['dW', '1', '2', '2']);

    // a cell of the forward view
    await sandbox.locator('[data-key="view-forward"]').click();
    await sandbox.locator('section.view-forward [data-quantity="b"][data-layer="1"][data-row="1"]').first().click();
    await expect.poll(() => checkPickers(sandbox)).toEqual(['db', '1', '1']);

    // a tip sits just under its control, in screen pixels too
    const tabs = sandbox.locator('[data-key="view-training"]');
    await tabs.hover();
    const tip = sandbox.locator('.tip');
    await expect(tip).toBeVisible();
    const [control, tipBox] = [await tabs.boundingBox(), await tip.boundingBox()];
    expect(tipBox.y - (control.y + control.height)).toBeGreaterThanOrEqual(0);
    expect(tipBox.y - (control.y + control.height)).toBeLessThanOrEqual(12 * scale);

    // the loss curve: ten epochs, then the pointer at 0 %, 50 % and 100 % of the plot's width
    await tabs.click();
    for (let k = 0; k < 10; ++k) await sandbox.locator('[data-key="train-step"]').click();
    const curve = sandbox.locator('[data-key="loss-curve"]');
    const box = await curve.boundingBox();
    const PAD_L = 52; // the plot's margins in the canvas's CSS pixels (training.js PAD)
    const PAD_R = 12;
    const at = async (fraction) => {
      const cssWidth = await curve.evaluate((c) => c.offsetWidth);
      const x = box.x + (PAD_L + fraction * (cssWidth - PAD_L - PAD_R)) * scale;
      await page.mouse.move(x, box.y + box.height / 2);
      return Number(await sandbox.locator('.curve-readout').first().getAttribute('data-epoch'));
    };
    const last = await at(1);
    expect(last).toBeGreaterThanOrEqual(9);
    expect(await at(0)).toBe(0);
    expect(Math.abs((await at(0.5)) - last / 2)).toBeLessThanOrEqual(1);

    // the heatmap: the pointer at its centre reads the middle of what it reads near two corners
    const heat = sandbox.locator('canvas.heatmap');
    const hb = await heat.boundingBox();
    const read = async (fx, fy) => {
      await page.mouse.move(hb.x + fx * hb.width, hb.y + fy * hb.height);
      const text = await sandbox.locator('.heat-readout').textContent();
      const m = /x = \(([-−\d.]+), ([-−\d.]+)\)/.exec(text);
      return m.slice(1, 3).map((v) => Number(v.replace('−', '-')));
    };
    // (not the very corners: the canvas's rounded corners are not part of it)
    const [x0, y1] = await read(0.05, 0.05);
    const [x1, y0] = await read(0.95, 0.95);
    const [xm, ym] = await read(0.5, 0.5);
    expect(Math.abs(xm - (x0 + x1) / 2)).toBeLessThanOrEqual(0.01 * (x1 - x0));
    expect(Math.abs(ym - (y0 + y1) / 2)).toBeLessThanOrEqual(0.01 * (y1 - y0));
    await page.screenshot({ path: join(ARTIFACTS, `slides-${width}x${height}.png`) });
    expect(problems).toEqual([]);
  });
}
