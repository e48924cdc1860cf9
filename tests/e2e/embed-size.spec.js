// What a course page downloads (README, "Embed in your course"): dist/examples/course.html over
// http in a fresh browser, every request counted (bytes transferred, as the test server sends
// them: uncompressed), and the gzip size of each file for a server that compresses.
// Writes tests/e2e/artifacts/embed-sizes.json; fails if the page grows past a budget.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ARTIFACTS } from './helpers.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

test('a course page with two elements and an iframe: bytes downloaded', async ({ page }) => {
  const base = process.env.BP_E2E_BASE_URL;
  const requests = [];
  page.on('requestfinished', async (request) => {
    const sizes = await request.sizes().catch(() => null);
    const response = await request.response();
    requests.push({ url: request.url(), status: response?.status(), frame: request.frame() === page.mainFrame() ? 'page' : 'iframe', body: sizes?.responseBodySize ?? 0, headers: sizes?.responseHeadersSize ?? 0 });
  });
  await page.goto(`${base}examples/course.html`);
  await page.evaluate(() => Promise.all(['gradients-only', 'full'].map((id) => document.getElementById(id).ready)));
  await page.evaluate(() => document.fonts.ready);
  const beforeFrame = requests.length;
  await page.locator('#xor-frame').scrollIntoViewIfNeeded();
  await expect(page.frameLocator('#xor-frame').locator('html')).toHaveAttribute('data-ready', 'true');
  await page.waitForTimeout(300); // fonts the frame asks for
  expect(beforeFrame).toBeGreaterThan(0);

  const rows = requests.filter((r) => r.url.startsWith(base)).map((r) => {
    const path = decodeURIComponent(new URL(r.url).pathname).replace(/^\//, '');
    const raw = readFileSync(DIST + path);
    return { path, frame: r.frame, status: r.status, transferred: r.body + r.headers, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
  });
  const sum = (list, key) => list.reduce((s, r) => s + r[key], 0);
  const page1 = rows.filter((r) => r.frame === 'page');
  // A browser (or a static host with ETags) fetches a file once: unique files.
  const unique = [...new Map(rows.map((r) => [r.path, r])).values()];
  const report = {
    files: rows,
    elementsOnly: { requests: page1.length, transferred: sum(page1, 'transferred'), raw: sum(page1, 'raw'), gzip: sum(page1, 'gzip') },
    withIframe: { requests: rows.length, transferred: sum(rows, 'transferred'), raw: sum(rows, 'raw'), gzip: sum(rows, 'gzip') },
    uniqueFiles: { count: unique.length, raw: sum(unique, 'raw'), gzip: sum(unique, 'gzip') },
  };
  writeFileSync(`${ARTIFACTS}embed-sizes.json`, `${JSON.stringify(report, null, 2)}\n`);
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`course.html, two elements: ${report.elementsOnly.requests} requests, ${kb(report.elementsOnly.transferred)} transferred, ${kb(report.elementsOnly.gzip)} gzip`);
  console.log(`with the iframe: ${report.withIframe.requests} requests, ${kb(report.withIframe.transferred)} transferred; unique files ${kb(report.uniqueFiles.raw)}, ${kb(report.uniqueFiles.gzip)} gzip`);
  for (const r of rows) console.log(`  ${r.frame.padEnd(6)} ${r.path.padEnd(40)} ${kb(r.raw).padStart(8)} ${kb(r.gzip).padStart(8)} gzip`);

  // Everything came from dist/ (nothing else was asked for), and the page stays within budget.
  expect(requests.every((r) => r.url.startsWith(base) || r.url.startsWith('data:'))).toBe(true);
  expect(rows.every((r) => r.status === 200)).toBe(true);
  expect(report.elementsOnly.transferred).toBeLessThan(1.5 * 1024 * 1024);
  expect(report.uniqueFiles.gzip).toBeLessThan(600 * 1024);
});
