// Browser tests of the learner's page (dist/, built by `npm run build`), in Debian's
// Chromium. Run: npx playwright test -c tests/e2e/playwright.config.js
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  testDir: fileURLToPath(new URL('.', import.meta.url)),
  testMatch: /.*\.spec\.js$/,
  globalSetup: fileURLToPath(new URL('./global-setup.js', import.meta.url)),
  outputDir: fileURLToPath(new URL('../../test-results/e2e', import.meta.url)),
  workers: 2,
  // The machines are shared and noisy: one retry, and a test that needed it is reported as
  // flaky, by name, in npm test's summary (scripts/test.mjs).
  retries: 1,
  fullyParallel: true,
  // 'list' prints as it goes; the JSON report (outside outputDir, which each run empties) is
  // what scripts/test.mjs counts.
  reporter: [['list'], ['json', { outputFile: fileURLToPath(new URL('../../test-results/playwright.json', import.meta.url)) }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
