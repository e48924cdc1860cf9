// The sandbox in Jupyter Book 2 / MyST and notebooks, through anywidget (dist/anywidget.js).
// A full `myst build --html` downloads its site template, which these machines cannot, so:
//   1. a MyST page with the {anywidget} directive is parsed by mystmd's own packages
//      (myst-parser, myst-directives): the directive takes our module's path and JSON body;
//   2. the module is loaded in Chromium through anywidget's front-end contract, with that body
//      as the model's state: render({ model, el }), model.get/set/on/off/save_changes. The
//      host page below plays the part of MyST's (or Jupyter's) widget runtime.
import { test, expect } from '@playwright/test';
import { mystParse } from 'myst-parser';
import { defaultDirectives } from 'myst-directives';
import { loadEngine } from '../../bindings/index.js';
import { DEFAULT_DOCUMENT as PRESET_222 } from '../../web/network-doc.js';
import { join } from 'node:path';
import { ARTIFACTS, watchProblems } from './helpers.js';

const DOC = {
  layers: [2, 3, 2],
  activations: 'tanh',
  loss: 'mse',
  weights: [[[0.5, -0.4], [0.3, 0.8], [-0.6, 0.2]], [[0.7, -0.1, 0.4], [-0.3, 0.9, 0.2]]],
  biases: [[0.1, -0.2, 0.3], [0, 0.1]],
  input: [0.6, -0.2],
  target: [0.3, -0.5],
  learningRate: 0.5,
};

const PAGE = `# Backpropagation

The network below is the one in the exercise.

\`\`\`{anywidget} ./backprop-sandbox/anywidget.js
${JSON.stringify({ views: 'network,backward', document: DOC })}
\`\`\`
`;

/** The anywidget node MyST makes of the page. */
function widgetNode() {
  const tree = mystParse(PAGE, { directives: defaultDirectives });
  const found = [];
  const walk = (n) => {
    if (n.type === 'anywidget') found.push(n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(tree);
  return found;
}

// The widget runtime of a host: a model holding the state, with anywidget's methods.
const HOST = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>anywidget host</title></head><body>
<main><p>Text of the course page above the widget.</p><div id="widget"></div></main>
<script type="module">
  const listeners = new Map();
  window.makeModel = (state) => ({
    saves: 0,
    get: (k) => state[k],
    set(k, v) { state[k] = v; for (const f of listeners.get('change:' + k) ?? []) f(); },
    on(name, f) { listeners.set(name, [...(listeners.get(name) ?? []), f]); },
    off(name, f) { listeners.set(name, (listeners.get(name) ?? []).filter((g) => g !== f)); },
    save_changes() { this.saves += 1; },
    state,
  });
  window.renderWidget = async (esm, state) => {
    const module = await import(esm);
    window.model = window.makeModel(state);
    window.cleanup = await module.default.render({ model: window.model, el: document.getElementById('widget') });
  };
</script></body></html>`;

const jOf = (engine, doc) => {
  const net = engine.createNetwork(doc);
  const J = net.run().loss;
  net.dispose();
  return J;
};

test('MyST parses the {anywidget} directive with our module and its JSON body', () => {
  const nodes = widgetNode();
  expect(nodes).toHaveLength(1);
  expect(nodes[0].esm).toBe('./backprop-sandbox/anywidget.js');
  expect(nodes[0].model).toEqual({ views: 'network,backward', document: DOC });
});

test('the module renders through the anywidget contract with the directive\'s body: a pass, model.set + save_changes, offline', async ({ page }) => {
  const problems = watchProblems(page);
  const engine = await loadEngine();
  const base = process.env.BP_E2E_BASE_URL;
  await page.route(`${base}host/index.html`, (route) => route.fulfill({ contentType: 'text/html', body: HOST }));
  await page.goto(`${base}host/index.html`);
  const [node] = widgetNode();
  // the module path as the course author wrote it, resolved against the page: host/../anywidget.js
  const esm = new URL(node.esm.replace('./backprop-sandbox/', '../'), `${base}host/index.html`).href;
  await page.evaluate(([url, state]) => window.renderWidget(url, state), [esm, structuredClone(node.model)]);
  const sandbox = page.locator('#widget backprop-sandbox');
  await expect(sandbox).toHaveCount(1);
  // the views asked for, and no others
  await expect(sandbox.locator('[data-key="view-backward"]')).toHaveCount(1);
  await expect(sandbox.locator('[data-key="view-gradients"]')).toHaveCount(0);
  // the document's pass: on the page and in the model
  const J = jOf(engine, DOC);
  await expect(sandbox.locator('[data-quantity="J"]').first()).toHaveAttribute('data-value', String(J));
  await expect.poll(() => page.evaluate(() => window.model.get('J'))).toBe(J);
  expect(await page.evaluate(() => window.model.saves)).toBeGreaterThan(0);
  await page.screenshot({ path: join(ARTIFACTS, 'anywidget-myst.png') });

  // the notebook changes the model: the widget follows
  const changed = structuredClone(DOC);
  changed.weights[1][0][0] = -0.9;
  await page.evaluate((doc) => { window.model.set('document', doc); window.model.save_changes(); }, changed);
  const J2 = jOf(engine, changed);
  await expect(sandbox.locator('[data-quantity="J"]').first()).toHaveAttribute('data-value', String(J2));
  await expect.poll(() => page.evaluate(() => window.model.get('J'))).toBe(J2);
  // a setting too
  await page.evaluate(() => window.model.set('theme', 'dark'));
  await expect(sandbox).toHaveAttribute('theme', 'dark');

  // the learner edits on the page: the model gets the document back
  await sandbox.locator('[data-key="view-network"]').click();
  await page.evaluate(() => { window.model.set('views', 'network,forward,backward'); });
  await sandbox.locator('[data-key="view-forward"]').click();
  const field = sandbox.locator('section.view-forward input[data-quantity="W"][data-layer="1"][data-row="1"][data-col="1"]');
  await field.fill('0.25');
  await field.press('Enter');
  await expect.poll(() => page.evaluate(() => window.model.get('document').weights[0][0][0])).toBe(0.25);

  // cleanup removes the element
  await page.evaluate(() => window.cleanup());
  await expect(sandbox).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('a notebook\'s anywidget inlines the module (a blob: URL): element_url says where the element is served', async ({ page }) => {
  const problems = watchProblems(page);
  const engine = await loadEngine();
  const base = process.env.BP_E2E_BASE_URL;
  await page.route(`${base}host/index.html`, (route) => route.fulfill({ contentType: 'text/html', body: HOST }));
  await page.goto(`${base}host/index.html`);
  await page.evaluate(async ([moduleUrl, state]) => {
    // what anywidget does with _esm: the module's text, imported from a blob: URL
    const text = await (await fetch(moduleUrl)).text();
    const blob = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    await window.renderWidget(blob, state);
  }, [`${base}anywidget.js`, { element_url: '/backprop-sandbox.js', document: DOC }]);
  const sandbox = page.locator('#widget backprop-sandbox');
  await expect(sandbox.locator('[data-quantity="J"]').first()).toHaveAttribute('data-value', String(jOf(engine, DOC)));
  expect(problems).toEqual([]);
});

test('a lesson in a MyST page: the directive\'s body names it, the widget plays it', async ({ page }) => {
  const problems = watchProblems(page);
  const base = process.env.BP_E2E_BASE_URL;
  const tree = mystParse('```{anywidget} ./backprop-sandbox/anywidget.js\n{ "lesson": "recursion" }\n```\n', { directives: defaultDirectives });
  const node = tree.children.flatMap((c) => [c, ...(c.children ?? [])]).find((n) => n.type === 'anywidget');
  expect(node.model).toEqual({ lesson: 'recursion' });
  await page.route(`${base}host/index.html`, (route) => route.fulfill({ contentType: 'text/html', body: HOST }));
  await page.goto(`${base}host/index.html`);
  await page.evaluate(() => localStorage.clear());
  await page.evaluate(([url, state]) => window.renderWidget(url, state), [`${base}anywidget.js`, node.model]);
  const sandbox = page.locator('#widget backprop-sandbox');
  await expect(sandbox.locator('.lesson-step-title')).toHaveText("Step 1 of 5: Where a hidden unit's error comes from");
  await sandbox.locator('[data-key="lesson-next"]').click();
  await expect(sandbox.locator('.lesson-step-title')).toHaveText(/^Step 2 of 5/);
  await page.screenshot({ path: join(ARTIFACTS, 'anywidget-lesson.png') });
  expect(problems).toEqual([]);
});

test('a lesson written inline in the directive\'s body; its progress reaches the model', async ({ page }) => {
  const base = process.env.BP_E2E_BASE_URL;
  const lesson = { title: 'Inline', preset: 'default-222', steps: [{ title: 'J', prompt: 'Compute $J$.', task: { type: 'value', quantity: 'J' } }] };
  const tree = mystParse(`\`\`\`{anywidget} ./backprop-sandbox/anywidget.js\n${JSON.stringify({ lesson })}\n\`\`\`\n`, { directives: defaultDirectives });
  const node = tree.children.flatMap((c) => [c, ...(c.children ?? [])]).find((n) => n.type === 'anywidget');
  await page.route(`${base}host/index.html`, (route) => route.fulfill({ contentType: 'text/html', body: HOST }));
  await page.goto(`${base}host/index.html`);
  await page.evaluate(() => localStorage.clear());
  await page.evaluate(([url, state]) => window.renderWidget(url, state), [`${base}anywidget.js`, node.model]);
  const sandbox = page.locator('#widget backprop-sandbox');
  await expect(sandbox.locator('.lesson-title')).toHaveText('Inline');
  const engine = await loadEngine();
  const J = jOf(engine, PRESET_222);
  await sandbox.locator('[data-key="lesson-answer"]').fill(J.toPrecision(4));
  await sandbox.locator('[data-key="lesson-check"]').click();
  await expect.poll(() => page.evaluate(() => window.model.get('lesson_progress'))).toMatchObject({ complete: true, title: 'Inline', answers: [{ step: 1, title: 'J', answer: J.toPrecision(4) }] });
});
