// Entry point for Node (and bundlers): `import { loadEngine } from 'backprop-sandbox'`.
// The engine is the CommonJS factory Emscripten emits, with the WebAssembly embedded.
import factory from '../lib/backprop-engine.cjs';
import { DivergenceError, DocumentError, makeLoadEngine } from './api.js';

export { DivergenceError, DocumentError };
export const loadEngine = makeLoadEngine(factory);
