// What the page does to stay fast on a large network, checked for what a learner
// sees: equations off screen are typeset when they come near it or when the page is idle,
// never left with an older pass's numbers; blocks of a view off screen render when scrolled
// to, with the current numbers.
import { test, expect } from '@playwright/test';
import { openPage, openView, loadDocument, sixByEight, hook } from './helpers.js';

/** The numbers of a TeX string: "-0.001472", "9.826 \times 10^{-7}" and the like. */
function texNumbers(tex) {
  const found = [];
  const re = /(-?\d+(?:\.\d+)?)(?:\s*\\times\s*10\^\{(-?\d+)\})?/g;
  for (const m of tex.matchAll(re)) found.push(Number(m[1]) * (m[2] === undefined ? 1 : 10 ** Number(m[2])));
  return found;
}

const SUPERSCRIPT = { '⁻': '-', '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
/** A number as the page shows it: "−0.01234", "9.826×10⁻⁷". */
const readShown = (text) => Number(text.replace(/−/g, '-').replace(/×10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)/, (m, e) => `e${[...e].map((c) => SUPERSCRIPT[c]).join('')}`));

/** x shown to 4 significant digits reads back within half a unit of its 4th digit. */
function agreesTo4(shown, x) {
  if (x === 0) return shown === 0;
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 3);
  return Math.abs(shown - x) <= 0.5 * unit * (1 + 1e-9);
}

test('6×8 network: after an edit every equation of the selection shows the new pass, including those typeset later', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openPage(page);
  await loadDocument(page, sixByEight());
  await expect(page.locator('.bp-sandbox')).toHaveClass(/\bis-large\b/);
  await page.evaluate(() => window.backpropSandbox.select({ q: 'W', layer: 1, row: 1, col: 1 })); // its chain of δs
  // The selection's equations: the explanation's headline and the chain in "more", opened.
  const more = page.locator('.explain details.more');
  await more.locator('summary').click();
  await expect(more).toHaveAttribute('open', '');
  await openView(page, 'forward');
  const field = page.locator(`section.view-forward input${hook('W', 1, 1, 1)}`);
  for (const value of ['0.75', '-1.5']) {
    await field.fill(value);
    // Every figure typeset (none pending), each with the numbers of this pass.
    await expect(page.locator('.explain figure.eq-item[data-pending]')).toHaveCount(0);
    const { items, deltas } = await page.evaluate(() => ({
      items: Array.from(document.querySelectorAll('.explain .headline annotation, .explain details.more figure.eq-item annotation'), (a) => a.textContent),
      deltas: window.backpropSandbox.state.result.layers.map((ly) => ly.delta ?? null),
    }));
    expect(items.length).toBeGreaterThanOrEqual(5);
    // The δ^(l) vectors the selection's chain shows: the last column of each is δ^(l) itself.
    let checked = 0;
    for (const tex of items) {
      const head = /^(?:\\displaystyle )?\\begin\{aligned\}\\delta\^\{\((\d+)\)\}/.exec(tex);
      if (!head || !tex.includes('pmatrix')) continue;
      const l = Number(head[1]);
      const last = tex.slice(tex.lastIndexOf('\\begin{pmatrix}'));
      const shown = texNumbers(last);
      const actual = deltas[l - 1];
      expect(shown.length, `δ^(${l}) has ${actual.length} entries`).toBe(actual.length);
      shown.forEach((v, i) => expect(agreesTo4(v, actual[i]), `δ_${i + 1}^(${l}) shown ${v}, is ${actual[i]}`).toBe(true));
      checked += 1;
    }
    expect(checked, 'δ^(3), δ^(4), δ^(5) and δ^(6) in the chain').toBe(4);
    expect(await field.inputValue()).toBe(value);
  }
});

test('6×8 network: a block far below renders when scrolled to, with the current numbers', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openPage(page);
  await loadDocument(page, sixByEight());
  await openView(page, 'forward');
  await page.locator(`section.view-forward input${hook('W', 1, 1, 1)}`).fill('0.25');
  await openView(page, 'gradients');
  const cell = page.locator(`section.view-gradients ${hook('dW', 5, 8, 8)}`);
  await cell.scrollIntoViewIfNeeded();
  await expect(cell).toBeVisible();
  const { shown, value, expected } = await page.evaluate(() => {
    const el = document.querySelector('section.view-gradients [data-quantity="dW"][data-layer="5"][data-row="8"][data-col="8"]');
    const r = window.backpropSandbox.state.result;
    // ∂J/∂W_88^(5) = δ_8^(6) a_8^(5): one example, so the outer product's cell
    return { shown: el.textContent, value: Number(el.dataset.value), expected: r.layers[5].delta[7] * r.layers[4].a[7] };
  });
  expect(Math.abs(value - expected)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(expected)));
  expect(agreesTo4(readShown(shown), expected), `shown "${shown}", is ${expected}`).toBe(true);
  // Rendered: it has a box of its own, not the placeholder's.
  const box = await cell.boundingBox();
  expect(box.width).toBeGreaterThan(20);
});
