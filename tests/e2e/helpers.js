// Shared helpers for the browser tests: opening the page, reading the data-* hooks.
//
// The page (web/sandbox.js), as the tests meet it:
//
//   .bar                 J ([data-quantity="J"], data-value), [data-key="walk"] "Walk through the
//                        pass" (aria-pressed), [data-key="step"] "Gradient step (changes the
//                        weights)", [data-key="alpha"], [data-key="undo-all"] Undo,
//                        [data-key="redo-all"] Redo, the settings menu (summary
//                        [data-key="settings"]: [data-key="digits"], [data-key="autorun"],
//                        [data-key="run"])
//   .tabs                [data-key="view-<name>"] for network, forward, backward, gradients,
//                        gradcheck, training, instructor (role tab)
//   .tabs-status         beside the tabs: a planted bug, .bug-pill[data-bug] (.refused when the
//                        shape check refused it; [data-key="remove-bug"]), and for a batch the
//                        example shown, .example-bar.in-bar ([data-key="example"],
//                        "example-prev", "example-next", "of m = N"; under 760 px in the
//                        settings menu instead)
//   .banner              p.error / p.warning / p.note at the bottom of the window (in an
//                        element: over the top of its view; .at-start: in the flow above it)
//   section.view-<name>  one per view; the closed ones stay in the document, hidden, with their
//                        numbers current (data-value); a test that clicks or types into one
//                        opens it first (openView)
//   aside .explain       .start-here; .selection (.selected-name with the full value in
//                        output.readout, .headline); .check-box (.check-target, pickers
//                        [data-key="check-q" | "check-layer" | "check-row" | "check-col"] that
//                        select on the page, [data-key="check-value"], [data-key="check"],
//                        .check-result[data-verdict][data-slips]); .why .reason; details.more;
//                        while walking, .walk[data-step-index][data-step-kind][data-step-layer]
//                        [data-step-unit][data-revealed] with [data-key="walk-prev"] (Back),
//                        [data-key="walk-next"] (Reveal, then Next step), [data-key="walk-units"],
//                        [data-key="walk-leave"]
//
// Marks on any hooked element: sel, hl (goes into the selection), hov, step-out, step-in,
// unknown (the walkthrough has not revealed it: the text is "?", data-value stays), nonfinite.
import { expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
mkdirSync(ARTIFACTS, { recursive: true });

/** Console errors, page errors, failed requests and requests that leave the machine. */
export function watchProblems(page) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    const url = r.url();
    if (!/^(file:|data:|blob:|http:\/\/127\.0\.0\.1[:/]|http:\/\/localhost[:/])/.test(url)) problems.push(`network request: ${url}`);
  });
  return problems;
}

/** Opens the page (over http unless `file` is set) and waits until the engine has run. */
export async function openPage(page, { file = false } = {}) {
  const url = file ? process.env.BP_E2E_FILE_URL : process.env.BP_E2E_BASE_URL;
  await page.goto(url);
  // Compiling the engine and KaTeX takes well under a second on a quiet machine; the
  // generous wait is for a shared, loaded one.
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

/** Opens a view (its tab) and waits until it shows. */
export async function openView(page, view, scope = page) {
  await scope.locator(`[data-key="view-${view}"]`).click();
  await expect(scope.locator(`section.view-${view}`)).toBeVisible();
}

/** The loss J in the bar. */
export const barJ = (scope) => scope.locator(`.bar ${hook('J')}`);

/** CSS selector for a hooked quantity. */
export function hook(q, layer, row, col) {
  let s = `[data-quantity="${q}"]`;
  if (layer !== undefined && layer !== null) s += `[data-layer="${layer}"]`;
  if (row !== undefined && row !== null) s += `[data-row="${row}"]`;
  if (col !== undefined && col !== null) s += `[data-col="${col}"]`;
  return s;
}

/**
 * Every displayed value of the page as [{ q, layer, row, col, value, tag }]. data-value holds
 * String(number), which reads back as exactly the same double.
 */
export async function readAll(page) {
  return page.$$eval('[data-quantity][data-value]', (els) => els.map((el) => ({
    q: el.dataset.quantity,
    layer: el.dataset.layer === undefined ? null : Number(el.dataset.layer),
    row: el.dataset.row === undefined ? null : Number(el.dataset.row),
    col: el.dataset.col === undefined ? null : Number(el.dataset.col),
    value: Number(el.dataset.value),
    tag: el.tagName.toLowerCase(),
  })));
}

/** The one value of a quantity; fails if its displayed copies disagree. */
export function valueOf(all, q, layer, row, col) {
  const hits = all.filter((v) => v.q === q && (layer == null || v.layer === layer) && (row == null || v.row === row) && (col == null || v.col === col));
  if (hits.length === 0) throw new Error(`no displayed ${q} layer ${layer} row ${row} col ${col}`);
  for (const h of hits) expect(h.value, `copies of ${q}(${layer},${row},${col}) agree`).toBe(hits[0].value);
  return hits[0].value;
}

export const closeTo = (actual, expected, tol, what) => {
  const err = Math.abs(actual - expected);
  expect(err, `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
};

/** A 6-layer network with 8 units in every layer (weights from the engine's seeded init). */
export function sixByEight() {
  const layers = [8, 8, 8, 8, 8, 8];
  return {
    layers,
    activations: 'sigmoid',
    loss: 'mse',
    biases: layers.slice(1).map((n) => Array.from({ length: n }, (_, k) => 0.1 * ((k % 3) - 1))),
    input: layers.slice(0, 1).flatMap((n) => Array.from({ length: n }, (_, k) => Number((0.1 * (k + 1)).toFixed(1)))),
    target: Array.from({ length: 8 }, (_, k) => (k % 2 ? 0.1 : 0.9)),
    learningRate: 0.5,
    seed: 7,
  };
}

/** Replaces the page's network (the page's scripting handle, also used from the console). */
export async function loadDocument(page, doc) {
  const ok = await page.evaluate((d) => window.backpropSandbox.setDocument(d).ok, doc);
  expect(ok).toBe(true);
}

/**
 * Renders every panel of a large network. The page leaves panels and blocks far off screen
 * unrendered (content-visibility: auto, styles.css), sized by an estimate until first seen; a
 * learner only ever sees them rendered, since they render as they come near the screen. A
 * check of the whole page's geometry, or a full-page capture (which does not scroll), needs
 * them all rendered at once. Returns a function that puts them back.
 */
export async function renderEverything(page) {
  const SELECTOR = '.bp-sandbox.is-large .panel, .bp-sandbox.is-large .block';
  await page.evaluate((sel) => { for (const el of document.querySelectorAll(sel)) el.style.contentVisibility = 'visible'; }, SELECTOR);
  return () => page.evaluate((sel) => { for (const el of document.querySelectorAll(sel)) el.style.removeProperty('content-visibility'); }, SELECTOR);
}

/** A full-page screenshot with every panel rendered (see renderEverything). */
export async function fullPageScreenshot(page, path) {
  const restore = await renderEverything(page);
  await page.screenshot({ path, fullPage: true });
  await restore();
}
