// Prototype pollution in the page: documents with "__proto__", "constructor" and
// "prototype" keys, through every way a document comes in (the scripting handle, a share
// link at load and pasted into a tab, an imported file, the localStorage copy at reload,
// el.document as text and as a parsed object), never add anything to Object.prototype or
// Array.prototype, and each is accepted or refused exactly as the engine's validate() says,
// the same way on every path. Accepted ones keep working: edit, undo, share, reload.
import { test, expect } from '@playwright/test';
import { loadEngine } from '../../bindings/index.js';
import { hook, openView, barJ } from './helpers.js';
import { pollutingDocuments, base64url, pollutionIn } from './hostile.js';

const BASE = () => process.env.BP_E2E_BASE_URL;
const KEY = 'backprop-sandbox/state/v1';

let engine;
test.beforeAll(async () => { engine = await loadEngine(); });

async function ready(page) {
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
}

for (const [name, text] of pollutingDocuments()) {
  test(`${name}: no pollution on any path, accepted or refused alike`, async ({ page }) => {
    const accepted = engine.validate(text) === null;
    const outcomes = {};

    // 1. The share link, at load.
    await page.goto(`${BASE()}index.html#doc=${base64url(text)}`);
    await ready(page);
    outcomes.linkAtLoad = (await page.locator('.banner .error').count()) === 0;
    expect(await pollutionIn(page)).toEqual([]);

    // 2. The scripting handle, with the object JSON.parse makes (own "__proto__" keys).
    await page.goto(`${BASE()}index.html`);
    await ready(page);
    outcomes.handle = await page.evaluate((t) => window.backpropSandbox.setDocument(JSON.parse(t)).ok, text);
    expect(await pollutionIn(page)).toEqual([]);

    // 3. Pasted into the open tab's address bar.
    await page.goto(`${BASE()}index.html`);
    await ready(page);
    await page.evaluate((h) => { location.hash = h; }, `doc=${base64url(text)}`);
    await expect(barJ(page)).toHaveAttribute('data-value', /\d/);
    await page.waitForFunction(() => location.hash === '');
    outcomes.linkPasted = (await page.locator('.banner .error').count()) === 0;
    expect(await pollutionIn(page)).toEqual([]);

    // 4. An imported file (Import is in the Instructor view).
    await openView(page, 'instructor');
    await page.locator('[data-key="import-file"]').setInputFiles({ name: 'network.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(page.locator('[data-key="lesson-status"]')).toContainText('mported');
    outcomes.imported = !(await page.locator('[data-key="lesson-status"]').textContent()).includes('Not imported');
    expect(await pollutionIn(page)).toEqual([]);

    // 5. The copy kept in localStorage, read at reload.
    await page.evaluate(({ key, t }) => localStorage.setItem(key, `{"version":1,"doc":${t},"example":1}`), { key: KEY, t: text });
    await page.goto(`${BASE()}index.html`);
    await ready(page);
    outcomes.stored = (await page.locator('.banner .error').count()) === 0;
    expect(await pollutionIn(page)).toEqual([]);

    // 6. el.document on a course page, as text and as the parsed object.
    await page.goto(`${BASE()}examples/course.html`);
    await page.evaluate(() => document.getElementById('full').ready);
    const el = await page.evaluate((t) => {
      const full = document.getElementById('full');
      const attempt = (v) => { try { full.document = v; return true; } catch (e) { return e.name === 'DocumentError' ? false : `${e.name}: ${e.message}`; } };
      return { text: attempt(t), object: attempt(JSON.parse(t)) };
    }, text);
    outcomes.elementText = el.text;
    outcomes.elementObject = el.object;
    expect(await pollutionIn(page)).toEqual([]);

    const expected = Object.fromEntries(Object.keys(outcomes).map((k) => [k, accepted]));
    expect(outcomes).toEqual(expected);
  });
}

test('an accepted document with a __proto__ key keeps working: edit, undo, share link, reload; nothing polluted', async ({ page, context }) => {
  const [, text] = pollutingDocuments()[0];
  await page.goto(`${BASE()}index.html#doc=${base64url(text)}`);
  await ready(page);
  await openView(page, 'forward');
  const field = page.locator(`input.field${hook('W', 1, 1, 1)}`);
  await field.fill('0.4');
  await expect(field).toHaveAttribute('data-value', '0.4');
  const undo = page.locator('.bar [data-key="undo-all"]');
  await expect(undo).toHaveAccessibleName('Undo');
  await undo.click();
  await expect(field).toHaveAttribute('data-value', '0.3');
  const J = await barJ(page).getAttribute('data-value');
  await page.locator('.bar [data-key="step"]').click();
  await expect(barJ(page)).not.toHaveAttribute('data-value', J);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openView(page, 'instructor');
  await page.locator('[data-key="share"]').click();
  const link = await page.locator('[data-key="share-url"]').inputValue();
  expect(await pollutionIn(page)).toEqual([]);
  // The saved copy and the link read back: still no pollution.
  await page.reload();
  await ready(page);
  expect(await pollutionIn(page)).toEqual([]);
  await page.goto(link);
  await ready(page);
  await expect(page.locator('.banner .error')).toHaveCount(0);
  expect(await pollutionIn(page)).toEqual([]);
  // The document the page keeps has no prototype of its own making.
  expect(await page.evaluate(() => Object.getPrototypeOf(window.backpropSandbox.getDocument()) === Object.prototype)).toBe(true);
});
