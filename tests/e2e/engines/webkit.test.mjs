// The shared browser scenarios (scenarios.js) in WebKit: WebKitGTK's MiniBrowser through
// WebKitWebDriver and webdriverio, on a virtual display (Xvfb).
// Run: node --test tests/e2e/engines/webkit.test.mjs
import { launchWebKit } from './drivers.js';
import { runScenarios } from './harness.js';

runScenarios('webkit', launchWebKit);
