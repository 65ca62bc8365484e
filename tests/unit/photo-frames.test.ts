import { describe, expect, it } from 'vitest';
import { CaptureHub } from '../../src/lib/scene/capture-hub';
import { centreCrop, deliverPhotoFrames, type CropDrawer, type CropRect } from '../../src/lib/scene/photo-frames';
import type { Frame } from '../../src/lib/protocol';

/** A drawer that records its calls and fills the frame with one byte value. */
function recordingDrawer(fill = 7): { draw: CropDrawer; calls: { crop: CropRect; width: number; height: number }[] } {
  const calls: { crop: CropRect; width: number; height: number }[] = [];
  return {
    calls,
    draw: (crop, width, height) => {
      calls.push({ crop, width, height });
      return new Uint8Array(width * height * 4).fill(fill);
    }
  };
}

function consumer(captureHub: CaptureHub, id: string, size: number, into: Frame[], settle = true) {
  return captureHub.add({
    id,
    width: size,
    height: size,
    deliver: (frame) => {
      into.push(frame);
      if (settle) captureHub.settled(id, { dropped: false });
    }
  });
}

describe('centreCrop', () => {
  it('takes the centred square of a landscape photo', () => {
    expect(centreCrop(640, 480, 224, 224)).toEqual({ sx: 80, sy: 0, sw: 480, sh: 480 });
  });
  it('takes the centred square of a portrait photo', () => {
    expect(centreCrop(300, 500, 224, 224)).toEqual({ sx: 0, sy: 100, sw: 300, sh: 300 });
  });
  it('keeps a non-square input size\'s aspect ratio', () => {
    expect(centreCrop(400, 400, 200, 100)).toEqual({ sx: 0, sy: 100, sw: 400, sh: 200 });
  });
});

describe('deliverPhotoFrames (the 2D frame source for the capture hub)', () => {
  it('gives each model a top-down frame of the crop at its input size and scene version', () => {
    const captureHub = new CaptureHub();
    const a: Frame[] = [];
    const b: Frame[] = [];
    consumer(captureHub, 'a', 224, a);
    consumer(captureHub, 'b', 192, b);
    const { draw, calls } = recordingDrawer();
    expect(deliverPhotoFrames(captureHub, { photoWidth: 640, photoHeight: 480, draw, version: 3 }, () => 10)).toBe(2);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ version: 3, width: 224, height: 224, flipY: false, capturedAt: 10 });
    expect(a[0].pixels.length).toBe(224 * 224 * 4);
    expect(b[0]).toMatchObject({ version: 3, width: 192, height: 192 });
    expect(calls.map((c) => c.width).sort()).toEqual([192, 224]);
    expect(calls[0].crop).toEqual({ sx: 80, sy: 0, sw: 480, sh: 480 });
  });

  it('sends a still photo once, and again when the scene version moves', () => {
    const captureHub = new CaptureHub();
    const frames: Frame[] = [];
    consumer(captureHub, 'a', 224, frames);
    const { draw, calls } = recordingDrawer();
    for (let i = 0; i < 5; i++) deliverPhotoFrames(captureHub, { photoWidth: 100, photoHeight: 100, draw, version: 1 });
    expect(frames).toHaveLength(1);
    deliverPhotoFrames(captureHub, { photoWidth: 100, photoHeight: 100, draw, version: 2 });
    expect(frames.map((f) => f.version)).toEqual([1, 2]);
    expect(calls).toHaveLength(2);
  });

  it('respects the capture hub\'s in-flight limit for a model that has not finished', () => {
    const captureHub = new CaptureHub();
    const frames: Frame[] = [];
    consumer(captureHub, 'slow', 224, frames, false);
    const { draw } = recordingDrawer();
    for (let v = 1; v <= 6; v++) deliverPhotoFrames(captureHub, { photoWidth: 100, photoHeight: 100, draw, version: v });
    expect(frames.map((f) => f.version)).toEqual([1, 2]);
  });

  it('draws once per size and gives every model of that size its own buffer', () => {
    const captureHub = new CaptureHub();
    const a: Frame[] = [];
    const b: Frame[] = [];
    consumer(captureHub, 'a', 224, a);
    consumer(captureHub, 'b', 224, b);
    const { draw, calls } = recordingDrawer();
    deliverPhotoFrames(captureHub, { photoWidth: 100, photoHeight: 100, draw, version: 1 });
    expect(calls).toHaveLength(1);
    expect(a[0].pixels.buffer === b[0].pixels.buffer).toBe(false);
    expect([...b[0].pixels.subarray(0, 4)]).toEqual([7, 7, 7, 7]);
  });

  it('a drawing failure frees the capture so that the next tick tries again', () => {
    const captureHub = new CaptureHub();
    const frames: Frame[] = [];
    consumer(captureHub, 'a', 224, frames);
    const boom: CropDrawer = () => {
      throw new Error('no 2D canvas context');
    };
    expect(deliverPhotoFrames(captureHub, { photoWidth: 100, photoHeight: 100, draw: boom, version: 1 })).toBe(0);
    expect((captureHub.lastError as Error).message).toBe('no 2D canvas context');
    deliverPhotoFrames(captureHub, { photoWidth: 100, photoHeight: 100, draw: recordingDrawer().draw, version: 1 });
    expect(frames).toHaveLength(1);
  });
});
