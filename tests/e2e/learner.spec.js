// What a new learner met on the page before its redesign, one test each (1280×800 unless
// said): each failed on the old page and passes on the new one.
//
//  1. Step moved the button under the pointer, the second click turned re-running off, and
//     stale numbers were not greyed.           (plus: no button click shifts the layout)
//  2. Everything at once, the explanation off screen: the first screen now teaches.
//  3. Step-through gave the answers away, and outlined δ where the step used a.
//  4. Choosing a quantity in "Check my answer" did not select it on the page.
//  5. Phone: a toolbar covering the diagram, y without numbers, tables cut off with no sign,
//     the explanation 3,000 px from a tapped cell, "hover" for touch users.
//  6. The full-value readout went stale after the arrow keys.
//  7. The diagram: δ colours on units without δ, a legend short of the values, no numbers on
//     edges, no bias units, the wrong edge picked where edges cross, values spilling out.
//  8. Three different "steps" and unexplained controls.
//  9. Embeds: "Embed code…" wrote absolute localhost URLs and listed no views.
// 10. A planted bug's backward table showed the correct row sum next to the bug's δ; the ⏸
//     glyph was a missing-glyph box.
import { test, expect } from '@playwright/test';
import { openPage, openView, barJ, hook, loadDocument, sixByEight, ARTIFACTS } from './helpers.js';

/** Every layout-shift entry from now on, summed (recent input included: a click must move nothing). */
async function watchShifts(page) {
  await page.evaluate(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__shifts.push({ value: e.value, nodes: (e.sources ?? []).map((s) => s.node?.nodeName + '.' + (s.node?.className?.baseVal ?? s.node?.className ?? '')) });
      }
    }).observe({ type: 'layout-shift', buffered: false });
  });
  return async () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
    const shifts = window.__shifts.splice(0);
    done({ total: shifts.reduce((s, e) => s + e.value, 0), shifts });
  }))));
}

/** The bounding boxes of the bar's controls, by data-key. */
const barBoxes = (page) => page.$$eval('.bar [data-key]', (els) => Object.fromEntries(els.filter((el) => el.getClientRects().length).map((el) => {
  const r = el.getBoundingClientRect();
  return [el.dataset.key, [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)]];
})));

test('1. the gradient step moves nothing: clicked twice at the same spot it steps twice; stale numbers are marked', async ({ page }) => {
  await openPage(page);
  const shifts = await watchShifts(page);
  const before = await barBoxes(page);
  const J0 = Number(await barJ(page).getAttribute('data-value'));
  const box = await page.locator('[data-key="step"]').boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.click(x, y);
  await expect(barJ(page)).not.toHaveAttribute('data-value', String(J0));
  const J1 = Number(await barJ(page).getAttribute('data-value'));
  await page.mouse.click(x, y);
  await expect(barJ(page)).not.toHaveAttribute('data-value', String(J1));
  const J2 = Number(await barJ(page).getAttribute('data-value'));
  expect(J2).toBeLessThan(J1);
  expect(J1).toBeLessThan(J0);
  expect(await page.evaluate(() => window.backpropSandbox.store.state.settings.autoRun)).toBe(true);
  expect(await barBoxes(page)).toEqual(before);
  expect((await shifts()).total).toBe(0);
  await openView(page, 'training');
  await expect(page.locator('.step-summary')).toContainText('Step 2 with α = 0.5');

  // Re-running switched off: an edit waits for Run, and the numbers computed before it are
  // marked stale (in italics: faded, they would fall under 4.5:1 contrast).
  await page.locator('[data-key="settings"]').click();
  await page.locator('[data-key="autorun"]').uncheck();
  await page.keyboard.press('Escape');
  await openView(page, 'forward');
  await page.locator(`input${hook('W', 1, 1, 1)}`).fill('0.9');
  await expect(page.locator('.banner')).toContainText('Edits pending');
  const z = page.locator(`.view-forward td${hook('z', 2, 1)}`);
  await expect(z).toHaveCSS('font-style', 'italic');
  await page.locator('[data-key="run-banner"]').click();
  await expect(z).toHaveCSS('font-style', 'normal');
});

test('1. no button click shifts the layout (Cumulative Layout Shift 0), in every view and the walkthrough', async ({ page }) => {
  await openPage(page);
  const shifts = await watchShifts(page);
  const clicked = [];
  const click = async (selector) => {
    const el = page.locator(selector).first();
    if (!(await el.isVisible()) || !(await el.isEnabled())) return;
    await el.click();
    const s = await shifts();
    clicked.push(selector);
    expect(s.total, `${selector}: ${JSON.stringify(s.shifts)}`).toBe(0);
  };
  // The bar, then every tab and what each view offers to click that keeps the network's shape.
  for (const key of ['step', 'undo-all', 'redo-all', 'walk', 'walk']) await click(`.bar [data-key="${key}"]`);
  for (const view of ['forward', 'backward', 'gradients', 'gradcheck', 'training', 'instructor', 'network']) await click(`[data-key="view-${view}"]`);
  // A gradient step rewrites every number of the open view in place.
  for (const view of ['forward', 'backward', 'gradients', 'network']) {
    await openView(page, view);
    await click('.bar [data-key="step"]');
  }
  await click('[data-key="mode-gradients"]');
  await click('.bar [data-key="step"]');
  await click('[data-key="mode-values"]');
  await page.locator('[data-key="check-value"]').fill('0.0004386');
  await click('[data-key="check"]');
  await click('[data-key="check-close"]');
  await click('[data-key="see-gradients"]');
  await openView(page, 'gradcheck');
  await click('.gc-pick');
  await openView(page, 'training');
  await click('[data-key="train-step"]');
  await openView(page, 'instructor');
  for (const key of ['share', 'export']) await click(`[data-key="${key}"]`);
  // The walkthrough: Reveal, Next, Back, over every position, keeps its controls in place.
  await openView(page, 'network');
  await click('[data-key="walk"]');
  for (let k = 0; k < 15; k += 1) await click('[data-key="walk-next"]');
  for (let k = 0; k < 4; k += 1) await click('[data-key="walk-prev"]');
  await click('[data-key="walk-leave"]');
  expect(clicked.length).toBeGreaterThan(30);
});

test('2. the first screen teaches: the diagram, the selection\'s equation with its numbers, J and the check, without scrolling', async ({ page }) => {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    await page.setViewportSize({ width, height });
    await openPage(page);
    const inView = async (locator, what) => {
      const box = await locator.boundingBox();
      expect(box, what).not.toBeNull();
      expect(box.y, `${what} starts on screen`).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, `${what} ends on screen at ${width}×${height}`).toBeLessThanOrEqual(height);
      expect(box.x + box.width, `${what} fits the width`).toBeLessThanOrEqual(width + 1);
    };
    await inView(page.locator('section.view-network svg.net'), 'the diagram');
    await inView(page.locator('.headline'), 'the selection\'s equation');
    await inView(barJ(page), 'J');
    await inView(page.locator('[data-key="check-value"]'), 'the check\'s field');
    await inView(page.locator('[data-key="check"]'), 'the Check button');
    await inView(page.locator('.start-here'), 'the start-here card');
    // The default selection's equation, ∂J/∂W₁₁⁽¹⁾ = δ₁⁽²⁾ a₁⁽¹⁾ with the numbers substituted.
    const tex = await page.locator('.headline annotation').textContent();
    expect(tex.replace(/\s+/g, ' ')).toContain('= 0.008771 \\times 0.05 = 0.0004386');
    await expect(page.locator('.start-here li')).toHaveCount(3);
    // What the outlines mean is said under the diagram.
    await expect(page.locator('.marks-key')).toContainText('selected');
    await page.screenshot({ path: `${ARTIFACTS}first-screen-${width}x${height}.png` });
  }
  // The card can be dismissed for good: it stays away after a reload.
  await page.locator('[data-key="intro-dismiss"]').click();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('.start-here')).toHaveCount(0);
});

test('3. the walkthrough gives nothing away, and marks exactly the inputs of each step\'s equation', async ({ page }) => {
  await openPage(page);
  await page.locator('[data-key="walk"]').click();
  await page.locator('[data-key="walk-next"]').click(); // step 2 (z⁽²⁾, a⁽²⁾), not revealed
  await expect(page.locator('.walk')).toHaveAttribute('data-step-index', '1');
  await expect(page.locator('.walk')).toHaveAttribute('data-revealed', 'false');
  // Not computed yet: a⁽²⁾, a⁽³⁾ and J are "?" in the diagram, the tables and the bar.
  for (const [l, i] of [[2, 1], [2, 2], [3, 1], [3, 2]]) {
    await expect(page.locator(`svg.net g.unit${hook('a', l, i)} .unit-value`)).toHaveText('?');
    await expect(page.locator(`[data-block="forward-${l - 1}"] td${hook("a", l, i)}`)).toHaveText("?");
  }
  await expect(barJ(page)).toHaveText('?');
  await expect(page.locator('svg.net .loss')).toHaveText('J = ?');
  await expect(page.locator('.explain .walk')).not.toContainText('0.5933');
  await page.locator('[data-key="walk-next"]').click(); // revealed
  await expect(page.locator(`svg.net g.unit${hook('a', 2, 1)} .unit-value`)).toHaveText('0.5933');
  await expect(page.locator(`svg.net g.unit${hook('a', 3, 1)} .unit-value`)).toHaveText('?');
  await expect(barJ(page)).toHaveText('?');
  // ∂J/∂W⁽²⁾ = δ⁽³⁾(a⁽²⁾)ᵀ: layer 2 shows and is marked as a⁽²⁾ (its input), layer 3 as δ⁽³⁾.
  while ((await page.locator('.walk').getAttribute('data-step-kind')) !== 'grad') await page.locator('[data-key="walk-next"]').click();
  await expect(page.locator('.walk')).toHaveAttribute('data-step-layer', '2');
  const marked = await page.$$eval('svg.net g.unit.step-in', (els) => els.map((el) => `${el.dataset.quantity}:${el.dataset.layer}:${el.dataset.row}`).sort());
  expect(marked).toEqual(['a:2:1', 'a:2:2', 'delta:3:1', 'delta:3:2']);
  await expect(page.locator('svg.net g.unit.step-in[data-quantity="delta"][data-layer="2"]')).toHaveCount(0);
});

test('4. choosing a quantity in the check selects it on the page', async ({ page }) => {
  await openPage(page);
  await page.locator('[data-key="check-q"]').selectOption('delta');
  await page.locator('[data-key="check-layer"]').selectOption('2');
  await page.locator('[data-key="check-row"]').selectOption('2');
  expect(await page.evaluate(() => window.backpropSandbox.store.state.selection)).toEqual({ q: 'delta', layer: 2, row: 2 });
  await openView(page, 'backward');
  await expect(page.locator(`.view-backward td${hook('delta', 2, 2)}`)).toHaveClass(/\bsel\b/);
  await expect(page.locator('.selected-name')).toContainText('δ₂⁽²⁾');
});

test('5. a phone: one short bar that covers nothing, y with numbers, tables that show they scroll, the tapped number explained in view, no "hover"', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await openPage(page);
  const bar = await page.locator('.bar').boundingBox();
  expect(bar.height).toBeLessThanOrEqual(56);
  const diagram = await page.locator('svg.net').boundingBox();
  expect(diagram.y).toBeGreaterThanOrEqual(bar.y + bar.height);
  // y₁ and y₂ with their numbers, inside the screen.
  for (const i of [1, 2]) {
    const y = page.locator(`svg.net text${hook('y', 3, i)}`);
    await expect(y).toHaveText(i === 1 ? 'y₁ = 0.01' : 'y₂ = 0.99');
    const b = await y.boundingBox();
    expect(b.x + b.width).toBeLessThanOrEqual(390);
  }
  // A table wider than the screen scrolls, and shows it (a shadow on the side that has more).
  await loadDocument(page, sixByEight());
  await openView(page, 'gradients');
  const scroller = page.locator('[data-block="gradient-1"] .table-scroll');
  const sizes = await scroller.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, bg: getComputedStyle(el).backgroundImage }));
  expect(sizes.sw).toBeGreaterThan(sizes.cw);
  expect(sizes.bg).toContain('radial-gradient');
  // Tapping a gradient cell: its product is on screen at once (the strip at the bottom).
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
  const cell = page.locator(`.view-gradients td${hook('dW', 3, 2, 3)}`);
  await cell.scrollIntoViewIfNeeded();
  await cell.tap();
  const dock = page.locator('.dock');
  await expect(dock).toBeVisible();
  await expect(dock).toContainText('∂J/∂W₂₃⁽³⁾ = δ₂⁽⁴⁾ a₃⁽³⁾ =');
  const d = await dock.boundingBox();
  expect(d.y + d.height).toBeLessThanOrEqual(844);
  // Nothing asks a touch user to hover.
  const text = await page.evaluate(() => document.body.innerText);
  expect(text).not.toMatch(/\bhover/i);
  await page.screenshot({ path: `${ARTIFACTS}phone-tapped-gradient.png` });
  await context.close();
});

test('6. the selected number\'s full value follows the arrow keys', async ({ page }) => {
  await openPage(page);
  await openView(page, 'forward');
  const field = page.locator(`input${hook('W', 1, 1, 1)}`);
  await field.focus();
  await expect(page.locator('.selected-name .readout')).toHaveText('0.15');
  await field.press('ArrowUp');
  await expect(field).toHaveAttribute('data-value', '0.16');
  await expect(page.locator('.selected-name .readout')).toHaveText('0.16');
  await field.press('Shift+ArrowUp');
  await expect(page.locator('.selected-name .readout')).toHaveText('0.26');
});

test('7. the diagram: scales that cover what they colour, numbers on edges, bias units, the nearest edge picked, values in their boxes', async ({ page }) => {
  await openPage(page);
  // Bias units "+1" with an edge to every unit of the next layer, b on it.
  await expect(page.locator('svg.net .bias-unit')).toHaveCount(2);
  await expect(page.locator('svg.net g.edge.bias-edge')).toHaveCount(4);
  await expect(page.locator(`svg.net g.edge.bias-edge${hook('b', 2, 1)}`)).toHaveAttribute('data-value', '0.6');
  // Numbers on the edges: each shown number is its edge's value.
  const labels = await page.$$eval('svg.net .edge-label', (els) => els.map((t) => t.textContent));
  expect(labels.length).toBeGreaterThanOrEqual(8);
  for (const v of ['0.15', '0.2', '0.25', '0.3', '0.4', '0.45', '0.5', '0.55']) expect(labels).toContain(v);
  // Values fit their boxes.
  const spills = await page.$$eval('svg.net g.unit', (gs) => gs.filter((g) => g.querySelector('.unit-value').getBBox().width > g.querySelector('rect').getBBox().width).length);
  expect(spills).toBe(0);
  // Gradients: the input units have no δ and are not on its scale; the scales cover the values.
  await page.locator('[data-key="mode-gradients"]').check();
  for (const i of [1, 2]) {
    const unit = page.locator(`svg.net g.unit[data-also-unit="1:${i}"]`);
    await expect(unit).toHaveAttribute('data-quantity', 'a');
    await expect(unit).toHaveClass(/\bneutral\b/);
    expect(await unit.locator('rect').getAttribute('fill')).toBe('var(--unit-neutral)');
  }
  const range = async (what) => Number((await page.locator(`.legend-scale.${what}`).getAttribute('title')).match(/to \+([\d.e-]+)/)[1]);
  const deltas = await page.$$eval('svg.net g.unit[data-quantity="delta"]', (gs) => gs.map((g) => Math.abs(Number(g.dataset.value))));
  const grads = await page.$$eval('svg.net g.edge', (gs) => gs.map((g) => Math.abs(Number(g.dataset.value))));
  expect(Math.max(...deltas)).toBeLessThanOrEqual(await range('units'));
  expect(Math.max(...grads)).toBeLessThanOrEqual(await range('edges'));
  await page.locator('[data-key="mode-values"]').check();
  const as = await page.$$eval('svg.net g.unit[data-quantity="a"]', (gs) => gs.map((g) => Math.abs(Number(g.dataset.value))));
  expect(Math.max(...as)).toBeLessThanOrEqual(await range('units'));
  // Where W₁₂⁽¹⁾ and W₂₁⁽¹⁾ cross, a click a little nearer to one picks that one.
  const ends = await page.evaluate(() => {
    const line = (q) => document.querySelector(`svg.net g.edge${q} line.vis`);
    const read = (l) => ['x1', 'y1', 'x2', 'y2'].map((k) => Number(l.getAttribute(k)));
    return { a: read(line('[data-quantity="W"][data-layer="1"][data-row="1"][data-col="2"]')), b: read(line('[data-quantity="W"][data-layer="1"][data-row="2"][data-col="1"]')) };
  });
  const [ax1, ay1, ax2, ay2] = ends.a; // from unit 2 (lower) up to unit 1
  const [bx1, by1, bx2, by2] = ends.b; // from unit 1 (upper) down to unit 2
  // The crossing point, then 4 px towards edge a's end on the right: nearer to a than to b.
  const t = ((bx1 - ax1) * (by2 - by1) - (by1 - ay1) * (bx2 - bx1)) / ((ax2 - ax1) * (by2 - by1) - (ay2 - ay1) * (bx2 - bx1));
  const cx = ax1 + t * (ax2 - ax1);
  const cy = ay1 + t * (ay2 - ay1);
  const toScreen = (x, y) => page.evaluate(([px, py]) => {
    const svg = document.querySelector('svg.net');
    const p = new DOMPoint(px, py).matrixTransform(svg.getScreenCTM());
    return [p.x, p.y];
  }, [x, y]);
  const along = (dx, dy) => { const n = Math.hypot(dx, dy); return [(4 * dx) / n, (4 * dy) / n]; };
  const [ux, uy] = along(ax2 - ax1, ay2 - ay1);
  let [sx, sy] = await toScreen(cx + ux, cy + uy);
  await page.mouse.click(sx, sy);
  expect(await page.evaluate(() => window.backpropSandbox.store.state.selection)).toEqual({ q: 'W', layer: 1, row: 1, col: 2 });
  const [vx, vy] = along(bx2 - bx1, by2 - by1);
  [sx, sy] = await toScreen(cx + vx, cy + vy);
  await page.mouse.click(sx, sy);
  expect(await page.evaluate(() => window.backpropSandbox.store.state.selection)).toEqual({ q: 'W', layer: 1, row: 2, col: 1 });
});

test('8. one name for each action, and every control explains itself on focus and hover', async ({ page }) => {
  await openPage(page);
  await expect(page.getByRole('button', { name: 'Gradient step (changes the weights)' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: /Walk through the pass/ })).toHaveCount(1);
  for (const old of ['Step', 'Step through the pass', 'Take one step', 'Undo step']) {
    await expect(page.getByRole('button', { name: old, exact: true })).toHaveCount(0);
  }
  await openView(page, 'training');
  await expect(page.locator('[data-key="train-step"]')).toHaveText('One epoch');
  await openView(page, 'network');
  // Each control of the bar has a one-line explanation, shown on keyboard focus and on hover.
  const keys = await page.$$eval('.bar [data-tip]', (els) => els.filter((el) => el.getClientRects().length).map((el) => el.dataset.key ?? el.className));
  expect(keys.length).toBeGreaterThanOrEqual(6);
  await page.locator('[data-key="walk"]').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const tip = page.locator('.tip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('one step at a time');
  await page.locator('[data-key="alpha"]').hover();
  await expect(tip).toContainText('learning rate');
  // The settings explain the digits and re-running.
  await page.locator('[data-key="settings"]').click();
  await expect(page.locator('#digits-hint')).toContainText('Significant digits');
  await expect(page.locator('#autorun-hint')).toContainText('predict');
});

test('9. the embed builder writes relative paths, the views chosen, and previews them', async ({ page }) => {
  await openPage(page);
  await openView(page, 'instructor');
  const element = page.locator('[data-key="embed-element"]');
  await expect(element).toHaveValue(/<script src="backprop-sandbox\/backprop-sandbox.js"><\/script>/);
  await page.locator('[data-key="embed-view-gradients"]').check();
  await page.locator('[data-key="embed-readonly"]').check();
  await expect(element).toHaveValue(/<backprop-sandbox views="network,gradients" readonly>/);
  const iframe = await page.locator('[data-key="embed-iframe"]').inputValue();
  expect(iframe).toContain('src="backprop-sandbox/embed.html?views=network,gradients&amp;readonly#doc=');
  for (const text of [await element.inputValue(), iframe]) {
    expect(text).not.toMatch(/localhost|127\.0\.0\.1|https?:\/\/|file:/);
  }
  // The live preview shows those views.
  const frame = page.frameLocator('[data-key="embed-preview"]');
  await expect(frame.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  const views = await frame.locator('backprop-sandbox').evaluate((el) => el.shadowRoot.querySelector('.bp-sandbox').dataset.views);
  expect(views).toBe('network gradients');
});

test('10. a planted bug\'s backward table adds up to the bug\'s δ; the icons are drawn, not glyphs', async ({ page }) => {
  await openPage(page);
  await openView(page, 'gradcheck');
  const rows = async () => page.$$eval('[data-block="recursion-2"] tbody tr', (trs) => trs.map((tr) => ({
    sum: Number(tr.querySelector('td.sum').dataset.sum),
    fprime: Number(tr.querySelector('td[data-quantity="fprime"]').dataset.value),
    delta: Number(tr.querySelector('td[data-quantity="delta"]').dataset.value),
  })));
  const close = (a, b) => Math.abs(a - b) <= 1e-15 * Math.max(1, Math.abs(b));
  for (const [bug, product] of [['none', true], ['forget-fprime', false], ['W-instead-of-WT', true]]) {
    await page.locator('[data-key="planted-bug"]').selectOption(bug);
    for (const r of await rows()) {
      const expected = product ? r.sum * r.fprime : r.sum;
      expect(close(r.delta, expected), `${bug}: δ ${r.delta} against the row's ${product ? 'sum × f′' : 'sum'} ${expected}`).toBe(true);
    }
  }
  // With W instead of Wᵀ the sums run along rows of W: not the correct pass's sums.
  await openView(page, 'backward');
  await expect(page.locator('[data-block="recursion-2"] .bug-note')).toContainText('row i of W');
  // Icons are inline SVG: no button relies on a font glyph.
  await openView(page, 'training');
  const glyphs = await page.$$eval('.bp-sandbox button', (bs) => bs.filter((b) => /[⏸▶◀↶↷⚙✕]/.test(b.textContent)).map((b) => b.textContent.trim()));
  expect(glyphs).toEqual([]);
  await expect(page.locator('[data-key="train-play"] svg.icon')).toHaveCount(1);
  await expect(page.locator('[data-key="undo-all"] svg.icon')).toHaveCount(1);
});
