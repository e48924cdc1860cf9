// What an embedded sandbox shows, from the element's views= and panels= attributes
// (web/embed-options.js): the views offered, the other parts, and the words that name nothing.
// Expected values are written out by hand from the README's table of the panels names.

import { embedLayout, parseViews, parsePanels, DEFAULT_EMBED } from '../../web/embed-options.js';

const DEFAULT = { views: ['network'], parts: ['bar', 'walk', 'step', 'explain', 'check'] };

describe('views=', () => {
  test('no attribute: the compact default (the network, the bar, the explanation, the check)', () => {
    expect(embedLayout(null, null)).toEqual({ ...DEFAULT, problems: [] });
    expect(DEFAULT_EMBED).toEqual(DEFAULT);
  });

  test('views in tab order whatever the order given; aliases; "all"', () => {
    expect(parseViews('gradients, network backward')).toEqual({ views: ['network', 'backward', 'gradients'], unknown: [] });
    expect(parseViews('diagram,gradient-check,lessons').views).toEqual(['network', 'gradcheck', 'instructor']);
    expect(parseViews('all').views).toEqual(['network', 'forward', 'backward', 'gradients', 'gradcheck', 'training', 'instructor']);
    expect(embedLayout('gradients', null)).toEqual({ views: ['gradients'], parts: DEFAULT.parts, problems: [] });
  });

  test('a word that names no view is named in a problem; the known ones are kept', () => {
    const out = embedLayout('network,trainnig', null);
    expect(out.views).toEqual(['network']);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]).toContain('“trainnig” is not a view');
    expect(out.problems[0]).toContain('network, forward, backward, gradients, gradcheck, training, instructor');
  });

  test('when nothing given names a view, the default is shown with the problem (not an empty sandbox)', () => {
    const out = embedLayout('trainnig', null);
    expect(out.views).toEqual(DEFAULT.views);
    expect(out.parts).toEqual(DEFAULT.parts);
    expect(out.problems[0]).toContain('“trainnig”');
  });
});

describe('panels= (the older attribute)', () => {
  test('each name maps onto views and parts, as the README lists', () => {
    expect(embedLayout(null, 'diagram,gradients,equations')).toEqual({ views: ['network', 'gradients'], parts: ['explain'], problems: [] });
    expect(embedLayout(null, 'toolbar,forward')).toEqual({ views: ['forward'], parts: ['bar', 'walk', 'step'], problems: [] });
    expect(embedLayout(null, 'lessons,structure')).toEqual({ views: ['instructor'], parts: [], problems: [] });
    expect(embedLayout(null, 'step')).toEqual({ views: ['training'], parts: ['step'], problems: [] });
    expect(embedLayout(null, 'stepthrough,check')).toEqual({ views: [], parts: ['bar', 'walk', 'explain', 'check'], problems: [] });
  });

  test('"all" or an empty list: every view, as the old default showed every panel', () => {
    for (const value of ['all', '', ' , ']) {
      expect(embedLayout(null, value)).toEqual({ views: ['network', 'forward', 'backward', 'gradients', 'gradcheck', 'training', 'instructor'], parts: DEFAULT.parts, problems: [] });
    }
  });

  test('aliases of the old names are read; unknown words are named', () => {
    expect(parsePanels('network, selection, check-answer')).toEqual({ names: ['diagram', 'check', 'equations'], unknown: [] });
    const out = embedLayout(null, 'diagram,gradeints');
    expect(out.views).toEqual(['network']);
    expect(out.problems[0]).toContain('“gradeints” is not a panel');
  });

  test('a panels list of unknown words only: the default with the problem', () => {
    const out = embedLayout(null, 'gradeints');
    expect(out.views).toEqual(DEFAULT.views);
    expect(out.parts).toEqual(DEFAULT.parts);
    expect(out.problems).toHaveLength(1);
  });

  test('views= and panels= together: the union of what they name', () => {
    expect(embedLayout('backward', 'forward,check')).toEqual({ views: ['forward', 'backward'], parts: ['check'], problems: [] });
    // An unknown view beside known panels: the panels stand, the word is named.
    const out = embedLayout('trainnig', 'forward');
    expect(out.views).toEqual(['forward']);
    expect(out.problems[0]).toContain('“trainnig”');
  });
});
