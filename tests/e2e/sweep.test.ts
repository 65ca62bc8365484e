/**
 * Sweeps in the browser (production build, Chromium, fixture MobileNet v1 0.25): a yaw sweep stores
 * what the live view predicts for the same state; the live stream pauses while a sweep runs and picks
 * up the restored scene after; cancel then resume, and a reload then resume, complete with every cell
 * once (stored cells are not redone); `npm run experiment`
 * (bench/experiment.mjs against the built build) writes the CSV of an 8 × 2 grid and refuses a bad
 * definition or a missing model folder with exit code 2.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeFixtures, FIXTURE_MODELS } from '../helpers/fixtures';
import { startStaticServer } from '../../bench/static-server.mjs';
import { PORTS, ROOT, e2ePort, importFolder, modelSettled, models, reloadApp, sceneVersion, startApp, waitForFreshPredictions, type App, type Page } from './harness';

const DOG = { 'subject.source': 'procedural', 'subject.pair': 'animal', 'subject.shape': 0, 'subject.texture': 0 };

function yawDefinition(yaws: number[], modelIds: string[], extra: Record<string, unknown> = {}) {
  return {
    version: 1,
    name: `Yaw ${yaws.length}`,
    base: { version: 1 },
    subject: { kind: 'procedural', name: 'dog' },
    axes: [{ kind: 'field', path: 'camera.yaw', values: yaws }],
    truth: { dog: 'dog' },
    models: modelIds,
    ...extra
  };
}

interface StoredRow {
  point: number;
  model: string;
  top: { label: string; probability: number }[];
}

async function runToEnd(page: Page, definition: unknown): Promise<{ runId: string; status: string | null }> {
  const answer = await page.evaluate((text) => window.__perturber.runSweep(text), JSON.stringify(definition));
  if ('problems' in answer) throw new Error(answer.problems.join('\n'));
  const status = await page.evaluate(() => window.__perturber.sweepFinished());
  return { runId: answer.runId, status };
}

async function storedRows(page: Page, runId: string): Promise<StoredRow[]> {
  return JSON.parse(await page.evaluate((id) => window.__perturber.exportRun(id, 'json'), runId)).rows;
}

function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench/experiment.mjs'), '--build', join(ROOT, 'build'), '--port', String(e2ePort(PORTS.sweep) + 1), ...args], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => done({ code, output }));
  });
}

describeFixtures('sweeps (production build, Chromium, MobileNet v1 0.25)', () => {
  let app: App | undefined;
  let page: Page;
  let modelId: string;
  const dir = mkdtempSync(join(tmpdir(), 'perturber-sweep-'));

  beforeAll(async () => {
    app = await startApp(PORTS.sweep);
    page = await app.open();
    await importFolder(page, FIXTURE_MODELS.v1_025, 'v1 0.25');
    expect(await modelSettled(page, 'v1 0.25', { minPredictions: 1, timeout: 180_000 })).toBeNull();
    modelId = (await models(page))[0].id;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a yaw sweep stores what the live view predicts for the same state; the live stream pauses and resumes', async () => {
    const yaws = [-150, -90, -30, 30, 90, 150];
    const versionBefore = await sceneVersion(page);
    const predictionsBefore = (await models(page))[0].predictions;
    const { runId, status } = await runToEnd(page, yawDefinition(yaws, [modelId]));
    expect(status).toBe('complete');
    const progress = await page.evaluate(() => window.__perturber.sweepProgress());
    // Paused: at most the frame that was in flight when the sweep began was shown.
    expect((await models(page))[0].predictions - predictionsBefore).toBeLessThanOrEqual(1);
    // The scene is back (a new version), and the live view predicts it again.
    await waitForFreshPredictions(page, 1, versionBefore, 60_000);
    const rows = await storedRows(page, runId);
    expect(rows.map((r) => r.point)).toEqual([0, 1, 2, 3, 4, 5]);

    const liveMs: number[] = [];
    for (const point of [0, 2, 5]) {
      const t0 = Date.now();
      await page.evaluate((fields) => {
        for (const [path, value] of Object.entries(fields)) window.__perturber.setField(path, value);
      }, { ...DOG, 'camera.yaw': yaws[point] });
      await waitForFreshPredictions(page, 1, (await sceneVersion(page)) - 1, 60_000);
      liveMs.push(Date.now() - t0);
      const live = await page.evaluate((id) => window.__perturber.livePrediction(id), modelId);
      expect(live.version).toBe(await sceneVersion(page));
      const stored = rows[point].top;
      expect(live.top[0].label).toBe(stored[0].label);
      for (let k = 0; k < stored.length; k++) expect(Math.abs(live.top[k].probability - stored[k].probability)).toBeLessThan(1e-4);
    }
    const liveRate = 1000 / (liveMs.reduce((a, b) => a + b, 0) / liveMs.length);
    const raw = await page.evaluate((id) => window.__perturber.benchRaw(id, 2), modelId);
    console.log(
      `[sweep] sweep ${progress.pointsPerSecond.toFixed(2)} points/s; live set-and-predict ${liveRate.toFixed(2)} points/s; raw predicts ${raw.predictsPerSecond.toFixed(1)}/s (${raw.backend})`
    );
  }, 120_000);

  test('cancel, then resume, completes with every cell once', async () => {
    const yaws = Array.from({ length: 12 }, (_, i) => -180 + i * 30);
    const answer = await page.evaluate((text) => window.__perturber.runSweep(text), JSON.stringify(yawDefinition(yaws, [modelId])));
    if ('problems' in answer) throw new Error(answer.problems.join('\n'));
    await page.waitForFunction(() => window.__perturber.sweepProgress().pointsDone >= 3, null, { timeout: 60_000, polling: 50 });
    await page.evaluate(() => window.__perturber.cancelSweep());
    expect(await page.evaluate(() => window.__perturber.sweepFinished())).toBe('cancelled');
    const partial = await storedRows(page, answer.runId);
    expect(partial.length).toBeGreaterThanOrEqual(3);
    expect(partial.length).toBeLessThan(12);

    await page.evaluate((id) => window.__perturber.resumeSweep(id), answer.runId);
    expect(await page.evaluate(() => window.__perturber.sweepFinished())).toBe('complete');
    const rows = await storedRows(page, answer.runId);
    expect(rows.map((r) => r.point)).toEqual(yaws.map((_, i) => i));
    // The rows done before the cancel were kept, not redone.
    expect(rows.slice(0, partial.length)).toEqual(partial);
    const csv = await page.evaluate((id) => window.__perturber.exportRun(id, 'csv'), answer.runId);
    expect(csv.trim().split('\n')).toHaveLength(1 + 12);
  }, 120_000);

  test('a run interrupted by a reload is partial, and resumes to complete without redoing stored cells', async () => {
    const yaws = Array.from({ length: 24 }, (_, i) => -180 + i * 15);
    const answer = await page.evaluate((text) => window.__perturber.runSweep(text), JSON.stringify(yawDefinition(yaws, [modelId])));
    if ('problems' in answer) throw new Error(answer.problems.join('\n'));
    await expect.poll(async () => (await storedRows(page, answer.runId)).length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0);
    await reloadApp(page);
    expect(await modelSettled(page, 'v1 0.25', { minPredictions: 1, timeout: 180_000 })).toBeNull();
    const stored = JSON.parse(await page.evaluate((id) => window.__perturber.exportRun(id, 'json'), answer.runId));
    expect(stored.run.status).toBe('partial');
    expect(stored.rows.length).toBeLessThan(24);

    await page.evaluate((id) => window.__perturber.resumeSweep(id), answer.runId);
    expect(await page.evaluate(() => window.__perturber.sweepFinished())).toBe('complete');
    const rows = await storedRows(page, answer.runId);
    expect(rows.map((r) => r.point)).toEqual(yaws.map((_, i) => i));
    for (const row of stored.rows as StoredRow[]) expect(rows[row.point]).toEqual(row);
  }, 240_000);

  test('a subject sweep shows a sample photo (then gives the photo slot back); rows carry thumbnails and the weights hash', async () => {
    const def = {
      ...yawDefinition([], [modelId]),
      name: 'Subjects',
      subject: undefined,
      axes: [
        { kind: 'subject', subjects: [{ kind: 'procedural', name: 'dog' }, { kind: 'sample', file: 'kitten.jpg' }] },
        { kind: 'field', path: 'camera.yaw', values: [-30, 0] }
      ],
      truth: { dog: 'dog', 'sample:kitten.jpg': 'cat' }
    };
    const before = await page.evaluate(() => window.__perturber.sweepSubjects());
    const { runId, status } = await runToEnd(page, def);
    expect(status).toBe('complete');
    const stored = JSON.parse(await page.evaluate((id) => window.__perturber.exportRun(id, 'json'), runId));
    expect(stored.run.models[0].weightsHash).toMatch(/^[0-9a-f]{64}$/);
    const rows = stored.rows as (StoredRow & { correctAt5: boolean })[];
    expect(rows).toHaveLength(4);
    // The dog reads as a dog and the kitten as a domestic cat in a view each: the sample photo was on
    // stage for its points (seen from the front it is a tabby; the dog from the front is not a dog).
    expect(rows.slice(0, 2).some((r) => r.correctAt5)).toBe(true);
    expect(rows.slice(2).some((r) => r.correctAt5)).toBe(true);
    expect(rows[2].top[0].label).not.toBe(rows[0].top[0].label);
    const thumb = await page.evaluate((id) => window.__perturber.runThumbnail(id, 2), runId);
    expect(thumb).toMatch(/^data:image\/jpeg;base64,/);
    // The sample photo was lent for the run, not imported: the user's subjects are as they were.
    expect(await page.evaluate(() => window.__perturber.sweepSubjects())).toEqual(before);
  }, 120_000);

  test('tensors stay flat over a 2,000-point sweep (100 yaws × 20 pitches)', async () => {
    const tensorsBefore = await page.evaluate((id) => window.__perturber.numTensors(id), modelId);
    const yaws = Array.from({ length: 100 }, (_, i) => Math.round((-180 + i * 3.6) * 10) / 10);
    const pitches = Array.from({ length: 20 }, (_, i) => -30 + i * 4);
    const definition = {
      ...yawDefinition(yaws, [modelId]),
      name: 'Long',
      axes: [
        { kind: 'field', path: 'camera.yaw', values: yaws },
        { kind: 'field', path: 'camera.pitch', values: pitches }
      ]
    };
    const { runId, status } = await runToEnd(page, definition);
    expect(status).toBe('complete');
    expect(await page.evaluate((id) => window.__perturber.numTensors(id), modelId)).toBe(tensorsBefore);
    expect((await storedRows(page, runId)).length).toBe(2000);
  }, 600_000);

  test('npm run experiment runs an 8 × 2 grid on a model folder and a model URL, writes the CSV, JSON and plots; refuses a bad definition and a missing model', async () => {
    const grid = {
      ...yawDefinition([], []),
      name: 'Grid',
      axes: [
        { kind: 'field', path: 'camera.yaw', values: { from: -180, to: 135, steps: 8 } },
        { kind: 'field', path: 'camera.pitch', values: [0, 30] }
      ]
    };
    writeFileSync(join(dir, 'grid.json'), JSON.stringify(grid));
    const out = join(dir, 'out');
    // One model from its folder, the same one from a URL (another origin, as a user's URL import).
    const served = await startStaticServer(FIXTURE_MODELS.v1_025, e2ePort(PORTS.sweep) + 2, { cors: true });
    let ok;
    try {
      ok = await runCli(['--definition', join(dir, 'grid.json'), '--model', FIXTURE_MODELS.v1_025, '--model', `${served.url}/model.json`, '--out', out]);
    } finally {
      await served.stop();
    }
    expect(ok.code, ok.output).toBe(0);
    const lines = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^point,model_id,model_name,subject,camera\.yaw,camera\.pitch,top1_label/);
    expect(lines).toHaveLength(1 + 2 * 16);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.rows).toHaveLength(32);
    // Same weights, whichever way they came: the same hash, and the same answers.
    expect(run.run.models[0].weightsHash).toBe(run.run.models[1].weightsHash);
    expect(ok.output).toMatch(/complete, 32 rows of 32/);
    // The plots beside the CSV, as SVG and PNG.
    const images = readdirSync(out).filter((f) => /\.(svg|png)$/.test(f));
    expect(images).toContain('p-truth-by-camera-yaw.svg');
    expect(images).toContain('p-truth-by-camera-yaw.png');
    expect(readFileSync(join(out, 'p-truth-by-camera-yaw.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(readFileSync(join(out, 'p-truth-by-camera-yaw.png')).subarray(1, 4).toString()).toBe('PNG');

    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...grid, axes: [{ kind: 'field', path: 'camera.wobble', values: [1, 2] }] }));
    const bad = await runCli(['--definition', join(dir, 'bad.json'), '--model', FIXTURE_MODELS.v1_025, '--out', out]);
    expect(bad.code, bad.output).toBe(2);
    expect(bad.output).toMatch(/problems:[\s\S]*camera\.wobble/);

    const missing = await runCli(['--definition', join(dir, 'grid.json'), '--model', join(dir, 'nowhere'), '--out', out]);
    expect(missing.code, missing.output).toBe(2);
    expect(missing.output).toMatch(/No model\.json in the model folder .*nowhere/);
  }, 150_000);

  // Last: it removes the model.
  test('removing the model mid-run keeps the run as partial, with its rows, and says why', async () => {
    const yaws = Array.from({ length: 60 }, (_, i) => -180 + i * 6);
    const answer = await page.evaluate((text) => window.__perturber.runSweep(text), JSON.stringify(yawDefinition(yaws, [modelId])));
    if ('problems' in answer) throw new Error(answer.problems.join('\n'));
    await page.waitForFunction(() => window.__perturber.sweepProgress().pointsDone >= 3, null, { timeout: 60_000, polling: 50 });
    await page.getByRole('button', { name: /^Models \(/ }).click();
    await page.getByRole('button', { name: 'Remove v1 0.25' }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    expect(await page.evaluate(() => window.__perturber.sweepFinished())).toBe('partial');
    expect((await page.evaluate(() => window.__perturber.sweepProgress())).error).toMatch(/v1 0\.25|not loaded|removed|stopped/);
    const stored = JSON.parse(await page.evaluate((id) => window.__perturber.exportRun(id, 'json'), answer.runId));
    expect(stored.run.status).toBe('partial');
    expect(stored.rows.length).toBeGreaterThanOrEqual(3);
    expect(stored.rows.length).toBeLessThan(60);
  }, 120_000);
});
