/**
 * The production build served for the e2e tests and the benchmark: `vite preview` on each e2e file's own
 * port (PORTS), once the build is known to carry the test hooks. Part of the e2e harness (harness.js).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Whether the build in `dir` carries `window.__perturber` (built with VITE_TEST_HOOKS=1). */
export function hasTestHooks(dir) {
  const chunks = resolve(dir, '_app/immutable');
  if (!existsSync(chunks)) return false;
  return readdirSync(chunks, { recursive: true }).some(
    (f) => String(f).endsWith('.js') && readFileSync(join(chunks, String(f)), 'utf8').includes('__perturber')
  );
}

/** Throws unless `dir` holds a production build made for tests (`VITE_TEST_HOOKS=1 vite build`). */
export function assertTestBuild(dir) {
  if (!existsSync(resolve(dir, 'index.html'))) throw new Error(`No production build in ${dir}: run \`VITE_TEST_HOOKS=1 npx vite build\` first.`);
  if (!hasTestHooks(dir)) {
    throw new Error(
      `The build in ${dir} has no test hooks (window.__perturber): build it with \`VITE_TEST_HOOKS=1 npx vite build\` (npm run test:e2e, bench and recognise do).`
    );
  }
}

/**
 * The base port of each e2e file's servers, one home for them all: every file has its own, so that a
 * file never meets another's server. `E2E_PORT_OFFSET` shifts them all (`e2ePort`), for checkouts
 * tested side by side. (The WebKit and Firefox lanes in tests/browsers run on their own, later.)
 */
export const PORTS = {
  app: 4317,
  pixels: 4327,
  inspect: 4337,
  subjects: 4341,
  limits: 4351, // + 1: the slow model server
  update: 4355,
  persistent: 4361,
  noWebgl: 4367,
  contextLoss: 4371,
  install: 4381, // + 1: the model server on another origin
  bundled: 4391,
  preprocessCheck: 4395,
  scenarios: 4401,
  tablet: 4405,
  sweep: 4411, // + 1: the CLI's static server
  experimentsView: 4415,
  protocolsView: 4421
};

/** `basePort` shifted by `E2E_PORT_OFFSET`. */
export const e2ePort = (basePort) => basePort + Number(process.env.E2E_PORT_OFFSET ?? 0);

/** Start `vite preview` on `port` (+ `E2E_PORT_OFFSET`, for parallel checkouts) and wait until it answers. */
export async function startPreview(basePort) {
  const port = e2ePort(basePort);
  assertTestBuild(resolve(ROOT, 'build'));
  const child = spawn(
    process.execPath,
    [resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(url + '/');
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (exited() || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`vite preview did not start on ${port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise((done) => {
        if (exited()) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000);
      })
  };
}
