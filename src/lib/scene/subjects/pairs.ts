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

export function pairDefinition(name: SubjectPairName): PairDefinition {
  if (name === 'animal') {
    return {
      a: { name: 'dog', parts: animalParts(DOG), paint: dogCoat },
      b: { name: 'cat', parts: animalParts(CAT), paint: catCoat },
      normalStrength: 3,
      plainColor: '#bdb6ab'
    };
  }
  return {
    a: { name: 'fire truck', parts: vehicleParts(FIRE_TRUCK), paint: fireTruckPaint },
    b: { name: 'race car', parts: vehicleParts(RACE_CAR), paint: raceCarPaint },
    normalStrength: 2,
    plainColor: '#c3c3c3'
  };
}
