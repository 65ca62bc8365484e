/**
 * Background: how much the model leans on what is behind the subject. Each procedural subject on the
 * neutral background (background.mode "none", the app's neutral grey: the "no background"),
 * on plain colours, on each environment HDRI, and on one HDRI blurred (background.blur) and desaturated
 * (background.saturation) at 4 levels each. The blurred and desaturated HDRI is the base scene's
 * background.environment (the default "park").
 *
 * Representation: one definition per kind of background (neutral: the subject axis alone; colours,
 * HDRIs, blur and desaturation: that field × subject), since one axis sweeps one field. The summary
 * reads each point's condition from its background fields, not from the axes.
 *
 * BG-gap = top-1 accuracy on the neutral background − the mean over the plain HDRIs (blur 0,
 * saturation 1) of the top-1 accuracy on each. Positive: the HDRIs hurt.
 *
 * Grids: full 4 + 4×4 + 18×4 + 4×4 + 4×4 = 124 points in 5 definitions; reduced 4 (neutral) + 4 (white)
 * + 3×4 (forest, city, studio) + 4 (blur 8) + 4 (saturation 0) = 28 points in 5 definitions.
 */
import { ENVIRONMENT_NAMES, type FieldPath, type SceneState } from '$lib/state/schema';
import type { Axis } from '../axes';
import {
  THEIR_FIGURE, PROCEDURAL_REFS, TallyMap, checkedDefinition, classSetsInWords, gap, makeProtocol, meanOf, modelsOf, noTruthNote,
  pointRows, protocolBase, runIdsOf, type ModelSummaryBase, type ProtocolGrid, type ProtocolRun
} from './protocol';

/** White, black, the app's default sky blue, grass green. */
export const BACKGROUND_COLOURS = ['ffffff', '000000', '5b8fd6', '4c9a2a'];
export const BACKGROUND_BLURS = [2, 4, 8, 16];
export const BACKGROUND_SATURATIONS = [0.75, 0.5, 0.25, 0];
export const REDUCED_BACKGROUND = { colours: ['ffffff'], environments: ['forest', 'city', 'studio'], blurs: [8], saturations: [0] };

const BACKGROUND_FIELDS: FieldPath[] = ['background.mode', 'background.color', 'background.blur', 'background.saturation', 'background.brightness'];

export type BackgroundKind = 'neutral' | 'colour' | 'hdri' | 'blur' | 'desaturated' | 'other';

export interface BackgroundCondition {
  /** "neutral", "colour ffffff", "hdri park", "blur 8 (park)", "saturation 0.25 (park)". */
  key: string;
  kind: BackgroundKind;
  points: number;
  top1: number | null;
}

export interface BackgroundModelSummary extends ModelSummaryBase {
  /** In first-seen order. */
  conditions: BackgroundCondition[];
  neutral: number | null;
  /** Mean over the plain HDRIs of the accuracy on each. */
  hdriMean: number | null;
  bgGap: number | null;
}

/** The condition a point's background shows. */
export function backgroundCondition(state: SceneState): { key: string; kind: BackgroundKind } {
  const b = state.background;
  if (b.mode === 'none') return { key: 'neutral', kind: 'neutral' };
  if (b.mode === 'color') return { key: `colour ${b.color}`, kind: 'colour' };
  const blurred = b.blur > 0;
  const faded = b.saturation !== 1;
  if (b.brightness !== 1 || (blurred && faded)) return { key: `hdri ${b.environment}, blur ${b.blur}, saturation ${b.saturation}, brightness ${b.brightness}`, kind: 'other' };
  if (blurred) return { key: `blur ${b.blur} (${b.environment})`, kind: 'blur' };
  if (faded) return { key: `saturation ${b.saturation} (${b.environment})`, kind: 'desaturated' };
  return { key: `hdri ${b.environment}`, kind: 'hdri' };
}

function definitions(models: readonly string[], base: SceneState, grid: ProtocolGrid = 'full') {
  const full = grid === 'full';
  const colours = full ? BACKGROUND_COLOURS : REDUCED_BACKGROUND.colours;
  const environments: string[] = full ? [...ENVIRONMENT_NAMES] : REDUCED_BACKGROUND.environments;
  const blurs = full ? BACKGROUND_BLURS : REDUCED_BACKGROUND.blurs;
  const saturations = full ? BACKGROUND_SATURATIONS : REDUCED_BACKGROUND.saturations;
  const subjects: Axis = { kind: 'subject', subjects: PROCEDURAL_REFS };
  const part = (name: string, mode: 'none' | 'color' | 'environment', axes: Axis[]) =>
    checkedDefinition({ name: `Background: ${name}`, base: protocolBase(base, BACKGROUND_FIELDS, { 'background.mode': mode }), axes, models });
  return [
    part('neutral', 'none', [subjects]),
    part('plain colours', 'color', [{ kind: 'field', path: 'background.color', values: colours }, subjects]),
    part('HDRIs', 'environment', [{ kind: 'field', path: 'background.environment', values: environments }, subjects]),
    part(`HDRI ${base.background.environment} blurred`, 'environment', [{ kind: 'field', path: 'background.blur', values: blurs }, subjects]),
    part(`HDRI ${base.background.environment} desaturated`, 'environment', [{ kind: 'field', path: 'background.saturation', values: saturations }, subjects])
  ];
}

function summariseRuns(runs: readonly ProtocolRun[]) {
  const models = modelsOf(runs);
  const per = new Map(models.map((m) => [m.model, { tallies: new TallyMap(), kinds: new Map<string, BackgroundKind>(), points: 0 }]));
  let skipped = 0;
  for (const { row, point } of pointRows(runs)) {
    const acc = per.get(row.model);
    const c = backgroundCondition(point.state);
    if (!acc || !acc.tallies.add(c.key, row)) {
      skipped++;
      continue;
    }
    acc.kinds.set(c.key, c.kind);
    acc.points++;
  }
  const out: BackgroundModelSummary[] = models.map((m) => {
    const acc = per.get(m.model)!;
    const conditions = [...acc.tallies.map].filter(([, t]) => t.n > 0).map(([key, t]) => ({ key, kind: acc.kinds.get(key)!, points: t.n, top1: t.c1 / t.n }));
    const neutral = acc.tallies.top1('neutral');
    const hdriMean = meanOf(conditions.filter((c) => c.kind === 'hdri').map((c) => c.top1));
    return { ...m, points: acc.points, conditions, neutral, hdriMean, bgGap: gap(neutral, hdriMean) };
  });
  return { protocol: 'background' as const, models: out, runIds: runIdsOf(runs), notes: noTruthNote(skipped) };
}

export const BACKGROUND = makeProtocol<BackgroundModelSummary>({
  id: 'background',
  name: 'Background',
  question: 'How much does the model’s answer depend on the background behind the subject?',
  reference: {
    figure: 'ResNet-50 BG-gap 7.3 points (Mixed-Same 86.2% vs Mixed-Rand 78.9% on ImageNet-9); their BG-gap compares matched and random real backgrounds, ours the neutral grey and the HDRIs.',
    citation: 'Xiao et al., "Noise or Signal: The Role of Image Backgrounds in Object Recognition", ICLR 2021',
    caveat: THEIR_FIGURE
  },
  classSetNote: `Accuracy is top-1 in the subject's class set (${classSetsInWords()}).`,
  grids: {
    full: 'neutral, 4 colours, 18 HDRIs, blur 2/4/8/16 px and saturation 0.75/0.5/0.25/0 of one HDRI × 4 subjects: 5 definitions, 124 points',
    reduced: 'neutral, white, 3 HDRIs (forest, city, studio), blur 8 px, saturation 0 × 4 subjects: 5 definitions, 28 points'
  },
  definitions,
  summariseRuns,
  findings: [{ key: 'bgGap', label: 'BG-gap (neutral − HDRI mean)', unit: 'points', value: (m) => m.bgGap }]
});
