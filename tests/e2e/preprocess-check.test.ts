/**
 * The preprocessing check in the browser (production build, Chromium): at import the form shows the
 * check's table and preselects the convention each fixture model was trained with (also where the
 * format's guess is wrong); in the model manager "Check preprocessing" shows the same table on a model
 * stored with the wrong convention, and "Apply" stores the best one (the model reloads with it).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeFixtures, FIXTURE_MODELS } from '../helpers/fixtures';
import { writeZeroOneModel } from '../helpers/rescaled-model';
import { FILES_LABEL, PORTS, folderFiles, modelSettled, startApp, type App, type Page } from './harness';

/** The values of the radios checked in the import dialog (the page has other radio groups). */
function dialogChecked(page: Page) {
  return page.getByRole('dialog').locator('input[type="radio"]:checked').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
}

/** Where the check's best row is, and which radios the form has checked. */
async function importChecked(page: Page, dir: string) {
  await page.getByRole('navigation').getByRole('button', { name: 'Import model' }).click();
  await page.getByLabel(FILES_LABEL).setInputFiles(folderFiles(dir));
  const check = page.getByTestId('preprocess-check');
  await check.and(page.locator('[data-verdict="clear"], [data-verdict="close"], [data-verdict="no-fit"], [data-verdict="failed"]')).waitFor({ timeout: 180_000 });
  const best = check.locator('[data-testid="preprocess-check-row"][data-best="true"]');
  return {
    verdict: await check.getAttribute('data-verdict'),
    summary: (await page.getByTestId('preprocess-check-summary').textContent())?.trim() ?? '',
    best: { preprocess: await best.getAttribute('data-preprocess'), outputKind: await best.getAttribute('data-output-kind') },
    rows: await check.getByTestId('preprocess-check-row').count(),
    checked: await dialogChecked(page)
  };
}

async function addModel(page: Page, name: string) {
  await page.getByLabel('Display name').fill(name);
  await page.getByRole('button', { name: 'Add model' }).click();
  await page.getByRole('button', { name: 'Add model' }).waitFor({ state: 'detached', timeout: 120_000 });
  expect(await modelSettled(page, name, { minPredictions: 1, timeout: 180_000 })).toBeNull();
}

describeFixtures('preprocessing check (production build, Chromium)', () => {
  let app: App | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await startApp(PORTS.preprocessCheck);
    page = await app.open({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await app?.close();
  });

  test('a layers model trained on [0, 1]: import guesses [-1, 1], the check preselects [0, 1] instead', async () => {
    const dir = writeZeroOneModel(FIXTURE_MODELS.v1_025);
    try {
      const seen = await importChecked(page, dir);
      console.log('v1 0.25 layers taking [0, 1]:', seen.summary);
      expect(await page.getByRole('list', { name: 'Notes from the analysis' }).textContent()).toContain('Input scaling guessed from the format: [-1, 1]');
      expect(seen.best).toEqual({ preprocess: 'range01', outputKind: 'probabilities' });
      expect(seen.checked).toEqual(['range01', 'probabilities']);
      // The user still decides: picking [-1, 1] by hand is kept.
      await page.getByRole('radio', { name: /\[-1, 1\]/ }).check();
      expect(await dialogChecked(page)).toEqual(['range11', 'probabilities']);
      await page.getByRole('button', { name: 'Back', exact: true }).click();
      await page.getByRole('button', { name: 'Close import' }).click();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('import of the v1 0.25 layers model: the check preselects [-1, 1] with the outputs taken as probabilities', async () => {
    const seen = await importChecked(page, FIXTURE_MODELS.v1_025);
    console.log('v1 0.25 layers:', seen.summary);
    expect(seen.rows).toBe(4);
    expect(seen.best).toEqual({ preprocess: 'range11', outputKind: 'probabilities' });
    expect(seen.checked).toEqual(['range11', 'probabilities']);
    expect(seen.summary).toMatch(/^\[-1, 1\], probabilities: \d\/4 subjects right/);
    await addModel(page, 'v1 0.25 layers');
  });

  test('import of the TF-Hub graph model: [0, 1], logits, with the background class as offset 1; the user may still pick another', async () => {
    const seen = await importChecked(page, FIXTURE_MODELS.v1_025_graph);
    console.log('v1 0.25 graph:', seen.summary);
    expect(seen.best).toEqual({ preprocess: 'range01', outputKind: 'logits' });
    expect(seen.checked).toEqual(['range01', 'logits']);
    expect(seen.verdict).toBe('clear');
    expect(await page.getByLabel(/Class offset/).inputValue()).toBe('1');
    // Overridden by hand, and stored that way: the model manager's check is next.
    await page.getByRole('radio', { name: /\[-1, 1\]/ }).check();
    await addModel(page, 'v1 0.25 graph');
  });

  test('model manager: "Check preprocessing" on the model stored with [-1, 1], then "Apply" the best', async () => {
    await page.getByRole('button', { name: /^Models \(2\)/ }).click();
    const row = page.getByTestId('model-row').filter({ hasText: 'v1 0.25 graph' });
    expect(await row.locator('.facts').textContent()).toMatch(/\[-1, 1\]/);
    await row.getByRole('button', { name: 'Check preprocessing of v1 0.25 graph' }).click();
    const check = row.getByTestId('preprocess-check');
    await check.and(page.locator('[data-verdict="clear"]')).waitFor({ timeout: 120_000 });
    const rowOf = (kind: string) => check.locator(`[data-testid="preprocess-check-row"][data-preprocess="${kind}"]`);
    expect(await rowOf('range01').getAttribute('data-best')).toBe('true');
    expect(await rowOf('range11').textContent()).toMatch(/in use/);

    // Apply: stored, and the model reloads with it.
    await row.getByRole('button', { name: 'Apply [0, 1], logits' }).click();
    await expect.poll(() => row.locator('.facts').textContent(), { timeout: 30_000 }).toMatch(/\[0, 1\]/);
    expect(await modelSettled(page, 'v1 0.25 graph', { minPredictions: 1, timeout: 180_000 })).toBeNull();
    expect(await rowOf('range01').textContent()).toMatch(/in use/);
    expect(await row.getByRole('button', { name: /^Apply/ }).count()).toBe(0);

    // Stored: after a reload the model still has [0, 1].
    await page.reload();
    await page.waitForFunction(() => window.__perturber, null, { timeout: 60_000 });
    await page.getByRole('button', { name: /^Models \(2\)/ }).click();
    await expect.poll(() => page.getByTestId('model-row').filter({ hasText: 'v1 0.25 graph' }).locator('.facts').textContent()).toMatch(/\[0, 1\]/);
  });
});
