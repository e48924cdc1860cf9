// The equations are typeset again on every edit into the DOM already there, changing only
// what differs (web/dom.js morphChildren). Oracle: after each edit, every typeset equation
// of the selection and step-through panels is node for node (isEqualNode) what KaTeX itself
// renders from the same TeX into a fresh element: KaTeX from the npm package, loaded into
// the page as a script of its own (same origin, so the page's CSP allows it).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect } from '@playwright/test';
import { openPage, hook } from './helpers.js';

const require = createRequire(import.meta.url);
const KATEX_JS = readFileSync(require.resolve('katex/dist/katex.min.js'), 'utf8');

async function compareAll(page) {
  await expect(page.locator('figure.eq-item[data-pending]')).toHaveCount(0);
  return page.$$eval('figure.eq-item .eq', (els) => {
    if (els.length < 4) return [`only ${els.length} equations`];
    return els.map((el, k) => {
      const tex = el.querySelector('annotation')?.textContent;
      if (tex === undefined) return `equation ${k + 1}: no TeX annotation`;
      const fresh = document.createElement('div');
      window.katex.render(tex, fresh, { trust: false, throwOnError: false, displayMode: true, output: 'htmlAndMathml' });
      const same = el.childNodes.length === fresh.childNodes.length
        && Array.from(el.childNodes).every((node, i) => node.isEqualNode(fresh.childNodes[i]));
      return same ? null : `equation ${k + 1} differs from KaTeX's own rendering of ${tex.slice(0, 60)}…`;
    }).filter(Boolean);
  });
}

test('equations typeset again in place are exactly what KaTeX renders, edit after edit', async ({ page }) => {
  await page.route('**/__test__/katex.min.js', (route) => route.fulfill({ contentType: 'text/javascript', body: KATEX_JS }));
  // Under the page's CSP a style attribute set with setAttribute is refused with a console
  // error (and the old heights stay): none may appear.
  const refused = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) refused.push(m.text().slice(0, 120)); });
  await openPage(page);
  await page.addScriptTag({ url: '/__test__/katex.min.js' });
  await page.locator('[data-key="stepthrough-toggle"], .st-start, button:has-text("Step through the pass")').first().click();
  await page.evaluate(() => window.backpropSandbox.select({ q: 'W', layer: 1, row: 1, col: 1 }));
  const field = page.locator(`input${hook('W', 1, 1, 1)}`);
  // Values that change the number of digits, the sign and the exponent form of what follows.
  for (const value of ['0.5', '-1.23456', '12', '0.000001', '0.15']) {
    await field.fill(value);
    await expect(field).toHaveAttribute('data-value', String(Number(value)));
    expect(await compareAll(page), `after W_11^(1) = ${value}`).toEqual([]);
  }
  // A new selection: a different set of equations replaces the old one in the same figures.
  await page.evaluate(() => window.backpropSandbox.select({ q: 'delta', layer: 2, row: 2 }));
  expect(await compareAll(page), 'after selecting δ_2^(2)').toEqual([]);
  expect(refused).toEqual([]);
});
