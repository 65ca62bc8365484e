/**
 * Who goes first when the machine cannot afford both the visible view and the model frames on every
 * animation frame: the "Smooth view / Fast models" choice. 'smooth' draws the view on every tick (the
 * models get what is left; the view adapts its resolution). 'fast-models' gives the view a measured
 * share of the time while the models are busy (a model waits for a frame of the current scene, or has
 * frames in flight): after a drawn view frame that took `viewMs`, the next one waits at least
 * `VIEW_SHARE_GAP × viewMs`, so the view takes about 1 / (1 + VIEW_SHARE_GAP) of the time and the rest
 * goes to rendering, reading back and predicting the model frames; but the view never waits longer than
 * `maxViewIntervalMs` (it drops its frame rate first, down to 1000 / maxViewIntervalMs fps). On a GPU,
 * where a view frame costs a few ms, the view stays near full rate; on software WebGL, where it costs
 * most of a core, it falls towards the floor. With the models idle the view is drawn on every tick.
 * Pure: no timers, no rendering.
 */
export type ViewPriority = 'smooth' | 'fast-models';

export const VIEW_PRIORITIES: readonly ViewPriority[] = ['smooth', 'fast-models'];

/** In 'fast-models', the view is drawn at least this often (4 fps): the camera still answers a drag. */
export const MAX_VIEW_INTERVAL_MS = 250;

/** In 'fast-models' with the models busy, the gap after a view frame, in multiples of what it took. */
export const VIEW_SHARE_GAP = 3;

export class ViewBudget {
  private lastDrawn = -Infinity;
  /** Smoothed time a drawn view frame took (ms); null before the first is measured. */
  private viewMs: number | null = null;

  constructor(private readonly maxViewIntervalMs = MAX_VIEW_INTERVAL_MS) {}

  /** A tick that drew the view took `ms` (from the previous tick to the end of this one). */
  viewFrame(ms: number): void {
    if (!(ms > 0) || !Number.isFinite(ms)) return;
    this.viewMs = this.viewMs === null ? ms : this.viewMs * 0.7 + ms * 0.3;
  }

  /** The shortest gap between view frames while the models are busy under 'fast-models' (ms). */
  get busyInterval(): number {
    // Unmeasured: assume the worst (the floor rate) until the first drawn frame says otherwise.
    if (this.viewMs === null) return this.maxViewIntervalMs;
    return Math.min(this.maxViewIntervalMs, VIEW_SHARE_GAP * this.viewMs);
  }

  /**
   * Whether to draw the visible view on the tick at `now` (ms); a true answer counts as a draw.
   * `modelsBusy`: a model consumer wants a frame of the current scene version on this tick, or has
   * frames in flight (being read back, waiting in its worker or being predicted).
   */
  shouldDraw(now: number, priority: ViewPriority, modelsBusy: boolean): boolean {
    const draw = priority === 'smooth' || !modelsBusy || now - this.lastDrawn >= this.busyInterval;
    if (draw) this.lastDrawn = now;
    return draw;
  }
}
