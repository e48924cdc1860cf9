// Runs the shared scenarios (scenarios.js) in one browser engine, under node:test: one test
// per scenario, each named "<engine>: <scenario>", in a suite named by the engine. The browser
// starts once and each scenario gets a fresh browsing state (drivers.js). dist/ is served over
// http by the Playwright suite's global setup (scripts/serve.mjs on a free port), and opened
// from disk as file://. After each scenario the page must have reported no problem: uncaught
// errors, unhandled rejections, console.error, failed loads, CSP violations (kit.js).
import { after, before, describe, test } from 'node:test';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import globalSetup from '../global-setup.js';
import { installKit } from './kit.js';
import { SCENARIOS } from './scenarios.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/engines/', import.meta.url));

/** What a scenario drives: the page of one engine, in the terms of the page's data hooks. */
export function pageOf(driver) {
  const http = process.env.BP_E2E_BASE_URL; // http://127.0.0.1:<port>/
  const file = process.env.BP_E2E_FILE_URL.replace(/index\.html$/, ''); // file:///…/dist/
  const page = {
    engine: driver.engine,
    early: driver.early,
    urlOf: (path, { overFile = false } = {}) => (overFile ? file : http) + path,
    evaluate: (fn, ...args) => driver.evaluate(fn, ...args),
    evaluateInFrame: (sel, fn, ...args) => driver.evaluateInFrame(sel, fn, ...args),
    installKitInFrame: (sel) => driver.installKitInFrame(sel),
    type: (text) => driver.type(text),
    press: (combo) => driver.press(combo),
    screenshot: (name) => {
      mkdirSync(ARTIFACTS, { recursive: true });
      return driver.screenshot(`${ARTIFACTS}${driver.engine}-${name}.png`);
    },

    /** A clean browsing state (no storage), as a learner opening a link in another browser. */
    fresh: () => driver.fresh(),
    async goto(url) {
      await driver.goto(url);
      await driver.evaluate(installKit); // already there when preloaded
    },
    /** Opens a page of dist/ and, for the learner's page and the embed, waits until the engine has run. */
    async open(path = 'index.html', { overFile = false, ready = !path.includes('examples/') } = {}) {
      await page.goto(page.urlOf(path, { overFile }));
      if (ready) await page.waitReady();
    },
    async waitReady() {
      const state = await page.waitFor(() => document.documentElement.dataset.ready ?? null, [], 'the page ready (html[data-ready])');
      if (state !== 'true') throw new Error(`the page did not load: data-ready="${state}"`);
    },

    /** Polls fn(...args) in the page until it returns something truthy, and returns that. */
    async waitFor(fn, args, what, timeout = 30_000) {
      const until = Date.now() + timeout;
      let last;
      for (;;) {
        try {
          last = await driver.evaluate(fn, ...args);
        } catch (error) {
          last = `(${error.message.split('\n')[0]})`;
        }
        if (last) return last;
        if (Date.now() > until) throw new Error(`${driver.engine}: waited ${timeout / 1000} s for ${what}; last: ${JSON.stringify(last)}`);
        await new Promise((r) => setTimeout(r, 60));
      }
    },
    /** Clicks the element at path (kit.js's find): scrolled into view, drawn, not covered. */
    async click(path) {
      const target = () => page.waitFor((p) => {
        const t = window.__bp.target(p);
        return t.wait ? null : t;
      }, [path], `${JSON.stringify(path)} to be clickable`);
      // Where it is once the layout has settled: the same point twice, 100 ms apart (content
      // drawn late above it, such as a course page's other sandboxes, moves it in the meantime).
      let at = await target();
      for (let k = 0; k < 50; ++k) {
        await new Promise((r) => setTimeout(r, 100));
        const again = await target();
        if (again.x === at.x && again.y === at.y) break;
        at = again;
      }
      await driver.mouseClick(at.x, at.y);
    },
    /** Clicks a field, selects its text with the keyboard and types over it. */
    async fill(path, text) {
      await page.click(path);
      await driver.press('Control+A');
      await driver.type(text);
    },
    /** An attribute of the element at path (null if it or the attribute is missing). */
    attr: (path, name) => driver.evaluate((p, n) => window.__bp.find(p)?.getAttribute(n) ?? null, path, name),
    /** Waits until an attribute of the element at path is `value` (or matches it, a RegExp's source). */
    async waitAttr(path, name, value, timeout) {
      const want = value instanceof RegExp ? { re: value.source } : { is: value };
      await page.waitFor((p, n, w) => {
        const v = window.__bp.find(p)?.getAttribute(n);
        return v !== null && v !== undefined && (w.re ? new RegExp(w.re).test(v) : v === w.is);
      }, [path, name, want], `${JSON.stringify(path)} [${name}] = ${value}`, timeout);
    },
    /** The displayed number (its .num part where a header also holds the symbol). */
    shownText: (path) => driver.evaluate((p) => {
      const el = window.__bp.find(p);
      return el ? (el.querySelector('.num') ?? el).textContent.trim() : null;
    }, path),
    /** Every [data-quantity][data-value] under the element at path (default: the document), keyed "q:layer:row:col". */
    values: (path = null) => driver.evaluate((p) => {
      const root = p ? window.__bp.find(p) : document;
      const scope = root && root.shadowRoot ? root.shadowRoot : root;
      const out = {};
      for (const el of scope.querySelectorAll('[data-quantity][data-value]')) {
        const d = el.dataset;
        const key = `${d.quantity}:${d.layer ?? ''}:${d.row ?? ''}:${d.col ?? ''}`;
        (out[key] ??= []).push(Number(d.value));
      }
      return out;
    }, path),
    /** Opens a view by clicking its tab, and waits until it shows. */
    async openView(view, host = null) {
      const inHost = (sel) => (host ? [host, sel] : sel);
      await page.click(inHost(`[data-key="view-${view}"]`));
      await page.waitFor((p) => {
        const el = window.__bp.find(p);
        return !!el && !el.hidden && el.getBoundingClientRect().height > 0;
      }, [inHost(`section.view-${view}`)], `the ${view} view to show`);
    },

    /** Problems the page reported: the driver's channels, and the hooks in it and its same-origin frames. */
    async problems() {
      const inPage = await driver.evaluate(() => {
        const out = [];
        const visit = (w, where) => {
          let bp;
          try { bp = w.__bp; } catch { return; } // a frame of another origin: the driver's channels
          if (bp) out.push(...bp.problems.map((p) => `${where}${p}`));
          for (let k = 0; k < w.frames.length; k += 1) visit(w.frames[k], `${where}frame ${k}: `);
        };
        visit(window, '');
        return out;
      }).catch((error) => [`the page could not be asked for its problems: ${error.message}`]);
      return [...driver.events(), ...inPage];
    },
    /** Forgets the problems so far (after a scenario provoked some on purpose). */
    async forgetProblems() {
      driver.clearEvents();
      await driver.evaluate(() => {
        const visit = (w) => {
          try { if (w.__bp) w.__bp.problems.length = 0; } catch { return; }
          for (let k = 0; k < w.frames.length; k += 1) visit(w.frames[k]);
        };
        visit(window);
      });
    },
  };
  return page;
}

/** The engine's suite: launch once, then every scenario in a fresh state. */
export function runScenarios(engine, launch) {
  describe(engine, () => {
    let driver = null;
    let startError = null;
    let stopServer = null;
    let started = 0;

    before(async () => {
      // Screenshots (of failures, and the Gradients view) are this run's only.
      mkdirSync(ARTIFACTS, { recursive: true });
      for (const f of readdirSync(ARTIFACTS)) if (f.startsWith(`${engine}-`)) rmSync(ARTIFACTS + f);
      stopServer = await globalSetup();
      started = Date.now();
      try {
        driver = await launch({
          // For WebKit, whose one session keeps storage across scenarios: a page of each origin.
          storagePages: [`${process.env.BP_E2E_BASE_URL}favicon.svg`, process.env.BP_E2E_FILE_URL.replace(/index\.html$/, 'favicon.svg')],
        });
        console.log(`# ${engine}: ${driver.version}, started in ${((Date.now() - started) / 1000).toFixed(1)} s; page hooks installed ${driver.early ? 'before the page\'s scripts run' : 'right after each load (no preload scripts in this driver)'}`);
      } catch (error) {
        startError = error;
      }
    });
    after(async () => {
      await driver?.close();
      await stopServer?.();
    });

    for (const scenario of SCENARIOS) {
      test(`${engine}: ${scenario.name}`, { timeout: scenario.timeout ?? 120_000 }, async () => {
        if (startError) throw new Error(`${engine} did not start: ${startError.message}`);
        await driver.fresh();
        const page = pageOf(driver);
        try {
          await scenario.run(page);
        } catch (error) {
          await page.screenshot(scenario.name.replace(/[^\w]+/g, '-').slice(0, 60)).catch(() => {});
          throw error;
        }
        const problems = await page.problems();
        if (problems.length > 0) throw new Error(`${engine}: the page reported problems:\n  ${problems.join('\n  ')}`);
      });
    }
  });
}
