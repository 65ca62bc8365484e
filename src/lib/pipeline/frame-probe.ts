/**
 * A frame consumer for tests and previews: keeps the latest model-input frame the scene delivered and
 * lets callers wait for a frame of a given scene version. Frames are settled at once (it never holds
 * the scheduler's slots).
 */
import type { Frame } from '../workers/protocol';
import type { CaptureHub } from './scheduler';

export interface ProbedFrame {
  version: number;
  width: number;
  height: number;
  /** RGBA rows top-down, base64. */
  pixels: string;
}

export class FrameProbe {
  latest: Frame | null = null;
  private waiters: { version: number; resolve: (frame: Frame) => void }[] = [];
  private remove: (() => void) | null = null;

  constructor(
    private readonly hub: CaptureHub,
    readonly id = 'frame-probe',
    readonly size = 224,
    /** Called with every frame delivered. */
    private readonly onFrame?: (frame: Frame) => void
  ) {}

  /** Registers the consumer (once). */
  start(): void {
    if (this.remove) return;
    this.remove = this.hub.add({
      id: this.id,
      width: this.size,
      height: this.size,
      deliver: (frame) => {
        this.latest = frame;
        this.hub.settled(this.id, { dropped: false });
        this.onFrame?.(frame);
        const ready = this.waiters.filter((w) => frame.version >= w.version);
        this.waiters = this.waiters.filter((w) => frame.version < w.version);
        for (const w of ready) w.resolve(frame);
      }
    });
  }

  /** The first frame of scene version `version` or later (the latest, if it already is). */
  frameOf(version: number): Promise<Frame> {
    this.start();
    if (this.latest && this.latest.version >= version) return Promise.resolve(this.latest);
    return new Promise((resolve) => this.waiters.push({ version, resolve }));
  }

  stop(): void {
    this.remove?.();
    this.remove = null;
  }
}

/** RGBA rows top-down (WebGL read-back is bottom-up when frame.flipY). */
export function topDownPixels(frame: Frame): Uint8Array {
  if (!frame.flipY) return frame.pixels;
  const row = frame.width * 4;
  const out = new Uint8Array(frame.pixels.length);
  for (let y = 0; y < frame.height; y++) {
    out.set(frame.pixels.subarray((frame.height - 1 - y) * row, (frame.height - y) * row), y * row);
  }
  return out;
}

export function probedFrame(frame: Frame): ProbedFrame {
  const bytes = topDownPixels(frame);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { version: frame.version, width: frame.width, height: frame.height, pixels: btoa(binary) };
}
