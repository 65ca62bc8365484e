/** Sweep points: cartesian product in a stable order, full states, counts; links and files round-trip. */
import { describe, expect, it } from 'vitest';
import { getField } from '../../src/lib/state/schema';
import { definitionJson, parseDefinitionJson, validateDefinition, type SweepDefinition } from '../../src/lib/experiments/definition';
import { cellCount, enumerateCells, enumeratePoints, isCellOf, pointAt, pointCount } from '../../src/lib/experiments/points';
import { decodeDefinition, encodeDefinition, sweepFromSearch, withSweepParam } from '../../src/lib/experiments/share';
import { gridSweep, yawSweep } from './experiments-fixtures';

function checked(raw: unknown): SweepDefinition {
  const check = validateDefinition(raw);
  if (!check.ok) throw new Error(check.problems.join('\n'));
  return check.definition;
}

const summary = (def: SweepDefinition) =>
  [...enumeratePoints(def)].map((p) => [p.index, p.values, p.model, JSON.stringify(p.state)]);

describe('points', () => {
  it('enumerates the cartesian product, first axis outermost, each with its full state', () => {
    const def = gridSweep();
    const points = [...enumeratePoints(def)];
    expect(points.map((p) => p.values)).toEqual([
      [0, 'dog'], [0, 'fire truck'], [90, 'dog'], [90, 'fire truck'], [180, 'dog'], [180, 'fire truck']
    ]);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    const truck = points[3].state;
    expect([getField(truck, 'camera.yaw'), getField(truck, 'subject.pair'), getField(truck, 'subject.shape')]).toEqual([90, 'vehicle', 0]);
    expect(getField(truck, 'camera.pitch')).toBe(getField(def.base, 'camera.pitch'));
    expect(getField(def.base, 'camera.yaw')).toBe(30);
  });

  it('applies the field axes after the subject (a morph axis moves a procedural subject from its end)', () => {
    const def = checked(yawSweep({ subject: { kind: 'procedural', name: 'cat' }, axes: [{ kind: 'field', path: 'subject.shape', values: [0, 0.5] }] }));
    expect([...enumeratePoints(def)].map((p) => [getField(p.state, 'subject.shape'), getField(p.state, 'subject.texture')])).toEqual([[0, 1], [0.5, 1]]);
  });

  it('counts points and cells without listing them, and pointAt agrees with the listing', () => {
    const def = gridSweep();
    expect(pointCount(def)).toBe(6);
    expect(cellCount(def)).toBe(12);
    expect([...enumerateCells(def)].length).toBe(12);
    for (const p of enumeratePoints(def)) expect(pointAt(def, p.index)).toEqual(p);
    expect(() => pointAt(def, 6)).toThrow(/No point 6: the sweep has 6 points/);
    const big = checked(yawSweep({ axes: [{ kind: 'field', path: 'camera.yaw', values: { from: -180, to: 180, steps: 200 } }, { kind: 'field', path: 'camera.pitch', values: { from: -80, to: 80, steps: 100 } }] }));
    expect(pointCount(big)).toBe(20_000);
    expect(pointAt(big, 12_345).values).toEqual([pointAt(big, 12_300).values[0], pointAt(big, 45).values[1]]);
  });

  it('runs each point of a model axis on its one model', () => {
    const def = checked(yawSweep({ axes: [{ kind: 'model', models: ['ckpt-1', 'ckpt-2', 'ckpt-3'] }, { kind: 'field', path: 'camera.yaw', values: [0, 90] }], models: [] }));
    expect(cellCount(def)).toBe(6);
    expect([...enumerateCells(def)].map((c) => `${c.point}:${c.model}`)).toEqual(['0:ckpt-1', '1:ckpt-1', '2:ckpt-2', '3:ckpt-2', '4:ckpt-3', '5:ckpt-3']);
    expect(pointAt(def, 3).model).toBe('ckpt-2');
    expect([isCellOf(def, { point: 3, model: 'ckpt-2' }), isCellOf(def, { point: 3, model: 'ckpt-1' }), isCellOf(def, { point: 6, model: 'ckpt-3' })]).toEqual([true, false, false]);
  });

  it('sets a photo subject\'s source', () => {
    const def = checked(yawSweep({ subject: { kind: 'sample', file: 'kitten.jpg' } }));
    expect(getField(pointAt(def, 0).state, 'subject.source')).toBe('photo');
  });
});

describe('sharing and files', () => {
  it('a link round-trips to the same points', () => {
    const def = gridSweep();
    const search = withSweepParam('?camera.yaw=10', def);
    expect(search).toMatch(/^\?camera.yaw=10&sweep=[A-Za-z0-9_-]+$/);
    const back = sweepFromSearch(search);
    expect(back?.ok).toBe(true);
    if (!back?.ok) return;
    expect(summary(back.definition)).toEqual(summary(def));
    expect(sweepFromSearch('?camera.yaw=10')).toBeNull();
  });

  it('keeps non-ASCII names through the link', () => {
    const def = { ...gridSweep(), name: 'Gieren – 90° ✓' };
    const back = decodeDefinition(encodeDefinition(def));
    expect(back.ok && back.definition.name).toBe('Gieren – 90° ✓');
  });

  it('an exported definition file re-imported gives the same points', () => {
    const def = checked(yawSweep());
    const back = parseDefinitionJson(definitionJson(def));
    expect(back.ok && summary(back.definition)).toEqual(summary(def));
  });

  it('says a cut-short or mangled link could not be read; checks the linked definition like a file', () => {
    const param = encodeDefinition(gridSweep());
    const cut = decodeDefinition(param.slice(0, param.length - 7));
    expect(cut.ok).toBe(false);
    expect(!cut.ok && cut.problems[0]).toMatch(/^The sweep in the link could not be read/);
    expect(!decodeDefinition('%%%').ok).toBe(true);
    const unknown = decodeDefinition(param, { modelIds: ['m1'] });
    expect(!unknown.ok && unknown.problems).toEqual(['Model "m2" is not loaded: it is unknown here or was removed.']);
  });
});
