/**
 * Sweep speed (issue "Experiments"), on the two bundled models in a context that installs them:
 * - per model, in one run: `raw` = the worker's own predict loop on a fixed input (benchRaw), and the
 *   points per second of a 36-point yaw sweep of the dog on that model alone; `sweep_ratio` = sweep ÷ raw;
 * - the wall time of a 36 × 7 yaw × pitch sweep of the dog on both bundled models;
 * - a long yaw sweep (2,000 points; BENCH_QUICK: 200) on the smaller model: the worker's tensor count
 *   and the page's JS heap (after a forced GC) before and after.
 *
 * `npm run bench` calls `sweepBench`. Alone (after `VITE_TEST_HOOKS=1 vite build`): `npm run bench:sweep`
 * writes its figures into bench/results/latest.json (other figures kept) and the README table.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, assertTestBuild, launchBrowser, newAppContext, watchConsole } from '../tests/e2e/harness.js';
import { updateReadme } from './readme-table.mjs';
import { startStaticServer } from './static-server.mjs';

const round = (v, d = 2) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : null);
const RAW_SECONDS = 6;

export const SWEEP_NOTES = {
  sweep_points_per_s:
    'Per bundled model: points per second of a 36-point camera-yaw sweep of the dog on that model alone (rendered off screen at the model input size through the live passes, predicted in its worker, stored), from the sweep progress.',
  sweep_ratio: 'sweep_points_per_s ÷ raw predicts/s of the same model (its worker predicting a fixed input in a loop), measured one after the other in the same page.',
  sweep_36x7_wall_s: 'Wall time of a 36 × 7 camera yaw (−180…170 step 10) × pitch (−30…60 step 15) sweep of the dog on both bundled models (504 predictions), from the start call to the stored, complete run.',
  sweep_long: 'A long yaw sweep on the smaller bundled model: the worker\'s tf.memory().numTensors and the page\'s JS heap (performance.memory after a CDP garbage collection) before and after.'
};

function definition(name, axes, models) {
  return { version: 1, name, base: { version: 1 }, subject: { kind: 'procedural', name: 'dog' }, axes, truth: {}, models };
}
const yaw = (steps) => ({ kind: 'field', path: 'camera.yaw', values: { from: -180, to: 180 - 360 / steps, steps } });

async function runSweep(page, def) {
  const t0 = performance.now();
  const answer = await page.evaluate((text) => window.__perturber.runSweep(text), JSON.stringify(def));
  if ('problems' in answer) throw new Error(answer.problems.join('\n'));
  const status = await page.evaluate(() => window.__perturber.sweepFinished());
  const progress = await page.evaluate(() => window.__perturber.sweepProgress());
  if (status !== 'complete') throw new Error(`sweep "${def.name}" ended ${status}: ${progress.error}`);
  return { wallS: (performance.now() - t0) / 1000, pointsPerSecond: progress.pointsPerSecond, points: progress.points };
}

async function heapMb(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return page.evaluate(() => performance.memory.usedJSHeapSize / 2 ** 20);
}

/** Measures the sweep figures in a new context of `browser` on the app at `appUrl`. */
export async function sweepBench(browser, appUrl, { log = console.log, quick = false } = {}) {
  const context = await newAppContext(browser, { bundledModels: true });
  const logs = [];
  try {
    const page = await context.newPage();
    watchConsole(page, logs);
    await page.goto(appUrl + '/');
    await page.waitForFunction(() => {
      const ms = window.__perturber?.models() ?? [];
      return ms.length >= 2 && ms.every((m) => m.status === 'ready' && m.predictions > 0);
    }, null, { timeout: 300_000, polling: 200 });
    const models = await page.evaluate(() => window.__perturber.models());
    const perModel = [];
    for (const m of models) {
      const raw = await page.evaluate(([id, s]) => window.__perturber.benchRaw(id, s), [m.id, RAW_SECONDS]);
      const sweep = await runSweep(page, definition(`yaw 36 ${m.name}`, [yaw(36)], [m.id]));
      perModel.push({ id: m.id, name: m.name, backend: raw.backend, raw_predicts_per_s: round(raw.predictsPerSecond), sweep_points_per_s: round(sweep.pointsPerSecond), sweep_ratio: round(sweep.pointsPerSecond / raw.predictsPerSecond) });
      log(`sweep: ${m.name} on ${raw.backend}: raw ${raw.predictsPerSecond.toFixed(1)}/s, sweep ${sweep.pointsPerSecond.toFixed(2)} points/s (ratio ${(sweep.pointsPerSecond / raw.predictsPerSecond).toFixed(2)})`);
    }
    const grid = await runSweep(page, definition('yaw 36 x pitch 7', [yaw(36), { kind: 'field', path: 'camera.pitch', values: { from: -30, to: 60, steps: 7 } }], models.map((m) => m.id)));
    log(`sweep: 36 x 7 on both bundled models: ${grid.wallS.toFixed(1)} s (${grid.pointsPerSecond.toFixed(2)} points/s)`);

    const small = models.find((m) => /0\.25/.test(m.name)) ?? models[0];
    const longPoints = quick ? 200 : 2000;
    const cdp = await context.newCDPSession(page);
    const tensorsBefore = await page.evaluate((id) => window.__perturber.numTensors(id), small.id);
    const heapBefore = await heapMb(page, cdp);
    const long = await runSweep(page, definition(`yaw ${longPoints}`, [yaw(longPoints)], [small.id]));
    const tensorsAfter = await page.evaluate((id) => window.__perturber.numTensors(id), small.id);
    const heapAfter = await heapMb(page, cdp);
    log(`sweep: ${longPoints} points on ${small.name}: ${long.wallS.toFixed(0)} s, tensors ${tensorsBefore} -> ${tensorsAfter}, heap ${heapBefore.toFixed(1)} -> ${heapAfter.toFixed(1)} MB`);
    return {
      sweep_points_per_s: Object.fromEntries(perModel.map((m) => [m.id, m.sweep_points_per_s])),
      sweep_ratio: Object.fromEntries(perModel.map((m) => [m.id, m.sweep_ratio])),
      sweep_36x7_wall_s: round(grid.wallS, 1),
      sweep_long: { model: small.id, points: longPoints, wall_s: round(long.wallS, 0), tensors_before: tensorsBefore, tensors_after: tensorsAfter, heap_mb_before: round(heapBefore, 1), heap_mb_after: round(heapAfter, 1) },
      sweep_details: { per_model: perModel, grid_36x7: { points: grid.points, predictions: grid.points * models.length, points_per_s: round(grid.pointsPerSecond) }, raw_seconds: RAW_SECONDS }
    };
  } catch (error) {
    if (logs.length) console.error('browser console:\n' + logs.slice(-30).join('\n'));
    throw error;
  } finally {
    await context.close();
  }
}

async function main() {
  const build = resolve(process.env.BENCH_BUILD ?? join(ROOT, 'build'));
  assertTestBuild(build);
  const served = mkdtempSync(join(tmpdir(), 'perturber-sweep-bench-'));
  cpSync(build, served, { recursive: true });
  const server = await startStaticServer(served, Number(process.env.BENCH_PORT ?? 4350), { spa: true });
  const browser = await launchBrowser();
  const started = performance.now();
  try {
    const figures = await sweepBench(browser, server.url, { quick: process.env.BENCH_QUICK === '1', log: (...a) => console.log('[bench:sweep]', ...a) });
    const file = join(ROOT, 'bench/results/latest.json');
    const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    Object.assign(results, figures);
    results.notes = { ...(results.notes ?? {}), ...SWEEP_NOTES };
    results.machine = { ...(results.machine ?? {}), sweep_measured: { date: new Date().toISOString(), cores: availableParallelism(), loadavg: loadavg().map((v) => round(v)), by: 'npm run bench:sweep', seconds: round((performance.now() - started) / 1000, 0) } };
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    updateReadme(join(ROOT, 'README.md'), results);
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await browser.close();
    await server.stop();
    rmSync(served, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
