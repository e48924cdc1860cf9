// Bounds in the page: documents far past the limits, a share-link fragment of
// megabytes, 10,000 layers, a 10^9-unit layer, a million nested arrays as text, a file of
// 10 MB, are refused with a message, quickly and before anything big is allocated, through
// every way in (share link pasted into the tab and at load, an imported file, el.document);
// the current network stays exactly as it was, and the page still answers clicks afterwards.
// The time each refusal took is printed (not asserted: shared CI machines vary).
import { test, expect } from '@playwright/test';
import { hook, openView } from './helpers.js';
import { BASE_DOC, base64url, pageState } from './hostile.js';

const BASE = () => process.env.BP_E2E_BASE_URL;

/** Oversized documents as text: [name, text]. */
function oversized() {
  const json = (changes) => JSON.stringify({ ...BASE_DOC, ...changes });
  // ~1.4 MB of JSON whose very last row is wrong: the engine has to read it all to refuse it.
  const rows = Array.from({ length: 50_000 }, (_, k) => [k / 50_000, 0.5]);
  const targets = rows.map(() => [0.1, 0.9]);
  targets[targets.length - 1] = [0.1];
  return [
    ['a million nested arrays', '['.repeat(1_000_000)],
    ['a million nested arrays, closed, as the input', `${json({}).slice(0, -1)},"input":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`],
    ['10,000 layers', json({ layers: Array(10_000).fill(2), activations: 'sigmoid', weights: undefined, biases: undefined })],
    ['a 10^9-unit layer', json({ layers: [2, 1e9, 2], weights: undefined, biases: undefined })],
    ['4096 x 4096 x 4096 (over 10^7 parameters)', json({ layers: [4096, 4096, 4096], weights: undefined, biases: undefined, input: Array(4096).fill(0), target: Array(4096).fill(0) })],
    ['a million layers (2 MB)', json({ layers: Array(1_000_000).fill(1), activations: 'linear', weights: undefined, biases: undefined })],
    ['1.4 MB of rows, the last one wrong', json({ input: rows, target: targets })],
  ];
}

async function openWith(page) {
  await page.goto(`${BASE()}index.html#doc=${base64url(JSON.stringify(BASE_DOC))}`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
}

/** The page answers: selecting a gradient cell updates the explanation of the selection. */
async function stillAnswers(page) {
  await openView(page, 'gradients');
  const cell = page.locator(`section.view-gradients ${hook('dW', 2, 2, 1)}`).first();
  await cell.click();
  await expect(page.locator('.explain .selected-name')).toContainText('∂J/∂W₂₁⁽²⁾');
  await expect(cell).toHaveClass(/\bsel\b/);
}

const timings = [];
test.afterAll(() => {
  for (const t of timings) console.log(`bounds: ${t}`);
});

test('share links past the limits, pasted into an open tab: refused with a message, the network unchanged', async ({ page }) => {
  await openWith(page);
  const before = await pageState(page);
  for (const [name, text] of oversized()) {
    const code = base64url(text);
    if (code.length > 2_000_000) continue; // Chromium refuses URLs over 2 MB before the page sees them
    const ms = await page.evaluate(async (h) => {
      const t0 = performance.now();
      location.hash = h;
      // Read once, the link leaves the address (which keeps only the open view, #view=…).
      await new Promise((ok) => { const wait = () => (!location.hash.includes('doc=') ? ok() : setTimeout(wait, 5)); wait(); });
      return performance.now() - t0;
    }, `doc=${code}`);
    await expect(page.locator('.banner .error'), name).toContainText('could not be opened');
    await expect(page.locator('.banner .error')).toContainText('The network is unchanged');
    timings.push(`share link, ${name} (${(code.length / 1e6).toFixed(2)} MB fragment): refused in ${ms.toFixed(0)} ms`);
    expect(await pageState(page)).toEqual(before);
    await stillAnswers(page);
  }
});

test('share links past the limits, at load: refused with a message, the saved network shown instead', async ({ page }) => {
  await openWith(page); // saved in this browser
  const saved = await pageState(page);
  for (const [name, text] of oversized().slice(0, 4)) {
    if (base64url(text).length > 2_000_000) continue; // longer than Chromium's URLs
    await page.goto('about:blank'); // a new load, not a hash change
    await page.goto(`${BASE()}index.html#doc=${base64url(text)}`);
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('.banner .error'), name).toContainText('could not be opened');
    await expect(page.locator('.banner .error')).toContainText('Showing the network saved in this browser');
    expect((await pageState(page)).doc).toEqual(saved.doc);
  }
  await stillAnswers(page);
});

test('imported files past the limits (and one of 10 MB): refused with a message, the network unchanged', async ({ page }) => {
  await openWith(page);
  const before = await pageState(page);
  await openView(page, 'instructor');
  const status = page.locator('section.view-instructor [data-key="lesson-status"]');
  const files = [...oversized(), ['10 MB of spaces and a document', `${' '.repeat(10 * 1024 * 1024)}${JSON.stringify(BASE_DOC)}`]];
  for (const [name, text] of files) {
    const t0 = Date.now();
    await page.locator('section.view-instructor [data-key="import-file"]').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(status, name).toContainText('Not imported');
    await expect(status).toContainText('The network is unchanged');
    timings.push(`import, ${name} (${(text.length / 1e6).toFixed(2)} MB): refused within ${Date.now() - t0} ms (with the file transfer)`);
    expect(await pageState(page)).toEqual(before);
  }
  await stillAnswers(page);
});

test('el.document past the limits, as text and as objects: a DocumentError each time, the element unchanged', async ({ page }) => {
  await page.goto(`${BASE()}examples/course.html`);
  await page.evaluate(() => document.getElementById('full').ready);
  const texts = oversized().map(([name, text]) => [name, text]);
  const out = await page.evaluate((list) => {
    const el = document.getElementById('full');
    const before = JSON.stringify(el.document);
    const results = [];
    for (const [name, text] of list) {
      for (const form of ['text', 'object']) {
        let given = text;
        if (form === 'object') { try { given = JSON.parse(text); } catch { continue; } }
        const t0 = performance.now();
        let outcome;
        try { el.document = given; outcome = 'accepted'; } catch (e) { outcome = e.name; }
        results.push({ name, form, outcome, ms: Math.round(performance.now() - t0) });
      }
    }
    // A million nested arrays as an object (deeper than any JSON the page reads).
    let deep = [];
    for (let k = 0; k < 1_000_000; ++k) deep = [deep];
    let outcome;
    try { el.document = { layers: [2, 2, 2], activations: 'sigmoid', loss: 'mse', input: deep, target: [0, 0] }; outcome = 'accepted'; } catch (e) { outcome = e.name; }
    results.push({ name: 'a million nested arrays as an object', form: 'object', outcome, ms: 0 });
    return { results, unchanged: JSON.stringify(el.document) === before };
  }, texts);
  for (const r of out.results) {
    expect(r.outcome, `${r.name} (${r.form})`).toBe('DocumentError');
    timings.push(`el.document, ${r.name} as ${r.form}: DocumentError in ${r.ms} ms`);
  }
  expect(out.unchanged).toBe(true);
  // The element still answers: an edit (in its Forward view) goes through.
  await openView(page, 'forward', page.locator('#full'));
  const field = page.locator(`#full input.field${hook('W', 1, 1, 1)}`);
  await field.fill('0.5');
  await expect(field).toHaveAttribute('data-value', '0.5');
});
