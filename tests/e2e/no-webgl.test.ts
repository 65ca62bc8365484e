/**
 * A browser without WebGL (Chromium with --disable-webgl --disable-3d-apis, no SwiftShader): the page
 * opens with a message saying why there is no 3D scene, the model column, import and manager work, and
 * an imported photo reaches the model (a 2D-canvas centre crop), also after a reload.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeFixtures, FIXTURE_MODELS, IMAGES_DIR } from '../helpers/fixtures';
import { CHROMIUM_ARGS, PORTS, ROOT, importFolder, models, reloadApp, startApp, type App, type Page } from './harness';

/** The harness's flags without the software-GL ones, plus the switches that turn WebGL off. */
const NO_WEBGL_ARGS = [
  ...CHROMIUM_ARGS.filter((a) => !/swiftshader|use-angle|gpu-blocklist/.test(a)),
  '--disable-webgl',
  '--disable-3d-apis'
];

const isRobin = (label: string | null) => /\brobin\b/i.test(label ?? '');

describeFixtures('No WebGL (Chromium with WebGL disabled)', () => {
  let app: App | undefined;
  let page: Page;
  const logs: string[] = [];

  beforeAll(async () => {
    app = await startApp(PORTS.noWebgl, { args: NO_WEBGL_ARGS, logs });
  });

  afterAll(async () => {
    await app?.close({ logLines: 60 });
  });

  it('opens with a message instead of the scene, and the model column works', async () => {
    page = await app!.open({ viewport: { width: 1280, height: 860 } });
    expect(await page.evaluate(() => !!document.createElement('canvas').getContext('webgl2'))).toBe(false);
    await expect.poll(() => page.getByRole('heading', { name: 'The 3D scene needs WebGL' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await expect(page.getByTestId('no-webgl').textContent()).resolves.toMatch(/Firefox: about:config → webgl\.disabled = false/);
    await expect(page.getByTestId('unavailable-perturbations').textContent()).resolves.toMatch(/Unavailable without WebGL/);
    // The empty model list with its import card, as with WebGL.
    await page.getByText('No models yet.').waitFor({ timeout: 10_000 });
    expect(logs.filter((l) => /webgl/i.test(l))).toEqual([]);
  });

  it('imports a model and a photo; the model classifies the photo (robin)', async () => {
    await importFolder(page, FIXTURE_MODELS.v1_025, 'v1 0.25', 'wasm');
    await page.getByLabel('Import photo').setInputFiles(join(IMAGES_DIR, 'bird.jpg'));
    await page.waitForFunction(() => window.__perturber.models()[0]?.top1 != null, null, { timeout: 60_000, polling: 250 });
    const [m] = await models(page);
    expect(m.status).toBe('ready');
    expect(m.backend).toBe('wasm');
    expect(isRobin(m.top1)).toBe(true);
    await expect(page.getByTestId('prediction-panel').first().textContent()).resolves.toMatch(/robin/);
    // The same frame reaches the model-input preview.
    expect(await page.getByLabel('The frame the models receive').getAttribute('data-version')).not.toBeNull();
  });

  it('the model manager opens and says whether storage is persistent', async () => {
    await page.getByRole('button', { name: /^Models \(1\)/ }).click();
    await page.getByTestId('model-row').first().waitFor({ timeout: 10_000 });
    const persistence = page.getByTestId('storage-persistence');
    await persistence.waitFor({ timeout: 10_000 });
    expect(['persistent', 'best-effort']).toContain(await persistence.getAttribute('data-state'));
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results/no-webgl.png') });
  });

  it('after a reload the stored model and photo come back, and the model sees the photo again', async () => {
    await reloadApp(page);
    await page.getByRole('heading', { name: 'The 3D scene needs WebGL' }).waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => window.__perturber.models()[0]?.top1 != null, null, { timeout: 60_000, polling: 250 });
    expect(isRobin((await models(page))[0].top1)).toBe(true);
    expect(logs.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
  });
});
