/**
 * The morphable subject pairs: for each, the two ends' parts and paints. End A is the base shape and
 * texture (slider 0), end B the morph target (slider 1).
 */
import { animalParts, CAT, DOG } from './animal-geometry';
import { catCoat, dogCoat } from './animal-textures';
import type { ShapePart } from './morph-geometry';
import type { Painter } from './texture-painter';
import { FIRE_TRUCK, RACE_CAR, vehicleParts } from './vehicle-geometry';
import { fireTruckPaint, raceCarPaint } from './vehicle-textures';

export const SUBJECT_PAIRS = ['animal', 'vehicle'] as const;
export type SubjectPairName = (typeof SUBJECT_PAIRS)[number];

export interface PairEnd {
  /** What this end is, in words ("dog"). */
  name: string;
  parts: ShapePart[];
  paint: Painter;
}

export interface PairDefinition {
  a: PairEnd;
  b: PairEnd;
  /** Relief strength of the generated normal map. */
  normalStrength: number;
  /** Surface colour with "no texture". */
  plainColor: string;
}

/** Scales a part list about the ground origin and shifts it along x (to frame each end alike). */
export function placeParts(parts: ShapePart[], scale: number, shiftX: number): ShapePart[] {
  return parts.map((p) => ({
    ...p,
    surface: (u: number, v: number) => {
      const q = p.surface(u, v);
      return [q[0] * scale + shiftX, q[1] * scale, q[2] * scale] as [number, number, number];
    }
  }));
}

/** A painter for parts placed at `scale` (placeParts): it paints in the unscaled units it was written in. */
export function placedPainter(paint: Painter, scale: number): Painter {
  return (s) => paint({ ...s, p: [s.p[0] / scale, s.p[1] / scale, s.p[2] / scale] });
}

/** The fire engine is drawn at its real-world length and scaled to fit the frame from every side. */
const TRUCK_SCALE = 0.9;

export function pairDefinition(name: SubjectPairName): PairDefinition {
  if (name === 'animal') {
    return {
      a: { name: 'dog', parts: placeParts(animalParts(DOG), 1.5, -0.15), paint: dogCoat },
      b: { name: 'cat', parts: placeParts(animalParts(CAT), 1.75, 0), paint: catCoat },
      normalStrength: 3,
      plainColor: '#bdb6ab'
    };
  }
  return {
    a: { name: 'fire truck', parts: placeParts(vehicleParts(FIRE_TRUCK), TRUCK_SCALE, 0), paint: placedPainter(fireTruckPaint, TRUCK_SCALE) },
    b: { name: 'race car', parts: vehicleParts(RACE_CAR), paint: raceCarPaint },
    normalStrength: 1.5,
    plainColor: '#c3c3c3'
  };
}
