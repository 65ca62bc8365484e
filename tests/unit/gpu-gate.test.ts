/** The scene holds its ticks while the GPU is still on an earlier tick's drawing (scene/gpu-gate.ts). */
import { describe, expect, it } from 'vitest';
import { GpuGate, type FenceApi } from '../../src/lib/scene/gpu-gate';

/** Fences that signal when the test says the GPU has finished them. */
function fakeFences() {
  let next = 0;
  const done = new Set<number>();
  const live = new Set<number>();
  const api: FenceApi<number> = {
    set: () => {
      live.add(++next);
      return next;
    },
    signalled: (f) => done.has(f),
    release: (f) => {
      live.delete(f);
    }
  };
  return { api, finish: (f = next) => done.add(f), live };
}

describe('GpuGate', () => {
  it('nothing drawn yet: never behind', () => {
    const { api } = fakeFences();
    expect(new GpuGate(api).behind(0)).toBe(false);
  });

  it('after a drawing tick, the next ticks wait until its fence signals, then go on', () => {
    const f = fakeFences();
    const gate = new GpuGate(f.api, 1000);
    gate.drew(0);
    expect(gate.behind(16)).toBe(true);
    expect(gate.behind(33)).toBe(true);
    f.finish();
    expect(gate.behind(50)).toBe(false);
    expect(f.live.size).toBe(0); // the signalled fence is released
    expect(gate.behind(66)).toBe(false); // nothing drawn since
  });

  it('a fence that never signals holds ticks no longer than the timeout', () => {
    const f = fakeFences();
    const gate = new GpuGate(f.api, 500);
    gate.drew(100);
    expect(gate.behind(599)).toBe(true);
    expect(gate.behind(600)).toBe(false);
    expect(f.live.size).toBe(0);
  });

  it('each drawing tick replaces the previous fence (never more than one kept)', () => {
    const f = fakeFences();
    const gate = new GpuGate(f.api);
    gate.drew(0);
    gate.drew(10);
    expect(f.live.size).toBe(1);
    f.finish(1); // the older one finishing does not release the newer wait
    expect(gate.behind(20)).toBe(true);
    f.finish(2);
    expect(gate.behind(30)).toBe(false);
  });

  it('no fence can be made (lost context), or the context was lost: nothing holds the ticks', () => {
    const gate = new GpuGate<number>({ set: () => null, signalled: () => false, release: () => {} });
    gate.drew(0);
    expect(gate.behind(1)).toBe(false);
    const f = fakeFences();
    const other = new GpuGate(f.api);
    other.drew(0);
    other.forget();
    expect(other.behind(1)).toBe(false);
  });
});
