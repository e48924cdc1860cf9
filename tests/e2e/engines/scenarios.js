// The browser scenarios every engine runs (chromium.test.mjs, firefox.test.mjs,
// webkit.test.mjs): written once, against the page object of harness.js, which drives the
// browser only through drivers.js. Clicks and keys are real input events (a pointer at the
// element's centre once nothing covers it; key events to the focused element); a <select> is
// set as its change event, the way a script or Playwright's selectOption sets it.
//
// Oracles: the plain-JavaScript pass of oracle.js on the documents the test itself writes
// (the worked example of the default network, edited as the test edits it), and the
// published values of that worked example. Where a document's weights come from the page (a
// preset's seeded weights, the weights after training), the oracle recomputes the numbers
// from those weights; it never reads a result from the page.
import assert from 'node:assert/strict';
import { PUBLISHED, WORKED, pass, readShown, withParameter } from './oracle.js';

/** |actual − expected| ≤ tol · max(1, |expected|). */
function close(actual, expected, tol, what) {
  assert.ok(Number.isFinite(actual), `${what}: ${actual} is not a number`);
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual}, expected ${expected} (± ${tol})`);
}

/** CSS selector for a hooked quantity. */
function hook(q, layer, row, col) {
  let s = `[data-quantity="${q}"]`;
  if (layer != null) s += `[data-layer="${layer}"]`;
  if (row != null) s += `[data-row="${row}"]`;
  if (col != null) s += `[data-col="${col}"]`;
  return s;
}
const fieldOf = (q, layer, row, col) => `section.view-forward input${hook(q, layer, row, col)}`;
const BAR_J = `.bar ${hook('J')}`;

/** The one value of q(layer, row, col) among values(); every displayed copy must agree. */
function one(values, q, layer = '', row = '', col = '') {
  const copies = values[`${q}:${layer}:${row}:${col}`];
  assert.ok(copies?.length > 0, `no displayed ${q}(${layer},${row},${col})`);
  for (const c of copies) assert.equal(c, copies[0], `the displayed copies of ${q}(${layer},${row},${col}) agree`);
  return copies[0];
}

/** Every displayed z, a, δ, ∂J/∂W, ∂J/∂b and J against the oracle's pass of doc (one example). */
function expectPass(values, doc, tol = 1e-12) {
  const o = pass(doc);
  const ex = o.examples[0];
  const s = doc.layers;
  close(one(values, 'J'), o.J, tol, 'J');
  for (let l = 1; l <= s.length; l += 1) {
    for (let i = 1; i <= s[l - 1]; i += 1) {
      close(one(values, 'a', l, i), ex.a[l][i - 1], tol, `a_${i}^(${l})`);
      if (l >= 2) {
        close(one(values, 'z', l, i), ex.z[l][i - 1], tol, `z_${i}^(${l})`);
        close(one(values, 'delta', l, i), ex.delta[l][i - 1], tol, `δ_${i}^(${l})`);
      }
    }
  }
  for (let l = 1; l < s.length; l += 1) {
    for (let i = 1; i <= s[l]; i += 1) {
      close(one(values, 'db', l, i), o.db[l][i - 1], tol, `∂J/∂b_${i}^(${l})`);
      for (let j = 1; j <= s[l - 1]; j += 1) close(one(values, 'dW', l, i, j), o.dW[l][i - 1][j - 1], tol, `∂J/∂W_${i}${j}^(${l})`);
    }
  }
  return o;
}

/** Result of the API (el.result) against the oracle: J and every gradient. */
function expectResult(result, doc, tol = 1e-12) {
  const o = pass(doc);
  close(result.loss, o.J, tol, 'el.result.loss');
  result.gradients.forEach((g, k) => {
    const l = k + 1;
    g.W.forEach((row, i) => row.forEach((v, j) => close(v, o.dW[l][i][j], tol, `el.result ∂J/∂W_${i + 1}${j + 1}^(${l})`)));
    g.b.forEach((v, i) => close(v, o.db[l][i], tol, `el.result ∂J/∂b_${i + 1}^(${l})`));
  });
  return o;
}

const setSelect = (page, path, value) => page.evaluate((p, v) => {
  const el = window.__bp.find(p);
  el.value = v;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return el.value;
}, path, value);

const WORKED_EDITED = { q: 'W', layer: 2, row: 1, col: 2 };

export const SCENARIOS = [
  {
    // The hooks are what "no page errors" and "no CSP violation" rest on: each kind must be seen.
    name: 'the page\'s problems are seen: an uncaught error, a rejection, console.error',
    async run(page) {
      await page.open();
      await page.evaluate(() => {
        setTimeout(() => { throw new Error('bp-probe-thrown'); }, 0);
        Promise.reject(new Error('bp-probe-rejected'));
        console.error('bp-probe-console');
      });
      let seen = [];
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        seen = (await page.problems()).join('\n');
        if (['bp-probe-thrown', 'bp-probe-rejected', 'bp-probe-console'].every((w) => seen.includes(w))) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const w of ['bp-probe-thrown', 'bp-probe-rejected', 'bp-probe-console']) assert.ok(seen.includes(w), `${w} reported; seen: ${seen}`);
      await new Promise((r) => setTimeout(r, 300)); // late console events
      await page.forgetProblems();
    },
  },

  ...[false, true].map((overFile) => ({
    name: `the worked example's numbers ${overFile ? 'from dist/ opened as file://' : 'over http'}`,
    async run(page) {
      await page.open('index.html', { overFile });
      const values = await page.values();
      expectPass(values, WORKED);
      // The published values, to the nine digits the write-up prints.
      close(one(values, 'J'), PUBLISHED.J, 1e-8, 'J (published)');
      close(one(values, 'dW', 1, 1, 1), PUBLISHED.dW1_11, 1e-8, '∂J/∂W_11^(1) (published)');
      close(one(values, 'dW', 2, 1, 1), PUBLISHED.dW2_11, 1e-8, '∂J/∂W_11^(2) (published)');
      // As shown, to 4 significant digits: J in the bar, ∂J/∂W_11^(1) in the Gradients view.
      assert.equal(await page.shownText(BAR_J), '0.2984');
      await page.openView('gradients');
      assert.equal(await page.shownText(`section.view-gradients td${hook('dW', 1, 1, 1)}`), '0.0004386');
      await page.screenshot(`gradients-${overFile ? 'file' : 'http'}`);
    },
  })),

  {
    name: 'an edit re-runs the pass; every shown ∂J/∂W_ij is δ_i a_j of the shown δ and a',
    async run(page) {
      await page.open();
      await page.openView('forward');
      const J0 = await page.attr(BAR_J, 'data-value');
      await page.fill(fieldOf('W', 2, 1, 2), '-0.3');
      await page.waitFor((sel, j0) => window.__bp.find(sel).dataset.value !== j0, [BAR_J, J0], 'J to change');
      const doc = withParameter(WORKED, WORKED_EDITED, -0.3);
      expectPass(await page.values(), doc);

      await page.openView('gradients');
      // Each cell of each outer product with the δ of its row and the a of its column, as shown.
      const cells = await page.evaluate(() => Array.from(document.querySelectorAll('section.view-gradients td[data-quantity="dW"]')).map((td) => {
        const d = td.dataset;
        const block = td.closest('[data-block]');
        const head = (q, layer, row) => block.querySelector(`th[data-quantity="${q}"][data-layer="${layer}"][data-row="${row}"]`);
        const delta = head('delta', Number(d.layer) + 1, d.row);
        const a = head('a', d.layer, d.col);
        const shown = (el) => (el ? (el.querySelector('.num') ?? el).textContent.trim() : null);
        return {
          where: `${d.layer}:${d.row}:${d.col}`,
          dW: { text: shown(td), value: Number(d.value) },
          delta: { text: shown(delta), value: Number(delta?.dataset.value) },
          a: { text: shown(a), value: Number(a?.dataset.value) },
        };
      }));
      assert.equal(cells.length, 8, 'the 8 cells of ∂J/∂W^(1) and ∂J/∂W^(2)');
      const o = pass(doc);
      for (const c of cells) {
        const [l, i, j] = c.where.split(':').map(Number);
        const product = readShown(c.delta.text) * readShown(c.a.text);
        // Each shown number is within half a unit of its 4th significant digit (relative
        // 5e-4), so the shown product and the shown cell differ by at most about 1.5e-3 of it.
        assert.ok(Math.abs(readShown(c.dW.text) - product) <= 1.6e-3 * Math.abs(product), `shown ∂J/∂W_${i}${j}^(${l}) = ${c.dW.text}, and ${c.delta.text} × ${c.a.text} = ${product}`);
        close(c.dW.value, c.delta.value * c.a.value, 1e-15, `∂J/∂W_${i}${j}^(${l}) = δ_${i}^(${l + 1}) a_${j}^(${l})`);
        close(c.dW.value, o.dW[l][i - 1][j - 1], 1e-12, `∂J/∂W_${i}${j}^(${l}) (oracle)`);
        assert.equal(Number(readShown(c.dW.text).toPrecision(4)), Number(o.dW[l][i - 1][j - 1].toPrecision(4)), `∂J/∂W_${i}${j}^(${l}) shown to 4 digits`);
      }
    },
  },

  {
    name: 'keyboard editing: typing, the arrow keys, refused text, Escape, Tab',
    async run(page) {
      await page.open();
      await page.openView('forward');
      const field = fieldOf('W', 1, 1, 1);
      await page.fill(field, '0.6');
      await page.waitAttr(field, 'data-value', '0.6');
      await page.press('ArrowUp');
      await page.waitAttr(field, 'data-value', '0.61');
      await page.press('Shift+ArrowDown');
      await page.waitAttr(field, 'data-value', '0.51');
      const edited = { q: 'W', layer: 1, row: 1, col: 1 };
      expectPass(await page.values(), withParameter(WORKED, edited, 0.51));
      const J = await page.attr(BAR_J, 'data-value');
      // Text that is not a number is refused in place; the pass keeps the last good value.
      await page.press('End');
      await page.type('x');
      await page.waitAttr(field, 'aria-invalid', 'true');
      assert.equal(await page.attr(field, 'data-value'), '0.51');
      assert.equal(await page.attr(BAR_J, 'data-value'), J);
      await page.press('Escape');
      await page.waitFor((sel) => !window.__bp.find(sel).hasAttribute('aria-invalid'), [field], 'Escape to take the refusal back');
      assert.equal(await page.evaluate((sel) => window.__bp.find(sel).value, field), '0.51');
      // Tab: on to W_12^(1).
      await page.press('Tab');
      const focused = await page.evaluate(() => {
        const d = document.activeElement?.dataset ?? {};
        return `${d.quantity}:${d.layer}:${d.row}:${d.col}`;
      });
      assert.equal(focused, 'W:1:1:2');
    },
  },

  {
    name: 'a share link opens on the same numbers and view in a fresh browser',
    async run(page) {
      await page.open();
      await page.openView('forward');
      const value = '-0.123456789012345';
      const edited = { q: 'W', layer: 1, row: 1, col: 2 };
      await page.fill(fieldOf('W', 1, 1, 2), value);
      await page.waitAttr(fieldOf('W', 1, 1, 2), 'data-value', value);
      const before = await page.values('section.view-forward');
      expectPass(await page.values(), withParameter(WORKED, edited, Number(value)));

      await page.openView('instructor');
      await page.click('[data-key="share"]');
      const link = await page.waitFor(() => window.__bp.find('[data-key="share-url"]')?.value || null, [], 'the share link');
      assert.match(link, /#doc=[A-Za-z0-9_-]+.*&view=forward$/);

      await page.fresh();
      await page.goto(link);
      await page.waitReady();
      await page.waitFor(() => {
        const v = document.querySelector('section.view-forward');
        return !!v && !v.hidden && v.getBoundingClientRect().height > 0;
      }, [], 'the link to open the Forward view');
      assert.deepEqual(await page.values('section.view-forward'), before);
      expectPass(await page.values(), withParameter(WORKED, edited, Number(value)));
      // Read once: the address no longer carries the document.
      assert.ok(!(await page.evaluate(() => location.href)).includes('#doc='));
    },
  },

  {
    name: 'the walkthrough, step by step to its end',
    async run(page) {
      await page.open();
      await page.click('[data-key="walk"]');
      const state = () => page.evaluate(() => {
        const w = document.querySelector('.walk');
        if (!w) return null;
        const d = w.dataset;
        return `${d.stepIndex} ${d.stepKind}${d.stepKind === 'input' || d.stepKind === 'loss' ? '' : d.stepLayer} ${d.revealed === 'true' ? 'revealed' : 'hidden'}`;
      });
      await page.waitFor(() => !!document.querySelector('.walk'), [], 'the walkthrough');
      // Nothing computed is known yet: J in the bar is "?".
      assert.equal(await page.shownText(BAR_J), '?');
      const seen = [await state()];
      for (let k = 0; k < 30; k += 1) {
        if (await page.evaluate(() => document.querySelector('[data-key="walk-next"]').disabled)) break;
        await page.click('[data-key="walk-next"]');
        await page.waitFor((last) => {
          const w = document.querySelector('.walk');
          return !!w && `${w.dataset.stepIndex}:${w.dataset.revealed}` !== last;
        }, [seen.at(-1).replace(/^(\d+) \S+ (\w+)$/, (m, i, r) => `${i}:${r === 'revealed'}`)], 'the next half step');
        seen.push(await state());
      }
      // The notes' order for 2-2-2: forward layer by layer, J, then δ^(3), ∂J/∂W^(2), δ^(2),
      // ∂J/∂W^(1); each step hidden, then revealed (the input is given).
      const order = ['input', 'forward2', 'forward3', 'loss', 'delta3', 'grad2', 'delta2', 'grad1'];
      const expected = order.flatMap((s, k) => (k === 0 ? [`0 ${s} revealed`] : [`${k} ${s} hidden`, `${k} ${s} revealed`]));
      assert.deepEqual(seen, expected);
      // At the end everything is known again, and the last step's equations carry ∂J/∂W_11^(1).
      const dW11 = pass(WORKED).dW[1][0][0].toPrecision(4);
      assert.equal(dW11, '0.0004386');
      await page.waitFor((t) => document.querySelector('.walk-equations')?.textContent.includes(t), [dW11], `the last step's equations to show ${dW11}`);
      assert.equal(await page.evaluate(() => document.querySelectorAll('.bp-sandbox [data-quantity].unknown').length), 0);
      assert.equal(await page.shownText(BAR_J), '0.2984');
      // Home (the keyboard) goes back to the start; Leave ends the walk.
      await page.press('Home');
      await page.waitFor(() => document.querySelector('.walk')?.dataset.stepIndex === '0', [], 'Home to go back to the input');
      await page.click('[data-key="walk-leave"]');
      await page.waitFor(() => !document.querySelector('.walk'), [], 'the walk to end');
      assert.equal(await page.evaluate(() => document.querySelectorAll('.bp-sandbox [data-quantity].unknown').length), 0);
    },
  },

  {
    name: 'Check my answer: a right value agrees, a wrong one does not',
    async run(page) {
      await page.open();
      const target = await page.evaluate(() => document.querySelector('.check-target')?.textContent.trim());
      assert.equal(target, 'Check your value of ∂J/∂W₁₁⁽¹⁾');
      const truth = pass(WORKED).dW[1][0][0];
      await page.fill('[data-key="check-value"]', truth.toPrecision(4));
      await page.click('[data-key="check"]');
      await page.waitAttr('.check-result', 'data-verdict', 'agree');
      await page.fill('[data-key="check-value"]', (truth * 1.1).toPrecision(4));
      await page.click('[data-key="check"]');
      await page.waitAttr('.check-result', 'data-verdict', 'disagree');
      const text = await page.evaluate(() => document.querySelector('.check-result').textContent);
      assert.match(text, /Does not agree/);
    },
  },

  {
    name: 'the gradient check agrees without a bug and flags a planted one',
    async run(page) {
      await page.open();
      await page.openView('gradcheck');
      const rows = async () => {
        await page.waitAttr('.gradcheck', 'data-state', 'done');
        return page.evaluate(() => Array.from(document.querySelectorAll('tr.gc-row')).map((tr) => ({
          where: `${tr.dataset.check}:${tr.dataset.layer}:${tr.dataset.row}:${tr.dataset.col ?? ''}`,
          verdict: tr.dataset.verdict,
          numeric: Number(tr.querySelector('.gc-num')?.dataset.numeric),
        })));
      };
      const o = pass(WORKED);
      const truth = (where) => {
        const [q, l, i, j] = where.split(':');
        return q === 'W' ? o.dW[l][i - 1][j - 1] : o.db[l][i - 1];
      };
      const clean = await rows();
      assert.equal(clean.length, 12);
      for (const r of clean) {
        assert.equal(r.verdict, 'agree', `${r.where} without a bug`);
        close(r.numeric, truth(r.where), 1e-8, `central difference of ${r.where}`);
      }
      // Forgetting f'(z) in δ^(l) = (W^(l))^T δ^(l+1) ∘ f'(z^(l)) changes δ^(2), so ∂J/∂W^(1)
      // and ∂J/∂b^(1); δ^(3) comes from the loss, so layer 2's gradients stay right.
      assert.equal(await setSelect(page, '[data-key="planted-bug"]', 'forget-fprime'), 'forget-fprime');
      await page.waitFor(() => !!document.querySelector('.tabs-status .bug-pill[data-bug="forget-fprime"]'), [], 'the bug to be said beside the tabs');
      await page.waitFor(() => document.querySelector('.gradcheck')?.dataset.state === 'done'
        && Array.from(document.querySelectorAll('tr.gc-row')).some((tr) => tr.dataset.verdict === 'wrong'), [], 'the check to flag the bug');
      const planted = await rows();
      assert.equal(planted.length, 12);
      for (const r of planted) {
        const layer = Number(r.where.split(':')[1]);
        assert.equal(r.verdict, layer === 1 ? 'wrong' : 'agree', `${r.where} with f' forgotten`);
        close(r.numeric, truth(r.where), 1e-8, `central difference of ${r.where} (the bug is in the backward pass only)`);
      }
      // What the bug computes: δ_i^(2) = Σ_j W_ji^(2) δ_j^(3), without f'(z_i^(2)).
      const values = await page.values('section.view-backward');
      for (let i = 1; i <= 2; i += 1) {
        const withoutFprime = WORKED.weights[1][0][i - 1] * o.examples[0].delta[3][0] + WORKED.weights[1][1][i - 1] * o.examples[0].delta[3][1];
        close(one(values, 'delta', 2, i), withoutFprime, 1e-12, `δ_${i}^(2) with f' forgotten`);
      }
    },
  },

  {
    name: 'training: 300 epochs of XOR lower J',
    async run(page) {
      await page.open();
      await page.openView('instructor');
      await page.click('[data-key="preset:xor-221"]');
      await page.waitFor(() => window.backpropSandbox.getDocument().layers.join('-') === '2-2-1', [], 'the XOR preset');
      await page.openView('training');
      const doc0 = await page.evaluate(() => window.backpropSandbox.getDocument());
      const J0 = Number(await page.attr(BAR_J, 'data-value'));
      close(J0, pass(doc0).J, 1e-12, 'J before training');
      await page.fill('[data-key="stop-at"]', '300');
      await setSelect(page, '[data-key="train-speed"]', '100');
      await page.click('[data-key="train-play"]');
      await page.waitFor(() => {
        const s = document.querySelector('[data-key="train-status"]').dataset;
        return s.running === 'false' && s.epoch === '300';
      }, [], 'training to stop at epoch 300', 60_000);
      const doc1 = await page.evaluate(() => window.backpropSandbox.getDocument());
      const J1 = Number(await page.attr(BAR_J, 'data-value'));
      assert.notDeepEqual(doc1.weights, doc0.weights);
      close(J1, pass(doc1).J, 1e-12, 'J after training (the oracle on the trained weights)');
      assert.ok(J1 < J0, `J went down: ${J0} → ${J1}`);
    },
  },

  {
    name: 'the element in a course page: shadow DOM, el.document, pass events, two independent instances',
    async run(page) {
      await page.open('examples/course.html');
      await page.waitFor(async () => {
        await Promise.all(['gradients-only', 'full'].map((id) => document.getElementById(id).ready));
        return true;
      }, [], 'both elements ready');
      // Shadow DOM: the sandbox is in each element's shadow root, not in the course page.
      const dom = await page.evaluate(() => ['gradients-only', 'full'].map((id) => {
        const el = document.getElementById(id);
        return { shadow: !!el.shadowRoot, bar: !!el.shadowRoot?.querySelector('.bar'), light: el.querySelectorAll('.bar, section.view').length };
      }));
      assert.deepEqual(dom, [{ shadow: true, bar: true, light: 0 }, { shadow: true, bar: true, light: 0 }]);
      // Both start on the worked example (#full from the preset of the same network).
      for (const id of ['gradients-only', 'full']) {
        const doc = await page.evaluate((elId) => document.getElementById(elId).document, id);
        for (const key of ['layers', 'weights', 'biases', 'input', 'target']) assert.deepEqual(doc[key], WORKED[key], `#${id}: el.document.${key}`);
        expectResult(await page.evaluate((elId) => document.getElementById(elId).result, id), WORKED);
      }
      const o = pass(WORKED);
      const shownGrads = await page.values('#gradients-only');
      close(one(shownGrads, 'dW', 1, 1, 1), o.dW[1][0][0], 1e-12, '#gradients-only shows ∂J/∂W_11^(1)');
      // KaTeX inside a shadow root.
      await page.waitFor(() => {
        const k = document.getElementById('full').shadowRoot.querySelector('.explain .katex');
        return !!k && k.getBoundingClientRect().width > 0;
      }, [], 'a typeset equation in #full');

      // el.document = …: el.result at once, a pass event, the other instance untouched.
      const OTHER = {
        layers: [2, 3, 2],
        activations: ['tanh', 'sigmoid'],
        loss: 'mse',
        weights: [[[0.3, -0.2], [0.5, 0.1], [-0.4, 0.6]], [[0.2, -0.7, 0.4], [0.9, 0.3, -0.5]]],
        biases: [[0.1, -0.1, 0.05], [0, 0.2]],
        input: [0.7, -1.2],
        target: [0.2, 0.8],
        learningRate: 0.3,
      };
      const set = await page.evaluate(async (doc) => {
        const el = document.getElementById('full');
        window.__passes = [];
        el.addEventListener('pass', (e) => window.__passes.push(e.detail));
        el.document = doc;
        const result = el.result;
        await new Promise((r) => setTimeout(r, 50));
        let refused = null;
        try {
          el.document = { ...doc, layers: [2, 3] }; // the weights no longer fit
        } catch (error) {
          refused = error.name;
        }
        return { result, passes: window.__passes.length, lastPass: window.__passes.at(-1), doc: el.document, refused };
      }, OTHER);
      expectResult(set.result, OTHER);
      assert.ok(set.passes >= 1, 'a pass event');
      assert.equal(set.lastPass.loss, set.result.loss);
      for (const key of ['layers', 'activations', 'weights', 'biases', 'input', 'target']) assert.deepEqual(set.doc[key], OTHER[key], `el.document.${key} read back`);
      assert.equal(set.refused, 'DocumentError');
      assert.deepEqual(await page.values('#gradients-only'), shownGrads, '#gradients-only unchanged');

      // A learner's edit inside #full's shadow root: a real click and keys.
      await page.openView('forward', '#full');
      const passes = await page.evaluate(() => window.__passes.length);
      const field = ['#full', `section.view-forward input.field${hook('W', 2, 1, 1)}`];
      await page.fill(field, '-1.5');
      await page.waitAttr(field, 'data-value', '-1.5');
      await page.waitFor((n) => window.__passes.length > n, [passes], 'a pass event after the edit');
      const after = await page.evaluate(() => ({ doc: document.getElementById('full').document, result: document.getElementById('full').result }));
      assert.equal(after.doc.weights[1][0][0], -1.5);
      expectResult(after.result, withParameter(OTHER, { q: 'W', layer: 2, row: 1, col: 1 }, -1.5));
      assert.deepEqual(await page.values('#gradients-only'), shownGrads, '#gradients-only unchanged');
      assert.equal((await page.evaluate(() => document.getElementById('gradients-only').document)).weights[1][0][0], 0.4);
    },
  },

  {
    name: 'the iframe embed: the document from its link, its height, a step inside it',
    async run(page) {
      await page.open('examples/course.html');
      await page.evaluate(() => document.getElementById('xor-frame').scrollIntoView({ block: 'center' }));
      // The frame loads lazily: wait for its document, then its engine.
      const until = Date.now() + 30_000;
      for (;;) {
        const ready = await page.evaluateInFrame('#xor-frame', () => document.documentElement.dataset.ready ?? null).catch(() => null);
        if (ready === 'true') break;
        if (Date.now() > until) throw new Error(`the embed did not get ready: ${ready}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await page.installKitInFrame('#xor-frame');
      const src = await page.attr('#xor-frame', 'src');
      const linked = JSON.parse(Buffer.from(src.split('#doc=')[1], 'base64url').toString('utf8'));
      const inFrame = await page.evaluateInFrame('#xor-frame', () => {
        const el = document.querySelector('backprop-sandbox');
        return {
          doc: el.document,
          result: el.result,
          views: Array.from(el.shadowRoot.querySelectorAll('section.view')).map((v) => v.dataset.view),
          height: Number(document.documentElement.dataset.height),
        };
      });
      for (const key of ['layers', 'activations', 'loss', 'input', 'target', 'learningRate', 'seed']) assert.deepEqual(inFrame.doc[key], linked[key], `the embed's ${key}`);
      assert.deepEqual(inFrame.views, ['network', 'training']); // ?views=network,training
      // The seeded weights are the engine's; J and the gradients over the 4 examples are the oracle's.
      const o = expectResult(inFrame.result, inFrame.doc);
      // The host sized the frame to the height it reported.
      assert.ok(inFrame.height > 300, `reported height ${inFrame.height}`);
      await page.waitFor((h) => document.getElementById('xor-frame').style.height === `${h}px`, [inFrame.height], 'the frame sized to its reported height');

      // A real click on "Gradient step" inside the frame's element: W := W − α ∂J/∂W.
      await page.click(['#xor-frame', 'backprop-sandbox', '.bar [data-key="step"]']);
      const w11 = inFrame.doc.weights[0][0][0];
      let stepped;
      const until2 = Date.now() + 30_000;
      for (;;) {
        stepped = await page.evaluateInFrame('#xor-frame', () => document.querySelector('backprop-sandbox').document);
        if (stepped.weights[0][0][0] !== w11) break;
        if (Date.now() > until2) throw new Error('the step in the frame changed no weight');
        await new Promise((r) => setTimeout(r, 100));
      }
      const alpha = linked.learningRate;
      stepped.weights.forEach((W, l) => W.forEach((row, i) => row.forEach((w, j) => {
        close(w, inFrame.doc.weights[l][i][j] - alpha * o.dW[l + 1][i][j], 1e-12, `W_${i + 1}${j + 1}^(${l + 1}) after a step`);
      })));
    },
  },

  {
    name: 'KaTeX typesets the explanation, in its own fonts',
    async run(page) {
      await page.open();
      const tex = await page.waitFor(async () => {
        await document.fonts.ready;
        const k = document.querySelector('.explain .headline .katex');
        if (!k || k.getBoundingClientRect().width <= 0) return null;
        const glyph = k.querySelector('.katex-html .mord');
        return {
          annotation: k.querySelector('annotation[encoding="application/x-tex"]')?.textContent ?? '',
          text: k.querySelector('.katex-html').textContent,
          font: glyph ? getComputedStyle(glyph).fontFamily : '',
          loaded: Array.from(document.fonts).filter((f) => f.status === 'loaded').map((f) => f.family),
        };
      }, [], 'the explanation\'s typeset equation');
      assert.match(tex.annotation, /\\delta/);
      // The numbers are typeset too: ∂J/∂W_11^(1) = δ_1^(2) a_1^(1) = 0.008771 × 0.05 = 0.0004386.
      const o = pass(WORKED);
      for (const n of [o.examples[0].delta[2][0].toPrecision(4), '0.05', o.dW[1][0][0].toPrecision(4)]) assert.ok(tex.text.includes(n), `${n} in ${tex.text}`);
      assert.match(tex.font, /KaTeX/);
      assert.ok(tex.loaded.some((f) => /KaTeX/.test(f)), `KaTeX fonts loaded: ${tex.loaded}`);
    },
  },

  {
    name: 'the Content-Security-Policy: the pages work under it with no violation, and it refuses an inline script',
    async run(page) {
      const doc = { layers: [2, 3, 1], activations: 'tanh', loss: 'mse', input: [0.5, -0.5], target: [0.25] };
      const embed = `embed.html?theme=dark#doc=${Buffer.from(JSON.stringify(doc)).toString('base64url')}`;
      const policy = () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '';
      for (const path of ['examples/course.html', embed, 'index.html']) {
        await page.open(path);
        if (path.startsWith('examples/')) {
          await page.waitFor(async () => {
            await Promise.all(['gradients-only', 'full'].map((id) => document.getElementById(id).ready));
            return true;
          }, [], 'both elements ready');
        }
        assert.match(await page.evaluate(policy), /script-src 'self' 'wasm-unsafe-eval'/, `${path}: the policy is in force`);
        assert.deepEqual((await page.problems()).filter((p) => /csp/i.test(p)), [], `${path}: no violation`);
      }
      // index.html: an edit, a step and the Instructor view (loaded on demand) under the policy.
      await page.openView('forward');
      await page.fill(fieldOf('b', 1, 1), '0.3');
      await page.click('.bar [data-key="step"]');
      await page.openView('instructor');
      await page.waitFor(() => !!document.querySelector('[data-key="share"]'), [], 'the Instructor view');
      assert.deepEqual(await page.problems(), []);
      // The hooks see a violation: an inline script is refused, and reported.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__bpInlineRan = true;';
        document.body.append(s);
      });
      await page.waitFor(() => window.__bp.problems.some((p) => p.startsWith('csp: script-src')), [], 'the inline script\'s violation');
      assert.equal(await page.evaluate(() => window.__bpInlineRan ?? null), null);
      await new Promise((r) => setTimeout(r, 300)); // the console's report of it, where there is one
      await page.forgetProblems();
    },
  },
];
