/**
 * Who goes first when the machine cannot afford both the visible view and the model frames on every
 * animation frame: the "Smooth view / Fast models" choice. 'smooth' draws the view on every tick (the
 * models get what is left; the view adapts its resolution). 'fast-models' skips the view on a tick
 * where a model waits for a frame of the current scene, so the tick renders and reads back only the
 * small model frames, but never lets the view go longer than `maxViewIntervalMs` without a draw (it
 * drops its frame rate first, down to 1000 / maxViewIntervalMs fps). Pure: no timers, no rendering.
 */
export type ViewPriority = 'smooth' | 'fast-models';

export const VIEW_PRIORITIES: readonly ViewPriority[] = ['smooth', 'fast-models'];

/** In 'fast-models', the view is drawn at least this often (4 fps): the camera still answers a drag. */
export const MAX_VIEW_INTERVAL_MS = 250;

export class ViewBudget {
  private lastDrawn = -Infinity;

  constructor(private readonly maxViewIntervalMs = MAX_VIEW_INTERVAL_MS) {}

  /**
   * Whether to draw the visible view on the tick at `now` (ms); a true answer counts as a draw.
   * `modelsWaiting`: a model consumer wants a frame of the current scene version on this tick.
   */
  shouldDraw(now: number, priority: ViewPriority, modelsWaiting: boolean): boolean {
    const draw = priority === 'smooth' || !modelsWaiting || now - this.lastDrawn >= this.maxViewIntervalMs;
    if (draw) this.lastDrawn = now;
    return draw;
  }
}
