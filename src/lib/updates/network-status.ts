/**
 * Whether the browser is online: the one reading of `navigator.onLine` and of the window's
 * `online`/`offline` events for the whole app. One pair of event listeners serves every watcher;
 * it is added with the first watcher and removed with the last.
 */

/** Where the state comes from: the browser's navigator and window, or a stand-in in tests. */
export interface OnlineSource {
  readonly onLine: boolean;
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

function browserSource(): OnlineSource | null {
  if (typeof navigator === 'undefined' || typeof window === 'undefined') return null;
  return {
    get onLine() {
      return navigator.onLine;
    },
    addEventListener: (type, listener) => window.addEventListener(type, listener),
    removeEventListener: (type, listener) => window.removeEventListener(type, listener)
  };
}

export class NetworkStatus {
  readonly #watchers = new Set<(online: boolean) => void>();
  #listening: OnlineSource | null = null;

  /** `source` is asked when needed (null where there is no browser: online). */
  constructor(private readonly source: () => OnlineSource | null = browserSource) {}

  /** Whether the browser says it is online (true where there is no browser to ask). */
  get online(): boolean {
    return this.source()?.onLine ?? true;
  }

  /**
   * Calls `onChange` with the current state now and again whenever the browser goes online or
   * offline. Returns the function that stops it.
   */
  watch(onChange: (online: boolean) => void): () => void {
    const watcher = (online: boolean) => onChange(online);
    this.#watchers.add(watcher);
    if (!this.#listening) {
      this.#listening = this.source();
      this.#listening?.addEventListener('online', this.#changed);
      this.#listening?.addEventListener('offline', this.#changed);
    }
    watcher(this.online);
    return () => {
      if (!this.#watchers.delete(watcher) || this.#watchers.size > 0) return;
      this.#listening?.removeEventListener('online', this.#changed);
      this.#listening?.removeEventListener('offline', this.#changed);
      this.#listening = null;
    };
  }

  readonly #changed = () => {
    const online = this.online;
    for (const watcher of [...this.#watchers]) watcher(online);
  };
}

/** The app's one network status. */
export const network = new NetworkStatus();
