// The shared browser scenarios (scenarios.js) in Debian's Chromium, through puppeteer-core
// over the DevTools protocol. Run: node --test tests/e2e/engines/chromium.test.mjs
import { launchChromium } from './drivers.js';
import { runScenarios } from './harness.js';

runScenarios('chromium', launchChromium);
