/**
 * The built-in protocols through the Experiments view (production build, Chromium, fixture MobileNet
 * v1 0.25): the reduced grid chosen, "Cue conflict" (8 points) and "Pose" (16 points) run on the loaded
 * model; their runs appear in the runs list; the Findings table has a row per model and a cell per
 * protocol column, numbers in the pose and shape-bias cells; a cell shows its run's plots; Export CSV
 * has a header and a row per model. A scenario's "Measure it" runs its protocol (on the grid chosen) and
 * opens the view. The adversarial protocol (reduced grid) runs its PGD attacks through the sweep and the
 * findings show its halving ε and transfer matrix. Screenshots go to /tmp/findings.png and
 * /tmp/transfer-matrix.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeFixtures, FIXTURE_MODELS } from '../helpers/fixtures';
import { PORTS, importFolder, modelSettled, models, startApp, type App, type Page } from './harness';

describeFixtures('Protocols and findings in the Experiments view (production build, Chromium, MobileNet v1 0.25)', () => {
  let app: App | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await startApp(PORTS.protocolsView);
    page = await app.open({ viewport: { width: 1280, height: 900 } });
    await importFolder(page, FIXTURE_MODELS.v1_025, 'v1 0.25');
    expect(await modelSettled(page, 'v1 0.25', { minPredictions: 1, timeout: 120_000 })).toBeNull();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  test('run cue conflict and pose on the reduced grid; the findings table, its links and its CSV', async () => {
    await page.getByRole('navigation').getByRole('button', { name: 'Experiments' }).click();
    const view = page.getByTestId('experiments-view');
    await view.waitFor({ timeout: 5_000 });
    const list = view.getByTestId('protocol-list');
    expect(await view.getByTestId('findings-empty').count()).toBe(1);
    expect(await view.getByTestId('findings-not-run').textContent()).toMatch(/Pose, Background, Cue conflict, Corruptions, Lighting and texture, Adversarial/);

    await list.getByRole('radio', { name: /Reduced/ }).check();
    const cue = list.getByTestId('protocol').and(page.locator('[data-protocol="cue-conflict"]'));
    expect(await cue.getByTestId('protocol-grid').textContent()).toMatch(/Reduced grid:.*8 points/);
    // The reference figure beside it is theirs, with its citation.
    expect(await cue.getByRole('complementary').textContent()).toMatch(/Reference \(theirs\)[\s\S]*22%[\s\S]*Geirhos et al\./);

    const progress = list.getByTestId('protocol-progress');
    for (const [id, name, runs] of [['cue-conflict', 'Cue conflict', 2], ['pose', 'Pose', 1]] as const) {
      await list.getByRole('button', { name: `Run ${name} on the loaded models` }).click();
      await page.locator(`[data-testid="protocol-progress"][data-protocol="${id}"][data-status="complete"]`).waitFor({ timeout: 60_000 });
      expect(await progress.getAttribute('data-status')).toBe('complete');
      await expect.poll(() => view.getByTestId('run-row').filter({ hasText: `${name}: ` }).count(), { timeout: 5_000 }).toBe(runs);
    }

    const loaded = await models(page);
    const rows = view.getByTestId('findings-row');
    await rows.first().waitFor({ timeout: 10_000 });
    expect(await rows.count()).toBe(loaded.length);
    const columns = await view.locator('[data-testid="findings-table"] thead th[data-key]').count();
    expect(columns).toBeGreaterThanOrEqual(5);
    const row = rows.filter({ hasText: 'v1 0.25' });
    expect(await row.getByTestId('findings-cell').count()).toBe(columns);
    const cell = (protocol: string, key: string) => row.locator(`[data-testid="findings-cell"][data-protocol="${protocol}"][data-key="${key}"]`);
    for (const c of [cell('pose', 'top1'), cell('pose', 'top5'), cell('cue-conflict', 'shapeBias')]) {
      expect((await c.getByRole('button').first().textContent())?.trim()).toMatch(/^\d+\.\d\d$/);
    }
    expect(await cell('background', 'bgGap').getAttribute('data-runs')).toBe('');
    expect(await view.getByTestId('findings-not-run').textContent()).toMatch(/No runs yet: Background, Corruptions, Lighting and texture, Adversarial\./);
    expect(await view.getByTestId('findings-honesty').textContent()).toMatch(/procedural 3D renders[\s\S]*not ImageNet photographs[\s\S]*not as equal/);

    // A cell shows its run's plots.
    const poseRun = (await cell('pose', 'top1').getAttribute('data-runs'))!;
    expect(poseRun).toMatch(/^\S+$/);
    await cell('pose', 'top1').getByRole('button').first().click();
    await page.waitForFunction((id) => document.querySelector('[data-testid="plots"]')?.getAttribute('data-runs') === id, poseRun, { timeout: 10_000 });
    const cueRun = (await cell('cue-conflict', 'shapeBias').getAttribute('data-runs'))!.split(' ')[0];
    await cell('cue-conflict', 'shapeBias').getByRole('button').first().click();
    await page.waitForFunction((id) => document.querySelector('[data-testid="plots"]')?.getAttribute('data-runs') === id, cueRun, { timeout: 10_000 });

    // Export CSV: a header and a row per model.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), view.getByTestId('findings').getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('findings.csv');
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^model,name,Pose: views right \(top-1\) \(%\),/);
    expect(lines).toHaveLength(1 + loaded.length);
    expect(lines[1]).toContain('v1 0.25');

    await view.getByRole('heading', { name: 'Protocols' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/findings.png', fullPage: true });
  }, 150_000);

  test('the adversarial protocol (reduced grid): PGD frames lower p(truth), the findings show the halving ε and the transfer matrix', async () => {
    const view = page.getByTestId('experiments-view');
    const list = view.getByTestId('protocol-list');
    await list.getByRole('radio', { name: /Reduced/ }).check();
    await list.getByRole('button', { name: 'Run Adversarial on the loaded models' }).click();
    await page.locator('[data-testid="protocol-progress"][data-protocol="adversarial"][data-status="complete"]').waitFor({ timeout: 120_000 });
    const row = view.getByTestId('findings-row').filter({ hasText: 'v1 0.25' });
    const halving = row.locator('[data-testid="findings-cell"][data-protocol="adversarial"][data-key="halvingEpsilon"]');
    await expect.poll(() => halving.getAttribute('data-runs'), { timeout: 10_000 }).toMatch(/^\S+$/);
    const runId = (await halving.getAttribute('data-runs'))!;
    const run = JSON.parse(await page.evaluate((id) => window.__perturber.exportRun(id, 'json'), runId));
    const eps: number[] = run.run.definition.axes[1].values;
    expect(eps).toEqual([0, 1, 4]);
    // Point = subject × ε (ε inner): the mean p(truth) over the subjects at each ε.
    const meanP = (k: number) => {
      const ps = run.rows.filter((r: { point: number }) => r.point % eps.length === k).map((r: { pTruth: number }) => r.pTruth);
      return ps.reduce((a: number, b: number) => a + b, 0) / ps.length;
    };
    const [clean, , at4] = [0, 1, 2].map(meanP);
    expect(run.rows).toHaveLength(12);
    expect(clean).toBeGreaterThan(0.01);
    expect(at4).toBeLessThan(clean / 2); // white-box PGD at 4/255 pushes the subjects' classes down

    expect((await halving.getByRole('button').first().textContent())?.trim()).toMatch(/^(\d+\.\d\d|not reached|n\/a)$/);
    const matrix = view.getByTestId('transfer-matrix');
    expect(await matrix.getByRole('combobox', { name: 'ε of the transfer matrix' }).inputValue()).toBe('4');
    expect((await matrix.getByTestId('transfer-cell').first().textContent())?.trim()).toMatch(/^\d+\.\d\d%$/);
    await matrix.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/transfer-matrix.png' });
  }, 150_000);

  test('a scenario\'s "Measure it" runs its protocol on the chosen grid and opens the Experiments view', async () => {
    const toggle = page.getByRole('navigation').getByRole('button', { name: 'Experiments' });
    if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const story = page.getByTestId('scenario-story');
    await page.getByRole('link', { name: 'Turn the picture upside down' }).click();
    await story.and(page.locator('[data-scenario="upside-down"]')).waitFor({ timeout: 5_000 });
    // No protocol sweeps the roll.
    expect(await story.getByRole('button', { name: 'Measure it' }).count()).toBe(0);
    await page.getByRole('link', { name: 'A cat’s shape with a dog’s coat' }).click();
    await story.and(page.locator('[data-scenario="cat-with-dog-coat"]')).waitFor({ timeout: 5_000 });
    const measure = story.getByRole('button', { name: 'Measure it' });
    expect(await measure.getAttribute('title')).toMatch(/Cue conflict protocol \(reduced grid\)/);
    const before = await page.getByTestId('run-row').filter({ hasText: 'Cue conflict: ' }).count();
    await measure.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.locator('[data-testid="protocol-progress"][data-protocol="cue-conflict"][data-status="complete"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('run-row').filter({ hasText: 'Cue conflict: ' }).count(), { timeout: 5_000 }).toBe(before + 2);
  }, 90_000);
});
