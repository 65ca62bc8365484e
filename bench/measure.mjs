/**
 * The benchmark's measurements inside the page, through `window.__perturber`
 * (src/lib/pipeline/debug-hooks.svelte.ts), and the sentence that explains each number in latest.json.
 */
import { waitForFreshPredictions } from '../tests/e2e/harness.js';

/** `v` to `d` decimals, or null when it is not a finite number (as latest.json stores figures). */
export const round = (v, d = 2) => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toFixed(d)) : null);

export function median(values) {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Waits until no model shows a new prediction for `quietMs` (the pipeline is idle: a still scene). */
export async function settle(page, quietMs = 1500, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let since = Date.now();
  while (Date.now() < deadline) {
    const now = JSON.stringify(await page.evaluate(() => window.__perturber.models().map((m) => m.predictions)));
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Waits until `count` models are ready, then moves the camera a little so that each gets a frame (a
 * model that becomes ready while the scene is still is not sent one until the scene changes), and waits
 * until all have shown a prediction.
 */
export async function readyAndPredicting(page, count) {
  await page.waitForFunction(
    (n) => {
      const ms = window.__perturber.models();
      return ms.length === n && ms.every((m) => m.status === 'ready');
    },
    count,
    { timeout: 180_000, polling: 250 }
  );
  const version = await page.evaluate((n) => {
    window.__perturber.setCamera(30 + n, 20);
    return window.__perturber.sceneVersion();
  }, count);
  await waitForFreshPredictions(page, count, version - 1, 120_000);
}

/** Runs the workers' raw predict loops of `ids` at the same time for `seconds`. */
export function rawLoops(page, ids, seconds) {
  return page.evaluate(
    ([list, s]) => Promise.all(list.map((id) => window.__perturber.benchRaw(id, s))),
    [ids, seconds]
  );
}

/**
 * Moves the camera on every animation frame (yaw sweeps ±150° at 120°/s, so every frame is a new
 * scene version) for `warmup + seconds`, and counts over the last `seconds`: predictions shown per
 * model (and the share of the window its worker spent predicting them), animation frames, and (with
 * `longTasks`) main-thread long tasks, (with `longFrames`) Long Animation Frames and the scene's own
 * spans (bench/long-frames.mjs attributes them).
 */
export function motionWindow(page, { seconds, warmup = 0, longTasks = false, longFrames = false }) {
  return page.evaluate(
    async ({ seconds, warmup, longTasks, longFrames }) => {
      const hooks = window.__perturber;
      const counts = () => new Map(hooks.models().map((m) => [m.id, m.predictions]));
      const busy = () => new Map(hooks.models().map((m) => [m.id, m.busyMs]));
      const tasks = [];
      const loafs = [];
      let observer = null;
      let loafObserver = null;
      let measureFrom = Infinity;
      if (longTasks) {
        observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (e.startTime >= measureFrom) tasks.push(e.duration);
        });
        observer.observe({ type: 'longtask', buffered: true });
      }
      // Long Animation Frames with script attribution, and the scene's own spans (view, model frames, read-back).
      const plainLoaf = (e) => ({
        startTime: e.startTime,
        duration: e.duration,
        scripts: (e.scripts ?? []).map((s) => ({ startTime: s.startTime, duration: s.duration, invoker: s.invoker, invokerType: s.invokerType, sourceURL: s.sourceURL, sourceFunctionName: s.sourceFunctionName, sourceCharPosition: s.sourceCharPosition, forcedStyleAndLayoutDuration: s.forcedStyleAndLayoutDuration }))
      });
      if (longFrames) {
        loafObserver = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (e.startTime >= measureFrom) loafs.push(plainLoaf(e));
        });
        loafObserver.observe({ type: 'long-animation-frame', buffered: true });
      }
      const start = performance.now();
      const yawAt = (ms) => {
        // Triangle wave between -150 and 150 degrees, 120 degrees per second.
        const x = ((ms / 1000) * 120) % 600;
        return x < 300 ? -150 + x : 450 - x;
      };
      let before = null;
      let busyBefore = null;
      let frames = 0;
      let t0 = 0;
      await new Promise((done) => {
        const tick = () => {
          const now = performance.now();
          if (!before && now - start >= warmup * 1000) {
            before = counts();
            busyBefore = busy();
            if (longFrames) hooks.frameCosts(true);
            t0 = now;
            measureFrom = now;
          } else if (before) {
            frames++;
          }
          hooks.setCamera(Math.round(yawAt(now - start)), 20);
          if (before && now - t0 >= seconds * 1000) done();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const elapsed = (performance.now() - t0) / 1000;
      if (observer) {
        for (const e of observer.takeRecords()) if (e.startTime >= measureFrom) tasks.push(e.duration);
        observer.disconnect();
      }
      const spans = longFrames ? hooks.frameCosts(false) : [];
      if (loafObserver) {
        for (const e of loafObserver.takeRecords()) if (e.startTime >= measureFrom) loafs.push(plainLoaf(e));
        loafObserver.disconnect();
      }
      const after = counts();
      const busyAfter = busy();
      const perModel = [...after].map(([id, n]) => ({
        id,
        predictsPerSecond: (n - (before.get(id) ?? 0)) / elapsed,
        busyFraction: ((busyAfter.get(id) ?? 0) - (busyBefore.get(id) ?? 0)) / (elapsed * 1000)
      }));
      return {
        elapsed,
        perModel,
        longFrames: loafs,
        spans,
        total: perModel.reduce((s, m) => s + m.predictsPerSecond, 0),
        fps: frames / elapsed,
        longTasks: tasks,
        longest: tasks.length ? Math.max(...tasks) : 0,
        over50: tasks.filter((d) => d > 50).length
      };
    },
    { seconds, warmup, longTasks, longFrames }
  );
}

export const NOTES = {
  raw_predicts_per_s:
    "Predictions per second of one model's worker running its raw predict loop (benchRaw: forward pass + reading the output, fixed input, no scene, no transfer) for 8 s.",
  pipeline_predicts_per_s:
    'Predictions shown per second for the same model and backend through the whole path (render the scene to a render target, read back, transfer to the worker, preprocess, predict, top-5 shown) while the camera moves on every animation frame, counted over 10 s after a 2 s warm-up.',
  pipeline_ratio: 'pipeline_predicts_per_s / raw_predicts_per_s: how much of the worker\'s raw speed survives the live pipeline (target >= 0.9).',
  scaling_2_models:
    'Sum of the raw predict rates of 2 copies of the model, each in its own worker, running their raw loops at the same time, over the raw rate of 1 model (target >= 1.8 on 2 cores).',
  scaling_3_models: 'As scaling_2_models with 3 copies; on 2 cores it cannot exceed about 2.',
  pipeline_scaling_2_models:
    'Total predictions shown per second by 2 copies through the live pipeline with the camera moving (the 20 s long-task window), over the 1-model pipeline rate.',
  pipeline_scaling_3_models: 'As pipeline_scaling_2_models with 3 copies, counted over 10 s.',
  main_longest_task_ms_no_models:
    'The same long-task measurement with no model loaded: what rendering the scene (view + passes) costs the main thread by itself. Inference runs in the workers, so the difference to main_longest_task_ms is what the models add.',
  main_longest_task_ms:
    "Longest main-thread task (PerformanceObserver 'longtask', i.e. tasks over 50 ms) during 20 s of continuous camera motion with 2 models predicting; 0 when there was none.",
  main_tasks_over_50ms: 'Number of main-thread long tasks (> 50 ms) during that same 20 s window.',
  scene_fps: 'requestAnimationFrame callbacks per second on the main thread during that 20 s window with 2 models: the frame rate of the visible scene.',
  scene_fps_no_models:
    'requestAnimationFrame callbacks per second with the camera moving and no model loaded (5 s): what the scene alone costs; in software WebGL (SwiftShader) the render of the visible canvas bounds every other number.',
  idb_load_ms: "Median of 3: ms for the model's worker to load the model's stored weights from IndexedDB (tf.loadLayersModel('indexeddb://…')).",
  network_load_ms:
    'Median of 3: ms for the same worker to load the same model folder over HTTP from a static server on another localhost port (CORS), no cache.',
  backend_choice: "The TF.js backend the app's load-time measurement chose for the first copy (the others were imported with that backend forced, so all copies run alike).",
  backend_trials: 'Per-backend results of that measurement: median ms per predict after one warm-up predict (warmupMs), or why the backend was rejected.',
  soak_tensor_growth:
    "Per model: the worker's tf.memory().numTensors at the end of the soak minus at its start (target 0). The soak: the three copies, each returning 4 activation maps of a mid ReLU layer with every prediction, the camera moving on every animation frame, 600 s (60 s with BENCH_QUICK=1).",
  soak_heap_growth_mb:
    'JS heap used by the page plus every worker (CDP Runtime.getHeapUsage, each after HeapProfiler.collectGarbage), end of the soak minus start, in MB (target < 5).',
  soak_frames: 'Predictions shown during the soak, all models together.',
  soak_errors: 'Model errors seen during the soak + page errors + worker restarts (target 0).',
  persistent_imports_tried:
    'Imports of the model through the file input, one after another, into a fresh on-disk Chromium profile (launchPersistentContext); each must load and become ready.',
  persistent_imports_failed: 'How many of those imports ended in an error instead of a ready model (target 0).',
  machine: 'Where it ran: logical cores, Chromium version, date, and the load average (other work on the machine makes the numbers noisy).'
};
