// Embedding: dist/examples/course.html, a course page with two <backprop-sandbox>
// elements (#gradients-only: views="gradients" readonly; #full: five views, from a preset)
// and an iframe of dist/embed.html (?views=network,training). Over http and opened from disk
// as file://. Inside an element: the bar, the tabs (one per view offered), one section.view
// per view (one open at a time), the explanation column (.explain) with the check.
import { test, expect } from '@playwright/test';
import { loadEngine } from '../../bindings/index.js';
import { ARTIFACTS, watchProblems, hook, closeTo, openView } from './helpers.js';

const FULL_VIEWS = ['network', 'forward', 'backward', 'gradients', 'training'];

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
    // Read-only, gradients only: one view (the gradients), no tabs, the dW cells with values,
    // no editable fields, and nothing in the bar that changes the network.
    await expect(grads.locator('section.view')).toHaveCount(1);
    await expect(grads.locator('section.view-gradients')).toBeVisible();
    await expect(grads.locator('[role="tab"]')).toHaveCount(0);
    await expect(grads.locator('.tabs')).toHaveCount(0);
    await expect(grads.locator(hook('dW', 2, 1, 1)).first()).toHaveAttribute('data-value', /\d/);
    await expect(grads.locator(hook('dW', 1, 2, 2)).first()).toHaveAttribute('data-value', /\d/);
    await expect(grads.locator('input.field[data-quantity]')).toHaveCount(0);
    for (const key of ['step', 'alpha', 'undo-all', 'redo-all', 'redo-menu', 'alpha-menu']) await expect(grads.locator(`[data-key="${key}"]`), key).toHaveCount(0);
    // Read-only is the actions' refusal, not only missing controls: keys typed at a cell and
    // into the check's answer field, Ctrl+Z, and the editing actions dispatched directly all
    // leave the network as it was.
    const gradsDoc = await grads.evaluate((el) => el.document);
    const gradsValues = await valuesIn(page, 'gradients-only');
    await grads.locator(hook('dW', 2, 1, 1)).first().focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('9');
    await page.keyboard.press('Control+z');
    await grads.locator('[data-key="check-value"]').fill('9');
    await page.keyboard.press('Control+z');
    const refusals = await grads.evaluate((el) => ['edit', 'step', 'setLearningRate', 'undo', 'reset'].map((name) => {
      const payload = { edit: { q: 'W', layer: 1, row: 1, col: 1, value: 9 }, setLearningRate: 2 }[name];
      return [name, el.sandbox.store.dispatch(name, payload).ok];
    }));
    expect(refusals).toEqual([['edit', false], ['step', false], ['setLearningRate', false], ['undo', false], ['reset', false]]);
    expect(await grads.evaluate((el) => el.document)).toEqual(gradsDoc);
    expect(await valuesIn(page, 'gradients-only')).toEqual(gradsValues);
    // Full: exactly the five views as tabs, each view's section there and shown when its tab
    // is chosen, the explanation beside them, editable fields (in the Forward view), its J.
    expect(await full.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.dataset.key))).toEqual(FULL_VIEWS.map((v) => `view-${v}`));
    for (const name of FULL_VIEWS) await expect(full.locator(`section.view-${name}`)).toHaveCount(1);
    await expect(full.locator('section.view')).toHaveCount(FULL_VIEWS.length);
    for (const name of FULL_VIEWS) {
      await openView(page, name, full);
      for (const other of FULL_VIEWS.filter((v) => v !== name)) await expect(full.locator(`section.view-${other}`)).toBeHidden();
    }
    await expect(full.locator('.explain .selected-name')).toBeVisible();
    await expect(full.locator(`.bar ${hook('J')}`)).toHaveAttribute('data-value', /\d/);
    await openView(page, 'forward', full);
    await expect(full.locator(`input.field${hook('W', 1, 1, 1)}`)).toBeEditable();
    // The same network in both (the preset is the default 2-2-2): the same gradients.
    const [a, b] = [await valuesIn(page, 'gradients-only'), await valuesIn(page, 'full')];
    expect(a['dW:2:1:1']).toBe(b['dW:2:1:1']);
    // KaTeX renders inside the shadow roots, with its fonts (declared once in the document).
    await expect(full.locator('section.view-forward .katex').first()).toBeVisible();
    await expect(full.locator('.explain .katex').first()).toBeVisible();
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
    await openView(page, 'forward', page.locator('#full'));
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
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.textContent = 'host bar';
      const view = document.createElement('section');
      view.className = 'view view-gradients';
      view.textContent = 'host content';
      probe.append(bar, view);
      document.querySelector('main').append(probe);
    });
    const probeStyle = await page.evaluate(() => Object.fromEntries(['.bar', '.view'].map((sel) => {
      const cs = getComputedStyle(document.querySelector(`#leak-probe ${sel}`));
      return [sel, { border: cs.borderTopWidth, borderBottom: cs.borderBottomWidth, radius: cs.borderTopLeftRadius, padding: cs.paddingTop, display: cs.display, position: cs.position }];
    })));
    const plain = { border: '0px', borderBottom: '0px', radius: '0px', padding: '0px', position: 'static' };
    expect(probeStyle).toEqual({ '.bar': { ...plain, display: 'block' }, '.view': { ...plain, display: 'block' } });
    // What is measured inside: in #gradients-only its one view; in #full its Forward view,
    // opened (fields, a table), and in both the bar and the explanation.
    await openView(page, 'forward', page.locator('#full'));
    const SELECTORS = {
      'gradients-only': ['section.view-gradients h3', '.view-gradients table', '[data-quantity="dW"][data-layer="2"][data-row="1"][data-col="1"]', '.bar', '.explain .selected-name'],
      full: ['.bar', '.tabs [data-key="view-forward"]', 'section.view-forward h3', '.view-forward table', '.view-forward input.field[data-quantity="W"]', '.explain .selected-name'],
    };
    const measure = () => page.evaluate((selectors) => {
      const out = {};
      for (const [id, list] of Object.entries(selectors)) {
        const root = document.getElementById(id).shadowRoot;
        for (const sel of list) {
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
    }, SELECTORS);
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
    // Every element measured is there and drawn (not a comparison of empty boxes).
    expect(Object.keys(clean).sort()).toEqual(Object.entries(SELECTORS).flatMap(([id, list]) => list.map((sel) => `${id} ${sel}`)).sort());
    for (const [what, m] of Object.entries(clean)) expect(m.w > 0 && m.h > 0, `${what} drawn`).toBe(true);
    expect(hostile).toEqual(clean);
    // The host page's own text did take the hostile CSS (the test is not vacuous).
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('main > p')).fontSize)).toBe('40px');
  });

  // On both elements: the read-only one too (README: "Scripts can still set el.document";
  // read-only refuses the learner's edits, not the course page's script).
  for (const id of ['gradients-only', 'full']) {
    test(`course page ${how}: setting el.document on #${id} updates el.result with the right gradients and fires pass${id === 'gradients-only' ? ' (read-only too)' : ''}`, async ({ page }) => {
      await openCourse(page, { file });
      const out = await page.evaluate(async ({ doc, elId }) => {
        const el = document.getElementById(elId);
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
      }, { doc: OTHER, elId: id });
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
      const shown = await valuesIn(page, id);
      expect(shown['dW:2:2:3']).toBe(api.gradients[1].W[1][2]);
      expect(shown['dW:1:3:1']).toBe(api.gradients[0].W[2][0]);
    });
  }

  test(`course page ${how}: the iframe embed renders the document from its fragment and reports its height`, async ({ page }) => {
    const problems = watchProblems(page);
    await openCourse(page, { file });
    const iframe = page.locator('#xor-frame');
    await iframe.scrollIntoViewIfNeeded();
    const frame = page.frameLocator('#xor-frame');
    await expect(frame.locator('html')).toHaveAttribute('data-ready', 'true');
    const src = await iframe.getAttribute('src');
    const doc = JSON.parse(Buffer.from(src.split('#doc=')[1], 'base64url').toString('utf8'));
    const inFrame = await frame.locator('backprop-sandbox').evaluate((el) => ({
      doc: el.document,
      result: el.result,
      views: Array.from(el.shadowRoot.querySelectorAll('section.view')).map((v) => v.dataset.view),
      tabs: Array.from(el.shadowRoot.querySelectorAll('[role="tab"]')).map((t) => t.dataset.key),
    }));
    for (const key of ['layers', 'activations', 'loss', 'input', 'target', 'learningRate', 'seed']) expect(inFrame.doc[key]).toEqual(doc[key]);
    const engine = await loadEngine();
    const net = engine.createNetwork(doc);
    const api = net.run();
    net.dispose();
    expect(inFrame.result.loss).toBe(api.loss);
    expect(inFrame.result.gradients).toEqual(api.gradients);
    // ?views=network,training: those two views, offered as tabs, and the bar with its step.
    expect(inFrame.views).toEqual(['network', 'training']);
    expect(inFrame.tabs).toEqual(['view-network', 'view-training']);
    await expect(frame.locator('.bar [data-key="step"]')).toBeVisible();
    // The height it reports, and the host page sized the frame to it.
    const reported = Number(await frame.locator('html').getAttribute('data-height'));
    expect(reported).toBeGreaterThan(300);
    await expect.poll(() => iframe.evaluate((f) => f.style.height)).toBe(`${reported}px`);
    const box = await iframe.boundingBox();
    expect(Math.abs(box.height - reported)).toBeLessThanOrEqual(1);
    // Taller content, a new report: a step in the frame adds the before/after tables to its
    // Training view (opened first: its own height is reported and followed too).
    await openView(frame, 'training');
    const heightNow = async () => Number(await frame.locator('html').getAttribute('data-height'));
    await expect.poll(async () => iframe.evaluate((f, h) => f.style.height === `${h}px`, await heightNow())).toBe(true);
    const training = await heightNow();
    await expect(frame.locator('.step-table')).toHaveCount(0);
    await frame.locator('.bar [data-key="step"]').click();
    await expect(frame.locator('.view-training .step-table')).toHaveCount(2);
    await expect.poll(heightNow).toBeGreaterThan(training);
    const grown = await heightNow();
    await expect.poll(() => iframe.evaluate((f) => f.style.height)).toBe(`${grown}px`);
    expect(problems).toEqual([]);
  });

  /** The course page at 360 px: the document's scroll width and the hosts' extent. */
  const widthsAt360 = async (page) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await openCourse(page, { file });
    await page.locator('#xor-frame').scrollIntoViewIfNeeded();
    await expect(page.frameLocator('#xor-frame').locator('html')).toHaveAttribute('data-ready', 'true');
    return page.evaluate(() => {
      const hosts = ['gradients-only', 'full', 'xor-frame'].map((id) => document.getElementById(id).getBoundingClientRect());
      return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, right: Math.max(...hosts.map((r) => r.right)), left: Math.min(...hosts.map((r) => r.left)) };
    });
  };

  // The course page's own text too: the figcaption of #full, <code>preset="default-222"
  // views="network,forward,backward,gradients,training"</code>, was 418 px wide unbroken.
  test(`course page ${how}: no horizontal overflow at 360 px, the page as a whole`, async ({ page }) => {
    const widths = await widthsAt360(page);
    expect(widths.scroll).toBeLessThanOrEqual(360);
  });

  test(`course page ${how}: no horizontal overflow at 360 px`, async ({ page }) => {
    const widths = await widthsAt360(page);
    // The document's scroll width with the course page's captions set aside (the test
    // above has them): nothing of the sandboxes widens the page.
    const withoutCaptionCode = await page.evaluate(() => {
      for (const c of document.querySelectorAll('figcaption code')) c.style.display = 'none';
      const w = document.documentElement.scrollWidth;
      for (const c of document.querySelectorAll('figcaption code')) c.style.removeProperty('display');
      return w;
    });
    expect(withoutCaptionCode).toBeLessThanOrEqual(360);
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
      views: Array.from(dark.shadowRoot.querySelectorAll('section.view')).map((v) => v.dataset.view),
      bar: Boolean(dark.shadowRoot.querySelector('.bar')),
      structureShown: Boolean(dark.shadowRoot.querySelector('section.view-instructor, .layer-card')),
      stepThrough: dark.sandbox.state.walk.on,
      walkPressed: dark.shadowRoot.querySelector('.bar [data-key="walk"]')?.getAttribute('aria-pressed'),
      stepButtons: dark.shadowRoot.querySelectorAll('[data-key="step"], [data-key="step-2"]').length,
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
  // panels="toolbar,forward": the bar and the Forward view (the walkthrough's own controls are
  // checked in the next test).
  expect(info.views).toEqual(['forward']);
  expect(info.bar).toBe(true);
  expect(info.structureShown).toBe(false);
  expect(info.stepThrough).toBe(true);
  expect(info.walkPressed).toBe('true');
  // Read-only: no gradient step anywhere in it.
  expect(info.stepButtons).toBe(0);
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

/** Adds a <backprop-sandbox> with these attributes to the course page's column; resolves when it has mounted. */
async function addElement(page, attrs, id) {
  await page.evaluate(async ({ a, elId }) => {
    const el = document.createElement('backprop-sandbox');
    el.id = elId;
    for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
    document.querySelector('main').append(el);
    await el.ready;
  }, { a: attrs, elId: id });
  return page.locator(`#${id}`);
}

// The older step-through panel came with the element's step-through attribute; the
// walkthrough's step and its controls live in the explanation column, which
// panels="toolbar,forward" leaves out: walking brings that column with the controls alone.
test('step-through with panels="toolbar,forward" brings the walkthrough\'s controls (.walk, Back, Reveal) though the explanation is left out', async ({ page }) => {
  await openCourse(page);
  const el = await addElement(page, { readonly: '', panels: 'toolbar,forward', 'step-through': '' }, 'walker');
  expect(await el.evaluate((e) => e.sandbox.state.walk.on)).toBe(true);
  const walk = el.locator('.walk');
  await expect(walk).toBeVisible();
  await expect(walk).toHaveAttribute('data-step-index', '0');
  await expect(el.locator('[data-key="walk-prev"]')).toBeVisible();
  await el.locator('[data-key="walk-next"]').click();
  await expect(walk).toHaveAttribute('data-step-index', '1');
  await expect(walk).toHaveAttribute('data-revealed', 'false');
  await el.locator('[data-key="walk-next"]').click();
  await expect(walk).toHaveAttribute('data-revealed', 'true');
});

test('panels= still works: its names map onto views and parts', async ({ page }) => {
  await openCourse(page);
  // diagram -> the network view, gradients -> the gradients view, equations -> the explanation.
  const el = await addElement(page, { panels: 'diagram,gradients,equations' }, 'compat');
  expect(await el.evaluate((e) => Array.from(e.shadowRoot.querySelectorAll('section.view')).map((v) => v.dataset.view))).toEqual(['network', 'gradients']);
  expect(await el.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.dataset.key))).toEqual(['view-network', 'view-gradients']);
  await expect(el.locator('section.view-network')).toBeVisible();
  await expect(el.locator('.explain .selected-name')).toBeVisible();
  await openView(page, 'gradients', el);
  await expect(el.locator(hook('dW', 2, 1, 1)).first()).toHaveAttribute('data-value', /\d/);
  // Nothing it did not ask for: no other view, no bar (toolbar), no check box (check).
  await expect(el.locator('section.view')).toHaveCount(2);
  await expect(el.locator('.bar')).toHaveCount(0);
  await expect(el.locator('.check-box')).toHaveCount(0);
  await expect(el.locator('.banner p')).toHaveCount(0); // every name was known
});

test('a misspelt panel name is shown on the element itself, not only in the console', async ({ page }) => {
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await openCourse(page);
  const el = await addElement(page, { panels: 'gradeints' }, 'misspelt');
  const banner = el.locator('.banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('gradeints');
  await expect(banner.locator('p')).toHaveCount(1);
  // The same for views=.
  const v = await addElement(page, { views: 'network,trainnig' }, 'misspelt-view');
  await expect(v.locator('.banner')).toBeVisible();
  await expect(v.locator('.banner')).toContainText('trainnig');
  await expect(v.locator('section.view-network')).toBeVisible(); // the known name still counts
  expect(warnings.some((w) => w.includes('gradeints'))).toBe(true);
});

// An element whose only word names nothing was 9 px tall, its banner over the course page's
// text below it: now it shows the default, with the message above it in the flow.
test('the message about a misspelt panel name takes room in the element: it covers none of the host page\'s text', async ({ page }) => {
  await openCourse(page);
  const el = await addElement(page, { panels: 'gradeints' }, 'misspelt');
  const [host, banner] = await Promise.all([el.boundingBox(), el.locator('.banner').boundingBox()]);
  expect(banner.height).toBeGreaterThan(0);
  expect(banner.y).toBeGreaterThanOrEqual(host.y - 0.5);
  expect(banner.y + banner.height).toBeLessThanOrEqual(host.y + host.height + 0.5);
  // The default sandbox under it, not under the message.
  const view = await el.locator('section.view-network').boundingBox();
  expect(view.height).toBeGreaterThan(100);
  expect(view.y).toBeGreaterThanOrEqual(banner.y + banner.height);
});

test('the default element is compact: the network view, the explanation and the check, about one screen', async ({ page }) => {
  await openCourse(page);
  const el = await addElement(page, {}, 'default-one');
  const box = await el.boundingBox();
  expect(box.width).toBe(736); // the course page's column
  await expect(el.locator('.bar')).toBeVisible();
  await expect(el.locator('section.view')).toHaveCount(1);
  await expect(el.locator('section.view-network')).toBeVisible();
  await expect(el.locator('[role="tab"]')).toHaveCount(0);
  await expect(el.locator('.explain .selected-name')).toBeVisible();
  await expect(el.locator('.check-box [data-key="check-value"]')).toBeVisible();
  await expect(el.locator('.start-here')).toHaveCount(0); // no start-here card unless intro is set
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const height = (await el.boundingBox()).height;
  console.log(`default <backprop-sandbox> at 736 px wide: ${Math.round(height)} px tall (the element before the redesign: about 5,800 px)`);
  await el.screenshot({ path: `${ARTIFACTS}embed-default-736.png` });
  expect(height).toBeLessThan(1100);
});

test('the embed page: query options and a bad fragment', async ({ page }) => {
  const base = process.env.BP_E2E_BASE_URL;
  await page.goto(`${base}embed.html?panels=gradients&readonly&theme=dark#doc=${Buffer.from(JSON.stringify(OTHER)).toString('base64url')}`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  const info = await page.locator('backprop-sandbox').evaluate((el) => ({
    readonly: el.hasAttribute('readonly'),
    dark: el.shadowRoot.querySelector('.bp-host').classList.contains('bp-dark'),
    views: Array.from(el.shadowRoot.querySelectorAll('section.view')).map((v) => v.dataset.view),
    step: el.shadowRoot.querySelectorAll('[data-key="step"]').length,
    layers: el.document.layers,
  }));
  expect(info).toEqual({ readonly: true, dark: true, views: ['gradients'], step: 0, layers: [2, 3, 2] });
  await page.goto(`${base}embed.html#doc=not*base64`);
  await expect(page.locator('.embed-problem')).toContainText('could not be read');
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true'); // the default network instead
});

/**
 * The element snippet the page offers (Instructor view) for its network with W11(1) = 0.77,
 * its folder named as this site's address, pasted into a course page of its own in a 320 px
 * column. Returns { element, iframe, fit }.
 */
async function pasteSnippet(page) {
  await page.goto(process.env.BP_E2E_BASE_URL);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await openView(page, 'forward');
  await page.locator(`input.field${hook('W', 1, 1, 1)}`).fill('0.77');
  // The embed code is in the Instructor view. Its paths are relative to a folder the author
  // names (default backprop-sandbox/); named as this site's address, the snippet loads from it.
  await openView(page, 'instructor');
  await expect(page.locator('[data-key="embed-element"]')).toHaveValue(/<script src="backprop-sandbox\/backprop-sandbox\.js"><\/script>/);
  await page.locator('[data-key="embed-base"]').fill(process.env.BP_E2E_BASE_URL);
  await page.locator('[data-key="embed-base"]').dispatchEvent('change');
  await expect.poll(() => page.locator('[data-key="embed-element"]').inputValue()).toContain(`<script src="${process.env.BP_E2E_BASE_URL}backprop-sandbox.js"></script>`);
  const element = await page.locator('[data-key="embed-element"]').inputValue();
  const iframe = await page.locator('[data-key="embed-iframe"]').inputValue();
  expect(element).toContain(`<script src="${process.env.BP_E2E_BASE_URL}backprop-sandbox.js"></script>`);
  const json = element.match(/<script type="application\/json">(.*)<\/script>/)[1];
  expect(JSON.parse(json).weights[0][0][0]).toBe(0.77);
  const fragment = iframe.match(/embed\.html#doc=([A-Za-z0-9_-]+)/)[1];
  expect(JSON.parse(Buffer.from(fragment, 'base64url').toString('utf8')).weights[0][0][0]).toBe(0.77);
  expect(iframe).toContain("'backprop-sandbox:height'");
  // The element snippet works as it is, pasted into a page, here in a 320 px column: it takes
  // the column's width and nothing inside it is wider (tables scroll inside their views).
  // A course page of its own (served at a made-up address beside dist/, without a CSP of its own:
  // setContent would keep the sandbox page's CSP, which refuses the snippet's style attributes).
  const pasted = `${process.env.BP_E2E_BASE_URL}pasted-snippet.html`;
  await page.route(pasted, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><body style="margin: 0"><div style="width: 320px">${element}</div></body>` }));
  await page.goto(pasted);
  await page.evaluate(() => document.querySelector('backprop-sandbox').ready);
  const fit = await page.evaluate(() => {
    const el = document.querySelector('backprop-sandbox');
    const wrap = el.shadowRoot.querySelector('.bp-host');
    const box = el.getBoundingClientRect();
    const sticking = Array.from(el.shadowRoot.querySelectorAll('.bar *, .view *, .explain *')).filter((e) => {
      const r = e.getBoundingClientRect();
      // (Not what a closed <details> holds: it is not shown.)
      return r.width > 0 && !e.closest('.katex-mathml, .table-scroll, [hidden], details:not([open]) > :not(summary)') && (r.right > box.right + 0.5 || r.left < box.left - 0.5);
    }).map((e) => `${e.localName}.${e.getAttribute('class') ?? ''}${e.dataset.key ? `[${e.dataset.key}]` : ''}`);
    return { w: box.width, inner: wrap.scrollWidth, outer: wrap.clientWidth, page: document.documentElement.scrollWidth, weight: el.document.weights[0][0][0], sticking };
  });
  return { element, iframe, fit };
}

test('the page offers embed code for the current network', async ({ page }) => {
  const { fit } = await pasteSnippet(page);
  expect(fit.weight).toBe(0.77);
  expect(fit.w).toBe(320);
  expect(fit.page).toBeLessThanOrEqual(1280);
  // (Nothing inside wider than the column: the test below.)
});

// In a 320 px column the bar's settings menu (the gear) was at 322-356 px, cut off by the
// element's edge, and the diagram's y labels and the headline equation were cut too.
test('the pasted element snippet in a 320 px column: nothing inside it is wider', async ({ page }) => {
  const { fit } = await pasteSnippet(page);
  expect(fit.w).toBe(320);
  expect(fit.sticking).toEqual([]);
  expect(fit.inner).toBeLessThanOrEqual(fit.outer);
});
