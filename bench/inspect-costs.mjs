/**
 * What inspecting costs, for `npm run bench` (bench/run.mjs): predictions/s with activation maps sent
 * back over without, and FGSM / PGD-10 times, on the bench model's backend and per backend.
 */
import { importFolder, models, newAppContext } from '../tests/e2e/harness.js';
import { motionWindow, readyAndPredicting, round, settle } from './measure.mjs';

/** One FGSM step over this many ms: PGD-10 is not run (it would take minutes). */
const PGD_SKIP_MS = 6000;

/**
 * Predictions/s of one model with the camera moving, without and then with 4 activation maps of a mid
 * ReLU layer sent back with each prediction; then FGSM (epsilon 8) and PGD-10 L-inf times on its backend.
 */
export async function activationAndAttacks(page, id, { seconds, warmup }) {
  const layers = await page.evaluate((m) => window.__perturber.listLayers(m), id);
  const relus = layers.filter((l) => /relu|activation/i.test(l.kind) && l.shape[0] > 1);
  const layer = (relus.length ? relus : layers)[Math.floor((relus.length || layers.length) / 2)].name;
  const without = (await motionWindow(page, { seconds, warmup })).total;
  await page.evaluate(([m, l]) => window.__perturber.setActivations(m, { layer: l, channels: [0, 1, 2, 3], encoding: 'uint8' }), [id, layer]);
  const withMaps = (await motionWindow(page, { seconds, warmup })).total;
  await page.evaluate((m) => window.__perturber.setActivations(m, null), id);
  await settle(page);
  const attack = (config) => page.evaluate(([m, c]) => window.__perturber.attack(m, c), [id, config]);
  await attack({ method: 'fgsm', norm: 'linf', epsilon: 8 }); // warm-up: first gradients compile kernels
  const fgsm = await attack({ method: 'fgsm', norm: 'linf', epsilon: 8 });
  const pgd = await attack({ method: 'pgd', norm: 'linf', epsilon: 8, steps: 10 });
  return {
    layer,
    without,
    withMaps,
    overhead: without > 0 ? withMaps / without : NaN,
    attacks: { backend: fgsm.backend, fgsm_ms: fgsm.ms, pgd10_ms: pgd.ms, runs: { fgsm, pgd10: pgd } }
  };
}

/**
 * FGSM and PGD-10 (L-inf, epsilon 8) times per backend on the model in `dir` (the small fixture model;
 * `model` names it in the results), in a fresh browser context (no other model loaded): one copy forced
 * to each backend. PGD-10 is skipped where one FGSM step already takes over PGD_SKIP_MS (it would take
 * minutes).
 */
export async function attackTimesPerBackend(browser, appUrl, { dir, model, log }) {
  const context = await newAppContext(browser); // without the bundled models: only the imported ones run
  const page = await context.newPage();
  const out = [];
  try {
    await page.goto(appUrl + '/');
    await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 60_000 });
    const backends = ['wasm', 'webgl', 'cpu'];
    for (const b of backends) await importFolder(page, dir, `attack ${b}`, b);
    await readyAndPredicting(page, backends.length);
    for (const m of await models(page)) {
      const attack = (config) => page.evaluate(([id, c]) => window.__perturber.attack(id, c), [m.id, config]);
      await attack({ method: 'fgsm', norm: 'linf', epsilon: 8 }); // warm-up (kernel compilation)
      const fgsm = await attack({ method: 'fgsm', norm: 'linf', epsilon: 8 });
      const pgd = fgsm.ms > PGD_SKIP_MS ? null : await attack({ method: 'pgd', norm: 'linf', epsilon: 8, steps: 10 });
      out.push({ model, backend: fgsm.backend, fgsm_ms: round(fgsm.ms, 0), pgd10_ms: pgd ? round(pgd.ms, 0) : null });
      log(`attacks on ${model}, ${fgsm.backend}: FGSM ${fgsm.ms.toFixed(0)} ms, PGD-10 ${pgd ? pgd.ms.toFixed(0) + ' ms' : 'skipped'}`);
    }
  } finally {
    await context.close();
  }
  return out;
}
