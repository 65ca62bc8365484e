/**
 * The spine, end to end on the production build in Chromium: import a layers and a graph model through
 * the file input, live top-5 on both, camera motion changes predictions, models survive a reload, the
 * app works offline from the service worker, and a malformed model reports an error without stopping
 * the others.
 *
 * Every test stands on its own (`-t` runs any one of them): the first opens a fresh profile; the others
 * share one page where the three models were imported once (an import takes ~30 s here), and each
 * starts from the same state: server up, network on, no dialog open, every scene field at its default,
 * fresh predictions of all three models. The model manager test, which removes a model from storage,
 * gets a profile of its own, a copy of that page's storage.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/lib/state/schema';
import { describeFixtures, FIXTURE_MODELS } from '../helpers/fixtures';
import {
  FILES_LABEL,
  PORTS,
  importFolder,
  models,
  sceneVersion,
  startApp,
  waitForFreshPredictions,
  type App,
  type Page,
  type StorageState
} from './harness';

const VIEWPORT = { width: 1280, height: 860 };
const IMPORTED: [dir: string, name: string][] = [
  [FIXTURE_MODELS.v1_025, 'v1 0.25 (layers)'],
  [FIXTURE_MODELS.v1_025_graph, 'v1 0.25 (graph)'],
  [FIXTURE_MODELS.v1_075, 'v1 0.75 (layers)']
];
/** Every scene-state field with its default value: the state of a page opened at `/`. */
const DEFAULT_SCENE = FIELDS.map(({ path, spec }) => [path, spec.default] as const);

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

/** Sets every scene-state field to its default through the test hooks; resolves to the scene version after. */
function resetScene(page: Page): Promise<number> {
  return page.evaluate((fields) => {
    for (const [path, value] of fields) window.__perturber.setField(path, value);
    return window.__perturber.sceneVersion();
  }, DEFAULT_SCENE);
}

/** Moves the Yaw slider to `yaw`; resolves to the scene version of that change. */
async function setYaw(page: Page, yaw: number): Promise<number> {
  await page.getByRole('slider', { name: 'Yaw' }).fill(String(yaw));
  return sceneVersion(page);
}

describeFixtures('Perturber end to end (production build, Chromium)', () => {
  let app: App;
  const logs: string[] = [];

  beforeAll(async () => {
    app = await startApp(PORTS.app, { logs });
  });

  afterAll(async () => {
    await app?.close({ logLines: 60 });
  });

  it('opens on an empty model list that offers import and the catalogue', async () => {
    const page = await app.open({ viewport: VIEWPORT });
    try {
      await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 30_000 });
      const side = page.getByRole('complementary', { name: 'Models' });
      await side.getByRole('button', { name: 'Import model' }).waitFor({ timeout: 30_000 });
      await side.getByRole('button', { name: 'Browse the catalogue' }).click();
      // The catalogue lists well-known public models, each with an Add button.
      await page.getByRole('button', { name: /^Add MobileNet v2/ }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Escape');
    } finally {
      await page.context().close();
    }
  });

  it("on software WebGL (this machine's SwiftShader) says so, and the view's canvas is not multisampled", async () => {
    const page = await app.open({ viewport: VIEWPORT });
    try {
      await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 30_000 });
      await page.locator('canvas').first().waitFor({ timeout: 30_000 });
      const context = await page.evaluate(() => {
        const probe = document.createElement('canvas').getContext('webgl2');
        const info = probe?.getExtension('WEBGL_debug_renderer_info');
        const renderer = info ? String(probe!.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
        probe?.getExtension('WEBGL_lose_context')?.loseContext();
        // getContext on the scene's canvas hands back the context three.js made.
        const gl = document.querySelector('canvas')!.getContext('webgl2');
        return { renderer, antialias: gl?.getContextAttributes()?.antialias ?? null };
      });
      if (!/swiftshader|llvmpipe/i.test(context.renderer)) {
        console.warn(`SKIPPED the software-WebGL check: this browser draws on a GPU (${context.renderer})`);
        return;
      }
      await page.getByTestId('software-webgl').waitFor({ timeout: 10_000 });
      expect((await page.getByTestId('software-webgl').textContent())?.trim()).toBe('software graphics');
      expect(await page.getByTestId('software-webgl').getAttribute('title')).toContain(context.renderer);
      expect(context.antialias).toBe(false);
    } finally {
      await page.context().close();
    }
  });

  describe('with a layers and a graph model imported from files', () => {
    let page: Page;
    /** The storage of that page's profile, for a test that changes what is stored. */
    let imported: StorageState;

    beforeAll(async () => {
      page = await app.open({ viewport: VIEWPORT });
      for (const [dir, name] of IMPORTED) await importFolder(page, dir, name);
      await waitForFreshPredictions(page, 3);
      imported = await page.context().storageState({ indexedDB: true });
    });

    beforeEach(async () => {
      // Whatever a test left (the offline test stops the server and the network; another leaves a
      // dialog open or the camera moved), each starts from the state of the page as it was imported.
      await app.serve();
      await page.context().setOffline(false);
      const modal = page.locator('[role="dialog"][aria-modal="true"]');
      if (await modal.count()) {
        await page.keyboard.press('Escape');
        await modal.waitFor({ state: 'detached', timeout: 10_000 });
      }
      const v = await resetScene(page);
      await waitForFreshPredictions(page, 3, v - 1);
    });

    it('imports a layers and a graph model from files; all three models show a live top-5', async () => {
      expect((await models(page)).map((m) => m.name)).toEqual(IMPORTED.map(([, name]) => name));
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
      const version = await sceneVersion(page);
      // Drag on the 3D view to orbit the camera.
      const box = (await page.locator('canvas').first().boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width / 2 + i * 25, box.y + box.height / 2 - i * 8);
      await page.mouse.up();
      const yaw = await page.getByRole('slider', { name: 'Yaw' }).inputValue();
      expect(Number(yaw)).not.toBe(30);
      const moved = await sceneVersion(page);
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
      const v = await setYaw(page, -60);
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
      expect(first.restarts).toBe(0);
      await page.evaluate((id) => window.__perturber.simulateCrash(id), first.id);
      await page.waitForFunction((id) => window.__perturber.models().find((m) => m.id === id)!.restarts > 0, first.id, { timeout: 20_000 });
      const v = await setYaw(page, 120);
      await waitForFreshPredictions(page, 3, v - 1);
      const after = (await models(page)).find((m) => m.id === first.id)!;
      expect(after.status).toBe('ready');
      expect(after.restarts).toBe(1);
    });

    it('offline (server stopped) a reload still loads the app and predicts', async () => {
      await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
      await app.stopServer();
      await page.context().setOffline(true);
      await page.reload();
      await waitForFreshPredictions(page, 3);
      expect((await top5(page)).every((rows) => rows.length === 5)).toBe(true);
      const v = await setYaw(page, 90);
      await waitForFreshPredictions(page, 3, v - 1);
      await page.screenshot({ path: join(tmpdir(), 'perturber-offline.png') });
    });

    it('the model manager removes a model, and it stays removed after a reload', async () => {
      // A profile of its own with the same stored models: the removal must not reach the other tests.
      const own = await app.open({ viewport: VIEWPORT, storageState: imported });
      try {
        await waitForFreshPredictions(own, 3);
        await own.getByRole('button', { name: /^Models \(3\)/ }).click();
        await own.getByRole('button', { name: 'Remove v1 0.25 (graph)' }).click();
        await own.getByRole('button', { name: 'Yes, remove' }).click();
        await own.getByRole('button', { name: /^Models \(2\)/ }).waitFor({ timeout: 10_000 });
        await own.reload();
        await waitForFreshPredictions(own, 2);
        expect((await models(own)).map((m) => m.name)).toEqual(['v1 0.25 (layers)', 'v1 0.75 (layers)']);
      } finally {
        await own.context().close();
      }
    });
  });
});
