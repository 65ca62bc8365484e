/**
 * The smoke lane every non-Chromium engine runs on the production build: first start (the two bundled
 * models install and predict), removing them (the empty list offers import), import the small fixture
 * (MobileNet v1 0.25, TF-Hub graph format) through the file input, live prediction that follows the
 * camera, activation maps and an FGSM attack, offline reload from the service worker, and removal.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeFixtures, FIXTURE_MODELS } from '../helpers/fixtures';
import { FILES_LABEL, folderFiles, startPreview, type Preview } from '../e2e/harness';
import type { EnginePage } from './engines';
import { modelStates, perform, waitForPredictions, waitInPage } from './page-actions';

const NAME = 'v1 0.25 graph';
/** The models the app ships (static/models/index.json), in the order they are installed. */
const BUNDLED = ['MobileNet v1 0.25 (TF-Hub graph)', 'MobileNet v1 0.75 (Keras)'];

/** Top-5 rows of the first prediction panel: [label, probability][]. */
const top5 = () =>
  [...document.querySelectorAll('[data-testid="prediction-panel"] [data-testid="top5-row"]')].map(
    (row) => [row.querySelector('.label, span')?.textContent?.trim() ?? '', Number(row.getAttribute('data-p'))] as [string, number]
  );

/** The sum of the pixel values of the first heatmap canvas when it is drawn (not blank), else false. */
const drawnHeatmap = () => {
  const canvas = document.querySelector('[data-testid="heatmap"]') as HTMLCanvasElement | null;
  if (!canvas) return false;
  const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += data[i] + data[i + 1] + data[i + 2];
  return sum > 0 ? sum : false;
};

const dialogText = () => document.querySelector('[role="dialog"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? 'no dialog';

const setYaw = (yaw: number) => {
  window.__perturber.setField('camera.yaw', yaw);
  return window.__perturber.sceneVersion();
};

/** Registers the smoke lane for one engine; `open` starts the browser. */
export function smokeLane(engine: string, basePort: number, open: () => Promise<EnginePage>) {
  describeFixtures(`Smoke lane: ${engine} (production build)`, () => {
    let preview: Preview | null = null;
    let page: EnginePage;

    beforeAll(async () => {
      preview = await startPreview(basePort);
      page = await open();
      console.log(`${engine}: ${page.name}`);
    });

    // Each step builds on the one before: after a failure, the rest are skipped rather than timing out.
    let failedStep: string | null = null;
    afterEach((ctx) => {
      if (ctx.task.result?.state === 'fail') failedStep ??= ctx.task.name;
    });
    beforeEach((ctx) => {
      if (failedStep) ctx.skip(`skipped: an earlier step failed ("${failedStep}")`);
    });

    afterAll(async () => {
      if (page) await page.screenshot(join(tmpdir(), `perturber-smoke-${engine.toLowerCase()}.png`)).catch(() => undefined);
      await page?.close();
      await preview?.stop();
    });

    it('first start: the scene renders and the two bundled models install and predict', async () => {
      await page.goto(preview!.url + '/');
      const ready = await waitForPredictions(page, 2, -1, 180_000);
      expect(ready.map((m) => m.name)).toEqual(BUNDLED);
      const start = await page.evaluate(() => ({
        heading: document.querySelector('h1')?.textContent,
        canvas: !!document.querySelector('canvas'),
        webgl2: !!document.createElement('canvas').getContext('webgl2')
      }));
      expect(start).toEqual({ heading: 'Perturber', canvas: true, webgl2: true });
      console.log(`${engine}: bundled models on ${ready.map((m) => m.backend).join(', ')}`);
    });

    it('removing the bundled models leaves the empty model list, which offers Import model and a restore', async () => {
      await perform(page, { kind: 'click', name: 'Models (2)', exact: false });
      for (const name of BUNDLED) {
        await perform(page, { kind: 'click', name: `Remove ${name}` });
        await perform(page, { kind: 'click', name: 'Yes, remove' });
        await waitInPage(page, `${name} removed`, (n: string) => !window.__perturber.models().some((m) => m.name === n), [name]);
      }
      await waitInPage(page, 'the empty model list', () => !!document.body.textContent?.includes('No models yet.'), []);
      expect(await page.evaluate(() => document.querySelector('[data-testid="removed-bundled"]')?.textContent?.includes('Restore bundled models'))).toBe(true);
    });

    it('imports the small graph model through the file input', async () => {
      await perform(page, { kind: 'click', name: 'Import model' });
      await perform(page, { kind: 'mark-file-input', label: FILES_LABEL });
      await page.setFiles('[data-smoke-file-input]', folderFiles(FIXTURE_MODELS.v1_025_graph));
      // The metadata form, or the import's error message (then at once, not after a timeout).
      const shown = await waitInPage(
        page,
        'the metadata form',
        () => (document.querySelector('form[aria-label="Model details"]') ? 'form' : document.querySelector('[role="dialog"] [role="alert"]')?.textContent),
        [],
        90_000,
        dialogText
      );
      expect(shown).toBe('form');
      await perform(page, { kind: 'fill', label: 'Display name', value: NAME });
      await perform(page, { kind: 'click', name: 'Add model' });
      await waitInPage(page, 'the import dialog to close', () => !document.querySelector('[role="dialog"]'), [], 120_000, dialogText);
      const [model] = (await page.evaluate(modelStates))!;
      expect(model.name).toBe(NAME);
      expect(model.error).toBeNull();
    });

    it('predicts live: a top-5 that changes when the camera moves', async () => {
      const [ready] = await waitForPredictions(page, 1);
      expect(['wasm', 'webgl', 'cpu']).toContain(ready.backend);
      const load = await page.evaluate((id: string) => window.__perturber.loadResult(id), ready.id);
      console.log(`${engine}: predicting on ${ready.backend}; load: ${JSON.stringify(load)}`);
      const before = await page.evaluate(top5);
      expect(before).toHaveLength(5);
      const ps = before.map(([, p]) => p);
      expect([...ps].sort((a, b) => b - a)).toEqual(ps);
      const version = await page.evaluate(setYaw, 140);
      await waitForPredictions(page, 1, version - 1);
      expect(await page.evaluate(top5)).not.toEqual(before);
    });

    it('shows activation maps and runs an FGSM attack that changes the top-1', async () => {
      await perform(page, { kind: 'click', name: 'Activations & feature visualisation' });
      expect(await waitInPage(page, 'a drawn heatmap', drawnHeatmap, [], 60_000)).toBeGreaterThan(0);
      await perform(page, { kind: 'click', name: 'Adversarial attack' });
      await perform(page, { kind: 'select', label: 'Attack method', value: 'fgsm' });
      await perform(page, { kind: 'fill', label: 'Epsilon', value: '8' });
      await perform(page, { kind: 'click', name: 'Attack' });
      const row = await waitInPage(page, 'the attack result', () => {
        const r = document.querySelector('[data-testid="attack-row"]');
        if (!document.querySelector('[data-testid="adversarial-frame"]') || !r) return false;
        return {
          clean: r.querySelector('[data-testid="clean-top1"]')?.getAttribute('data-class'),
          adversarial: r.querySelector('[data-testid="adversarial-top1"]')?.getAttribute('data-class')
        };
      }, [], 90_000, () => document.querySelector('[aria-label="Attack panel"]')?.textContent);
      expect(row.clean).toMatch(/^\d+$/);
      expect(row.adversarial).toMatch(/^\d+$/);
      expect(row.adversarial).not.toBe(row.clean);
    });

    it('offline (server stopped) a reload still loads the app and the stored model predicts', async () => {
      await waitInPage(page, 'a controlling service worker', () => navigator.serviceWorker?.controller != null, [], 60_000);
      await preview!.stop();
      preview = null;
      await page.reload();
      const [model] = await waitForPredictions(page, 1);
      expect(model.status).toBe('ready');
      expect(await page.evaluate(top5)).toHaveLength(5);
    });

    it('the model manager removes the model, and it stays removed after a reload', async () => {
      await perform(page, { kind: 'click', name: 'Models (1)', exact: false });
      await perform(page, { kind: 'click', name: `Remove ${NAME}` });
      await perform(page, { kind: 'click', name: 'Yes, remove' });
      await waitInPage(page, 'Models (0)', () => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim().startsWith('Models (0)')), []);
      await page.reload();
      await waitInPage(page, 'the empty model list after the reload', () => !!document.body.textContent?.includes('No models yet.') && !!window.__perturber, [], 60_000);
      expect(await page.evaluate(modelStates)).toEqual([]);
    });
  });
}
