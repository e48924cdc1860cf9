// `npm start`: installs what is missing, builds, and serves the page (dist/) on
// http://localhost:8080 (PORT to change).
import { join } from 'node:path';
import { build } from './build.mjs';
import { log, root } from './setup.mjs';
import { serve } from './serve.mjs';

const port = Number(process.env.PORT ?? 8080);

await build();
try {
  await serve(join(root, 'dist'), port);
} catch (error) {
  console.error(
    error.code === 'EADDRINUSE'
      ? `Port ${port} is in use; choose another with PORT=8081 npm start`
      : (error.message ?? String(error)),
  );
  process.exit(1);
}
log(`Backprop Sandbox is at http://localhost:${port}/  (also dist/index.html from disk; Ctrl+C stops)`);
