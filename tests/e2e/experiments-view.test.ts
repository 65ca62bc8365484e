/**
 * The Experiments view through its controls (production build, Chromium, fixture MobileNet v1 0.25):
 * a 4-value yaw sweep on the dog defined in the editor and run; the runs list shows it complete with
 * every cell; rename (an empty name is refused, saying why); Export CSV has models × points rows; a
 * corrupt definition file is refused with a clear message and the editor keeps its content; delete.
 * A screenshot of the view goes to /tmp/expview.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeFixtures, FIXTURE_MODELS } from '../helpers/fixtures';
import { PORTS, importFolder, modelSettled, startApp, type App, type Page } from './harness';

describeFixtures('Experiments view (production build, Chromium, MobileNet v1 0.25)', () => {
  let app: App | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await startApp(PORTS.experimentsView);
    page = await app.open({ viewport: { width: 1280, height: 900 } });
    await importFolder(page, FIXTURE_MODELS.v1_025, 'v1 0.25');
    expect(await modelSettled(page, 'v1 0.25', { minPredictions: 1, timeout: 120_000 })).toBeNull();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  test('define, run, rename, export, refuse a corrupt import, delete', async () => {
    const toggle = page.getByRole('navigation').getByRole('button', { name: 'Experiments' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const view = page.getByTestId('experiments-view');
    await view.waitFor({ timeout: 5_000 });
    // The scene stays mounted above it (sweeps render through it).
    expect(await page.locator('.scene-box canvas').count()).toBeGreaterThan(0);

    const editor = view.getByRole('form', { name: 'Sweep definition' });
    await editor.getByLabel('Name').fill('Yaw 4 (dog)');
    const axis = editor.getByRole('group', { name: 'Axis 1' });
    await axis.getByLabel('Sweeps').selectOption('camera.yaw');
    await axis.getByLabel('From', { exact: true }).fill('-90');
    await axis.getByLabel('To', { exact: true }).fill('90');
    await axis.getByLabel('Steps', { exact: true }).fill('4');
    expect(await axis.getByTestId('axis-preview').textContent()).toMatch(/Values: -90, -30, 30, 90/);
    await editor.getByLabel('Subject', { exact: true }).selectOption('dog');
    expect(await editor.getByRole('checkbox', { name: 'v1 0.25' }).isChecked()).toBe(true);
    expect((await editor.getByTestId('sweep-count').textContent())?.replace(/\s+/g, ' ').trim()).toBe('4 points × 1 model = 4 predictions');
    expect(await editor.getByTestId('sweep-problems').count()).toBe(0);

    // A problem is listed before Run, and Run waits for it to be fixed.
    await axis.getByLabel('Steps', { exact: true }).fill('0');
    await editor.getByTestId('sweep-problems').waitFor({ timeout: 5_000 });
    expect(await editor.getByTestId('sweep-problems').textContent()).toMatch(/"steps" must be a whole number of at least 1/);
    expect(await editor.getByRole('button', { name: 'Run' }).isDisabled()).toBe(true);
    await axis.getByLabel('Steps', { exact: true }).fill('4');

    await editor.getByRole('button', { name: 'Run' }).click();
    const row = view.getByTestId('run-row').filter({ hasText: 'Yaw 4 (dog)' });
    await row.and(page.locator('[data-status="complete"]')).waitFor({ timeout: 60_000 });
    expect(await row.getByTestId('run-status').textContent()).toBe('complete');
    expect(await row.getByTestId('run-rows').textContent()).toBe('4 / 4 rows');
    await view.getByTestId('sweep-progress').and(page.locator('[data-status="complete"]')).waitFor({ timeout: 5_000 });
    expect(await view.getByTestId('sweep-progress').textContent()).toMatch(/4 \/ 4 points/);
    expect(await view.getByTestId('run-plots').count()).toBe(1);

    // Rename: an empty name is refused with the checker's words; a good one is stored.
    await row.getByRole('button', { name: 'Rename' }).click();
    const nameInput = view.getByLabel('New name of Yaw 4 (dog)');
    await nameInput.fill('  ');
    await view.getByRole('button', { name: 'Save' }).click();
    expect(await view.getByRole('alert').filter({ hasText: 'Give the run a name.' }).count()).toBe(1);
    await nameInput.fill('Yaw renamed');
    await view.getByRole('button', { name: 'Save' }).click();
    const renamed = view.getByTestId('run-row').filter({ hasText: 'Yaw renamed' });
    await renamed.waitFor({ timeout: 5_000 });

    // Export CSV: one row per model × point.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), renamed.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('yaw-renamed.csv');
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^point,model_id,model_name,subject,camera\.yaw,top1_label/);
    expect(lines).toHaveLength(1 + 1 * 4);
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(['-90', '-30', '30', '90']);

    // A corrupt definition file: a clear message, and the editor keeps what it had.
    await editor.getByLabel('Import definition file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "name": ') });
    const message = editor.getByTestId('definition-message');
    await message.waitFor({ timeout: 5_000 });
    expect(await message.textContent()).toMatch(/"broken\.json" is not a sweep definition this app can use; the editor keeps what it had:[\s\S]*not valid JSON/);
    expect(await editor.getByLabel('Name').inputValue()).toBe('Yaw 4 (dog)');
    expect(await axis.getByLabel('From', { exact: true }).inputValue()).toBe('-90');
    expect(await axis.getByLabel('Steps', { exact: true }).inputValue()).toBe('4');

    await page.screenshot({ path: '/tmp/expview.png', fullPage: true });

    // Delete asks first, then removes the run.
    await renamed.getByRole('button', { name: 'Delete…' }).click();
    await renamed.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Delete' }).click();
    await renamed.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await view.getByTestId('run-row').count()).toBe(0);
  }, 120_000);
});
