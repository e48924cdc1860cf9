// Several instances on one page: the course page's two elements and its iframe,
// plus one more element that is fed garbage: documents refused by the engine, oversized and
// deeply nested text, payloads in its attributes, overflowing weights, steps that diverge,
// hundreds of rejected documents in a row. The other instances keep their networks, their
// numbers (checked against the engine run in Node on the same documents), their undo, and
// keep answering edits. They share one WebAssembly engine, so this is also a test that a
// refusal or an overflow in one network leaves the engine's state for the others alone.
import { test, expect } from '@playwright/test';
import { loadEngine } from '../../bindings/index.js';
import { hook, openView } from './helpers.js';
import { PAYLOADS, BASE_DOC, payloadDocuments } from './hostile.js';
import { MERGE_MS } from '../../web/history.js';

const BASE = () => process.env.BP_E2E_BASE_URL;

/** { doc, result } of an element. */
const stateOf = (page, id) => page.evaluate((elId) => {
  const el = document.getElementById(elId);
  return { doc: el.document, loss: el.result.loss, gradients: el.result.gradients };
}, id);

test('one instance fed garbage leaves the others on the page exactly as they were, and right', async ({ page }) => {
  const engine = await loadEngine();
  await page.goto(`${BASE()}examples/course.html`);
  await page.evaluate(() => Promise.all(['gradients-only', 'full'].map((id) => document.getElementById(id).ready)));
  await page.locator('#xor-frame').scrollIntoViewIfNeeded();
  await expect(page.frameLocator('#xor-frame').locator('html')).toHaveAttribute('data-ready', 'true');
  // An edit in #full first (its fields are in its Forward view), so it has something to undo.
  await openView(page, 'forward', page.locator('#full'));
  await page.locator(`#full input.field${hook('W', 2, 1, 1)}`).fill('0.41');
  const before = { grads: await stateOf(page, 'gradients-only'), full: await stateOf(page, 'full') };
  const frameBefore = await page.frameLocator('#xor-frame').locator('backprop-sandbox').evaluate((el) => ({ doc: el.document, loss: el.result.loss }));

  // The victim: a new element, then everything at it.
  const report = await page.evaluate(async ({ payloads, docs, base }) => {
    const victim = document.createElement('backprop-sandbox');
    victim.id = 'victim';
    document.querySelector('main').append(victim);
    await victim.ready;
    const out = { refused: 0, accepted: 0, errors: [] };
    const feed = (value) => {
      try { victim.document = value; out.accepted += 1; } catch (e) { if (e.name === 'DocumentError') out.refused += 1; else out.errors.push(`${e.name}: ${e.message}`); }
    };
    for (const t of docs) { feed(t); try { feed(JSON.parse(t)); } catch { /* not JSON */ } }
    for (let k = 0; k < 300; ++k) feed({ ...base, layers: [2, 0, 2] });
    feed('['.repeat(1_000_000));
    feed(JSON.stringify({ ...base, layers: Array(10_000).fill(1) }));
    feed({ ...base, layers: [2, 1e9, 2], weights: undefined, biases: undefined });
    feed({ ...base, weights: [[[NaN, 0], [0, 0]], base.weights[1]] });
    for (const p of payloads) for (const name of ['panels', 'theme', 'preset', 'src']) victim.setAttribute(name, p);
    // Back to a valid network that overflows, and a step that diverges.
    for (const name of ['panels', 'theme', 'preset', 'src']) victim.removeAttribute(name);
    await new Promise((r) => setTimeout(r, 200));
    try {
      await victim.ready;
    } catch { /* a refused preset or src leaves the element showing its message */ }
    return out;
  }, { payloads: PAYLOADS, docs: PAYLOADS.flatMap((p) => payloadDocuments(p).map(([, t]) => t)), base: BASE_DOC });
  expect(report.errors).toEqual([]);
  expect(report.refused).toBeGreaterThan(300);
  expect(report.accepted).toBe(0);

  // A second victim that overflows and diverges, then is removed from the page.
  await page.evaluate(async (base) => {
    const v2 = document.createElement('backprop-sandbox');
    v2.id = 'victim2';
    const json = document.createElement('script');
    json.type = 'application/json';
    json.textContent = JSON.stringify({ ...base, activations: 'linear', weights: [[[1e300, 1e300], [1e300, 1e300]], [[1e300, 1e300], [1e300, 1e300]]], input: [1, 1], learningRate: 1e300 });
    v2.append(json);
    document.querySelector('main').append(v2);
    await v2.ready;
    v2.shadowRoot.querySelector('.bar [data-key="step"]').click();
  }, BASE_DOC);
  expect((await page.evaluate(() => document.getElementById('victim2').result.warnings)).length).toBeGreaterThan(0);
  await page.evaluate(() => document.getElementById('victim2').remove());

  // The others: same documents, same numbers, no warnings, and the numbers are right.
  const after = { grads: await stateOf(page, 'gradients-only'), full: await stateOf(page, 'full') };
  expect(after).toEqual(before);
  for (const id of ['gradients-only', 'full']) {
    const net = engine.createNetwork(after[id === 'full' ? 'full' : 'grads'].doc);
    const r = net.run();
    net.dispose();
    expect(after[id === 'full' ? 'full' : 'grads'].loss).toBe(r.loss);
    expect(after[id === 'full' ? 'full' : 'grads'].gradients).toEqual(r.gradients);
  }
  const frameAfter = await page.frameLocator('#xor-frame').locator('backprop-sandbox').evaluate((el) => ({ doc: el.document, loss: el.result.loss }));
  expect(frameAfter).toEqual(frameBefore);
  for (const id of ['gradients-only', 'full']) expect(await page.evaluate((elId) => document.getElementById(elId).result.warnings, id)).toEqual([]);

  // Still answering: #full takes an edit and undoes it; its undo is its own (the victim's
  // refusals left no entries in it).
  const field = page.locator(`#full input.field${hook('W', 2, 1, 1)}`);
  // Two edits of one field within MERGE_MS are one undo step (web/history.js): this one is apart.
  await page.waitForTimeout(MERGE_MS + 100);
  await field.fill('0.33');
  await expect(field).toHaveAttribute('data-value', '0.33');
  const undo = page.locator('#full .bar [data-key="undo-all"]');
  await expect(undo).toHaveAccessibleName('Undo');
  await undo.click();
  await expect(field).toHaveAttribute('data-value', '0.41');
  await undo.click();
  await expect(field).toHaveAttribute('data-value', '0.4');
  // The victim itself still works after all of it.
  await page.evaluate((base) => { document.getElementById('victim').document = base; }, BASE_DOC);
  expect(await page.evaluate(() => document.getElementById('victim').result.loss)).toBeGreaterThan(0);
});
