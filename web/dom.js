// Small DOM builders. Text goes in through textContent and attributes through
// setAttribute: never innerHTML, so no number or name can become markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, props) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') for (const [k, v] of Object.entries(value)) { if (v !== undefined && v !== null) el.dataset[k] = String(v); }
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key === 'style') for (const [k, v] of Object.entries(value)) el.style.setProperty(k, v);
    else if (key === 'value' && 'value' in el) el.value = value;
    else if (key === 'checked' && 'checked' in el) el.checked = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** h('td', { class: 'num', dataset: { quantity: 'z' } }, 'text', childNode) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  apply(el, props);
  append(el, children);
  return el;
}

/** The SVG counterpart of h. */
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, props);
  append(el, children);
  return el;
}

/**
 * Sets el's text, changing its one text node in place when it has one (textContent would put
 * in a new node, which the browser lays out as removed and added), and nothing when the text
 * is already that.
 */
/**
 * How many screen pixels one CSS pixel of an HTML element covers: 1, unless an ancestor scales
 * it with a CSS transform (reveal.js scales its slides to the window). Pointer coordinates
 * (clientX, getBoundingClientRect) are screen pixels: divide offsets by this to get the
 * element's own CSS pixels.
 */
export function cssScale(el) {
  const width = el.getBoundingClientRect().width;
  return el.offsetWidth > 0 && width > 0 ? width / el.offsetWidth : 1;
}

export function setText(el, text) {
  const node = el.firstChild;
  if (node && node === el.lastChild && node.nodeType === Node.TEXT_NODE) {
    if (node.data !== text) node.data = text;
  } else {
    el.textContent = text;
  }
}

/** Sets el's background colour, and nothing when it already is that colour. */
export function setBackground(el, colour) {
  if (el._background === colour) return;
  el._background = colour;
  el.style.backgroundColor = colour;
}

/** Removes every child of el. */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let idCounter = 0;
/** A document-unique id (works inside a shadow root too: ids only need to be unique there). */
export const uid = (prefix = 'bp') => `${prefix}-${++idCounter}`;

/** The focused element inside root's tree (document or shadow root). */
export function activeElementIn(root) {
  const tree = root.getRootNode();
  return tree.activeElement ?? null;
}
