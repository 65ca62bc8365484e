/**
 * Which model consumer gets a frame of the scene, and when. Latest frame wins: a consumer never has more
 * than MAX_IN_FLIGHT frames submitted (one running in its worker + one waiting in its mailbox), a still
 * scene is sent once, and after a busy spell the newest scene version is what goes out next.
 */
import type { FrameSize } from '$lib/protocol';

/** One running in the worker + one waiting in the worker's mailbox. */
export const MAX_IN_FLIGHT = 2;
/**
 * Captures whose read-back has not finished, per consumer. The read-back is asynchronous and takes a
 * frame or two; with two under way a new scene version can be captured on every tick.
 */
export const MAX_PENDING = 2;

interface ConsumerSlot {
  size: FrameSize;
  /** Scene version of the last frame sent; null before the first (or after reset). */
  lastSent: number | null;
  inFlight: number;
  /** Captures started whose frames are not delivered yet. */
  pending: number;
  /** Scene version of the last capture started; null before the first (or after a failure or reset). */
  lastCaptured: number | null;
}

/** Pure bookkeeping: no timers, no rendering. */
export class FrameScheduler {
  private readonly slots = new Map<string, ConsumerSlot>();

  register(id: string, size: FrameSize): void {
    const old = this.slots.get(id);
    this.slots.set(id, { size: { ...size }, lastSent: null, inFlight: old?.inFlight ?? 0, pending: old?.pending ?? 0, lastCaptured: null });
  }

  unregister(id: string): void {
    this.slots.delete(id);
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  ids(): string[] {
    return [...this.slots.keys()];
  }

  sizeOf(id: string): FrameSize | undefined {
    return this.slots.get(id)?.size;
  }

  /** Whether to capture a frame of `sceneVersion` for this consumer now. */
  wants(id: string, sceneVersion: number): boolean {
    const slot = this.slots.get(id);
    if (!slot) return false;
    return (
      slot.lastSent !== sceneVersion &&
      slot.lastCaptured !== sceneVersion &&
      slot.inFlight < MAX_IN_FLIGHT &&
      slot.pending < MAX_PENDING
    );
  }

  /** A capture of `sceneVersion` for this consumer began (its frame arrives with `sent` or is given up with `captureFailed`). */
  captureStarted(id: string, sceneVersion: number): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.pending += 1;
    slot.lastCaptured = sceneVersion;
  }

  /** The capture could not produce a frame: nothing was sent, and the version may be captured again. */
  captureFailed(id: string): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.pending = Math.max(0, slot.pending - 1);
    slot.lastCaptured = null;
  }

  /** A frame of `version` was handed to the consumer. */
  sent(id: string, version: number): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.pending = Math.max(0, slot.pending - 1);
    slot.inFlight += 1;
    slot.lastSent = version;
  }

  /** A sent frame finished: shown, or dropped for a newer one, or failed. Either way its slot is free. */
  settled(id: string, _result: { dropped: boolean }): void {
    const slot = this.slots.get(id);
    if (slot) slot.inFlight = Math.max(0, slot.inFlight - 1);
  }

  /** The consumer restarted (new worker): forget what was in flight and what it has seen. */
  reset(id: string): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.inFlight = 0;
    slot.lastSent = null;
    slot.lastCaptured = null;
  }

  /**
   * Whether the consumer has work under way or waiting for it: it wants a frame of `sceneVersion`, or
   * has captures being read back, or frames in its worker.
   */
  busy(id: string, sceneVersion: number): boolean {
    const slot = this.slots.get(id);
    if (!slot) return false;
    return slot.pending > 0 || slot.inFlight > 0 || this.wants(id, sceneVersion);
  }

  inFlight(id: string): number {
    return this.slots.get(id)?.inFlight ?? 0;
  }

  lastSent(id: string): number | null {
    return this.slots.get(id)?.lastSent ?? null;
  }
}
