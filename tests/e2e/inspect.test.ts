/**
 * Looking inside, end to end on the production build in Chromium: the activation view shows heatmaps
 * that follow the camera, and an FGSM attack changes the source model's top-1.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeFixtures, FIXTURE_MODELS } from '../helpers/fixtures';
import { importFolder, launchBrowser, startPreview, waitForFreshPredictions, watchConsole, type Browser, type Page, type Preview } from './harness';

const PORT = 4337;

/** Sum of the pixel bytes of every heatmap canvas, and their count. */
async function heatmaps(page: Page): Promise<{ count: number; sums: number[] }> {
  return page.getByTestId('heatmap').evaluateAll((canvases) => {
    const sums = canvases.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let s = 0;
      for (let i = 0; i < data.length; i += 4) s += data[i] * 3 + data[i + 1] * 5 + data[i + 2] * 7;
      return s;
    });
    return { count: canvases.length, sums };
  });
}

describeFixtures('Looking inside (production build, Chromium)', () => {
  let preview: Preview | null = null;
  let browser: Browser;
  let page: Page;
  const logs: string[] = [];

  beforeAll(async () => {
    preview = await startPreview(PORT);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    watchConsole(page, logs);
    await page.goto(preview.url + '/');
    await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 30_000 });
    await importFolder(page, FIXTURE_MODELS.v1_025, 'v1 0.25 (layers)');
    await waitForFreshPredictions(page, 1);
  }, 80_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
    if (logs.length) console.log('browser console:\n' + logs.slice(0, 40).join('\n'));
  });

  it('the activation view shows heatmaps that change as the camera moves', async () => {
    await page.getByText('Activations & feature visualisation').click();
    const view = page.getByRole('region', { name: 'Activation view' });
    await view.getByRole('combobox', { name: 'Layer' }).waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await heatmaps(page)).count, { timeout: 20_000 }).toBe(1);
    expect(await view.getByTestId('channel-page').textContent()).toBe('1 / 4 (channel 0)');
    // Page to channel 1 and pick the typed list "5-6": the pager follows.
    await view.getByRole('button', { name: 'Next channel' }).click();
    expect(await view.getByTestId('channel-page').textContent()).toBe('2 / 4 (channel 1)');
    await view.getByRole('combobox', { name: 'Choose channels by' }).selectOption('list');
    await view.getByRole('textbox', { name: 'Channel list' }).fill('5-6');
    await view.getByRole('button', { name: 'Show channels' }).click();
    await expect.poll(async () => view.getByTestId('channel-page').textContent()).toBe('1 / 2 (channel 5)');
    await expect.poll(async () => (await heatmaps(page)).count, { timeout: 20_000 }).toBe(1);
    const before = (await heatmaps(page)).sums[0];
    await page.getByRole('slider', { name: 'Yaw' }).fill('120');
    const v = await page.evaluate(() => (window as unknown as { __perturber: { sceneVersion(): number } }).__perturber.sceneVersion());
    await waitForFreshPredictions(page, 1, v - 1);
    await expect.poll(async () => (await heatmaps(page)).sums[0], { timeout: 20_000 }).not.toBe(before);
  });

  it('an FGSM attack (epsilon 8) changes the source model’s top-1', async () => {
    await page.getByText('Adversarial attack').click();
    const panel = page.getByRole('region', { name: 'Attack panel' });
    await panel.getByRole('combobox', { name: 'Attack method' }).selectOption('fgsm');
    await panel.getByRole('spinbutton', { name: 'Epsilon' }).fill('8');
    await panel.getByRole('button', { name: 'Attack' }).click();
    const row = panel.getByTestId('attack-row').first();
    await row.waitFor({ timeout: 40_000 });
    await panel.getByTestId('adversarial-frame').waitFor();
    const clean = await row.getByTestId('clean-top1').getAttribute('data-class');
    const adversarial = await row.getByTestId('adversarial-top1').getAttribute('data-class');
    expect(clean).toMatch(/^\d+$/);
    expect(adversarial).toMatch(/^\d+$/);
    expect(adversarial).not.toBe(clean);
  });
});
