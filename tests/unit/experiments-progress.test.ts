/** A run's order and pace (experiments/progress.ts): cells grouped by point, points per second, time left. */
import { describe, expect, it } from 'vitest';
import { cellsByPoint, sweepPace } from '../../src/lib/experiments/progress';
import { validateDefinition } from '../../src/lib/experiments/definition';
import { enumerateCells } from '../../src/lib/experiments/points';
import { missingCells } from '../../src/lib/experiments/results';
import { gridSweep, yawSweep } from './experiments-fixtures';

describe('cellsByPoint', () => {
  it('groups a whole run point by point, each with its models in order', () => {
    const batches = cellsByPoint([...enumerateCells(gridSweep())]);
    expect(batches).toHaveLength(6);
    expect(batches[0]).toEqual({ point: 0, models: ['m1', 'm2'] });
    expect(batches.map((b) => b.point)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('resumes with only the missing cells, in run order, each once', () => {
    const def = gridSweep();
    const done = [
      { point: 0, model: 'm1' },
      { point: 0, model: 'm2' },
      { point: 1, model: 'm1' },
      { point: 3, model: 'm2' }
    ];
    const batches = cellsByPoint(missingCells(def, done));
    expect(batches).toEqual([
      { point: 1, models: ['m2'] },
      { point: 2, models: ['m1', 'm2'] },
      { point: 3, models: ['m1'] },
      { point: 4, models: ['m1', 'm2'] },
      { point: 5, models: ['m1', 'm2'] }
    ]);
    const cells = batches.flatMap((b) => b.models.map((model) => ({ point: b.point, model })));
    expect(missingCells(def, [...done, ...cells])).toEqual([]);
  });

  it('does a cell given twice once', () => {
    expect(cellsByPoint([{ point: 2, model: 'a' }, { point: 2, model: 'a' }, { point: 1, model: 'a' }])).toEqual([
      { point: 2, models: ['a'] },
      { point: 1, models: ['a'] }
    ]);
  });

  it('follows a model axis: one model per point', () => {
    const check = validateDefinition(yawSweep({ models: [], axes: [{ kind: 'model', models: ['m1', 'm2'] }, { kind: 'field', path: 'camera.yaw', values: [0, 90] }] }));
    if (!check.ok) throw new Error(check.problems.join('\n'));
    expect(cellsByPoint([...enumerateCells(check.definition)])).toEqual([
      { point: 0, models: ['m1'] },
      { point: 1, models: ['m1'] },
      { point: 2, models: ['m2'] },
      { point: 3, models: ['m2'] }
    ]);
  });
});

describe('sweepPace', () => {
  it('is points per second of this session and the time the rest takes at it', () => {
    expect(sweepPace(10, 30, 5000)).toEqual({ pointsPerSecond: 2, secondsLeft: 15 });
  });

  it('knows no pace before the first point', () => {
    expect(sweepPace(0, 30, 0)).toEqual({ pointsPerSecond: 0, secondsLeft: null });
    expect(sweepPace(0, 0, 0)).toEqual({ pointsPerSecond: 0, secondsLeft: 0 });
  });
});
