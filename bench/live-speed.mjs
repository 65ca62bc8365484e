/**
 * Live speed (issue "Live speed"), all from one run in one page: the fixture MobileNet v1 0.75 imported
 * once, then three times, the camera moving on every animation frame, under each of the two speed
 * priorities ("Smooth view", the default, and "Fast models"; src/lib/scene/view-budget.ts):
 * - `pipeline_ratio` / `pipeline_ratio_fast_models`: predictions shown per second ÷ the worker's raw
 *   predict loop on a fixed input (same model, same page, measured just before);
 * - `worker_busy_fraction_1` / `_3` (and `_fast_models`): the time each worker spent inside predict for
 *   the shown frames ÷ the wall time (the mean over the models with three);
 * - `scene_fps_smooth` / `scene_fps_fast_models`: animation frames per second with one model;
 * - `long_frames`: main-thread long animation frames (Long Animation Frames API) with one model in each
 *   mode, attributed to rendering, read-back, app script and the browser (bench/long-frames.mjs).
 *
 * `npm run bench` calls `liveSpeed`. Alone (after `VITE_TEST_HOOKS=1 vite build`): `npm run bench:live`
 * writes its figures into bench/results/latest.json (other figures kept) and the README table.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, assertTestBuild, importFolder, launchBrowser, models, newAppContext, watchConsole } from '../tests/e2e/harness.js';
import { updateReadme } from './readme-table.mjs';
import { startStaticServer } from './static-server.mjs';
import { motionWindow, rawLoops, readyAndPredicting, round, settle } from './measure.mjs';
import { attributeLongFrames } from './long-frames.mjs';
import { threadCpuShares, threadCpuSnapshot } from './thread-cpu.mjs';

const MODEL_DIR = resolve(ROOT, '../shared/fixtures/imagenet/mobilenet-v1-0.75');
const RAW_SECONDS = 8;
const MOTION_SECONDS = 12;
const WARMUP_SECONDS = 2;

export const LIVE_NOTES = {
  pipeline_ratio:
    'Predictions shown per second with one model (fixture MobileNet v1 0.75) and the camera moving on every animation frame, under "Smooth view" (the default), ÷ its worker\'s raw predict loop on a fixed input, measured just before in the same page (npm run bench:live, also part of npm run bench).',
  pipeline_ratio_fast_models: 'The same under "Fast models": while the model is busy the visible view waits three times as long as its last frame took before it draws again (about a quarter of the time), and at most 250 ms (at least 4 view frames per second).',
  worker_busy_fraction_1: 'Time the worker spent inside predict for the shown frames ÷ wall time, one model, camera moving, "Smooth view".',
  worker_busy_fraction_3: 'The same with three copies of the model (mean over the three workers), "Smooth view".',
  scene_fps_smooth: 'Animation frames per second of the page with one model, camera moving, "Smooth view" (the visible view is drawn on each).',
  scene_fps_fast_models: 'Animation frames per second with one model under "Fast models" (the view is drawn on some of them, at least 4 per second; the others render and read back model frames).',
  cpu_cores_by_thread:
    'CPU use (in cores; this machine has ' + availableParallelism() + ') of the browser\'s threads while the camera moves: with no model loaded (6 s), and in each one-model window (warm-up included), from /proc (bench/thread-cpu.mjs): SwiftShader\'s rasteriser threads in the GPU process, the GPU process\'s main and compositor threads, the page\'s main thread, the model workers, the rest.',
  long_frames:
    'Main-thread long animation frames (> 50 ms, Long Animation Frames API) during the one-model windows, each counted for what took most of it: rendering (view and model frames through the passes), read-back, app script (script time outside those), browser (style, layout, paint); app_script_over_50ms counts script entries whose own time outside the scene\'s spans passes 50 ms.'
};

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

async function choosePriority(page, label) {
  await page.getByTestId('view-priority').getByRole('radio', { name: label }).check();
}

/** The figures of one run (a page of its own, without the bundled models). */
export async function liveSpeed(browser, appUrl, { log = () => {} } = {}) {
  if (!existsSync(join(MODEL_DIR, 'model.json'))) {
    log(`live speed SKIPPED: fixture model not found at ${MODEL_DIR}`);
    return {};
  }
  const context = await newAppContext(browser);
  const page = await context.newPage();
  const logs = [];
  watchConsole(page, logs);
  try {
    await page.goto(appUrl + '/');
    await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 60_000 });
    // What drawing the scene alone costs the cores (no model loaded), the camera moving; after the
    // page's start-up work (service worker install, caching) has had time to finish.
    await page.waitForTimeout(5000);
    const noModelThreads = threadCpuSnapshot();
    const noModelFrom = performance.now();
    const noModel = await motionWindow(page, { seconds: 6, warmup: 1 });
    const noModelCpu = threadCpuShares(noModelThreads, threadCpuSnapshot(), (performance.now() - noModelFrom) / 1000);
    log(`no model: scene ${noModel.fps.toFixed(1)} fps, cores ${JSON.stringify(noModelCpu)}`);

    await importFolder(page, MODEL_DIR, 'live A');
    await readyAndPredicting(page, 1);
    const [a] = await models(page);
    await settle(page);
    const raw = (await rawLoops(page, [a.id], RAW_SECONDS))[0];
    const window1 = async (label) => {
      await choosePriority(page, label);
      const threadsBefore = threadCpuSnapshot();
      const startedAt = performance.now();
      const m = await motionWindow(page, { seconds: MOTION_SECONDS, warmup: WARMUP_SECONDS, longFrames: true });
      m.cpu = threadCpuShares(threadsBefore, threadCpuSnapshot(), (performance.now() - startedAt) / 1000);
      log(`1 model, ${label}: ${m.total.toFixed(2)}/s (raw ${raw.predictsPerSecond.toFixed(2)}/s), busy ${m.perModel[0].busyFraction.toFixed(2)}, scene ${m.fps.toFixed(1)} fps, ${m.longFrames.length} long frames, cores ${JSON.stringify(m.cpu)}`);
      return m;
    };
    const smooth1 = await window1('Smooth view');
    const fast1 = await window1('Fast models');
    await choosePriority(page, 'Smooth view');

    await importFolder(page, MODEL_DIR, 'live B', a.backend ?? undefined);
    await importFolder(page, MODEL_DIR, 'live C', a.backend ?? undefined);
    await readyAndPredicting(page, 3);
    await settle(page);
    const window3 = async (label) => {
      await choosePriority(page, label);
      const m = await motionWindow(page, { seconds: MOTION_SECONDS, warmup: WARMUP_SECONDS });
      log(`3 models, ${label}: ${m.total.toFixed(2)}/s, busy ${m.perModel.map((p) => p.busyFraction.toFixed(2)).join('/')}, scene ${m.fps.toFixed(1)} fps`);
      return m;
    };
    const smooth3 = await window3('Smooth view');
    const fast3 = await window3('Fast models');
    await choosePriority(page, 'Smooth view');

    const busy = (m) => round(mean(m.perModel.map((p) => p.busyFraction)));
    return {
      pipeline_predicts_per_s: round(smooth1.total),
      pipeline_ratio: round(smooth1.total / raw.predictsPerSecond),
      pipeline_ratio_fast_models: round(fast1.total / raw.predictsPerSecond),
      worker_busy_fraction_1: busy(smooth1),
      worker_busy_fraction_1_fast_models: busy(fast1),
      worker_busy_fraction_3: busy(smooth3),
      worker_busy_fraction_3_fast_models: busy(fast3),
      scene_fps_smooth: round(smooth1.fps, 1),
      scene_fps_fast_models: round(fast1.fps, 1),
      cpu_cores_by_thread: { no_model: noModelCpu, smooth: smooth1.cpu, fast_models: fast1.cpu },
      long_frames: { smooth: attributeLongFrames(smooth1.longFrames, smooth1.spans), fast_models: attributeLongFrames(fast1.longFrames, fast1.spans) },
      live_details: {
        model: 'mobilenet-v1-0.75 (fixture, layers), imported through the file input',
        backend: raw.backend,
        raw_predicts_per_s: round(raw.predictsPerSecond),
        seconds: { raw: RAW_SECONDS, motion: MOTION_SECONDS, warmup: WARMUP_SECONDS },
        one_model: { smooth: { predicts_per_s: round(smooth1.total), fps: round(smooth1.fps, 1) }, fast_models: { predicts_per_s: round(fast1.total), fps: round(fast1.fps, 1) } },
        three_models: {
          smooth: { predicts_per_s: round(smooth3.total), fps: round(smooth3.fps, 1), busy: smooth3.perModel.map((p) => round(p.busyFraction)) },
          fast_models: { predicts_per_s: round(fast3.total), fps: round(fast3.fps, 1), busy: fast3.perModel.map((p) => round(p.busyFraction)) }
        }
      }
    };
  } catch (e) {
    if (logs.length) console.error('browser console:\n' + logs.slice(-30).join('\n'));
    throw e;
  } finally {
    await context.close();
  }
}

async function main() {
  const build = resolve(process.env.BENCH_BUILD ?? join(ROOT, 'build'));
  assertTestBuild(build);
  const served = mkdtempSync(join(tmpdir(), 'perturber-live-bench-'));
  cpSync(build, served, { recursive: true });
  const server = await startStaticServer(served, Number(process.env.BENCH_PORT ?? 4355), { spa: true });
  const browser = await launchBrowser();
  const started = performance.now();
  try {
    const figures = await liveSpeed(browser, server.url, { log: (...a) => console.log('[bench:live]', ...a) });
    const file = join(ROOT, 'bench/results/latest.json');
    const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    Object.assign(results, figures);
    results.notes = { ...(results.notes ?? {}), ...LIVE_NOTES };
    results.machine = { ...(results.machine ?? {}), live_measured: { date: new Date().toISOString(), cores: availableParallelism(), loadavg: loadavg().map((v) => round(v)), by: 'npm run bench:live', seconds: round((performance.now() - started) / 1000, 0) } };
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
