/** The bench's per-thread CPU shares (bench/thread-cpu.mjs): grouping and arithmetic, on made-up snapshots. */
import { describe, expect, it } from 'vitest';
import { parseStat, threadCpuShares, threadGroup } from '../../bench/thread-cpu.mjs';

describe('thread CPU shares', () => {
  it('reads the name and user + system ticks from a stat line, also with spaces and parentheses in the name', () => {
    const stat = '4242 (Thread<01> (x)) S 1 2 3 4 5 6 7 8 9 10 150 25 0 0 20 0 1 0';
    expect(parseStat(stat)).toEqual({ comm: 'Thread<01> (x)', ticks: 175 });
  });

  it('groups the GPU process rasteriser threads apart from its main thread, and the workers apart from the page', () => {
    expect(threadGroup('gpu-process', 'Thread<00>')).toBe('gpu rasteriser threads');
    expect(threadGroup('gpu-process', 'chromium')).toBe('gpu process main + compositor');
    expect(threadGroup('gpu-process', 'VizCompositorTh')).toBe('gpu process main + compositor');
    expect(threadGroup('gpu-process', 'Chrome_ChildIOT')).toBe('other');
    expect(threadGroup('gpu-process', 'ThreadPoolForeg')).toBe('other');
    expect(threadGroup('renderer', 'DedicatedWorker')).toBe('model workers');
    expect(threadGroup('renderer', 'chromium')).toBe('page main thread');
    expect(threadGroup('renderer', 'Compositor')).toBe('other');
    expect(threadGroup('browser', 'chromium')).toBe('other');
  });

  it('sums each group over the window in cores; a thread that started during the window counts from zero', () => {
    const before = new Map([
      ['1/1', { group: 'gpu rasteriser threads', ticks: 1000 }],
      ['1/2', { group: 'gpu rasteriser threads', ticks: 500 }],
      ['2/1', { group: 'model workers', ticks: 50 }]
    ]);
    const after = new Map([
      ['1/1', { group: 'gpu rasteriser threads', ticks: 1600 }],
      ['1/2', { group: 'gpu rasteriser threads', ticks: 1100 }],
      ['2/1', { group: 'model workers', ticks: 350 }],
      ['2/9', { group: 'model workers', ticks: 100 }]
    ]);
    const shares = threadCpuShares(before, after, 10);
    expect(shares['gpu rasteriser threads']).toBe(1.2);
    expect(shares['model workers']).toBe(0.4);
    expect(shares['page main thread']).toBe(0);
  });

  it('gives null shares when there was nothing to read (no /proc)', () => {
    expect(threadCpuShares(new Map(), new Map(), 10)['model workers']).toBeNull();
  });
});
