/**
 * What the app is in the middle of (an import, an attack, a feature visualisation, a sweep): work that
 * a page reload would throw away. The update prompt applies a new version only when nothing is busy.
 * Plain TS (no Svelte): listeners are told of every change.
 */
export type BusyKind = 'import' | 'attack' | 'feature visualisation' | 'sweep';

export class BusyRegistry {
  #counts = new Map<BusyKind, number>();
  #listeners = new Set<(kinds: BusyKind[]) => void>();

  /** Marks `kind` busy until the returned function is called (calling it again does nothing). */
  begin(kind: BusyKind): () => void {
    this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + 1);
    this.#notify();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const n = (this.#counts.get(kind) ?? 1) - 1;
      if (n > 0) this.#counts.set(kind, n);
      else this.#counts.delete(kind);
      this.#notify();
    };
  }

  /** Runs `work` with `kind` marked busy, however it ends. */
  async whileBusy<T>(kind: BusyKind, work: () => Promise<T>): Promise<T> {
    const end = this.begin(kind);
    try {
      return await work();
    } finally {
      end();
    }
  }

  /** The kinds of work under way, in the order they were first marked. */
  kinds(): BusyKind[] {
    return [...this.#counts.keys()];
  }

  get idle(): boolean {
    return this.#counts.size === 0;
  }

  /** Calls `listener` with the busy kinds after every change; returns a function that stops it. */
  subscribe(listener: (kinds: BusyKind[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once nothing is busy (at once when idle now). */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((done) => {
      const stop = this.subscribe(() => {
        if (!this.idle) return;
        stop();
        done();
      });
    });
  }

  #notify(): void {
    const kinds = this.kinds();
    for (const listener of [...this.#listeners]) listener(kinds);
  }
}

/** The app's registry: the import dialog, attacks and feature visualisation mark themselves here. */
export const busy = new BusyRegistry();

/** "the import", "the attack and the sweep": what an update waits for, in words. */
export function busyText(kinds: readonly BusyKind[]): string {
  const names = kinds.map((k) => `the ${k}`);
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
