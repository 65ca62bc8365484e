/**
 * `npm run bench` (after `vite build`): measures the production build in headless Chromium with the
 * fixture model mobilenet-v1-0.75 (imported through the UI, up to 3 times under different names, in
 * contexts that start without the bundled models), then how soon a fresh profile shows the first
 * prediction of a bundled model (bench/first-prediction.mjs), writes
 * bench/results/latest.json, updates the README table between the bench markers and prints a summary.
 *
 * The build is copied to a temporary folder and served from there by a small static server, so that a
 * `vite build` run by someone else in this checkout during the benchmark cannot pull files from under it.
 * Skips (exit 0) when ../shared/fixtures is absent.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, assertTestBuild, importFolder, launchBrowser, models, newAppContext, watchConsole } from '../tests/e2e/harness.js';
import { freePorts, startStaticServer } from './static-server.mjs';
import { NOTES, median, motionWindow, rawLoops, readyAndPredicting, round, settle } from './measure.mjs';
import { activationAndAttacks, attackTimesPerBackend } from './inspect-costs.mjs';
import { printSummary, writeResults } from './report.mjs';
import { persistentImports, soak } from './soak.mjs';
import { FIRST_PREDICTION_NOTES, firstPrediction } from './first-prediction.mjs';
import { SWEEP_NOTES, sweepBench } from './sweep-bench.mjs';
import { LIVE_NOTES, liveSpeed } from './live-speed.mjs';

const FIXTURES = resolve(ROOT, '../shared/fixtures/imagenet');
const MODEL_FOLDER = 'mobilenet-v1-0.75';
const MODEL_DIR = join(FIXTURES, MODEL_FOLDER);
const SMALL_FOLDER = 'mobilenet-v1-0.25';
const SMALL_DIR = join(FIXTURES, SMALL_FOLDER);
/** The build to measure: build/ unless BENCH_BUILD names another folder (e.g. a build of another commit). */
const BUILD = resolve(process.env.BENCH_BUILD ?? join(ROOT, 'build'));
const PORTS = [4330, 4339];
const RAW_SECONDS = 8;
const MOTION_SECONDS = 10;
const LONG_TASK_SECONDS = 20;
const WARMUP_SECONDS = 2;
const ACTIVATION_SECONDS = 6;
/** BENCH_QUICK=1: a short soak and fewer persistent imports (a check that the bench runs, not figures). */
const QUICK = process.env.BENCH_QUICK === '1';
const SOAK_SECONDS = QUICK ? 60 : 600;
const PERSISTENT_IMPORTS = QUICK ? 2 : 5;

const log = (...a) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s]`, ...a);
const started = performance.now();

async function main() {
  if (!existsSync(join(MODEL_DIR, 'model.json'))) {
    console.log(`[bench] SKIPPED: fixture model not found at ${MODEL_DIR} (needs ../shared/fixtures/imagenet).`);
    return 0;
  }
  assertTestBuild(BUILD);

  const servedBuild = mkdtempSync(join(tmpdir(), 'perturber-bench-build-'));
  cpSync(BUILD, servedBuild, { recursive: true });
  const [appPort, fixturePort] = await freePorts(2, PORTS);
  const app = await startStaticServer(servedBuild, appPort, { spa: true });
  const fixtureServer = await startStaticServer(FIXTURES, fixturePort, { cors: true });
  const logs = [];
  let browser = null;
  let lastState = null;
  try {
    browser = await launchBrowser();
    const context = await newAppContext(browser); // without the bundled models: only the imported ones run
    const page = await context.newPage();
    watchConsole(page, logs);
    lastState = page;
    const machine = {
      cores: availableParallelism(),
      cpu: cpus()[0]?.model ?? 'unknown',
      chromium: `Chromium ${browser.version()}`,
      node: process.version,
      date: new Date().toISOString(),
      loadavg_at_start: loadavg().map((v) => round(v)),
      served_from: `copy of ${BUILD} by bench/static-server.mjs`
    };
    log(`app on ${app.url} (copy of build/ in ${servedBuild}), fixtures on ${fixtureServer.url}; ${machine.chromium}`);

    await page.goto(app.url + '/');
    await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 60_000 });
    const canvas = await page.evaluate(() => {
      const c = document.querySelector('canvas');
      return { width: c?.width ?? 0, height: c?.height ?? 0, devicePixelRatio };
    });
    // Baseline: the scene alone (no model) with the camera moving; its long tasks are rendering, not inference.
    const motion0 = await motionWindow(page, { seconds: LONG_TASK_SECONDS, warmup: WARMUP_SECONDS, longTasks: true });
    log(`no model: scene ${motion0.fps.toFixed(1)} fps with the camera moving (canvas ${canvas.width}x${canvas.height}), longest task ${motion0.longest.toFixed(0)} ms, ${motion0.over50} over 50 ms`);

    // --- One model ------------------------------------------------------------------------------
    await importFolder(page, MODEL_DIR, 'bench A');
    await readyAndPredicting(page, 1);
    const [a] = await models(page);
    const loadResult = await page.evaluate((id) => window.__perturber.loadResult(id), a.id);
    log(`A ready on ${a.backend}; trials ${JSON.stringify(loadResult?.trials)}`);

    await settle(page);
    const raw1 = (await rawLoops(page, [a.id], RAW_SECONDS))[0];
    log(`raw, 1 model: ${raw1.predictsPerSecond.toFixed(2)}/s on ${raw1.backend}`);
    const motion1 = await motionWindow(page, { seconds: MOTION_SECONDS, warmup: WARMUP_SECONDS });
    log(`pipeline, 1 model: ${motion1.total.toFixed(2)}/s, scene ${motion1.fps.toFixed(1)} fps`);

    // Activation maps: predictions/s with 4 maps of a mid layer returned with every prediction, over without (same run).
    await settle(page);
    const inspect = await activationAndAttacks(page, a.id, { seconds: ACTIVATION_SECONDS, warmup: WARMUP_SECONDS });
    log(`activations: ${inspect.withMaps.toFixed(2)}/s with 4 maps of ${inspect.layer}, ${inspect.without.toFixed(2)}/s without (${inspect.overhead.toFixed(2)})`);
    log(`attacks on ${inspect.attacks.backend}: FGSM ${inspect.attacks.fgsm_ms.toFixed(0)} ms, PGD-10 ${inspect.attacks.pgd10_ms.toFixed(0)} ms`);

    await settle(page);
    const idbMs = [];
    const netMs = [];
    const url = `${fixtureServer.url}/${MODEL_FOLDER}/model.json`;
    for (let i = 0; i < 3; i++) {
      idbMs.push((await page.evaluate((id) => window.__perturber.benchLoad(id), a.id)).ms);
      netMs.push((await page.evaluate(([id, u]) => window.__perturber.benchLoad(id, u), [a.id, url])).ms);
    }
    log(`load: IndexedDB ${idbMs.map((v) => v.toFixed(0)).join('/')} ms, network ${netMs.map((v) => v.toFixed(0)).join('/')} ms`);

    // --- Two models (same model, same backend) ---------------------------------------------------
    await importFolder(page, MODEL_DIR, 'bench B', a.backend ?? undefined);
    await readyAndPredicting(page, 2);
    await settle(page);
    const raw2 = await rawLoops(page, (await models(page)).map((m) => m.id), RAW_SECONDS);
    log(`raw, 2 models: ${raw2.map((r) => r.predictsPerSecond.toFixed(2)).join(' + ')}/s`);
    const motion2 = await motionWindow(page, { seconds: LONG_TASK_SECONDS, warmup: WARMUP_SECONDS, longTasks: true });
    log(`pipeline, 2 models: ${motion2.total.toFixed(2)}/s, scene ${motion2.fps.toFixed(1)} fps, longest task ${motion2.longest.toFixed(0)} ms, ${motion2.over50} over 50 ms`);

    // --- Three models ----------------------------------------------------------------------------
    await importFolder(page, MODEL_DIR, 'bench C', a.backend ?? undefined);
    await readyAndPredicting(page, 3);
    await settle(page);
    const raw3 = await rawLoops(page, (await models(page)).map((m) => m.id), RAW_SECONDS);
    log(`raw, 3 models: ${raw3.map((r) => r.predictsPerSecond.toFixed(2)).join(' + ')}/s`);
    const motion3 = await motionWindow(page, { seconds: MOTION_SECONDS, warmup: WARMUP_SECONDS });
    log(`pipeline, 3 models: ${motion3.total.toFixed(2)}/s, scene ${motion3.fps.toFixed(1)} fps`);

    // --- Soak: the three models with activation maps, camera moving -----------------------------
    const soaked = await soak(browser, page, { seconds: SOAK_SECONDS, log });
    log(`soak: tensors ${soaked.soak_tensor_growth.join('/')}, heap ${soaked.soak_heap_growth_mb} MB, ${soaked.soak_frames} frames, ${soaked.soak_errors} errors`);

    const all = await models(page);
    await context.close();
    const attackTimes = await attackTimesPerBackend(browser, app.url, { dir: SMALL_DIR, model: SMALL_FOLDER, log });
    const persistent = await persistentImports(app.url, MODEL_DIR, { times: PERSISTENT_IMPORTS, backend: a.backend ?? undefined, log });
    const first = await firstPrediction(app.url, { runs: QUICK ? 1 : 3, log });
    const sweeps = await sweepBench(browser, app.url, { quick: QUICK, log });
    // The live-speed figures (pipeline_ratio among them) come from one run of their own, both priorities.
    const live = await liveSpeed(browser, app.url, { log });
    const sum = (rs) => rs.reduce((n, r) => n + r.predictsPerSecond, 0);
    const results = {
      model: `${MODEL_FOLDER} (layers, imported 3x through the file input)`,
      backend_choice: loadResult?.backend ?? a.backend,
      backend_trials: (loadResult?.trials ?? []).map((t) => ({
        backend: t.backend,
        msPerPredict: round(t.msPerPredict, 1),
        warmupMs: round(t.warmupMs, 0),
        ...(t.error ? { error: t.error } : {})
      })),
      backends_used: all.map((m) => m.backend),
      raw_predicts_per_s: round(raw1.predictsPerSecond),
      pipeline_predicts_per_s: round(motion1.total),
      pipeline_ratio: round(motion1.total / raw1.predictsPerSecond),
      scaling_2_models: round(sum(raw2) / raw1.predictsPerSecond),
      scaling_3_models: round(sum(raw3) / raw1.predictsPerSecond),
      pipeline_scaling_2_models: round(motion2.total / motion1.total),
      pipeline_scaling_3_models: round(motion3.total / motion1.total),
      main_longest_task_ms: round(motion2.longest, 0),
      main_tasks_over_50ms: motion2.over50,
      main_longest_task_ms_no_models: round(motion0.longest, 0),
      main_tasks_over_50ms_no_models: motion0.over50,
      scene_fps: round(motion2.fps, 1),
      scene_fps_no_models: round(motion0.fps, 1),
      activation_overhead: round(inspect.overhead),
      attack_times: [
        { model: MODEL_FOLDER, backend: inspect.attacks.backend, fgsm_ms: round(inspect.attacks.fgsm_ms, 0), pgd10_ms: round(inspect.attacks.pgd10_ms, 0) },
        ...attackTimes
      ],
      idb_load_ms: round(median(idbMs), 0),
      network_load_ms: round(median(netMs), 0),
      ...soaked,
      ...persistent,
      first_prediction_ms: first.first_prediction_ms,
      first_prediction_ms_warm: first.first_prediction_ms_warm,
      first_prediction: { ...first.first_prediction, measured_by: 'npm run bench', date: machine.date },
      ...sweeps,
      ...live,
      details: {
        raw_per_model: { one: [raw1], two: raw2, three: raw3 },
        pipeline_per_model: { one: motion1.perModel, two: motion2.perModel, three: motion3.perModel },
        viewport: { width: 1280, height: 860 },
        canvas,
        scene_fps: { none: round(motion0.fps, 1), one: round(motion1.fps, 1), two: round(motion2.fps, 1), three: round(motion3.fps, 1) },
        long_tasks_ms_2_models: motion2.longTasks.map((v) => round(v, 0)),
        activation_maps: { layer: inspect.layer, channels: 4, with_maps_per_s: round(inspect.withMaps), without_per_s: round(inspect.without), seconds: ACTIVATION_SECONDS },
        attacks: inspect.attacks.runs,
        idb_load_ms_runs: idbMs.map((v) => round(v, 0)),
        network_load_ms_runs: netMs.map((v) => round(v, 0)),
        seconds: { raw: RAW_SECONDS, motion: MOTION_SECONDS, long_tasks: LONG_TASK_SECONDS, warmup: WARMUP_SECONDS },
        total_bench_s: round((performance.now() - started) / 1000, 0)
      },
      machine: { ...machine, quick: QUICK, loadavg_at_end: loadavg().map((v) => round(v)) },
      notes: { ...NOTES, ...FIRST_PREDICTION_NOTES, ...SWEEP_NOTES, ...LIVE_NOTES }
    };
    writeResults(results);
    printSummary(results);
    return 0;
  } catch (error) {
    if (logs.length) console.error('browser console:\n' + logs.slice(-40).join('\n'));
    const state = await lastState?.evaluate(() => window.__perturber?.models()).catch(() => undefined);
    if (state) console.error('models at failure: ' + JSON.stringify(state));
    throw error;
  } finally {
    await browser?.close().catch(() => undefined);
    await app.stop();
    await fixtureServer.stop();
    rmSync(servedBuild, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  }
);
