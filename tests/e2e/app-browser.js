/**
 * Chromium for the e2e tests and the benchmark (Debian's, driven through playwright-core): launching it,
 * contexts and pages of the app (without the bundled models unless asked), loading the app, and
 * collecting what its console and CSP report. Part of the e2e harness (harness.js).
 */
import { chromium } from 'playwright-core';

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
