/**
 * Latest-frame-wins mailbox: one item runs at a time and at most one waits behind it. A newer
 * submission replaces the waiting one, whose promise resolves at once as `{ dropped: true }`.
 * Pure TS (no TF.js), used by the model worker so that a slow model never builds a backlog.
 */

export interface Dropped {
  dropped: true;
}

export const DROPPED: Dropped = Object.freeze({ dropped: true as const });

export function isDropped<R>(value: R | Dropped): value is Dropped {
  return value === DROPPED;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R | Dropped) => void;
  reject: (error: unknown) => void;
}

export class LatestFrameMailbox<T, R> {
  private running = false;
  private waiting: Waiting<T, R> | null = null;

  /** `run` processes one item; its errors reject only that item's promise. */
  constructor(private readonly run: (item: T) => Promise<R> | R) {}

  /** True while an item is running. */
  get busy(): boolean {
    return this.running;
  }

  submit(item: T): Promise<R | Dropped> {
    return new Promise<R | Dropped>((resolve, reject) => {
      const entry = { item, resolve, reject };
      if (!this.running) {
        void this.drain(entry);
        return;
      }
      this.waiting?.resolve(DROPPED);
      this.waiting = entry;
    });
  }

  private async drain(first: Waiting<T, R>): Promise<void> {
    this.running = true;
    let current: Waiting<T, R> | null = first;
    while (current) {
      try {
        current.resolve(await this.run(current.item));
      } catch (error) {
        current.reject(error);
      }
      current = this.waiting;
      this.waiting = null;
    }
    this.running = false;
  }
}
