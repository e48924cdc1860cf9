// Entry point for browsers (module scripts, bundlers targeting the web). The same engine as
// index.js, as an ES module: scripts/build.mjs appends `export default` to the glue.
import factory from '../lib/backprop-engine.mjs';
import { DivergenceError, DocumentError, makeLoadEngine } from './api.js';

export { DivergenceError, DocumentError };
export const loadEngine = makeLoadEngine(factory);
