/**
 * Adversarial: how fast accuracy falls under a small worst-case perturbation, and whether an attack
 * made on one model fools the others. PGD under L∞ (10 steps of 2.5 ε / 10, no random start, away from
 * the subject's class set as a whole) with ε ∈ {0, 0.5, 1, 2, 4, 8}/255, on each procedural subject at 4
 * views (the default view, yaw 30°, and three more at 90° turns; pitch 20°).
 *
 * Representation: an attack has one source model, and a sweep at most two axes, so there is one
 * definition per source model and view, each with the axes subject × ε and every loaded model as a
 * target (definition.attack; pipeline/sweep-attack.ts). A source's own rows are white-box (accuracy vs
 * ε, "ε at which accuracy halves"); the other models' rows are transfer: target × source accuracy at
 * each ε is the transfer matrix. ε = 0 points are the clean frames.
 *
 * Grids: full 2 sources (the loaded models) × 4 views × 4 subjects × 6 ε = 192 points, 160 attacks with
 * two models; reduced: the default view × 4 subjects × ε {0, 1, 4} per source = 12 points, 8 attacks.
 */
import type { SceneState } from '$lib/state/schema';
import { MAX_NAME_LENGTH, type SweepDefinition } from '../definition';
import {
  THEIR_FIGURE, PROCEDURAL_REFS, checkedDefinition, classSetsInWords, count, emptyTally, makeProtocol, modelsOf, pointRows, protocolBase,
  runIdsOf, share, type ModelSummaryBase, type ProtocolGrid, type ProtocolRun, type Tally
} from './protocol';

/** Budgets in pixel levels (of 255). */
export const ADVERSARIAL_EPSILONS = [0, 0.5, 1, 2, 4, 8];
export const ADVERSARIAL_REDUCED_EPSILONS = [0, 1, 4];
/** The default view (yaw 30°) and three more at 90° turns. */
export const ADVERSARIAL_YAWS = [-150, -60, 30, 120];
export const ADVERSARIAL_REDUCED_YAWS = [30];
export const ADVERSARIAL_STEPS = 10;
/** The ε whose white-box top-1 the findings show beside the halving ε (Madry et al. report at 4/255). */
export const REPORTED_EPSILON = 4;

/** Accuracy at one ε. */
export interface EpsilonAccuracy {
  epsilon: number;
  points: number;
  top1: number | null;
  top5: number | null;
}

/** This model's accuracy on one source model's attacked frames, by ε (its own: white-box). */
export interface TransferEntry {
  source: string;
  sourceName: string;
  byEpsilon: EpsilonAccuracy[];
}

export interface AdversarialModelSummary extends ModelSummaryBase {
  /** White-box: this model attacked itself, by ε (ε 0: clean). Empty when it was never a source. */
  curve: EpsilonAccuracy[];
  /**
   * The ε (pixel levels) at which white-box top-1 falls to half its clean value, interpolated linearly
   * between the grid's budgets; Infinity when it never does within the grid; null when the clean
   * accuracy is 0 (nothing to halve) or the model was not attacked.
   */
  halvingEpsilon: number | null;
  /** White-box top-1 at REPORTED_EPSILON, when the grid has it. */
  top1AtReported: number | null;
  /** Its accuracy on each source's frames (rows of the transfer matrix where it is the target). */
  transfer: TransferEntry[];
}

/**
 * The ε at which `curve`'s top-1 first reaches half of its value at ε 0, linearly interpolated between
 * budgets; Infinity when it never does; null without a clean value above 0. The curve is sorted by ε.
 */
export function halvingEpsilon(curve: readonly EpsilonAccuracy[]): number | null {
  const clean = curve.find((c) => c.epsilon === 0)?.top1;
  if (clean === undefined || clean === null || clean <= 0) return null;
  const half = clean / 2;
  let prev: { epsilon: number; top1: number } = { epsilon: 0, top1: clean };
  for (const c of curve) {
    if (c.epsilon === 0 || c.top1 === null) continue;
    if (c.top1 <= half) {
      const drop = prev.top1 - c.top1;
      return drop > 0 ? prev.epsilon + ((prev.top1 - half) / drop) * (c.epsilon - prev.epsilon) : c.epsilon;
    }
    prev = { epsilon: c.epsilon, top1: c.top1 };
  }
  return Infinity;
}

function definitions(models: readonly string[], base: SceneState, grid: ProtocolGrid = 'full'): SweepDefinition[] {
  const yaws = grid === 'full' ? ADVERSARIAL_YAWS : ADVERSARIAL_REDUCED_YAWS;
  const epsilons = grid === 'full' ? ADVERSARIAL_EPSILONS : ADVERSARIAL_REDUCED_EPSILONS;
  return models.flatMap((source) =>
    yaws.map((yaw) => {
      const view = `, yaw ${yaw}°`;
      const definition = checkedDefinition({
        // The source's id names the run (stored.ts keeps the newest run of each name).
        name: `Adversarial: attack on ${source.slice(0, MAX_NAME_LENGTH - 30)}${view}`,
        base: protocolBase(base, ['camera.pitch'], { 'camera.yaw': yaw }),
        axes: [
          { kind: 'subject', subjects: PROCEDURAL_REFS },
          { kind: 'epsilon', values: epsilons }
        ],
        models,
        attack: { method: 'pgd-linf', source, steps: ADVERSARIAL_STEPS }
      });
      return definition;
    })
  );
}

const byEpsilon = (tallies: Map<number, Tally>): EpsilonAccuracy[] =>
  [...tallies].sort((a, b) => a[0] - b[0]).map(([epsilon, t]) => ({ epsilon, points: t.n, top1: share(t.c1, t.n), top5: share(t.c5, t.n) }));

function summariseRuns(runs: readonly ProtocolRun[]) {
  const models = modelsOf(runs);
  const names = new Map(models.map((m) => [m.model, m.name]));
  for (const { run } of runs) for (const m of run.models) if (!names.has(m.id)) names.set(m.id, m.name);
  /** target → source → ε → tally */
  const per = new Map(models.map((m) => [m.model, { all: emptyTally(), sources: new Map<string, Map<number, Tally>>() }]));
  let skipped = 0;
  for (const { run, row, point } of pointRows(runs)) {
    const source = run.definition.attack?.source;
    const acc = per.get(row.model);
    if (!source || !acc || !count(acc.all, row)) {
      skipped++;
      continue;
    }
    const bySource = acc.sources.get(source) ?? new Map<number, Tally>();
    acc.sources.set(source, bySource);
    const t = bySource.get(point.epsilon) ?? emptyTally();
    bySource.set(point.epsilon, t);
    count(t, row);
  }
  const out: AdversarialModelSummary[] = models.map((m) => {
    const acc = per.get(m.model)!;
    const transfer = [...acc.sources].map(([source, tallies]) => ({ source, sourceName: names.get(source) ?? source, byEpsilon: byEpsilon(tallies) }));
    const curve = transfer.find((t) => t.source === m.model)?.byEpsilon ?? [];
    return {
      ...m,
      points: acc.all.n,
      curve,
      halvingEpsilon: halvingEpsilon(curve),
      top1AtReported: curve.find((c) => c.epsilon === REPORTED_EPSILON)?.top1 ?? null,
      transfer
    };
  });
  const notes: string[] = [];
  if (skipped) notes.push(`${skipped} row(s) without a truth or an attack were not counted.`);
  for (const m of out) {
    if (m.curve.length && m.halvingEpsilon === null) notes.push(`${m.name}: clean accuracy 0, so no ε halves it.`);
    if (m.halvingEpsilon === Infinity) notes.push(`${m.name}: accuracy did not halve within the largest ε of the grid.`);
  }
  return { protocol: 'adversarial' as const, models: out, runIds: runIdsOf(runs), notes };
}

export const ADVERSARIAL = makeProtocol<AdversarialModelSummary>({
  id: 'adversarial',
  name: 'Adversarial',
  question: 'How small a worst-case perturbation breaks the model, and does an attack on one model fool the others?',
  reference: {
    figure: 'A standard ImageNet ResNet-50 falls to about 0% top-1 under PGD L∞ at ε = 4/255, while an adversarially trained one keeps about 30–40%.',
    citation: 'Madry et al., "Towards Deep Learning Models Resistant to Adversarial Attacks", ICLR 2018 (ImageNet figures as reported in later robust-training work)',
    caveat: THEIR_FIGURE
  },
  classSetNote: `A frame is right when the top-1 (top-5) class is in the subject's class set (${classSetsInWords()}); the attack pushes the whole set down at once. ε is in pixel levels of 255, the perturbation is added in float (budgets under one level are not rounded away).`,
  grids: {
    full: 'PGD L∞, 10 steps, ε 0, 0.5, 1, 2, 4, 8 (of 255) × 4 subjects × 4 views (yaw −150, −60, 30, 120° at pitch 20°), one definition per attacked model and view: 96 points per loaded model (8 definitions, 192 points with two models)',
    reduced: 'PGD L∞, 10 steps, ε 0, 1, 4 (of 255) × 4 subjects at the default view (yaw 30°), one definition per attacked model: 12 points per loaded model (2 definitions, 24 points with two models)'
  },
  definitions,
  summariseRuns,
  findings: [
    { key: 'halvingEpsilon', label: 'Adversarial: ε halving top-1', unit: 'epsilon', value: (m) => m.halvingEpsilon },
    { key: 'top1AtReported', label: `Adversarial: top-1 at ε ${REPORTED_EPSILON}/255`, unit: 'percent', value: (m) => m.top1AtReported }
  ]
});
