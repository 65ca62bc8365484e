/**
 * End-to-end harness: serves the production build with `vite preview` and drives Debian's Chromium
 * through playwright-core. The build must exist (`npm run test:e2e` builds first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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

export interface Preview {
  url: string;
  stop(): Promise<void>;
}

/** Start `vite preview` on `port` and wait until it answers. */
export async function startPreview(port: number): Promise<Preview> {
  if (!existsSync(resolve(ROOT, 'build/index.html'))) throw new Error('No production build: run `vite build` first.');
  const child: ChildProcess = spawn(
    process.execPath,
    [resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(url + '/');
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`vite preview did not start on ${port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000);
      })
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Collect console errors and page errors so that failures explain themselves. */
export function watchConsole(page: Page, into: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') into.push(`[${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => into.push(`[pageerror] ${e.message}`));
}

export type { Browser, BrowserContext, Page };
