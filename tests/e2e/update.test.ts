/**
 * Updates ask first. The production build (A, with a model and a preset stored) is served; then the
 * same origin serves the next version (B: another build id, a plain production build). The page shows
 * "A new version is ready" without reloading or switching by itself; "Later" keeps it working; "Reload"
 * waits for an import under way, then loads B, where the model predicts again from IndexedDB, the preset
 * is listed, and the scene state (flushed to the URL on pagehide and before the update's reload) is kept. B has no `window.__perturber`.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStaticServer } from '../../bench/static-server.mjs';
import { describeFixtures, FIXTURE_MODELS } from '../helpers/fixtures';
import {
  FILES_LABEL,
  PORTS,
  ROOT,
  assertTestBuild,
  cspViolations,
  e2ePort,
  folderFiles,
  gotoApp,
  hasTestHooks,
  importFolder,
  launchBrowser,
  newAppPage,
  reportLogs,
  sceneVersion,
  waitForFreshPredictions,
  type Browser,
  type Page
} from './harness';
import { buildNextVersion } from './next-build';

const NEXT_ID = 'e2e-next';

/** Set on build A's page, to tell whether the page was reloaded since. */
type TestWindow = Window & { __stillA?: boolean };

describeFixtures('updates ask first (build A, then build B on the same origin)', () => {
  let dir: string;
  let site: string;
  let buildB: string;
  let server: { url: string; stop(): Promise<void> };
  let browser: Browser;
  let page: Page;
  let versionA: string;
  const logs: string[] = [];

  const version = () => page.getByTestId('app-version').textContent();
  const prompt = () => page.getByTestId('update-prompt');
  const violations = () => cspViolations(page);
  const stillA = () => page.evaluate(() => (window as unknown as TestWindow).__stillA === true);

  beforeAll(async () => {
    assertTestBuild(join(ROOT, 'build'));
    dir = mkdtempSync(join(tmpdir(), 'perturber-update-'));
    cpSync(join(ROOT, 'build'), join(dir, 'a'), { recursive: true });
    // Deployed in the second test.
    buildB = await buildNextVersion(dir, NEXT_ID);
    site = join(dir, 'site');
    symlinkSync(join(dir, 'a'), site, 'dir');
    // Served by a plain static server, not `vite preview`: the site's files change under it.
    server = await startStaticServer(site, e2ePort(PORTS.update), { spa: true });
    browser = await launchBrowser();
    page = await newAppPage(browser, { viewport: { width: 1280, height: 860 }, logs, recordCsp: true });
  }, 600_000); // includes a whole second production build (build B)

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    reportLogs(logs);
  });

  it('on A: a model and a preset are stored, and a change made just before leaving the page is kept (pagehide)', async () => {
    await gotoApp(page, server.url + '/');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
    versionA = (await version())!;
    expect(versionA).toMatch(/^v\d+\.\d+\.\d+/);
    await importFolder(page, FIXTURE_MODELS.v1_025, 'small');
    await waitForFreshPredictions(page, 1);
    await page.getByLabel('Preset name').fill('kept preset');
    await page.getByRole('button', { name: 'Save preset' }).click();
    await page.getByText('Saved "kept preset".').waitFor({ timeout: 10_000 });
    // Left before the URL's debounce could write the change: only the flush on pagehide keeps it.
    const away = server.url + '/icons/icon.svg';
    await page.evaluate((href) => {
      window.__perturber.setCamera(77);
      location.href = href;
    }, away);
    await page.waitForURL(away, { timeout: 30_000 });
    await page.goBack({ timeout: 60_000 });
    expect(new URL(page.url()).searchParams.get('camera.yaw')).toBe('77');
    await page.getByRole('slider', { name: 'Yaw' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('slider', { name: 'Yaw' }).inputValue()).toBe('77');
    await waitForFreshPredictions(page, 1);
    expect(await violations()).toEqual([]);
  });

  it('B deployed: "A new version is ready" shows; the page neither reloads nor switches by itself', async () => {
    await page.evaluate(() => ((window as unknown as TestWindow).__stillA = true));
    unlinkSync(site);
    symlinkSync(buildB, site, 'dir');
    // What the browser does on its own on the next navigation, or the app every hour.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await prompt().getByText('A new version is ready').waitFor({ timeout: 120_000 });
    expect(await stillA()).toBe(true);
    expect(await version()).toBe(versionA);
    // B's service worker is installed and waits for the user.
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting !== null)).toBe(true);
  });

  it('"Later" hides the prompt and the app keeps predicting on A', async () => {
    await prompt().getByRole('button', { name: 'Later' }).click();
    await prompt().waitFor({ state: 'detached' });
    const before = await sceneVersion(page);
    await page.evaluate(() => window.__perturber.setCamera(10));
    await waitForFreshPredictions(page, 1, before);
    expect(await stillA()).toBe(true);
    expect(await version()).toBe(versionA);
  });

  it('"Reload" waits for the import under way, then loads B', async () => {
    await page.getByRole('button', { name: 'Update ready' }).click();
    // An import with its details under review.
    await page.getByRole('navigation').getByRole('button', { name: 'Import model' }).click();
    await page.getByLabel(FILES_LABEL).setInputFiles(folderFiles(FIXTURE_MODELS.v1_025));
    await page.getByLabel('Display name').waitFor({ timeout: 60_000 });
    await prompt().getByRole('button', { name: 'Reload' }).click();
    await prompt().getByText('The new version loads when the import finishes.').waitFor({ timeout: 10_000 });
    expect(await stillA()).toBe(true);
    expect(await violations()).toEqual([]);
    // Ending the import lets the update through.
    await page.getByRole('button', { name: 'Close import' }).click();
    await page.getByTestId('app-version').getByText(`+${NEXT_ID}`).waitFor({ timeout: 120_000 });
    expect(await stillA()).toBe(false);
  });

  it('on B: the model predicts again, the preset is listed, the scene state is kept, and there is no test door', async () => {
    // A's model is the first panel. (B, a plain build without the test flag, also installs the bundled
    // models, as a user's update to this version does: their panels come after it.)
    const panel = page.getByTestId('prediction-panel').first();
    const row = panel.getByTestId('top5-row').first();
    await row.waitFor({ timeout: 60_000 });
    expect(Number(await row.getAttribute('data-p'))).toBeGreaterThan(0);
    expect(await panel.locator('h3').textContent()).toBe('small');
    expect(await page.getByTestId('prediction-panel').locator('h3', { hasText: /^small$/ }).count()).toBe(1);
    expect(await page.getByLabel('Presets', { exact: true }).locator('option').allTextContents()).toContain('kept preset');
    expect(await page.getByRole('slider', { name: 'Yaw' }).inputValue()).toBe('10');
    expect(await page.evaluate(() => '__perturber' in window)).toBe(false);
    expect(hasTestHooks(buildB)).toBe(false);
    expect(hasTestHooks(join(dir, 'a'))).toBe(true);
    expect(await violations()).toEqual([]);
    expect(logs.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
  });
});
