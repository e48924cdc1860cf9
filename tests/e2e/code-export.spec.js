// "Export as code" in the Instructor view: the downloaded NumPy and PyTorch scripts, run with
// Debian's python3, print the numbers the page shows (read from its data-value hooks) for the
// network on screen, after an edit made on the page.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hook, openPage, openView, readAll, valueOf, watchProblems } from './helpers.js';

/** Runs a downloaded script; its `name = value` lines as a Map. */
function run(path) {
  const r = spawnSync('/usr/bin/python3', [path], { encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return new Map(r.stdout.trim().split('\n').map((line) => {
    const at = line.indexOf(' = ');
    return [line.slice(0, at), JSON.parse(line.slice(at + 3))];
  }));
}

test('the NumPy and PyTorch scripts print the page\'s J, δ and ∂J/∂W for the network as edited', async ({ page }, info) => {
  const problems = watchProblems(page);
  await openPage(page);
  // an edit first: the script must carry the network on screen, not the default one
  await openView(page, 'forward');
  const w = page.locator(`section.view-forward input${hook('W', 2, 1, 2)}`);
  await w.fill('-0.8');
  await w.press('Enter');
  await expect(page.locator(`section.view-forward ${hook('W', 2, 1, 2)}`).first()).toHaveAttribute('data-value', '-0.8');
  const shown = await readAll(page);
  await openView(page, 'instructor');
  for (const [format, tolerance] of [['numpy', 1e-12], ['pytorch', 1e-6]]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-key="code-${format}"]`).click()]);
    expect(download.suggestedFilename()).toBe(`network_${format}.py`);
    const path = info.outputPath(download.suggestedFilename());
    await download.saveAs(path);
    expect(readFileSync(path, 'utf8')).toContain('[0.4, -0.8]'); // W^(2)'s first row, as edited
    const printed = run(path);
    const near = (got, want, what) => expect(Math.abs(got - want), `${format} ${what}: ${got} vs ${want}`).toBeLessThanOrEqual(tolerance * Math.abs(want) + 1e-15);
    near(printed.get('J'), valueOf(shown, 'J'), 'J');
    for (const l of [2, 3]) for (const i of [1, 2]) near(printed.get(`delta^(${l})`)[i - 1], valueOf(shown, 'delta', l, i), `δ_${i}^(${l})`);
    for (const l of [1, 2]) {
      for (const i of [1, 2]) {
        near(printed.get(`dJ/db^(${l})`)[i - 1], valueOf(shown, 'db', l, i), `∂J/∂b_${i}^(${l})`);
        for (const j of [1, 2]) near(printed.get(`dJ/dW^(${l})`)[i - 1][j - 1], valueOf(shown, 'dW', l, i, j), `∂J/∂W_${i}${j}^(${l})`);
      }
    }
    await expect(page.locator('[data-key="code-status"]')).toContainText(`network_${format}.py`);
  }
  expect(problems).toEqual([]);
});
