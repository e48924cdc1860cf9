// The equations are typeset again on every edit: each into a detached element, then put in
// the old one's place whole (the page's tex(), web/sandbox.js). Oracle: after each edit, every typeset equation
// of the explanation (its headline and the chain in "more") and of the walkthrough (the
// step's formula and its equations) is node for node (isEqualNode) what KaTeX itself renders
// from the same TeX into a fresh element: KaTeX from the npm package, loaded into the page
// as a script of its own (same origin, so the page's CSP allows it).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect } from '@playwright/test';
import { openPage, openView, hook, loadDocument } from './helpers.js';

const require = createRequire(import.meta.url);
const KATEX_JS = readFileSync(require.resolve('katex/dist/katex.min.js'), 'utf8');

/** A 2-2-2-2 network: W₁₁⁽¹⁾'s explanation has its headline and a chain of three more. */
const DEEPER = {
  layers: [2, 2, 2, 2], activations: 'sigmoid', loss: 'mse',
  input: [0.05, 0.1], target: [0.01, 0.99], learningRate: 0.5, seed: 3,
};

/** The typeset equations: elements holding KaTeX's output, each with its TeX annotation. */
const EXPLANATION = '.explain .headline .headline-eq, .explain details.more figure.eq-item .eq';
const WALK = '.explain .walk .walk-formula, .explain .walk .walk-equations figure.eq-item .eq';

async function compareAll(page, selector, atLeast) {
  await expect(page.locator('figure.eq-item[data-pending]')).toHaveCount(0);
  return page.$$eval(selector, (els, min) => {
    if (els.length < min) return [`only ${els.length} equations`];
    return els.map((el, k) => {
      const tex = el.querySelector('annotation')?.textContent;
      if (tex === undefined) return `equation ${k + 1}: no TeX annotation`;
      const fresh = document.createElement('div');
      // The explanation typesets display-sized math in inline mode (it breaks after "=" in a
      // narrow column): the annotation then starts with \displaystyle, as KaTeX was given it.
      window.katex.render(tex, fresh, { trust: false, throwOnError: false, displayMode: el.firstElementChild?.classList.contains('katex-display') ?? false, output: 'htmlAndMathml' });
      const same = el.childNodes.length === fresh.childNodes.length
        && Array.from(el.childNodes).every((node, i) => node.isEqualNode(fresh.childNodes[i]));
      return same ? null : `equation ${k + 1} differs from KaTeX's own rendering of ${tex.slice(0, 60)}…`;
    }).filter(Boolean);
  }, atLeast);
}

/** Values that change the number of digits, the sign and the exponent form of what follows. */
const VALUES = ['0.5', '-1.23456', '12', '0.000001', '0.15'];

test('equations typeset again in place are exactly what KaTeX renders, edit after edit', async ({ page }) => {
  await page.route('**/__test__/katex.min.js', (route) => route.fulfill({ contentType: 'text/javascript', body: KATEX_JS }));
  // Under the page's CSP a style attribute set with setAttribute is refused with a console
  // error (and the old heights stay): none may appear.
  const refused = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) refused.push(m.text().slice(0, 120)); });
  await openPage(page);
  await page.addScriptTag({ url: '/__test__/katex.min.js' });
  await loadDocument(page, DEEPER);
  await openView(page, 'forward');
  const field = page.locator(`section.view-forward input${hook('W', 1, 1, 1)}`);

  // The explanation: W₁₁⁽¹⁾'s headline and the chain of δs in "more", opened.
  await page.evaluate(() => window.backpropSandbox.select({ q: 'W', layer: 1, row: 1, col: 1 }));
  const more = page.locator('.explain details.more');
  await more.locator('summary').click();
  await expect(more).toHaveAttribute('open', '');
  for (const value of VALUES) {
    await field.fill(value);
    await expect(field).toHaveAttribute('data-value', String(Number(value)));
    expect(await compareAll(page, EXPLANATION, 4), `explanation, after W_11^(1) = ${value}`).toEqual([]);
  }
  // A new selection: a different set of equations replaces the old one in the same figures.
  await page.evaluate(() => window.backpropSandbox.select({ q: 'delta', layer: 2, row: 2 }));
  await expect(page.locator('.explain .selected-name')).toContainText('δ₂⁽²⁾');
  expect(await compareAll(page, EXPLANATION, 4), 'after selecting δ_2^(2)').toEqual([]);

  // The walkthrough: the step z⁽²⁾ = W⁽¹⁾ a⁽¹⁾ + b⁽¹⁾, revealed (its formula and two equations).
  await page.locator('.bar [data-key="walk"]').click();
  const walk = page.locator('.explain .walk');
  await page.locator('[data-key="walk-next"]').click(); // step 2, hidden
  await page.locator('[data-key="walk-next"]').click(); // revealed
  await expect(walk).toHaveAttribute('data-step-kind', 'forward');
  await expect(walk).toHaveAttribute('data-step-layer', '2');
  await expect(walk).toHaveAttribute('data-revealed', 'true');
  for (const value of VALUES) {
    await field.fill(value);
    await expect(field).toHaveAttribute('data-value', String(Number(value)));
    await expect(walk).toHaveAttribute('data-revealed', 'true');
    expect(await compareAll(page, WALK, 3), `walkthrough, after W_11^(1) = ${value}`).toEqual([]);
  }
  // The next step, revealed: its equations replace the old ones in the same figures.
  await page.locator('[data-key="walk-next"]').click();
  await page.locator('[data-key="walk-next"]').click();
  await expect(walk).toHaveAttribute('data-step-layer', '3');
  await expect(walk).toHaveAttribute('data-revealed', 'true');
  expect(await compareAll(page, WALK, 3), 'after moving to the next step').toEqual([]);
  expect(refused).toEqual([]);
});
