// The package's exports map: `import { loadEngine } from 'backprop-sandbox'` resolves (Jest and
// plain Node 20 by self-reference), and package.json points at files that exist.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentError, loadEngine } from '../../bindings/index.js';
import { referencePass } from './helpers/reference.js';
import { doc222, mismatches } from './helpers/support.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test("import('backprop-sandbox') resolves to the main entry, with loadEngine, DocumentError and DivergenceError", async () => {
  const self = await import('backprop-sandbox');
  expect(Object.keys(self).sort()).toEqual(['DivergenceError', 'DocumentError', 'loadEngine']);
  expect(self.loadEngine).toBe(loadEngine);
  expect(self.DocumentError).toBe(DocumentError);
  expect(await self.loadEngine()).toBe(await loadEngine()); // instantiated once
});

test("plain Node resolves 'backprop-sandbox' and 'backprop-sandbox/package.json' and runs the engine", () => {
  const script = `
    import { createRequire } from 'node:module';
    const { loadEngine } = await import('backprop-sandbox');
    const require = createRequire(process.cwd() + '/');
    const pkg = require('backprop-sandbox/package.json');
    const engine = await loadEngine();
    const net = engine.createNetwork(${JSON.stringify(JSON.stringify(doc222()))});
    process.stdout.write(JSON.stringify({ name: pkg.name, loss: net.run().loss }));
    net.dispose();
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const { name, loss } = JSON.parse(out);
  expect(name).toBe('backprop-sandbox');
  expect(mismatches(loss, referencePass(doc222()).loss)).toEqual([]);
});

test('package.json: name, type module, types and every exports target exist', () => {
  expect(pkg.name).toBe('backprop-sandbox');
  expect(pkg.type).toBe('module');
  expect(pkg.types).toBe('./index.d.ts');
  const main = pkg.exports['.'];
  expect(main.types).toBe('./index.d.ts');
  expect(Object.keys(main)).toEqual(expect.arrayContaining(['types', 'browser', 'default']));
  expect(Object.keys(main).at(-1)).toBe('default'); // "default" must come last to be reachable
  for (const target of [pkg.types, main.types, main.browser, main.default, pkg.exports['./package.json']]) {
    expect(existsSync(join(root, target))).toBe(true);
  }
});

test('the published files include the entries, the engine module and the types', () => {
  expect(pkg.files).toEqual(expect.arrayContaining(['bindings/*.js', 'lib/', 'index.d.ts']));
  expect(existsSync(join(root, 'lib', 'backprop-engine.cjs'))).toBe(true);
  expect(existsSync(join(root, 'lib', 'backprop-engine.mjs'))).toBe(true);
});

test('index.d.ts declares what the entry exports', () => {
  const dts = readFileSync(join(root, 'index.d.ts'), 'utf8');
  expect(dts).toMatch(/export function loadEngine\(\): Promise<Engine>;/);
  expect(dts).toMatch(/export class DocumentError extends Error/);
});

test('the published files include every module the command line imports', () => {
  // Follows the relative static imports from bin/backprop-sandbox.js; each must be published.
  const published = (rel) =>
    pkg.files.some((f) => (f.endsWith('/') ? rel.startsWith(f) : f.includes('*') ? new RegExp(`^${f.replace('.', '\\.').replace('*', '[^/]*')}$`).test(rel) : rel === f));
  const seen = new Set();
  const visit = (rel) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const text = readFileSync(join(root, rel), 'utf8');
    for (const [, spec] of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)) {
      visit(join(dirname(rel), spec));
    }
  };
  visit('bin/backprop-sandbox.js');
  expect(seen).toContain('web/notation.js');
  expect([...seen].filter((rel) => !published(rel))).toEqual([]);
});
