// ESLint (flat config): one job, keeping text from strangers out of the DOM as markup and out
// of the JavaScript engine as code. Documents, share links, imported files and CSV pastes
// come from anyone; the page shows them through textContent, setAttribute and the CSSOM only
// (web/dom.js), and the pages' Content-Security-Policy refuses inline scripts and eval.
//
// Checked: everything of ours that runs in a browser or in Node: web/ (the page, the element,
// the embed, the course page's script), bindings/*.js, bin/, scripts/. Not lib/ (Emscripten's
// output), not dist/ (the build), not the tests (they put payloads in pages on purpose).
//
// Run: `npm run lint` (scripts/lint.mjs); `npm test` runs it as its first suite.

const NO_HTML = 'Text must not become markup: build nodes with h()/s() from web/dom.js (textContent, setAttribute), never HTML strings.';
const NO_EVAL = 'No string is ever run as code (the CSP has no unsafe-eval): pass a function.';

const restrictedProperties = [
  ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'createContextualFragment', 'setHTMLUnsafe', 'parseHTMLUnsafe', 'srcdoc'].map((property) => ({ property, message: NO_HTML })),
  ...['write', 'writeln'].map((property) => ({ object: 'document', property, message: NO_HTML })),
  ...['window', 'globalThis', 'self'].map((object) => ({ object, property: 'eval', message: NO_EVAL })),
];

const restrictedSyntax = [
  // The same properties written as obj['innerHTML'], and document.write through any document (win.document.write).
  { selector: "MemberExpression[computed=true][property.value=/^(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|setHTMLUnsafe|srcdoc)$/]", message: NO_HTML },
  { selector: "CallExpression[callee.property.name=/^(write|writeln)$/][callee.object.property.name='document']", message: NO_HTML },
  { selector: "CallExpression[callee.property.name=/^(write|writeln)$/][callee.object.name=/^(doc|document)$/]", message: NO_HTML },
  // Inline event handlers (<x onclick="…">) made from script.
  { selector: "CallExpression[callee.property.name=/^setAttribute(NS)?$/][arguments.0.type='Literal'][arguments.0.value=/^on/i]", message: 'No inline event handlers (the CSP refuses them): addEventListener.' },
  // eval and its relatives.
  { selector: "CallExpression[callee.name='eval']", message: NO_EVAL },
  { selector: "NewExpression[callee.name='Function'], CallExpression[callee.name='Function']", message: NO_EVAL },
  { selector: "CallExpression[callee.name=/^(setTimeout|setInterval|setImmediate)$/][arguments.0.type=/^(Literal|TemplateLiteral|BinaryExpression)$/]", message: NO_EVAL },
  { selector: "CallExpression[callee.property.name=/^(setTimeout|setInterval)$/][arguments.0.type=/^(Literal|TemplateLiteral|BinaryExpression)$/]", message: NO_EVAL },
];

const rules = {
  'no-restricted-properties': ['error', ...restrictedProperties],
  'no-restricted-syntax': ['error', ...restrictedSyntax],
  'no-eval': ['error', { allowIndirect: false }],
  'no-implied-eval': 'error',
  'no-new-func': 'error',
  'no-script-url': 'error',
};

export default [
  { ignores: ['lib/**', 'dist/**', 'dist.next/**', 'dist.old/**', 'build/**', 'node_modules/**', 'test-results/**', 'tests/**', 'bench/**'] },
  {
    files: ['web/**/*.js', 'bindings/*.js', 'bin/**/*.js', 'scripts/**/*.{js,mjs}'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      // Known to no-implied-eval as globals (no other rule reads globals here).
      globals: { window: 'readonly', globalThis: 'readonly', self: 'readonly', setTimeout: 'readonly', setInterval: 'readonly' },
    },
    // Only the rules above run: disable comments for other rules are not "unused".
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules,
  },
  {
    // Classic scripts (course pages paste these as they are).
    files: ['web/examples/**/*.js'],
    languageOptions: { sourceType: 'script' },
  },
];
