// `npm run build`: the WebAssembly engine (lib/), then the page (dist/).
//
//   build/wasm/backprop-engine.js  Emscripten's CommonJS factory, wasm embedded (SINGLE_FILE)
//   lib/backprop-engine.cjs        the same, for Node (package "type": "module")
//   lib/backprop-engine.mjs        the same with `export default`, for browsers and bundlers
//   dist/                          the static site (scripts/build-web.mjs)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emscriptenEnv, ensureNodeModules, ensurePackages, log, root, run } from './setup.mjs';

export function buildEngine() {
  const env = emscriptenEnv();
  const dir = join(root, 'build', 'wasm');
  if (!existsSync(join(dir, 'build.ninja'))) {
    run('emcmake', ['cmake', '-S', '.', '-B', dir, '-G', 'Ninja', '-DCMAKE_BUILD_TYPE=Release',
      '-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node'], { env });
  }
  run('cmake', ['--build', dir], { env });

  const glue = readFileSync(join(dir, 'backprop-engine.js'), 'utf8');
  mkdirSync(join(root, 'lib'), { recursive: true });
  writeIfChanged(join(root, 'lib', 'backprop-engine.cjs'), glue);
  // As an ES module the glue's CommonJS export branch is skipped (no `module`), so the factory
  // stays in the module-scoped `var BackpropEngine`; export it.
  writeIfChanged(join(root, 'lib', 'backprop-engine.mjs'), `${glue}\nexport default BackpropEngine;\n`);
}

export function buildWeb() {
  const script = join(root, 'scripts', 'build-web.mjs');
  if (existsSync(script)) run(process.execPath, [script]);
}

function writeIfChanged(path, text) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  writeFileSync(path, text);
}

export async function build() {
  ensurePackages(['build']);
  ensureNodeModules();
  buildEngine();
  buildWeb();
  log('Build complete: lib/ (engine) and dist/ (page)');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  build().catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}
