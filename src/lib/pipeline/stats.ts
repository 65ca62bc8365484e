/** Rolling statistics for one model's prediction stream: predictions/s, latency, top-1 history. */

export interface HistoryPoint {
  p: number;
  label: string;
}

export class PredictionStats {
  private stamps: number[] = [];
  readonly history: HistoryPoint[] = [];

  constructor(
    private readonly windowMs = 2000,
    private readonly historyLength = 60
  ) {}

  /** Record one completed prediction at time `now` (ms). */
  record(now: number, top1: HistoryPoint | undefined): void {
    this.stamps.push(now);
    this.trim(now);
    if (top1) {
      this.history.push(top1);
      if (this.history.length > this.historyLength) this.history.shift();
    }
  }

  /** Predictions per second over the window ending at `now`. */
  rate(now: number): number {
    this.trim(now);
    if (this.stamps.length < 2) return this.stamps.length === 1 ? 1000 / this.windowMs : 0;
    const span = Math.max(now - this.stamps[0], 1);
    return (this.stamps.length / span) * 1000;
  }

  reset(): void {
    this.stamps = [];
    this.history.length = 0;
  }

  private trim(now: number) {
    while (this.stamps.length && now - this.stamps[0] > this.windowMs) this.stamps.shift();
  }
}
