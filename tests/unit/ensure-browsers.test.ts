/**
 * `npm test`'s pretest step on a fresh machine: installs the Debian browser packages when it can (root
 * with apt), or stops with the one command to run; it does nothing when everything is there.
 */
import { describe, expect, it } from 'vitest';
import { plan, requirements } from '../../scripts/ensure-browsers.mjs';

const lanes = ['chromium', 'webkit', 'firefox'];
const reqs = requirements({}, () => false);
const installed = (...missing: string[]) => (path: string) => !missing.includes(path);
const nothing = () => false;

describe('ensure-browsers', () => {
  it('does nothing when every browser is there', () => {
    expect(plan({ lanes, requirements: reqs, exists: installed(), isRoot: false, hasApt: true }).action).toBe('ok');
  });

  it('as root with apt on a bare machine, installs exactly the Debian packages of the lanes', () => {
    const decided = plan({ lanes, requirements: reqs, exists: nothing, isRoot: true, hasApt: true });
    expect(decided.action).toBe('install');
    expect([...decided.packages].sort()).toEqual(['chromium', 'firefox-esr', 'fonts-dejavu-core', 'webkit2gtk-driver', 'xauth', 'xvfb']);
  });

  it('as a user, stops with the one command that installs what is missing', () => {
    const decided = plan({ lanes, requirements: reqs, exists: installed('/usr/bin/firefox-esr'), isRoot: false, hasApt: true });
    expect(decided.action).toBe('stop');
    expect(decided.message).toContain('Firefox ESR (/usr/bin/firefox-esr)');
    expect(decided.message!.trim().split('\n').at(-1)!.trim()).toBe('sudo apt-get install -y firefox-esr');
  });

  it('only the lanes asked for count, and a failed install stops instead of looping', () => {
    expect(plan({ lanes: ['chromium'], requirements: reqs, exists: installed('/usr/bin/firefox-esr'), isRoot: true, hasApt: true }).action).toBe('ok');
    const after = plan({ lanes: ['webkit'], requirements: reqs, exists: nothing, isRoot: true, hasApt: true, mayInstall: false });
    expect(after.action).toBe('stop');
    expect(after.message).toContain('apt-get install -y webkit2gtk-driver xvfb xauth');
  });
});
