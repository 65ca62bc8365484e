/**
 * The Experiments view through its controls (production build, Chromium, fixture MobileNet v1 0.25):
 * a 4-value yaw sweep on the dog defined in the editor and run; the runs list shows it complete with
 * every cell; rename (an empty name is refused, saying why); Export CSV has models × points rows; a
 * corrupt definition file is refused with a clear message and the editor keeps its content; a longer
 * run cancelled and resumed, overlaid on the first; delete. A share link opens its definition in the
 * editor (not run) with its problems.
 * A screenshot of the view goes to /tmp/expview.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeFixtures, FIXTURE_MODELS } from '../helpers/fixtures';
import { PORTS, importFolder, modelSettled, models, startApp, type App, type Page } from './harness';

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
    const firstId = await row.getAttribute('data-run-id');
    expect(await view.getByTestId('plots').getAttribute('data-runs')).toBe(firstId);

    // A longer run, cancelled from the progress bar, then resumed from the list, overlaid on the first.
    await axis.getByLabel('Steps', { exact: true }).fill('24');
    await editor.getByLabel('Name').fill('Yaw 24');
    await editor.getByRole('button', { name: 'Run' }).click();
    await page.waitForFunction(() => window.__perturber.sweepProgress().pointsDone >= 2, null, { timeout: 30_000, polling: 50 });
    await view.getByTestId('sweep-progress').getByRole('button', { name: 'Cancel' }).click();
    const long = view.getByTestId('run-row').filter({ hasText: 'Yaw 24' });
    await long.and(page.locator('[data-status="cancelled"]')).waitFor({ timeout: 30_000 });
    expect(await view.getByTestId('sweep-progress').textContent()).toMatch(/Cancelled/);
    await long.getByRole('button', { name: 'Resume' }).click();
    await long.and(page.locator('[data-status="complete"]')).waitFor({ timeout: 60_000 });
    expect(await long.getByTestId('run-rows').textContent()).toBe('24 / 24 rows');
    const longId = await long.getAttribute('data-run-id');
    await row.getByRole('button', { name: 'View' }).click();
    expect(await row.getByRole('button', { name: 'Overlay' }).isDisabled()).toBe(true);
    await long.getByRole('button', { name: 'Overlay' }).click();
    await page.waitForFunction((ids) => document.querySelector('[data-testid="plots"]')?.getAttribute('data-runs') === ids, `${firstId} ${longId}`, { timeout: 5_000 });
    expect(await long.getByRole('button', { name: 'Overlay' }).getAttribute('aria-pressed')).toBe('true');

    // The share link carries the definition.
    await editor.getByRole('button', { name: 'Copy share link' }).click();
    expect(await editor.getByLabel('Share link').inputValue()).toMatch(/\?(.*&)?sweep=[A-Za-z0-9_-]+/);
    await editor.getByLabel('Name').fill('Yaw 4 (dog)');
    await axis.getByLabel('Steps', { exact: true }).fill('4');

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

    // Export definition, then import it back: the editor shows it again.
    const [exported] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), editor.getByRole('button', { name: 'Export definition' }).click()]);
    expect(exported.suggestedFilename()).toBe('yaw-4-dog.sweep.json');
    const file = (await exported.path())!;
    expect(JSON.parse(readFileSync(file, 'utf8')).axes).toEqual([{ kind: 'field', path: 'camera.yaw', values: { from: -90, to: 90, steps: 4 } }]);
    await editor.getByLabel('Name').fill('Something else');
    await axis.getByLabel('Steps', { exact: true }).fill('7');
    await editor.getByLabel('Import definition file').setInputFiles(file);
    await page.waitForFunction(() => document.querySelector('[data-testid="definition-message"]')?.textContent?.includes('Imported'), null, { timeout: 5_000 });
    expect(await editor.getByLabel('Name').inputValue()).toBe('Yaw 4 (dog)');
    expect(await axis.getByLabel('Steps', { exact: true }).inputValue()).toBe('4');
    expect(await editor.getByTestId('sweep-base').textContent()).toMatch(/the imported definition's scene/);

    // Delete asks first, then removes the run.
    await renamed.getByRole('button', { name: 'Delete…' }).click();
    await renamed.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Delete' }).click();
    await renamed.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await view.getByTestId('run-row').count()).toBe(1);
  }, 120_000);

  test('a share link opens its definition in the editor, not run, with its problems; a broken one says why', async () => {
    const definition = {
      version: 1,
      name: 'Shared yaw',
      base: { version: 1 },
      subject: { kind: 'procedural', name: 'cat' },
      axes: [{ kind: 'field', path: 'camera.yaw', values: [0, 90] }],
      truth: { cat: 'cat' },
      models: ['nowhere']
    };
    const shared = await app!.open({ search: `?sweep=${Buffer.from(JSON.stringify(definition)).toString('base64url')}` });
    try {
      expect(await shared.getByRole('navigation').getByRole('button', { name: 'Experiments' }).getAttribute('aria-expanded')).toBe('true');
      const editor = shared.getByRole('form', { name: 'Sweep definition' });
      expect(await editor.getByLabel('Name').inputValue()).toBe('Shared yaw');
      expect(await editor.getByLabel('Subject', { exact: true }).inputValue()).toBe('cat');
      expect(await editor.getByLabel('Values (comma-separated)').inputValue()).toBe('0, 90');
      expect(await editor.getByTestId('sweep-problems').textContent()).toMatch(/Model "nowhere" is not loaded/);
      expect(await editor.getByRole('button', { name: 'Run' }).isDisabled()).toBe(true);
      expect(await shared.getByTestId('sweep-progress').count()).toBe(0);
      // The scene's URL writer keeps the sweep param, and it is not reported as an unknown setting.
      await shared.evaluate(() => window.__perturber.setField('camera.yaw', 45));
      await shared.waitForFunction(() => location.search.includes('camera.yaw=45'), null, { timeout: 5_000 });
      expect(await shared.evaluate(() => new URLSearchParams(location.search).has('sweep'))).toBe(true);
      expect(await shared.getByRole('list', { name: 'Notices' }).count()).toBe(0);
    } finally {
      await shared.context().close();
    }

    const broken = await app!.open({ search: '?sweep=eyJ2ZXJzaW9uIjox' });
    try {
      const problems = broken.getByTestId('link-problems');
      await problems.waitFor({ timeout: 5_000 });
      expect(await problems.textContent()).toMatch(/The sweep in the link could not be opened:[\s\S]*could not be read/);
      expect(await broken.getByRole('form', { name: 'Sweep definition' }).getByLabel('Name').inputValue()).toBe('Yaw sweep');
    } finally {
      await broken.context().close();
    }
  }, 60_000);

  test('plots: one series per model in the model\'s panel colour; hovering a point shows its frame and top-5; a click sets the scene to it', async () => {
    await importFolder(page, FIXTURE_MODELS.v1_025, 'v1 0.25 b');
    expect(await modelSettled(page, 'v1 0.25 b', { minPredictions: 1, timeout: 120_000 })).toBeNull();
    const loaded = await models(page);
    const definition = {
      version: 1,
      name: 'Yaw 6, two models',
      base: { version: 1 },
      subject: { kind: 'procedural', name: 'dog' },
      axes: [{ kind: 'field', path: 'camera.yaw', values: [-150, -90, -30, 30, 90, 150] }],
      truth: {},
      models: loaded.map((m) => m.id)
    };
    const answer = await page.evaluate((text) => window.__perturber.runSweep(text), JSON.stringify(definition));
    if ('problems' in answer) throw new Error(answer.problems.join('\n'));
    expect(await page.evaluate(() => window.__perturber.sweepFinished())).toBe('complete');
    const toggle = page.getByRole('navigation').getByRole('button', { name: 'Experiments' });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    const view = page.getByTestId('experiments-view');
    const row = view.getByTestId('run-row').filter({ hasText: 'Yaw 6, two models' });
    await row.getByRole('button', { name: 'View' }).click();
    await page.waitForFunction((id) => document.querySelector('[data-testid="plots"]')?.getAttribute('data-runs') === id, answer.runId, { timeout: 10_000 });
    const lines = page.locator('[data-testid="run-plot"][data-plot-kind="line"]');
    await lines.first().waitFor({ timeout: 10_000 });
    // A yaw axis also gets a polar plot.
    await page.locator('[data-testid="run-plot"][data-plot-kind="polar"]').waitFor({ timeout: 10_000 });
    const panels = Object.fromEntries(await page.$$eval('[data-testid="prediction-panel"]', (els) => els.map((e) => [e.getAttribute('data-model-id'), getComputedStyle(e).borderLeftColor])));
    expect(new Set(Object.values(panels)).size).toBe(2);
    for (let i = 0; i < (await lines.count()); i++) {
      const series = await lines.nth(i).locator('[data-series]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-model'), getComputedStyle(e).stroke]));
      // One series per model, each drawn in that model's colour in the panels.
      expect(series.map(([model]) => model).sort()).toEqual(loaded.map((m) => m.id).sort());
      for (const [model, stroke] of series) expect(stroke).toBe(panels[model!]);
    }

    const first = lines.first();
    await first.scrollIntoViewIfNeeded();
    // The data dots (inside the lines' box, not the legend's), left to right: the third x is yaw −30°.
    const dot = await first.evaluate((figure) => {
      const box = (e: Element) => e.getBoundingClientRect();
      const lines = [...figure.querySelectorAll('[data-series]')].map(box);
      const top = Math.min(...lines.map((b) => b.top)) - 4;
      const dots = [...figure.querySelectorAll('circle')].map(box).filter((b) => b.top + b.height / 2 >= top);
      const xs = [...new Set(dots.map((b) => Math.round(b.left + b.width / 2)))].sort((a, b) => a - b);
      const at = dots.find((b) => Math.round(b.left + b.width / 2) === xs[2])!;
      return { x: at.left, y: at.top, width: at.width, height: at.height };
    });
    await page.mouse.move(dot.x + dot.width / 2, dot.y + dot.height / 2);
    await page.mouse.move(dot.x + dot.width / 2 + 1, dot.y + dot.height / 2);
    const tip = page.getByTestId('run-plot-tooltip');
    await tip.locator('img').waitFor({ timeout: 5_000 });
    expect(await tip.locator('img').getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
    expect(await tip.textContent()).toMatch(/Yaw\s*-30°/);
    for (const m of loaded) expect(await tip.textContent()).toContain(m.name);
    await page.mouse.click(dot.x + dot.width / 2 + 1, dot.y + dot.height / 2);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('camera.yaw') === '-30', null, { timeout: 10_000 });
  }, 240_000);
});
