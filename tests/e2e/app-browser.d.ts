/** Types of app-browser.js (Chromium, the app's contexts and pages; part of harness.js). */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export declare const CHROMIUM: string;
export declare const CHROMIUM_ARGS: string[];

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

/** Keeps every CSP violation of the context's documents. */
export declare function recordCspViolations(context: BrowserContext): Promise<void>;
/** The CSP violations the page's document reported so far. */
export declare function cspViolations(page: Page): Promise<string[]>;

/** Collect console errors and page errors so that failures explain themselves. */
export declare function watchConsole(page: Page, into: string[]): void;

declare global {
  interface Window {
    /** The test hooks (src/lib/pipeline/debug-hooks.svelte.ts). */
    __perturber: import('../../src/lib/pipeline/debug-hooks.svelte').DebugHooks;
    /** Set by `recordCspViolations`. */
    __cspViolations: string[];
  }
}
