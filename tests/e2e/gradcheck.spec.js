// The Gradient check view and planted bugs: per parameter the backward pass, the central
// difference (ε = 1e-4) and their relative error with a verdict in words; a planted bug
// switches the engine to a wrong backward pass, shows on the whole page (the notice beside the tabs, .bug-pill),
// and the check catches it where it should (and only there).
import { test, expect } from '@playwright/test';
import { openPage, openView, hook, loadDocument, readAll, ARTIFACTS } from './helpers.js';
import { verdict } from '../../web/gradient-check.js';

const rows = (page) => page.locator('tr.gc-row');
/** The planted bug, said beside the tabs for as long as it is planted (whatever the view). */
const bugBanner = (page) => page.locator('.tabs-status .bug-pill:not(.refused)');
/** The check runs only while its view is open, after the frame that shows the edit. */
async function settled(page) {
  if (!(await page.locator('section.view-gradcheck').isVisible())) await openView(page, 'gradcheck');
  await expect(page.locator('.gradcheck')).toHaveAttribute('data-state', 'done');
}
async function verdicts(page, q) {
  await settled(page);
  return page.$$eval(`tr.gc-row${q ? `[data-check="${q}"]` : ''}`, (trs) => trs.map((tr) => ({
    q: tr.dataset.check, l: Number(tr.dataset.layer), i: Number(tr.dataset.row), verdict: tr.dataset.verdict, text: tr.querySelector('.gc-verdict').textContent,
  })));
}
async function plant(page, name) {
  if (!(await page.locator('section.view-gradcheck').isVisible())) await openView(page, 'gradcheck');
  await page.locator('[data-key="planted-bug"]').selectOption(name);
}

test('thresholds: < 1e-7 agree, > 1e-4 wrong, borderline in between', () => {
  expect(verdict(3e-10)).toBe('agree');
  expect(verdict(5e-7)).toBe('borderline');
  expect(verdict(2e-4)).toBe('wrong');
  expect(verdict(Number.NaN)).toBe('wrong');
});

test('the check computes only while its view is open', async ({ page }) => {
  await openPage(page);
  await expect(page.locator('section.view-gradcheck')).toBeHidden();
  await expect(page.locator('.gradcheck')).toHaveAttribute('data-state', 'pending');
  await openView(page, 'gradcheck');
  await expect(page.locator('.gradcheck')).toHaveAttribute('data-state', 'done');
  // An edit while another view is open leaves it pending until the view opens again.
  await openView(page, 'forward');
  await page.locator(`input${hook('W', 1, 1, 1)}`).fill('0.5');
  await expect(page.locator('.gradcheck')).toHaveAttribute('data-state', 'pending');
  await openView(page, 'gradcheck');
  await expect(page.locator('.gradcheck')).toHaveAttribute('data-state', 'done');
});

test('no bug: every gradient agrees with its central difference', async ({ page }) => {
  await openPage(page);
  await expect(rows(page)).toHaveCount(12);
  const all = await verdicts(page);
  expect(all.length).toBe(12);
  expect(all.every((r) => r.verdict === 'agree')).toBe(true);
  expect(all.every((r) => r.text.includes('agrees'))).toBe(true); // in words, not colour alone
  await expect(page.locator('.gc-summary')).toContainText('12 parameters: 12 agree, 0 borderline, 0 wrong');
  await expect(bugBanner(page)).toBeHidden();
  // The analytic column is the page's own ∂J/∂W, the numeric one agrees with it.
  const row = page.locator('tr.gc-row[data-check="W"][data-layer="2"][data-row="1"][data-col="2"]');
  const analytic = await row.locator('.gc-analytic').getAttribute('data-analytic');
  expect(analytic).toBe(await page.locator(`td${hook('dW', 2, 1, 2)}`).getAttribute('data-value'));
  const numeric = Number(await row.locator('.gc-num').getAttribute('data-numeric'));
  expect(Math.abs(numeric - Number(analytic))).toBeLessThan(1e-9);
  // Its name selects the parameter on the page.
  await row.getByRole('button').click();
  await expect(page.locator(`input${hook('W', 2, 1, 2)}`)).toHaveClass(/\bsel\b/);
  await expect(page.locator('.selected-name')).toContainText('W₁₂⁽²⁾');
});

test('drop-bias-gradient: every b entry is caught, every W entry agrees; the page shows the bug', async ({ page }) => {
  await openPage(page);
  await plant(page, 'drop-bias-gradient');
  const b = await verdicts(page, 'b');
  const W = await verdicts(page, 'W');
  expect(b.length).toBe(4);
  expect(W.length).toBe(8);
  expect(b.every((r) => r.verdict === 'wrong' && r.text.includes('wrong'))).toBe(true);
  expect(W.every((r) => r.verdict === 'agree')).toBe(true);
  await expect(page.locator('.gc-summary')).toContainText('8 agree, 0 borderline, 4 wrong');
  // The page's displayed gradients are the buggy ones, and a banner says so.
  const all = await readAll(page);
  expect(all.filter((v) => v.q === 'db').every((v) => v.value === 0)).toBe(true);
  await expect(bugBanner(page)).toBeVisible();
  await expect(bugBanner(page)).toContainText('Bug planted');
  await expect(bugBanner(page)).toHaveAttribute('data-tip', /Planted bug: .*deliberately wrong backward pass/);
  await expect(page.locator('.bp-sandbox')).toHaveClass(/\bhas-planted-bug\b/);
  // The banner says so in every view, not only in the Gradient check.
  await openView(page, 'gradients');
  await expect(bugBanner(page)).toBeVisible();
  await openView(page, 'gradcheck');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ARTIFACTS}bug-banner-1280x800.png` });
  await page.locator('section.view-gradcheck').screenshot({ path: `${ARTIFACTS}gradcheck-drop-bias.png` });
  // Removing it: everything agrees again, the banner goes.
  await expect(page.locator('.tabs-status [data-key="remove-bug"]')).toHaveAccessibleName('Remove the bug');
  await page.locator('.tabs-status [data-key="remove-bug"]').click();
  await expect(bugBanner(page)).toBeHidden();
  await expect(page.locator('[data-key="planted-bug"]')).toHaveValue('none');
  expect((await verdicts(page)).every((r) => r.verdict === 'agree')).toBe(true);
  await expect(page.locator('.bp-sandbox')).not.toHaveClass(/\bhas-planted-bug\b/);
});

test('forget-fprime and the wrong sign on δ⁽ᴸ⁾ are caught where they should be', async ({ page }) => {
  await openPage(page);
  await plant(page, 'forget-fprime');
  // Only the recursion is wrong: layer 1's gradients, not layer 2's.
  for (const r of await verdicts(page)) expect(r.verdict, `${r.q} layer ${r.l}`).toBe(r.l === 1 ? 'wrong' : 'agree');
  await plant(page, 'wrong-sign-output-delta');
  expect((await verdicts(page)).every((r) => r.verdict === 'wrong')).toBe(true);
  // One example: forgetting the batch mean changes nothing, and the note says why.
  await plant(page, 'forget-batch-mean');
  expect((await verdicts(page)).every((r) => r.verdict === 'agree')).toBe(true);
  await expect(page.locator('.gc-explain')).toContainText('m = 1');
});

test('W-instead-of-WT: square W runs and is caught (with a note why no shape check sees it); non-square W is refused with the engine\'s message', async ({ page }) => {
  await openPage(page);
  await plant(page, 'W-instead-of-WT');
  await expect(page.locator('.gc-square')).toBeVisible();
  await expect(page.locator('.gc-square')).toContainText('square');
  for (const r of await verdicts(page)) expect(r.verdict, `${r.q} layer ${r.l}`).toBe(r.l === 1 ? 'wrong' : 'agree');
  await page.locator('section.view-gradcheck').screenshot({ path: `${ARTIFACTS}gradcheck-W-square.png` });

  // 2-3-2: W^(2) is 2 × 3, the engine refuses the bug and explains; the pass is the correct one.
  await loadDocument(page, { layers: [2, 3, 2], activations: 'sigmoid', loss: 'mse', input: [0.05, 0.1], target: [0.01, 0.99], seed: 3 });
  await expect(page.locator('.gc-refused')).toBeVisible();
  await expect(page.locator('.gc-refused')).toContainText('shape check catches this bug');
  await expect(page.locator('.gc-refused')).toContainText('W^(2) is 2 x 3');
  await expect(page.locator('.gc-square')).toBeHidden();
  // Beside the tabs: refused (not the planted-bug notice), and why on focus or hover.
  await expect(page.locator('.tabs-status .bug-pill.refused')).toContainText('Bug refused');
  await expect(page.locator('.tabs-status .bug-pill.refused')).toHaveAttribute('data-tip', /cannot run on this network/);
  await expect(bugBanner(page)).toHaveCount(0);
  await expect(page.locator('.bp-sandbox')).not.toHaveClass(/\bhas-planted-bug\b/);
  await expect(rows(page)).toHaveCount(17);
  expect((await verdicts(page)).every((r) => r.verdict === 'agree')).toBe(true);
  await page.locator('section.view-gradcheck').screenshot({ path: `${ARTIFACTS}gradcheck-W-refused.png` });
});

test('a batch: forgetting the mean is caught in every entry', async ({ page }) => {
  await openPage(page);
  await loadDocument(page, {
    layers: [2, 2, 1], activations: 'sigmoid', loss: 'mse',
    input: [[0, 0], [0, 1], [1, 0], [1, 1]], target: [[0], [1], [1], [0]], seed: 2,
  });
  await plant(page, 'forget-batch-mean');
  const all = await verdicts(page);
  expect(all.length).toBe(9);
  expect(all.every((r) => r.verdict === 'wrong')).toBe(true);
  await expect(page.locator('.gc-explain')).toContainText('m = 4');
});

test('the views fit at 1280 and 700 px with a bug planted and the walk at its end', async ({ page }) => {
  for (const [width, height] of [[1280, 800], [700, 900]]) {
    await page.setViewportSize({ width, height });
    await openPage(page);
    await plant(page, 'forget-fprime');
    await page.locator('[data-key="walk"]').click();
    await page.locator('[data-key="walk-next"]').focus();
    await page.keyboard.press('End');
    await expect(page.locator('.walk')).toHaveAttribute('data-step-index', '7');
    await expect(page.locator('.walk')).toHaveAttribute('data-revealed', 'true');
    await expect(bugBanner(page)).toBeVisible();
    for (const view of ['gradcheck', 'network', 'backward', 'gradients']) {
      await openView(page, view);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${view} at ${width} px`).toBeLessThanOrEqual(0);
      // The bar, the tabs, the view and the explanation do not overlap, nor do the blocks of
      // the view or the walkthrough; the banner, when there is one, lies over the page at the
      // bottom of the window (on purpose), inside it.
      const overlapping = await page.evaluate(() => {
        const root = document.querySelector('.bp-sandbox');
        const shown = (el) => el.getClientRects().length > 0;
        const boxes = Array.from(root.querySelectorAll('.bar, .tabs, .main, .explain-column, .banner, section.view:not([hidden]) .block, .walk'))
          .filter(shown).map((el) => ({ el, r: el.getBoundingClientRect() }));
        const bad = [];
        for (let a = 0; a < boxes.length; a += 1) {
          for (let b = a + 1; b < boxes.length; b += 1) {
            const A = boxes[a]; const B = boxes[b];
            if (A.el.contains(B.el) || B.el.contains(A.el)) continue;
            const banner = A.el.matches('.banner') ? B : B.el.matches('.banner') ? A : null;
            if (banner) continue; // the banner over the page
            const x = Math.min(A.r.right, B.r.right) - Math.max(A.r.left, B.r.left);
            const y = Math.min(A.r.bottom, B.r.bottom) - Math.max(A.r.top, B.r.top);
            if (x > 1 && y > 1) bad.push(`${A.el.className} / ${B.el.className}`);
          }
        }
        const banner = root.querySelector('.banner');
        const b = banner.getBoundingClientRect();
        if (shown(banner) && (b.left < 0 || b.right > innerWidth || b.bottom > innerHeight)) bad.push('the banner reaches outside the window');
        return bad;
      });
      expect(overlapping, `${view} at ${width} px`).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}teaching-${width}-${view}.png` });
    }
    await page.screenshot({ path: `${ARTIFACTS}teaching-${width}-full.png`, fullPage: true });
  }
});
