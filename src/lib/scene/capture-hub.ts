/**
 * The capture hub: the consumers of scene frames (model workers, previews, taps) and, through a
 * FrameScheduler, which of them the scene's frame capturer renders a frame for on each tick.
 */
import type { Frame } from '$lib/protocol';
import { FrameScheduler } from './frame-scheduler';

/** A consumer of scene frames: a model worker, or a debug preview. */
export interface FrameConsumer {
  id: string;
  width: number;
  height: number;
  /** Receives a frame it may keep (its pixel buffer is its own, ready to transfer). */
  deliver(frame: Frame): void;
  /** Told when a capture of scene version `version` begins for it (its frame follows, or a failure). */
  captureStarted?(version: number): void;
}

/**
 * A FrameScheduler plus the registered consumers. The scene's frame capturer (and, without WebGL, the
 * photo frames) asks `wanting(version)` once per render tick, renders one frame per size for the
 * consumers returned, calls captureStarted for each before rendering, then either consumer.deliver(frame)
 * or captureFailed(id). A consumer's owner reports back through settled() (frame shown, dropped or
 * failed) and reset() (worker restarted).
 */
export class CaptureHub {
  readonly scheduler = new FrameScheduler();
  private readonly consumers = new Map<string, FrameConsumer>();
  /** Last capture error, for diagnostics. */
  lastError: unknown = null;
  /** While set, only these consumers get frames (a sweep pauses the live stream); see `only`. */
  private exclusive: ReadonlySet<string> | null = null;

  /**
   * Until the returned function is called, frames are rendered only for the consumers `ids` (e.g. a
   * sweep's frame taps): the others (the live models, previews) wait, and get the scene as it is then;
   * the visible view is not drawn meanwhile (viewPaused).
   */
  /** Whether `only` holds now: the scene draws only the model frames, not the visible view. */
  get viewPaused(): boolean {
    return this.exclusive !== null;
  }

  only(ids: Iterable<string>): () => void {
    const set = new Set(ids);
    this.exclusive = set;
    return () => {
      if (this.exclusive === set) this.exclusive = null;
    };
  }

  /** Adds (or replaces) a consumer; returns a function that removes it. */
  add(consumer: FrameConsumer): () => void {
    const wrapped: FrameConsumer = {
      id: consumer.id,
      width: consumer.width,
      height: consumer.height,
      captureStarted: consumer.captureStarted?.bind(consumer),
      deliver: (frame) => {
        if (this.consumers.get(consumer.id) !== wrapped) return;
        this.scheduler.sent(consumer.id, frame.version);
        try {
          consumer.deliver(frame);
        } catch (error) {
          // A consumer that could not take the frame must not hold its slot forever.
          this.scheduler.settled(consumer.id, { dropped: true });
          throw error;
        }
      }
    };
    this.consumers.set(consumer.id, wrapped);
    this.scheduler.register(consumer.id, { width: consumer.width, height: consumer.height });
    return () => this.remove(consumer.id, wrapped);
  }

  remove(id: string, only?: FrameConsumer): void {
    if (only && this.consumers.get(id) !== only) return;
    this.consumers.delete(id);
    this.scheduler.unregister(id);
  }

  settled(id: string, result: { dropped: boolean }): void {
    this.scheduler.settled(id, result);
  }

  reset(id: string): void {
    this.scheduler.reset(id);
  }

  wanting(sceneVersion: number): FrameConsumer[] {
    const out: FrameConsumer[] = [];
    for (const consumer of this.consumers.values()) {
      if (this.exclusive && !this.exclusive.has(consumer.id)) continue;
      if (this.scheduler.wants(consumer.id, sceneVersion)) out.push(consumer);
    }
    return out;
  }

  /** Whether some consumer that gets frames now is busy (FrameScheduler.busy): "Fast models" then limits the view. */
  busy(sceneVersion: number): boolean {
    for (const id of this.consumers.keys()) {
      if (this.exclusive && !this.exclusive.has(id)) continue;
      if (this.scheduler.busy(id, sceneVersion)) return true;
    }
    return false;
  }

  captureStarted(id: string, sceneVersion: number): void {
    this.scheduler.captureStarted(id, sceneVersion);
    this.consumers.get(id)?.captureStarted?.(sceneVersion);
  }

  captureFailed(id: string, error: unknown): void {
    this.lastError = error;
    this.scheduler.captureFailed(id);
  }
}
