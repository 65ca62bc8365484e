import { describe, expect, it } from 'vitest';
import { PredictionStats } from '../../src/lib/pipeline/stats';
import { RestartPolicy } from '../../src/lib/pipeline/restart-policy';

describe('PredictionStats', () => {
  it('reports predictions per second over its window', () => {
    const s = new PredictionStats(2000);
    for (let t = 0; t <= 1000; t += 100) s.record(t, { p: 0.5, label: 'robin' });
    expect(s.rate(1000)).toBeCloseTo(11, 0);
    // Nothing new for 3 s: the rate falls to zero (a still scene does not predict).
    expect(s.rate(4000)).toBe(0);
  });

  it('keeps a bounded top-1 history for the sparkline', () => {
    const s = new PredictionStats(2000, 5);
    for (let i = 0; i < 8; i++) s.record(i, { p: i / 10, label: `c${i}` });
    expect(s.history.map((h) => h.label)).toEqual(['c3', 'c4', 'c5', 'c6', 'c7']);
  });
});

describe('RestartPolicy', () => {
  it('backs off and gives up after too many crashes in a minute', () => {
    const r = new RestartPolicy(3, 60_000);
    expect(r.next(0)).toBe(250);
    expect(r.next(10)).toBe(500);
    expect(r.next(20)).toBe(1000);
    expect(r.next(30)).toBeNull();
    // A minute later the worker may be restarted again.
    expect(r.next(70_000)).toBe(250);
  });
});
