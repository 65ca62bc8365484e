/**
 * End-to-end harness, shared by the e2e tests (TypeScript, typed by harness.d.ts) and `npm run bench`
 * (plain Node): serves the production build with `vite preview`, drives Debian's Chromium through
 * playwright-core, and performs the UI steps both need (importing a model folder, waiting for
 * predictions). The build must exist (`npm run test:e2e` and `npm run bench` build first).
 * An e2e file's setup is one call: `startApp(PORTS.<file>)` (then `app.open()` per page) or, for an
 * on-disk profile, `startPersistentApp(PORTS.<file>, dir)`.
 *
 * Import from here; the parts are preview-server.js (the build served, PORTS), app-browser.js
 * (Chromium, the app's contexts and pages, console and CSP), start-app.js (startApp,
 * startPersistentApp) and page-actions.js (import a model, read models and frames), each typed by its
 * own .d.ts.
 */
export * from './preview-server.js';
export * from './app-browser.js';
export * from './start-app.js';
export * from './page-actions.js';
