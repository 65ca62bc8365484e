/**
 * What multisampling the visible canvas costs on this machine (issue "Live speed"): the fixture
 * MobileNet v1 0.75, the camera moving, "Smooth view", once with the scene's WebGL context forced to
 * `antialias: true` (Threlte's default, what a GPU gets) and once forced to `false` (what the app now
 * picks on software WebGL, src/lib/scene/webgl-support.ts), twice each, alternating, in fresh pages.
 * The model frames are multisampled render targets either way. Prints predictions shown per second,
 * view frames drawn per second and the cores each thread group used (bench/thread-cpu.mjs).
 *
 * Run after `VITE_TEST_HOOKS=1 vite build`: `node bench/view-antialias.mjs`. Writes nothing.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, assertTestBuild, importFolder, launchBrowser, newAppContext } from '../tests/e2e/harness.js';
import { startStaticServer } from './static-server.mjs';
import { motionWindow, readyAndPredicting, settle } from './measure.mjs';
import { threadCpuShares, threadCpuSnapshot } from './thread-cpu.mjs';

const MODEL_DIR = resolve(ROOT, '../shared/fixtures/imagenet/mobilenet-v1-0.75');
const SECONDS = 10;

/** Forces the `antialias` attribute of every WebGL2 context the page makes. */
function forceAntialias(antialias) {
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, attributes) {
    return original.call(this, kind, kind === 'webgl2' ? { ...(attributes ?? {}), antialias } : attributes);
  };
}

async function once(browser, url, antialias) {
  const context = await newAppContext(browser);
  try {
    await context.addInitScript(forceAntialias, antialias);
    const page = await context.newPage();
    await page.goto(url + '/');
    await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 60_000 });
    await importFolder(page, MODEL_DIR, 'aa');
    await readyAndPredicting(page, 1);
    await settle(page);
    const actual = await page.evaluate(() => document.querySelector('canvas')?.getContext('webgl2')?.getContextAttributes()?.antialias ?? null);
    const before = threadCpuSnapshot();
    const t0 = performance.now();
    const m = await motionWindow(page, { seconds: SECONDS, warmup: 2, longFrames: true });
    const cores = threadCpuShares(before, threadCpuSnapshot(), (performance.now() - t0) / 1000);
    const views = m.spans.filter((s) => s.kind === 'view').length / m.elapsed;
    return { antialias: actual, predicts_per_s: m.total, view_frames_per_s: views, busy: m.perModel[0]?.busyFraction ?? null, cores };
  } finally {
    await context.close();
  }
}

async function main() {
  if (!existsSync(join(MODEL_DIR, 'model.json'))) {
    console.log(`SKIPPED: fixture model not found at ${MODEL_DIR}`);
    return;
  }
  const build = resolve(process.env.BENCH_BUILD ?? join(ROOT, 'build'));
  assertTestBuild(build);
  const served = mkdtempSync(join(tmpdir(), 'perturber-aa-bench-'));
  cpSync(build, served, { recursive: true });
  const server = await startStaticServer(served, Number(process.env.BENCH_PORT ?? 4356), { spa: true });
  const browser = await launchBrowser();
  try {
    for (const antialias of [true, false, true, false]) {
      const r = await once(browser, server.url, antialias);
      const c = r.cores;
      console.log(
        `antialias ${r.antialias}: ${r.predicts_per_s.toFixed(2)} predictions/s, ${r.view_frames_per_s.toFixed(1)} view frames/s, busy ${r.busy?.toFixed(2)}, cores: rasteriser ${c['gpu rasteriser threads']} · worker ${c['model workers']} · page ${c['page main thread']}`
      );
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(served, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
