/** A frame of the scene as the models receive it. Structured-cloneable; pixels travel with Comlink.transfer. */

export interface FrameSize {
  width: number;
  height: number;
}

/** One frame of the scene at the model's input size: RGBA bytes, row 0 at the top unless flipY. */
export interface Frame {
  /** Monotonic scene version this frame shows. */
  version: number;
  width: number;
  height: number;
  /** RGBA, width * height * 4 bytes. Transferred, not copied. */
  pixels: Uint8Array;
  /** True when rows are bottom-up (WebGL readPixels order). */
  flipY: boolean;
  /** performance.now() on the main thread when the frame was captured (for latency). */
  capturedAt: number;
}

/** The frame's RGBA rows top-down (a copy when the frame is bottom-up, the frame's own bytes otherwise). */
export function topDownPixels(frame: Frame): Uint8Array {
  if (!frame.flipY) return frame.pixels;
  const row = frame.width * 4;
  const out = new Uint8Array(frame.pixels.length);
  for (let y = 0; y < frame.height; y++) out.set(frame.pixels.subarray((frame.height - 1 - y) * row, (frame.height - y) * row), y * row);
  return out;
}
