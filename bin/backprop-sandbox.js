#!/usr/bin/env node
// backprop-sandbox: the Backprop Sandbox on the command line.
//
//   backprop-sandbox solve net.json [--format md|html] [--digits N] > solution.md
//   backprop-sandbox export net.json [--format numpy|pytorch] > net.py
//   backprop-sandbox exercise --students roster.csv --out DIR   (or --count K [--seed N])
//   backprop-sandbox check-lesson lesson.json
//
// solve writes the worked solution of one gradient descent step (web/teach/solution.js) for a
// network document; export writes a Python script that builds the same network and prints its
// pass (web/teach/code.js); exercise writes per-student exercise sheets, links and one answer
// key (bin/exercise.js). Exit codes: 0 done, 1 the input (a document, a roster, a file) is bad,
// 2 bad usage.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { loadEngine } from '../bindings/index.js';
import { workedSolution } from '../web/teach/solution.js';
import { CODE_FORMATS, exportCode } from '../web/teach/code.js';
import { EXERCISE_ACTIVATIONS } from '../web/teach/exercise.js';
import { MAX_STUDENTS } from '../web/teach/roster.js';
import { writeExercises } from './exercise.js';
import { readLesson } from '../web/teach/lesson.js';

const USAGE = `Usage: backprop-sandbox solve <net.json | -> [options]
       backprop-sandbox export <net.json | -> [--format numpy|pytorch]
       backprop-sandbox exercise (--students roster.csv | --count K) --out DIR [options]
       backprop-sandbox check-lesson <lesson.json | ->

solve writes a worked solution of one gradient descent step on the network document to
stdout: the forward pass, J, the backward pass and the update, every step with its
numbers, in the notation of the lecture notes. "-" reads the document from stdin.

export writes a short Python script that builds the same network, runs the same
forward and backward pass in the notes' notation and prints J, every delta^(l),
every dJ/dW^(l) and dJ/db^(l): NumPy with the backward pass written out (default),
or PyTorch with autograd.

Options of solve:
  --format md|html      Markdown with LaTeX math (default), or a printable HTML page
                        with the math typeset by KaTeX (self-contained, fonts included)
  --digits N            significant digits of the numbers, 1 to 17 (default 4)
  --katex-fonts URL     load KaTeX's fonts from URL instead of embedding them
                        (a smaller file for a site that hosts KaTeX itself)

exercise writes, per student, a network with numbers pleasant to work by hand (drawn
from the seed and the student's id: the same seed gives the same exercise), a printable
exercise sheet and a link that opens exactly that network in the sandbox, where "Check
your value" checks each answer; and one answer key for the instructor (Markdown and
printable HTML). The roster is CSV with a header row: a "name" column and optionally
an "id" column.

check-lesson reads a lesson file as the sandbox will, and says what is wrong (the field,
and what was expected) or how many steps and tasks it has.

Options of exercise:
  --students FILE       the roster (CSV), or
  --count K             K students named student-01, student-02, ...
  --out DIR             where to write (created; files in it are replaced)
  --seed N              the seed, a whole number (default 1)
  --layers A-B-C        the network's layers, e.g. 2-3-2 (default 2-2-2; up to 4 layers
                        of up to 4 units)
  --activation F        sigmoid (default), tanh, relu or leaky-relu
  --page-url URL        where the sandbox is served (its index.html); the links open it.
                        Without it, the sandbox is copied into DIR/sandbox/ and the
                        links point there (DIR then works as it is, on a site or from disk)
  --digits N            significant digits of the answer key (default 4)
  --title TEXT          the sheets' title (default "Backpropagation by hand")

  -h, --help            show this help

Examples:
  backprop-sandbox solve net.json > solution.md
  backprop-sandbox solve net.json --format html > solution.html
  backprop-sandbox export net.json --format pytorch > net.py
  backprop-sandbox exercise --students roster.csv --out exercises
`;

class UsageError extends Error {}

/** The options each command takes (besides --help). */
const COMMAND_OPTIONS = {
  solve: ['format', 'digits', 'katex-fonts'],
  export: ['format'],
  exercise: ['students', 'count', 'out', 'seed', 'layers', 'activation', 'page-url', 'digits', 'title'],
  'check-lesson': [],
};

const OPTIONS = {
  format: { type: 'string' },
  digits: { type: 'string' },
  'katex-fonts': { type: 'string' },
  students: { type: 'string' },
  count: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  layers: { type: 'string' },
  activation: { type: 'string' },
  'page-url': { type: 'string' },
  title: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/**
 * Why parseArgs refused argv, naming the option: it is found again among the tokens of a
 * lenient parse, so that the message does not depend on the wording of Node's errors.
 */
function usageProblem(argv, error) {
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const option = OPTIONS[t.name];
    if (!option) return `unknown option ${t.rawName}`;
    if (option.type === 'boolean' && t.value !== undefined) return `${t.rawName} takes no value`;
    if (option.type === 'string' && t.value === undefined) return `${t.rawName} needs a value`;
    if (option.type === 'string' && !t.inlineValue && t.value.startsWith('-')) {
      return `${t.rawName} needs a value (one that starts with "-" is written ${t.rawName}=${t.value})`;
    }
  }
  return error.message;
}

/** { command, file, format, digits, katexFonts, help } from argv, or throws UsageError. */
function parseArguments(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    if (!String(error?.code).startsWith('ERR_PARSE_ARGS_')) throw error;
    throw new UsageError(usageProblem(argv, error));
  }
  const { values, positionals } = parsed;
  const options = { format: undefined, digits: 4, katexFonts: values['katex-fonts'], help: values.help ?? false };
  if (values.help) return { ...options, command: 'help' };
  const [command, file, ...rest] = positionals;
  if (command === undefined) throw new UsageError('no command given');
  if (!Object.hasOwn(COMMAND_OPTIONS, command)) throw new UsageError(`unknown command "${command}"`);
  for (const name of Object.keys(values)) {
    if (name !== 'help' && !COMMAND_OPTIONS[command].includes(name)) throw new UsageError(`--${name} is not an option of ${command}`);
  }
  if (values.digits !== undefined) options.digits = wholeNumber('--digits', values.digits, 1, 17);
  if (command === 'exercise') {
    if (file !== undefined) throw new UsageError(`unexpected argument "${file}" (exercise reads its students with --students)`);
    if ((values.students === undefined) === (values.count === undefined)) throw new UsageError('exercise needs --students roster.csv or --count K (one of them)');
    if (values.out === undefined) throw new UsageError('exercise needs --out DIR: where to write the sheets, links and key');
    const layers = values.layers === undefined ? [2, 2, 2] : values.layers.split('-').map((n) => (/^\d+$/.test(n) ? Number(n) : NaN));
    if (layers.length < 2 || layers.length > 4 || layers.some((n) => !(n >= 1 && n <= 4))) {
      throw new UsageError(`--layers must be 2 to 4 numbers of units from 1 to 4 joined by "-", e.g. 2-3-2, got "${values.layers}"`);
    }
    const activation = values.activation ?? 'sigmoid';
    if (!EXERCISE_ACTIVATIONS.includes(activation)) throw new UsageError(`--activation must be one of ${EXERCISE_ACTIVATIONS.join(', ')}, got "${activation}"`);
    let pageUrl = null;
    if (values['page-url'] !== undefined) {
      try {
        pageUrl = new URL(values['page-url']).href;
      } catch {
        throw new UsageError(`--page-url must be a full URL (https://..., or file:///...), got "${values['page-url']}"`);
      }
    }
    return {
      ...options,
      command,
      students: values.students,
      count: values.count === undefined ? undefined : wholeNumber('--count', values.count, 1, MAX_STUDENTS),
      out: values.out,
      seed: values.seed === undefined ? 1 : wholeNumber('--seed', values.seed, 0, 2 ** 32 - 1),
      layers,
      activation,
      pageUrl,
      title: values.title ?? 'Backpropagation by hand',
    };
  }
  if (command === 'check-lesson') {
    if (file === undefined) throw new UsageError('check-lesson needs a lesson file: a file name, or - for stdin');
    if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
    return { ...options, command, file };
  }
  if (command === 'solve') {
    options.format = 'md';
    if (values.format !== undefined) {
      if (!['md', 'markdown', 'html'].includes(values.format)) throw new UsageError(`--format of solve must be md or html, got "${values.format}"`);
      options.format = values.format === 'html' ? 'html' : 'md';
    }
  } else {
    options.format = values.format ?? 'numpy';
    if (!CODE_FORMATS.includes(options.format)) throw new UsageError(`--format of export must be ${CODE_FORMATS.join(' or ')}, got "${values.format}"`);
  }
  if (file === undefined) throw new UsageError(`${command} needs a network document: a file name, or - for stdin`);
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  return { ...options, command, file };
}

/** A whole number from lo to hi, or a UsageError naming the option. */
function wholeNumber(option, text, lo, hi) {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= lo && n <= hi)) throw new UsageError(`${option} must be a whole number from ${lo} to ${hi}, got "${text}"`);
  return n;
}

function readDocument(file) {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw Object.assign(new Error(`cannot read ${file === '-' ? 'stdin' : file}: ${error.code ?? error.message}`), { exitCode: 1 });
  }
}

/**
 * KaTeX's stylesheet. Without a fonts URL, its fonts are inlined as woff2 data: URIs, so the
 * HTML file works anywhere (printed, mailed, opened from disk) with no network at all.
 */
function katexStylesheet(fontsUrl) {
  const require = createRequire(import.meta.url);
  const cssPath = require.resolve('katex/dist/katex.min.css');
  const css = readFileSync(cssPath, 'utf8');
  if (fontsUrl) return css;
  const fonts = join(dirname(cssPath), 'fonts');
  return css.replace(/src:url\(fonts\/([\w-]+)\.woff2\) format\("woff2"\)(,url\([^)]*\) format\("[\w]+"\))*/g, (_, name) => {
    const data = readFileSync(join(fonts, `${name}.woff2`)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}

/** The document, validated and completed by the engine (seeded weights filled in), as code. */
function exportDocument(engine, text, format) {
  const net = engine.createNetwork(text);
  try {
    return exportCode(net.toDocument(), format);
  } finally {
    net.dispose();
  }
}

async function main(argv) {
  let args;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`backprop-sandbox: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.command === 'exercise') {
    try {
      const summary = await writeExercises({ ...args, katexCssText: katexStylesheet() });
      process.stdout.write(summary);
      return 0;
    } catch (error) {
      if (!error?.exerciseInput) throw error;
      process.stderr.write(`backprop-sandbox: ${error.message}\n`);
      return 1;
    }
  }
  let text;
  try {
    text = readDocument(args.file);
  } catch (error) {
    process.stderr.write(`backprop-sandbox: ${error.message}\n`);
    return 1;
  }
  const engine = await loadEngine();
  if (args.command === 'check-lesson') {
    try {
      const lesson = readLesson(engine, text);
      const tasks = lesson.steps.filter((st) => st.task.type !== 'none').length;
      process.stdout.write(`${args.file}: "${lesson.title}", ${lesson.steps.length} steps, ${tasks} with a task: ready to use\n`);
      return 0;
    } catch (error) {
      if (error?.name !== 'LessonError') throw error;
      process.stderr.write(`backprop-sandbox: ${args.file}: ${error.message}\n`);
      return 1;
    }
  }
  let output;
  try {
    output = args.command === 'export' ? exportDocument(engine, text, args.format) : workedSolution(engine, text, {
      format: args.format === 'html' ? 'html' : 'markdown',
      digits: args.digits,
      ...(args.format === 'html' ? { katexCssText: katexStylesheet(args.katexFonts), katexFonts: args.katexFonts } : {}),
    });
  } catch (error) {
    if (error?.name !== 'DocumentError') throw error;
    const where = error.field ? ` (field "${error.field}")` : '';
    process.stderr.write(`backprop-sandbox: not a valid network document${where}: ${error.message}\n`);
    return 1;
  }
  await new Promise((resolve, reject) => {
    process.stdout.write(output, (error) => (error && error.code !== 'EPIPE' ? reject(error) : resolve()));
  });
  return 0;
}

process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0); // e.g. piped into head
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`backprop-sandbox: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
