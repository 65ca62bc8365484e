/**
 * At most `size` calls running at once, started in the order they asked (first come, first served):
 * a sweep keeps each model's worker fed (one prediction running, the next one waiting in its mailbox)
 * without ever submitting a third, which the worker's latest-frame-wins mailbox would drop.
 */
export class PredictSlots {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (!(size >= 1)) throw new Error('PredictSlots needs at least one slot');
  }

  /** Calls running now. */
  get busy(): number {
    return this.running;
  }

  /** Runs `call` once a slot is free; the slot frees when it settles. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running += 1;
    try {
      return await call();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
