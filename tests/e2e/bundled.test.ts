/**
 * Opens ready: on a fresh on-disk Chromium profile (launchPersistentContext on a temp dir) the app's
 * real first start installs the two bundled MobileNets (static/models) and both predict the default
 * dog with no import; offline (server stopped) they still predict after a reload; a removed bundled
 * model stays removed after a reload, and "Restore bundled models" brings it back from the service
 * worker's precache (still offline); a sample photo is one click away and changes what they see.
 * Needs no fixtures: it runs on what the app ships.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTS, ROOT, models, sceneVersion, startPersistentApp, waitForFreshPredictions, type Page, type PersistentApp } from './harness';

const SMALL = 'MobileNet v1 0.25 (TF-Hub graph)';
const LARGE = 'MobileNet v1 0.75 (Keras)';
/** First start on 2 busy cores: the page, two installs (download from the app, inspect, store) and two loads. */
const FIRST_START_MS = 180_000;

/** ImageNet-1k classes 151 (Chihuahua) to 268 (Mexican hairless) are the dog breeds. */
const LABELS = JSON.parse(readFileSync(join(ROOT, 'static/models/imagenet-labels.json'), 'utf8')) as string[];
const DOGS = new Set(LABELS.slice(151, 269));

/** Top-5 labels of every prediction panel, by model name. */
async function top5(page: Page): Promise<Record<string, string[]>> {
  const panels = await page.getByTestId('prediction-panel').evaluateAll((els) =>
    els.map((panel) => ({
      name: panel.querySelector('h2, h3')?.textContent?.trim() ?? '',
      labels: [...panel.querySelectorAll('[data-testid="top5-row"]')].map((row) => row.querySelector('.label, span')?.textContent?.trim() ?? '')
    }))
  );
  return Object.fromEntries(panels.map((p) => [p.name, p.labels]));
}

const names = async (page: Page) => (await models(page)).map((m) => m.name);

describe('bundled models on a fresh on-disk profile (production build, Chromium)', () => {
  let app: PersistentApp | undefined;
  let page: Page;
  const profile = mkdtempSync(join(tmpdir(), 'perturber-bundled-'));

  beforeAll(async () => {
    app = await startPersistentApp(PORTS.bundled, profile, { bundledModels: true }); // the real first start
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('first start: both bundled models predict the dog (a dog breed in each top-5) with no import', async () => {
    await waitForFreshPredictions(page, 2, -1, FIRST_START_MS);
    expect(await names(page)).toEqual([SMALL, LARGE]);
    expect(await page.evaluate(() => location.search)).toBe(''); // the default scene: the procedural dog
    const tops = await top5(page);
    for (const name of [SMALL, LARGE]) {
      expect(tops[name], name).toHaveLength(5);
      expect(tops[name].filter((label) => DOGS.has(label)), `${name}: ${tops[name].join(' · ')}`).not.toEqual([]);
    }
    expect((await models(page)).every((m) => m.error === null)).toBe(true);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('offline (server stopped) a reload still predicts with both', async () => {
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 60_000 });
    await app!.stopServer();
    await app!.context.setOffline(true);
    await page.reload();
    await waitForFreshPredictions(page, 2, -1, 60_000);
    expect(await names(page)).toEqual([SMALL, LARGE]);
  });

  it('a removed bundled model stays removed after a reload; "Restore bundled models" brings it back (offline)', async () => {
    await page.getByRole('button', { name: /^Models \(2\)/ }).click();
    await page.getByRole('button', { name: `Remove ${LARGE}` }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByRole('button', { name: /^Models \(1\)/ }).waitFor({ timeout: 10_000 });

    await page.reload();
    const modelsButton = page.getByRole('button', { name: /^Models \(1\)/ });
    await modelsButton.waitFor({ timeout: 90_000 }); // the app's start-up, offline, on a busy machine
    await modelsButton.click();
    // Offered for restoring once the start has read the bundled index: the start is over, and did not reinstall it.
    const removed = page.getByTestId('removed-bundled');
    await removed.waitFor({ timeout: 60_000 });
    expect(await removed.textContent()).toContain(LARGE);
    await waitForFreshPredictions(page, 1, -1, 60_000);
    expect(await names(page)).toEqual([SMALL]);

    await removed.getByRole('button', { name: 'Restore bundled models' }).click();
    await waitForFreshPredictions(page, 2, -1, FIRST_START_MS);
    expect((await names(page)).sort()).toEqual([LARGE, SMALL].sort());
    expect(await removed.count()).toBe(0);
  });

  it('the sample photo "Bird" becomes the subject in one click, and the models see it', async () => {
    const before = await top5(page);
    const version = await sceneVersion(page);
    await page.getByRole('button', { name: 'Sample photo: Bird' }).click();
    await page.getByText('Showing the photo "bird.jpg"').waitFor({ timeout: 20_000 });
    // The link follows the state after its debounce (a quarter of a second).
    await expect.poll(() => page.evaluate(() => location.search), { timeout: 10_000 }).toContain('subject.source=photo');
    await waitForFreshPredictions(page, 2, version, 60_000);
    const after = await top5(page);
    for (const name of [SMALL, LARGE]) {
      expect(after[name], name).not.toEqual(before[name]);
      // The photo is a robin: both models name it, seen at the default camera angle.
      expect(after[name], name).toContain('robin, American robin, Turdus migratorius');
    }
  });
});
