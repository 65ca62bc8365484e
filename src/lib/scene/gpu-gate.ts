/**
 * Keeps the main thread from waiting on the GPU. Fetching a finished read-back (getBufferSubData) is a
 * round trip to the GPU process that waits until the GPU has run every command queued before it; on a
 * software GPU (SwiftShader) the view and model frames of the previous tick are still being drawn then,
 * and `npm run bench:live` measured fetches of 140 ms on average (up to 385 ms) on the main thread. So a
 * tick that draws ends with a fence, and the next tick neither fetches nor draws until that fence has
 * signalled: the GPU's queue is empty when a fetch runs (it returns at once), and the scene draws as fast
 * as the GPU finishes frames instead of queueing work it cannot keep up with. A fence that never signals
 * (a driver that does not report it) stops holding ticks after `timeoutMs`. The live view uses it; a
 * sweep, which keeps several frames in the GPU's queue on purpose, does not. Pure: the fences come from
 * a FenceApi (webglFences in the app, a fake in tests).
 */
export interface FenceApi<F> {
  /** A fence after every command queued so far, or null when none can be made (lost context). */
  set(): F | null;
  signalled(fence: F): boolean;
  release(fence: F): void;
}

export class GpuGate<F> {
  private last: { fence: F; at: number } | null = null;

  constructor(
    private readonly fences: FenceApi<F>,
    private readonly timeoutMs = 1000
  ) {}

  /** Whether the GPU is still on what an earlier tick drew (at `now`, ms): then this tick waits. */
  behind(now: number): boolean {
    const last = this.last;
    if (!last) return false;
    if (!this.fences.signalled(last.fence) && now - last.at < this.timeoutMs) return true;
    this.fences.release(last.fence);
    this.last = null;
    return false;
  }

  /** A tick drew something (at `now`, ms): the next tick waits until the GPU has finished it. */
  drew(now: number): void {
    if (this.last) this.fences.release(this.last.fence);
    const fence = this.fences.set();
    this.last = fence === null ? null : { fence, at: now };
  }

  /** The context was lost: the fence went with it (never touch it again). */
  forget(): void {
    this.last = null;
  }
}

/** Fences of a WebGL2 context. */
export function webglFences(gl: WebGL2RenderingContext): FenceApi<WebGLSync> {
  return {
    set: () => {
      if (gl.isContextLost()) return null;
      const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
      gl.flush();
      return sync;
    },
    signalled: (sync) => gl.isContextLost() || gl.getSyncParameter(sync, gl.SYNC_STATUS) === gl.SIGNALED,
    release: (sync) => {
      if (!gl.isContextLost()) gl.deleteSync(sync);
    }
  };
}
