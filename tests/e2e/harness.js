/**
 * End-to-end harness, shared by the e2e tests (TypeScript, typed by harness.d.ts) and `npm run bench`
 * (plain Node): serves the production build with `vite preview`, drives Debian's Chromium through
 * playwright-core, and performs the UI steps both need (importing a model folder, waiting for
 * predictions). The build must exist (`npm run test:e2e` and `npm run bench` build first).
 * An e2e file's setup is one call: `startApp(PORTS.<file>)` (then `app.open()` per page) or, for an
 * on-disk profile, `startPersistentApp(PORTS.<file>, dir)`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist'
];

/** Whether the build in `dir` carries `window.__perturber` (built with VITE_TEST_HOOKS=1). */
export function hasTestHooks(dir) {
  const chunks = resolve(dir, '_app/immutable');
  if (!existsSync(chunks)) return false;
  return readdirSync(chunks, { recursive: true }).some(
    (f) => String(f).endsWith('.js') && readFileSync(join(chunks, String(f)), 'utf8').includes('__perturber')
  );
}

/** Throws unless `dir` holds a production build made for tests (`VITE_TEST_HOOKS=1 vite build`). */
export function assertTestBuild(dir) {
  if (!existsSync(resolve(dir, 'index.html'))) throw new Error(`No production build in ${dir}: run \`VITE_TEST_HOOKS=1 npx vite build\` first.`);
  if (!hasTestHooks(dir)) {
    throw new Error(
      `The build in ${dir} has no test hooks (window.__perturber): build it with \`VITE_TEST_HOOKS=1 npx vite build\` (npm run test:e2e, bench and recognise do).`
    );
  }
}

/**
 * The base port of each e2e file's servers, one home for them all: every file has its own, so that a
 * file never meets another's server. `E2E_PORT_OFFSET` shifts them all (`e2ePort`), for checkouts
 * tested side by side. (The WebKit and Firefox lanes in tests/browsers run on their own, later.)
 */
export const PORTS = {
  app: 4317,
  pixels: 4327,
  inspect: 4337,
  subjects: 4341,
  limits: 4351, // + 1: the slow model server
  update: 4355,
  persistent: 4361,
  noWebgl: 4367,
  contextLoss: 4371,
  install: 4381, // + 1: the model server on another origin
  bundled: 4391,
  preprocessCheck: 4395,
  scenarios: 4401,
  tablet: 4405
};

/** `basePort` shifted by `E2E_PORT_OFFSET`. */
export const e2ePort = (basePort) => basePort + Number(process.env.E2E_PORT_OFFSET ?? 0);

/** Start `vite preview` on `port` (+ `E2E_PORT_OFFSET`, for parallel checkouts) and wait until it answers. */
export async function startPreview(basePort) {
  const port = e2ePort(basePort);
  assertTestBuild(resolve(ROOT, 'build'));
  const child = spawn(
    process.execPath,
    [resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(url + '/');
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (exited() || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`vite preview did not start on ${port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise((done) => {
        if (exited()) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000);
      })
  };
}

export async function launchBrowser(args = CHROMIUM_ARGS) {
  return chromium.launch({ executablePath: CHROMIUM, args });
}

/**
 * Pages of `context` start without installing the bundled models (static/models): an init script sets
 * the flag that a test build reads (src/lib/pipeline/test-hooks.ts `bundledModelsSkipped`). Tests that
 * import their own models start from the empty list with it, as before there were bundled models.
 */
export async function skipBundledModels(context) {
  await context.addInitScript(() => {
    window.__perturberNoBundledModels = true;
  });
}

/**
 * A new context (1280x860 unless `options` say otherwise) for the app. Without the bundled models
 * unless `bundledModels: true`, which gives the real first start.
 */
export async function newAppContext(browser, { bundledModels = false, ...options } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
  if (!bundledModels) await skipBundledModels(context);
  return context;
}

/**
 * A browser with an on-disk profile in `userDataDir`, as real users have (storage commits to disk).
 * Without the bundled models unless `bundledModels: true`.
 */
export async function launchPersistent(userDataDir, { bundledModels = false, ...options } = {}) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 860 },
    ...options
  });
  if (!bundledModels) await skipBundledModels(context);
  return context;
}

/**
 * A page in a fresh context (its own storage) of `browser`, its console collected into `logs`;
 * `storageState` fills the storage first (Playwright's `storageState({ indexedDB: true })` of another
 * context), `recordCsp` keeps the document's CSP violations (`cspViolations`); without the bundled
 * models unless `bundledModels`. Other options (`hasTouch`, `isMobile`, ...) go to the new context.
 */
export async function newAppPage(
  browser,
  { viewport = { width: 1000, height: 760 }, logs = [], storageState, recordCsp = false, bundledModels = false, ...device } = {}
) {
  const context = await newAppContext(browser, { viewport, storageState, bundledModels, ...device });
  if (recordCsp) await recordCspViolations(context);
  const page = await context.newPage();
  watchConsole(page, logs);
  return page;
}

/** Loads the app at `url` in `page` and waits until it has started (its test hooks are there). */
export async function gotoApp(page, url, { timeout = 90_000 } = {}) {
  await page.goto(url, { timeout });
  await page.waitForFunction(() => window.__perturber, null, { timeout });
}

/** Reloads the app in `page` and waits until it has started again (its test hooks are back). */
export async function reloadApp(page, { timeout = 90_000 } = {}) {
  await page.reload({ timeout });
  await page.waitForFunction(() => window.__perturber, null, { timeout });
}

/** Prints the first `max` collected console lines, if any (after a file's tests, to explain failures). */
export function reportLogs(logs, max = 40) {
  if (logs.length) console.log('browser console:\n' + logs.slice(0, max).join('\n'));
}

/**
 * The e2e files' setup: serves the build on `port` and launches Chromium (`args`: the flags, by default
 * CHROMIUM_ARGS). `open()` loads the app in a fresh context (`page.context().close()` ends it) and waits
 * for its test hooks; `stopServer()` / `serve()` stop and restart the server (on the same port, so the
 * same origin); `close()` ends it all and prints the collected console lines.
 */
export async function startApp(port, { args = CHROMIUM_ARGS, logs = [] } = {}) {
  let preview = await startPreview(port);
  let serving = true;
  let browser;
  try {
    browser = await launchBrowser(args);
  } catch (e) {
    await preview.stop();
    throw e;
  }
  const url = preview.url;
  return {
    url,
    browser,
    logs,
    async open({ search = '', ...options } = {}) {
      const page = await newAppPage(browser, { logs, ...options });
      await gotoApp(page, url + '/' + search);
      return page;
    },
    async stopServer() {
      serving = false;
      await preview.stop();
    },
    async serve() {
      if (serving) return;
      preview = await startPreview(port);
      serving = true;
    },
    async close({ logLines = 40 } = {}) {
      await browser.close();
      await preview.stop();
      reportLogs(logs, logLines);
    }
  };
}

/**
 * The same with a persistent (on-disk) profile in `profileDir`: serves the build on `port`, launches
 * Chromium on that profile and loads the app in its page (waiting for the test hooks).
 */
export async function startPersistentApp(port, profileDir, { logs = [], recordCsp = false, bundledModels = false } = {}) {
  const preview = await startPreview(port);
  let context;
  try {
    context = await launchPersistent(profileDir, { bundledModels });
  } catch (e) {
    await preview.stop();
    throw e;
  }
  if (recordCsp) await recordCspViolations(context);
  const page = context.pages()[0] ?? (await context.newPage());
  watchConsole(page, logs);
  await gotoApp(page, preview.url + '/');
  return {
    url: preview.url,
    context,
    page,
    logs,
    stopServer: () => preview.stop(),
    async close({ logLines = 40 } = {}) {
      await context.close();
      await preview.stop();
      reportLogs(logs, logLines);
    }
  };
}

/** Keeps every Content-Security-Policy violation of the context's documents on `window.__cspViolations`. */
export async function recordCspViolations(context) {
  await context.addInitScript(() => {
    const seen = [];
    window.__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`));
  });
}

/** The CSP violations the page's document reported so far (needs `recordCspViolations`). */
export function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations);
}

/** Collect console errors and page errors so that failures explain themselves. */
export function watchConsole(page, into) {
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') into.push(`[${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => into.push(`[pageerror] ${e.message}`));
}

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
