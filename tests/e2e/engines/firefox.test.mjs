// The shared browser scenarios (scenarios.js) in Debian's Firefox ESR, through puppeteer-core
// over WebDriver BiDi. Run: node --test tests/e2e/engines/firefox.test.mjs
import { launchFirefox } from './drivers.js';
import { runScenarios } from './harness.js';

runScenarios('firefox', launchFirefox);
