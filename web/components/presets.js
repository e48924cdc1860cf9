// The presets menu: every entry of teach/presets.js with its title and description. Loading
// one replaces the network (one undo entry), and its description stays in the banner until
// the next edit, since it says what to look at.

import { h, uid } from '../dom.js';
import { PRESETS, getPreset } from '../teach/presets.js';

export function createPresetsMenu(ctx) {
  const listId = uid('presets');
  const list = h('ul', { class: 'menu-list', id: listId });
  const summary = h('summary', { class: 'menu-button', dataset: { key: 'presets' } }, 'Presets ▾');
  const menu = h('details', { class: 'menu presets-menu' }, summary,
    h('div', { class: 'menu-panel', role: 'group', 'aria-label': 'Presets: load one to replace the network' },
      h('p', { class: 'hint', text: 'Loading a preset replaces the network (Undo brings it back).' }),
      list));

  for (const preset of PRESETS) {
    const button = h('button', { type: 'button', class: 'preset-load', dataset: { key: `preset:${preset.name}`, preset: preset.name }, text: preset.title });
    const descId = uid('preset-desc');
    button.setAttribute('aria-describedby', descId);
    button.addEventListener('click', () => {
      const p = getPreset(preset.name);
      const outcome = ctx.actions.loadDocument(p.document, { note: `Preset “${p.title}”: ${p.description}` });
      if (outcome.ok) {
        menu.open = false;
        summary.focus();
      }
    });
    list.append(h('li', { class: 'preset' }, button, h('p', { class: 'preset-description', id: descId, text: preset.description })));
  }

  // Escape closes the menu; a click elsewhere too. The document listens only while the menu
  // is open (the toggle event comes after the click that opened it), so a sandbox that is
  // removed from the page leaves no listener behind.
  menu.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && menu.open) { menu.open = false; summary.focus(); }
  });
  const outside = (e) => {
    if (menu.open && !e.composedPath().includes(menu)) menu.open = false;
  };
  menu.addEventListener('toggle', () => {
    if (menu.open) document.addEventListener('click', outside);
    else document.removeEventListener('click', outside);
  });

  return { el: menu, update() {} };
}
