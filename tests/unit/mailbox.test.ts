import { describe, expect, test } from 'vitest';
import { LatestFrameMailbox, isDropped } from '../../src/lib/workers/mailbox';

/** A runner whose calls finish only when the test says so. */
function gatedRunner() {
  const started: number[] = [];
  const gates: Array<{ resolve: (v: string) => void; reject: (e: unknown) => void }> = [];
  const run = (n: number) =>
    new Promise<string>((resolve, reject) => {
      started.push(n);
      gates.push({ resolve, reject });
    });
  return { started, gates, run };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('LatestFrameMailbox', () => {
  test('runs items one at a time, in order, when nothing is replaced', async () => {
    const { started, gates, run } = gatedRunner();
    const box = new LatestFrameMailbox(run);
    const a = box.submit(1);
    const b = box.submit(2);
    await tick();
    expect(started).toEqual([1]);
    gates[0].resolve('r1');
    expect(await a).toBe('r1');
    await tick();
    expect(started).toEqual([1, 2]);
    gates[1].resolve('r2');
    expect(await b).toBe('r2');
    expect(box.busy).toBe(false);
  });

  test('a newer item replaces the waiting one, which resolves as dropped at once', async () => {
    const { started, gates, run } = gatedRunner();
    const box = new LatestFrameMailbox(run);
    const a = box.submit(1);
    const b = box.submit(2);
    const c = box.submit(3);
    expect(isDropped(await b)).toBe(true); // resolved while 1 is still running
    expect(started).toEqual([1]);
    gates[0].resolve('r1');
    expect(await a).toBe('r1');
    await tick();
    expect(started).toEqual([1, 3]);
    gates[1].resolve('r3');
    expect(await c).toBe('r3');
  });

  test('an error rejects only its own caller, and the runner goes on', async () => {
    const box = new LatestFrameMailbox(async (n: number) => {
      if (n === 2) throw new Error('boom 2');
      return `r${n}`;
    });
    const results = await Promise.allSettled([box.submit(1), box.submit(2)]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'r1' });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { message: 'boom 2' } });
    expect(await box.submit(3)).toBe('r3');
  });

  test('a synchronous throw in the runner is reported to that caller', async () => {
    const box = new LatestFrameMailbox((n: number) => {
      if (n === 1) throw new Error('sync boom');
      return n * 10;
    });
    await expect(box.submit(1)).rejects.toThrow('sync boom');
    expect(await box.submit(2)).toBe(20);
  });
});
