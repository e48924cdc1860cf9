// The Markdown of lessons' titles and prompts, read into a small tree (never into HTML text):
// author text is untrusted, and the page builds its DOM from nodes only (no innerHTML anywhere).
// What it reads, and nothing more:
//   paragraphs (blank lines between them), "- " or "1. " list items, "> " quotes,
//   **strong**, *emphasis* or _emphasis_, `code`, [text](https://… or relative) links,
//   $inline math$ and $$display math$$ (TeX, for KaTeX; \$ is a dollar sign).
// Raw HTML is text: "<script>" stays the eight characters it is. A link whose URL is not
// http(s), mailto or relative (javascript:, data:, vbscript:, …) is kept as its text only.
//
//   parseMarkdown(text) -> [block]
//   block:  { type: 'p' | 'quote', children: [inline] } | { type: 'ul' | 'ol', items: [[inline]] }
//           | { type: 'math', tex }
//   inline: { type: 'text', text } | { type: 'strong' | 'em', children } | { type: 'code', text }
//           | { type: 'math', tex } | { type: 'link', href, children }
// Pure functions: no DOM.

export const MAX_MARKDOWN = 20_000;

/** Whether a link target is safe to follow: http(s), mailto, or relative (no scheme). */
export function safeHref(url) {
  const trimmed = url.trim();
  // a scheme is letters, digits, + - . before the first ':' that comes before any / ? #
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed.replace(/[\u0000-\u0020]/g, ''));
  if (!scheme) return !/^\/\//.test(trimmed); // relative; not protocol-relative
  return ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase());
}

function inline(text) {
  const out = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push({ type: 'text', text: buffer });
    buffer = '';
  };
  let k = 0;
  while (k < text.length) {
    const c = text[k];
    if (c === '\\' && k + 1 < text.length && '\\`*_$[]()'.includes(text[k + 1])) {
      buffer += text[k + 1];
      k += 2;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', k + 1);
      if (end > k) {
        flush();
        out.push({ type: 'code', text: text.slice(k + 1, end) });
        k = end + 1;
        continue;
      }
    }
    if (c === '$') {
      const end = findClosing(text, '$', k + 1);
      if (end > k + 1) {
        flush();
        out.push({ type: 'math', tex: text.slice(k + 1, end) });
        k = end + 1;
        continue;
      }
    }
    if (c === '*' && text[k + 1] === '*') {
      const end = text.indexOf('**', k + 2);
      if (end > k + 2) {
        flush();
        out.push({ type: 'strong', children: inline(text.slice(k + 2, end)) });
        k = end + 2;
        continue;
      }
    }
    if ((c === '*' || c === '_') && text[k + 1] !== ' ') {
      const end = text.indexOf(c, k + 1);
      if (end > k + 1 && text[end - 1] !== ' ') {
        flush();
        out.push({ type: 'em', children: inline(text.slice(k + 1, end)) });
        k = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const close = findClosing(text, ']', k + 1);
      if (close > k && text[close + 1] === '(') {
        const end = text.indexOf(')', close + 2);
        if (end > close) {
          flush();
          const label = inline(text.slice(k + 1, close));
          const href = text.slice(close + 2, end).trim();
          if (safeHref(href)) out.push({ type: 'link', href, children: label });
          else out.push(...label); // an unsafe target: the text alone
          k = end + 1;
          continue;
        }
      }
    }
    buffer += c;
    k += 1;
  }
  flush();
  return out;
}

/** The index of the next unescaped `mark` from `from`, or -1. */
function findClosing(text, mark, from) {
  for (let k = from; k < text.length; ++k) {
    if (text[k] === '\\') ++k;
    else if (text[k] === mark) return k;
  }
  return -1;
}

/** The blocks of a Markdown text. Throws a RangeError for a text longer than MAX_MARKDOWN. */
export function parseMarkdown(text) {
  if (typeof text !== 'string') throw new TypeError('Markdown must be text');
  if (text.length > MAX_MARKDOWN) throw new RangeError(`the text is ${text.length} characters long, at most ${MAX_MARKDOWN}`);
  const blocks = [];
  // $$ … $$ display math first: it may span lines
  const parts = text.replace(/\r\n?/g, '\n').split(/\$\$([\s\S]*?)\$\$/);
  parts.forEach((part, k) => {
    if (k % 2 === 1) {
      blocks.push({ type: 'math', tex: part.trim() });
      return;
    }
    for (const chunk of part.split(/\n\s*\n/)) {
      const lines = chunk.split('\n').map((l) => l.trim()).filter(Boolean);
      if (lines.length === 0) continue;
      if (lines.every((l) => /^[-*] /.test(l))) blocks.push({ type: 'ul', items: lines.map((l) => inline(l.slice(2))) });
      else if (lines.every((l) => /^\d+[.)] /.test(l))) blocks.push({ type: 'ol', items: lines.map((l) => inline(l.replace(/^\d+[.)] /, ''))) });
      else if (lines.every((l) => l.startsWith('>'))) blocks.push({ type: 'quote', children: inline(lines.map((l) => l.replace(/^>\s?/, '')).join(' ')) });
      else blocks.push({ type: 'p', children: inline(lines.join(' ')) });
    }
  });
  return blocks;
}

/** The plain text of inline nodes (for titles and accessible names). */
export function plainText(nodes) {
  return nodes.map((n) => (n.type === 'text' || n.type === 'code' ? n.text : n.type === 'math' ? n.tex : plainText(n.children ?? []))).join('');
}
