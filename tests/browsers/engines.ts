/**
 * The two non-Chromium engines of the browser lanes, behind one small page interface (goto, reload,
 * evaluate, setFiles, screenshot, close), so that one smoke suite drives both:
 * - WebKit (Safari's engine): Debian's `webkit2gtk-driver` — `WebKitWebDriver` driving MiniBrowser over
 *   the W3C WebDriver protocol (plain `fetch`).
 * - Firefox: Debian's `firefox-esr`, driven by puppeteer-core over WebDriver BiDi (no geckodriver).
 * Both need an X display (the lane runs under `xvfb-run`); headless Firefox has no WebGL.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import type { ElementHandle } from 'puppeteer-core';
import { miniBrowserPath } from '../../scripts/ensure-browsers.mjs';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = miniBrowserPath();
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** A browser with one page, as the smoke lanes drive it. */
export interface EnginePage {
  /** The engine and its version, e.g. "Firefox 153.8.0esr". */
  name: string;
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  /** Runs `fn(...args)` in the page, awaiting a returned promise; arguments and result are JSON. */
  evaluate<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<R>;
  /** Gives the file input matching `css` these files. */
  setFiles(css: string, paths: string[]): Promise<void>;
  screenshot(path: string): Promise<unknown>;
  close(): Promise<void>;
}

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));

function needDisplay() {
  if (!process.env.DISPLAY) throw new Error('No X display: run the browser lanes under `xvfb-run -a` (npm run test:browsers does).');
}

/** Starts WebKitWebDriver on `port` and opens a MiniBrowser session; returns the page interface. */
export async function openWebKit(port: number): Promise<EnginePage> {
  needDisplay();
  if (!existsSync(WEBKIT_DRIVER)) throw new Error(`${WEBKIT_DRIVER} not found: apt-get install webkit2gtk-driver`);
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  driver.stdout.on('data', (d) => (output += d));
  driver.stderr.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const json = await res.json();
    if (!res.ok || json.value?.error) {
      throw new Error(`WebDriver ${method} ${path}: ${json.value?.error ?? res.status}: ${json.value?.message ?? ''}`);
    }
    return json.value;
  };

  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await call('GET', '/status')).ready) break;
    } catch {
      /* not up yet */
    }
    if (driver.exitCode !== null || Date.now() > deadline) {
      driver.kill('SIGKILL');
      throw new Error(`WebKitWebDriver did not start on port ${port}:\n${output}`);
    }
    await delay(200);
  }

  const session = await call('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] }
      }
    }
  });
  const s = `/session/${session.sessionId}`;
  await call('POST', `${s}/timeouts`, { script: 120_000, pageLoad: 60_000, implicit: 0 });
  await call('POST', `${s}/window/rect`, { width: 1280, height: 860 }).catch(() => undefined);

  return {
    name: `WebKit (MiniBrowser ${session.capabilities?.browserVersion ?? ''})`.replace(' )', ')'),
    goto: (url: string) => call('POST', `${s}/url`, { url }),
    reload: () => call('POST', `${s}/refresh`, {}),
    /** Runs `fn(...args)` in the page (awaiting a returned promise); its result must be JSON. */
    async evaluate(fn, ...args) {
      const script =
        'const done = arguments[arguments.length - 1];' +
        `Promise.resolve().then(() => (${fn.toString()})(...Array.prototype.slice.call(arguments, 0, -1)))` +
        '.then((value) => done({ value }), (e) => done({ error: String(e && e.stack || e) }));';
      const result = await call('POST', `${s}/execute/async`, { script, args });
      if (result?.error) throw new Error(`in the page: ${result.error}`);
      return result?.value;
    },
    /** Gives the file input matching `css` these files ("element send keys", newline-separated paths). */
    async setFiles(css: string, paths: string[]) {
      const found = await call('POST', `${s}/element`, { using: 'css selector', value: css });
      const id = found[ELEMENT];
      if (!id) throw new Error(`no element ${css}: ${JSON.stringify(found)}`);
      await call('POST', `${s}/element/${id}/value`, { text: paths.join('\n') });
    },
    async screenshot(path: string) {
      writeFileSync(path, Buffer.from(await call('GET', `${s}/screenshot`), 'base64'));
    },
    async close() {
      await call('DELETE', s).catch(() => undefined);
      driver.kill('SIGTERM');
      await new Promise<void>((done) => (driver.exitCode !== null ? done() : driver.once('exit', () => done())));
    }
  };
}

/** Launches Debian's Firefox ESR with puppeteer-core over WebDriver BiDi; returns the page interface. */
export async function openFirefox(): Promise<EnginePage> {
  needDisplay();
  if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} not found: apt-get install firefox-esr`);
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    protocol: 'webDriverBiDi',
    headless: false,
    defaultViewport: { width: 1280, height: 860 },
    extraPrefsFirefox: { 'browser.shell.checkDefaultBrowser': false, 'datareporting.policy.dataSubmissionEnabled': false }
  });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  page.setDefaultTimeout(120_000);
  return {
    name: `Firefox ${(await browser.version()).replace(/^firefox\//i, '')}`,
    goto: (url: string) => page.goto(url, { waitUntil: 'load' }),
    reload: () => page.reload({ waitUntil: 'load' }),
    evaluate: (fn, ...args) => page.evaluate(fn as never, ...args) as never,
    async setFiles(css: string, paths: string[]) {
      const input = (await page.$(css)) as ElementHandle<HTMLInputElement> | null;
      if (!input) throw new Error(`no element ${css}`);
      await input.uploadFile(...paths);
    },
    screenshot: (path: string) => page.screenshot({ path: path as `${string}.png` }),
    close: () => browser.close()
  };
}
