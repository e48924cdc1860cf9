// Serves dist/ with scripts/serve.mjs (what `npm start` serves) on a free port for the
// whole run; the tests find it in BP_E2E_BASE_URL (workers inherit the environment).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';

export default async function globalSetup() {
  const dist = fileURLToPath(new URL('../../dist', import.meta.url));
  if (!existsSync(`${dist}/index.html`)) {
    throw new Error('dist/index.html is missing: run `npm run build` before the browser tests');
  }
  const server = await serve(dist, 0);
  process.env.BP_E2E_BASE_URL = `http://127.0.0.1:${server.address().port}/`;
  process.env.BP_E2E_FILE_URL = new URL('../../dist/index.html', import.meta.url).href;
  return async () => new Promise((done) => server.close(done));
}
