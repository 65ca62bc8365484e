/** Types of start-app.js (an e2e file's setup; part of harness.js). */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BundledOption, PageOptions } from './app-browser.js';

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
