/**
 * What the e2e tests and the benchmark do on an app page: import a model folder through the UI, read
 * the models and the scene through the test hooks (`window.__perturber`), wait for them to settle or
 * predict, and take the model-input frame of a scene. Part of the e2e harness (harness.js).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The label of the import dialog's file input. */
export const FILES_LABEL = 'Model files (model.json + weight shards, optional labels .json)';

/** Every file of a model folder (model.json + shards), as paths for `setInputFiles`. */
export const folderFiles = (dir) => readdirSync(dir).map((f) => join(dir, f));

/** `window.__perturber.models()`. */
export function models(page) {
  return page.evaluate(() => window.__perturber.models());
}

/** `window.__perturber.sceneVersion()`: the version of the scene state, raised by every change. */
export function sceneVersion(page) {
  return page.evaluate(() => window.__perturber.sceneVersion());
}

/**
 * Imports a model folder through the UI (Import model → file input → metadata form → Add model).
 * `backend` picks the form's Backend option ('auto' | 'webgl' | 'wasm' | 'cpu'); default: leave it.
 */
export async function importFolder(page, dir, name, backend) {
  await page.getByRole('navigation').getByRole('button', { name: 'Import model' }).click();
  await page.getByLabel(FILES_LABEL).setInputFiles(folderFiles(dir));
  const nameField = page.getByLabel('Display name');
  await nameField.waitFor({ timeout: 120_000 }); // reading + inspecting 10 MB takes ~30 s on a busy 2-core machine
  await nameField.fill(name);
  if (backend) await page.getByLabel('Backend', { exact: true }).selectOption(backend);
  await page.getByRole('button', { name: 'Add model' }).click();
  await page.getByRole('button', { name: 'Add model' }).waitFor({ state: 'detached', timeout: 120_000 });
}

/** Imports a model from the URL of its model.json through the UI (Import model → URL → Inspect → Add model). */
export async function importUrl(page, url, name) {
  await page.getByRole('navigation').getByRole('button', { name: 'Import model' }).click();
  await page.getByLabel('Model URL (to a model.json)').fill(url);
  await page.getByRole('button', { name: 'Inspect' }).click();
  const nameField = page.getByLabel('Display name');
  await nameField.waitFor({ timeout: 120_000 });
  await nameField.fill(name);
  await page.getByRole('button', { name: 'Add model' }).click();
  await page.getByRole('button', { name: 'Add model' }).waitFor({ state: 'detached', timeout: 120_000 });
}

/**
 * Waits until the model called `name` is listed and either ready (with at least `minPredictions`
 * predictions) or showing an error; resolves to that error, or null.
 */
export async function modelSettled(page, name, { minPredictions = 0, timeout = 120_000 } = {}) {
  const handle = await page.waitForFunction(
    ([n, min]) => {
      const m = window.__perturber.models().find((x) => x.name === n);
      if (!m) return null;
      if (m.error) return { error: m.error };
      return m.status === 'ready' && m.predictions >= min ? { error: null } : null;
    },
    [name, minPredictions],
    { timeout, polling: 200 }
  );
  return (await handle.jsonValue()).error;
}

/** Waits until `count` models are ready and each has shown a prediction of a scene version newer than `after`. */
export async function waitForFreshPredictions(page, count, after = -1, timeout = 60_000) {
  try {
    await page.waitForFunction(
      ([n, v]) => {
        const ms = window.__perturber?.models() ?? [];
        return ms.length === n && ms.every((m) => m.status === 'ready' && m.predictions > 0 && m.shownVersion > v);
      },
      [count, after],
      { timeout, polling: 250 }
    );
  } catch (e) {
    // Say what the page had instead, so that a failure in CI can be read without a rerun.
    const seen = await page
      .evaluate(() =>
        (window.__perturber?.models() ?? []).map(({ name, status, predictions, shownVersion, error }) => ({
          name,
          status,
          predictions,
          shownVersion,
          error
        }))
      )
      .catch((err) => String(err));
    throw new Error(`Waited for ${count} models predicting after scene version ${after}; the page had ${JSON.stringify(seen)}`, {
      cause: e
    });
  }
}

/**
 * Sets scene-state fields through `window.__perturber.setField`, then returns the model-input frame
 * (224x224 RGBA, top row first) of the new scene version.
 */
export async function frameWith(page, fields = {}) {
  const raw = await page.evaluate(async (f) => {
    const hooks = window.__perturber;
    for (const [path, value] of Object.entries(f)) hooks.setField(path, value);
    return hooks.lastFrame();
  }, fields);
  return { ...raw, pixels: new Uint8Array(Buffer.from(raw.pixels, 'base64')) };
}
