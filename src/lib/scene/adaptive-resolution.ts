/**
 * Keeps the visible view smooth on slow GPUs (and software WebGL) by lowering its pixel ratio while
 * frames take too long, and raising it again when there is room. Model-input frames are rendered at
 * their own fixed size and are not affected.
 */
export interface AdaptiveResolutionOptions {
  /** Highest pixel ratio (the screen's devicePixelRatio). */
  max: number;
  /** Lowest pixel ratio it may fall to. */
  min?: number;
  /** Frame time above which it lowers the resolution (ms). */
  slowMs?: number;
  /** Frame time below which it may raise the resolution again (ms). */
  fastMs?: number;
}

export class AdaptiveResolution {
  private average: number | null = null;
  private cooldown = 0;
  private scale: number;
  private readonly min: number;
  private readonly slowMs: number;
  private readonly fastMs: number;

  constructor(private readonly options: AdaptiveResolutionOptions) {
    this.scale = options.max;
    this.min = Math.min(options.min ?? 0.35, options.max);
    this.slowMs = options.slowMs ?? 45;
    this.fastMs = options.fastMs ?? 20;
  }

  get pixelRatio(): number {
    return this.scale;
  }

  /**
   * One rendered frame that followed another rendered frame `frameMs` earlier (idle gaps must not be
   * reported). Returns the new pixel ratio when it changes, else null.
   */
  frame(frameMs: number): number | null {
    this.average = this.average === null ? frameMs : this.average * 0.7 + frameMs * 0.3;
    if (this.cooldown > 0) {
      this.cooldown--;
      return null;
    }
    let next = this.scale;
    if (this.average > this.slowMs && this.scale > this.min) next = Math.max(this.min, this.scale * 0.75);
    else if (this.average < this.fastMs && this.scale < this.options.max) next = Math.min(this.options.max, this.scale * 1.25);
    if (next === this.scale) return null;
    // Let the new size settle before judging it; be slower to go up than down.
    this.cooldown = next < this.scale ? 6 : 30;
    this.scale = Math.round(next * 100) / 100;
    this.average = null;
    return this.scale;
  }
}
