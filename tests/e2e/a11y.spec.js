// Accessibility, WCAG 2.2 AA: an automated audit with axe-core, and what axe cannot judge.
//
// 1. axe-core (from npm) audits every view at 1280×800 and 390×844 with the rules tagged
//    wcag2a, wcag2aa, wcag21a, wcag21aa and wcag22aa, and finds no violation:
//      - the page (dist/index.html; it has one theme, the light one),
//      - the <backprop-sandbox> element, all seven views, theme="light" and theme="dark"
//        (dist/embed.html: the element alone on a page; axe goes into its open shadow root),
//      - the demo course page (two elements and an iframe) in a light and a dark system setting,
//      - states a learner meets besides a view's first look: the walkthrough asking and
//        revealing, a verdict, the settings menu, a tip, the gradients on the diagram, a
//        planted bug, the note after a gradient step, edits waiting for Run, the strip under a
//        phone's view, training.
//    Each audit prints how many rules axe checked (passed + violations + to review +
//    inapplicable); each test attaches the counts and writes them to artifacts/a11y-*.json.
//    How axe gets into the page: the pages' Content-Security-Policy allows only the site's own
//    scripts, so a <script> that page.addScriptTag would insert is refused. axe's source is
//    evaluated with page.evaluate instead, through the DevTools protocol, which the policy
//    does not govern: the page runs under its production policy during the audit (bypassCSP
//    would turn the policy off for the whole context, and the audit would see a page the
//    learner never gets). One test shows the policy still in force.
// 2. What axe leaves for review is measured here. A number in a matrix cell sits on the
//    cell's bracket (thin bars drawn with a background gradient), so axe cannot tell its
//    background: each such text is measured against the background colour under it, opacity
//    composited. And the numbers on the diverging colour scale (tinted cells and fields,
//    coloured units) are measured as drawn, in both themes. At least 4.5:1 everywhere.
// 3. Beyond axe: every control has an accessible name; the focus order follows the visual
//    order; the walkthrough and the check announce their results in a live region; at 200 %
//    zoom (a 640×400 CSS px window at device scale 2) nothing scrolls sideways; and a
//    keyboard-only lesson: select a weight, read its explanation, check an answer, walk
//    through the whole pass, with no mouse event at all.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openPage, openView, hook, ARTIFACTS } from './helpers.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const ALL_VIEWS = ['network', 'forward', 'backward', 'gradients', 'gradcheck', 'training', 'instructor'];
const SIZES = [{ width: 1280, height: 800 }, { width: 390, height: 844 }];
const AA = 4.5;

const base = () => process.env.BP_E2E_BASE_URL;
const sizeName = ({ width, height }) => `${width}x${height}`;

// ---- opening what is audited ------------------------------------------------------------------

/** The element alone on a page (embed.html), every view, in a theme. */
async function openElement(page, theme) {
  await page.goto(`${base()}embed.html?views=all&theme=${theme}`);
  await page.evaluate(() => document.querySelector('backprop-sandbox').ready);
  return page.locator('backprop-sandbox');
}

/** The course page with its two elements (and its iframe, once loaded). */
async function openCourse(page) {
  await page.goto(`${base()}examples/course.html`);
  await page.evaluate(() => Promise.all(['gradients-only', 'full'].map((id) => document.getElementById(id).ready)));
  // The iframe loads lazily: brought into view, then its element is awaited.
  await page.locator('#xor-frame').scrollIntoViewIfNeeded();
  await expect(page.frameLocator('#xor-frame').locator('backprop-sandbox')).toBeAttached({ timeout: 30_000 });
  await page.frameLocator('#xor-frame').locator('backprop-sandbox').evaluate((el) => el.ready);
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Opens a view and waits until it is built (Training and Instructor load on demand) and still. */
async function showView(page, scope, view) {
  await openView(page, view, scope);
  await expect(scope.locator(`section.view-${view} .extra-view > .loading`)).toHaveCount(0);
  await settle(page);
}

/** Waits for finite animations and transitions to end, and two frames. */
async function settle(page) {
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((a) => Number.isFinite(a.effect?.getComputedTiming?.().endTime ?? Infinity));
    await Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => {}))), new Promise((r) => setTimeout(r, 2000))]);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

// ---- axe ----------------------------------------------------------------------------------------

/**
 * Runs axe on the page (and, axe loaded in each of them, its frames), open shadow roots
 * included. Returns the rule counts and the violations, formatted for a failure message.
 */
async function axeRun(page, attempt = 1) {
  for (const frame of page.frames()) {
    if (frame.isDetached()) continue;
    // axe's source, evaluated as a script through the protocol (see the top of this file).
    if (!(await frame.evaluate(() => typeof window.axe?.run === 'function').catch(() => true))) await frame.evaluate(AXE_SOURCE).catch(() => {});
  }
  // A frame that appeared (or reloaded) after axe went in has no axe to answer: axe waits for it
  // and gives up ("Axe in frame timed out"). Then put axe into the frames now there, and again.
  return axeAudit(page).catch((error) => {
    if (attempt >= 3 || !/Axe in frame timed out/.test(error.message)) throw error;
    return axeRun(page, attempt + 1);
  });
}

function axeAudit(page) {
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'], frameWaitTime: 15_000 });
    const review = r.incomplete.find((v) => v.id === 'color-contrast')?.nodes ?? [];
    return {
      passes: r.passes.length,
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => `${[].concat(...n.target).join(' >> ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
      })),
      incomplete: r.incomplete.length,
      inapplicable: r.inapplicable.length,
      // Text whose contrast axe left to review, and why (its data's messageKey).
      review: review.map((n) => ({ target: n.target, why: n.any[0]?.data?.messageKey ?? n.any[0]?.message ?? '' })),
    };
  }, TAGS);
}

/**
 * The contrast of text that axe left for review because a background gradient lies under it:
 * the matrices' brackets, 2 px bars and ticks drawn with gradients at the cells' outer edges,
 * away from the text (the cells' padding). Measured here against the background colour under
 * the text, the element's own opacity and its ancestors' composited: at least 4.5:1 (3:1 for
 * large text). Returns the ones below, how many were measured, and targets not found again.
 */
function reviewContrast(page, review) {
  return page.evaluate((nodes) => {
    // axe's target: one entry per frame, each a selector or a path of selectors through
    // shadow roots.
    const find = (target) => {
      let doc = document;
      let el = null;
      for (const part of target) {
        let root = doc;
        for (const sel of [].concat(part)) {
          el = root.querySelector(sel);
          if (!el) return null;
          root = el.shadowRoot ?? el;
        }
        if (el.contentDocument) doc = el.contentDocument;
      }
      return el;
    };
    const rgb = (s) => {
      const m = s.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
      return m ? { c: [Number(m[1]), Number(m[2]), Number(m[3])], a: m[4] === undefined ? 1 : Number(m[4]) } : null;
    };
    const lum = ([r, g, b]) => {
      const f = (v) => { const x = v / 255; return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const mix = (top, alpha, under) => top.map((c, k) => alpha * c + (1 - alpha) * under[k]);
    const parentOf = (el) => el.parentElement ?? el.getRootNode().host ?? null;
    const low = [];
    const missing = [];
    let measured = 0;
    for (const { target } of nodes) {
      const el = find(target);
      if (!el) { missing.push([].concat(...target).join(' >> ')); continue; }
      if (!el.checkVisibility()) continue;
      // The element giving the background: the first with an opaque background colour.
      let bgEl = el;
      let inner = 1; // opacities between the text and that background
      while (bgEl && !(rgb(getComputedStyle(bgEl).backgroundColor)?.a === 1)) {
        inner *= Number(getComputedStyle(bgEl).opacity);
        bgEl = parentOf(bgEl);
      }
      const bg = bgEl ? rgb(getComputedStyle(bgEl).backgroundColor).c : [255, 255, 255];
      let outer = 1;
      for (let p = bgEl; p; p = parentOf(p)) outer *= Number(getComputedStyle(p).opacity);
      let under = [255, 255, 255];
      for (let p = bgEl && parentOf(bgEl); p; p = parentOf(p)) {
        const c = rgb(getComputedStyle(p).backgroundColor);
        if (c?.a === 1) { under = c.c; break; }
      }
      const s = getComputedStyle(el);
      const fg = rgb(s.color);
      const text = mix(fg.c, fg.a * inner, bg);
      const r = ratio(mix(text, outer, under), mix(bg, outer, under));
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      measured += 1;
      if (r < (large ? 3 : 4.5)) low.push(`${[].concat(...target).join(' >> ')} "${el.textContent.trim().slice(0, 20)}": ${r.toFixed(2)} (${s.color} on ${getComputedStyle(bgEl ?? document.body).backgroundColor})`);
    }
    return { low, measured, missing };
  }, review);
}

const describeViolations = (vs) => vs.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 8).map((n) => `    ${n}`).join('\n')}`).join('\n');

/**
 * Audits and expects no violation, and no text over a bracket's gradient below 4.5:1; logs and
 * returns the rule counts.
 */
async function audit(page, label, counts) {
  const r = await axeRun(page);
  const checked = r.passes + r.violations.length + r.incomplete + r.inapplicable;
  const gradients = r.review.filter((n) => n.why === 'bgGradient');
  const { low, measured, missing } = await reviewContrast(page, gradients);
  const row = { where: label, checked, passes: r.passes, violations: r.violations.length, incomplete: r.incomplete, inapplicable: r.inapplicable, contrastMeasuredHere: measured };
  counts.push(row);
  console.log(`axe ${label}: ${checked} rules checked (${r.passes} passed, ${r.violations.length} violated, ${r.incomplete} to review, ${r.inapplicable} inapplicable); ${measured} texts over brackets measured here`);
  expect(r.violations, `${label}:\n${describeViolations(r.violations)}`).toEqual([]);
  expect(low, `${label}: text over the brackets' gradients`).toEqual([]);
  expect(missing, `${label}: axe's targets found again`).toEqual([]);
  // The audit ran the rules of the five tags: several dozen of them, most passing.
  expect(checked).toBeGreaterThan(50);
  expect(r.passes).toBeGreaterThan(20);
  return row;
}

async function report(testInfo, name, counts) {
  writeFileSync(`${ARTIFACTS}a11y-${name}.json`, `${JSON.stringify(counts, null, 1)}\n`);
  await testInfo.attach(`axe rule counts, ${name}`, { body: JSON.stringify(counts, null, 1), contentType: 'application/json' });
}

// ---- the numbers on the colour scale, as drawn ----------------------------------------------------

/**
 * Every visible number on a colour of the diverging scale, in the document and in open shadow
 * roots: tinted cells and fields (their own background), and coloured units of the diagram
 * (text fill on the unit's rect fill). An element's own opacity, if it has one, is composited
 * as the browser does, over what is behind it. Returns [{ what, fg, bg, opacity, ratio }].
 */
function scaleContrasts(page) {
  return page.evaluate(() => {
    const rgb = (s) => {
      const m = s.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
      return m ? { c: [Number(m[1]), Number(m[2]), Number(m[3])], a: m[4] === undefined ? 1 : Number(m[4]) } : null;
    };
    const lum = ([r, g, b]) => {
      const f = (v) => { const x = v / 255; return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const mix = (top, alpha, under) => top.map((c, k) => alpha * c + (1 - alpha) * under[k]);
    const parentOf = (el) => el.parentElement ?? el.getRootNode().host ?? null;
    /** The first opaque background behind el (white when none is). */
    const behind = (el) => {
      for (let p = parentOf(el); p; p = parentOf(p)) {
        const c = rgb(getComputedStyle(p).backgroundColor);
        if (c && c.a === 1) return c.c;
      }
      return [255, 255, 255];
    };
    const all = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
      for (const el of root.querySelectorAll('.tinted')) {
        if (!el.checkVisibility() || el.getClientRects().length === 0) continue;
        const s = getComputedStyle(el);
        const fg = rgb(s.color);
        const bg = rgb(s.backgroundColor);
        const what = `${el.dataset.quantity}(${el.dataset.layer},${el.dataset.row},${el.dataset.col}) "${el.value || el.textContent}"`;
        if (!fg || !bg || bg.a < 1) { all.push({ what, fg: s.color, bg: s.backgroundColor, ratio: 0 }); continue; }
        const alpha = Number(s.opacity);
        const under = behind(el);
        all.push({ what, fg: s.color, bg: s.backgroundColor, opacity: alpha, ratio: ratio(mix(fg.c, alpha, under), mix(bg.c, alpha, under)) });
      }
      for (const g of root.querySelectorAll('svg.net g.unit')) {
        if (!g.checkVisibility()) continue;
        const fill = getComputedStyle(g.querySelector('rect')).fill;
        const bg = rgb(fill);
        for (const t of g.querySelectorAll('text')) {
          const s = getComputedStyle(t);
          const fg = rgb(s.fill);
          const alpha = Number(s.opacity);
          all.push({ what: `unit ${g.dataset.quantity}(${g.dataset.layer},${g.dataset.row}) "${t.textContent}"`, fg: s.fill, bg: fill, opacity: alpha, ratio: fg && bg ? ratio(mix(fg.c, alpha, bg.c), bg.c) : 0 });
        }
      }
    };
    walk(document);
    return all;
  });
}

async function expectScaleContrast(page, label) {
  const found = await scaleContrasts(page);
  const low = found.filter((f) => !(f.ratio >= AA));
  expect(low, `${label}: numbers under 4.5:1 on the colour scale`).toEqual([]);
  return found.length;
}

// ---- 1. axe on every view ----------------------------------------------------------------------

test('the audit runs under the production CSP: an inline script is still refused', async ({ page }) => {
  await openPage(page);
  const refused = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()); });
  await page.addScriptTag({ content: 'window.__inlineRan = true;' }).catch(() => {});
  expect(await page.evaluate(() => window.__inlineRan === true)).toBe(false);
  await expect.poll(() => refused.length, { message: 'Chromium reports the refusal' }).toBeGreaterThan(0);
  // axe itself, evaluated through the protocol, is there and runs.
  const r = await axeRun(page);
  expect(await page.evaluate(() => typeof window.axe?.run)).toBe('function');
  expect(r.passes).toBeGreaterThan(20);
});

for (const size of SIZES) {
  test(`axe, the page at ${sizeName(size)}: no violation in any view`, async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    await openPage(page);
    const counts = [];
    for (const view of ALL_VIEWS) {
      await showView(page, page, view);
      await audit(page, `page light ${sizeName(size)} ${view}`, counts);
      if (['network', 'forward', 'gradients'].includes(view)) expect(await expectScaleContrast(page, `page ${view}`)).toBeGreaterThan(0);
    }
    await report(testInfo, `page-${sizeName(size)}`, counts);
  });

  for (const theme of ['light', 'dark']) {
    test(`axe, the element (shadow DOM), ${theme} theme, at ${sizeName(size)}: no violation in any view`, async ({ page }, testInfo) => {
      test.setTimeout(180_000);
      await page.setViewportSize(size);
      const el = await openElement(page, theme);
      // The theme is the one asked for (the dark one sets its own page colour).
      expect(await el.evaluate((host) => host.shadowRoot.querySelector('.bp-host').classList.contains('bp-dark'))).toBe(theme === 'dark');
      const counts = [];
      for (const view of ALL_VIEWS) {
        await showView(page, el, view);
        await audit(page, `element ${theme} ${sizeName(size)} ${view}`, counts);
        if (['network', 'forward', 'gradients'].includes(view)) expect(await expectScaleContrast(page, `element ${theme} ${view}`)).toBeGreaterThan(0);
      }
      await report(testInfo, `element-${theme}-${sizeName(size)}`, counts);
    });

    test(`axe, the course page (two elements, an iframe), ${theme} system setting, at ${sizeName(size)}`, async ({ page }, testInfo) => {
      // The host's own text, the two elements as the course configured them (the views of the
      // element are audited one by one above) and the iframe embed, with axe in the frame too.
      test.setTimeout(120_000);
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: theme });
      await openCourse(page);
      const full = page.locator('#full');
      expect(await full.evaluate((host) => host.shadowRoot.querySelector('.bp-host').classList.contains('bp-dark'))).toBe(theme === 'dark');
      await settle(page);
      const counts = [];
      await audit(page, `course ${theme} ${sizeName(size)}`, counts);
      expect(await expectScaleContrast(page, `course ${theme}`)).toBeGreaterThan(0);
      await report(testInfo, `course-${theme}-${sizeName(size)}`, counts);
    });
  }
}

/**
 * The states a learner meets besides each view's first look, audited one after another in a
 * sandbox (`scope`: the page, or the element's host).
 */
async function auditStates(page, scope, label, counts, { phone }) {
  const key = (k) => scope.locator(`[data-key="${k}"]`);
  await showView(page, scope, 'network');
  // The walkthrough: a step asking for its value, then revealed.
  await scope.locator('.bar [data-key="walk"]').click();
  await key('walk-next').click();
  await expect(scope.locator('.walk')).toHaveAttribute('data-revealed', 'false');
  await settle(page);
  await audit(page, `${label} walkthrough asking`, counts);
  await key('walk-next').click();
  await expect(scope.locator('.walk')).toHaveAttribute('data-revealed', 'true');
  await settle(page);
  await audit(page, `${label} walkthrough revealed`, counts);
  await expectScaleContrast(page, `${label} walkthrough`);
  await key('walk-leave').click();
  // A verdict that disagrees (∂J/∂W₁₁⁽¹⁾ is δ₁⁽²⁾ a₁⁽¹⁾ = 0.0004386; twice that is a slip) (with its slips and ingredients), then one that agrees.
  await scope.locator(`svg.net g.edge${hook('W', 1, 1, 1)}`).focus();
  await expect(scope.locator('.check-target')).toHaveText('Check your value of ∂J/∂W₁₁⁽¹⁾');
  await key('check-value').fill('0.0008771');
  await key('check').click();
  await expect(scope.locator('.check-result')).toHaveAttribute('data-verdict', 'disagree');
  await audit(page, `${label} verdict disagrees`, counts);
  await key('check-value').fill('0.0004386');
  await key('check').click();
  await expect(scope.locator('.check-result')).toHaveAttribute('data-verdict', 'agree');
  await audit(page, `${label} verdict agrees`, counts);
  // The settings menu, open.
  await key('settings').click();
  await expect(key('digits')).toBeVisible();
  await audit(page, `${label} settings open`, counts);
  await page.keyboard.press('Escape');
  await expect(key('digits')).toBeHidden();
  // A tip, shown on keyboard focus.
  await key('walk').focus();
  await expect(scope.locator('.tip').first()).toBeVisible();
  await audit(page, `${label} tip shown`, counts);
  // The diagram showing δ and ∂J/∂W, selection on a unit.
  await key('mode-gradients').check();
  await scope.locator('svg.net g.unit').nth(2).focus();
  await settle(page);
  await audit(page, `${label} diagram gradients`, counts);
  await expectScaleContrast(page, `${label} diagram gradients`);
  // A planted bug: its pill beside the tabs, the Gradient check's verdicts.
  await showView(page, scope, 'gradcheck');
  await key('planted-bug').selectOption('forget-fprime');
  await expect(scope.locator('.bug-pill')).toBeVisible();
  await settle(page);
  await audit(page, `${label} bug planted`, counts);
  await key('remove-bug').click();
  // The banner: the page's note after a gradient step; in both, edits waiting for Run.
  await showView(page, scope, 'gradients');
  await scope.locator('.bar [data-key="step"]').click();
  if (scope === page) await expect(page.locator('.banner .note')).toContainText('Gradient step 1');
  await settle(page);
  await audit(page, `${label} after a gradient step`, counts);
  await expectScaleContrast(page, `${label} after a gradient step`);
  await key('settings').click();
  await key('autorun').uncheck();
  await page.keyboard.press('Escape');
  await showView(page, scope, 'forward');
  await scope.locator(`input${hook('W', 1, 1, 1)}`).fill('0.2');
  await expect(key('run-banner')).toBeVisible();
  await settle(page);
  await audit(page, `${label} edits pending`, counts);
  // The numbers from the last run, marked (in italics): still 4.5:1 on their tints and units.
  await expect(scope.locator('section.view-forward td.computed').first()).toHaveCSS('font-style', 'italic');
  for (const view of ['gradients', 'network']) {
    await showView(page, scope, view);
    if (view === 'gradients') await audit(page, `${label} edits pending, gradients`, counts);
    expect(await expectScaleContrast(page, `${label} edits pending, ${view}`)).toBeGreaterThan(0);
  }
  await key('run-banner').click();
  await expect(key('run-banner')).toHaveCount(0);
  // A phone: the strip that keeps the selection in view when the explanation is out of sight.
  if (phone) {
    await showView(page, scope, 'forward');
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(scope.locator('.dock')).toBeVisible();
    await audit(page, `${label} dock`, counts);
  }
  // Training: a few epochs, the loss curve and the output plane drawn.
  await showView(page, scope, 'training');
  await key('train-step').click();
  await expect(key('train-status')).toHaveAttribute('data-epoch', '1');
  await settle(page);
  await audit(page, `${label} training`, counts);
}

for (const size of SIZES) {
  test(`axe, states besides the first look, the page at ${sizeName(size)}`, async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    await openPage(page);
    const counts = [];
    await auditStates(page, page, `page ${sizeName(size)}`, counts, { phone: size.width < 500 });
    await report(testInfo, `states-page-${sizeName(size)}`, counts);
  });
}

test('axe, states besides the first look, the element in the dark theme at 1280x800', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const el = await openElement(page, 'dark');
  const counts = [];
  await auditStates(page, el, 'element dark 1280x800', counts, { phone: false });
  await report(testInfo, 'states-element-dark-1280x800', counts);
});

// ---- 3. beyond axe -------------------------------------------------------------------------------

/** Interactive elements, and elements whose role needs a name to mean anything. */
const NAMED = [
  'button', 'a[href]', 'input:not([type="hidden"])', 'select', 'textarea', 'summary', 'iframe',
  '[tabindex]:not([tabindex="-1"])',
  '[role]:not([role="status"]):not([role="alert"]):not([role="log"]):not([role="tooltip"]):not([role="presentation"]):not([role="none"])',
].join(', ');

for (const size of SIZES) {
  test(`every control and named role has an accessible name, in every view, at ${sizeName(size)}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(size);
    await openPage(page);
    let checked = 0;
    const kinds = new Set();
    for (const view of ALL_VIEWS) {
      await showView(page, page, view);
      const shown = page.locator(NAMED).filter({ visible: true });
      // What each one is, for the message; those inside aria-hidden (a file input behind its
      // button) are not in the accessibility tree and need no name.
      const found = await shown.evaluateAll((els) => els.map((e) => {
        const cls = typeof e.className === 'string' ? e.className : e.className.baseVal;
        return {
          hidden: Boolean(e.closest('[aria-hidden="true"], [inert]')),
          what: `<${e.localName}${e.getAttribute('role') ? ` role=${e.getAttribute('role')}` : ''}${e.dataset.key ? ` data-key=${e.dataset.key}` : ''}${cls ? ` class="${cls}"` : ''}>`,
        };
      }));
      expect(found.filter((f) => !f.hidden).length, `${view}: controls found`).toBeGreaterThan(8);
      for (const [k, { hidden, what }] of found.entries()) {
        if (hidden) continue;
        kinds.add(what.split(/[ >]/)[0]);
        await expect.soft(shown.nth(k), `${view}: ${what}`).toHaveAccessibleName(/\S/, { timeout: 1000 });
        checked += 1;
      }
    }
    // Buttons, fields, lists, tabs, the diagram's units and edges and the focusable cells.
    expect(checked).toBeGreaterThan(150);
    for (const kind of ['<button', '<input', '<select', '<summary', '<g']) expect([...kinds]).toContain(kind);
  });
}

/** Where the focused element is: its region (bar, tabs, view, explain) and its box in page coordinates. */
const focusedAt = () => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const region = el.closest('.bar') ? 'bar' : el.closest('.tabs') ? 'tabs' : el.closest('section.view') ? 'view' : el.closest('.explain-column') ? 'explain' : 'other';
  const r = el.getBoundingClientRect();
  const box = { left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX, bottom: r.bottom + scrollY };
  // In the diagram, the point the eye places a unit or an edge at: a unit's centre; an edge's
  // arrival, at the unit it feeds (its box spans two columns).
  let anchor = null;
  if (el.matches('svg.net g.unit')) anchor = { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 };
  if (el.matches('svg.net g.edge')) {
    const line = el.querySelector('line.vis');
    const p = new DOMPoint(line.x2.baseVal.value, line.y2.baseVal.value).matrixTransform(line.getScreenCTM());
    anchor = { x: p.x + scrollX, y: p.y + scrollY };
  }
  const cls = typeof el.className === 'string' ? el.className : el.className.baseVal;
  return { region, box, anchor, name: `${el.localName}.${cls.split(' ')[0]}${el.dataset.key ? `[${el.dataset.key}]` : ''}${el.getAttribute('aria-label') ? ` "${el.getAttribute('aria-label')}"` : ''}` };
};

/** Tabs from the top of the page to the end, recording where each focused element is. */
async function tabSequence(page, max = 90) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  const seq = [];
  for (let k = 0; k < max; k += 1) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(focusedAt);
    if (!at) break; // past the last element
    if (seq.length && at.name === seq[0].name && at.box.top === seq[0].box.top) break; // around again
    seq.push(at);
  }
  return seq;
}

/** Whether b comes after a in reading order: a later row, or the same row further right. */
function readsAfter(a, b) {
  const overlap = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
  const sameRow = overlap > 0.5 * Math.min(a.box.bottom - a.box.top, b.box.bottom - b.box.top);
  if (sameRow) return b.box.left >= a.box.left - 1;
  return (b.box.top + b.box.bottom) / 2 > (a.box.top + a.box.bottom) / 2;
}

for (const size of SIZES) {
  test(`the focus order follows the visual order: the bar, the tabs, the network view, the explanation, at ${sizeName(size)}`, async ({ page }) => {
    await page.setViewportSize(size);
    await openPage(page);
    const seq = await tabSequence(page);
    const regions = seq.map((s) => s.region);
    // The regions, each once, in this order (the explanation beside or under the view).
    const order = regions.filter((r, k) => r !== regions[k - 1]);
    expect(order).toEqual(['bar', 'tabs', 'view', 'explain']);
    const bar = seq.filter((s) => s.region === 'bar');
    const tabs = seq.filter((s) => s.region === 'tabs');
    const view = seq.filter((s) => s.region === 'view');
    const explain = seq.filter((s) => s.region === 'explain');
    expect(bar.length).toBeGreaterThanOrEqual(4); // J, walk, step, α, settings
    expect(tabs).toHaveLength(1); // the open view's tab; the arrow keys go to the others
    expect(explain.length).toBeGreaterThanOrEqual(4);
    // The diagram is one tab stop (the selected edge); the arrow keys move inside it.
    expect(view.filter((s) => s.anchor).map((s) => s.name)).toEqual(['g.edge "W₁₁⁽¹⁾, from unit 1 of layer 1 to unit 1 of layer 2"']);
    // Within the bar, the view and the explanation: row by row, left to right.
    const problems = [];
    for (const part of [bar, view, explain]) {
      for (let k = 1; k < part.length; k += 1) if (!readsAfter(part[k - 1], part[k])) problems.push(`${part[k - 1].name} → ${part[k].name}`);
    }
    expect(problems).toEqual([]);
    // The regions where the eye finds them: the bar above the tabs above the view, the
    // explanation to the right of the view (wide) or under it (narrow).
    const top = (part) => Math.min(...part.map((s) => s.box.top));
    const bottom = (part) => Math.max(...part.map((s) => s.box.bottom));
    expect(bottom(bar)).toBeLessThanOrEqual(top(tabs) + 1);
    expect(bottom(tabs)).toBeLessThanOrEqual(top(view) + 1);
    const viewBox = await page.locator('section.view-network').boundingBox();
    const explainBox = await page.locator('.explain-column').boundingBox();
    if (size.width >= 960) expect(explainBox.x).toBeGreaterThanOrEqual(viewBox.x + viewBox.width - 1);
    else expect(explainBox.y).toBeGreaterThanOrEqual(viewBox.y + viewBox.height - 1);

    // Inside the diagram, from the first unit (Home) on with ArrowDown: column by column, left
    // to right, each column top to bottom; every unit and edge once.
    await page.locator('svg.net g.edge[tabindex="0"]').focus();
    await page.keyboard.press('Home');
    const inside = [await page.evaluate(focusedAt)];
    for (let k = 0; k < 30; k += 1) {
      await page.keyboard.press('ArrowDown');
      const at = await page.evaluate(focusedAt);
      if (at.name === inside.at(-1).name) break; // the last one: ArrowDown stays
      inside.push(at);
    }
    expect(new Set(inside.map((s) => s.name)).size).toBe(6 + 12);
    for (let k = 1; k < inside.length; k += 1) {
      const a = inside[k - 1].anchor;
      const b = inside[k].anchor;
      const inOrder = b.x > a.x + 1 || (Math.abs(b.x - a.x) <= 1 && b.y >= a.y - 1);
      if (!inOrder) problems.push(`diagram: ${inside[k - 1].name} → ${inside[k].name}`);
    }
    expect(problems).toEqual([]);
    // Left and Right cross the columns: from a unit of layer 1 to the edges out of it, to the
    // units of layer 2, and back.
    await page.keyboard.press('Home');
    const names = [];
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowLeft']) {
      await page.keyboard.press(key);
      names.push((await page.evaluate(focusedAt)).name);
    }
    expect(names[0]).toMatch(/^g\.edge "(W..|b.)⁽¹⁾/);
    expect(names[1]).toMatch(/^g\.unit "a.⁽²⁾ = /);
    expect(names[2]).toMatch(/^g\.edge "(W..|b.)⁽²⁾/);
    expect(names[3]).toBe(names[1]);
    // The selection followed the focus, and the diagram's one tab stop is where it is.
    await expect(page.locator('svg.net [tabindex="0"]')).toHaveCount(1);
    await expect(page.locator('svg.net g.unit.sel[tabindex="0"]')).toHaveCount(1);
  });
}

test('the walkthrough says each step and what its reveal computed in a live region, to the last step', async ({ page }) => {
  await openPage(page);
  await page.locator('.bar [data-key="walk"]').click();
  // A status region (role status, polite), in the accessibility tree though not on screen,
  // the same node all along.
  const said = page.locator('[data-key="walk-said"]');
  await expect(said).toHaveRole('status');
  await expect(said).toHaveAttribute('aria-live', 'polite');
  const node = await said.elementHandle();
  await expect(page.getByRole('status').filter({ hasText: 'Step 1 of 8' })).toHaveCount(1);
  // Step 2, the forward pass into layer 2: asked, then revealed with its numbers.
  await page.locator('[data-key="walk-next"]').click();
  await expect(said).toContainText('Step 2 of 8, forward pass');
  await expect(said).toContainText('Your turn');
  await page.locator('[data-key="walk-next"]').click();
  const a21 = Number(await page.locator(`.view-forward ${hook('a', 2, 1)}`).first().getAttribute('data-value'));
  await expect(said).toContainText(`Revealed: z₁⁽²⁾ = 0.3775, a₁⁽²⁾ = ${a21.toPrecision(4)}`);
  // On through the backward pass to the end: every reveal is said, the last one says so.
  const seen = [];
  for (let k = 0; k < 20; k += 1) {
    const next = page.locator('[data-key="walk-next"]');
    if (await next.isDisabled()) break;
    await next.click();
    seen.push(await said.textContent());
  }
  expect(seen.filter((t) => /Revealed: J = 0\.2984/.test(t))).toHaveLength(1);
  expect(seen.filter((t) => /Revealed: δ₁⁽³⁾ = 0\.1385/.test(t))).toHaveLength(1);
  expect(seen.at(-1)).toMatch(/^Step 8 of 8, backward pass: .* Revealed: ∂J\/∂W₁₁⁽¹⁾ = 0\.0004386.*That was the last step of the pass\.$/);
  // The node that spoke is the one there at the start (a region created with its text is not read).
  expect(await node.evaluate((n) => n.isConnected && n.textContent.includes('last step'))).toBe(true);
  // Leaving the walkthrough empties it (an empty region says nothing).
  await page.locator('[data-key="walk-leave"]').click();
  await expect(page.locator('[data-key="walk-said"]')).toHaveText('');
});

test('Check my answer: the verdict arrives in a live region that was there before it', async ({ page }) => {
  await openPage(page);
  const region = page.locator('.check-box [role="status"]');
  await expect(region).toHaveCount(1);
  await expect(region).toHaveAttribute('aria-live', 'polite');
  await expect(region).toHaveText('');
  const node = await region.elementHandle();
  await page.locator('[data-key="check-value"]').fill('0.0008771');
  await page.locator('[data-key="check"]').click();
  await expect(page.getByRole('status').filter({ hasText: '✗ Does not agree' })).toHaveCount(1);
  await expect(region).toContainText('∂J/∂W₁₁⁽¹⁾ is 0.0004386, not 0.0008771');
  await page.locator('[data-key="check-value"]').fill('0.0004386');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: '✓ Agrees' })).toHaveCount(1);
  expect(await node.evaluate((n) => n.isConnected && n.textContent.includes('Agrees'))).toBe(true);
  // While walking, the learner's value for the step is checked the same way.
  await page.locator('.bar [data-key="walk"]').click();
  await page.locator('[data-key="walk-next"]').click(); // step 2 asks for z₁⁽²⁾
  await page.locator('[data-key="check-value"]').fill('0.3775');
  await page.locator('[data-key="check"]').click();
  await expect(page.locator('.check-box [role="status"]')).toContainText('✓ Agrees');
});

test('200 % zoom at 1280 px (640×400 CSS px at device scale 2): no view scrolls sideways, the bar fits', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await openPage(page);
  for (const view of ALL_VIEWS) {
    await showView(page, page, view);
    const m = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth }));
    expect(m.client, view).toBe(640);
    expect(m.scroll, `${view}: the page is ${m.scroll} px wide in a 640 px window`).toBeLessThanOrEqual(m.client);
    // Every control of the bar is within the window (none pushed off its edge).
    const off = await page.$$eval('.bar button, .bar input, .bar summary, .bar [tabindex="0"]', (els) => els.filter((e) => e.checkVisibility() && e.getBoundingClientRect().right > document.scrollingElement.clientWidth + 0.5).map((e) => e.dataset.key));
    expect(off, view).toEqual([]);
  }
  await page.screenshot({ path: `${ARTIFACTS}a11y-zoom200-instructor.png` });
  await showView(page, page, 'network');
  await page.screenshot({ path: `${ARTIFACTS}a11y-zoom200-network.png` });
  await context.close();
});

test('a keyboard-only lesson: select a weight, read its explanation, check an answer, walk through the whole pass', async ({ page }) => {
  // Any mouse or pointer event at all fails the test: the keyboard does everything.
  await page.addInitScript(() => {
    window.__pointer = [];
    for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup']) {
      window.addEventListener(type, (e) => window.__pointer.push(`${type} ${e.pointerType ?? ''}`), true);
    }
    window.addEventListener('click', (e) => { if (e.detail > 0) window.__pointer.push('click by a pointer'); }, true);
  });
  await openPage(page);
  const active = () => page.evaluate(() => {
    const el = document.activeElement;
    return { key: el?.dataset?.key ?? null, q: el?.dataset?.quantity ?? null, layer: el?.dataset?.layer ?? null, row: el?.dataset?.row ?? null, col: el?.dataset?.col ?? null, cls: el?.getAttribute('class') ?? '' };
  });
  const tabTo = async (matches, what, max = 60) => {
    for (let k = 0; k < max; k += 1) {
      await page.keyboard.press('Tab');
      if (matches(await active())) return;
    }
    throw new Error(`Tab never reached ${what}`);
  };

  // 1. Select a weight: Tab to the diagram (one tab stop: the selected edge, W₁₁⁽¹⁾), then the
  //    arrow keys to W₁₂⁽²⁾ (from unit 2 of layer 2 to unit 1 of layer 3), and Enter.
  await tabTo((a) => a.q === 'W' && a.layer === '1' && a.row === '1' && a.col === '1', 'the diagram');
  for (let k = 0; k < 20; k += 1) {
    const a = await active();
    if (a.q === 'W' && a.layer === '2' && a.row === '1' && a.col === '2') break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await expect(page.locator('.selected-name')).toContainText('W₁₂⁽²⁾ = 0.45');
  await expect(page.locator('.selected-what')).toHaveText('the weight from unit 2 of layer 2 to unit 1 of layer 3');
  await expect(page.locator(`svg.net g.edge${hook('W', 2, 1, 2)}`)).toHaveClass(/\bsel\b/);
  // 2. Read its explanation: the reason is beside the diagram; Tab leaves the diagram at once
  //    (the selection stays) for "Where δ₁⁽³⁾ comes from", which Enter opens.
  await expect(page.locator('.why .reason')).toContainText('a₂⁽²⁾');
  for (let k = 0; k < 5 && !(await page.evaluate(() => document.activeElement?.matches('details.more > summary'))); k += 1) await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.matches('details.more > summary'))).toBe(true);
  await expect(page.locator('.selected-name')).toContainText('W₁₂⁽²⁾ = 0.45');
  await page.keyboard.press('Enter');
  await expect(page.locator('details.more')).toHaveAttribute('open', '');
  await expect(page.locator('details.more .katex').first()).toBeVisible();
  // 3. Check an answer: Tab to the answer field (it asks for ∂J/∂W₁₂⁽²⁾), type, Enter.
  await expect(page.locator('.check-target')).toHaveText('Check your value of ∂J/∂W₁₂⁽²⁾');
  await tabTo((a) => a.key === 'check-value', 'the answer field');
  await page.keyboard.type('0.08267');
  await page.keyboard.press('Enter');
  await expect(page.locator('.check-result')).toHaveAttribute('data-verdict', 'agree');
  await expect(page.getByRole('status').filter({ hasText: '✓ Agrees' })).toHaveCount(1);
  // 4. Walk through the pass: Tab on, around to the bar's Walk button, Enter; then Next with
  //    Enter to the last step.
  await tabTo((a) => a.key === 'walk', 'Walk through the pass');
  await page.keyboard.press('Enter');
  await expect(page.locator('.bar [data-key="walk"]')).toHaveAttribute('aria-pressed', 'true');
  await tabTo((a) => a.key === 'walk-next', 'Reveal / Next step');
  const next = page.locator('[data-key="walk-next"]');
  let presses = 0;
  while (!(await next.isDisabled()) && presses < 30) {
    await page.keyboard.press('Enter');
    presses += 1;
  }
  await expect(page.locator('.walk')).toHaveAttribute('data-step-index', '7');
  await expect(page.locator('.walk')).toHaveAttribute('data-revealed', 'true');
  await expect(page.locator('[data-key="walk-said"]')).toContainText('That was the last step of the pass.');
  expect(presses).toBe(2 * (8 - 1)); // step 1 shows at once; each other step, Reveal then Next
  // At the end J is known again (it showed "?" until its step).
  await expect(page.locator('.bar .J-value')).toHaveText('0.2984');
  expect(await page.evaluate(() => window.__pointer)).toEqual([]);
});
