/** Sweep definitions shared by the experiments tests. */
import { defaultState } from '../../src/lib/state/schema';
import type { SweepDefinition } from '../../src/lib/experiments/definition';

/** A raw (unchecked) definition: yaw −180..180 in 9 steps on the dog, two models. */
export function yawSweep(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 1,
    name: 'Yaw sweep',
    base: defaultState(),
    subject: { kind: 'procedural', name: 'dog' },
    axes: [{ kind: 'field', path: 'camera.yaw', values: { from: -180, to: 180, steps: 9 } }],
    truth: {},
    models: ['m1', 'm2'],
    ...extra
  };
}

/** A checked two-axis definition: 3 yaws × the subjects dog and fire truck, on two models. */
export function gridSweep(): SweepDefinition {
  return {
    version: 1,
    name: 'Grid',
    base: defaultState(),
    axes: [
      { kind: 'field', path: 'camera.yaw', values: [0, 90, 180] },
      { kind: 'subject', subjects: [{ kind: 'procedural', name: 'dog' }, { kind: 'procedural', name: 'fire truck' }] }
    ],
    truth: { dog: { kind: 'class-set', id: 'dog' }, 'fire truck': { kind: 'class-set', id: 'fire truck' } },
    models: ['m1', 'm2']
  };
}

import { pointMetrics } from '../../src/lib/experiments/metrics';
import { enumerateCells, pointAt } from '../../src/lib/experiments/points';
import { resultRow, type ResultRow, type RunRecord } from '../../src/lib/experiments/results';
import { truthOf } from '../../src/lib/experiments/definition';

const LABELS = ['fire engine, fire truck', 'tabby, tabby cat', 'golden retriever', 'racer, race car, racing car', 'say "cheese"', 'beagle'];

/** A deterministic row for every cell of `def` (labels with commas and quotes; awkward floats). */
export function fakeRows(def: SweepDefinition): ResultRow[] {
  return [...enumerateCells(def)].map((cell, n) => {
    const weights = LABELS.map((_, i) => ((n * 7 + i * 13) % 11) + 1 / (i + 3));
    const sum = weights.reduce((a, b) => a + b, 0);
    const top = LABELS.map((label, i) => ({ label, probability: weights[i] / sum }));
    const metrics = pointMetrics({ top }, truthOf(def, pointAt(def, cell.point).subject));
    return resultRow(cell, metrics, 3.1 + n / 7);
  });
}

export function fakeRun(def: SweepDefinition, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run-1',
    name: 'A run',
    definition: def,
    appVersion: '0.1.0',
    models: def.models.map((id) => ({ id, name: `Model ${id}, v2`, weightsHash: `hash-${id}`, backend: 'webgl' as const })),
    createdAt: 1000,
    updatedAt: 1000,
    status: 'complete',
    ...extra
  };
}
