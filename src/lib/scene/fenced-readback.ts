/**
 * Reads the 8-bit RGBA pixels of render targets back without stalling the main thread. Right after a
 * frame is drawn its pixels are copied into a pixel-pack buffer and a fence is set; `poll`, called at
 * the start of an animation frame before any new drawing is queued, fetches every copy whose fence has
 * signalled. A synchronous readPixels (or fetching the buffer before its fence) waits for everything
 * the GPU still has queued: on a software GPU (SwiftShader) that blocked the main thread for the whole
 * frame's drawing.
 */
import type { WebGLRenderTarget, WebGLRenderer } from 'three';

export interface ReadRequest {
  onPixels(pixels: Uint8Array): void;
  onError(error: Error): void;
}

interface PendingRead {
  buffer: WebGLBuffer;
  sync: WebGLSync;
  width: number;
  height: number;
  startedAt: number;
  request: ReadRequest;
}

export class FencedReadback {
  private queue: PendingRead[] = [];

  constructor(
    private readonly renderer: WebGLRenderer,
    /** A read whose fence has not signalled after this long is given up (lost context, hidden tab). */
    private readonly timeoutMs = 5000
  ) {}

  /** Reads under way. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues the copy of `target` (width x height, RGBA8, bottom row first) after what was drawn so far. */
  start(target: WebGLRenderTarget, width: number, height: number, request: ReadRequest): void {
    const gl = this.renderer.getContext() as WebGL2RenderingContext;
    const previous = this.renderer.getRenderTarget();
    const buffer = gl.createBuffer();
    try {
      this.renderer.setRenderTarget(target);
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
      gl.bufferData(gl.PIXEL_PACK_BUFFER, width * height * 4, gl.STREAM_READ);
      gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, 0);
    } finally {
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
      this.renderer.setRenderTarget(previous);
    }
    const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    gl.flush();
    if (!sync || gl.isContextLost()) {
      gl.deleteBuffer(buffer);
      request.onError(new Error('the WebGL context was lost'));
      return;
    }
    this.queue.push({ buffer, sync, width, height, startedAt: performance.now(), request });
  }

  /** Delivers, oldest first, every read whose fence has signalled; never waits for the GPU. */
  poll(): void {
    const gl = this.renderer.getContext() as WebGL2RenderingContext;
    while (this.queue.length > 0) {
      const read = this.queue[0];
      const lost = gl.isContextLost();
      if (!lost && gl.getSyncParameter(read.sync, gl.SYNC_STATUS) !== gl.SIGNALED) {
        if (performance.now() - read.startedAt < this.timeoutMs) return;
      }
      this.queue.shift();
      if (lost || gl.getSyncParameter(read.sync, gl.SYNC_STATUS) !== gl.SIGNALED) {
        this.release(read);
        read.request.onError(new Error(lost ? 'the WebGL context was lost' : 'the GPU did not finish the frame in time'));
        continue;
      }
      const pixels = new Uint8Array(read.width * read.height * 4);
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, read.buffer);
      gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, pixels);
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
      this.release(read);
      read.request.onPixels(pixels);
    }
  }

  /**
   * Gives up every read under way without touching WebGL: after a lost context their buffers and
   * fences belonged to the old context (they are gone with it, and the restored one does not know them).
   */
  forget(reason = 'the WebGL context was lost'): void {
    const reads = this.queue;
    this.queue = [];
    for (const read of reads) read.request.onError(new Error(reason));
  }

  /** Gives up every read under way. */
  dispose(reason = 'the scene was closed'): void {
    const reads = this.queue;
    this.queue = [];
    for (const read of reads) {
      this.release(read);
      read.request.onError(new Error(reason));
    }
  }

  private release(read: PendingRead): void {
    const gl = this.renderer.getContext() as WebGL2RenderingContext;
    gl.deleteBuffer(read.buffer);
    gl.deleteSync(read.sync);
  }
}
