/**
 * The app's one online/offline source (updates/network-status): the page's notice and the import
 * dialog read the same state and hear the same changes, through one pair of browser listeners.
 */
import { describe, expect, it } from 'vitest';
import { NetworkStatus, type OnlineSource } from '../../src/lib/updates/network-status';

/** A browser stand-in: a switchable onLine and the listeners it holds. */
class FakeBrowser extends EventTarget implements OnlineSource {
  onLine = true;
  listeners = 0;
  override addEventListener(type: 'online' | 'offline', listener: () => void) {
    this.listeners++;
    super.addEventListener(type, listener);
  }
  override removeEventListener(type: 'online' | 'offline', listener: () => void) {
    this.listeners--;
    super.removeEventListener(type, listener);
  }
  go(online: boolean) {
    this.onLine = online;
    this.dispatchEvent(new Event(online ? 'online' : 'offline'));
  }
}

describe('network status', () => {
  it('tells every watcher the state at once and on each change, with one pair of listeners', () => {
    const browser = new FakeBrowser();
    const network = new NetworkStatus(() => browser);
    const page: boolean[] = [];
    const dialog: boolean[] = [];
    const stopPage = network.watch((online) => page.push(online));
    const stopDialog = network.watch((online) => dialog.push(online));
    expect(browser.listeners).toBe(2);

    browser.go(false);
    expect(network.online).toBe(false);
    browser.go(true);
    expect(page).toEqual([true, false, true]);
    expect(dialog).toEqual([true, false, true]);

    stopDialog();
    browser.go(false);
    expect(dialog).toEqual([true, false, true]); // closed: hears nothing more
    expect(page).toEqual([true, false, true, false]);
    expect(browser.listeners).toBe(2);
    stopPage();
    expect(browser.listeners).toBe(0);

    // A later watcher starts with the current state.
    const later: boolean[] = [];
    network.watch((online) => later.push(online))();
    expect(later).toEqual([false]);
    expect(browser.listeners).toBe(0);
  });

  it('counts as online where there is no browser to ask', () => {
    const network = new NetworkStatus(() => null);
    const seen: boolean[] = [];
    network.watch((online) => seen.push(online))();
    expect(network.online).toBe(true);
    expect(seen).toEqual([true]);
  });
});
