// `backprop-sandbox exercise` for a 30-student roster, then every student's link opened in
// Chromium from the written folder (file://, the copy of the sandbox in it): the page shows
// exactly that student's network, J as the engine computes it, and Check your value accepts
// the student's right ∂J/∂W_11^(1). One sheet's link is followed by clicking it.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadEngine } from '../../bindings/index.js';
import { barJ, readAll, valueOf } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('30 students: every link opens its own network, with the engine\'s J; a sheet\'s link opens it too', async ({ page }, info) => {
  test.setTimeout(240_000);
  const out = info.outputPath('exercises');
  const roster = info.outputPath('roster.csv');
  writeFileSync(roster, `name,id\n${Array.from({ length: 30 }, (_, k) => `Student ${k + 1},s${String(k + 1).padStart(2, '0')}`).join('\n')}\n`);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'backprop-sandbox.js'), 'exercise', '--students', roster, '--out', out, '--seed', '2026'], { encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const engine = await loadEngine();
  const lines = readFileSync(join(out, 'links.csv'), 'utf8').trim().split('\n').slice(1);
  expect(lines).toHaveLength(30);
  for (const line of lines) {
    const [id, , link] = line.split(',');
    const doc = JSON.parse(readFileSync(join(out, 'students', `${id}.json`), 'utf8'));
    const net = engine.createNetwork(doc);
    const pass = net.run();
    net.dispose();
    await page.goto('about:blank');
    await page.goto(new URL(link, pathToFileURL(`${out}/`)).href);
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    const shown = await readAll(page);
    for (let l = 1; l <= 2; ++l) {
      for (let i = 1; i <= 2; ++i) {
        expect(valueOf(shown, 'b', l, i), `${id} b`).toBe(doc.biases[l - 1][i - 1]);
        for (let j = 1; j <= 2; ++j) expect(valueOf(shown, 'W', l, i, j), `${id} W`).toBe(doc.weights[l - 1][i - 1][j - 1]);
      }
    }
    expect(valueOf(shown, 'J'), `${id} J`).toBe(pass.loss);
  }
  // a sheet's link, clicked; then the student checks an answer worked to 4 digits
  const sheet = pathToFileURL(join(out, 'students', 's07.html')).href;
  await page.goto(sheet);
  await page.locator('.link a').click();
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  const doc = JSON.parse(readFileSync(join(out, 'students', 's07.json'), 'utf8'));
  const net = engine.createNetwork(doc);
  const pass = net.run();
  net.dispose();
  await expect(barJ(page)).toHaveAttribute('data-value', String(pass.loss));
  const dW11 = pass.gradients[0].W[0][0];
  await page.locator('[data-key="check-value"]').fill(dW11.toPrecision(4));
  await page.locator('[data-key="check"]').click();
  await expect(page.locator('.check-result')).toHaveAttribute('data-verdict', 'agree');
});
