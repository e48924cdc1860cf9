// The npm package, as a course author gets it: `npm pack`, then `npm install <tarball>` into a
// new folder, then the API from a Node script and two <backprop-sandbox> elements on a page
// opened from disk that loads node_modules/backprop-sandbox/dist/backprop-sandbox.js.
// Offline: the package's runtime dependencies (KaTeX, for the CLI, and what it needs) are
// packed from this repository's node_modules and installed from those tarballs too.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadEngine } from '../../bindings/index.js';
import { watchProblems } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });

const DOC = {
  layers: [2, 2, 1],
  activations: ['tanh', 'sigmoid'],
  loss: 'mse',
  weights: [[[0.5, -0.3], [0.2, 0.8]], [[1.1, -0.6]]],
  biases: [[0, 0.1], [-0.2]],
  input: [1, 0.5],
  target: [1],
};

test.describe.configure({ mode: 'serial' });

let dir;
let packed;

/** The package's runtime dependencies and theirs, as folders in this repository's node_modules. */
function runtimeDependencies() {
  const seen = new Map();
  const visit = (pkgDir) => {
    const deps = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).dependencies ?? {};
    for (const name of Object.keys(deps)) {
      if (seen.has(name)) continue;
      const folder = join(ROOT, 'node_modules', name);
      seen.set(name, folder);
      visit(folder);
    }
  };
  visit(ROOT);
  return [...seen.values()];
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bp-pack-'));
  packed = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], ROOT))[0];
  const deps = runtimeDependencies();
  const depTarballs = deps.length ? JSON.parse(npm(['pack', '--json', '--pack-destination', dir, ...deps], ROOT)).map((p) => join(dir, p.filename)) : [];
  const app = join(dir, 'course');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-course', private: true, type: 'module' }));
  npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, packed.filename), ...depTarballs], app);
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('npm pack: the library, the types, dist/, README and LICENSE; no tests or build trees', () => {
  const files = packed.files.map((f) => f.path);
  for (const f of ['package.json', 'README.md', 'LICENSE', 'index.d.ts', 'bindings/index.js', 'bindings/browser.js', 'bindings/api.js',
    'lib/backprop-engine.cjs', 'lib/backprop-engine.mjs', 'dist/backprop-sandbox.js', 'dist/embed.html', 'dist/embed.js',
    'dist/examples/course.html', 'dist/index.html', 'dist/app.js', 'dist/katex/katex.min.css', 'dist/katex/fonts/KaTeX_Main-Regular.woff2']) {
    expect(files, f).toContain(f);
  }
  // No tests, build trees, C++ sources, build scripts or page sources (the page is in dist/;
  // web/teach/ and web/network-doc.js are the CLI's).
  const forbidden = files.filter((f) => /^(tests|test-results|build|build-[^/]*|engine|scripts|bench|node_modules|web\/components)\//.test(f)
    || /^web\/[^/]+\.(html|css)$/.test(f) || f.startsWith('.') || f.endsWith('.cpp') || f === 'CMakeLists.txt');
  expect(forbidden).toEqual([]);
  expect(packed.size).toBeLessThan(3 * 1024 * 1024);
});

test('the installed package: the API from Node', async () => {
  const app = join(dir, 'course');
  writeFileSync(join(app, 'run.mjs'), `
    import { loadEngine } from 'backprop-sandbox';
    const engine = await loadEngine();
    const net = engine.createNetwork(${JSON.stringify(DOC)});
    const r = net.run();
    net.dispose();
    process.stdout.write(JSON.stringify(r));
  `);
  const out = JSON.parse(execFileSync(process.execPath, ['run.mjs'], { cwd: app, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }));
  const engine = await loadEngine();
  const net = engine.createNetwork(DOC);
  expect(out).toEqual(net.run());
  net.dispose();
});

test('the installed package: two elements on a page opened from disk', async ({ page }) => {
  const problems = watchProblems(page);
  const app = join(dir, 'course');
  writeFileSync(join(app, 'lesson.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lesson</title>
<script src="node_modules/backprop-sandbox/dist/backprop-sandbox.js"></script></head>
<body>
  <p>Read-only gradients:</p>
  <backprop-sandbox id="one" panels="gradients" readonly>
    <script type="application/json">${JSON.stringify(DOC)}</script>
  </backprop-sandbox>
  <p>The sandbox as it comes (no views attribute):</p>
  <backprop-sandbox id="two" preset="xor-221" theme="dark"></backprop-sandbox>
</body></html>`);
  await page.goto(pathToFileURL(join(app, 'lesson.html')).href);
  const out = await page.evaluate(async () => {
    const [one, two] = ['one', 'two'].map((id) => document.getElementById(id));
    await Promise.all([one.ready, two.ready]);
    await document.fonts.ready;
    return {
      one: one.result,
      twoLayers: two.document.layers,
      views: [one, two].map((el) => Array.from(el.shadowRoot.querySelectorAll('section.view')).map((v) => v.dataset.view)),
      bars: [one, two].map((el) => el.shadowRoot.querySelectorAll('.bar').length),
      steps: [one, two].map((el) => el.shadowRoot.querySelectorAll('[data-key="step"]').length),
      explained: [one, two].map((el) => { const r = el.shadowRoot.querySelector('.explain .selected-name')?.getBoundingClientRect(); return Boolean(r && r.width > 0 && r.height > 0); }),
      fonts: Array.from(document.fonts).filter((f) => f.status === 'loaded').map((f) => f.family),
    };
  });
  const engine = await loadEngine();
  const net = engine.createNetwork(DOC);
  expect(out.one).toEqual(net.run());
  net.dispose();
  expect(out.twoLayers).toEqual([2, 2, 1]);
  // panels="gradients" readonly: one view, the gradients, and no gradient step.
  expect(out.views[0]).toEqual(['gradients']);
  expect(out.steps[0]).toBe(0);
  // No views attribute: the compact default, one view (the network), the bar with its
  // gradient step, and the explanation.
  expect(out.views[1]).toEqual(['network']);
  expect(out.bars[1]).toBe(1);
  expect(out.steps[1]).toBe(1);
  expect(out.explained[1]).toBe(true);
  expect(out.fonts.some((f) => f.includes('KaTeX'))).toBe(true);
  expect(problems).toEqual([]);
});
