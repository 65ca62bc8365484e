/**
 * How soon the app opens ready: `first_prediction_ms`, from the start of the page load on a fresh on-disk
 * Chromium profile to the first prediction a bundled model shows (install from the app's own files,
 * load, backend measurement, first frame), and `first_prediction_ms_warm`, the same on the second visit
 * with that profile (app shell from the service worker, models from IndexedDB). Median of `runs` fresh
 * profiles each.
 *
 * `npm run bench` calls `firstPrediction`. Alone (after `VITE_TEST_HOOKS=1 vite build`):
 * `npm run bench:first` (`node bench/first-prediction.mjs`; BENCH_FIRST_RUNS=n, default 3) measures a copy
 * of build/ and writes its numbers into bench/results/latest.json and the README table, leaving the
 * other numbers there as they are.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, assertTestBuild, launchPersistent, watchConsole } from '../tests/e2e/harness.js';
import { median } from './measure.mjs';
import { updateReadme } from './readme-table.mjs';
import { startStaticServer } from './static-server.mjs';

export const FIRST_PREDICTION_NOTES = {
  first_prediction_ms:
    'Median over fresh on-disk Chromium profiles (launchPersistentContext, nothing stored, no service worker yet): ms from the start of the page load (performance.timeOrigin) to the first prediction shown by a bundled model (static/models: installed from the app itself, loaded, backends measured, first frame predicted). Polled every 20 ms.',
  first_prediction_ms_warm:
    'The same profile opened again (the second visit: app shell from the service worker, the bundled models from IndexedDB with their stored backend choice): ms from the start of the page load to the first prediction of a bundled model.'
};

const round = (v) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null);

/**
 * Opens `appUrl` in the persistent profile `profile` (the real start, bundled models installed) and returns
 * the ms since the page load began when the first, and when every, bundled model had shown a prediction.
 */
async function visit(appUrl, profile, logs) {
  const context = await launchPersistent(profile, { bundledModels: true });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    watchConsole(page, logs);
    await page.goto(appUrl + '/');
    const first = await page.waitForFunction(
      () => {
        const ms = window.__perturber?.models() ?? [];
        return ms.some((m) => m.predictions > 0) ? performance.now() : null;
      },
      null,
      { timeout: 300_000, polling: 20 }
    );
    const firstMs = await first.jsonValue();
    const all = await page.waitForFunction(
      () => {
        const ms = window.__perturber?.models() ?? [];
        return ms.length >= 2 && ms.every((m) => m.predictions > 0) ? { at: performance.now(), models: ms.map((m) => `${m.name} (${m.backend})`) } : null;
      },
      null,
      { timeout: 300_000, polling: 20 }
    );
    const every = await all.jsonValue();
    // The second visit should find the service worker installed and the models stored.
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 120_000 });
    return { first_ms: firstMs, all_ms: every.at, models: every.models };
  } finally {
    await context.close();
  }
}

/** Measures `runs` fresh profiles, each visited twice; returns the results' keys. */
export async function firstPrediction(appUrl, { runs = 3, log = console.log } = {}) {
  const logs = [];
  const fresh = [];
  const warm = [];
  for (let i = 1; i <= runs; i++) {
    const profile = mkdtempSync(join(tmpdir(), 'perturber-first-prediction-'));
    try {
      const a = await visit(appUrl, profile, logs);
      const b = await visit(appUrl, profile, logs);
      fresh.push(a);
      warm.push(b);
      log(`first prediction ${i}/${runs}: fresh ${round(a.first_ms)} ms (both ${round(a.all_ms)} ms), second visit ${round(b.first_ms)} ms (both ${round(b.all_ms)} ms); ${a.models.join(', ')}`);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }
  const errors = logs.filter((l) => l.startsWith('[pageerror]') || l.startsWith('[error]'));
  return {
    first_prediction_ms: round(median(fresh.map((r) => r.first_ms))),
    first_prediction_ms_warm: round(median(warm.map((r) => r.first_ms))),
    first_prediction: {
      runs,
      fresh_ms: fresh.map((r) => round(r.first_ms)),
      fresh_all_models_ms: fresh.map((r) => round(r.all_ms)),
      warm_ms: warm.map((r) => round(r.first_ms)),
      warm_all_models_ms: warm.map((r) => round(r.all_ms)),
      models: fresh[0]?.models ?? [],
      console_errors: errors.slice(0, 10)
    }
  };
}

/** `npm run bench:first`: measures a copy of the build and merges the numbers into latest.json and the README. */
async function main() {
  const build = resolve(process.env.BENCH_BUILD ?? join(ROOT, 'build'));
  assertTestBuild(build);
  const served = mkdtempSync(join(tmpdir(), 'perturber-first-build-'));
  cpSync(build, served, { recursive: true });
  const app = await startStaticServer(served, 4340 + Number(process.env.E2E_PORT_OFFSET ?? 0), { spa: true });
  const started = performance.now();
  const log = (...a) => console.log(`[bench:first ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s]`, ...a);
  try {
    const loadStart = loadavg().map((v) => Number(v.toFixed(2)));
    const measured = await firstPrediction(app.url, { runs: Number(process.env.BENCH_FIRST_RUNS ?? 3), log });
    const path = join(ROOT, 'bench/results/latest.json');
    const results = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
    results.first_prediction_ms = measured.first_prediction_ms;
    results.first_prediction_ms_warm = measured.first_prediction_ms_warm;
    results.first_prediction = {
      ...measured.first_prediction,
      measured_by: 'npm run bench:first',
      date: new Date().toISOString(),
      cores: availableParallelism(),
      loadavg_at_start: loadStart,
      loadavg_at_end: loadavg().map((v) => Number(v.toFixed(2)))
    };
    results.notes = { ...(results.notes ?? {}), ...FIRST_PREDICTION_NOTES };
    writeFileSync(path, JSON.stringify(results, null, 2) + '\n');
    updateReadme(join(ROOT, 'README.md'), results);
    log(`first_prediction_ms ${results.first_prediction_ms}, first_prediction_ms_warm ${results.first_prediction_ms_warm}: written to bench/results/latest.json and README.md`);
  } finally {
    await app.stop();
    rmSync(served, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error('[bench:first] failed:', error);
      process.exit(1);
    }
  );
}
