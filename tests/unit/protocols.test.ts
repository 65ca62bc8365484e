/** Built-in robustness protocols: definitions valid for both grids; summary metrics on hand-made result tables; the findings table. */
import { describe, expect, it } from 'vitest';
import { defaultState, setFieldUnchecked } from '../../src/lib/state/schema';
import { MAX_POINTS } from '../../src/lib/experiments/axes';
import { definitionJson, parseDefinitionJson, truthOf, type SweepDefinition } from '../../src/lib/experiments/definition';
import { pointMetrics } from '../../src/lib/experiments/metrics';
import { enumerateCells, pointAt, pointCount, type SweepPoint } from '../../src/lib/experiments/points';
import { resultRow, type ResultRow } from '../../src/lib/experiments/results';
import { parseCsv } from '../../src/lib/experiments/csv';
import {
  BACKGROUND, CORRUPTIONS_PROTOCOL, CUE_CONFLICT, FINDINGS_COLUMNS, LIGHTING_TEXTURE, POSE, PROTOCOLS, findingsCsv, findingsTable, protocolOfDefinition,
  type ProtocolGrid, type ProtocolRun
} from '../../src/lib/experiments/protocols';
import { fakeRun } from './experiments-fixtures';

const MODELS = ['m1', 'm2'];
/** A label in each procedural subject's class set. */
const LABEL: Record<string, string> = { dog: 'golden retriever', cat: 'tabby, tabby cat', 'fire truck': 'fire engine, fire truck', 'race car': 'racer, race car, racing car' };
const WRONG = 'toaster';

/** How a model answers at a point: right at top-1, only at top-5, wrong, or a given top-1 label. */
type Answer = 'right' | 'top5' | 'wrong' | { label: string };

function rows(def: SweepDefinition, answer: (p: SweepPoint, model: string) => Answer): ResultRow[] {
  return [...enumerateCells(def)].map((cell) => {
    const point = pointAt(def, cell.point);
    const a = answer(point, cell.model);
    const truth = point.subject.kind === 'procedural' ? LABEL[point.subject.name] : WRONG;
    const top =
      a === 'right' ? [{ label: truth, probability: 0.6 }, { label: WRONG, probability: 0.3 }]
      : a === 'top5' ? [{ label: WRONG, probability: 0.6 }, { label: truth, probability: 0.3 }]
      : a === 'wrong' ? [{ label: WRONG, probability: 0.9 }, { label: 'dishrag', probability: 0.05 }]
      : [{ label: a.label, probability: 0.7 }, { label: WRONG, probability: 0.2 }];
    return resultRow(cell, pointMetrics({ top }, truthOf(def, point.subject)), 5);
  });
}

function runsOf(defs: SweepDefinition[], answer: (p: SweepPoint, model: string) => Answer): ProtocolRun[] {
  return defs.map((def, i) => ({ run: fakeRun(def, { id: `run-${i}` }), rows: rows(def, answer) }));
}

const name = (p: SweepPoint) => (p.subject.kind === 'procedural' ? p.subject.name : '');

describe('protocol definitions', () => {
  const expected: Record<string, Record<ProtocolGrid, [number, number]>> = {
    pose: { full: [7, 1008], reduced: [1, 16] },
    background: { full: [5, 124], reduced: [5, 28] },
    'cue-conflict': { full: [2, 50], reduced: [2, 8] },
    corruptions: { full: [9, 180], reduced: [4, 48] },
    'lighting-texture': { full: [3, 48], reduced: [3, 24] },
    adversarial: { full: [8, 192], reduced: [2, 24] }
  };
  for (const p of PROTOCOLS) {
    for (const grid of ['full', 'reduced'] as const) {
      it(`${p.id} (${grid}): every definition passes validateDefinition unchanged; ${expected[p.id][grid][1]} points, within the limit`, () => {
        const defs = p.definitions(MODELS, defaultState(), grid);
        for (const def of defs) {
          const check = parseDefinitionJson(definitionJson(def), { modelIds: MODELS });
          expect(check.ok ? [] : check.problems).toEqual([]);
          if (check.ok) expect(check.definition).toEqual(def);
          expect(protocolOfDefinition(def)).toBe(p);
          expect(def.models).toEqual(MODELS);
        }
        const total = defs.reduce((n, d) => n + pointCount(d), 0);
        expect([defs.length, total]).toEqual(expected[p.id][grid]);
        expect(total).toBeLessThanOrEqual(MAX_POINTS);
        expect(p.grids[grid]).toContain(`${total.toLocaleString('en')} points`);
      });
    }
  }

  it('reset the fields they measure: a noisy, blurred base does not leak into the corruptions or background', () => {
    const base = defaultState();
    setFieldUnchecked(base, 'image.noise', 0.3);
    setFieldUnchecked(base, 'background.blur', 5);
    setFieldUnchecked(base, 'subject.untextured', true);
    for (const def of CORRUPTIONS_PROTOCOL.definitions(MODELS, base)) expect(def.base.image.noise).toBe(0);
    const bg = BACKGROUND.definitions(MODELS, base);
    expect(bg.filter((d) => !d.axes.some((a) => a.kind === 'field' && a.path === 'background.blur')).every((d) => d.base.background.blur === 0)).toBe(true);
    for (const def of CUE_CONFLICT.definitions(MODELS, base)) expect(def.base.subject.untextured).toBe(false);
    expect(POSE.definitions(MODELS, base).every((d) => d.base.image.noise === 0.3)).toBe(true); // pose keeps the user's scene
  });

  it('have a question, a class-set note and, where the issue gives one, a reference marked as theirs', () => {
    for (const p of PROTOCOLS) {
      expect(p.question).toMatch(/\?$/);
      expect(p.classSetNote).toMatch(/class set/);
      if (p.reference) expect(p.reference.caveat).toMatch(/^Their figure/);
    }
    expect(PROTOCOLS.filter((p) => !p.reference).map((p) => p.id)).toEqual(['lighting-texture']);
  });
});

describe('pose', () => {
  const defs = POSE.definitions(MODELS, defaultState());
  // m1: wrong on the dog at yaw >= 0 (half its views); m2: right at top-1 only at pitch 0, else only at top-5.
  const runs = runsOf(defs, (p, m) => (m === 'm1' ? (name(p) === 'dog' && p.state.camera.yaw >= 0 ? 'wrong' : 'right') : p.state.camera.pitch === 0 ? 'right' : 'top5'));
  const s = POSE.summariseRuns(runs);

  it('shares of views right at top-1 and top-5, per model and subject', () => {
    const [m1, m2] = s.models;
    expect([m1.model, m1.points, m1.top1, m1.top5]).toEqual(['m1', 1008, 0.875, 0.875]);
    expect(m1.bySubject.map((b) => [b.subject, b.points, b.top1])).toEqual([['dog', 252, 0.5], ['cat', 252, 1], ['fire truck', 252, 1], ['race car', 252, 1]]);
    expect(m2.top1).toBeCloseTo(1 / 7, 12);
    expect(m2.top5).toBe(1);
    expect(m2.byPitch.map((b) => [b.pitch, b.top1])).toEqual([[-30, 0], [-15, 0], [0, 1], [15, 0], [30, 0], [45, 0], [60, 0]]);
    expect(s.runIds).toHaveLength(7);
    expect(m1.name).toBe('Model m1, v2');
  });

  it('the worst view: per subject the lowest p(truth), overall the lowest mean over the subjects', () => {
    const [m1] = s.models;
    expect(m1.bySubject[0].worst).toEqual({ subject: 'dog', yaw: 0, pitch: -30, pTruth: 0, top1: WRONG });
    expect(m1.worst).toMatchObject({ yaw: 0, pitch: -30 });
    expect(m1.worst!.pTruth).toBeCloseTo(0.45, 12);
  });

  it('one run summarises alone (summarise = summariseRuns of that run)', () => {
    const one = POSE.summarise(runs[2].run, runs[2].rows);
    expect(one.models.map((m) => [m.points, m.top1])).toEqual([[144, 0.875], [144, 1]]);
  });
});

describe('background', () => {
  const defs = BACKGROUND.definitions(MODELS, defaultState());

  it('BG-gap is 0 when accuracy is flat across backgrounds', () => {
    const s = BACKGROUND.summariseRuns(runsOf(defs, (p, m) => (m === 'm1' || ['dog', 'cat'].includes(name(p)) ? 'right' : 'wrong')));
    expect(s.models.map((m) => [m.neutral, m.hdriMean, m.bgGap])).toEqual([[1, 1, 0], [0.5, 0.5, 0]]);
    expect(s.models[0].conditions).toHaveLength(1 + 4 + 18 + 4 + 4);
  });

  it('BG-gap = neutral − mean over the plain HDRIs; blurred and desaturated HDRIs and colours do not enter it', () => {
    const s = BACKGROUND.summariseRuns(
      runsOf(defs, (p) => {
        const b = p.state.background;
        if (b.mode === 'environment' && (b.blur > 0 || b.saturation !== 1)) return 'wrong';
        if (b.mode === 'color') return 'wrong';
        if (b.mode === 'environment' && ['night', 'city'].includes(b.environment) && name(p) !== 'dog') return 'wrong';
        return 'right';
      })
    );
    const m = s.models[0];
    expect(m.neutral).toBe(1);
    expect(m.hdriMean).toBeCloseTo(1 - (2 * 0.75) / 18, 12);
    expect(m.bgGap).toBeCloseTo((2 * 0.75) / 18, 12);
    expect(m.conditions.find((c) => c.key === 'blur 8 (park)')).toMatchObject({ kind: 'blur', top1: 0, points: 4 });
    expect(m.conditions.find((c) => c.key === 'hdri night')).toMatchObject({ kind: 'hdri', top1: 0.25 });
  });
});

describe('cue conflict', () => {
  const defs = CUE_CONFLICT.definitions(MODELS, defaultState());
  const END: Record<string, [string, string]> = { animal: ['dog', 'cat'], vehicle: ['fire truck', 'race car'] };
  const follow = (p: SweepPoint, cue: 'shape' | 'texture') => ({ label: LABEL[END[p.state.subject.pair][Math.round(p.state.subject[cue])]] });

  it('shape bias is 1 when every conflict follows the shape, 0 when every one follows the texture', () => {
    const s = CUE_CONFLICT.summariseRuns(runsOf(defs, (p, m) => follow(p, m === 'm1' ? 'shape' : 'texture')));
    expect(s.models.map((m) => [m.shapeBias, m.conflicts, m.shape, m.texture, m.other])).toEqual([[1, 4, 4, 0, 0], [0, 4, 0, 4, 0]]);
    expect(s.models[0].byPair.map((b) => [b.pair, b.conflicts, b.shapeBias])).toEqual([['animal', 2, 1], ['vehicle', 2, 1]]);
  });

  it('classes of neither end count for neither; "nearest" counts every point whose nearest ends disagree', () => {
    const answer = (p: SweepPoint): Answer => (p.state.subject.pair === 'vehicle' ? { label: WRONG } : follow(p, p.state.subject.shape === 0 ? 'shape' : 'texture'));
    const corners = CUE_CONFLICT.summariseRuns(runsOf(defs, answer)).models[0];
    expect([corners.shape, corners.texture, corners.other, corners.shapeBias]).toEqual([1, 1, 2, 0.5]);
    const nearest = CUE_CONFLICT.summariseRuns(runsOf(defs, answer), { conflict: 'nearest' }).models[0];
    expect([nearest.conflicts, nearest.shape, nearest.texture, nearest.other]).toEqual([16, 2, 6, 8]);
  });

  it('no shape bias without a decision for either cue', () => {
    const s = CUE_CONFLICT.summariseRuns(runsOf(defs, () => ({ label: WRONG })));
    expect(s.models[0].shapeBias).toBeNull();
  });
});

describe('corruptions', () => {
  const defs = CORRUPTIONS_PROTOCOL.definitions(MODELS, defaultState());
  // m1 is wrong on the dog everywhere (error 0.25); m2 on the dog and the cat (0.5).
  const runs = runsOf(defs, (p, m) => (name(p) === 'dog' || (m === 'm2' && name(p) === 'cat') ? 'wrong' : 'right'));

  it('mCE is 100% for the reference model itself, and the error ratio for another', () => {
    const s = CORRUPTIONS_PROTOCOL.summariseRuns(runs);
    expect(s.models.map((m) => [m.model, m.reference, m.mce])).toEqual([['m1', 'm1', 1], ['m2', 'm1', 2]]);
    expect(s.models[1].corruptions).toHaveLength(9);
    expect(s.models[1].corruptions[0].severities.map((x) => [x.severity, x.value, x.top1])).toEqual([[1, 0.08, 0.5], [2, 0.12, 0.5], [3, 0.18, 0.5], [4, 0.26, 0.5], [5, 0.38, 0.5]]);
    const other = CORRUPTIONS_PROTOCOL.summariseRuns(runs, { reference: 'm2' });
    expect(other.models.map((m) => m.mce)).toEqual([0.5, 1]);
  });

  it('a corruption where the reference made no error has no CE and is left out, with a note', () => {
    const s = CORRUPTIONS_PROTOCOL.summariseRuns(
      runsOf(defs, (p, m) => (m === 'm2' && name(p) === 'dog' ? 'wrong' : m === 'm1' && name(p) === 'dog' && p.state.image.noise === 0 ? 'wrong' : 'right'))
    );
    const m2 = s.models[1];
    expect(m2.corruptions.find((c) => c.id === 'gaussian-noise')!.ce).toBeNull();
    expect(m2.mce).toBe(1);
    expect(s.notes.join(' ')).toMatch(/no error under Gaussian noise/);
  });
});

describe('lighting and texture', () => {
  it('accuracy per level and the drops', () => {
    const defs = LIGHTING_TEXTURE.definitions(MODELS, defaultState());
    const s = LIGHTING_TEXTURE.summariseRuns(
      runsOf(defs, (p) => {
        const st = p.state;
        if (st.subject.untextured) return name(p) === 'dog' ? 'right' : 'wrong';
        if (st.lighting.shading === 0 || st.subject.textureBlur === 16) return name(p) === 'cat' ? 'wrong' : 'right';
        return 'right';
      })
    );
    const m = s.models[0];
    expect(m.levels.shading.map((l) => [l.value, l.top1])).toEqual([[0, 0.75], [0.25, 1], [0.5, 1], [0.75, 1], [1, 1]]);
    expect(m.levels.untextured.map((l) => [l.value, l.top1])).toEqual([[false, 1], [true, 0.25]]);
    expect([m.unlitDrop, m.textureBlurDrop, m.textureOffDrop]).toEqual([0.25, 0.25, 0.75]);
    expect(m.points).toBe(48);
  });
});

describe('findings table', () => {
  const all = (grid: ProtocolGrid) =>
    Object.fromEntries(PROTOCOLS.map((p) => [p.id, runsOf(p.definitions(MODELS, defaultState(), grid), (pt, m) => (m === 'm1' || name(pt) !== 'dog' ? 'right' : 'wrong'))]));

  it('has a row per model and a cell per protocol summary metric, each linking to its runs', () => {
    const table = findingsTable(all('reduced'));
    expect(table.rows.map((r) => r.model)).toEqual(MODELS);
    expect(table.columns.map((c) => `${c.protocol}.${c.key}`)).toEqual([
      'pose.top1', 'pose.top5', 'background.bgGap', 'cue-conflict.shapeBias', 'corruptions.mce', 'lighting-texture.textureOffDrop', 'lighting-texture.unlitDrop',
      'adversarial.halvingEpsilon', 'adversarial.top1AtReported'
    ]);
    for (const p of PROTOCOLS) expect(table.columns.some((c) => c.protocol === p.id)).toBe(true);
    for (const row of table.rows) {
      expect(row.cells.map((c) => c.key)).toEqual(table.columns.map((c) => c.key));
      for (const c of row.cells) expect(c.runIds.length).toBeGreaterThan(0);
    }
    const m2 = Object.fromEntries(table.rows[1].cells.map((c) => [c.key, c.value]));
    expect([m2.top1, m2.bgGap, m2.mce]).toEqual([0.75, 0, null]); // m1 (the reference) made no error: no mCE
    expect([m2.halvingEpsilon, m2.top1AtReported]).toEqual([Infinity, 0.75]); // flat under attack: never halves
    expect(table.rows[0].cells.find((c) => c.key === 'top1')!.points).toBe(16);
  });

  it('a protocol not run leaves empty cells; the CSV has a header, a record per model and two-decimal values', () => {
    const entries = all('reduced');
    delete entries.corruptions;
    const table = findingsTable({ ...entries, pose: entries.pose[0] });
    expect(table.rows[0].cells.find((c) => c.key === 'mce')).toMatchObject({ value: null, points: 0, runIds: [] });
    const csv = parseCsv(findingsCsv(table));
    expect(csv[0].slice(0, 4)).toEqual(['model', 'name', 'Pose: views right (top-1) (%)', 'Pose: views right (top-5) (%)']);
    expect(csv[0]).toHaveLength(2 + FINDINGS_COLUMNS.length + PROTOCOLS.length);
    expect(csv.slice(1).map((r) => r.slice(0, 4))).toEqual([['m1', 'Model m1, v2', '100.00', '100.00'], ['m2', 'Model m2, v2', '75.00', '75.00']]);
    expect(csv[1][2 + FINDINGS_COLUMNS.findIndex((c) => c.key === 'mce')]).toBe('');
  });
});
