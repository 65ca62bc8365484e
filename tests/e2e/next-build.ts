/**
 * "The next version" for the update test: a second production build of this checkout with another
 * PERTURBER_BUILD_ID, made in a temporary copy of the sources (node_modules linked) so that the
 * checkout's own build/ and .svelte-kit/ (served to the other e2e files) stay as `npm run test:e2e`
 * made them. Without VITE_TEST_HOOKS: the build a user gets.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness';

const SOURCES = ['src', 'static', 'package.json', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json'];

/** Builds into `<dir>/app/build` and resolves with that folder. */
export async function buildNextVersion(dir: string, buildId: string): Promise<string> {
  const app = join(dir, 'app');
  mkdirSync(app, { recursive: true });
  for (const name of SOURCES) cpSync(join(ROOT, name), join(app, name), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
  const env: NodeJS.ProcessEnv = { ...process.env, PERTURBER_BUILD_ID: buildId };
  delete env.VITE_TEST_HOOKS;
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`vite build of the next version failed (${code}):\n${output.slice(-4000)}`);
  return join(app, 'build');
}
