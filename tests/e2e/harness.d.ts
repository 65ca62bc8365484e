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
/** Start `vite preview` on `port` and wait until it answers. */
export declare function startPreview(port: number): Promise<Preview>;
export declare function launchBrowser(): Promise<Browser>;
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
/** Serves the build on `port`, opens it in a fresh Chromium page and waits for the test hooks. */
export declare function openApp(
  port: number,
  options?: { viewport?: { width: number; height: number }; logs?: string[] } & BundledOption
): Promise<{ preview: Preview; browser: Browser; page: Page; close(): Promise<void> }>;
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
  }
}
