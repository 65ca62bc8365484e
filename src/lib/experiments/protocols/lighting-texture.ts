/**
 * Lighting and texture: does the model read the texture or the shading? Three sweeps over the four
 * procedural subjects: lighting influence (lighting.shading, 0 = unlit albedo … 1 = fully lit),
 * texture blur (subject.textureBlur, 0 … the field's maximum) and texture off (subject.untextured).
 *
 * Representation: one definition per factor, axes factor × subject; the base has all three at their
 * defaults (lit, sharp, textured), so each sweep changes one thing. The summary groups rows by the
 * field their run sweeps and reads the level from the point's state.
 *
 * Summary metrics (differences of top-1 accuracy, positive = the change hurts): unlit drop = accuracy
 * at shading 1 − at shading 0; texture-blur drop = at blur 0 − at the strongest blur measured;
 * texture-off drop = textured − untextured.
 *
 * Grids: full shading 0, .25, .5, .75, 1; blur 0, 2, 4, 8, 16; texture on/off × 4 subjects = 48 points
 * in 3 definitions; reduced shading {0, 1}, blur {0, 16}, texture on/off × 4 subjects = 24 points.
 */
import { numberSpec, type FieldPath, type SceneState } from '$lib/state/schema';
import type { AnyFieldValue } from '$lib/state/schema';
import {
  PROCEDURAL_REFS, TallyMap, checkedDefinition, classSetsInWords, gap, makeProtocol, modelsOf, noTruthNote, pointRows, protocolBase,
  runIdsOf, sweptField, type ModelSummaryBase, type ProtocolGrid, type ProtocolRun
} from './protocol';

const MAX_TEXTURE_BLUR = numberSpec('subject.textureBlur').max;
export const SHADING_LEVELS = [0, 0.25, 0.5, 0.75, 1];
export const TEXTURE_BLUR_LEVELS = [0, 2, 4, 8, MAX_TEXTURE_BLUR];
const FACTORS: { id: LightingFactor; path: FieldPath; full: AnyFieldValue[]; reduced: AnyFieldValue[] }[] = [
  { id: 'shading', path: 'lighting.shading', full: SHADING_LEVELS, reduced: [0, 1] },
  { id: 'textureBlur', path: 'subject.textureBlur', full: TEXTURE_BLUR_LEVELS, reduced: [0, MAX_TEXTURE_BLUR] },
  { id: 'untextured', path: 'subject.untextured', full: [false, true], reduced: [false, true] }
];

export type LightingFactor = 'shading' | 'textureBlur' | 'untextured';

export interface FactorLevel {
  /** The field's value (a number, or true/false for texture off). */
  value: number | boolean;
  points: number;
  top1: number | null;
}

export interface LightingTextureModelSummary extends ModelSummaryBase {
  /** Per factor, its levels in ascending order (false before true). */
  levels: Record<LightingFactor, FactorLevel[]>;
  unlitDrop: number | null;
  textureBlurDrop: number | null;
  textureOffDrop: number | null;
}

function definitions(models: readonly string[], base: SceneState, grid: ProtocolGrid = 'full') {
  const clean = protocolBase(base, FACTORS.map((f) => f.path));
  return FACTORS.map((f) =>
    checkedDefinition({
      name: `Lighting and texture: ${f.id === 'shading' ? 'lighting influence' : f.id === 'textureBlur' ? 'texture blur' : 'texture off'}`,
      base: clean,
      axes: [
        { kind: 'field', path: f.path, values: grid === 'full' ? f.full : f.reduced },
        { kind: 'subject', subjects: PROCEDURAL_REFS }
      ],
      models
    })
  );
}

const levelOf = (levels: FactorLevel[], value: number | boolean) => levels.find((l) => l.value === value)?.top1 ?? null;

function summariseRuns(runs: readonly ProtocolRun[]) {
  const models = modelsOf(runs);
  const per = new Map(models.map((m) => [m.model, new TallyMap()]));
  const seen = new Map<LightingFactor, Set<number | boolean>>(FACTORS.map((f) => [f.id, new Set()]));
  let skipped = 0;
  for (const { run, row, point } of pointRows(runs)) {
    const swept = sweptField(run, FACTORS.map((f) => f.path));
    const tallies = per.get(row.model);
    if (!swept || !tallies) continue;
    const factor = FACTORS.find((f) => f.path === swept.path)!.id;
    const value = point.values[swept.index] as number | boolean;
    if (!tallies.add(`${factor}|${String(value)}`, row)) skipped++;
    else seen.get(factor)!.add(value);
  }
  const out: LightingTextureModelSummary[] = models.map((m) => {
    const tallies = per.get(m.model)!;
    let points = 0;
    const levels = {} as Record<LightingFactor, FactorLevel[]>;
    for (const f of FACTORS) {
      const values = [...seen.get(f.id)!].sort((a, b) => Number(a) - Number(b));
      levels[f.id] = values.flatMap((value) => {
        const t = tallies.map.get(`${f.id}|${String(value)}`);
        if (!t || t.n === 0) return [];
        points += t.n;
        return [{ value, points: t.n, top1: t.c1 / t.n }];
      });
    }
    const blurs = levels.textureBlur;
    const strongest = blurs.length > 1 ? blurs[blurs.length - 1].value : undefined;
    return {
      ...m,
      points,
      levels,
      unlitDrop: gap(levelOf(levels.shading, 1), levelOf(levels.shading, 0)),
      textureBlurDrop: strongest === undefined ? null : gap(levelOf(blurs, 0), levelOf(blurs, strongest)),
      textureOffDrop: gap(levelOf(levels.untextured, false), levelOf(levels.untextured, true))
    };
  });
  return { protocol: 'lighting-texture' as const, models: out, runIds: runIdsOf(runs), notes: noTruthNote(skipped) };
}

export const LIGHTING_TEXTURE = makeProtocol<LightingTextureModelSummary>({
  id: 'lighting-texture',
  name: 'Lighting and texture',
  question: 'Does the model read the texture or the shading?',
  reference: null,
  classSetNote: `Accuracy is top-1 in the subject's class set (${classSetsInWords()}). No literature figure is shown: the issue names none for this protocol.`,
  grids: {
    full: `lighting influence 0…1 (5 levels), texture blur 0…${MAX_TEXTURE_BLUR} (5 levels), texture on/off × 4 subjects: 3 definitions, 48 points`,
    reduced: `lighting influence {0, 1}, texture blur {0, ${MAX_TEXTURE_BLUR}}, texture on/off × 4 subjects: 3 definitions, 24 points`
  },
  definitions,
  summariseRuns,
  findings: [
    { key: 'textureOffDrop', label: 'Texture off: accuracy drop', unit: 'points', value: (m) => m.textureOffDrop },
    { key: 'unlitDrop', label: 'Unlit: accuracy drop', unit: 'points', value: (m) => m.unlitDrop }
  ]
});
