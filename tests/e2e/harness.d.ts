/** Types of harness.js (plain JS so that `npm run bench` can import it from Node without a TS step): those of its parts. */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export * from './preview-server.js';
export * from './app-browser.js';
export * from './start-app.js';
export * from './page-actions.js';

export type { Browser, BrowserContext, Page };
