// Builds the learner's page into dist/: a self-contained static site that works from any
// static host and opened from disk (file://).
//
//   dist/index.html      the page (web/index.html)
//   dist/app.js          one classic script (esbuild, iife): web/main.js, the engine glue and
//                        KaTeX. ES module scripts never load from file://, so the entry must be
//                        a classic script. The glue's embedded WebAssembly is left out of it:
//   dist/engine.wasm     the engine's WebAssembly, fetched and compiled while app.js downloads
//                        (dist/engine-prefetch.js, from web/engine-prefetch.js; over http)
//   dist/engine-wasm.js  the same bytes in base64 in a classic script, for the page opened from
//                        disk, where nothing can be fetched (web/engine-loader.js)
//   dist/extras.js       the Training and Instructor views (web/extras.js), a classic script
//                        the page loads when one of them is first opened
//   dist/styles.css      the page's one stylesheet (web/styles.css), and favicon.svg
//   dist/katex/          katex.min.css and its fonts, from node_modules/katex/dist (no CDN)
//   dist/backprop-sandbox.js  the <backprop-sandbox> element for course pages (web/element.js),
//                        one classic script with the engine, KaTeX and the stylesheets inside;
//                        its KaTeX fonts come from dist/katex/fonts/ beside it
//   dist/embed.html, dist/embed.js, dist/embed.css   the iframe embed (web/embed.*)
//   dist/examples/       a demo course page (web/examples/)
//   dist/anywidget.js    the sandbox as an anywidget module (MyST's {anywidget}, notebooks)
//
// Usage: node scripts/build-web.mjs [--dev]   (--dev: no minification, inline source map)

import { build } from 'esbuild';
import { cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist');
// Built beside dist/ and swapped in at the end: a failed build leaves the last dist/ as it
// was, and a server or a browser test reading dist/ meanwhile never sees it half written.
const dist = join(root, 'dist.next');
const dev = process.argv.includes('--dev');

async function exists(path) {
  try { await stat(path); return true; } catch { return false; }
}

const glue = join(root, 'lib', 'backprop-engine.mjs');
if (!(await exists(join(root, 'bindings', 'browser.js'))) || !(await exists(glue))) {
  console.error('build-web: bindings/browser.js or lib/backprop-engine.mjs is missing; run `npm run build` (it builds the engine first).');
  process.exit(1);
}

// The pages' Content-Security-Policy (web/*.html) has no 'unsafe-eval', and must not get one:
// the engine glue may not turn strings into code. Embind builds its invokers with new Function
// unless the engine is linked with -sDYNAMIC_EXECUTION=0 (CMakeLists.txt); a glue built
// without it would not load under the CSP, so the build stops here, before touching dist/.
if (/\bnew Function\(|\bnew_\(Function\b/.test(await readFile(glue, 'utf8'))) {
  console.error(
    'build-web: lib/backprop-engine.mjs turns strings into code (new Function), which the pages\' ' +
      "Content-Security-Policy forbids (no 'unsafe-eval'): the engine would not load. Link the engine " +
      'with -sDYNAMIC_EXECUTION=0 (the WebAssembly link options in CMakeLists.txt), then `npm run build`.',
  );
  process.exit(1);
}

await rm(dist, { recursive: true, force: true });
await mkdir(join(dist, 'katex'), { recursive: true });

// The engine's WebAssembly, out of the single-file glue: a file of its own for the page, and the
// glue without it for app.js (the page instantiates it through the glue's instantiateWasm hook).
const DATA_URI = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/;
const glueText = await readFile(glue, 'utf8');
const wasmBase64 = DATA_URI.exec(glueText)?.[1];
if (!wasmBase64) {
  console.error('build-web: lib/backprop-engine.mjs has no embedded WebAssembly (it is linked with -sSINGLE_FILE=1); run `npm run build`.');
  process.exit(1);
}
const pageGlue = {
  name: 'page-glue',
  setup(b) {
    b.onLoad({ filter: /[\\/]lib[\\/]backprop-engine\.mjs$/ }, () => ({ contents: glueText.replace(DATA_URI, 'data:application/octet-stream;base64,'), loader: 'js' }));
  },
};

const started = Date.now();
const result = await build({
  plugins: [pageGlue],
  entryPoints: [join(root, 'web', 'main.js')],
  outfile: join(dist, 'app.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15'],
  // The Emscripten glue requires these only on its Node.js branch, which never runs in a
  // browser: leave them as (unreached) require calls instead of bundling Node built-ins.
  external: ['fs', 'path', 'crypto', 'module', 'url', 'worker_threads', 'node:*'],
  minify: !dev,
  sourcemap: dev ? 'inline' : false, // no 1.5 MB map in the site people copy
  legalComments: 'linked',
  logLevel: 'warning',
  // The glue's CommonJS tail (module.exports = ...) is guarded and never runs in a browser.
  logOverride: { 'commonjs-variable-in-esm': 'silent' },
  metafile: true,
});

const katexDist = join(root, 'node_modules', 'katex', 'dist');

// The custom element and the iframe embed, for course pages. The element's stylesheets go into the
// script as text (adopted into each shadow root), so a course page needs one script tag.
const shared = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15'],
  external: ['fs', 'path', 'crypto', 'module', 'url', 'worker_threads', 'node:*'],
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'linked',
  logLevel: 'warning',
  logOverride: { 'commonjs-variable-in-esm': 'silent' },
};
const cssText = async (...parts) => JSON.stringify((await Promise.all(parts.map((p) => readFile(p, 'utf8')))).join('\n'));
const elementResult = await build({
  ...shared,
  entryPoints: [join(root, 'web', 'element.js')],
  outfile: join(dist, 'backprop-sandbox.js'),
  define: {
    __BP_STYLES_CSS__: await cssText(join(root, 'web', 'styles.css')),
    __BP_KATEX_CSS__: await cssText(join(katexDist, 'katex.min.css')),
    __BP_ELEMENT_CSS__: await cssText(join(root, 'web', 'element.css'), join(root, 'web', 'theme-dark.css')),
  },
});
const embedResult = await build({ ...shared, entryPoints: [join(root, 'web', 'embed.js')], outfile: join(dist, 'embed.js') });
// The page's Training and Instructor views, loaded when first opened (web/extras.js): the
// first visit downloads only what the first screen needs.
// KaTeX is already in app.js: extras.js uses that copy (main.js hands it over) instead of
// carrying a second one.
const pageKatex = {
  name: 'page-katex',
  setup(b) {
    b.onResolve({ filter: /^katex$/ }, () => ({ path: 'katex', namespace: 'page-katex' }));
    b.onLoad({ filter: /.*/, namespace: 'page-katex' }, () => ({ contents: 'module.exports = globalThis.BackpropSandboxShared.katex;', loader: 'js' }));
  },
};
const extrasResult = await build({ ...shared, entryPoints: [join(root, 'web', 'extras.js')], outfile: join(dist, 'extras.js'), globalName: 'BackpropSandboxExtras', plugins: [pageKatex] });
result.warnings.push(...elementResult.warnings, ...embedResult.warnings, ...extrasResult.warnings);
await writeFile(join(dist, 'embed.html'), await readFile(join(root, 'web', 'embed.html'), 'utf8'));
await cp(join(root, 'web', 'embed.css'), join(dist, 'embed.css')); // embed.html's styles (its CSP allows no inline <style>)
await cp(join(root, 'web', 'examples'), join(dist, 'examples'), { recursive: true });
await cp(join(katexDist, 'katex.min.css'), join(dist, 'katex', 'katex.min.css'));
await cp(join(katexDist, 'fonts'), join(dist, 'katex', 'fonts'), { recursive: true });
await cp(join(root, 'web', 'styles.css'), join(dist, 'styles.css'));
await cp(join(root, 'web', 'favicon.svg'), join(dist, 'favicon.svg'));
await cp(join(root, 'web', 'anywidget.js'), join(dist, 'anywidget.js')); // the anywidget module, as written
await writeFile(join(dist, 'engine.wasm'), Buffer.from(wasmBase64, 'base64'));
await writeFile(join(dist, 'engine-wasm.js'), `// The engine's WebAssembly for the page opened from disk (web/engine-loader.js).\nwindow.BackpropSandboxWasmBase64 = '${wasmBase64}';\n`);
await cp(join(root, 'web', 'engine-prefetch.js'), join(dist, 'engine-prefetch.js'));
await writeFile(join(dist, 'index.html'), await readFile(join(root, 'web', 'index.html'), 'utf8'));

const size = (await stat(join(dist, 'app.js'))).size;
const elementSize = (await stat(join(dist, 'backprop-sandbox.js'))).size;
const previous = join(root, 'dist.old');
await rm(previous, { recursive: true, force: true });
if (await exists(target)) await rename(target, previous);
await rename(dist, target);
await rm(previous, { recursive: true, force: true });
const warnings = result.warnings.length ? ` (${result.warnings.length} warnings)` : '';
console.log(`build-web: dist/ written in ${Date.now() - started} ms; app.js ${(size / 1024).toFixed(0)} KB, backprop-sandbox.js ${(elementSize / 1024).toFixed(0)} KB${warnings}`);
