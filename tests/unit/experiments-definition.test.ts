/** Sweep definitions: a good one is read and normalised; every bad input gets a problem naming it. */
import { describe, expect, it } from 'vitest';
import { defaultState } from '../../src/lib/state/schema';
import {
  definitionJson,
  parseDefinitionJson,
  validateDefinition,
  type DefinitionCheck
} from '../../src/lib/experiments/definition';
import { rangeValues } from '../../src/lib/experiments/axes';
import { yawSweep } from './experiments-fixtures';

function problems(check: DefinitionCheck): string[] {
  expect(check.ok).toBe(false);
  return check.ok ? [] : check.problems;
}

const yaw = (values: unknown) => ({ axes: [{ kind: 'field', path: 'camera.yaw', values }] });

describe('validateDefinition', () => {
  it('reads a good definition and fills in the default truth of its subject', () => {
    const check = validateDefinition(yawSweep(), { modelIds: ['m1', 'm2'] });
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.definition.truth).toEqual({ dog: { kind: 'class-set', id: 'dog' } });
    expect(check.definition.models).toEqual(['m1', 'm2']);
    expect(check.definition.axes[0]).toEqual({ kind: 'field', path: 'camera.yaw', values: { from: -180, to: 180, steps: 9 } });
  });

  it('reads choices as all options or chosen ones, toggles as all, and checks each value', () => {
    const check = validateDefinition(
      yawSweep({
        axes: [
          { kind: 'field', path: 'background.environment', values: ['park', 'city'] },
          { kind: 'field', path: 'lighting.shadows', values: 'all' }
        ]
      })
    );
    expect(check.ok).toBe(true);
    const bad = problems(validateDefinition(yawSweep({ axes: [{ kind: 'field', path: 'background.environment', values: ['park', 'moon'] }] })));
    expect(bad[0]).toMatch(/Axis 1 \(Environment, background.environment\), value 2: "moon" is not one of apartment/);
  });

  it('names an unknown field', () => {
    expect(problems(validateDefinition(yawSweep({ axes: [{ kind: 'field', path: 'camera.zoom', values: [1] }] })))).toEqual([
      'Axis 1: unknown field "camera.zoom" (not a setting of this app\'s scene state).'
    ]);
  });

  it('names the axis whose range runs from > to', () => {
    const p = problems(validateDefinition(yawSweep({ axes: [{ kind: 'field', path: 'camera.pitch', values: [0] }, { kind: 'field', path: 'camera.yaw', values: { from: 90, to: -90, steps: 5 } }] })));
    expect(p).toEqual([expect.stringMatching(/^Axis 2 \(Yaw, camera.yaw\): from 90 is greater than to -90/)]);
  });

  it('refuses 0 points', () => {
    expect(problems(validateDefinition(yawSweep(yaw([]))))[0]).toMatch(/Axis 1 \(Yaw, camera.yaw\): has no values \(0 points\)/);
    expect(problems(validateDefinition(yawSweep({ axes: [{ kind: 'subject', subjects: [] }] })))[0]).toMatch(/0 points/);
    expect(problems(validateDefinition(yawSweep({ axes: [] })))[0]).toMatch(/one or two axes; this one has 0/);
  });

  it('refuses more than 20,000 points, saying how many', () => {
    const p = problems(
      validateDefinition(
        yawSweep({
          axes: [
            { kind: 'field', path: 'camera.yaw', values: { from: -180, to: 180, steps: 200 } },
            { kind: 'field', path: 'camera.pitch', values: { from: -80, to: 80, steps: 101 } }
          ]
        })
      )
    );
    expect(p).toEqual(['The sweep has 20,200 points (200 × 101); at most 20,000 are allowed.']);
  });

  it('refuses NaN and other non-finite numbers, in lists and ranges', () => {
    expect(problems(validateDefinition(yawSweep(yaw([0, NaN])))))
      .toEqual([expect.stringMatching(/Axis 1 \(Yaw, camera.yaw\), value 2: .*expected a number, got NaN/)]);
    expect(problems(validateDefinition(yawSweep(yaw({ from: 0, to: Infinity, steps: 3 })))))
      .toEqual([expect.stringMatching(/"to" must be a finite number, got Infinity/)]);
    expect(problems(validateDefinition(yawSweep(yaw({ from: 0, to: 10, steps: 2.5 })))))
      .toEqual([expect.stringMatching(/"steps" must be a whole number/)]);
  });

  it('refuses values outside the field\'s range instead of clamping them', () => {
    expect(problems(validateDefinition(yawSweep(yaw([0, 200]))))).toEqual([
      'Axis 1 (Yaw, camera.yaw), value 2: 200 is outside -180..180.'
    ]);
  });

  it('refuses repeated values', () => {
    expect(problems(validateDefinition(yawSweep(yaw([10, 10]))))[0]).toMatch(/lists 10 more than once/);
    expect(problems(validateDefinition(yawSweep(yaw({ from: 5, to: 5, steps: 3 }))))[0]).toMatch(/would repeat one value/);
  });

  it('names an unknown or removed model', () => {
    expect(problems(validateDefinition(yawSweep({ models: ['m1', 'gone'] }), { modelIds: ['m1'] }))).toEqual([
      'Model "gone" is not loaded: it is unknown here or was removed.'
    ]);
    const axis = yawSweep({ axes: [{ kind: 'model', models: ['ckpt-1', 'ckpt-2'] }], models: [] });
    expect(problems(validateDefinition(axis, { modelIds: ['ckpt-1'] }))).toEqual(['Model "ckpt-2" is not loaded: it is unknown here or was removed.']);
    expect(problems(validateDefinition(yawSweep({ models: [] })))[0]).toMatch(/Models: needs a list of at least one model/);
  });

  it('names a subject that no longer exists', () => {
    const def = yawSweep({
      axes: [{ kind: 'subject', subjects: [{ kind: 'procedural', name: 'cat' }, { kind: 'user', id: 'u1', source: 'gltf' }, { kind: 'sample', file: 'bird.jpg' }] }]
    });
    expect(problems(validateDefinition(def, { subjectKeys: ['sample:bird.jpg'] }))).toEqual([
      'Subject "user:u1" no longer exists (it was removed, or is stored in another browser).'
    ]);
    expect(problems(validateDefinition(yawSweep({ subject: { kind: 'procedural', name: 'horse' } })))[0]).toMatch(/no procedural subject "horse"/);
  });

  it('refuses a definition of another version, and a base scene of another schema version', () => {
    expect(problems(validateDefinition(yawSweep({ version: 2 })))).toEqual(['The sweep definition is version 2; this app reads version 1.']);
    expect(problems(validateDefinition(yawSweep({ base: { ...defaultState(), version: 0 } })))).toEqual([
      'The base scene is for scene schema version 0; this app reads version 1.'
    ]);
  });

  it('reads the truth: a class set, chosen labels, none; refuses an unknown class set', () => {
    const def = yawSweep({
      axes: [{ kind: 'subject', subjects: [{ kind: 'procedural', name: 'cat' }, { kind: 'sample', file: 'bird.jpg' }, { kind: 'sample', file: 'kitten.jpg' }] }],
      truth: { cat: 'none', 'sample:bird.jpg': { kind: 'labels', labels: ['goldfinch, Carduelis carduelis'] } }
    });
    const check = validateDefinition(def);
    expect(check.ok && check.definition.truth).toEqual({
      cat: { kind: 'none' },
      'sample:bird.jpg': { kind: 'labels', labels: ['goldfinch, Carduelis carduelis'] },
      'sample:kitten.jpg': { kind: 'none' }
    });
    const short = validateDefinition(yawSweep({ truth: { dog: 'cat', other: 'none' } }));
    expect(short.ok && short.definition.truth).toEqual({ dog: { kind: 'class-set', id: 'cat' } });
    const labels = validateDefinition(yawSweep({ truth: { dog: ['beagle'] } }));
    expect(labels.ok && labels.definition.truth).toEqual({ dog: { kind: 'labels', labels: ['beagle'] } });
    expect(problems(validateDefinition(yawSweep({ truth: { dog: [] } })))[0]).toMatch(/needs at least one label/);
    expect(problems(validateDefinition(yawSweep({ truth: { dog: { kind: 'class-set', id: 'wolf' } } })))[0]).toMatch(/Truth of subject "dog": there is no class set "wolf"/);
  });

  it('refuses two axes over the same thing, and a field axis the subject axis sets', () => {
    expect(problems(validateDefinition(yawSweep({ axes: [yaw([0]).axes[0], yaw([1]).axes[0]] })))[0]).toMatch(/both sweep the field camera.yaw/);
    const fight = yawSweep({ axes: [{ kind: 'subject', subjects: [{ kind: 'procedural', name: 'dog' }] }, { kind: 'field', path: 'subject.pair', values: 'all' }] });
    expect(problems(validateDefinition(fight))[0]).toMatch(/Axis 2 sweeps subject.pair, which the subject axis sets/);
  });

  it('lists every problem at once', () => {
    expect(problems(validateDefinition(yawSweep({ name: ' ', models: ['x'], ...yaw([NaN]) }), { modelIds: [] })).length).toBe(3);
  });
});

describe('definition files', () => {
  it('round-trips through its JSON', () => {
    const check = validateDefinition(yawSweep());
    if (!check.ok) throw new Error(check.problems.join());
    const back = parseDefinitionJson(definitionJson(check.definition));
    expect(back).toEqual(check);
  });

  it('says a corrupt file is not valid JSON', () => {
    expect(problems(parseDefinitionJson('{"version": 1, "name": '))[0]).toMatch(/^The sweep definition is not valid JSON \(/);
    expect(problems(parseDefinitionJson('[1, 2]'))).toEqual(['A sweep definition must be an object.']);
  });
});

describe('rangeValues', () => {
  it('spaces the steps evenly, both ends included, without float noise', () => {
    expect(rangeValues({ from: -180, to: 180, steps: 9 })).toEqual([-180, -135, -90, -45, 0, 45, 90, 135, 180]);
    expect(rangeValues({ from: 0, to: 1, steps: 11 })[3]).toBe(0.3);
    expect(rangeValues({ from: 4, to: 9, steps: 1 })).toEqual([4]);
  });
});
