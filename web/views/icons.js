// The page's icons: inline SVG drawn here (no icon font: a missing glyph shows as a box on
// systems without it). Each is decorative (aria-hidden); the control carries the name.

import { svg, html } from 'lit-html';

const PATHS = {
  // A path walked one step at a time.
  walk: 'M4 17h3v-3h3v-3h3V8h3V5h4',
  // Downhill: a step down the loss.
  step: 'M3 6c3 0 4 2 6 5s3 6 7 6h5M16 13l5 4-5 4',
  undo: 'M9 7H4V2M4 7c2.5-3 5.5-4 9-4a8 8 0 0 1 0 16H8',
  redo: 'M15 7h5V2M20 7c-2.5-3-5.5-4-9-4a8 8 0 0 0 0 16h5',
  settings: 'M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0M14 4v4M8 10v4M16 16v4',
  next: 'M9 5l7 7-7 7',
  prev: 'M15 5l-7 7 7 7',
  arrow: 'M5 12h13M13 6l6 6-6 6',
  close: 'M6 6l12 12M18 6L6 18',
  play: 'M7 4l13 8-13 8z',
  pause: 'M7 4v16M17 4v16',
  run: 'M4 12a8 8 0 1 0 3-6.2M4 3v5h5',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
};

/** An icon as a lit-html template. */
export function icon(name) {
  return html`<svg class="icon icon-${name}" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">${svg`<path d=${PATHS[name]}></path>`}</svg>`;
}

/** The same icon as a DOM element, for views built with dom.js. */
export function iconElement(name) {
  const NS = 'http://www.w3.org/2000/svg';
  const el = document.createElementNS(NS, 'svg');
  el.setAttribute('class', `icon icon-${name}`);
  el.setAttribute('viewBox', '0 0 24 24');
  el.setAttribute('width', '18');
  el.setAttribute('height', '18');
  el.setAttribute('aria-hidden', 'true');
  el.setAttribute('focusable', 'false');
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', PATHS[name]);
  el.append(path);
  return el;
}
