// The browsers the scenarios run in, each behind the same small interface (the scenarios see
// nothing else of the driver):
//
//   engine, version, early       the engine's name; the browser's version; whether the hooks of
//                                kit.js are installed before the page's scripts run
//   fresh()                      a clean browsing state: no storage, one page, 1280×800
//   goto(url)                    navigates and waits for the load event (the hooks then in place)
//   evaluate(fn, ...args)        runs fn(...args) in the page (JSON in and out; a promise is awaited)
//   evaluateInFrame(sel, fn, …)  the same inside the iframe at sel (whatever its origin)
//   installKitInFrame(sel)       the hooks in that iframe's document, if not already there
//   mouseClick(x, y)             a real click (mouse down, up) at viewport coordinates
//   type(text), press(combo)     real key events to the focused element ('Tab', 'Control+A')
//   events()                     problems the driver itself reports (console, page errors)
//   screenshot(path), close()
//
// Chromium (CDP) and Firefox ESR (WebDriver BiDi) through puppeteer-core; WebKitGTK's
// MiniBrowser through WebKitWebDriver (classic WebDriver, no BiDi) and webdriverio, under Xvfb.
// Facts about driving them here: /work/shared/TOOLCHAIN.md ("Firefox and WebKit").
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import puppeteer from 'puppeteer-core';
import { remote, Key } from 'webdriverio';
import { installKit } from './kit.js';

const WIDTH = 1280;
const HEIGHT = 800;
const LOAD_TIMEOUT = 60_000;

export const BINARIES = {
  chromium: { path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', apt: 'chromium' },
  firefox: { path: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', apt: 'firefox-esr' },
  webkit: { path: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', apt: 'webkit2gtk-driver' },
  webkitDriver: { path: '/usr/bin/WebKitWebDriver', apt: 'webkit2gtk-driver' },
  xvfb: { path: '/usr/bin/Xvfb', apt: 'xvfb' },
};

/** Fails with what to install when a browser (or what it needs) is not on the machine. */
function requireBinary(name) {
  const { path, apt } = BINARIES[name];
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: install it with \`apt-get install ${apt}\` (as root, \`npm test\` installs it: scripts/setup.mjs)`);
  }
  return path;
}

const withTimeout = (promise, ms, what) => {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((resolve, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms); }),
  ]);
};

/** 'Control+Shift+ArrowDown' → { modifiers: ['Control', 'Shift'], key: 'ArrowDown' }. */
function splitCombo(combo) {
  const parts = combo.split('+');
  const key = parts.pop();
  return { modifiers: parts, key: key.length === 1 ? key.toLowerCase() : key };
}

// ---- puppeteer: Chromium over CDP, Firefox ESR over WebDriver BiDi ----------------------------

async function launchPuppeteer(engine) {
  const executablePath = requireBinary(engine);
  const browser = await puppeteer.launch(engine === 'firefox'
    ? { browser: 'firefox', executablePath, headless: true, timeout: 90_000, protocolTimeout: 120_000 }
    : {
      browser: 'chrome',
      executablePath,
      headless: true,
      timeout: 60_000,
      protocolTimeout: 120_000,
      // As the Playwright suite launches it: no traffic towards the closed network.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  const version = await browser.version();
  let context = null;
  let page = null;
  let events = [];
  const frameOf = async (selector) => {
    const handle = await page.$(selector);
    if (!handle) throw new Error(`no iframe ${selector}`);
    const frame = await handle.contentFrame();
    await handle.dispose();
    if (!frame) throw new Error(`${selector} has no frame`);
    return frame;
  };
  return {
    engine,
    version,
    early: true,
    async fresh() {
      await context?.close();
      // A browser context of its own: no storage, cookies or cache from another scenario.
      context = await browser.createBrowserContext();
      page = await context.newPage();
      await page.setViewport({ width: WIDTH, height: HEIGHT });
      page.setDefaultTimeout(LOAD_TIMEOUT);
      events = [];
      // Firefox reports a font load cancelled because the scenario left the page (status
      // 2152398850, NS_BINDING_ABORTED) as an error: not a problem of the page.
      page.on('pageerror', (e) => { if (!/downloadable font: download failed .*status=2152398850/.test(e.message)) events.push(`pageerror: ${e.message}`); });
      page.on('console', (m) => { if (m.type() === 'error') events.push(`console: ${m.text()}`); });
      // In every document and frame, before the page's own scripts.
      await page.evaluateOnNewDocument(installKit);
    },
    goto: (url) => page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT }),
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    evaluateInFrame: async (selector, fn, ...args) => (await frameOf(selector)).evaluate(fn, ...args),
    installKitInFrame: async (selector) => (await frameOf(selector)).evaluate(installKit),
    mouseClick: (x, y) => page.mouse.click(x, y),
    type: (text) => page.keyboard.type(text),
    async press(combo) {
      const { modifiers, key } = splitCombo(combo);
      for (const m of modifiers) await page.keyboard.down(m);
      await page.keyboard.press(key);
      for (const m of modifiers.reverse()) await page.keyboard.up(m);
    },
    events: () => events.slice(),
    clearEvents() { events = []; },
    screenshot: (path) => page.screenshot({ path }),
    async close() {
      await context?.close().catch(() => {});
      await browser.close();
    },
  };
}

export const launchChromium = () => launchPuppeteer('chromium');
export const launchFirefox = () => launchPuppeteer('firefox');

// ---- WebKitGTK: MiniBrowser through WebKitWebDriver, under Xvfb ------------------------------

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

/** Spawns a helper process that dies with this one. */
function helper(command, args, options) {
  const child = spawn(command, args, options);
  const kill = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM'); };
  process.once('exit', kill);
  child.stop = () => new Promise((resolve) => {
    process.removeListener('exit', kill);
    if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); }, 5000).unref();
  });
  return child;
}

/**
 * WebKit. `storagePages`: one page of each origin the scenarios visit (a file that runs no
 * script, e.g. favicon.svg): fresh() clears each one's storage there, the session being one
 * browsing state for all of them.
 */
export async function launchWebKit({ storagePages = [] } = {}) {
  const miniBrowser = requireBinary('webkit');
  const driverPath = requireBinary('webkitDriver');
  const xvfbPath = requireBinary('xvfb');
  const stops = [];
  const stopAll = async () => { for (const stop of stops.reverse()) await stop(); };
  try {
    // Xvfb picks a free display and writes its number to the descriptor -displayfd names.
    const xvfb = helper(xvfbPath, ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
    stops.push(() => xvfb.stop());
    const display = await withTimeout(new Promise((resolve, reject) => {
      let out = '';
      xvfb.stdout.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out.trim()); });
      xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with code ${code}`)));
      xvfb.once('error', reject);
    }), 30_000, 'Xvfb');
    const port = await freePort();
    const driver = helper(driverPath, [`--port=${port}`], { env: { ...process.env, DISPLAY: `:${display}` }, stdio: ['ignore', 'ignore', 'pipe'] });
    stops.push(() => driver.stop());
    let driverErr = '';
    driver.stderr.on('data', (d) => { driverErr = (driverErr + d).slice(-2000); });
    await withTimeout((async () => {
      for (;;) {
        if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited with code ${driver.exitCode}: ${driverErr}`);
        try {
          if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) return;
        } catch { /* not listening yet */ }
        await new Promise((r) => setTimeout(r, 100));
      }
    })(), 30_000, 'WebKitWebDriver /status');
    // Without DISPLAY the session never comes: hence the timeout.
    const b = await withTimeout(remote({
      hostname: '127.0.0.1',
      port,
      path: '/',
      logLevel: 'error',
      connectionRetryTimeout: 90_000,
      connectionRetryCount: 0,
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
      },
    }), 90_000, 'a WebKitWebDriver session');
    stops.push(() => b.deleteSession().catch(() => {}));
    const version = `MiniBrowser (WebKitGTK) ${b.capabilities.browserVersion ?? ''}`.trim();
    // The window's frame takes some of its height: size it so that the viewport is 1280×800.
    await b.setWindowSize(WIDTH, HEIGHT);
    const inner = await b.execute(() => [window.innerWidth, window.innerHeight]);
    await b.setWindowSize(WIDTH + (WIDTH - inner[0]), HEIGHT + (HEIGHT - inner[1]));

    const keyOf = (name) => (name.length === 1 ? name : Key[name] ?? (() => { throw new Error(`no WebDriver key ${name}`); })());
    return {
      engine: 'webkit',
      version,
      early: false,
      async fresh() {
        // One window, and no storage left by an earlier scenario in any origin it visits.
        const handles = await b.getWindowHandles();
        for (const h of handles.slice(1)) {
          await b.switchToWindow(h);
          await b.closeWindow();
        }
        await b.switchToWindow(handles[0]);
        for (const url of storagePages) {
          await b.url(url);
          await b.execute(() => { localStorage.clear(); sessionStorage.clear(); });
        }
        await b.url('about:blank');
      },
      async goto(url) {
        await b.url(url);
        // No preload scripts in classic WebDriver: the hooks go in once the page has loaded.
        await b.execute(installKit);
      },
      evaluate: (fn, ...args) => b.execute(fn, ...args),
      async evaluateInFrame(selector, fn, ...args) {
        await b.switchFrame(await b.$(selector));
        try {
          return await b.execute(fn, ...args);
        } finally {
          await b.switchFrame(null);
        }
      },
      installKitInFrame(selector) { return this.evaluateInFrame(selector, installKit); },
      mouseClick: (x, y) => b.action('pointer', { parameters: { pointerType: 'mouse' } })
        .move({ x, y, origin: 'viewport' }).down({ button: 0 }).up({ button: 0 }).perform(),
      // Each key down and up in turn (webdriverio's keys() holds them all down at once, a chord,
      // which drops a repeated character).
      type(text) {
        const keys = b.action('key');
        for (const c of text) keys.down(c).up(c);
        return keys.perform();
      },
      press(combo) {
        const { modifiers, key } = splitCombo(combo);
        const keys = b.action('key');
        for (const m of modifiers) keys.down(keyOf(m));
        keys.down(keyOf(key)).up(keyOf(key));
        for (const m of modifiers.reverse()) keys.up(keyOf(m));
        return keys.perform();
      },
      // WebKitWebDriver has no console or error channel: everything comes from the hooks.
      events: () => [],
      clearEvents() {},
      screenshot: (path) => b.saveScreenshot(path),
      close: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
