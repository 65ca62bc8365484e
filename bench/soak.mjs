/**
 * The soak (issue 7): models predicting with activation maps on while the camera moves for a long time,
 * then what grew — tensors in each worker, JS heap of the page and of every worker after a forced GC —
 * and what went wrong (model errors, worker restarts, page errors). And the persistent-profile import
 * loop: the same model imported N times in a row into an on-disk profile, counting load failures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFolder, launchPersistent, modelSettled, models } from '../tests/e2e/harness.js';
import { motionWindow, settle } from './measure.mjs';

/** Calls `method` in every dedicated worker of the browser over CDP; returns one result per worker. */
async function inEveryWorker(browser, calls) {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const workers = targetInfos.filter((t) => t.type === 'worker');
    const pending = new Map();
    let nextId = 1;
    cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
      const reply = JSON.parse(message);
      pending.get(reply.id)?.(reply);
      pending.delete(reply.id);
    });
    const send = (sessionId, method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error(`${method}: no answer from the worker`)), 30_000);
        pending.set(id, (reply) => {
          clearTimeout(timer);
          if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
          else resolve(reply.result);
        });
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      });
    const out = [];
    for (const w of workers) {
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: w.targetId, flatten: false });
      try {
        const results = [];
        for (const [method, params] of calls) results.push(await send(sessionId, method, params));
        out.push({ url: w.url, results });
      } finally {
        await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      }
    }
    return out;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** JS heap in MB of the page and of each worker, each after a forced garbage collection. */
export async function heapAfterGc(browser, page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const workers = await inEveryWorker(browser, [
    ['HeapProfiler.collectGarbage', {}],
    ['Runtime.getHeapUsage', {}]
  ]);
  const mb = (bytes) => bytes / 1024 / 1024;
  const perWorker = workers.map((w) => mb(w.results[1].usedSize));
  return { page: mb(usedSize), workers: perWorker, total: mb(usedSize) + perWorker.reduce((a, b) => a + b, 0) };
}

const tensorCounts = (page, ids) => page.evaluate((list) => Promise.all(list.map((id) => window.__perturber.numTensors(id))), ids);

/**
 * Soaks the models on `page` (all of them) for `seconds`: activation maps (4 channels of a mid ReLU
 * layer) on every model, the camera moving on every animation frame, in windows of up to 30 s.
 */
export async function soak(browser, page, { seconds, log }) {
  const ids = (await models(page)).map((m) => m.id);
  for (const id of ids) {
    const layers = await page.evaluate((m) => window.__perturber.listLayers(m), id);
    const relus = layers.filter((l) => /relu|activation/i.test(l.kind) && l.shape[0] > 1);
    const layer = (relus.length ? relus : layers)[Math.floor((relus.length || layers.length) / 2)].name;
    await page.evaluate(([m, l]) => window.__perturber.setActivations(m, { layer: l, channels: [0, 1, 2, 3], encoding: 'uint8' }), [id, layer]);
  }
  await motionWindow(page, { seconds: 5 }); // warm-up: every kernel compiled, every buffer allocated
  await settle(page);
  const pageErrors = [];
  const onError = (e) => pageErrors.push(String(e?.message ?? e));
  page.on('pageerror', onError);
  const tensorsBefore = await tensorCounts(page, ids);
  const heapBefore = await heapAfterGc(browser, page);
  const before = await models(page);
  log?.(`soak: ${ids.length} models, ${seconds} s; tensors ${tensorsBefore.join('/')}, heap ${heapBefore.total.toFixed(1)} MB`);

  let frames = 0;
  const modelErrors = new Set();
  for (let left = seconds; left > 0; left -= 30) {
    const window_ = await motionWindow(page, { seconds: Math.min(30, left) });
    frames += window_.perModel.reduce((n, m) => n + m.predictsPerSecond * window_.elapsed, 0);
    for (const m of await models(page)) if (m.error) modelErrors.add(`${m.name}: ${m.error}`);
  }
  for (const id of ids) await page.evaluate((m) => window.__perturber.setActivations(m, null), id);
  await settle(page);
  const tensorsAfter = await tensorCounts(page, ids);
  const heapAfter = await heapAfterGc(browser, page);
  const after = await models(page);
  page.off('pageerror', onError);
  const restarts = after.reduce((n, m) => n + m.restarts, 0) - before.reduce((n, m) => n + m.restarts, 0);
  return {
    soak_seconds: seconds,
    soak_tensor_growth: tensorsAfter.map((n, i) => n - tensorsBefore[i]),
    soak_heap_growth_mb: Number((heapAfter.total - heapBefore.total).toFixed(2)),
    soak_frames: Math.round(frames),
    soak_errors: modelErrors.size + pageErrors.length + restarts,
    soak_details: {
      tensors_before: tensorsBefore,
      tensors_after: tensorsAfter,
      heap_mb_before: heapBefore,
      heap_mb_after: heapAfter,
      model_errors: [...modelErrors],
      page_errors: pageErrors.slice(0, 10),
      worker_restarts: restarts
    }
  };
}

/** Imports the model folder `times` times in a row into a fresh on-disk profile; counts load failures. */
export async function persistentImports(appUrl, dir, { times, backend, log }) {
  const profile = mkdtempSync(join(tmpdir(), 'perturber-bench-profile-'));
  const context = await launchPersistent(profile);
  const failures = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(appUrl + '/');
    await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 60_000 });
    for (let i = 1; i <= times; i++) {
      const name = `persistent ${i}`;
      await importFolder(page, dir, name, backend);
      const error = await modelSettled(page, name);
      if (error) failures.push(`${name}: ${error}`);
      log?.(`persistent import ${i}/${times}: ${error ?? 'loaded'}`);
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return { persistent_imports_tried: times, persistent_imports_failed: failures.length, persistent_import_failures: failures };
}
