/**
 * A frame tap for tests, previews and sweeps: a consumer that keeps the latest model-input frame the
 * scene delivered and lets callers wait for a frame of a given scene version, or only until the scene
 * has begun capturing that version (a sweep then moves the scene on while the frame is read back).
 * Frames are settled at once (it never holds the scheduler's slots).
 */
import { topDownPixels, type Frame } from '$lib/protocol';
import type { CaptureHub } from './capture-hub';

export interface TappedFrame {
  version: number;
  width: number;
  height: number;
  /** RGBA rows top-down, base64. */
  pixels: string;
}

export class FrameTap {
  latest: Frame | null = null;
  private waiters: { version: number; resolve: (frame: Frame) => void }[] = [];
  private starts: { version: number; resolve: () => void }[] = [];
  /** The scene version of the last capture begun for this tap. */
  private lastStarted = -1;
  private remove: (() => void) | null = null;

  constructor(
    private readonly captureHub: CaptureHub,
    readonly id = 'frame-tap',
    /** The frame size: a side (square), or width and height (a model's input). */
    readonly size: number | { width: number; height: number } = 224,
    /** Called with every frame delivered. */
    private readonly onFrame?: (frame: Frame) => void
  ) {}

  /** Registers the consumer (once). */
  start(): void {
    if (this.remove) return;
    const { width, height } = typeof this.size === 'number' ? { width: this.size, height: this.size } : this.size;
    this.remove = this.captureHub.add({
      id: this.id,
      width,
      height,
      captureStarted: (version) => {
        this.lastStarted = Math.max(this.lastStarted, version);
        const begun = this.starts.filter((w) => version >= w.version);
        this.starts = this.starts.filter((w) => version < w.version);
        for (const w of begun) w.resolve();
      },
      deliver: (frame) => {
        this.latest = frame;
        this.captureHub.settled(this.id, { dropped: false });
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

  /** Resolves once a capture of scene version `version` or later has begun for this tap. */
  captureBegun(version: number): Promise<void> {
    this.start();
    if (this.lastStarted >= version || (this.latest && this.latest.version >= version)) return Promise.resolve();
    return new Promise((resolve) => this.starts.push({ version, resolve }));
  }

  stop(): void {
    this.remove?.();
    this.remove = null;
  }
}

/** RGBA rows top-down (WebGL read-back is bottom-up when frame.flipY). */
export function tappedFrame(frame: Frame): TappedFrame {
  const bytes = topDownPixels(frame);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { version: frame.version, width: frame.width, height: frame.height, pixels: btoa(binary) };
}
