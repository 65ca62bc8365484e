/**
 * Pose: how much of the view sphere a model gets right. Yaw −180…170 in steps of 10 (36 views; 180 is
 * −180 again) × pitch −30…60 in steps of 15 (7) × the four procedural subjects.
 *
 * Representation: a sweep has at most two axes, so there is one definition per pitch, each with the
 * axes yaw × subject (camera.pitch set in its base). Each run is then one pitch, and its polar plot
 * around yaw is the "polar plot per pitch"; runs of different pitches sweep the same axes, so
 * any two overlay. The summary reads yaw and pitch from each point's state, whatever the axes.
 *
 * Grids: full 7 definitions × 36 yaws × 4 subjects = 1,008 points; reduced 1 definition (pitch 15°) ×
 * yaws −180, −90, 0, 90 × 4 subjects = 16 points.
 */
import type { SceneState } from '$lib/state/schema';
import { rangeValues } from '../axes';
import { subjectKey } from '../subjects';
import {
  THEIR_FIGURE, PROCEDURAL_REFS, checkedDefinition, classSetsInWords, emptyTally, count, makeProtocol, meanOf, modelsOf, noTruthNote,
  pointRows, protocolBase, runIdsOf, share, type ModelSummaryBase, type ProtocolGrid, type ProtocolRun, type Tally
} from './protocol';

export const POSE_YAWS = rangeValues({ from: -180, to: 170, steps: 36 });
export const POSE_PITCHES = [-30, -15, 0, 15, 30, 45, 60];
export const POSE_REDUCED_YAWS = [-180, -90, 0, 90];
export const POSE_REDUCED_PITCHES = [15];

/** A view of a subject and how the model did there. */
export interface PoseView {
  subject: string;
  yaw: number;
  pitch: number;
  /** p(truth) at the view (for the overall worst view: the mean over the subjects shown there). */
  pTruth: number | null;
  /** The top-1 label (empty for the overall worst view, which spans subjects). */
  top1: string;
}

export interface PoseSubjectSummary {
  subject: string;
  points: number;
  top1: number | null;
  top5: number | null;
  /** The view with the lowest p(truth) (the first such). */
  worst: PoseView | null;
}

export interface PoseModelSummary extends ModelSummaryBase {
  /** Share of views (all subjects and pitches) right at top-1 / top-5. */
  top1: number | null;
  top5: number | null;
  bySubject: PoseSubjectSummary[];
  /** Per pitch, the share right at top-1, in pitch order. */
  byPitch: { pitch: number; points: number; top1: number | null }[];
  /** The (yaw, pitch) with the lowest mean p(truth) over the subjects. */
  worst: PoseView | null;
}

function definitions(models: readonly string[], base: SceneState, grid: ProtocolGrid = 'full') {
  const yaws = grid === 'full' ? POSE_YAWS : POSE_REDUCED_YAWS;
  const pitches = grid === 'full' ? POSE_PITCHES : POSE_REDUCED_PITCHES;
  return pitches.map((pitch) =>
    checkedDefinition({
      name: `Pose: pitch ${pitch}°`,
      base: protocolBase(base, [], { 'camera.pitch': pitch }),
      axes: [
        grid === 'full' ? { kind: 'field', path: 'camera.yaw', values: { from: -180, to: 170, steps: 36 } } : { kind: 'field', path: 'camera.yaw', values: yaws },
        { kind: 'subject', subjects: PROCEDURAL_REFS }
      ],
      models
    })
  );
}

function summariseRuns(runs: readonly ProtocolRun[]) {
  const models = modelsOf(runs);
  let skipped = 0;
  const per = new Map(
    models.map((m) => [
      m.model,
      {
        all: emptyTally(),
        subjects: new Map<string, { t: Tally; worst: PoseView | null }>(),
        pitches: new Map<number, Tally>(),
        views: new Map<string, { yaw: number; pitch: number; p: (number | null)[] }>()
      }
    ])
  );
  for (const { row, point } of pointRows(runs)) {
    const acc = per.get(row.model);
    if (!acc || !count(acc.all, row)) {
      skipped++;
      continue;
    }
    const { yaw, pitch } = point.state.camera;
    const subject = subjectKey(point.subject);
    const s = acc.subjects.get(subject) ?? { t: emptyTally(), worst: null };
    acc.subjects.set(subject, s);
    count(s.t, row);
    if (row.pTruth !== null && (s.worst === null || s.worst.pTruth === null || row.pTruth < s.worst.pTruth)) {
      s.worst = { subject, yaw, pitch, pTruth: row.pTruth, top1: row.top[0]?.label ?? '' };
    }
    const p = acc.pitches.get(pitch) ?? emptyTally();
    acc.pitches.set(pitch, p);
    count(p, row);
    const key = `${yaw}|${pitch}`;
    const v = acc.views.get(key) ?? { yaw, pitch, p: [] as (number | null)[] };
    acc.views.set(key, v);
    v.p.push(row.pTruth);
  }
  const out: PoseModelSummary[] = models.map((m) => {
    const acc = per.get(m.model)!;
    let worst: PoseView | null = null;
    for (const v of acc.views.values()) {
      const mean = meanOf(v.p);
      if (mean !== null && (worst === null || mean < worst.pTruth!)) worst = { subject: '', yaw: v.yaw, pitch: v.pitch, pTruth: mean, top1: '' };
    }
    return {
      ...m,
      points: acc.all.n,
      top1: share(acc.all.c1, acc.all.n),
      top5: share(acc.all.c5, acc.all.n),
      bySubject: [...acc.subjects].map(([subject, s]) => ({ subject, points: s.t.n, top1: share(s.t.c1, s.t.n), top5: share(s.t.c5, s.t.n), worst: s.worst })),
      byPitch: [...acc.pitches].sort((a, b) => a[0] - b[0]).map(([pitch, t]) => ({ pitch, points: t.n, top1: share(t.c1, t.n) })),
      worst
    };
  });
  return { protocol: 'pose' as const, models: out, runIds: runIdsOf(runs), notes: noTruthNote(skipped) };
}

export const POSE = makeProtocol<PoseModelSummary>({
  id: 'pose',
  name: 'Pose',
  question: 'From how much of the view sphere does the model recognise each subject?',
  reference: {
    figure: '97% of the pose space of their 3D objects was misclassified by an ImageNet-trained Inception-v3.',
    citation: 'Alcorn et al., "Strike (with) a Pose", CVPR 2019',
    caveat: THEIR_FIGURE
  },
  classSetNote: `A view is right when the top-1 (top-5) class is in the subject's class set (${classSetsInWords()}).`,
  grids: {
    full: 'yaw −180…170° step 10 × pitch −30…60° step 15 × 4 subjects: 7 definitions (one per pitch), 1,008 points',
    reduced: 'yaw −180, −90, 0, 90° at pitch 15° × 4 subjects: 1 definition, 16 points'
  },
  definitions,
  summariseRuns,
  findings: [
    { key: 'top1', label: 'Pose: views right (top-1)', unit: 'percent', value: (m) => m.top1 },
    { key: 'top5', label: 'Pose: views right (top-5)', unit: 'percent', value: (m) => m.top5 }
  ]
});
