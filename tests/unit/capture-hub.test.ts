import { describe, expect, it } from 'vitest';
import { CaptureHub } from '../../src/lib/scene/capture-hub';
import { FrameScheduler, MAX_IN_FLIGHT, MAX_PENDING } from '../../src/lib/scene/frame-scheduler';
import type { Frame } from '../../src/lib/protocol';

const SIZE = { width: 224, height: 224 };

/** Plays the capturer's part for one tick: capture every consumer that wants this version. */
function tick(s: FrameScheduler, ids: string[], version: number): string[] {
  const sent: string[] = [];
  for (const id of ids) {
    if (!s.wants(id, version)) continue;
    s.captureStarted(id, version);
    s.sent(id, version);
    sent.push(id);
  }
  return sent;
}

describe('FrameScheduler', () => {
  it('sends a still scene once, however many ticks pass', () => {
    const s = new FrameScheduler();
    s.register('a', SIZE);
    let sends = 0;
    for (let t = 0; t < 10; t++) {
      sends += tick(s, ['a'], 7).length;
      if (t === 3) s.settled('a', { dropped: false });
    }
    expect(sends).toBe(1);
    expect(s.lastSent('a')).toBe(7);
  });

  it('never has more than two frames in flight while the scene keeps moving', () => {
    const s = new FrameScheduler();
    s.register('a', SIZE);
    let maxInFlight = 0;
    let sends = 0;
    for (let version = 1; version <= 50; version++) {
      sends += tick(s, ['a'], version).length;
      maxInFlight = Math.max(maxInFlight, s.inFlight('a'));
      if (version % 5 === 0) s.settled('a', { dropped: false }); // a slow worker
    }
    expect(maxInFlight).toBe(MAX_IN_FLIGHT);
    expect(sends).toBeLessThan(50);
    expect(sends).toBeGreaterThan(2);
  });

  it('sends the newest version once a slot frees up', () => {
    const s = new FrameScheduler();
    s.register('a', SIZE);
    tick(s, ['a'], 1);
    tick(s, ['a'], 2);
    expect(tick(s, ['a'], 3)).toEqual([]);
    expect(tick(s, ['a'], 4)).toEqual([]);
    s.settled('a', { dropped: false });
    expect(tick(s, ['a'], 4)).toEqual(['a']);
    expect(s.lastSent('a')).toBe(4);
  });

  it('frees the slot of a dropped frame', () => {
    const s = new FrameScheduler();
    s.register('a', SIZE);
    tick(s, ['a'], 1);
    tick(s, ['a'], 2);
    s.settled('a', { dropped: true });
    expect(s.wants('a', 3)).toBe(true);
  });

  it('captures each new version while a read-back is pending, never the same version twice, at most MAX_PENDING at once', () => {
    const s = new FrameScheduler();
    s.register('a', SIZE);
    expect(s.wants('a', 1)).toBe(true);
    s.captureStarted('a', 1);
    expect(s.wants('a', 1)).toBe(false); // a still scene: its capture is on the way
    expect(s.wants('a', 2)).toBe(true); // the camera moved: capture the new view too
    s.captureStarted('a', 2);
    expect(MAX_PENDING).toBe(2);
    expect(s.wants('a', 3)).toBe(false); // two read-backs under way
    s.sent('a', 1);
    expect(s.wants('a', 3)).toBe(true);
    s.captureStarted('a', 3);
    s.sent('a', 2);
    // Two frames in the worker (one running, one in its mailbox): nothing more until one settles.
    expect(s.inFlight('a')).toBe(MAX_IN_FLIGHT);
    expect(s.wants('a', 4)).toBe(false);
    s.settled('a', { dropped: false });
    expect(s.wants('a', 4)).toBe(true);
  });

  it('lets a failed capture be retried', () => {
    const s = new FrameScheduler();
    s.register('a', SIZE);
    s.captureStarted('a', 1);
    expect(s.wants('a', 1)).toBe(false);
    s.captureFailed('a');
    expect(s.wants('a', 1)).toBe(true);
  });

  it('stops sending to an unregistered consumer and keeps serving the others', () => {
    const s = new FrameScheduler();
    s.register('a', SIZE);
    s.register('b', { width: 128, height: 128 });
    expect(tick(s, ['a', 'b'], 1)).toEqual(['a', 'b']);
    s.unregister('a');
    expect(tick(s, ['a', 'b'], 2)).toEqual(['b']);
    expect(s.wants('a', 3)).toBe(false);
  });

  it('sends to a restarted consumer again, even for an unchanged scene', () => {
    const s = new FrameScheduler();
    s.register('a', SIZE);
    tick(s, ['a'], 5);
    tick(s, ['a'], 6);
    expect(s.wants('a', 6)).toBe(false);
    s.reset('a'); // the worker crashed and came back: its in-flight frames are gone
    expect(s.inFlight('a')).toBe(0);
    expect(tick(s, ['a'], 6)).toEqual(['a']);
  });
});

describe('CaptureHub', () => {
  const frame = (version: number): Frame => ({
    version,
    width: 2,
    height: 2,
    pixels: new Uint8Array(16),
    flipY: true,
    capturedAt: 0
  });

  it('delivers to the consumers that want a frame and counts the frames in flight', () => {
    const captureHub = new CaptureHub();
    const got: number[] = [];
    captureHub.add({ id: 'm', ...SIZE, deliver: (f) => got.push(f.version) });
    for (const version of [1, 2, 3]) {
      for (const c of captureHub.wanting(version)) {
        captureHub.captureStarted(c.id, version);
        c.deliver(frame(version));
      }
    }
    expect(got).toEqual([1, 2]);
    captureHub.settled('m', { dropped: false });
    expect(captureHub.wanting(3).map((c) => c.id)).toEqual(['m']);
  });

  it('is busy while a model wants the scene or has frames being read back or in its worker, and idle once all settled', () => {
    const captureHub = new CaptureHub();
    expect(captureHub.busy(1)).toBe(false); // no models: the view never yields
    captureHub.add({ id: 'm', ...SIZE, deliver: () => undefined });
    expect(captureHub.busy(1)).toBe(true); // wants version 1
    const [c] = captureHub.wanting(1);
    captureHub.captureStarted(c.id, 1);
    expect(captureHub.busy(1)).toBe(true); // being read back
    c.deliver(frame(1));
    expect(captureHub.busy(1)).toBe(true); // in the worker
    captureHub.settled('m', { dropped: false });
    expect(captureHub.busy(1)).toBe(false); // a still scene, shown: idle
    expect(captureHub.busy(2)).toBe(true); // the camera moved
    // A sweep holds the hub for its own consumers: the live model's wishes do not count.
    captureHub.only([]);
    expect(captureHub.busy(2)).toBe(false);
  });

  it('drops a frame captured for a consumer removed meanwhile', () => {
    const captureHub = new CaptureHub();
    const got: number[] = [];
    const remove = captureHub.add({ id: 'm', ...SIZE, deliver: (f) => got.push(f.version) });
    const [c] = captureHub.wanting(1);
    captureHub.captureStarted(c.id, 1);
    remove();
    c.deliver(frame(1));
    expect(got).toEqual([]);
    expect(captureHub.wanting(2)).toEqual([]);
  });
});

describe('CaptureHub.only (a sweep)', () => {
  const consumer = (id: string) => ({ id, ...SIZE, deliver: () => undefined });

  it('wants frames only for the held consumers and pauses the view until released; the others then get the scene as it is', () => {
    const hub = new CaptureHub();
    hub.add(consumer('model'));
    hub.add(consumer('sweep-224x224'));
    expect(hub.viewPaused).toBe(false);
    const release = hub.only(['sweep-224x224']);
    expect(hub.viewPaused).toBe(true);
    expect(hub.wanting(5).map((c) => c.id)).toEqual(['sweep-224x224']);
    release();
    release();
    expect(hub.viewPaused).toBe(false);
    expect(hub.wanting(9).map((c) => c.id)).toEqual(['model', 'sweep-224x224']);
  });

  it('a stale release does not end a newer hold', () => {
    const hub = new CaptureHub();
    hub.add(consumer('model'));
    const first = hub.only([]);
    const second = hub.only([]);
    first();
    expect(hub.viewPaused).toBe(true);
    expect(hub.wanting(1)).toEqual([]);
    second();
    expect(hub.viewPaused).toBe(false);
  });
});
