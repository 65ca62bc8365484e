/**
 * Cue conflict: does the model follow the shape or the texture? For each morphable pair (dog ↔ cat,
 * fire truck ↔ race car), subject.shape × subject.texture from 0 to 1 in 5 steps: shape 0 with texture 1
 * is a dog's shape in a cat's texture.
 *
 * Representation: one definition per pair, axes shape × texture, its subject the pair's first end (the
 * subject sets the pair; the axes then set both morphs). Its truth is that end's class set, so the
 * run's own p(truth) heatmap shows the whole grid; the shape bias does not use the truth but judges
 * each top-1 label against the class sets of both ends.
 *
 * Shape bias = shape decisions / (shape + texture decisions), over the conflict points: shape and
 * texture at opposite ends (default 'corners': one at 0, the other at 1; option 'nearest': each morph
 * judged by its nearest end, 0.5 counting for neither). A top-1 class in neither end's set is "other"
 * and counts for neither. Geirhos et al. count the same way over their 16 classes.
 *
 * Grids: full 2 pairs × 5 × 5 = 50 points; reduced 2 pairs × {0, 1} × {0, 1} = 8 points.
 */
import type { SceneState } from '$lib/state/schema';
import { classSet, inClassSet } from '$lib/models/class-sets.js';
import type { ProceduralSubject } from '../subjects';
import {
  THEIR_FIGURE, checkedDefinition, makeProtocol, modelsOf, pointRows, protocolBase, runIdsOf, share,
  type ModelSummaryBase, type ProtocolGrid, type ProtocolRun, type SummaryOptions
} from './protocol';

export const CUE_PAIRS = { animal: ['dog', 'cat'], vehicle: ['fire truck', 'race car'] } as const satisfies Record<string, readonly [ProceduralSubject, ProceduralSubject]>;
export type CuePair = keyof typeof CUE_PAIRS;

export interface CueCounts {
  /** Conflict points judged. */
  conflicts: number;
  shape: number;
  texture: number;
  other: number;
  /** shape / (shape + texture), or null when no decision followed either. */
  shapeBias: number | null;
}

export interface CueConflictModelSummary extends ModelSummaryBase, CueCounts {
  byPair: ({ pair: CuePair } & CueCounts)[];
}

const counts = (): CueCounts => ({ conflicts: 0, shape: 0, texture: 0, other: 0, shapeBias: null });

/** The end (0 or 1) a morph value stands for, or null where it stands for neither. */
export function morphEnd(value: number, conflict: SummaryOptions['conflict'] = 'corners'): 0 | 1 | null {
  if (conflict === 'nearest') return value < 0.5 ? 0 : value > 0.5 ? 1 : null;
  return value === 0 ? 0 : value === 1 ? 1 : null;
}

/** Which cue a top-1 label follows at a point whose shape is `shapeEnd`'s subject and texture the other's. */
export function cueDecision(label: string | undefined, shapeSubject: string, textureSubject: string): 'shape' | 'texture' | 'other' {
  if (label === undefined) return 'other';
  if (inClassSet(classSet(shapeSubject), label)) return 'shape';
  if (inClassSet(classSet(textureSubject), label)) return 'texture';
  return 'other';
}

function definitions(models: readonly string[], base: SceneState, grid: ProtocolGrid = 'full') {
  const values = grid === 'full' ? { from: 0, to: 1, steps: 5 } : [0, 1];
  return (Object.keys(CUE_PAIRS) as CuePair[]).map((pair) => {
    const [first, second] = CUE_PAIRS[pair];
    return checkedDefinition({
      name: `Cue conflict: ${first} ↔ ${second}`,
      base: protocolBase(base, ['subject.untextured', 'subject.textureBlur']),
      subject: { kind: 'procedural', name: first },
      axes: [
        { kind: 'field', path: 'subject.shape', values },
        { kind: 'field', path: 'subject.texture', values }
      ],
      models
    });
  });
}

function finish(c: CueCounts): CueCounts {
  return { ...c, shapeBias: share(c.shape, c.shape + c.texture) };
}

function summariseRuns(runs: readonly ProtocolRun[], options: SummaryOptions = {}) {
  const models = modelsOf(runs);
  const per = new Map(models.map((m) => [m.model, { all: counts(), pairs: new Map<CuePair, CueCounts>() }]));
  for (const { row, point } of pointRows(runs)) {
    const acc = per.get(row.model);
    const s = point.state.subject;
    if (!acc || s.source !== 'procedural' || s.untextured) continue;
    const shapeEnd = morphEnd(s.shape, options.conflict);
    const textureEnd = morphEnd(s.texture, options.conflict);
    if (shapeEnd === null || textureEnd === null || shapeEnd === textureEnd) continue;
    const ends = CUE_PAIRS[s.pair];
    const decision = cueDecision(row.top[0]?.label, ends[shapeEnd], ends[textureEnd]);
    const pair = acc.pairs.get(s.pair) ?? counts();
    acc.pairs.set(s.pair, pair);
    for (const c of [acc.all, pair]) {
      c.conflicts++;
      c[decision]++;
    }
  }
  const out: CueConflictModelSummary[] = models.map((m) => {
    const acc = per.get(m.model)!;
    return { ...m, ...finish(acc.all), points: acc.all.conflicts, byPair: [...acc.pairs].map(([pair, c]) => ({ pair, ...finish(c) })) };
  });
  const notes = out.some((m) => m.conflicts === 0) ? ['A model without conflict points (shape and texture at opposite ends) has no shape bias.'] : [];
  return { protocol: 'cue-conflict' as const, models: out, runIds: runIdsOf(runs), notes };
}

export const CUE_CONFLICT = makeProtocol<CueConflictModelSummary>({
  id: 'cue-conflict',
  name: 'Cue conflict',
  question: 'When shape and texture say different things, which does the model follow?',
  reference: {
    figure: 'Shape bias: ImageNet-trained ResNet-50 ≈ 22%, Stylized-ImageNet-trained ResNet-50 ≈ 81%, humans ≈ 96% (16 classes, style-transfer images).',
    citation: 'Geirhos et al., "ImageNet-trained CNNs are biased towards texture", ICLR 2019',
    caveat: THEIR_FIGURE
  },
  classSetNote:
    'A decision follows the shape when the top-1 class is in the class set of the shape’s end, the texture when in the texture’s end (dog: any dog breed; cat: a domestic cat; fire truck: fire engine; race car: racer or sports car); other classes count for neither. The runs’ own truth (p(truth), correct@1) is the first end of the pair.',
  grids: {
    full: 'shape 0…1 × texture 0…1 in 5 steps, both pairs: 2 definitions, 50 points (conflicts: the 2 opposite corners of each pair)',
    reduced: 'shape {0, 1} × texture {0, 1}, both pairs: 2 definitions, 8 points'
  },
  definitions,
  summariseRuns,
  findings: [{ key: 'shapeBias', label: 'Shape bias', unit: 'percent', value: (m) => m.shapeBias }]
});
