// Embedding (issue 5): dist/examples/course.html, a course page with two <backprop-sandbox>
// elements (#gradients-only: panels="gradients" readonly; #full: everything, from a preset)
// and an iframe of dist/embed.html. Over http and opened from disk as file://.
import { test, expect } from '@playwright/test';
import { loadEngine } from '../../bindings/index.js';
import { ARTIFACTS, watchProblems, hook, closeTo } from './helpers.js';

const courseUrl = (file) => new URL('examples/course.html', file ? process.env.BP_E2E_FILE_URL : process.env.BP_E2E_BASE_URL).href;

/** Opens the course page and waits until both elements have mounted. */
async function openCourse(page, { file = false } = {}) {
  await page.goto(courseUrl(file));
  await page.evaluate(() => Promise.all(['gradients-only', 'full'].map((id) => document.getElementById(id).ready)));
}

/** { key: value } of every displayed number inside one element (its shadow root). */
function valuesIn(page, id) {
  return page.evaluate((elId) => {
    const out = {};
    for (const el of document.getElementById(elId).shadowRoot.querySelectorAll('[data-quantity][data-value]')) {
      const d = el.dataset;
      out[`${d.quantity}:${d.layer ?? ''}:${d.row ?? ''}:${d.col ?? ''}`] = Number(d.value);
    }
    return out;
  }, id);
}

// A network unlike the course page's: 2-3-2, tanh then sigmoid, given weights.
const OTHER = {
  layers: [2, 3, 2],
  activations: ['tanh', 'sigmoid'],
  loss: 'mse',
  weights: [[[0.3, -0.2], [0.5, 0.1], [-0.4, 0.6]], [[0.2, -0.7, 0.4], [0.9, 0.3, -0.5]]],
  biases: [[0.1, -0.1, 0.05], [0, 0.2]],
  input: [0.7, -1.2],
  target: [0.2, 0.8],
  learningRate: 0.3,
};

for (const file of [false, true]) {
  const how = file ? 'from disk (file://)' : 'over http';

  test(`course page ${how}: both instances render, with their configurations`, async ({ page }) => {
    const problems = watchProblems(page);
    // One WebAssembly module for the page, however many elements.
    await page.addInitScript(() => {
      window.__instantiations = 0;
      const original = WebAssembly.instantiate;
      WebAssembly.instantiate = function (...args) { window.__instantiations += 1; return original.apply(this, args); };
    });
    await openCourse(page, { file });
    const grads = page.locator('#gradients-only');
    const full = page.locator('#full');
    // Read-only, gradients only: one panel, the dW cells, no fields, no toolbar.
    await expect(grads.locator('.panel')).toHaveCount(1);
    await expect(grads.locator('.panel-gradients')).toBeVisible();
    await expect(grads.locator(hook('dW', 2, 1, 1)).first()).toHaveAttribute('data-value', /\d/);
    await expect(grads.locator('.toolbar')).toHaveCount(0);
    // Full: every panel, editable fields, its J.
    for (const name of ['network', 'structure', 'forward', 'backward', 'gradients', 'step', 'selection']) {
      await expect(full.locator(`.panel-${name}`)).toBeVisible();
    }
    await expect(full.locator(`input.field${hook('W', 1, 1, 1)}`)).toBeEditable();
    // The same network in both (the preset is the default 2-2-2): the same gradients.
    const [a, b] = [await valuesIn(page, 'gradients-only'), await valuesIn(page, 'full')];
    expect(a['dW:2:1:1']).toBe(b['dW:2:1:1']);
    // KaTeX renders inside the shadow roots, with its fonts (declared once in the document).
    await expect(full.locator('.katex').first()).toBeVisible();
    await page.evaluate(() => document.fonts.ready);
    const fonts = await page.evaluate(() => Array.from(document.fonts).filter((f) => f.status === 'loaded').map((f) => f.family));
    expect(fonts.some((f) => f.includes('KaTeX'))).toBe(true);
    // Declared once: a constructed sheet adopted by the document (no <style>: CSP style-src 'self').
    expect(await page.evaluate(() => document.adoptedStyleSheets.filter((s) => Array.from(s.cssRules).some((r) => r instanceof CSSFontFaceRule)).length
      + document.querySelectorAll('style[data-backprop-sandbox-fonts]').length)).toBe(1);
    expect(await page.evaluate(() => window.__instantiations)).toBe(1);
    expect(problems).toEqual([]);
  });

  test(`course page ${how}: editing one instance leaves the other unchanged, and fires change`, async ({ page }) => {
    await openCourse(page, { file });
    const before = await valuesIn(page, 'gradients-only');
    const fullBefore = await valuesIn(page, 'full');
    await page.evaluate(() => {
      window.__changes = [];
      document.getElementById('full').addEventListener('change', (e) => window.__changes.push(e.detail));
    });
    const field = page.locator(`#full input.field${hook('W', 2, 1, 1)}`);
    await field.fill('-1.5');
    await expect.poll(() => page.evaluate(() => document.getElementById('full').result.gradients[1].W[0][0])).not.toBe(fullBefore['dW:2:1:1']);
    const fullAfter = await valuesIn(page, 'full');
    expect(fullAfter['W:2:1:1']).toBe(-1.5);
    expect(fullAfter['dW:2:1:1']).not.toBe(fullBefore['dW:2:1:1']);
    expect(await valuesIn(page, 'gradients-only')).toEqual(before);
    const changes = await page.evaluate(() => window.__changes);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.at(-1).weights[1][0][0]).toBe(-1.5);
    expect(await page.evaluate(() => document.getElementById('gradients-only').document.weights[1][0][0])).toBe(0.4);
    // The exercise on the page listens to `pass`: it saw the new J.
    const J = await page.evaluate(() => document.getElementById('full').result.loss);
    await expect(page.locator('#exercise-status')).toContainText(J.toFixed(4));
  });

  test(`course page ${how}: hostile host CSS changes nothing inside, and none leaks out`, async ({ page }) => {
    await openCourse(page, { file });
    // A host element shaped like the sandbox's own markup: the sandbox's CSS must not reach it.
    await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.className = 'bp-sandbox';
      probe.id = 'leak-probe';
      const panel = document.createElement('section');
      panel.className = 'panel';
      panel.textContent = 'host content';
      probe.append(panel);
      document.querySelector('main').append(probe);
    });
    const probeStyle = await page.evaluate(() => {
      const cs = getComputedStyle(document.querySelector('#leak-probe .panel'));
      return { border: cs.borderTopWidth, radius: cs.borderTopLeftRadius, padding: cs.paddingTop };
    });
    expect(probeStyle).toEqual({ border: '0px', radius: '0px', padding: '0px' });
    const measure = () => page.evaluate(() => {
      const out = {};
      for (const id of ['gradients-only', 'full']) {
        const root = document.getElementById(id).shadowRoot;
        for (const sel of ['.panel-gradients h2', '.panel-gradients table', '[data-quantity="dW"][data-layer="2"][data-row="1"][data-col="1"]', '.toolbar', '.panel-forward input.field']) {
          const el = root.querySelector(sel);
          if (!el) continue;
          const r = el.getBoundingClientRect();
          const cs = getComputedStyle(el);
          // Positions relative to the element (the host page's text above it may reflow).
          const host = document.getElementById(id).getBoundingClientRect();
          out[`${id} ${sel}`] = { x: r.x - host.x, y: r.y - host.y, w: r.width, h: r.height, font: cs.fontSize, family: cs.fontFamily, display: cs.display, color: cs.color };
        }
      }
      return out;
    });
    const clean = await measure();
    await page.locator('#full').screenshot({ path: `${ARTIFACTS}embed-full-clean.png` });
    // The column keeps its width (the host may size its container as it likes; here the point
    // is what the host's CSS does to the inside).
    const widths = await page.evaluate(() => ['gradients-only', 'full'].map((id) => `#${id} { width: ${document.getElementById(id).getBoundingClientRect().width}px }`).join(' '));
    // As a constructed sheet adopted by the document: the course page's CSP (style-src 'self')
    // refuses a <style> tag, as it would refuse one injected into the page.
    await page.evaluate((css) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }, `table { display: none } * { font-size: 40px; font-family: monospace; color: red; line-height: 3; letter-spacing: 2px } html { font-size: 40px } button, input { display: none } ${widths}`);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const hostile = await measure();
    await page.locator('#full').screenshot({ path: `${ARTIFACTS}embed-full-hostile.png` });
    expect(Object.keys(clean).length).toBeGreaterThanOrEqual(7);
    expect(hostile).toEqual(clean);
    // The host page's own text did take the hostile CSS (the test is not vacuous).
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('main > p')).fontSize)).toBe('40px');
  });

  test(`course page ${how}: setting el.document updates el.result with the right gradients and fires pass`, async ({ page }) => {
    await openCourse(page, { file });
    const out = await page.evaluate(async (doc) => {
      const el = document.getElementById('gradients-only');
      const passes = [];
      el.addEventListener('pass', (e) => passes.push(e.detail));
      el.document = doc;
      const result = el.result; // at once, before any event
      await new Promise((r) => setTimeout(r, 0));
      let refused = null;
      const kept = el.document;
      try {
        el.document = { ...doc, layers: [2, 3] }; // weights no longer fit
      } catch (err) {
        refused = { name: err.name, message: err.message };
      }
      return { result, passes, refused, kept, after: el.document, resultAfter: el.result };
    }, OTHER);
    // The API on the same document.
    const engine = await loadEngine();
    const net = engine.createNetwork(OTHER);
    const api = net.run();
    net.dispose();
    const r = out.result;
    expect(r.loss).toBe(api.loss);
    expect(r.gradients).toEqual(api.gradients);
    // dJ/dW^(l) = delta^(l+1) (a^(l))^T, from el.result's own layers.
    for (let l = 1; l <= 2; l++) {
      const delta = r.layers[l].delta;
      const a = r.layers[l - 1].a;
      r.gradients[l - 1].W.forEach((row, i) => row.forEach((g, j) => closeTo(g, delta[i] * a[j], 1e-14, `dW(${l})_${i + 1}${j + 1}`)));
      r.gradients[l - 1].b.forEach((g, i) => closeTo(g, delta[i], 1e-14, `db(${l})_${i + 1}`));
    }
    // pass fired with the same result; a refused document threw and changed nothing.
    expect(out.passes.length).toBeGreaterThanOrEqual(1);
    expect(out.passes.at(-1)).toEqual(r);
    expect(out.refused?.name).toBe('DocumentError');
    expect(out.refused.message.length).toBeGreaterThan(10);
    expect(out.after).toEqual(out.kept);
    expect(out.resultAfter).toEqual(r);
    // The element shows it: its gradient cells hold the API's numbers.
    const shown = await valuesIn(page, 'gradients-only');
    expect(shown['dW:2:2:3']).toBe(api.gradients[1].W[1][2]);
    expect(shown['dW:1:3:1']).toBe(api.gradients[0].W[2][0]);
  });

  test(`course page ${how}: the iframe embed renders the document from its fragment and reports its height`, async ({ page }) => {
    const problems = watchProblems(page);
    await openCourse(page, { file });
    const iframe = page.locator('#xor-frame');
    await iframe.scrollIntoViewIfNeeded();
    const frame = page.frameLocator('#xor-frame');
    await expect(frame.locator('html')).toHaveAttribute('data-ready', 'true');
    const src = await iframe.getAttribute('src');
    const doc = JSON.parse(Buffer.from(src.split('#doc=')[1], 'base64url').toString('utf8'));
    const inFrame = await frame.locator('backprop-sandbox').evaluate((el) => ({ doc: el.document, result: el.result, panels: Array.from(el.shadowRoot.querySelectorAll('.panel')).map((p) => p.className) }));
    for (const key of ['layers', 'activations', 'loss', 'input', 'target', 'learningRate', 'seed']) expect(inFrame.doc[key]).toEqual(doc[key]);
    const engine = await loadEngine();
    const net = engine.createNetwork(doc);
    const api = net.run();
    net.dispose();
    expect(inFrame.result.loss).toBe(api.loss);
    expect(inFrame.result.gradients).toEqual(api.gradients);
    expect(inFrame.panels.map((c) => c.match(/panel-(\w+)/)[1])).toEqual(['network', 'step']); // ?panels=toolbar,diagram,step
    // The height it reports, and the host page sized the frame to it.
    const reported = Number(await frame.locator('html').getAttribute('data-height'));
    expect(reported).toBeGreaterThan(300);
    await expect.poll(() => iframe.evaluate((f) => f.style.height)).toBe(`${reported}px`);
    const box = await iframe.boundingBox();
    expect(Math.abs(box.height - reported)).toBeLessThanOrEqual(1);
    // Taller content, a new report: a step in the frame adds the before/after tables.
    await frame.locator('[data-key="step-2"]').click();
    await expect.poll(async () => Number(await frame.locator('html').getAttribute('data-height'))).toBeGreaterThan(reported);
    const grown = Number(await frame.locator('html').getAttribute('data-height'));
    await expect.poll(() => iframe.evaluate((f) => f.style.height)).toBe(`${grown}px`);
    expect(problems).toEqual([]);
  });

  test(`course page ${how}: no horizontal overflow at 360 px`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await openCourse(page, { file });
    await page.locator('#xor-frame').scrollIntoViewIfNeeded();
    await expect(page.frameLocator('#xor-frame').locator('html')).toHaveAttribute('data-ready', 'true');
    const widths = await page.evaluate(() => {
      const hosts = ['gradients-only', 'full', 'xor-frame'].map((id) => document.getElementById(id).getBoundingClientRect());
      return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, right: Math.max(...hosts.map((r) => r.right)), left: Math.min(...hosts.map((r) => r.left)) };
    });
    expect(widths.scroll).toBeLessThanOrEqual(360);
    expect(widths.right).toBeLessThanOrEqual(360);
    expect(widths.left).toBeGreaterThanOrEqual(0);
    // Nor inside the frame.
    const inner = await page.frameLocator('#xor-frame').locator('html').evaluate((h) => [h.scrollWidth, h.clientWidth]);
    expect(inner[0]).toBeLessThanOrEqual(inner[1]);
    await page.screenshot({ path: `${ARTIFACTS}course-360${file ? '-file' : ''}.png`, fullPage: false });
  });
}

test('attributes: theme, readonly, step-through, panels, preset and src; several instances stay independent', async ({ page }) => {
  await openCourse(page);
  const info = await page.evaluate(async () => {
    const make = (attrs, json) => {
      const el = document.createElement('backprop-sandbox');
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      if (json) {
        const s = document.createElement('script');
        s.type = 'application/json';
        s.textContent = json;
        el.append(s);
      }
      document.querySelector('main').append(el);
      return el;
    };
    const dark = make({ theme: 'dark', readonly: '', panels: 'toolbar,forward', 'step-through': '' });
    const preset = make({ preset: 'xor-221', theme: 'light' });
    const bad = make({}, '{"layers": [2, 2], "activations": "sigmoid", "loss": "mse", "input": [1, 2], "target": [1, 2, 3]}');
    const unknown = make({ preset: 'no-such-preset' });
    await Promise.all([dark.ready, preset.ready]);
    const settled = async (el) => { try { await el.ready; return 'ready'; } catch (err) { return err.message; } };
    const wrap = (el) => el.shadowRoot.querySelector('.bp-host');
    const field = dark.shadowRoot.querySelector('input.field[data-quantity="W"]');
    // Ctrl+Z inside the read-only one does nothing; the preset instance is not touched either.
    return {
      darkClass: wrap(dark).classList.contains('bp-dark'),
      darkBg: getComputedStyle(wrap(dark)).backgroundColor,
      lightClass: wrap(preset).classList.contains('bp-dark'),
      readOnly: field.readOnly,
      panels: Array.from(dark.shadowRoot.querySelectorAll('.panel')).map((p) => p.className.match(/panel-(\w+)/)[1]),
      structureShown: Boolean(dark.shadowRoot.querySelector('.panel-structure')),
      stepThrough: dark.sandbox.state.stepThrough.on,
      stepVisible: getComputedStyle(dark.shadowRoot.querySelector('.toolbar [data-key="step"]')).display,
      presetLayers: preset.document.layers,
      presetBatch: preset.result.batchSize,
      bad: await settled(bad),
      badText: bad.shadowRoot.querySelector('.load-error')?.textContent ?? '',
      unknown: await settled(unknown),
    };
  });
  expect(info.darkClass).toBe(true);
  expect(info.darkBg).toBe('rgb(18, 20, 24)');
  expect(info.lightClass).toBe(false);
  expect(info.readOnly).toBe(true);
  expect(info.panels).toEqual(['stepthrough', 'forward']); // step-through brings its own panel
  expect(info.structureShown).toBe(false);
  expect(info.stepThrough).toBe(true);
  expect(info.stepVisible).toBe('none');
  expect(info.presetLayers).toEqual([2, 2, 1]);
  expect(info.presetBatch).toBe(4);
  expect(info.bad).toMatch(/refused: .*target/);
  expect(info.badText).toContain('refused');
  expect(info.unknown).toMatch(/no preset "no-such-preset".*default-222/);

  // Typing into the read-only field changes nothing; the arrow keys do not nudge it.
  const dark = page.locator('backprop-sandbox[theme="dark"]');
  const field = dark.locator(`input.field${hook('W', 1, 1, 1)}`);
  const before = await field.getAttribute('data-value');
  await field.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.type('9');
  await page.keyboard.press('Control+z');
  expect(await field.getAttribute('data-value')).toBe(before);
  expect(await dark.evaluate((el) => el.document.weights[0][0][0])).toBe(Number(before));

  // src: over http the element fetches the document (a data: URL: the course page's CSP,
  // connect-src 'self' data:, refuses blob: URLs).
  const fromSrc = await page.evaluate(async (doc) => {
    const url = `data:application/json,${encodeURIComponent(JSON.stringify(doc))}`;
    const el = document.createElement('backprop-sandbox');
    el.setAttribute('src', url);
    el.setAttribute('panels', 'gradients');
    document.querySelector('main').append(el);
    await el.ready;
    return el.document.layers;
  }, OTHER);
  expect(fromSrc).toEqual([2, 3, 2]);
});

test('the embed page: query options and a bad fragment', async ({ page }) => {
  const base = process.env.BP_E2E_BASE_URL;
  await page.goto(`${base}embed.html?panels=gradients&readonly&theme=dark#doc=${Buffer.from(JSON.stringify(OTHER)).toString('base64url')}`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  const info = await page.locator('backprop-sandbox').evaluate((el) => ({
    readonly: el.hasAttribute('readonly'),
    dark: el.shadowRoot.querySelector('.bp-host').classList.contains('bp-dark'),
    panels: el.shadowRoot.querySelectorAll('.panel').length,
    layers: el.document.layers,
  }));
  expect(info).toEqual({ readonly: true, dark: true, panels: 1, layers: [2, 3, 2] });
  await page.goto(`${base}embed.html#doc=not*base64`);
  await expect(page.locator('.embed-problem')).toContainText('could not be read');
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true'); // the default network instead
});

test('the page offers embed code for the current network', async ({ page }) => {
  await page.goto(process.env.BP_E2E_BASE_URL);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await page.locator(`input.field${hook('W', 1, 1, 1)}`).fill('0.77');
  await page.locator('[data-key="embed-code"]').click();
  const element = await page.locator('[data-key="embed-element"]').inputValue();
  const iframe = await page.locator('[data-key="embed-iframe"]').inputValue();
  expect(element).toContain(`<script src="${process.env.BP_E2E_BASE_URL}backprop-sandbox.js"></script>`);
  const json = element.match(/<script type="application\/json">(.*)<\/script>/)[1];
  expect(JSON.parse(json).weights[0][0][0]).toBe(0.77);
  const fragment = iframe.match(/embed\.html#doc=([A-Za-z0-9_-]+)/)[1];
  expect(JSON.parse(Buffer.from(fragment, 'base64url').toString('utf8')).weights[0][0][0]).toBe(0.77);
  expect(iframe).toContain("'backprop-sandbox:height'");
  // The element snippet works as it is, pasted into a page, here in a 320 px column: it takes
  // the column's width and nothing inside it is wider (tables scroll inside their panels).
  // A course page of its own (served at a made-up address beside dist/, without a CSP of its own:
  // setContent would keep the sandbox page's CSP, which refuses the snippet's style attributes).
  const pasted = `${process.env.BP_E2E_BASE_URL}pasted-snippet.html`;
  await page.route(pasted, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><body style="margin: 0"><div style="width: 320px">${element}</div></body>` }));
  await page.goto(pasted);
  await page.evaluate(() => document.querySelector('backprop-sandbox').ready);
  const fit = await page.evaluate(() => {
    const el = document.querySelector('backprop-sandbox');
    const wrap = el.shadowRoot.querySelector('.bp-host');
    return { w: el.getBoundingClientRect().width, inner: wrap.scrollWidth, outer: wrap.clientWidth, page: document.documentElement.scrollWidth, weight: el.document.weights[0][0][0] };
  });
  expect(fit.weight).toBe(0.77);
  expect(fit.w).toBe(320);
  expect(fit.inner).toBeLessThanOrEqual(fit.outer);
  expect(fit.page).toBeLessThanOrEqual(1280);
});
