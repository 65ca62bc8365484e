/** The sweep editor's draft: what it turns into is what the definition checker reads, and back. */
import { describe, expect, it } from 'vitest';
import { defaultState } from '../../src/lib/state/schema';
import { validateDefinition } from '../../src/lib/experiments/definition';
import {
  currentSubject,
  draftCounts,
  draftFromDefinition,
  draftToRaw,
  newAxis,
  newDraft,
  splitList,
  subjectOptions,
  type DraftEnvironment,
  type SweepDraft
} from '../../src/lib/views/experiments/sweep-draft';

const env: DraftEnvironment = { base: defaultState(), currentSubject: { kind: 'procedural', name: 'dog' }, loadedIds: ['m1', 'm2'] };

function yawDraft(): SweepDraft {
  const draft = newDraft(env.loadedIds);
  draft.axes[0] = { ...draft.axes[0], from: -90, to: 90, steps: 4 };
  return draft;
}

describe('sweep draft', () => {
  it('a yaw range on the current subject and all loaded models is a valid definition', () => {
    const check = validateDefinition(draftToRaw(yawDraft(), env), { modelIds: ['m1', 'm2'] });
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.definition.axes[0]).toEqual({ kind: 'field', path: 'camera.yaw', values: { from: -90, to: 90, steps: 4 } });
    expect(check.definition.subject).toEqual({ kind: 'procedural', name: 'dog' });
    expect(check.definition.models).toEqual(['m1', 'm2']);
    expect(check.definition.truth).toEqual({ dog: { kind: 'class-set', id: 'dog' } });
    expect(draftCounts(yawDraft(), env.loadedIds)).toEqual({ points: 4, models: 2, cells: 8 });
  });

  it('half-filled inputs become the checker problems, naming the axis', () => {
    const draft = yawDraft();
    draft.axes[0].from = null;
    draft.axes.push({ ...newAxis('camera.pitch', env.loadedIds), numbers: 'list', list: '0, abc' });
    draft.models = [];
    const check = validateDefinition(draftToRaw(draft, env), { modelIds: ['m1'] });
    expect(check.ok).toBe(false);
    const problems = check.ok ? [] : check.problems.join('\n');
    expect(problems).toMatch(/Axis 1 \(Yaw, camera\.yaw\): "from" must be a finite number/);
    expect(problems).toMatch(/Axis 2 \(Pitch, camera\.pitch\), value 2: expected a number/);
    expect(problems).toMatch(/Models: needs a list of at least one model/);
  });

  it('choices, toggles, colours, subject and model axes read back as the same draft', () => {
    const draft = newDraft(env.loadedIds);
    draft.axes = [
      { ...newAxis('background.mode', env.loadedIds), options: ['none', 'environment'] },
      { ...newAxis('camera.yaw', ['m2', 'm1'], 'model') }
    ];
    const check = validateDefinition(draftToRaw(draft, env), { modelIds: ['m1', 'm2'] });
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.definition.axes).toEqual([
      { kind: 'field', path: 'background.mode', values: ['none', 'environment'] },
      { kind: 'model', models: ['m2', 'm1'] }
    ]);
    expect(check.definition.models).toEqual([]);
    const back = draftFromDefinition(check.definition);
    expect(back.axes[0].options).toEqual(['none', 'environment']);
    expect(back.axes[1]).toMatchObject({ kind: 'model', models: ['m2', 'm1'] });
    expect(back.base).toEqual(check.definition.base);
    expect(draftCounts(back, env.loadedIds)).toEqual({ points: 4, models: 1, cells: 4 });

    const toggles = newDraft(env.loadedIds);
    toggles.axes = [
      { ...newAxis('lighting.shadows', []), options: ['off'] },
      { ...newAxis('lighting.color', []), list: '#FF8800, ffffff' }
    ];
    const t = validateDefinition(draftToRaw(toggles, env));
    expect(t.ok && t.definition.axes).toEqual([
      { kind: 'field', path: 'lighting.shadows', values: [false] },
      { kind: 'field', path: 'lighting.color', values: ['ff8800', 'ffffff'] }
    ]);
    if (t.ok) expect(draftFromDefinition(t.definition).axes.map((a) => [a.options, a.list])).toEqual([[['off'], ''], ['all', 'ff8800, ffffff']]);
  });

  it('a subject axis takes the truth of each shown subject; list values keep their order', () => {
    const draft = newDraft(env.loadedIds);
    draft.axes = [
      { ...newAxis('camera.yaw', [], 'subject'), subjects: [{ kind: 'procedural', name: 'cat' }, { kind: 'sample', file: 'bird.jpg' }] },
      { ...newAxis('camera.yaw', []), numbers: 'list', list: '30, -30' }
    ];
    draft.truth = { cat: { kind: 'labels', labels: ['tabby'] }, dog: { kind: 'none' } };
    const check = validateDefinition(draftToRaw(draft, env));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.definition.subject).toBeUndefined();
    expect(check.definition.truth).toEqual({ cat: { kind: 'labels', labels: ['tabby'] }, 'sample:bird.jpg': { kind: 'none' } });
    expect(check.definition.axes[1]).toEqual({ kind: 'field', path: 'camera.yaw', values: [30, -30] });
  });

  it('names the current subject and lists the subjects a sweep can show', () => {
    const state = defaultState();
    expect(currentSubject(state, { gltf: null, photo: null })).toEqual({ kind: 'procedural', name: 'dog' });
    state.subject.pair = 'vehicle';
    state.subject.shape = 1;
    expect(currentSubject(state, { gltf: null, photo: null })).toEqual({ kind: 'procedural', name: 'race car' });
    state.subject.source = 'photo';
    expect(currentSubject(state, { gltf: null, photo: 'kitten.jpg' })).toEqual({ kind: 'sample', file: 'kitten.jpg' });
    expect(currentSubject(state, { gltf: null, photo: 'me.png' })).toEqual({ kind: 'user', id: 'photo', source: 'photo' });
    const keys = subjectOptions({ gltf: 'car.glb', photo: 'kitten.jpg' }).map((o) => o.key);
    expect(keys).toEqual(['dog', 'cat', 'fire truck', 'race car', 'sample:bird.jpg', 'sample:kitten.jpg', 'user:gltf']);
    expect(splitList(' 1, 2 ,,3, ')).toEqual(['1', '2', '3']);
  });
});
