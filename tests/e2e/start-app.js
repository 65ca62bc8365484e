/**
 * An e2e file's setup in one call: the build served and Chromium launched (`startApp`), or the app open
 * on an on-disk profile (`startPersistentApp`). Part of the e2e harness (harness.js).
 */
import { CHROMIUM_ARGS, gotoApp, launchBrowser, launchPersistent, newAppPage, recordCspViolations, reportLogs, watchConsole } from './app-browser.js';
import { startPreview } from './preview-server.js';

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
