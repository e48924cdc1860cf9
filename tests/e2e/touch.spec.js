// Real touch on a phone (390×844) and a tablet (820×1180): contexts with hasTouch and isMobile,
// taps through Playwright's touchscreen (CDP touch events), and swipes and long presses sent
// as touchStart / touchMove / touchEnd through CDP's Input.dispatchTouchEvent, never mouse
// events. What a learner with only a finger must be able to do:
//
//  - select a weight by tapping its edge in the diagram or its cell in a table, and see its
//    product δ_i a_j with the numbers on screen at once (the explanation, or the strip that
//    docks it at the bottom of a phone's screen);
//  - type a negative value on a numeric keypad: the fields ask for inputmode="decimal", whose
//    iOS keypad has no minus key, so a sign key inside the focused field flips the sign;
//  - scroll a wide table sideways with a swipe;
//  - walk through the pass and train with taps alone;
//  - read every tip and title without hover (a long press), and hit every control: each at
//    least 24×24 CSS px (WCAG 2.2, 2.5.8). The diagram's edges are drawn lines that meet and
//    cross, so their targets are measured as a finger meets them: every tap within 12 px of
//    an edge (a 24 px fingertip) selects it or offers it among the buttons of what else lay
//    under the finger.
import { test, expect } from '@playwright/test';
import { openPage, hook, loadDocument, sixByEight, ARTIFACTS } from './helpers.js';
import { formatNumber } from '../../web/notation.js';

const DEVICES = [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'tablet', viewport: { width: 820, height: 1180 } },
];

/** How long a finger is held still for a long press: more than the page's 500 ms. */
const HOLD_MS = 700;
const MIN_TARGET = 24;

const selection = (page) => page.evaluate(() => window.backpropSandbox.state.selection);
const select = (page, desc) => page.evaluate((d) => window.backpropSandbox.select(d), desc);

/** A tab opened with a tap. */
async function tapView(page, view) {
  await page.locator(`[data-key="view-${view}"]`).tap();
  await expect(page.locator(`section.view-${view}`)).toBeVisible();
}

/** A tap at the centre of an element that is on screen already: no scrolling for the learner. */
async function tapInView(page, locator, what) {
  const box = await locator.boundingBox();
  expect(box, `${what} is laid out`).not.toBeNull();
  const vp = page.viewportSize();
  expect(box.y >= 0 && box.y + box.height <= vp.height && box.x >= 0 && box.x + box.width <= vp.width, `${what} is on screen (${JSON.stringify(box)})`).toBe(true);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const uncovered = await locator.evaluate((el, p) => { const top = document.elementFromPoint(p.x, p.y); return top === el || el.contains(top) ? '' : `${top?.tagName}.${top?.className}`; }, { x, y });
  expect(uncovered, `${what} is not covered`).toBe('');
  await page.touchscreen.tap(x, y);
}

/**
 * One finger's gesture through CDP: down at points[0], moved through the rest, lifted. With
 * `still`, the finger rests at the end before it lifts, so the page does not fling on.
 */
async function gesture(page, points, { holdMs = 0, still = false } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const at = ({ x, y }) => [{ x: Math.round(x), y: Math.round(y), radiusX: 4, radiusY: 4, force: 1, id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(points[0]) });
  if (holdMs) await page.waitForTimeout(holdMs);
  for (const p of points.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(p) });
  if (still) {
    await page.waitForTimeout(200);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(points[points.length - 1]) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** A swipe from `from` to `to` in steps, as a finger drags (`still`: no fling after it). */
const swipe = (page, from, to, { steps = 12, still = false } = {}) => gesture(page, Array.from({ length: steps + 1 }, (_, k) => ({
  x: from.x + ((to.x - from.x) * k) / steps, y: from.y + ((to.y - from.y) * k) / steps,
})), { still });

/** Waits until the page has stopped scrolling (a swipe's fling goes on after the finger lifts). */
async function settled(page) {
  let last = null;
  await expect.poll(async () => {
    const now = await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(window.scrollY)))));
    const still = now === last;
    last = now;
    return still;
  }, { intervals: [50] }).toBe(true);
}

/** A finger held still on a point. */
const longPress = (page, point) => gesture(page, [point], { holdMs: HOLD_MS });

/** Text as the eye reads it: no white space, one kind of minus, no brackets around factors. */
const squash = (text) => text.replace(/\s+/g, '').replace(/[−–]/g, '-').replace(/[()]/g, '');

/**
 * The product δ_i a_j of ∂J/∂W_ij^(l) with its numbers at the page's 4 digits, from the values
 * the page displays: "0.008771×0.05=0.0004386".
 */
async function productNumbers(page, l, i, j) {
  const read = async (q, layer, row, col) => Number(await page.locator(`section.view-gradients ${hook(q, layer, row, col)}`).first().getAttribute('data-value'));
  const [delta, a, g] = [await read('delta', l + 1, i), await read('a', l, j), await read('dW', l, i, j)];
  return squash(`${formatNumber(delta, 4)} × ${formatNumber(a, 4)} = ${formatNumber(g, 4)}`);
}

/**
 * Where the product can be read without hunting: an element that shows it whole (nothing
 * clipped) and lies entirely on screen. Candidates: the explanation's equation, the docked
 * strip, the Gradients view's line under its table.
 */
async function productOnScreen(page, numbers) {
  return page.evaluate((want) => {
    const squashIn = (t) => t.replace(/\s+/g, '').replace(/[−–]/g, '-').replace(/[()]/g, '');
    const els = document.querySelectorAll('.explain .headline, .dock:not([hidden]) .dock-text, section.view:not([hidden]) .terms.product');
    return [...els].filter((el) => {
      if (!el.checkVisibility() || !squashIn(el.textContent).includes(want)) return false;
      const r = el.getBoundingClientRect();
      const whole = el.scrollWidth <= el.clientWidth + 1;
      return whole && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
    }).map((el) => el.className);
  }, numbers);
}

/**
 * Where a finger best meets each hit target of the diagram, in page coordinates: for an edge
 * the point along it farthest from every other edge and from the units, for a unit its
 * centre, for J and the targets y the centre of their text.
 */
function diagramTargets(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('section.view-network svg.net');
    const m = svg.getScreenCTM();
    const toPage = (x, y) => { const p = new DOMPoint(x, y).matrixTransform(m); return { x: p.x, y: p.y }; };
    const seg = (p, a, b) => {
      const dx = b.x - a.x; const dy = b.y - a.y; const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0;
      return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
    };
    const boxDist = (p, r) => Math.hypot(Math.max(r.left - p.x, 0, p.x - r.right), Math.max(r.top - p.y, 0, p.y - r.bottom));
    const unitBoxes = [...svg.querySelectorAll('g.unit rect')].map((r) => r.getBoundingClientRect());
    const edges = [...svg.querySelectorAll('g.edge')].map((g) => {
      const line = g.querySelector('line.vis');
      const n = (k) => Number(line.getAttribute(k));
      return { g, a: toPage(n('x1'), n('y1')), b: toPage(n('x2'), n('y2')) };
    });
    const desc = (el) => ({ q: el.dataset.quantity, layer: el.dataset.layer ? Number(el.dataset.layer) : undefined, row: el.dataset.row ? Number(el.dataset.row) : undefined, col: el.dataset.col ? Number(el.dataset.col) : undefined });
    const out = [];
    for (const e of edges) {
      let best = null;
      for (let t = 0.04; t <= 0.96; t += 0.02) {
        const p = { x: e.a.x + t * (e.b.x - e.a.x), y: e.a.y + t * (e.b.y - e.a.y) };
        const clear = Math.min(...edges.filter((o) => o !== e).map((o) => seg(p, o.a, o.b)), ...unitBoxes.map((r) => boxDist(p, r)));
        if (!best || clear > best.clear) best = { ...p, clear };
      }
      out.push({ what: e.g.getAttribute('aria-label') ?? `${e.g.dataset.quantity} ${e.g.dataset.layer} ${e.g.dataset.row} ${e.g.dataset.col ?? ''}`, desc: desc(e.g), x: best.x, y: best.y });
    }
    for (const g of svg.querySelectorAll('g.unit')) {
      const r = g.querySelector('rect').getBoundingClientRect();
      out.push({ what: g.getAttribute('aria-label'), desc: desc(g), x: r.left + r.width / 2, y: r.top + r.height / 2 });
    }
    for (const t of svg.querySelectorAll('text.loss, text.target')) {
      const r = t.getBoundingClientRect();
      out.push({ what: t.textContent, desc: desc(t), x: r.left + r.width / 2, y: r.top + r.height / 2 });
    }
    return out;
  });
}

const sameDesc = (a, b) => a && b && a.q === b.q && (a.layer ?? null) === (b.layer ?? null) && (a.row ?? null) === (b.row ?? null) && (a.col ?? null) === (b.col ?? null);
const pickKey = (d) => [d.q, d.layer, d.row, d.col].join(':');

/**
 * Every interactive control shown, as WCAG 2.5.8 measures it: its box, or for a check box or
 * radio button the label that also toggles it. Left out: the diagram's edges (measured by
 * taps, below), visually hidden file inputs (their visible buttons open them), links inside
 * running text (2.5.8's inline exception), and frames (not controls).
 */
function smallControls(page) {
  return page.evaluate((min) => {
    const sel = 'button, input:not([type=hidden]), select, textarea, a[href], summary, [role=button], [role=tab], [tabindex]:not([tabindex="-1"])';
    const out = [];
    for (const el of document.querySelectorAll(sel)) {
      if (el.closest('svg') && el.matches('g.edge')) continue;
      if (el.matches('.sr-only, iframe')) continue;
      if (el.matches('[role=region]') && !el.matches('button, a, input, select, textarea')) continue; // a scrollable region: focused to scroll, not pressed
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const inline = el.matches('a') && el.parentElement && el.parentElement.textContent.trim().length > el.textContent.trim().length + 1 && getComputedStyle(el).display === 'inline';
      if (inline) continue;
      const target = el.matches('input[type=checkbox], input[type=radio]') && el.labels?.length ? el.labels[0] : el;
      const r = target.getBoundingClientRect();
      if (r.width < min || r.height < min) {
        out.push(`${Math.round(r.width)}×${Math.round(r.height)} ${el.tagName.toLowerCase()}${el.dataset.key ? `[data-key=${el.dataset.key}]` : ''}${el.dataset.quantity ? `[${el.dataset.quantity} ${el.dataset.layer ?? ''}${el.dataset.row ?? ''}${el.dataset.col ?? ''}]` : ''} "${(el.getAttribute('aria-label') ?? el.textContent).trim().slice(0, 40)}"`);
      }
    }
    return out;
  }, MIN_TARGET);
}

for (const device of DEVICES) {
  const { width, height } = device.viewport;
  test.describe(`${device.name} ${width}×${height}, touch`, () => {
    test.use({ viewport: device.viewport, hasTouch: true, isMobile: true });

    test('tapping an edge in the diagram selects its weight; δ_i a_j with its numbers is on screen', async ({ page }) => {
      await openPage(page);
      const targets = await diagramTargets(page);
      // The crossing diagonals are the hardest to hit; one weight of each matrix.
      for (const want of [{ q: 'W', layer: 1, row: 1, col: 2 }, { q: 'W', layer: 2, row: 2, col: 1 }]) {
        await select(page, { q: 'J' });
        const t = targets.find((x) => sameDesc(x.desc, want));
        expect(t, `the edge of W ${want.layer} ${want.row}${want.col} is drawn`).toBeTruthy();
        await page.touchscreen.tap(t.x, t.y);
        await expect.poll(() => selection(page), `a tap on ${t.what} selects it`).toEqual(want);
        await expect(page.locator(`svg.net g.edge${hook('W', want.layer, want.row, want.col)}`)).toHaveClass(/\bsel\b/);
        const numbers = await productNumbers(page, want.layer, want.row, want.col);
        await expect.poll(() => productOnScreen(page, numbers), `δ a = ${numbers} on screen`).not.toEqual([]);
        await expect(page.locator('.explain .selected-name')).toContainText(`W${'₀₁₂₃₄₅₆₇₈₉'[want.row]}${'₀₁₂₃₄₅₆₇₈₉'[want.col]}`);
      }
      await page.screenshot({ path: `${ARTIFACTS}touch-edge-${device.name}.png` });
    });

    test('tapping a cell of a table selects it: the product beside the Gradients table, the docked line under Forward', async ({ page }) => {
      await openPage(page);
      await tapView(page, 'gradients');
      const cell = page.locator(`section.view-gradients td${hook('dW', 2, 2, 1)}`);
      await tapInView(page, cell, 'the cell ∂J/∂W₂₁⁽²⁾');
      await expect.poll(() => selection(page)).toEqual({ q: 'dW', layer: 2, row: 2, col: 1 });
      const numbers = await productNumbers(page, 2, 2, 1);
      await expect.poll(() => productOnScreen(page, numbers)).toContain('terms product');
      // The line with the numbers is under the table that was tapped, not a screen away.
      const [c, line] = [await cell.boundingBox(), await page.locator('section.view-gradients [data-block] .terms.product').nth(1).boundingBox()];
      expect(line.y).toBeGreaterThan(c.y);
      expect(line.y - (c.y + c.height)).toBeLessThan(height / 3);

      // A weight's field in the Forward view: far from the explanation on a phone, so the strip
      // at the bottom of the screen shows the product, whole.
      await tapView(page, 'forward');
      const field = page.locator(`section.view-forward input${hook('W', 2, 1, 2)}`);
      // Down the page by a drag until the field is a third of the way down the screen.
      const y0 = (await field.boundingBox()).y;
      if (y0 > height / 3) {
        await swipe(page, { x: 12, y: Math.min(y0, height - 20) }, { x: 12, y: Math.min(y0, height - 20) - (y0 - height / 3) }, { still: true });
        await settled(page);
      }
      await tapInView(page, field, 'the field W₁₂⁽²⁾');
      await expect.poll(() => selection(page)).toEqual({ q: 'W', layer: 2, row: 1, col: 2 });
      const fieldNumbers = await productNumbers(page, 2, 1, 2);
      await expect.poll(() => productOnScreen(page, fieldNumbers)).not.toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}touch-forward-field-${device.name}.png` });
    });

    test('a negative value by touch alone: a numeric keypad (inputmode="decimal") and the sign key', async ({ page }) => {
      await openPage(page);
      // Every field that takes a negative number asks for the decimal keypad and has the sign key.
      const modes = await page.$$eval('section.view-forward input.field[data-quantity], [data-key="check-value"]', (els) => els.map((e) => `${e.getAttribute('inputmode')}|${e.hasAttribute('data-signed')}`));
      expect(modes.length).toBeGreaterThan(10);
      expect(new Set(modes)).toEqual(new Set(['decimal|true']));

      await tapView(page, 'forward');
      const field = page.locator(`section.view-forward input${hook('W', 1, 1, 1)}`);
      const box = await field.boundingBox();
      // The caret at the end of the text (a tap at the right, where the digits are), then the
      // keypad's own keys: backspace, digits and the decimal point.
      await page.touchscreen.tap(box.x + box.width - 4, box.y + box.height / 2);
      await expect(field).toBeFocused();
      for (let k = 0; k < 24; k += 1) await page.keyboard.press('Backspace');
      await expect(field).toHaveValue('');
      await page.keyboard.insertText('0.3');
      await expect(field).toHaveAttribute('data-value', '0.3');

      const sign = page.locator('[data-key="sign-toggle"]');
      await expect(sign).toBeVisible();
      const s = await sign.boundingBox();
      const f = await field.boundingBox();
      expect(s.width).toBeGreaterThanOrEqual(MIN_TARGET);
      expect(s.height).toBeGreaterThanOrEqual(MIN_TARGET);
      expect(s.x >= f.x && s.x + s.width <= f.x + f.width && s.y >= f.y && s.y + s.height <= f.y + f.height, 'the key lies inside its field').toBe(true);
      await page.touchscreen.tap(s.x + s.width / 2, s.y + s.height / 2);
      await expect(field).toHaveValue('-0.3');
      await expect(field).toBeFocused(); // the keypad stays up
      await expect(field).toHaveAttribute('data-value', '-0.3');
      await expect(page.locator(`svg.net g.edge${hook('W', 1, 1, 1)}`)).toHaveAttribute('data-value', '-0.3');
      expect(await page.evaluate(() => window.backpropSandbox.state.doc.weights[0][0][0])).toBe(-0.3);
      await page.screenshot({ path: `${ARTIFACTS}touch-sign-key-${device.name}.png` });
      // Once more and it is positive again; typing goes on after it.
      await page.touchscreen.tap(s.x + s.width / 2, s.y + s.height / 2);
      await expect(field).toHaveAttribute('data-value', '0.3');
      await page.keyboard.insertText('5');
      await expect(field).toHaveAttribute('data-value', '0.35');
      // Leaving the field takes the key away.
      await page.locator('[data-key="view-forward"]').tap();
      await expect(sign).toBeHidden();

      // The check of a value: ∂J/∂W₂₁⁽²⁾ is negative; its digits typed, its sign by the key.
      await select(page, { q: 'dW', layer: 2, row: 2, col: 1 });
      const exact = Number(await page.locator(`section.view-gradients ${hook('dW', 2, 2, 1)}`).getAttribute('data-value'));
      expect(exact).toBeLessThan(0);
      const digits = Math.abs(exact).toPrecision(3);
      const answer = page.locator('[data-key="check-value"]');
      await answer.scrollIntoViewIfNeeded();
      await answer.tap();
      await page.keyboard.insertText(digits);
      await expect(sign).toBeVisible();
      const s2 = await sign.boundingBox();
      await page.touchscreen.tap(s2.x + s2.width / 2, s2.y + s2.height / 2);
      await expect(answer).toHaveValue(`-${digits}`);
      await page.locator('[data-key="check"]').tap();
      await expect(page.locator('.check-result')).toHaveAttribute('data-verdict', 'agree');
    });

    test('a wide table scrolls sideways under a swipe, and shows that it does', async ({ page }) => {
      await openPage(page);
      await loadDocument(page, sixByEight());
      await tapView(page, 'forward');
      const scroller = page.locator('section.view-forward .block .table-scroll').nth(1); // W(1): 8 × 8 fields
      await scroller.scrollIntoViewIfNeeded();
      const before = await scroller.evaluate((el) => ({ left: el.scrollLeft, more: el.scrollWidth - el.clientWidth }));
      expect(before.left).toBe(0);
      expect(before.more, 'the table is wider than the screen').toBeGreaterThan(40);
      // It says so: a shadow on the side that has more (backgrounds that stay with the content
      // cover it at the ends).
      const look = await scroller.evaluate((el) => { const cs = getComputedStyle(el); return { image: cs.backgroundImage, attach: cs.backgroundAttachment, x: cs.overflowX }; });
      expect(look.x).toBe('auto');
      expect(look.image.match(/radial-gradient/g)?.length).toBe(2);
      expect(look.attach).toMatch(/local.*scroll|scroll.*local/);

      const picked = await selection(page);
      const r = await scroller.boundingBox();
      const y = Math.max(r.y, 0) + Math.min(r.height, height - Math.max(r.y, 0)) / 2;
      await swipe(page, { x: r.x + r.width - 30, y }, { x: r.x + 30, y });
      await expect.poll(() => scroller.evaluate((el) => el.scrollLeft), 'the swipe scrolled the table').toBeGreaterThan(40);
      expect(await page.evaluate(() => window.scrollX), 'the page itself did not move sideways').toBe(0);
      expect(await selection(page), 'a swipe is not a tap').toEqual(picked);
      await page.screenshot({ path: `${ARTIFACTS}touch-swiped-table-${device.name}.png` });
      const swiped = await scroller.evaluate((el) => el.scrollLeft);
      await swipe(page, { x: r.x + 30, y }, { x: r.x + r.width - 30, y });
      await expect.poll(() => scroller.evaluate((el) => el.scrollLeft), 'and back').toBeLessThan(swiped);
    });

    test('the walkthrough to its end, tap by tap, its controls on screen at every step', async ({ page }) => {
      await openPage(page);
      await tapInView(page, page.locator('.bar [data-key="walk"]'), 'Walk');
      const walk = page.locator('.walk');
      await expect(walk).toBeVisible();
      const total = Number((await page.locator('.walk-progress').textContent()).match(/of (\d+)/)[1]);
      expect(total).toBe(8);
      const next = page.locator('[data-key="walk-next"]');
      const at = async () => ({ index: Number(await walk.getAttribute('data-step-index')), revealed: (await walk.getAttribute('data-revealed')) === 'true' });
      let taps = 0;
      while (!(await next.isDisabled())) {
        const before = await at();
        await tapInView(page, next, `Reveal / Next step at tap ${taps + 1}`);
        taps += 1;
        // Each tap half a step: the step revealed, or the next one asked for.
        const want = before.revealed ? { index: before.index + 1, revealed: false } : { index: before.index, revealed: true };
        await expect.poll(at, `tap ${taps}`).toEqual(want);
        expect(taps).toBeLessThanOrEqual(2 * total);
      }
      expect(await at()).toEqual({ index: total - 1, revealed: true });
      await expect(page.locator('.walk-progress')).toContainText(`Step ${total} of ${total}`);
      await expect(walk).toHaveAttribute('data-revealed', 'true');
      await expect(page.locator('.bp-sandbox .unknown[data-quantity]')).toHaveCount(0);
      await page.screenshot({ path: `${ARTIFACTS}touch-walk-end-${device.name}.png` });
      // Back by a tap, then out.
      await tapInView(page, page.locator('[data-key="walk-prev"]'), 'Back');
      await expect(walk).toHaveAttribute('data-revealed', 'false');
      await tapInView(page, page.locator('[data-key="walk-leave"]'), 'Leave');
      await expect(walk).toHaveCount(0);
    });

    test('training by taps: Train runs epochs, Pause stops them, One epoch takes one', async ({ page }) => {
      await openPage(page);
      await tapView(page, 'training');
      const status = page.locator('[data-key="train-status"]');
      const play = page.locator('[data-key="train-play"]');
      await expect(status).toHaveAttribute('data-epoch', '0');
      await play.tap();
      await expect(play).toHaveAttribute('aria-pressed', 'true');
      await expect.poll(async () => Number(await status.getAttribute('data-epoch'))).toBeGreaterThan(20);
      await play.tap();
      await expect(play).toHaveAttribute('aria-pressed', 'false');
      await expect(status).toHaveAttribute('data-running', 'false');
      const stopped = Number(await status.getAttribute('data-epoch'));
      await page.locator('[data-key="train-step"]').tap();
      await expect(status).toHaveAttribute('data-epoch', String(stopped + 1));
      await page.screenshot({ path: `${ARTIFACTS}touch-training-${device.name}.png` });
    });

    test('no hover needed: a long press shows each tip and title, and uses nothing', async ({ page }) => {
      test.setTimeout(180_000);
      await openPage(page);
      const tip = page.locator('.tip');
      const seen = new Set();
      let pressed = 0;
      // What a press could change, selection apart: a number that selects itself on focus (a
      // unit, a cell) may take the focus from a long press as from a tap; that uses nothing.
      const state = () => page.evaluate(() => { const s = window.backpropSandbox.state; return JSON.stringify([s.view, s.walk.on, s.doc, s.settings, s.plantedBug]); });
      const views = ['network', 'forward', 'backward', 'gradients', 'gradcheck', 'training', 'instructor'];
      for (const view of views) {
        await tapView(page, view);
        for (;;) {
          // The next thing on screen in this view with an explanation a mouse would hover for
          // (re-found each time: a press may redraw the explanation). One of each tip, and one
          // of each kind of titled number (their titles differ only in the number).
          const next = await page.evaluate((done) => {
            const root = document.querySelector('.bp-sandbox');
            for (const el of root.querySelectorAll('[data-tip], [title], svg g.unit')) {
              if (el.matches('iframe') || !el.checkVisibility()) continue; // a frame's title is its name
              const text = el.getAttribute('data-tip') || el.getAttribute('title') || el.querySelector(':scope > title')?.textContent || '';
              const key = `${el.tagName}.${el.getAttribute('class') ?? ''}|${el.dataset.key ?? ''}|${el.getAttribute('data-tip') ?? ''}`;
              if (!text || done.includes(key)) continue; // an empty title says nothing
              root.querySelector('[data-press-me]')?.removeAttribute('data-press-me');
              el.setAttribute('data-press-me', '');
              return { key, text };
            }
            return null;
          }, [...seen]);
          if (!next) break;
          const { key, text } = next;
          seen.add(key);
          const el = page.locator('[data-press-me]');
          await el.scrollIntoViewIfNeeded();
          const box = await el.boundingBox();
          const before = await state();
          const picked = await selection(page);
          await longPress(page, { x: box.x + Math.min(box.width / 2, 12), y: box.y + box.height / 2 });
          await expect(tip, `a long press on ${key}`).toBeVisible();
          await expect(tip).toHaveText(text);
          const t = await tip.boundingBox();
          expect(t.x >= 0 && t.x + t.width <= width, `the tip of ${key} fits the screen's width`).toBe(true);
          expect(await state(), `a long press on ${key} changed nothing`).toBe(before);
          const now = await selection(page);
          if (!sameDesc(now, picked)) {
            const own = await el.evaluate((e) => (e.dataset.quantity ? { q: e.dataset.quantity, layer: e.dataset.layer, row: e.dataset.row, col: e.dataset.col } : null));
            expect(own && sameDesc(now, { q: own.q, layer: own.layer && Number(own.layer), row: own.row && Number(own.row), col: own.col && Number(own.col) }), `a long press on ${key} selected only itself, if anything`).toBe(true);
          }
          pressed += 1;
        }
      }
      expect(pressed).toBeGreaterThan(25);
      await page.locator('[data-key="view-network"]').tap();
      await expect(tip).toBeHidden();
    });

    test(`every control is at least ${MIN_TARGET}×${MIN_TARGET} CSS px, in every view`, async ({ page }) => {
      await openPage(page);
      const failures = [];
      const views = ['network', 'forward', 'backward', 'gradients', 'gradcheck', 'training', 'instructor'];
      for (const view of views) {
        await tapView(page, view);
        failures.push(...(await smallControls(page)).map((f) => `${view}: ${f}`));
      }
      // The settings menu open; the walkthrough's controls; a planted bug's pill.
      await page.locator('[data-key="settings"]').tap();
      failures.push(...(await smallControls(page)).map((f) => `settings: ${f}`));
      await page.locator('[data-key="settings"]').tap();
      await tapView(page, 'network');
      await page.locator('.bar [data-key="walk"]').tap();
      await expect(page.locator('.walk')).toBeVisible();
      failures.push(...(await smallControls(page)).map((f) => `walking: ${f}`));
      await page.locator('[data-key="walk-leave"]').tap();
      await tapView(page, 'gradcheck');
      await page.locator('[data-key="planted-bug"]').selectOption('forget-fprime');
      await expect(page.locator('.bug-pill')).toBeVisible();
      failures.push(...(await smallControls(page)).map((f) => `planted bug: ${f}`));
      expect(failures).toEqual([]);
    });

    test('every edge, unit and number of the diagram: a tap within 12 px selects it or offers it', async ({ page }) => {
      test.setTimeout(120_000);
      await openPage(page);
      const targets = await diagramTargets(page);
      expect(targets.length).toBe(12 + 6 + 3); // 8 weights and 4 biases, 6 units, J and y₁, y₂
      const chooser = page.locator('[data-key="finger-choice"]');
      const ring = [[0, 0], ...Array.from({ length: 8 }, (_, k) => [12 * Math.cos((k * Math.PI) / 4), 12 * Math.sin((k * Math.PI) / 4)])];
      let offered = 0;
      for (const t of targets) {
        for (const [dx, dy] of ring) {
          const other = sameDesc(t.desc, { q: 'J' }) ? { q: 'a', layer: 1, row: 1 } : { q: 'J' };
          await select(page, other);
          await page.touchscreen.tap(t.x + dx, t.y + dy);
          await expect.poll(async () => !sameDesc(await selection(page), other) || await chooser.isVisible(), `a tap ${Math.round(dx)},${Math.round(dy)} from ${t.what} did something`).toBe(true);
          const got = await selection(page);
          if (sameDesc(got, t.desc)) continue;
          // Not the nearest: it is among the buttons beside the finger, each big enough for it.
          await expect(chooser, `a tap ${Math.round(dx)},${Math.round(dy)} from ${t.what} selected ${JSON.stringify(got)} and offers the rest`).toBeVisible();
          const button = chooser.locator(`[data-pick="${pickKey(t.desc)}"]`);
          await expect(button, `a tap ${Math.round(dx)},${Math.round(dy)} from ${t.what} offers it (offered: ${await chooser.textContent()})`).toHaveCount(1);
          for (const b of await chooser.locator('button').all()) {
            const bb = await b.boundingBox();
            expect(bb.width >= MIN_TARGET && bb.height >= MIN_TARGET, `offered button ${await b.textContent()} is ${bb.width}×${bb.height}`).toBe(true);
          }
          await tapInView(page, button, `the offered ${t.what}`);
          await expect.poll(() => selection(page)).toEqual(t.desc);
          await expect(chooser).toBeHidden();
          offered += 1;
        }
      }
      // The offer is there for the crowded places only, not for every tap.
      expect(offered).toBeGreaterThan(0);
      expect(offered).toBeLessThan(targets.length * ring.length);
      const t = targets.find((x) => sameDesc(x.desc, { q: 'W', layer: 1, row: 1, col: 2 }));
      await select(page, { q: 'J' });
      await page.touchscreen.tap(t.x + 8, t.y);
      if (await chooser.isVisible()) await page.screenshot({ path: `${ARTIFACTS}touch-finger-choice-${device.name}.png` });
    });
  });
}
