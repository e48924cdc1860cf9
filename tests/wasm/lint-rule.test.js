// The lint rule against untrusted input run as code (eslint.config.js) catches what it is there to catch: HTML made
// from strings, document.write, eval and its relatives, inline handlers and javascript: URLs,
// and lets the page's own ways through (textContent, setAttribute, functions for timers).
// `npm test` runs the rule itself over the code as its own suite (scripts/lint.mjs).
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });
const lint = async (code) => (await eslint.lintText(code, { filePath: `${root}web/lint-probe.js` }))[0].messages;

const FORBIDDEN = [
  'el.innerHTML = text;', "el['innerHTML'] = text;", 'el.outerHTML = text;', "el.insertAdjacentHTML('beforeend', text);",
  'const { innerHTML } = el;', 'range.createContextualFragment(text);', 'frame.srcdoc = text;',
  'document.write(text);', 'document.writeln(text);', 'win.document.write(text);',
  'eval(text);', 'window.eval(text);', 'globalThis.eval(text);', "new Function('a', text);", 'Function(text)();',
  "setTimeout('go()', 10);", 'setInterval(`go(${n})`, 10);', "window.setTimeout('go' + n, 10);",
  "el.setAttribute('onclick', text);", "a.href = 'javascript:go()';",
];
const ALLOWED = [
  'el.textContent = text;', "el.setAttribute('title', text);", 'setTimeout(() => go(), 10);', 'process.stdout.write(text);',
  'el.append(document.createTextNode(text));', "el.style.setProperty('--digits', '4');",
];

test.each(FORBIDDEN)('flags %s', async (code) => {
  const messages = await lint(code);
  expect(messages.length).toBeGreaterThan(0);
  expect(messages.every((m) => m.severity === 2)).toBe(true);
});

test.each(ALLOWED)('allows %s', async (code) => {
  expect(await lint(code)).toEqual([]);
});
