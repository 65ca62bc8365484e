/** The plots' data: series per model (means along an axis), heatmap cells, top-1 strips and which figures a run gets. */
import { describe, expect, it } from 'vitest';
import { validateDefinition, type SweepDefinition } from '../../src/lib/experiments/definition';
import {
  heatmapCells,
  lineSeries,
  overlayProblem,
  plotAxes,
  plotPlan,
  plotRows,
  pointSummary,
  runLabels,
  stripCells,
  type PlotSource
} from '../../src/lib/experiments/plot-data';
import type { ResultRow } from '../../src/lib/experiments/results';
import { fakeRows, fakeRun, gridSweep, yawSweep } from './experiments-fixtures';

function checked(raw: Record<string, unknown>): SweepDefinition {
  const c = validateDefinition(raw);
  if (!c.ok) throw new Error(c.problems.join('\n'));
  return c.definition;
}

function source(def: SweepDefinition, rows: ResultRow[] = fakeRows(def), extra = {}): PlotSource {
  return { run: fakeRun(def, extra), rows };
}

/** Rows with p(truth) (point + 1) / 10 on m1 and 0.5 on m2; m1 right at even points, m2 never. */
function gridRows(def: SweepDefinition): ResultRow[] {
  return fakeRows(def).map((r) => ({
    ...r,
    pTruth: r.model === 'm1' ? (r.point + 1) / 10 : 0.5,
    correctAt1: r.model === 'm1' ? r.point % 2 === 0 : false,
    top: r.model === 'm1' ? [{ label: r.point < 2 ? 'beagle' : 'tabby, tabby cat', probability: 0.6 }, ...r.top.slice(1)] : r.top
  }));
}

const names = (src: PlotSource[], metric?: Parameters<typeof plotPlan>[1]) => {
  const plan = plotPlan(src, metric);
  if (!plan.ok) throw new Error(plan.problem);
  return plan.figures.map((f) => `${f.kind}:${f.name}`);
};

describe('plot axes', () => {
  it('reads an angle from a degree field that spans 180° or more', () => {
    const [yaw] = plotAxes(fakeRun(checked(yawSweep())));
    expect(yaw).toMatchObject({ name: 'camera.yaw', label: 'Yaw (°)', kind: 'number', angle: true });
    expect(yaw.values).toEqual([-180, -135, -90, -45, 0, 45, 90, 135, 180]);
    const narrow = checked(yawSweep({ axes: [{ kind: 'field', path: 'camera.yaw', values: { from: 0, to: 90, steps: 4 } }] }));
    expect(plotAxes(fakeRun(narrow))[0].angle).toBe(false);
    const blur = checked(yawSweep({ axes: [{ kind: 'field', path: 'image.blur', values: { from: 0, to: 12, steps: 4 } }] }));
    expect(plotAxes(fakeRun(blur))[0]).toMatchObject({ label: 'Gaussian blur (px)', angle: false, texts: ['0px', '4px', '8px', '12px'] });
    const fine = checked(yawSweep({ axes: [{ kind: 'field', path: 'image.blur', values: { from: 0, to: 12, steps: 100 } }] }));
    expect(plotAxes(fakeRun(fine))[0].texts.slice(0, 3)).toEqual(['0px', '0.12px', '0.24px']);
  });

  it('reads subjects, toggles and models as categories in axis order', () => {
    const [, subject] = plotAxes(fakeRun(gridSweep()));
    expect(subject).toMatchObject({ kind: 'category', label: 'Subject', texts: ['dog', 'fire truck'] });
    const toggle = checked(yawSweep({ axes: [{ kind: 'field', path: 'lighting.shadows', values: 'all' }] }));
    expect(plotAxes(fakeRun(toggle))[0].texts).toEqual(['off', 'on']);
  });
});

describe('line series', () => {
  it('has one series per model along a one-axis run, x in axis order', () => {
    const def = checked(yawSweep());
    const src = source(def);
    const rows = plotRows(src);
    const axis = plotAxes(src.run)[0];
    const series = lineSeries(rows, axis, 'pTruth');
    expect([...new Set(series.map((p) => p.series))]).toEqual(['0:m1', '0:m2']);
    const m1 = series.filter((p) => p.model === 'm1');
    expect(m1.map((p) => p.x)).toEqual(axis.values);
    expect(m1.map((p) => p.value)).toEqual(src.rows.filter((r) => r.model === 'm1').map((r) => r.pTruth));
    expect(m1.every((p) => p.count === 1)).toBe(true);
  });

  it('takes the mean over the other axis of a two-axis run', () => {
    const def = gridSweep();
    const rows = plotRows(source(def, gridRows(def)));
    const [yaw, subject] = plotAxes(fakeRun(def));
    const byYaw = lineSeries(rows, yaw, 'pTruth');
    expect(byYaw.filter((p) => p.model === 'm1').map((p) => [p.x, +p.value.toFixed(6), p.count, p.point])).toEqual([
      [0, 0.15, 2, 0],
      [90, 0.35, 2, 2],
      [180, 0.55, 2, 4]
    ]);
    expect(byYaw.filter((p) => p.model === 'm2').map((p) => p.value)).toEqual([0.5, 0.5, 0.5]);
    // The dog is at the even points (m1 right there), the fire truck at the odd ones.
    const correct = lineSeries(rows, subject, 'correctAt1').filter((p) => p.model === 'm1');
    expect(correct.map((p) => [p.x, p.value])).toEqual([
      ['dog', 1],
      ['fire truck', 0]
    ]);
    expect(+lineSeries(rows, subject, 'pTruth').find((p) => p.model === 'm1' && p.x === 'dog')!.value.toFixed(6)).toBe(0.3);
  });

  it('draws one series over the checkpoints of a model axis, in axis order', () => {
    const def = checked(yawSweep({ axes: [{ kind: 'model', models: ['c3', 'c1', 'c2'] }], models: [] }));
    const src = source(def);
    const axis = plotAxes(src.run)[0];
    expect(axis.kind).toBe('model');
    const series = lineSeries(plotRows(src), axis, 'entropy');
    expect(series.map((p) => [p.series, p.model, p.x])).toEqual([
      ['0:models', 'c3', 'c3'],
      ['0:models', 'c1', 'c1'],
      ['0:models', 'c2', 'c2']
    ]);
    expect(series.map((p) => p.value)).toEqual(src.rows.map((r) => r.entropy));
  });
});

describe('heatmaps and strips', () => {
  it('gives each model its cells of a two-axis run', () => {
    const def = gridSweep();
    const rows = plotRows(source(def, gridRows(def)));
    const cells = heatmapCells(rows, 'pTruth', 'm1');
    expect(cells.map((c) => [c.x, c.y, c.value])).toEqual([
      [0, 'dog', 0.1],
      [0, 'fire truck', 0.2],
      [90, 'dog', 0.3],
      [90, 'fire truck', 0.4],
      [180, 'dog', 0.5],
      [180, 'fire truck', 0.6]
    ]);
  });

  it('names the most frequent top-1 class along an axis, per model', () => {
    const def = gridSweep();
    const rows = plotRows(source(def, gridRows(def)));
    const strip = stripCells(rows, plotAxes(fakeRun(def))[0]).filter((c) => c.model === 'm1');
    expect(strip.map((c) => [c.x, c.label, c.share])).toEqual([
      [0, 'beagle', 1],
      [90, 'tabby, tabby cat', 1],
      [180, 'tabby, tabby cat', 1]
    ]);
  });
});

describe('which figures a run gets', () => {
  it('a one-axis yaw run: four line plots, a polar plot and a top-1 strip', () => {
    expect(names([source(checked(yawSweep()))])).toEqual([
      'line:p-truth-by-camera-yaw',
      'line:correct-at-1-by-camera-yaw',
      'line:correct-at-5-by-camera-yaw',
      'line:entropy-by-camera-yaw',
      'polar:p-truth-polar-by-camera-yaw',
      'strip:top-1-by-camera-yaw'
    ]);
    expect(names([source(checked(yawSweep()))], 'entropy')).toContain('polar:entropy-polar-by-camera-yaw');
  });

  it('a two-axis run: lines along each axis and a heatmap per model', () => {
    const def = gridSweep();
    const figures = names([source(def)], 'correctAt5');
    expect(figures.filter((f) => f.startsWith('heatmap'))).toEqual([
      'heatmap:correct-at-5-by-camera-yaw-and-subject-model-m1-v2',
      'heatmap:correct-at-5-by-camera-yaw-and-subject-model-m2-v2'
    ]);
    expect(figures.filter((f) => f.startsWith('line')).length).toBe(8);
    expect(figures).toContain('line:entropy-by-subject');
    expect(figures).toContain('strip:top-1-by-subject');
  });

  it('a run without truth plots confidence and no correctness', () => {
    const def = checked(yawSweep({ subject: { kind: 'sample', file: 'kitten.jpg' }, axes: [{ kind: 'field', path: 'image.noise', values: [0, 0.1, 0.2] }] }));
    expect(names([source(def)])).toEqual(['line:confidence-by-image-noise', 'line:entropy-by-image-noise', 'strip:top-1-by-image-noise']);
  });

  it('a model axis with a field axis: one heatmap with the models along an axis', () => {
    const def = checked(yawSweep({ axes: [{ kind: 'field', path: 'image.blur', values: [0, 2] }, { kind: 'model', models: ['c1', 'c2'] }], models: [] }));
    expect(names([source(def)]).filter((f) => f.startsWith('heatmap'))).toEqual(['heatmap:p-truth-by-image-blur-and-model']);
  });
});

describe('two runs overlaid', () => {
  it('keeps each run apart in the series and plans heatmaps per run', () => {
    const def = gridSweep();
    const a = source(def);
    const b = source(def, fakeRows(def), { id: 'run-2', name: 'Other run' });
    const rows = [...plotRows(a, 0), ...plotRows(b, 1)];
    const series = new Set(lineSeries(rows, plotAxes(a.run)[0], 'pTruth').map((p) => p.series));
    expect([...series]).toEqual(['0:m1', '0:m2', '1:m1', '1:m2']);
    expect(names([a, b]).filter((f) => f.startsWith('heatmap')).length).toBe(4);
  });

  it('offers only the metrics both runs have, and tells runs of one name apart', () => {
    const def = checked(yawSweep());
    const none = checked(yawSweep({ truth: { dog: 'none' } }));
    const plan = plotPlan([source(def), source(none, fakeRows(none), { id: 'run-2' })]);
    expect(plan.ok && plan.metrics).toEqual(['confidence', 'entropy']);
    expect(plan.ok && plan.figures.map((f) => f.name)).toEqual(['confidence-by-camera-yaw', 'entropy-by-camera-yaw', 'confidence-polar-by-camera-yaw', 'top-1-by-camera-yaw']);
    expect(runLabels([source(def), source(def)])).toEqual(['A run (1)', 'A run (2)']);
  });

  it('says so instead of overlaying runs whose axes differ', () => {
    const a = source(checked(yawSweep()));
    const b = source(gridSweep(), undefined, { name: 'Grid run' });
    const plan = plotPlan([a, b]);
    expect(plan.ok).toBe(false);
    expect(overlayProblem([a, b])).toMatch(/camera\.yaw \(9 values\).*camera\.yaw \(3 values\) × subject \(2 values\).*not overlaid/);
  });
});

describe('point summary', () => {
  it('lists the axis values and each model’s top-5', () => {
    const def = gridSweep();
    const s = pointSummary(source(def), 3);
    expect(s.values).toEqual([
      { axis: 'Yaw', text: '90°' },
      { axis: 'Subject', text: 'fire truck' }
    ]);
    expect(s.models.map((m) => [m.name, m.top.length])).toEqual([
      ['Model m1, v2', 5],
      ['Model m2, v2', 5]
    ]);
  });
});
