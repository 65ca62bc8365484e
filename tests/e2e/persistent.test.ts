/**
 * A real, on-disk browser profile (launchPersistentContext on a temp dir): importing a 10 MB model must
 * never race storage. v1 0.75 is imported five times in a row plus the graph model, each must load and
 * predict with no error; then the models survive a reload and an offline reload from the same profile.
 * (Before the weights were known to be committed, 4 of 5 such imports failed with "Cannot find model
 * with path … in IndexedDB".)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeFixtures, FIXTURE_MODELS } from '../helpers/fixtures';
import {
  PORTS,
  importFolder,
  modelSettled,
  models,
  sceneVersion,
  startPersistentApp,
  waitForFreshPredictions,
  type BrowserContext,
  type Page,
  type PersistentApp
} from './harness';

const IMPORTS = 5;

describeFixtures('storage on a persistent (on-disk) Chromium profile', () => {
  let app: PersistentApp | undefined;
  let context: BrowserContext;
  let page: Page;
  const profile = mkdtempSync(join(tmpdir(), 'perturber-profile-'));

  beforeAll(async () => {
    app = await startPersistentApp(PORTS.persistent, profile);
    ({ context, page } = app);
    await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 90_000 });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it(`imports v1 0.75 ${IMPORTS} times in a row and the graph model with zero load failures`, async () => {
    const failures: string[] = [];
    for (let i = 1; i <= IMPORTS; i++) {
      const name = `v1 0.75 #${i}`;
      await importFolder(page, FIXTURE_MODELS.v1_075, name, 'wasm');
      const error = await modelSettled(page, name, { minPredictions: 1 });
      if (error) failures.push(`${name}: ${error}`);
    }
    await importFolder(page, FIXTURE_MODELS.v1_025_graph, 'v1 0.25 graph', 'wasm');
    const graphError = await modelSettled(page, 'v1 0.25 graph', { minPredictions: 1 });
    if (graphError) failures.push(`graph: ${graphError}`);
    expect(failures).toEqual([]);
    expect((await models(page)).length).toBe(IMPORTS + 1);
  });

  it('after a reload from disk every model loads and predicts', async () => {
    await page.reload();
    await waitForFreshPredictions(page, IMPORTS + 1, -1, 120_000);
    expect((await models(page)).every((m) => m.error === null)).toBe(true);
  });

  it('a damaged record is set aside with Remove, and leftover weights are cleaned up once, with a notice', async () => {
    await page.evaluate(async () => {
      // The app's database at whatever version the app made it (no version: open the current one).
      const open = (name: string, version: number | undefined, stores: string[]) =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const req = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
          req.onupgradeneeded = () => stores.forEach((s) => req.result.objectStoreNames.contains(s) || req.result.createObjectStore(s, { keyPath: s === 'models' ? 'id' : 'modelPath' }));
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      const put = (db: IDBDatabase, store: string, value: unknown) =>
        new Promise<void>((resolve, reject) => {
          const tx = db.transaction(store, 'readwrite');
          tx.objectStore(store).put(value);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      const meta = await open('perturber', undefined, ['models']);
      await put(meta, 'models', { id: 'damaged', name: 'Damaged model', format: 'layers' }); // most fields missing
      meta.close();
      const weights = await open('tensorflowjs', 1, ['models_store', 'model_info_store']);
      const info = { dateSaved: new Date(Date.now() - 3_600_000), modelTopologyType: 'JSON', weightDataBytes: 4 };
      await put(weights, 'model_info_store', { modelPath: 'perturber-left-over', modelArtifactsInfo: info });
      await put(weights, 'models_store', { modelPath: 'perturber-left-over', modelArtifacts: { weightData: new ArrayBuffer(4) }, modelArtifactsInfo: info });
      weights.close();
    });
    await page.reload();
    const damaged = page.getByRole('status').filter({ hasText: 'The stored model "Damaged model" could not be read' });
    await damaged.waitFor({ timeout: 60_000 });
    await page.getByRole('status').filter({ hasText: 'Removed the stored weights of 1 unfinished import' }).waitFor({ timeout: 30_000 });
    await waitForFreshPredictions(page, IMPORTS + 1, -1, 120_000); // the other models run
    await page.screenshot({ path: join(tmpdir(), 'perturber-damaged-record.png') });
    await damaged.getByRole('button', { name: 'Remove' }).click();
    await damaged.waitFor({ state: 'detached', timeout: 10_000 });
    await page.reload();
    await waitForFreshPredictions(page, IMPORTS + 1, -1, 120_000);
    // Removed for good, and the leftover weights are not reported again.
    expect(await page.getByText('could not be read').count()).toBe(0);
    expect(await page.getByText('unfinished import').count()).toBe(0);
  });

  it('offline (server stopped) a reload from the on-disk profile still predicts', async () => {
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
    await app!.stopServer();
    await context.setOffline(true);
    await page.reload();
    await waitForFreshPredictions(page, IMPORTS + 1, -1, 120_000);
    await page.getByRole('slider', { name: 'Yaw' }).fill('60');
    const v = await sceneVersion(page);
    await waitForFreshPredictions(page, IMPORTS + 1, v - 1, 120_000);
  });
});
