// Where the page's engine gets its WebAssembly. The page's app.js carries the engine's
// JavaScript but not its WebAssembly (scripts/build-web.mjs leaves the embedded copy out):
//
//   - over http(s): dist/engine.wasm, downloaded and compiled while app.js is still arriving
//     (web/engine-prefetch.js, loaded async by index.html), or from here if that did not run;
//   - from disk (file://), where nothing can be fetched: dist/engine-wasm.js, a classic script
//     that sets window.BackpropSandboxWasmBase64 to the same bytes in base64;
//   - and engine-wasm.js as well whenever engine.wasm cannot be had (a host that refuses it).
//
// engineOptions() is what the Emscripten factory takes: its instantiateWasm hook instantiates
// the compiled module with the glue's imports.

/** Loads a classic script beside app.js; resolves once it has run. */
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error(`${src} could not be loaded`)));
    document.head.append(script);
  });
}

async function compileFromScript(base) {
  if (!window.BackpropSandboxWasmBase64) await loadScript(new URL('engine-wasm.js', base).href);
  const text = atob(window.BackpropSandboxWasmBase64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; ++i) bytes[i] = text.charCodeAt(i);
  return WebAssembly.compile(bytes);
}

async function compileFromNetwork(base) {
  const url = new URL('engine.wasm', base).href;
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

/** A promise of the engine's compiled WebAssembly.Module; `base`: the URL of app.js. */
export function compileEngine(base) {
  const http = /^https?:$/.test(new URL(base).protocol);
  // engine-prefetch.js's download, or this one (left where that script looks, so that the two
  // never both fetch engine.wasm)
  if (http) window.BackpropSandboxWasm ??= compileFromNetwork(base).catch(() => null);
  const early = http ? window.BackpropSandboxWasm : Promise.resolve(null);
  return early.then((module) => module ?? compileFromScript(base));
}

/**
 * Options for the Emscripten factory: its WebAssembly from compileEngine(base). A failure goes
 * to `onError` (the factory's own promise would wait for ever).
 */
export function engineOptions(base, onError) {
  const compiled = compileEngine(base);
  return {
    instantiateWasm(imports, receive) {
      compiled
        .then((module) => WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module)))
        .catch(onError);
      return {}; // asynchronous: the glue waits for receive()
    },
  };
}
