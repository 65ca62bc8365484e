/**
 * Where the main thread's time goes on an animation frame, for the bench's long-task attribution: while
 * enabled, the scene's tasks record spans of drawing the visible view, rendering the model frames and
 * reading frames back (and handing them on). The bench lines them up with the Long Animation Frames
 * API's entries: what a long frame spent outside these spans is app script (or the browser's own
 * style, layout and paint). Off by default; a disabled recorder costs one branch per task.
 */
export type FrameCostKind = 'view' | 'model-frames' | 'read-back';

export interface FrameCostSpan {
  kind: FrameCostKind;
  /** performance.now() at the start and end. */
  start: number;
  end: number;
}

/** At most this many spans are kept (the oldest go first). */
const MAX_SPANS = 20_000;

export class FrameCosts {
  private spans: FrameCostSpan[] = [];
  enabled = false;

  /** Runs `fn`, recording its span while enabled. */
  time<T>(kind: FrameCostKind, fn: () => T): T {
    if (!this.enabled) return fn();
    const start = performance.now();
    try {
      return fn();
    } finally {
      this.spans.push({ kind, start, end: performance.now() });
      if (this.spans.length > MAX_SPANS) this.spans.splice(0, this.spans.length - MAX_SPANS);
    }
  }

  /** Starts recording afresh. */
  start(): void {
    this.spans = [];
    this.enabled = true;
  }

  /** Stops recording; returns the spans recorded since start. */
  stop(): FrameCostSpan[] {
    this.enabled = false;
    const out = this.spans;
    this.spans = [];
    return out;
  }
}

/** The page's recorder (the scene's tasks write to it; the bench hooks read it). */
export const frameCosts = new FrameCosts();
