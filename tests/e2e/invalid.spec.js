// Text that is not a finite number is refused in place with a message, never reaches the
// engine, and the last good state stays.
import { test, expect } from '@playwright/test';
import { openPage, openView, hook, readAll } from './helpers.js';

for (const text of ['abc', '1e999', '', '0.1.2', '-']) {
  test(`"${text}" typed into W_12^(2) is refused and nothing changes`, async ({ page }) => {
    await openPage(page);
    await openView(page, 'forward');
    const before = await readAll(page);
    const field = page.locator(`section.view-forward input${hook('W', 2, 1, 2)}`);
    await field.fill(text);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    const message = page.locator('section.view-forward [data-block="forward-2"] .field-message');
    await expect(message).toBeVisible();
    await expect(message).toContainText('W₁₂⁽²⁾');
    await expect(message).toContainText('still uses 0.45');
    const describedBy = await field.getAttribute('aria-describedby');
    expect(describedBy).toBe(await message.getAttribute('id'));
    // Every displayed value is as it was (the engine never saw the text).
    expect(await readAll(page)).toEqual(before);
    // Escape puts the last good value back.
    await field.press('Escape');
    await expect(field).not.toHaveAttribute('aria-invalid', 'true');
    await expect(message).toBeHidden();
    await expect(field).toHaveValue('0.45');
  });
}

test('a good number after a refused one is accepted', async ({ page }) => {
  await openPage(page);
  await openView(page, 'forward');
  const field = page.locator(`section.view-forward input${hook('x', 1, 2)}`);
  await field.fill('zz');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.fill('−0.25'); // a typographic minus is fine
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAttribute('data-value', '-0.25');
  await expect(page.locator(`th${hook('a', 1, 2)}`).first()).toHaveAttribute('data-value', '-0.25');
});
