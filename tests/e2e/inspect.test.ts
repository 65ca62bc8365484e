/**
 * Looking inside, end to end on the production build in Chromium, with two copies of one model (same
 * architecture, same weights): the activation view shows both models' heatmaps side by side, equal and
 * following the camera; an FGSM attack changes the source model's top-1 and transfers to the copy;
 * "Hold" puts the attacked class in the live panels until it is released.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeFixtures, FIXTURE_MODELS } from '../helpers/fixtures';
import { PORTS, importFolder, models, sceneVersion, startApp, waitForFreshPredictions, type App, type Page } from './harness';

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
  let app: App | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await startApp(PORTS.inspect);
    page = await app.open({ viewport: { width: 1280, height: 900 } });
    await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 30_000 });
    // Both on wasm, so that the same frame gives the same activations bit for bit.
    await importFolder(page, FIXTURE_MODELS.v1_025, 'v1 0.25 (layers)', 'wasm');
    await importFolder(page, FIXTURE_MODELS.v1_025, 'v1 0.25 copy', 'wasm');
    await waitForFreshPredictions(page, 2);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('the activation view shows both models side by side, equal, and changing as the camera moves', async () => {
    await page.getByText('Activations & feature visualisation').click();
    const view = page.getByRole('region', { name: 'Activation view' });
    await view.getByRole('combobox', { name: 'Layer' }).waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await heatmaps(page)).count, { timeout: 20_000 }).toBe(2);
    expect(await view.getByTestId('channel-page').textContent()).toBe('1 / 4 (channel 0)');
    // Page to channel 1 and pick the typed list "5-6": the pager follows.
    await view.getByRole('button', { name: 'Next channel' }).click();
    expect(await view.getByTestId('channel-page').textContent()).toBe('2 / 4 (channel 1)');
    await view.getByRole('combobox', { name: 'Choose channels by' }).selectOption('list');
    await view.getByRole('textbox', { name: 'Channel list' }).fill('5-6');
    await view.getByRole('button', { name: 'Show channels' }).click();
    await expect.poll(async () => view.getByTestId('channel-page').textContent()).toBe('1 / 2 (channel 5)');
    // Same weights, same frame, one colour scale: the two heatmaps are the same picture.
    await expect.poll(async () => (await heatmaps(page)).sums, { timeout: 20_000 }).toSatisfy((s: number[]) => s.length === 2 && s[0] === s[1] && s[0] > 0);
    const before = (await heatmaps(page)).sums[0];
    await page.getByRole('slider', { name: 'Yaw' }).fill('120');
    const v = await sceneVersion(page);
    await waitForFreshPredictions(page, 2, v - 1);
    await expect
      .poll(async () => (await heatmaps(page)).sums, { timeout: 20_000 })
      .toSatisfy((s: number[]) => s.length === 2 && s[0] !== before && s[0] === s[1]);
  });

  it('an FGSM attack (epsilon 8) changes the source model’s top-1 and transfers to the copy', async () => {
    await page.getByText('Adversarial attack').click();
    const panel = page.getByRole('region', { name: 'Attack panel' });
    await panel.getByRole('combobox', { name: 'Attack method' }).selectOption('fgsm');
    await panel.getByRole('spinbutton', { name: 'Epsilon' }).fill('8');
    await panel.getByRole('button', { name: 'Attack' }).click();
    await panel.getByTestId('adversarial-frame').waitFor({ timeout: 40_000 });
    const rows = panel.getByTestId('attack-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    const classes = async (i: number) => ({
      clean: await rows.nth(i).getByTestId('clean-top1').getAttribute('data-class'),
      adversarial: await rows.nth(i).getByTestId('adversarial-top1').getAttribute('data-class')
    });
    const source = await classes(0);
    const copy = await classes(1);
    expect(source.clean).toMatch(/^\d+$/);
    expect(source.adversarial).toMatch(/^\d+$/);
    expect(source.adversarial).not.toBe(source.clean);
    // The copy has the source's weights, so the attack transfers to it completely.
    expect(copy.adversarial).toBe(source.adversarial);
  });

  it('holding the perturbation puts the attacked class in the live panels; releasing it brings the clean one back', async () => {
    const panel = page.getByRole('region', { name: 'Attack panel' });
    const row = panel.getByTestId('attack-row').first();
    const clean = (await row.getByTestId('clean-top1').textContent())!.trim();
    const adversarial = (await row.getByTestId('adversarial-top1').textContent())!.trim();
    const liveTop1 = async () => (await models(page)).map((m) => m.top1);
    await panel.getByRole('checkbox', { name: 'Hold perturbation' }).check();
    await expect.poll(liveTop1, { timeout: 30_000 }).toSatisfy((t: (string | null)[]) => t.every((l) => l !== null && adversarial.startsWith(l + ' ')));
    await page.screenshot({ path: join(tmpdir(), 'perturber-inspect.png'), fullPage: true });
    await panel.getByRole('checkbox', { name: 'Hold perturbation' }).uncheck();
    await expect.poll(liveTop1, { timeout: 30_000 }).toEqual([clean, clean]);
  });
});
