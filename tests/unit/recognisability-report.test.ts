/**
 * `npm run recognise` keeps reporting what the subjects are measured by: bench/results/recognisability.json
 * holds, for every bundled model (static/models/index.json), the default view and the twelve-yaw ring
 * (top-1 and top-5 per subject, the mean top-1), and the README's recognisability section is that report.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRecognisability } from '../../bench/readme-table.mjs';

const ROOT = resolve(__dirname, '../..');
const report = JSON.parse(readFileSync(join(ROOT, 'bench/results/recognisability.json'), 'utf8'));
const bundled: { id: string; name: string }[] = JSON.parse(readFileSync(join(ROOT, 'static/models/index.json'), 'utf8')).models;
const SUBJECTS = ['dog', 'cat', 'fire truck', 'race car'];
const fraction = (x: unknown) => typeof x === 'number' && x >= 0 && x <= 1;

describe('the recognisability report', () => {
  it('names the bundled models', () => {
    expect(bundled.length).toBeGreaterThanOrEqual(2);
    expect(report.models.map((m: { id: string }) => m.id).sort()).toEqual(bundled.map((m) => m.id).sort());
  });

  it.each(bundled.map((m) => [m.id]))('has the ring of twelve yaws for %s', (id) => {
    expect(report.ring_view).toEqual({ yaws: Array.from({ length: 12 }, (_, k) => -180 + 30 * k), pitch: 20 });
    const ring = report.ring[id];
    expect(ring).toBeDefined();
    for (const s of SUBJECTS) {
      expect(fraction(ring[s].top1), `${s} top1`).toBe(true);
      expect(fraction(ring[s].top5), `${s} top5`).toBe(true);
      expect(ring[s].top5).toBeGreaterThanOrEqual(ring[s].top1);
      expect(Math.round(ring[s].top1 * 12) / 12).toBeCloseTo(ring[s].top1, 2);
    }
    const mean = SUBJECTS.reduce((sum, s) => sum + ring[s].top1, 0) / SUBJECTS.length;
    expect(ring.mean_top1).toBeCloseTo(mean, 2);
  });

  it.each(bundled.map((m) => [m.id]))('has the default view of every subject for %s', (id) => {
    const result = report.default_view.results[id];
    expect(result.subjects.map((s: { subject: string }) => s.subject)).toEqual(SUBJECTS);
    for (const s of result.subjects) expect(s.classes.length).toBe(5);
    expect(result.top1).toBe(result.subjects.filter((s: { top1: boolean }) => s.top1).length);
  });

  it("is what the README's recognisability section shows", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('<!-- recognise:start -->\n') + '<!-- recognise:start -->\n'.length;
    const end = readme.indexOf('\n<!-- recognise:end -->');
    expect(readme.slice(start, end)).toBe(renderRecognisability(report));
  });
});
