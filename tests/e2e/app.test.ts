/**
 * The spine, end to end on the production build in Chromium: import a layers and a graph model through
 * the file input, live top-5 on both, camera motion changes predictions, models survive a reload, the
 * app works offline from the service worker, and a malformed model reports an error without stopping
 * the others.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeFixtures, FIXTURE_MODELS } from '../helpers/fixtures';
import {
  FILES_LABEL,
  importFolder,
  launchBrowser,
  models,
  newAppContext,
  startPreview,
  waitForFreshPredictions,
  watchConsole,
  type Browser,
  type BrowserContext,
  type ModelInfo,
  type Page,
  type Preview
} from './harness';

const PORT = 4317;

/** Top-5 rows of every prediction panel as [label, p][] per panel. */
async function top5(page: Page): Promise<[string, number][][]> {
  return page.getByTestId('prediction-panel').evaluateAll((panels) =>
    panels.map((panel) =>
      [...panel.querySelectorAll('[data-testid="top5-row"]')].map(
        (row) => [row.querySelector('.label, span')?.textContent?.trim() ?? '', Number(row.getAttribute('data-p'))] as [string, number]
      )
    )
  );
}

describeFixtures('Perturber end to end (production build, Chromium)', () => {
  let preview: Preview | null = null;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const logs: string[] = [];

  beforeAll(async () => {
    preview = await startPreview(PORT);
    browser = await launchBrowser();
    // Without the bundled models: this suite imports its own (bundled.test.ts covers the first start with them).
    context = await newAppContext(browser);
    page = await context.newPage();
    watchConsole(page, logs);
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
    if (logs.length) console.log('browser console:\n' + logs.slice(0, 60).join('\n'));
  });

  it('opens on an empty model list that offers import and the catalogue', async () => {
    await page.goto(preview!.url + '/');
    await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 30_000 });
    const side = page.getByRole('complementary', { name: 'Models' });
    await side.getByRole('button', { name: 'Import model' }).waitFor({ timeout: 30_000 });
    await side.getByRole('button', { name: 'Browse the catalogue' }).click();
    // The catalogue lists well-known public models, each with an Add button.
    await page.getByRole('button', { name: /^Add MobileNet v2/ }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
  });

  it('imports a layers and a graph model from files; all three models show a live top-5', async () => {
    await importFolder(page, FIXTURE_MODELS.v1_025, 'v1 0.25 (layers)');
    await importFolder(page, FIXTURE_MODELS.v1_025_graph, 'v1 0.25 (graph)');
    await importFolder(page, FIXTURE_MODELS.v1_075, 'v1 0.75 (layers)');
    await waitForFreshPredictions(page, 3);
    const panels = await top5(page);
    expect(panels).toHaveLength(3);
    for (const rows of panels) {
      expect(rows).toHaveLength(5);
      const ps = rows.map(([, p]) => p);
      expect(ps.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect([...ps].sort((a, b) => b - a)).toEqual(ps);
      expect(rows[0][0].length).toBeGreaterThan(0);
    }
    // Each panel names the backend the measurement chose.
    const backends = await page.getByTestId('prediction-panel').evaluateAll((els) => els.map((e) => e.getAttribute('data-backend')));
    for (const b of backends) expect(['webgl', 'wasm', 'cpu']).toContain(b);
  });

  it('moving the camera changes the predictions', async () => {
    const before = await top5(page);
    const version = await page.evaluate(() => (window as unknown as { __perturber: { sceneVersion(): number } }).__perturber.sceneVersion());
    // Drag on the 3D view to orbit the camera.
    const box = (await page.locator('canvas').first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width / 2 + i * 25, box.y + box.height / 2 - i * 8);
    await page.mouse.up();
    const yaw = await page.getByRole('slider', { name: 'Yaw' }).inputValue();
    expect(Number(yaw)).not.toBe(30);
    const moved = await page.evaluate(() => (window as unknown as { __perturber: { sceneVersion(): number } }).__perturber.sceneVersion());
    expect(moved).toBeGreaterThan(version);
    await waitForFreshPredictions(page, 3, moved - 1);
    const after = await top5(page);
    const changed = after.some((rows, i) => JSON.stringify(rows) !== JSON.stringify(before[i]));
    expect(changed).toBe(true);
  });

  it('a malformed model shows an error while the other models keep predicting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perturber-bad-'));
    const bad = join(dir, 'model.json');
    writeFileSync(bad, '{"modelTopology": {"node": [], "weightsManifest": ');
    await page.getByRole('navigation').getByRole('button', { name: 'Import model' }).click();
    await page.getByLabel(FILES_LABEL).setInputFiles([bad]);
    const alert = page.locator('[data-error-code="malformed-model-json"], [data-error-code="no-model-json"]').first();
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/model\.json/);
    // The other models still follow the camera.
    const counts = (await models(page)).map((m) => m.predictions);
    await page.keyboard.press('Escape');
    await page.getByRole('slider', { name: 'Yaw' }).fill('-60');
    const v = await page.evaluate(() => (window as unknown as { __perturber: { sceneVersion(): number } }).__perturber.sceneVersion());
    await waitForFreshPredictions(page, 3, v - 1);
    const later = (await models(page)).map((m) => m.predictions);
    later.forEach((n, i) => expect(n).toBeGreaterThan(counts[i]));
  });

  it('after a reload both models are still there and predict', async () => {
    await page.reload();
    await waitForFreshPredictions(page, 3);
    const names = (await models(page)).map((m) => m.name);
    expect(names).toEqual(['v1 0.25 (layers)', 'v1 0.25 (graph)', 'v1 0.75 (layers)']);
  });

  it('a crashed worker restarts and its model predicts again', async () => {
    const [first] = await models(page);
    await page.evaluate((id) => (window as unknown as { __perturber: { simulateCrash(id: string): Promise<void> } }).__perturber.simulateCrash(id), first.id);
    await page.waitForFunction(
      (id) => (window as unknown as { __perturber: { models(): ModelInfo[] } }).__perturber.models().find((m) => m.id === id)!.restarts > 0,
      first.id,
      { timeout: 20_000 }
    );
    await page.getByRole('slider', { name: 'Yaw' }).fill('120');
    const v = await page.evaluate(() => (window as unknown as { __perturber: { sceneVersion(): number } }).__perturber.sceneVersion());
    await waitForFreshPredictions(page, 3, v - 1);
    const after = (await models(page)).find((m) => m.id === first.id)!;
    expect(after.status).toBe('ready');
    expect(after.restarts).toBe(1);
  });

  it('offline (server stopped) a reload still loads the app and predicts', async () => {
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
    await preview!.stop();
    preview = null;
    await context.setOffline(true);
    await page.reload();
    await waitForFreshPredictions(page, 3);
    expect((await top5(page)).every((rows) => rows.length === 5)).toBe(true);
    await page.getByRole('slider', { name: 'Yaw' }).fill('90');
    const v = await page.evaluate(() => (window as unknown as { __perturber: { sceneVersion(): number } }).__perturber.sceneVersion());
    await waitForFreshPredictions(page, 3, v - 1);
    await page.screenshot({ path: join(tmpdir(), 'perturber-offline.png') });
  });

  it('the model manager removes a model, and it stays removed after a reload', async () => {
    await page.getByRole('button', { name: /^Models \(3\)/ }).click();
    await page.getByRole('button', { name: 'Remove v1 0.25 (graph)' }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByRole('button', { name: /^Models \(2\)/ }).waitFor({ timeout: 10_000 });
    await page.reload();
    await waitForFreshPredictions(page, 2);
    expect((await models(page)).map((m) => m.name)).toEqual(['v1 0.25 (layers)', 'v1 0.75 (layers)']);
  });
});
