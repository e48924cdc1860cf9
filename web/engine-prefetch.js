// Starts downloading and compiling the page's engine (engine.wasm, beside this script) as soon
// as the browser reads the page's head, while app.js is still arriving: index.html loads this
// script `async`, and WebAssembly.compileStreaming compiles the bytes as they come, off the
// main thread. app.js takes the compiled module from window.BackpropSandboxWasm
// (web/engine-loader.js), or fetches it itself if this script has not run.
//
// Over http(s) only: a page opened from disk (file://) can fetch nothing, and there app.js
// reads the same WebAssembly from engine-wasm.js. A classic script, copied as it is into dist/.
(function () {
  'use strict';
  if (!/^https?:$/.test(location.protocol) || typeof WebAssembly !== 'object' || typeof fetch !== 'function') return;
  if (window.BackpropSandboxWasm) return; // app.js ran first and fetches it itself
  var here = (document.currentScript && document.currentScript.src) || document.baseURI;
  var url = new URL('engine.wasm', here).href;
  var bytes = function () {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
      return response.arrayBuffer();
    });
  };
  // compileStreaming needs the server to say application/wasm; any other type: the bytes whole.
  var streaming = typeof WebAssembly.compileStreaming === 'function'
    ? WebAssembly.compileStreaming(fetch(url))
    : Promise.reject(new Error('no compileStreaming'));
  window.BackpropSandboxWasm = streaming
    .catch(function () { return bytes().then(function (b) { return WebAssembly.compile(b); }); })
    .catch(function () { return null; }); // app.js then tries engine-wasm.js
})();
