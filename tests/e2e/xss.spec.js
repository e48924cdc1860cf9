// Untrusted input never runs. Script-injection payloads go through every
// string-bearing place of a document (activations, loss, numbers given as strings, unknown
// keys, keys themselves, the whole document) and every way in: the page's scripting handle,
// the share-link fragment (at load and pasted into an open tab), an imported JSON file, the
// localStorage copy, a CSV paste, the element's attributes (src, preset, views, panels, theme)
// and el.document, and the embed page's query and fragment. Each must be refused with a message,
// or shown as inert text, and nothing may run.
//
// These tests run with the page's CSP bypassed: the CSP would also stop an injected inline
// handler, and the point here is that the page never makes markup from the text at all
// (tests/e2e/csp.spec.js checks the CSP on its own).
import { test, expect } from '@playwright/test';
import { openView, barJ } from './helpers.js';
import { PAYLOADS, BASE_DOC, payloadDocuments, base64url, expectNothingRan, pageState } from './hostile.js';
import { PRESETS } from '../../web/teach/presets.js';

test.use({ bypassCSP: true });

const BASE = () => process.env.BP_E2E_BASE_URL;

async function openWith(page, doc = BASE_DOC) {
  await page.goto(`${BASE()}index.html#doc=${base64url(JSON.stringify(doc))}`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
}

// Counted across the specs' tests for the report (printed at the end of each test).
const tried = (n, what) => console.log(`xss: ${n} ${what}`);

test('every payload in every field through the page\'s scripting handle: refused with a message, nothing runs', async ({ page }) => {
  await openWith(page);
  const before = await pageState(page);
  let n = 0;
  for (const p of PAYLOADS) {
    for (const [where, text] of payloadDocuments(p)) {
      let doc;
      try { doc = JSON.parse(text); } catch { doc = text; }
      const outcome = await page.evaluate((d) => window.backpropSandbox.setDocument(d), doc);
      expect(outcome.ok, `${where}: ${p}`).toBe(false);
      expect(outcome.message.length, where).toBeGreaterThan(0);
      await expect(page.locator('.banner .error')).toContainText('Not applied');
      n += 1;
    }
  }
  await expectNothingRan(page);
  expect(await pageState(page)).toEqual(before);
  tried(n, 'documents through setDocument, all refused');
});

test('a refused value is shown as inert text (the engine quotes it), never as markup', async ({ page }) => {
  await openWith(page);
  for (const p of PAYLOADS) {
    // The engine quotes a refused string of up to 40 bytes, and says "a string" for longer ones.
    const outcome = await page.evaluate((d) => window.backpropSandbox.setDocument(d), { ...BASE_DOC, loss: p });
    const quoted = p.length <= 40 ? `"${p}"` : 'a string';
    expect(outcome.message).toContain(quoted);
    const banner = page.locator('.banner .error');
    await expect(banner).toContainText(quoted);
    // The text is a text node: no element inside the message's text, and the message holds
    // only that text and its dismiss button.
    expect(await banner.locator('.text').evaluate((el) => el.children.length)).toBe(0);
    expect(await banner.evaluate((el) => Array.from(el.children).map((c) => c.dataset.key ?? c.className))).toEqual(['text', 'dismiss-message']);
  }
  await expectNothingRan(page);
});

test('share-link fragments with payloads: at load and pasted into an open tab, refused, the network unchanged', async ({ page }) => {
  let n = 0;
  for (const p of PAYLOADS) {
    const docs = payloadDocuments(p);
    for (const [where, text] of docs) {
      await page.goto(`${BASE()}index.html#doc=${base64url(text)}`);
      await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
      await expect(page.locator('.banner .error'), where).toContainText('could not be opened');
      n += 1;
    }
    // Not base64url at all: the payload itself after #doc= (and in e=).
    await page.goto(`${BASE()}index.html#doc=${encodeURIComponent(p)}&e=${encodeURIComponent(p)}`);
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('.banner .error')).toContainText('could not be opened');
    n += 1;
    await expectNothingRan(page, p);
  }
  // Pasted into the address bar of an open tab (hashchange): refused, nothing changes.
  await openWith(page);
  const before = await pageState(page);
  for (const p of PAYLOADS) {
    for (const [, text] of payloadDocuments(p).slice(0, 6)) {
      await page.evaluate((h) => { location.hash = h; }, `doc=${base64url(text)}`);
      await expect(page.locator('.banner .error')).toContainText('The network is unchanged');
      n += 1;
    }
  }
  await expectNothingRan(page);
  expect(await pageState(page)).toEqual(before);
  tried(n, 'share-link fragments, all refused');
});

test('imported JSON files with payloads (contents and file names): refused with a message, the network unchanged', async ({ page }) => {
  await openWith(page);
  const before = await pageState(page);
  // Import is in the Instructor view (its file input is hidden; the status shows there).
  await openView(page, 'instructor');
  const input = page.locator('[data-key="import-file"]');
  const status = page.locator('[data-key="lesson-status"]');
  let n = 0;
  for (const p of PAYLOADS) {
    for (const [where, text] of payloadDocuments(p)) {
      await input.setInputFiles({ name: `${p.replace(/[/\\]/g, '_')}.json`, mimeType: 'application/json', buffer: Buffer.from(text) });
      await expect(status, where).toContainText('Not imported');
      await expect(status).toContainText('The network is unchanged');
      expect(await status.evaluate((el) => el.children.length)).toBe(0);
      n += 1;
    }
  }
  await expectNothingRan(page);
  expect(await pageState(page)).toEqual(before);
  tried(n, 'imported files, all refused');
});

test('a stored copy with payloads is ignored with a message at reload', async ({ page }) => {
  test.setTimeout(300_000); // 65 page loads: seconds each on a shared, loaded machine
  await openWith(page);
  for (const p of PAYLOADS) {
    for (const [where, text] of payloadDocuments(p).slice(0, 12)) {
      await page.evaluate((t) => localStorage.setItem('backprop-sandbox/state/v1', `{"version":1,"doc":${t},"example":1}`), text.startsWith('{') ? text : JSON.stringify(text));
      await page.goto(`${BASE()}index.html`);
      await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
      await expect(page.locator('.banner .error'), where).toContainText('was ignored');
    }
    // The stored value itself not JSON.
    await page.evaluate((t) => localStorage.setItem('backprop-sandbox/state/v1', t), p);
    await page.goto(`${BASE()}index.html`);
    await expect(page.locator('.banner .error')).toContainText('was ignored');
    await expectNothingRan(page, p);
  }
});

test('CSV pastes with payloads: refused with a message or read as numbers only, nothing runs', async ({ page }) => {
  await openWith(page);
  const before = await pageState(page);
  await openView(page, 'training');
  await page.locator('details.csv summary').click();
  const csv = page.locator('[data-key="csv-text"]');
  const message = page.locator('.csv-message');
  for (const p of PAYLOADS) {
    for (const text of [p, `x1,x2,y1,y2\n${p},1,0,1`, `${p},${p}\n1,2,3,4`, `1,2,3,4\n5,6,7,${p}`, `"${p}",1,2,3`]) {
      await csv.fill(text);
      await page.locator('[data-key="use-csv"]').click();
      await expect(message).toBeVisible();
      expect(await message.evaluate((el) => el.children.length)).toBe(0);
    }
  }
  await expectNothingRan(page);
  expect(await pageState(page)).toEqual(before);
});

test('the element: payloads in src, preset, views, panels and theme, and through el.document, run nothing', async ({ page }) => {
  await page.goto(`${BASE()}examples/course.html`);
  await page.evaluate(() => Promise.all(['gradients-only', 'full'].map((id) => document.getElementById(id).ready)));
  const outcome = await page.evaluate(async ({ payloads, docs }) => {
    const out = { refused: 0, texts: [], accepted: 0, thrown: 0, wrong: [], banners: 0 };
    const settle = (el) => el.ready.then(() => 'ready', (e) => `refused: ${e.message}`);
    for (const p of payloads) {
      for (const name of ['src', 'preset', 'views', 'panels', 'theme']) {
        const el = document.createElement('backprop-sandbox');
        el.setAttribute(name, p);
        document.querySelector('main').append(el);
        const r = await Promise.race([settle(el), new Promise((ok) => setTimeout(() => ok('pending'), 5000))]);
        if (r.startsWith('refused')) out.refused += 1; else out.accepted += 1;
        out.texts.push(`${name}: ${r.slice(0, 80)}`);
        // views and panels: words that name nothing, said in the element's banner as text.
        if (name === 'views' || name === 'panels') {
          const shown = Array.from(el.shadowRoot.querySelectorAll('.banner p .text'));
          if (!shown.some((t) => t.textContent.includes(`${name}="${p}"`))) out.wrong.push(`${name}: the payload is not named in the banner`);
          if (shown.some((t) => t.children.length > 0)) out.wrong.push(`${name}: markup in the banner`);
          out.banners += 1;
        }
        el.remove();
      }
      // Changing an attribute of a live element.
      const live = document.getElementById('full');
      for (const name of ['views', 'panels', 'theme']) live.setAttribute(name, p);
      live.removeAttribute('views');
      live.removeAttribute('panels');
      live.removeAttribute('theme');
      live.setAttribute('views', 'network,forward,backward,gradients,training');
    }
    // el.document: every payload document, as text and as an object.
    const el = document.getElementById('full');
    await el.ready;
    const before = JSON.stringify(el.document);
    for (const text of docs) {
      for (const given of [text, (() => { try { return JSON.parse(text); } catch { return null; } })()]) {
        if (given === null) continue;
        try {
          el.document = given;
          out.wrong.push(`accepted: ${String(text).slice(0, 60)}`);
        } catch (err) {
          if (err.name !== 'DocumentError' || !err.message) out.wrong.push(`${err.name}: ${err.message}`);
          out.thrown += 1;
        }
      }
    }
    if (JSON.stringify(el.document) !== before) out.wrong.push('el.document changed');
    return out;
  }, { payloads: PAYLOADS, docs: PAYLOADS.flatMap((p) => payloadDocuments(p).map(([, t]) => t)) });
  expect(outcome.wrong).toEqual([]);
  // src and preset payloads are refused (with the engine's or the element's message); views
  // and panels payloads are names that mean nothing (said in the element's banner, as text),
  // theme payloads are ignored.
  expect(outcome.refused).toBeGreaterThanOrEqual(PAYLOADS.length * 2);
  expect(outcome.banners).toBe(PAYLOADS.length * 2);
  await expectNothingRan(page);
  // The refusal is text inside the element.
  const shown = await page.evaluate(() => {
    const el = document.createElement('backprop-sandbox');
    el.setAttribute('preset', '<img src=x onerror=window.__pwned=1>');
    document.querySelector('main').append(el);
    return el.ready.catch(() => ({ text: el.shadowRoot.querySelector('.load-error')?.textContent, children: el.shadowRoot.querySelector('.load-error')?.children.length }));
  });
  expect(shown.text).toContain('no preset "<img src=x onerror=window.__pwned=1>"');
  expect(shown.children).toBe(0);
  await expectNothingRan(page);
  tried(outcome.thrown, 'documents through el.document, all refused');
});

test('the embed page: payloads in its query and fragment run nothing', async ({ page }) => {
  for (const p of PAYLOADS) {
    const q = encodeURIComponent(p);
    await page.goto(`${BASE()}embed.html?panels=${q}&theme=${q}&preset=${q}&src=${q}`);
    await expect(page.locator('html')).toHaveAttribute('data-ready', /true|error/);
    await expectNothingRan(page, p);
    await page.goto(`${BASE()}embed.html?views=${q}&panels=${q}`);
    await expect(page.locator('html')).toHaveAttribute('data-ready', /true|error/);
    await expectNothingRan(page, p);
    for (const [, text] of payloadDocuments(p).slice(0, 6)) {
      await page.goto(`${BASE()}embed.html#doc=${base64url(text)}`);
      await expect(page.locator('html')).toHaveAttribute('data-ready', /true|error/);
      await expectNothingRan(page, p);
    }
  }
});

test('keys that mean something to JavaScript, with payload values, are ignored and stay inert', async ({ page }) => {
  await openWith(page);
  for (const p of PAYLOADS) {
    const text = `${JSON.stringify(BASE_DOC).slice(0, -1)},"constructor":${JSON.stringify(p)},"prototype":{"x":${JSON.stringify(p)}}}`;
    await page.evaluate((h) => { location.hash = h; }, `doc=${base64url(text)}`);
    // Accepted (the engine ignores those keys): the network is the document's, no error.
    await expect(barJ(page)).toHaveAttribute('data-value', /\d/);
    await expect(page.locator('.banner .error')).toHaveCount(0);
  }
  await expectNothingRan(page);
});

// KaTeX only ever gets TeX that the page wrote itself from numbers and fixed symbols: after
// payloads were refused and across presets, selections, a batch and step-through, every
// typeset source on the page (its <annotation>) is made of TeX commands, digits, indices and
// operators only, never a command that could make a link, an HTML class or id, or embed text.
test('every TeX source the page typesets is built from numbers and fixed symbols', async ({ page }) => {
  await openWith(page);
  const sources = new Set();
  const collect = async () => {
    for (const t of await page.$$eval('annotation[encoding="application/x-tex"]', (els) => els.map((e) => e.textContent))) sources.add(t);
  };
  // Payloads through the scripting handle, all refused, then ordinary use of the page.
  for (const doc of payloadDocuments().slice(0, 20)) await page.evaluate((d) => window.backpropSandbox.setDocument(d), doc);
  await collect();
  await openView(page, 'instructor');
  for (const preset of PRESETS) {
    // The banner (the last message) lies over the top of the view, and the bar is sticky: the
    // message is dismissed and the button brought to the middle of the screen first.
    const dismiss = page.locator('.banner [data-key="dismiss-message"]');
    while (await dismiss.count()) await dismiss.first().click();
    const button = page.locator(`[data-key="preset:${preset.name}"]`);
    await button.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await button.click();
    await expect(page.locator('.banner .note')).toContainText(preset.title);
    await collect();
  }
  for (const sel of [{ q: 'delta', layer: 2, row: 1 }, { q: 'z', layer: 3, row: 1 }, { q: 'J' }, { q: 'b', layer: 1, row: 2 }, { q: 'dW', layer: 2, row: 1, col: 3 }]) {
    expect(await page.evaluate((s) => window.backpropSandbox.select(s).ok, sel)).toBe(true);
    await collect();
  }
  // A selection that names nothing here is refused with a message, not a crash.
  const refused = await page.evaluate(() => window.backpropSandbox.select({ q: 'z', layer: 3, row: 2 }));
  expect(refused.ok).toBe(false);
  expect(refused.message).toContain('names nothing in this 2-3-1 network');
  // So is a document that is not one, through loadDocument as through setDocument.
  const notADocument = await page.evaluate(() => window.backpropSandbox.loadDocument('xor-221'));
  expect(notADocument.ok).toBe(false);
  expect(notADocument.message.length).toBeGreaterThan(10);
  // The walkthrough: each step is first hidden, then revealed (two presses a step), over the
  // first twelve steps (or all of them).
  await page.locator('.bar [data-key="walk"]').click();
  await expect(page.locator('.walk')).toBeVisible();
  for (let k = 0; k < 24; ++k) {
    await page.keyboard.press('ArrowRight');
    await collect();
  }
  const steps = await page.evaluate(() => window.backpropSandbox.store.steps().length);
  await expect(page.locator('.walk')).toHaveAttribute('data-step-index', String(Math.min(12, steps - 1)));
  await expect(page.locator('.walk')).toHaveAttribute('data-revealed', 'true');
  expect(sources.size).toBeGreaterThan(20);
  // Characters: TeX commands and braces, digits, indices, operators and a few symbols.
  const ALLOWED = /^[\\{}()[\]^_=+\-−.,;:|&!'′/<>0-9A-Za-z\s·…×∘]*$/;
  const FORBIDDEN = /\\(href|url|html\w*|includegraphics|class|id|style|data|char|def|newcommand|renewcommand|verb)\b|<\s*[a-z]|javascript:|onerror|script|\{\{/i;
  // Text inside \text{}: only the page's own phrases, with numbers (web/tex.js, web/walk.js).
  const PHRASE = /^(example \d*|since |:|NaN|\d+ more|\(\d+ × \d+ matrix times \d+ numbers: see the table\))$/;
  const bad = [...sources].filter((t) => !ALLOWED.test(t) || FORBIDDEN.test(t)
    || [...t.matchAll(/\\text\{([^}]*)\}/g)].some((m) => !PHRASE.test(m[1])));
  expect(bad).toEqual([]);
  await expectNothingRan(page);
});
