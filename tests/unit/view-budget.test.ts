/**
 * Live scheduling (issue 14): the visible view yields to model frames under "Fast models" but keeps a
 * floor frame rate; and with the frame scheduler a worker that finishes a frame finds the next one of
 * the newest scene waiting, so it never idles while the camera moves. Simulated ticks, no timing.
 */
import { describe, expect, it } from 'vitest';
import { MAX_VIEW_INTERVAL_MS, ViewBudget } from '../../src/lib/scene/view-budget';
import { FrameScheduler } from '../../src/lib/scene/frame-scheduler';

describe('ViewBudget', () => {
  it('"Smooth view" draws the view on every tick, models waiting or not', () => {
    const b = new ViewBudget();
    expect([0, 16, 33, 50].map((t) => b.shouldDraw(t, 'smooth', true))).toEqual([true, true, true, true]);
  });

  it('"Fast models" skips the view while a model waits for a frame, and draws it when none does', () => {
    const b = new ViewBudget();
    expect(b.shouldDraw(0, 'fast-models', false)).toBe(true);
    expect(b.shouldDraw(40, 'fast-models', true)).toBe(false);
    expect(b.shouldDraw(80, 'fast-models', true)).toBe(false);
    expect(b.shouldDraw(120, 'fast-models', false)).toBe(true);
  });

  it('"Fast models" never lets the view wait longer than its floor: at least 4 fps however busy the models are', () => {
    const b = new ViewBudget();
    const drawn: number[] = [];
    for (let t = 0; t <= 2000; t += 40) if (b.shouldDraw(t, 'fast-models', true)) drawn.push(t);
    const gaps = drawn.slice(1).map((t, i) => t - drawn[i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(MAX_VIEW_INTERVAL_MS + 40);
    expect(drawn.length).toBeGreaterThanOrEqual(2000 / (MAX_VIEW_INTERVAL_MS + 40));
    // ...and the other ticks (most of them) went to the models.
    expect(drawn.length).toBeLessThan(51 / 3);
  });

  it('"Fast models" gives a view that costs little most of the ticks: the gap is three times its measured frame time', () => {
    const b = new ViewBudget();
    for (let i = 0; i < 10; i++) b.viewFrame(10); // a GPU: the view costs 10 ms a frame
    expect(b.busyInterval).toBeCloseTo(30, 6);
    const drawn: number[] = [];
    for (let t = 0; t <= 300; t += 10) if (b.shouldDraw(t, 'fast-models', true)) drawn.push(t);
    expect(drawn).toEqual([0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300]);
  });

  it('"Fast models" with a view that costs most of a frame (software WebGL) drops to the floor, and the floor holds', () => {
    const b = new ViewBudget();
    for (let i = 0; i < 10; i++) b.viewFrame(120);
    expect(b.busyInterval).toBe(MAX_VIEW_INTERVAL_MS);
    expect(b.shouldDraw(0, 'fast-models', true)).toBe(true);
    expect(b.shouldDraw(240, 'fast-models', true)).toBe(false);
    expect(b.shouldDraw(250, 'fast-models', true)).toBe(true);
    // Models idle (a still scene, nothing in flight): the view is drawn at once.
    expect(b.shouldDraw(260, 'fast-models', false)).toBe(true);
  });

  it('ignores frame times that are not a measurement (0, negative, NaN)', () => {
    const b = new ViewBudget();
    b.viewFrame(20);
    for (const bad of [0, -5, NaN, Infinity]) b.viewFrame(bad);
    expect(b.busyInterval).toBeCloseTo(60, 6);
  });
});

/**
 * A moving camera (a new scene version every tick), a capture whose frame reaches the worker two ticks
 * later (rendered on one, read back on the next), and one worker that needs `predictTicks` ticks per
 * frame. Returns, per tick, whether the worker was predicting.
 */
function simulate(predictTicks: number, ticks: number): boolean[] {
  const s = new FrameScheduler();
  s.register('m', { width: 224, height: 224 });
  const readingBack: { version: number; arrives: number }[] = []; // captures under way
  const mailbox: number[] = []; // frames sent to the worker, waiting
  let running: { version: number; left: number } | null = null;
  const busy: boolean[] = [];
  for (let version = 1; version <= ticks; version++) {
    // Finished read-backs arrive: the frame goes to the worker's mailbox (latest wins).
    const arrived = readingBack.filter((r) => r.arrives === version);
    readingBack.splice(0, readingBack.length, ...readingBack.filter((r) => r.arrives !== version));
    for (const { version: v } of arrived) {
      s.sent('m', v);
      if (mailbox.length) s.settled('m', { dropped: true });
      mailbox.splice(0, mailbox.length, v);
    }
    // The worker takes the waiting frame when it is free.
    if (!running && mailbox.length) running = { version: mailbox.shift()!, left: predictTicks };
    busy.push(running !== null);
    if (running && --running.left === 0) {
      running = null;
      s.settled('m', { dropped: false });
      if (mailbox.length) running = { version: mailbox.shift()!, left: predictTicks };
    }
    // This tick's capture, if the scheduler wants one.
    if (s.wants('m', version)) {
      s.captureStarted('m', version);
      readingBack.push({ version, arrives: version + 2 });
    }
  }
  return busy;
}

describe('FrameScheduler keeps a worker fed while the camera moves', () => {
  for (const predictTicks of [1, 2, 3, 5]) {
    it(`a worker taking ${predictTicks} tick(s) per frame finds the next frame waiting: busy on every tick after the first frame`, () => {
      const busy = simulate(predictTicks, 60);
      const first = busy.indexOf(true);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(busy.slice(first).every(Boolean)).toBe(true);
    });
  }
});
