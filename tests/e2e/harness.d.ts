/** Types of harness.js (plain JS so that `npm run bench` can import it from Node without a TS step). */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export declare const ROOT: string;
export declare const CHROMIUM: string;
export declare const CHROMIUM_ARGS: string[];

export interface Preview {
  url: string;
  stop(): Promise<void>;
}

/** Whether the build in `dir` carries `window.__perturber` (built with VITE_TEST_HOOKS=1). */
export declare function hasTestHooks(dir: string): boolean;
/** Throws unless `dir` holds a production build made for tests (`VITE_TEST_HOOKS=1 vite build`). */
export declare function assertTestBuild(dir: string): void;
/** Each e2e file's base port (before `E2E_PORT_OFFSET`). */
export declare const PORTS: {
  app: number;
  pixels: number;
  inspect: number;
  subjects: number;
  limits: number;
  update: number;
  persistent: number;
  noWebgl: number;
  contextLoss: number;
  install: number;
  bundled: number;
  preprocessCheck: number;
  scenarios: number;
  tablet: number;
};
/** `basePort` shifted by `E2E_PORT_OFFSET`. */
export declare function e2ePort(basePort: number): number;
/** Start `vite preview` on `port` (+ `E2E_PORT_OFFSET`) and wait until it answers. */
export declare function startPreview(port: number): Promise<Preview>;
export declare function launchBrowser(args?: string[]): Promise<Browser>;
/** Pages of `context` start without installing the bundled models (a test build's init-script flag). */
export declare function skipBundledModels(context: BrowserContext): Promise<void>;
/** Whether the app installs its bundled models (the real first start); default false in tests. */
export interface BundledOption {
  bundledModels?: boolean;
}
/** A new context (1280x860 unless `options` say otherwise), without the bundled models unless `bundledModels`. */
export declare function newAppContext(browser: Browser, options?: BundledOption & Record<string, unknown>): Promise<BrowserContext>;
/** A browser with an on-disk profile in `userDataDir`, as real users have; without the bundled models unless `bundledModels`. */
export declare function launchPersistent(userDataDir: string, options?: BundledOption & Record<string, unknown>): Promise<BrowserContext>;

/** What a context's storage holds: `BrowserContext.storageState({ indexedDB: true })`. */
export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
export interface PageOptions extends BundledOption {
  viewport?: { width: number; height: number };
  /** Fills the new context's storage first. */
  storageState?: StorageState;
  /** Keep the document's CSP violations (read them with `cspViolations`). */
  recordCsp?: boolean;
  /** A touch device (Playwright's context options of the same names). */
  hasTouch?: boolean;
  isMobile?: boolean;
  deviceScaleFactor?: number;
}
/** A page in a fresh context of `browser`, its console collected into `logs`. */
export declare function newAppPage(browser: Browser, options?: PageOptions & { logs?: string[] }): Promise<Page>;
/** Loads the app at `url` and waits until its test hooks are there. */
export declare function gotoApp(page: Page, url: string, options?: { timeout?: number }): Promise<void>;
/** Reloads the app in `page` and waits until its test hooks are back. */
export declare function reloadApp(page: Page, options?: { timeout?: number }): Promise<void>;
/** Prints the first `max` collected console lines, if any. */
export declare function reportLogs(logs: string[], max?: number): void;

/** The build served on one port and a Chromium to open it in (`startApp`). */
export interface App {
  url: string;
  browser: Browser;
  logs: string[];
  /** The app (at `/` + `search`) in a fresh context, once its test hooks are there. */
  open(options?: PageOptions & { search?: string }): Promise<Page>;
  stopServer(): Promise<void>;
  /** Starts the server again on the same port (the same origin) if it was stopped. */
  serve(): Promise<void>;
  /** Closes the browser and the server, then prints the first `logLines` console lines. */
  close(options?: { logLines?: number }): Promise<void>;
}
/** Serves the build on `port` and launches Chromium (`args`: its flags, CHROMIUM_ARGS by default). */
export declare function startApp(port: number, options?: { args?: string[]; logs?: string[] }): Promise<App>;

/** The build served on one port, open in Chromium with an on-disk profile (`startPersistentApp`). */
export interface PersistentApp {
  url: string;
  context: BrowserContext;
  page: Page;
  logs: string[];
  stopServer(): Promise<void>;
  close(options?: { logLines?: number }): Promise<void>;
}
/** Serves the build on `port` and loads it in Chromium on the profile in `profileDir`. */
export declare function startPersistentApp(
  port: number,
  profileDir: string,
  options?: { logs?: string[]; recordCsp?: boolean } & BundledOption
): Promise<PersistentApp>;

/** Keeps every CSP violation of the context's documents. */
export declare function recordCspViolations(context: BrowserContext): Promise<void>;
/** The CSP violations the page's document reported so far. */
export declare function cspViolations(page: Page): Promise<string[]>;

/** Collect console errors and page errors so that failures explain themselves. */
export declare function watchConsole(page: Page, into: string[]): void;

/** What `window.__perturber.models()` returns per model. */
export interface ModelInfo {
  id: string;
  name: string;
  status: string;
  backend: string | null;
  predictions: number;
  top1: string | null;
  shownVersion: number;
  /** Worker restarts after crashes. */
  restarts: number;
  /** The message the model's panel shows, if any. */
  error: string | null;
}

export declare const FILES_LABEL: string;
export declare function folderFiles(dir: string): string[];
export declare function models(page: Page): Promise<ModelInfo[]>;
/** The scene state's version, raised by every change. */
export declare function sceneVersion(page: Page): Promise<number>;
/** Imports a model folder through the UI; `backend` picks the form's Backend option. */
export declare function importFolder(page: Page, dir: string, name: string, backend?: 'auto' | 'webgl' | 'wasm' | 'cpu'): Promise<void>;
/** Waits until the model called `name` is ready (with at least `minPredictions`) or has an error; resolves to the error or null. */
export declare function modelSettled(page: Page, name: string, options?: { minPredictions?: number; timeout?: number }): Promise<string | null>;
/** Waits until `count` models are ready and each has shown a prediction of a scene version newer than `after`. */
export declare function waitForFreshPredictions(page: Page, count: number, after?: number, timeout?: number): Promise<void>;

/** A model-input frame: RGBA, top row first. */
export interface Frame {
  version: number;
  width: number;
  height: number;
  pixels: Uint8Array;
}
/** Sets scene-state fields, then returns the model-input frame of the new scene version. */
export declare function frameWith(page: Page, fields?: Record<string, number | string>): Promise<Frame>;

export type { Browser, BrowserContext, Page };

declare global {
  interface Window {
    /** The test hooks (src/lib/pipeline/debug-hooks.svelte.ts). */
    __perturber: import('../../src/lib/pipeline/debug-hooks.svelte').DebugHooks;
    /** Set by `recordCspViolations`. */
    __cspViolations: string[];
  }
}
