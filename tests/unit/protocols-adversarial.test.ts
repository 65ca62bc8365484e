/**
 * The adversarial protocol and the ε axis it sweeps: definitions and their checks, the ε at which
 * accuracy halves, the white-box curve and the transfer matrix on hand-made result tables, the attack
 * settings a point gets, the CSV columns and the editor's draft of an ε axis.
 */
import { describe, expect, it } from 'vitest';
import { defaultState } from '../../src/lib/state/schema';
import { definitionJson, parseDefinitionJson, truthOf, validateDefinition, type SweepDefinition } from '../../src/lib/experiments/definition';
import { pointMetrics } from '../../src/lib/experiments/metrics';
import { enumerateCells, pointAt } from '../../src/lib/experiments/points';
import { resultRow, type ResultRow } from '../../src/lib/experiments/results';
import { csvColumns, resultsCsv } from '../../src/lib/experiments/export';
import { parseCsv } from '../../src/lib/experiments/csv';
import { ADVERSARIAL, cellText, findingsTable, halvingEpsilon, type AdversarialModelSummary, type ProtocolRun } from '../../src/lib/experiments/protocols';
import { ADVERSARIAL_EPSILONS } from '../../src/lib/experiments/protocols/adversarial';
import { sweepAttackConfig } from '../../src/lib/pipeline/sweep-attack';
import { draftFromDefinition, draftToRaw, newAxis, newDraft } from '../../src/lib/views/experiments/sweep-draft';
import { fakeRun, yawSweep } from './experiments-fixtures';

const MODELS = ['m1', 'm2'];
const DOG = 'golden retriever';
const WRONG = 'toaster';

const curve = (pairs: [number, number | null][]) => pairs.map(([epsilon, top1]) => ({ epsilon, points: 4, top1, top5: top1 }));

/** Rows where `right(target, source, ε, subject)` says whether the target's top-1 is in the subject's set. */
function runsOf(defs: SweepDefinition[], right: (target: string, source: string, epsilon: number, subject: string) => boolean): ProtocolRun[] {
  return defs.map((def, i) => {
    const rows: ResultRow[] = [...enumerateCells(def)].map((cell) => {
      const point = pointAt(def, cell.point);
      const subject = point.subject.kind === 'procedural' ? point.subject.name : '';
      const label = right(cell.model, def.attack!.source, point.epsilon, subject) ? (subject === 'dog' ? DOG : subject === 'cat' ? 'tabby, tabby cat' : subject === 'fire truck' ? 'fire engine, fire truck' : 'racer, race car, racing car') : WRONG;
      return resultRow(cell, pointMetrics({ top: [{ label, probability: 0.8 }, { label: 'dishrag', probability: 0.1 }] }, truthOf(def, point.subject)), 4);
    });
    return { run: fakeRun(def, { id: `run-${i}` }), rows };
  });
}

describe('the ε axis and the attack of a definition', () => {
  const withEps = (extra: Record<string, unknown> = {}) =>
    yawSweep({ axes: [{ kind: 'epsilon', values: [0, 0.5, 4] }], attack: { method: 'pgd-linf', source: 'm1', steps: 10 }, ...extra });

  it('reads an ε axis with its attack, and each point carries its ε', () => {
    const check = validateDefinition(withEps(), { modelIds: MODELS });
    expect(check.ok ? [] : check.problems).toEqual([]);
    if (!check.ok) return;
    expect(check.definition.attack).toEqual({ method: 'pgd-linf', source: 'm1', steps: 10 });
    expect([0, 1, 2].map((i) => pointAt(check.definition, i).epsilon)).toEqual([0, 0.5, 4]);
    expect(pointAt(parseOk(yawSweep()), 3).epsilon).toBe(0); // no ε axis: the clean frame
  });

  it('names every problem: an ε axis without an attack, an attack without one, bad budgets, steps and an unknown source', () => {
    const problems = (raw: Record<string, unknown>) => {
      const c = validateDefinition(raw, { modelIds: MODELS });
      return c.ok ? [] : c.problems.join(' | ');
    };
    expect(problems(withEps({ attack: undefined }))).toMatch(/ε axis needs an "attack"/);
    expect(problems(yawSweep({ attack: { method: 'pgd-linf', source: 'm1', steps: 10 } }))).toMatch(/"attack" but no ε axis/);
    expect(problems(withEps({ axes: [{ kind: 'epsilon', values: [0, -1, 100, 'x', 0] }] }))).toMatch(/ε -1 is outside 0…64.*ε 100 is outside.*got "x".*lists ε "0" more than once/);
    expect(problems(withEps({ attack: { method: 'pgd-linf', source: 'm1', steps: 0 } }))).toMatch(/steps must be a whole number from 1 to 100, got 0/);
    expect(problems(withEps({ attack: { method: 'fgsm', source: 'm1', steps: 1 } }))).toMatch(/method "fgsm"/);
    expect(problems(withEps({ attack: { method: 'pgd-linf', source: 'gone', steps: 10 } }))).toMatch(/attack's source model "gone" is not loaded/);
  });

  it('the CSV has the ε and the attacked model beside the other axis values', () => {
    const def = parseOk(withEps());
    expect(csvColumns({ definition: def }).slice(0, 6)).toEqual(['point', 'model_id', 'model_name', 'subject', 'epsilon', 'attack_source']);
    const rows = runsOf([def], () => true)[0].rows;
    const csv = parseCsv(resultsCsv(fakeRun(def), rows));
    expect(csv.slice(1).map((r) => r.slice(4, 6))).toEqual([['0', 'm1'], ['0', 'm1'], ['0.5', 'm1'], ['0.5', 'm1'], ['4', 'm1'], ['4', 'm1']]);
  });

  it('the editor drafts an ε axis, fills the source from the first loaded model, and reads a definition back unchanged', () => {
    const draft = newDraft(MODELS);
    draft.axes = [{ ...newAxis('camera.yaw', MODELS), kind: 'epsilon' }];
    const env = { base: defaultState(), currentSubject: { kind: 'procedural' as const, name: 'dog' as const }, loadedIds: MODELS };
    const raw = draftToRaw(draft, env);
    expect(raw.axes).toEqual([{ kind: 'epsilon', values: ADVERSARIAL_EPSILONS }]);
    expect(raw.attack).toEqual({ method: 'pgd-linf', source: 'm1', steps: 10 });
    const def = parseOk(raw);
    const back = parseOk(draftToRaw(draftFromDefinition({ ...def, attack: { method: 'pgd-linf', source: 'm2', steps: 5, stepSize: 0.3 } }), env));
    expect(back.attack).toEqual({ method: 'pgd-linf', source: 'm2', steps: 5, stepSize: 0.3 });
    expect(back.axes).toEqual(def.axes);
  });
});

describe('attack settings of a point', () => {
  const attack = { method: 'pgd-linf' as const, source: 'm1', steps: 10 };
  it('pushes the whole class set of the subject down, in the source model\'s labels', () => {
    const labels = ['tabby, tabby cat', 'toaster', 'tiger cat', 'golden retriever', 'Persian cat'];
    expect(sweepAttackConfig(attack, 2, { kind: 'class-set', id: 'cat' }, labels)).toEqual({ method: 'pgd', norm: 'linf', epsilon: 2, steps: 10, sourceClasses: [0, 2, 4] });
  });
  it('without a truth (or none of its classes in the labels) the worker attacks the clean top-1; a step size is passed on', () => {
    expect(sweepAttackConfig({ ...attack, stepSize: 0.5 }, 8, { kind: 'none' }, ['a'])).toEqual({ method: 'pgd', norm: 'linf', epsilon: 8, steps: 10, stepSize: 0.5 });
    expect(sweepAttackConfig(attack, 8, { kind: 'class-set', id: 'dog' }, ['toaster'])).not.toHaveProperty('sourceClasses');
  });
});

describe('ε at which accuracy halves', () => {
  it('interpolates linearly between the budgets around half the clean accuracy', () => {
    expect(halvingEpsilon(curve([[0, 1], [1, 0.75], [2, 0.25], [4, 0]]))).toBeCloseTo(1.5, 10); // 0.5 is midway from 0.75 to 0.25
    expect(halvingEpsilon(curve([[0, 0.8], [0.5, 0.4]]))).toBe(0.5); // exactly half at a budget
    expect(halvingEpsilon(curve([[0, 0.5], [8, 0]]))).toBe(4);
  });
  it('is Infinity when accuracy never halves, and null when there is nothing to halve', () => {
    expect(halvingEpsilon(curve([[0, 1], [8, 0.6]]))).toBe(Infinity);
    expect(halvingEpsilon(curve([[0, 0], [8, 0]]))).toBeNull();
    expect(halvingEpsilon(curve([[1, 0.5]]))).toBeNull(); // no clean point
    expect(halvingEpsilon([])).toBeNull();
  });
});

describe('adversarial protocol', () => {
  it('has one definition per attacked model and view, every model a target, subject × ε axes', () => {
    const defs = ADVERSARIAL.definitions(MODELS, defaultState(), 'full');
    expect(defs.map((d) => [d.attack!.source, d.base.camera.yaw, d.base.camera.pitch])).toEqual(
      MODELS.flatMap((m) => [-150, -60, 30, 120].map((yaw) => [m, yaw, 20]))
    );
    for (const d of defs) {
      expect(d.models).toEqual(MODELS);
      expect(d.axes.map((a) => a.kind)).toEqual(['subject', 'epsilon']);
      expect(d.attack).toEqual({ method: 'pgd-linf', source: d.attack!.source, steps: 10 });
      expect(parseDefinitionJson(definitionJson(d), { modelIds: MODELS }).ok).toBe(true);
    }
  });

  it('white-box curve, halving ε and top-1 at 4/255 per model; the transfer matrix from the other runs', () => {
    // m1 breaks at ε ≥ 1 on itself (white-box) but m2's attacks do not fool it; m2 never breaks; m2 on m1's frames breaks at ε 8.
    const runs = runsOf(ADVERSARIAL.definitions(MODELS, defaultState(), 'full'), (target, source, eps) =>
      target === 'm1' ? !(source === 'm1' && eps >= 1) : !(source === 'm1' && eps >= 8)
    );
    const s = ADVERSARIAL.summariseRuns(runs);
    const [m1, m2] = s.models as AdversarialModelSummary[];
    expect(m1.curve.map((c) => [c.epsilon, c.top1, c.points])).toEqual([[0, 1, 16], [0.5, 1, 16], [1, 0, 16], [2, 0, 16], [4, 0, 16], [8, 0, 16]]);
    expect(m1.halvingEpsilon).toBeCloseTo(0.75, 10); // 1 → 0 between 0.5 and 1
    expect(m1.top1AtReported).toBe(0);
    expect(m2.halvingEpsilon).toBe(Infinity);
    expect(m2.top1AtReported).toBe(1);
    const at = (m: AdversarialModelSummary, source: string, eps: number) => m.transfer.find((t) => t.source === source)!.byEpsilon.find((e) => e.epsilon === eps)!.top1;
    expect([at(m1, 'm1', 4), at(m1, 'm2', 4), at(m2, 'm1', 4), at(m2, 'm2', 4)]).toEqual([0, 1, 1, 1]);
    expect([at(m2, 'm1', 8), at(m2, 'm1', 0)]).toEqual([0, 1]);
    expect(m1.transfer.map((t) => t.sourceName)).toEqual(['Model m1, v2', 'Model m2, v2']);
    expect(s.notes).toEqual(['Model m2, v2: accuracy did not halve within the largest ε of the grid.']);
    expect(m1.points).toBe(192);
  });

  it('a model never right on clean frames has no halving ε, and says so', () => {
    const runs = runsOf(ADVERSARIAL.definitions(['m1'], defaultState(), 'reduced'), () => false);
    const [m1] = ADVERSARIAL.summariseRuns(runs).models as AdversarialModelSummary[];
    expect([m1.halvingEpsilon, m1.top1AtReported]).toEqual([null, 0]);
    expect(ADVERSARIAL.summariseRuns(runs).notes).toEqual(['Model m1, v2: clean accuracy 0, so no ε halves it.']);
  });

  it('findings cells: the halving ε in pixel levels ("not reached" beyond the grid), accuracy at 4/255 in %', () => {
    const runs = runsOf(ADVERSARIAL.definitions(MODELS, defaultState(), 'reduced'), (target, source, eps) => !(target === source && eps >= 4));
    const table = findingsTable({ adversarial: runs });
    const cells = table.rows.map((r) => r.cells.filter((c) => c.protocol === 'adversarial').map((c) => cellText(c.value, c.unit)));
    expect(cells).toEqual([['2.50', '0.00'], ['2.50', '0.00']]); // 1 at ε 1, 0 at ε 4: half at 2.5
    expect(cellText(Infinity, 'epsilon')).toBe('not reached');
    expect(cellText(Infinity, 'percent')).toBe('');
  });
});

function parseOk(raw: unknown): SweepDefinition {
  const c = validateDefinition(raw, { modelIds: MODELS });
  if (!c.ok) throw new Error(c.problems.join(' | '));
  return c.definition;
}
