// Save, share, undo: a share link opens on exactly the same numbers (and on the view it was
// made in); export and import of the JSON document (a bad file is refused with the engine's
// message and changes nothing); undo and redo of edits, steps and loads (buttons and keys);
// the state survives a reload, and a corrupt stored value or a bad link is reported and
// ignored; #view= opens a view. Also the worked solution's buttons (Markdown download,
// printable view). Share, export, import and the worked solution are in the Instructor view.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openPage, openView, hook, barJ, watchProblems, ARTIFACTS } from './helpers.js';
import { loadEngine } from '../../bindings/index.js';

const J = (page) => barJ(page);
const undoButton = (page) => page.locator('[data-key="undo-all"]');
const redoButton = (page) => page.locator('[data-key="redo-all"]');
const stepButton = (page) => page.locator('[data-key="step"]');

/**
 * Every data-value on the page, keyed by where it is (tag, view, block, quantity, indices,
 * copy). The view is the closest section.view's data-view, or "bar" / "explain"; the closed
 * views count too (their numbers are kept current).
 */
async function snapshot(page) {
  return page.$$eval('[data-quantity][data-value]', (els) => {
    const seen = new Map();
    const out = {};
    for (const el of els) {
      const d = el.dataset;
      const view = el.closest('section.view')?.dataset.view ?? (el.closest('.bar') ? 'bar' : el.closest('.explain') ? 'explain' : '');
      const where = `${el.tagName}|${view}|${el.closest('[data-block]')?.dataset.block ?? ''}|${d.quantity}|${d.layer ?? ''}|${d.row ?? ''}|${d.col ?? ''}`;
      const n = seen.get(where) ?? 0;
      seen.set(where, n + 1);
      out[`${where}#${n}`] = d.value;
    }
    return out;
  });
}

test('a share link opens on exactly the same state, weights and data included', async ({ page, browser }) => {
  await openPage(page);
  // Some state that differs from the default: a data set, a weight typed in, one step, an example.
  await openView(page, 'training');
  await page.locator('[data-key="dataset"]').selectOption('blobs');
  await page.locator('[data-key="data-seed"]').fill('5');
  await page.locator('[data-key="data-count"]').fill('30');
  await page.locator('[data-key="use-dataset"]').click();
  await expect(page.locator('.tabs-status .example-bar.in-bar')).toContainText('of m = 30');
  await openView(page, 'forward');
  await page.locator(`input${hook('W', 1, 1, 2)}`).fill('-0.123456789012345');
  await stepButton(page).click();
  await page.locator('[data-key="example-next"]').click();
  await page.locator('[data-key="example-next"]').click();
  await expect(page.locator('[data-key="example"]')).toHaveValue('3');
  const before = await snapshot(page);
  expect(Object.keys(before).length).toBeGreaterThan(50);

  // Made in the Instructor view, the link carries the view the learner came from.
  await openView(page, 'instructor');
  await page.locator('[data-key="share"]').click();
  const link = await page.locator('[data-key="share-url"]').inputValue();
  expect(link).toMatch(/#doc=[A-Za-z0-9_-]+&e=3&view=forward$/);

  // A fresh browser (no saved state): the link alone carries everything.
  const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page2 = await other.newPage();
  const problems = watchProblems(page2);
  await page2.goto(link);
  await expect(page2.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page2.locator('[data-key="example"]')).toHaveValue('3');
  await expect(page2.locator('section.view-forward')).toBeVisible();
  expect(await snapshot(page2)).toEqual(before);
  // The link is read once: the address no longer carries it, and a reload keeps the state.
  expect(page2.url()).not.toContain('#doc=');
  await page2.reload();
  await expect(page2.locator('html')).toHaveAttribute('data-ready', 'true');
  expect(await snapshot(page2)).toEqual(before);
  expect(problems).toEqual([]);
  await other.close();
});

test('a share link made while a view is open carries &view= and opens on that view, with the same numbers', async ({ page, browser }) => {
  await openPage(page);
  await openView(page, 'forward');
  await page.locator(`input${hook('W', 2, 2, 1)}`).fill('0.987654321');
  await openView(page, 'instructor'); // its controls load when it is first opened
  await openView(page, 'backward');
  const before = await snapshot(page);
  // The share button lives in the Instructor view: pressed (a DOM click) while the Backward
  // view is open, its link names that view.
  await page.locator('[data-key="share"]').dispatchEvent('click');
  await expect(page.locator('[data-key="share-url"]')).toHaveValue(/#doc=[A-Za-z0-9_-]+&view=backward$/);
  const link = await page.locator('[data-key="share-url"]').inputValue();
  await expect(page.locator('section.view-backward')).toBeVisible();

  const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page2 = await other.newPage();
  const problems = watchProblems(page2);
  await page2.goto(link);
  await expect(page2.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page2.locator('section.view-backward')).toBeVisible();
  await expect(page2.locator('[data-key="view-backward"]')).toHaveAttribute('aria-selected', 'true');
  await expect(page2.locator('section.view-network')).toBeHidden();
  expect(await snapshot(page2)).toEqual(before);
  // The address keeps the view, not the document.
  expect(page2.url()).not.toContain('#doc=');
  expect(page2.url()).toMatch(/#view=backward$/);
  expect(problems).toEqual([]);
  await other.close();
});

test('a share link made by a learner carries the view they were looking at', async ({ page }) => {
  await openPage(page);
  await openView(page, 'backward');
  await openView(page, 'instructor');
  await page.locator('[data-key="share"]').click();
  await expect(page.locator('[data-key="share-url"]')).toHaveValue(/&view=backward$/);
});

test('#view=backward alone opens the Backward view on the saved network', async ({ page }) => {
  await openPage(page);
  await openView(page, 'forward');
  await page.locator(`input${hook('W', 1, 2, 1)}`).fill('-0.3');
  await expect(page.locator(`input${hook('W', 1, 2, 1)}`)).toHaveAttribute('data-value', '-0.3');
  const saved = await snapshot(page);
  const base = page.url().replace(/#.*$/, '');
  // A new page (the saved network is in this browser's storage).
  await page.goto('about:blank');
  await page.goto(`${base}#view=backward`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('section.view-backward')).toBeVisible();
  await expect(page.locator('[data-key="view-backward"]')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('section.view-network')).toBeHidden();
  await expect(page.locator('.banner .error')).toHaveCount(0);
  expect(await snapshot(page)).toEqual(saved);
  expect(page.url()).toMatch(/#view=backward$/);
  // Pasted into the address bar of the open page (a hash change): the Gradients view, same network.
  await page.goto(`${base}#view=gradients`);
  await expect(page.locator('section.view-gradients')).toBeVisible();
  expect(await snapshot(page)).toEqual(saved);
  // The address follows the tabs.
  await openView(page, 'forward');
  await expect(page).toHaveURL(/#view=forward$/);
});

test('a bad share link is reported and the page falls back to the saved network', async ({ page }) => {
  await openPage(page);
  await openView(page, 'forward');
  await page.locator(`input${hook('W', 1, 1, 1)}`).fill('0.7');
  const saved = await snapshot(page);
  const base = page.url().replace(/#.*$/, '');
  // Valid base64url of a document the engine refuses (a layer of 0 units)...
  const bad = Buffer.from(JSON.stringify({ layers: [2, 0, 1], activations: 'sigmoid', loss: 'mse', input: [0, 0], target: [0] })).toString('base64url');
  // Pasted into the address bar of the open page (a hash change): refused, nothing changes.
  await page.goto(`${base}#doc=${bad}`);
  await expect(page.locator('.banner .error')).toContainText('The share link could not be opened: layers[1]');
  await expect(page.locator('.banner .error')).toContainText('The network is unchanged');
  expect(await snapshot(page)).toEqual(saved);
  // Opened as a new page: the saved network instead.
  await page.goto('about:blank');
  await page.goto(`${base}#doc=${bad}`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('.banner .error')).toContainText("The share link's network could not be opened");
  await expect(page.locator('.banner .error')).toContainText('saved in this browser');
  expect(await snapshot(page)).toEqual(saved);
  // ...and text that is not base64url at all, in a browser with nothing saved: the default network.
  await page.evaluate(() => localStorage.clear());
  await page.goto('about:blank');
  await page.goto(`${base}#doc=%3Cscript%3E`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('.banner .error')).toContainText('not base64url');
  await expect(page.locator('.banner .error')).toContainText('default network');
  await expect(page.locator(`input${hook('W', 1, 1, 1)}`)).toHaveAttribute('data-value', '0.15');
  // nothing from the link became markup: the only scripts are index.html's own two
  expect(await page.locator('script').evaluateAll((all) => all.map((s) => s.getAttribute('src')))).toEqual(['engine-prefetch.js', 'app.js']);
});

test('export, then import: the same network; a bad file is refused with the engine message and changes nothing', async ({ page }) => {
  await openPage(page);
  await openView(page, 'forward');
  await page.locator(`input${hook('b', 2, 1)}`).fill('-0.25');
  await openView(page, 'instructor');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-key="export"]').click()]);
  expect(download.suggestedFilename()).toBe('network.json');
  const path = `${ARTIFACTS}exported-network.json`;
  await download.saveAs(path);
  const text = readFileSync(path, 'utf8');
  expect(JSON.parse(text).biases[1][0]).toBe(-0.25);
  const exported = await snapshot(page);

  // Bad files: the engine's own message, nothing changed.
  await openView(page, 'forward');
  await page.locator(`input${hook('b', 2, 1)}`).fill('0.6');
  await openView(page, 'instructor');
  const current = await snapshot(page);
  const badDoc = { layers: [2, 2, 2], activations: 'sigmoid', loss: 'mse', input: [0.05, 0.1], target: [0.01], seed: 1 };
  await page.locator('[data-key="import-file"]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(badDoc)) });
  const status = page.locator('[data-key="lesson-status"]');
  await expect(status).toContainText('Not imported: bad.json was refused');
  const engine = await loadEngine();
  const engineMessage = engine.validate(badDoc).message;
  expect(engineMessage).toContain('target');
  await expect(status).toContainText(engineMessage);
  await expect(status).toContainText('The network is unchanged');
  expect(await snapshot(page)).toEqual(current);
  await page.locator('[data-key="import-file"]').setInputFiles({ name: 'notjson.json', mimeType: 'application/json', buffer: Buffer.from('{"layers": [2, 2') });
  await expect(status).toContainText('Not imported: notjson.json was refused: not JSON');
  await page.locator('[data-key="import-file"]').setInputFiles({ name: 'html.json', mimeType: 'application/json', buffer: Buffer.from('{"layers":[2,1],"activations":"<img src=x onerror=alert(1)>","loss":"mse","input":[0,0],"target":[0]}') });
  await expect(status).toContainText('Not imported: html.json was refused');
  expect(await page.locator('.bp-sandbox img').count()).toBe(0);
  expect(await snapshot(page)).toEqual(current);

  // The exported file comes back exactly.
  await page.locator('[data-key="import-file"]').setInputFiles(path);
  await expect(status).toContainText('Imported exported-network.json');
  expect(await snapshot(page)).toEqual(exported);
});

test('undo and redo: typed edits, a step and a preset, with the buttons and the keys', async ({ page }) => {
  await openPage(page);
  const initial = await snapshot(page);
  await expect(undoButton(page)).toHaveAccessibleName('Undo');
  await expect(redoButton(page)).toHaveAccessibleName('Redo');
  await expect(undoButton(page)).toBeDisabled();

  // Typing "0.9" into a field is one edit, however many keystrokes.
  await openView(page, 'forward');
  const w = page.locator(`input${hook('W', 1, 1, 1)}`);
  await w.click();
  await w.press('Control+a');
  await w.pressSequentially('0.9');
  await expect(w).toHaveAttribute('data-value', '0.9');
  const edited = await snapshot(page);
  await stepButton(page).click();
  const stepped = await snapshot(page);
  expect(stepped).not.toEqual(edited);

  await undoButton(page).click();
  expect(await snapshot(page)).toEqual(edited);
  await undoButton(page).click();
  expect(await snapshot(page)).toEqual(initial);
  await expect(undoButton(page)).toBeDisabled();
  await redoButton(page).click();
  expect(await snapshot(page)).toEqual(edited);
  await redoButton(page).click();
  expect(await snapshot(page)).toEqual(stepped);
  await expect(redoButton(page)).toBeDisabled();

  // Keys: Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y (also while a number field has the focus).
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  expect(await snapshot(page)).toEqual(edited);
  await page.keyboard.press('Control+Shift+Z');
  expect(await snapshot(page)).toEqual(stepped);
  await w.focus();
  await page.keyboard.press('Control+z');
  expect(await snapshot(page)).toEqual(edited);
  await page.keyboard.press('Control+y');
  expect(await snapshot(page)).toEqual(stepped);

  // A new edit after an undo clears the redo stack.
  await page.keyboard.press('Control+z');
  await openView(page, 'instructor');
  await page.locator('[data-key="preset:tanh-232"]').click();
  await expect(redoButton(page)).toBeDisabled();
  await undoButton(page).click();
  expect(await snapshot(page)).toEqual(edited);
});

test('the state survives a reload; a corrupt stored value is ignored with a message', async ({ page }) => {
  await openPage(page);
  await openView(page, 'instructor');
  await page.locator('[data-key="preset:xor-221"]').click();
  await openView(page, 'forward');
  await page.locator(`input${hook('W', 2, 1, 2)}`).fill('-1.5');
  await page.locator('[data-key="example"]').fill('4');
  await page.locator('[data-key="example"]').press('Enter');
  const state = await snapshot(page);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  expect(await snapshot(page)).toEqual(state);
  await expect(page.locator('[data-key="example"]')).toHaveValue('4');

  for (const corrupt of ['{not json', JSON.stringify({ version: 1, doc: { layers: [2, 2], activations: 'sigmoid', loss: 'mse', input: [0], target: [0] } })]) {
    await page.evaluate((v) => localStorage.setItem('backprop-sandbox/state/v1', v), corrupt);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('.banner .error')).toContainText('The network saved in this browser was ignored');
    await expect(page.locator('.banner .error')).toContainText('Showing the default network');
    await expect(J(page)).toHaveAttribute('data-value', /^0\.298/);
  }
});

test('worked solution: Markdown download and copy, and the printable view', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openPage(page);
  await openView(page, 'instructor');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-key="solution-md"]').click()]);
  expect(download.suggestedFilename()).toBe('solution.md');
  await download.saveAs(`${ARTIFACTS}solution.md`);
  const md = readFileSync(`${ARTIFACTS}solution.md`, 'utf8');
  expect(md).toContain('$$');
  expect(md).toContain('0.2984'); // J of the default network, from the engine

  await page.locator('[data-key="solution-copy"]').click();
  await expect(page.locator('[data-key="lesson-status"]')).toContainText('on the clipboard');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(md);

  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('[data-key="solution-print"]').click()]);
  await popup.waitForLoadState();
  await expect(popup.locator('.katex').first()).toBeVisible();
  await expect(popup.locator('h1')).toBeVisible();
  await popup.screenshot({ path: `${ARTIFACTS}solution-printable.png` });
});
