#!/usr/bin/env node
/**
 * `npm test`'s pretest step: makes sure the browsers of the test lanes are installed (Debian packages:
 * Chromium; WebKit's WebKitWebDriver + MiniBrowser; Firefox ESR; Xvfb to give WebKit and Firefox a
 * display). Run as root on a machine with apt (CI, containers), it installs what is missing;
 * otherwise it stops at once with the one command to run, instead of a wall of launch errors.
 *
 *   node scripts/ensure-browsers.mjs                    # every lane
 *   node scripts/ensure-browsers.mjs chromium           # only these lanes (chromium, webkit, firefox)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The MiniBrowser of Debian's webkit2gtk (its folder is named after the architecture). */
export function miniBrowserPath(env = process.env, exists = existsSync, list = readdirSync) {
  if (env.MINIBROWSER_PATH) return env.MINIBROWSER_PATH;
  let folders = [];
  try {
    folders = list('/usr/lib').filter((d) => d.endsWith('-linux-gnu'));
  } catch {
    /* no /usr/lib */
  }
  const found = folders.map((d) => `/usr/lib/${d}/webkit2gtk-4.1/MiniBrowser`).find((p) => exists(p));
  return found ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
}

/** What each lane needs: a program, and the Debian package that provides it. */
export function requirements(env = process.env, exists = existsSync) {
  return {
    chromium: [
      { what: 'Chromium', path: env.CHROMIUM_PATH ?? '/usr/bin/chromium', packages: ['chromium', 'fonts-dejavu-core'] }
    ],
    webkit: [
      { what: 'WebKitWebDriver', path: env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver', packages: ['webkit2gtk-driver'] },
      { what: 'MiniBrowser (WebKitGTK)', path: miniBrowserPath(env, exists), packages: ['webkit2gtk-driver'] },
      { what: 'xvfb-run', path: '/usr/bin/xvfb-run', packages: ['xvfb', 'xauth'] },
      { what: 'xauth', path: '/usr/bin/xauth', packages: ['xauth'] }
    ],
    firefox: [
      { what: 'Firefox ESR', path: env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', packages: ['firefox-esr'] },
      { what: 'xvfb-run', path: '/usr/bin/xvfb-run', packages: ['xvfb', 'xauth'] },
      { what: 'xauth', path: '/usr/bin/xauth', packages: ['xauth'] }
    ]
  };
}

/**
 * Decides what to do: 'ok' (all there), 'install' (root with apt, and `mayInstall`: install
 * `packages`), or 'stop' (print `message`, which ends with the one command to run).
 */
export function plan({ lanes, requirements: reqs, exists, isRoot, hasApt, mayInstall = true }) {
  const missing = [];
  for (const lane of lanes) {
    for (const req of reqs[lane] ?? []) {
      if (!exists(req.path) && !missing.some((m) => m.path === req.path)) missing.push(req);
    }
  }
  if (missing.length === 0) return { action: 'ok', missing, packages: [] };
  const packages = [...new Set(missing.flatMap((m) => m.packages))];
  if (isRoot && hasApt && mayInstall) return { action: 'install', missing, packages };
  const command = `${isRoot ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`;
  const message =
    `npm test drives real browsers (${lanes.join(', ')}), and these are missing:\n` +
    missing.map((m) => `  - ${m.what} (${m.path})`).join('\n') +
    `\nInstall them (Debian/Ubuntu packages), then run npm test again:\n\n  ${command}\n` +
    (hasApt ? '' : '\n(No apt-get here: install the equivalent packages, or point CHROMIUM_PATH, FIREFOX_PATH,\nWEBKIT_DRIVER_PATH and MINIBROWSER_PATH at your own builds.)\n');
  return { action: 'stop', missing, packages, message };
}

function main() {
  const all = ['chromium', 'webkit', 'firefox'];
  const lanes = process.argv.slice(2).length ? process.argv.slice(2) : all;
  const unknown = lanes.filter((l) => !all.includes(l));
  if (unknown.length) {
    console.error(`ensure-browsers: unknown lane(s) ${unknown.join(', ')} (known: ${all.join(', ')})`);
    process.exit(2);
  }
  const context = {
    lanes,
    requirements: requirements(),
    exists: existsSync,
    isRoot: process.getuid?.() === 0,
    hasApt: existsSync('/usr/bin/apt-get')
  };
  let decided = plan(context);
  if (decided.action === 'install') {
    console.log(`== installing ${decided.packages.join(' ')} (Debian packages for the ${lanes.join(', ')} test lanes)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0;
    if (!run(['update', '-qq']) || !run(['install', '-y', '-qq', ...decided.packages])) {
      console.error('apt-get could not install the browsers (see above).');
    }
    decided = plan({ ...context, requirements: requirements(), mayInstall: false });
  }
  if (decided.action === 'stop') {
    console.error('\n' + decided.message);
    process.exit(1);
  }
  console.log(`browsers for the ${lanes.join(', ')} lanes: installed`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
