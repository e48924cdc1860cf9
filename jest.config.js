// Jest runs the WebAssembly engine through the public API (tests/wasm). The 170 KB
// Emscripten glue must not go through babel: no transforms at all.
export default {
  testEnvironment: 'node',
  transform: {},
  testMatch: ['<rootDir>/tests/wasm/**/*.test.js'],
  testTimeout: 120000,
};
