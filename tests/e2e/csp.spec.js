// Content-Security-Policy: dist/index.html, dist/embed.html and
// dist/examples/course.html carry a CSP meta tag that allows only the site's own scripts,
// styles, fonts and images plus 'wasm-unsafe-eval' for the engine (and, on the pages that
// frame embed.html, frames from the site itself: the course page's iframe, the learner's
// page's live preview in its embed builder); no inline scripts, inline styles or inline event
// handlers. The pages work under it, over http and from disk, with no violation reported
// (securitypolicyviolation events, and Chromium's console messages).
import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hook, openView, barJ } from './helpers.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const PAGES = ['index.html', 'embed.html', 'examples/course.html'];
/** The pages that frame embed.html: frame-src 'self', and nothing more, besides the rest. */
const FRAMING = new Set(['index.html', 'examples/course.html']);

/** The whole policy every page has (and frame-src 'self' on the pages in FRAMING). */
const POLICY = {
  'default-src': ["'none'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'font-src': ["'self'"],
  'img-src': ["'self'"],
  'connect-src': ["'self'", 'data:'],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'object-src': ["'none'"],
};

/** The CSP of a dist page, as a map directive -> sources. */
function policyOf(html) {
  const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i);
  if (!meta) return null;
  return Object.fromEntries(meta[1].split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...sources] = d.split(/\s+/);
    return [name, sources];
  }));
}

for (const path of PAGES) {
  test(`dist/${path}: a strict CSP meta tag, no inline script, style or handler`, () => {
    const html = readFileSync(DIST + path, 'utf8');
    const csp = policyOf(html);
    expect(csp, 'CSP meta tag').not.toBeNull();
    // It comes before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(Math.min(...['<script', '<link', '<style'].map((t) => (html.indexOf(t) + 1 || Infinity) - 1)));
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
    if (FRAMING.has(path)) expect(csp['frame-src']).toEqual(["'self'"]);
    else expect(csp['frame-src']).toBeUndefined();
    // No other directive, and the others exactly as above.
    expect(csp).toEqual(FRAMING.has(path) ? { ...POLICY, 'frame-src': ["'self'"] } : POLICY);
    const all = Object.values(csp).flat();
    for (const loose of ["'unsafe-eval'", "'unsafe-inline'", "'unsafe-hashes'", '*', 'http:', 'https:', 'blob:']) expect(all).not.toContain(loose);
    // Every <script> has a src, or is a JSON data block (which never runs).
    for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) expect(tag, tag).toMatch(/\bsrc=|type="application\/json"/);
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/(href|src|action)\s*=\s*["']?\s*javascript:/i);
  });
}

test('the shipped scripts never evaluate strings (Embind built with -sDYNAMIC_EXECUTION=0)', () => {
  // Every script dist/ ships (app.js, backprop-sandbox.js, embed.js, and what the page loads
  // later, such as extras.js).
  const scripts = readdirSync(DIST).filter((f) => f.endsWith('.js'));
  expect(scripts).toEqual(expect.arrayContaining(['app.js', 'backprop-sandbox.js', 'embed.js']));
  for (const file of scripts) {
    const js = readFileSync(DIST + file, 'utf8');
    expect(js, `${file}: new Function`).not.toMatch(/\bnew Function\s*\(/);
    expect(js, `${file}: eval(`).not.toMatch(/(^|[^.\w$])eval\s*\(/);
  }
});

/** Collects CSP violations: the DOM event (from any frame) and Chromium's console message. */
async function watchCsp(page) {
  const seen = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) seen.push(`console: ${m.text().slice(0, 300)}`); });
  page.on('pageerror', (e) => seen.push(`pageerror: ${e.message.slice(0, 300)}`));
  await page.addInitScript(() => {
    window.__csp = [];
    // Capture phase on window: also the events fired at elements inside shadow roots (composed).
    window.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    }, true);
  });
  return async () => {
    const events = [];
    for (const frame of page.frames()) events.push(...(await frame.evaluate(() => window.__csp ?? []).catch(() => [])));
    return [...seen, ...events];
  };
}

const base = (file) => (file ? process.env.BP_E2E_FILE_URL.replace(/index\.html$/, '') : process.env.BP_E2E_BASE_URL);

for (const file of [false, true]) {
  const how = file ? 'from disk (file://)' : 'over http';

  test(`index.html ${how} works under its CSP: pass, KaTeX, edit, step, training, no violation`, async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto(`${base(file)}index.html`);
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('.explain .katex').first()).toBeVisible(); // equations: KaTeX's styles via the CSSOM
    await openView(page, 'gradients');
    await page.locator(`section.view-gradients ${hook('dW', 2, 1, 1)}`).click();
    await openView(page, 'forward');
    await page.locator(`input${hook('W', 1, 1, 1)}`).fill('0.3');
    const step = page.locator('.bar [data-key="step"]');
    await expect(step).toHaveAccessibleName('Gradient step (changes the weights)');
    await step.click();
    await expect(barJ(page)).toHaveAttribute('data-value', /\d/);
    await openView(page, 'training');
    await expect(page.locator('.view-training .step-summary')).toContainText('Step 1 with α');
    // The embed builder's live preview: embed.html in a frame (frame-src 'self').
    await openView(page, 'instructor');
    await page.locator('[data-key="embed-preview"]').scrollIntoViewIfNeeded();
    await expect(page.frameLocator('[data-key="embed-preview"]').locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
    await page.evaluate(() => document.fonts.ready);
    const fonts = await page.evaluate(() => Array.from(document.fonts).filter((f) => f.status === 'loaded').map((f) => f.family));
    expect(fonts.some((f) => f.includes('KaTeX'))).toBe(true);
    // KaTeX lays out with style attributes set through the CSSOM: they are there.
    expect(await page.locator('.katex [style]').count()).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
  });

  test(`embed.html ${how} works under its CSP, no violation`, async ({ page }) => {
    const violations = await watchCsp(page);
    const doc = { layers: [2, 3, 1], activations: 'tanh', loss: 'mse', input: [0.5, -0.5], target: [0.25] };
    const code = Buffer.from(JSON.stringify(doc)).toString('base64url');
    await page.goto(`${base(file)}embed.html?theme=dark#doc=${code}`);
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('backprop-sandbox .katex').first()).toBeVisible();
    expect(await page.evaluate(() => document.querySelector('backprop-sandbox').document.layers)).toEqual([2, 3, 1]);
    // embed.css applies (the page's own styles come from a file).
    expect(await page.evaluate(() => getComputedStyle(document.body).marginTop)).toBe('0px');
    expect(await violations()).toEqual([]);
  });

  test(`examples/course.html ${how} works under its CSP: elements, iframe, exercise script, no violation`, async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto(`${base(file)}examples/course.html`);
    await page.evaluate(() => Promise.all(['gradients-only', 'full'].map((id) => document.getElementById(id).ready)));
    await page.locator('#xor-frame').scrollIntoViewIfNeeded();
    await expect(page.frameLocator('#xor-frame').locator('html')).toHaveAttribute('data-ready', 'true');
    // course.js (formerly an inline script) runs: the exercise status follows the passes.
    await openView(page, 'forward', page.locator('#full'));
    await page.locator(`#full input.field${hook('W', 2, 1, 1)}`).fill('-3');
    await expect(page.locator('#exercise-status')).toContainText('J = ');
    // course.css applies.
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('main')).maxWidth)).not.toBe('none');
    await page.evaluate(() => document.fonts.ready);
    expect(await violations()).toEqual([]);
  });
}

test('the printable worked solution opens styled under the CSP (no inline style is refused)', async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto(`${base(false)}index.html`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await openView(page, 'instructor');
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('[data-key="solution-print"]').click()]);
  const popupCsp = [];
  popup.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) popupCsp.push(m.text().slice(0, 300)); });
  await popup.waitForLoadState();
  await expect(popup.locator('h1')).toBeVisible();
  await expect(popup.locator('.katex').first()).toBeVisible();
  // Styled: KaTeX's stylesheet and the page's own rules (its <style>) apply, and KaTeX's
  // inline layout (its style attributes) is in force, not just present in the markup.
  const styled = await popup.evaluate(() => ({
    katexFont: getComputedStyle(document.querySelector('.katex')).fontFamily,
    mainMaxWidth: getComputedStyle(document.querySelector('main')).maxWidth,
    inline: Array.from(document.querySelectorAll('.katex [style]')).map((el) => el.style.length > 0),
  }));
  expect(styled.katexFont).toContain('KaTeX');
  expect(styled.mainMaxWidth).not.toBe('none');
  expect(styled.inline.length).toBeGreaterThan(0);
  expect(styled.inline.every(Boolean)).toBe(true);
  expect(popupCsp).toEqual([]);
  expect(await violations()).toEqual([]);
});
