// The default 2-2-2 sigmoid/mse network, checked against two independent oracles:
//  1. the pass worked by hand here in plain JavaScript (docs/NOTATION.md, line by line);
//  2. the published numbers of the worked example the default uses (Matt Mazur,
//     "A Step by Step Backpropagation Example": same x, y, W, b).
import { test, expect } from '@playwright/test';
import { openPage, openView, readAll, valueOf, closeTo } from './helpers.js';

const sigma = (z) => 1 / (1 + Math.exp(-z));
const matvec = (W, v) => W.map((row) => row.reduce((s, w, j) => s + w * v[j], 0));

/** The default network's pass, by hand. Layers from 1: a[1] = x, W[1] = W^(1). */
function handWorked() {
  const x = [0.05, 0.1];
  const y = [0.01, 0.99];
  const W = { 1: [[0.15, 0.2], [0.25, 0.3]], 2: [[0.4, 0.45], [0.5, 0.55]] };
  const b = { 1: [0.35, 0.35], 2: [0.6, 0.6] };
  const a = { 1: x };
  const z = {};
  for (const l of [1, 2]) {
    z[l + 1] = matvec(W[l], a[l]).map((v, i) => v + b[l][i]); // z^(l+1) = W^(l) a^(l) + b^(l)
    a[l + 1] = z[l + 1].map(sigma); // a^(l+1) = f(z^(l+1))
  }
  const fprime = { 2: a[2].map((v) => v * (1 - v)), 3: a[3].map((v) => v * (1 - v)) };
  const J = 0.5 * a[3].reduce((s, v, k) => s + (v - y[k]) ** 2, 0);
  const delta = { 3: a[3].map((v, i) => (v - y[i]) * fprime[3][i]) }; // (a - y) o f'(z)
  // delta_i^(2) = (sum_j W_ji^(2) delta_j^(3)) f'(z_i^(2)): column i of W^(2)
  delta[2] = [0, 1].map((i) => (W[2][0][i] * delta[3][0] + W[2][1][i] * delta[3][1]) * fprime[2][i]);
  const dW = {};
  for (const l of [1, 2]) dW[l] = delta[l + 1].map((d) => a[l].map((aj) => d * aj)); // delta a^T
  return { x, y, W, b, a, z, fprime, delta, dW, J };
}

test('displayed values agree with the hand-worked pass of the default network', async ({ page }) => {
  await openPage(page);
  const all = await readAll(page);
  const o = handWorked();
  const tol = 1e-12;
  closeTo(valueOf(all, 'J'), o.J, tol, 'J');
  for (let i = 1; i <= 2; i += 1) {
    closeTo(valueOf(all, 'x', 1, i), o.x[i - 1], 0, `x_${i}`);
    closeTo(valueOf(all, 'y', 3, i), o.y[i - 1], 0, `y_${i}`);
    closeTo(valueOf(all, 'a', 1, i), o.a[1][i - 1], 0, `a_${i}^(1)`);
    for (const l of [2, 3]) {
      closeTo(valueOf(all, 'z', l, i), o.z[l][i - 1], tol, `z_${i}^(${l})`);
      closeTo(valueOf(all, 'a', l, i), o.a[l][i - 1], tol, `a_${i}^(${l})`);
      closeTo(valueOf(all, 'fprime', l, i), o.fprime[l][i - 1], tol, `f'(z_${i}^(${l}))`);
      closeTo(valueOf(all, 'delta', l, i), o.delta[l][i - 1], tol, `delta_${i}^(${l})`);
    }
    for (const l of [1, 2]) {
      closeTo(valueOf(all, 'b', l, i), o.b[l][i - 1], 0, `b_${i}^(${l})`);
      closeTo(valueOf(all, 'db', l, i), o.delta[l + 1][i - 1], tol, `dJ/db_${i}^(${l})`);
      for (let j = 1; j <= 2; j += 1) {
        closeTo(valueOf(all, 'W', l, i, j), o.W[l][i - 1][j - 1], 0, `W_${i}${j}^(${l})`);
        closeTo(valueOf(all, 'dW', l, i, j), o.dW[l][i - 1][j - 1], tol, `dJ/dW_${i}${j}^(${l})`);
      }
    }
  }
});

test('the default network reproduces the published worked example', async ({ page }) => {
  await openPage(page);
  const all = await readAll(page);
  const published = 1e-8; // the write-up prints 9 significant digits
  closeTo(valueOf(all, 'a', 2, 1), 0.593269992, published, 'out_h1');
  closeTo(valueOf(all, 'a', 3, 1), 0.75136507, published, 'out_o1');
  closeTo(valueOf(all, 'a', 3, 2), 0.772928465, published, 'out_o2');
  closeTo(valueOf(all, 'J'), 0.298371109, published, 'E_total');
  closeTo(valueOf(all, 'dW', 2, 1, 1), 0.082167041, published, 'dE/dw5');
  closeTo(valueOf(all, 'dW', 1, 1, 1), 0.000438568, published, 'dE/dw1');
  // And the worked example of the product readout (the Gradients view), to 4 significant digits.
  await openView(page, 'gradients');
  await page.locator('section.view-gradients td[data-quantity="dW"][data-layer="2"][data-row="1"][data-col="2"]').hover();
  await expect(page.locator('section.view-gradients [data-block="gradient-2"] .product')).toHaveText('δ₁⁽³⁾ a₂⁽²⁾ = 0.1385 × 0.5969 = 0.08267');
});
