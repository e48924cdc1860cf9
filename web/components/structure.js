// Editing the structure: units per layer, hidden layers added and removed, the activation
// of each layer, the loss, and the seed that initialises new weights. Changing a layer's
// size re-initialises the weights into and out of it from the seed; everything else is kept.

import { h, clear } from '../dom.js';
import { sup } from '../notation.js';

// What the +/− buttons allow: past this the page gets slow to redraw (setDocument() still
// takes anything the engine accepts; the tables then scroll).
export const UI_LIMITS = { maxLayers: 10, maxUnits: 16 };

export function createStructure(ctx) {
  const cards = h('ol', { class: 'layer-cards' });
  const loss = h('select', { dataset: { quantity: 'loss', key: 'loss' } });
  loss.addEventListener('change', () => ctx.actions.setLoss(loss.value));
  const seed = h('input', { type: 'number', min: '0', max: '4294967295', step: '1', class: 'seed', dataset: { key: 'seed' } });
  const reinit = h('button', { type: 'button', dataset: { key: 'reinit' }, text: 'Re-initialise all weights' });
  reinit.addEventListener('click', () => {
    const value = Number(seed.value);
    if (Number.isInteger(value) && value >= 0 && value <= 4294967295) ctx.actions.reinitialise(value);
    else seed.setCustomValidity('an integer from 0 to 4294967295'), seed.reportValidity();
  });
  seed.addEventListener('input', () => seed.setCustomValidity(''));
  const reset = h('button', { type: 'button', dataset: { key: 'reset' }, text: 'Back to the default 2-2-2 network' });
  reset.addEventListener('click', () => ctx.actions.reset());

  const el = h('div', { class: 'structure' },
    cards,
    h('div', { class: 'structure-row' },
      h('label', {}, 'loss J: ', loss),
      h('label', {}, 'seed ', seed),
      reinit,
      reset),
    h('p', { class: 'hint', text: 'Changing the number of units in a layer, or adding or removing a layer, re-initialises the weights into and out of that layer from the seed; every other number is kept. Changing an activation or the loss keeps all the numbers.' }));

  function button(text, key, label, onClick, disabled = false) {
    const b = h('button', { type: 'button', class: 'small', dataset: { key }, 'aria-label': label, text, disabled });
    b.addEventListener('click', onClick);
    return b;
  }

  function build(state) {
    clear(cards);
    const doc = state.doc;
    const L = doc.layers.length;
    const names = ctx.engine.activations;
    clear(loss);
    for (const name of ctx.engine.losses) loss.append(h('option', { value: name, text: name === 'mse' ? 'mse: ½‖a⁽ᴸ⁾ − y‖²' : 'cross-entropy: −Σ yₖ log aₖ⁽ᴸ⁾' }));
    loss.value = doc.loss;
    seed.value = String(doc.seed);

    for (let l = 1; l <= L; l += 1) {
      const n = doc.layers[l - 1];
      const role = l === 1 ? 'input' : l === L ? 'output' : 'hidden';
      const units = h('span', { class: 'units' },
        button('−', `units-:${l}`, `one unit fewer in layer ${l}`, () => ctx.actions.setUnits(l, n - 1), n <= 1),
        h('span', { class: 'count', text: `${n} unit${n === 1 ? '' : 's'}` }),
        button('+', `units+:${l}`, `one unit more in layer ${l}`, () => ctx.actions.setUnits(l, n + 1), n >= UI_LIMITS.maxUnits));
      const card = h('li', { class: ['layer-card', role] },
        h('span', { class: 'layer-name', text: `layer ${l}` }),
        h('span', { class: 'layer-role', text: role === 'input' ? 'input x = a⁽¹⁾' : role === 'output' ? `output a${sup(`(${L})`)}` : 'hidden' }),
        units);
      if (l >= 2) {
        const select = h('select', { 'aria-label': `activation f of layer ${l}`, dataset: { quantity: 'activation', layer: l, key: `activation:${l}` } },
          names
            .filter((name) => name !== 'softmax' || l === L)
            .map((name) => h('option', { value: name, text: name })));
        select.value = doc.activations[l - 2];
        select.addEventListener('change', () => ctx.actions.setActivation(l, select.value));
        card.append(h('label', { class: 'activation' }, 'f = ', select));
      }
      if (role === 'hidden') {
        card.append(button('Remove layer', `remove:${l}`, `remove layer ${l}`, () => ctx.actions.removeLayer(l)));
      }
      cards.append(card);
      if (l < L) {
        cards.append(h('li', { class: 'insert' },
          button('+ layer', `insert:${l}`, `insert a hidden layer between layers ${l} and ${l + 1}`,
            () => ctx.actions.insertLayer(l), L >= UI_LIMITS.maxLayers)));
      }
    }
  }

  return { el, build, update() {} };
}
