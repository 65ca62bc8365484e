/**
 * The animal pair's shape: one parametric four-legged body (torso, neck, head, muzzle, nose, ears,
 * eyes, legs, tail, whiskers) evaluated with a dog's and a cat's proportions. Faces +X, stands on y = 0,
 * left side towards +Z. Both ends have exactly the same parts and grids (see morph-geometry.ts).
 */
import { ellipsoid, loft, mirrorZ, type LoftKey, type Vec3 } from './loft';
import type { ShapePart } from './morph-geometry';

type K = [number, number, number, number, number]; // x, y, z, r-up, r-side
const keys = (list: K[]): LoftKey[] => list.map(([x, y, z, a, b]) => ({ c: [x, y, z], r: [a, b] }));

export interface AnimalParams {
  torso: K[];
  neck: K[];
  head: { c: Vec3; r: Vec3 };
  muzzle: K[];
  nose: { c: Vec3; r: Vec3 };
  /** Left ear (the right one mirrors it) and the reference direction of its thickness. */
  ear: K[];
  earUp: Vec3;
  eye: { c: Vec3; r: number; look: Vec3 };
  frontLeg: K[];
  rearLeg: K[];
  tail: K[];
  /** Whisker roots (left side) and their length. */
  whiskerRoot: Vec3;
  whiskerLength: number;
}

export const DOG: AnimalParams = {
  torso: [[-0.5, 0.66, 0, 0.15, 0.14], [-0.26, 0.66, 0, 0.15, 0.135], [0, 0.65, 0, 0.16, 0.14], [0.22, 0.63, 0, 0.2, 0.16], [0.4, 0.66, 0, 0.17, 0.15]],
  neck: [[0.33, 0.72, 0, 0.12, 0.11], [0.45, 0.86, 0, 0.1, 0.095], [0.53, 0.97, 0, 0.09, 0.085]],
  head: { c: [0.57, 1.0, 0], r: [0.15, 0.12, 0.11] },
  muzzle: [[0.6, 0.97, 0, 0.075, 0.072], [0.7, 0.95, 0, 0.065, 0.062], [0.79, 0.935, 0, 0.055, 0.05], [0.84, 0.93, 0, 0.045, 0.04]],
  nose: { c: [0.875, 0.945, 0], r: [0.022, 0.024, 0.03] },
  ear: [[0.53, 1.08, 0.085, 0.012, 0.03], [0.54, 1.05, 0.125, 0.014, 0.055], [0.55, 0.96, 0.14, 0.012, 0.06], [0.57, 0.85, 0.128, 0.01, 0.045]],
  earUp: [0, 0, 1],
  eye: { c: [0.675, 1.035, 0.068], r: 0.024, look: [1, 0.05, 0.55] },
  frontLeg: [[0.3, 0.62, 0.09, 0.075, 0.07], [0.31, 0.4, 0.095, 0.055, 0.052], [0.31, 0.14, 0.095, 0.042, 0.04], [0.34, 0.04, 0.095, 0.045, 0.048]],
  rearLeg: [[-0.4, 0.62, 0.09, 0.1, 0.085], [-0.33, 0.38, 0.095, 0.065, 0.055], [-0.43, 0.16, 0.095, 0.042, 0.04], [-0.4, 0.04, 0.095, 0.045, 0.048]],
  tail: [[-0.52, 0.72, 0, 0.045, 0.045], [-0.6, 0.8, 0, 0.035, 0.035], [-0.65, 0.9, 0, 0.03, 0.03], [-0.68, 1.0, 0, 0.022, 0.022], [-0.69, 1.07, 0, 0.012, 0.012]],
  whiskerRoot: [0.8, 0.93, 0.035],
  whiskerLength: 0.012
};

/**
 * A standing domestic cat: a short, deep body (about 1.3 times as long as the shoulder is high), legs
 * under it about as long as the body is deep, a round head with a short flat muzzle, large upright ears
 * shaped as cones (so they show from the side too) and the tail held up in a loose question mark.
 */
export const CAT: AnimalParams = {
  torso: [[-0.3, 0.45, 0, 0.13, 0.12], [-0.15, 0.43, 0, 0.14, 0.13], [0, 0.42, 0, 0.145, 0.13], [0.13, 0.44, 0, 0.15, 0.125], [0.23, 0.48, 0, 0.13, 0.11]],
  neck: [[0.22, 0.52, 0, 0.1, 0.09], [0.29, 0.58, 0, 0.09, 0.085], [0.33, 0.62, 0, 0.085, 0.082]],
  head: { c: [0.39, 0.665, 0], r: [0.122, 0.112, 0.128] },
  muzzle: [[0.43, 0.632, 0, 0.05, 0.066], [0.47, 0.627, 0, 0.046, 0.06], [0.5, 0.625, 0, 0.038, 0.048], [0.51, 0.625, 0, 0.03, 0.038]],
  nose: { c: [0.53, 0.648, 0], r: [0.013, 0.013, 0.018] },
  ear: [[0.38, 0.73, 0.062, 0.038, 0.055], [0.378, 0.78, 0.073, 0.031, 0.044], [0.376, 0.83, 0.085, 0.016, 0.023], [0.375, 0.875, 0.095, 0.003, 0.004]],
  earUp: [1, 0, 0],
  eye: { c: [0.488, 0.688, 0.05], r: 0.029, look: [1, 0.05, 0.38] },
  frontLeg: [[0.17, 0.44, 0.068, 0.06, 0.055], [0.18, 0.26, 0.07, 0.045, 0.042], [0.18, 0.09, 0.07, 0.036, 0.035], [0.2, 0.035, 0.07, 0.04, 0.042]],
  rearLeg: [[-0.27, 0.46, 0.072, 0.09, 0.075], [-0.2, 0.3, 0.076, 0.06, 0.05], [-0.29, 0.13, 0.076, 0.038, 0.035], [-0.26, 0.035, 0.076, 0.04, 0.042]],
  tail: [[-0.36, 0.5, 0, 0.034, 0.034], [-0.44, 0.58, 0, 0.032, 0.032], [-0.48, 0.7, 0, 0.03, 0.03], [-0.48, 0.8, 0, 0.028, 0.028], [-0.44, 0.87, 0, 0.024, 0.024]],
  whiskerRoot: [0.505, 0.615, 0.042],
  whiskerLength: 0.16
};

const flip = (list: K[]): K[] => list.map(([x, y, z, a, b]) => [x, y, -z, a, b]);

function whiskers(p: AnimalParams): ShapePart[] {
  const out: ShapePart[] = [];
  const [x, y, z] = p.whiskerRoot;
  const L = p.whiskerLength;
  [-1, 0, 1].forEach((k, i) => {
    const left = loft({
      keys: keys([[x, y + k * 0.008, z, 0.003, 0.003], [x + L * 0.25, y + k * 0.02 - L * 0.05, z + L * 0.7, 0.0025, 0.0025], [x + L * 0.3, y + k * 0.04 - L * 0.2, z + L, 0.0015, 0.0015]]),
      up: [1, 0, 0]
    });
    out.push({ name: `whiskerL${i}`, segU: 4, segV: 6, surface: left });
    out.push({ name: `whiskerR${i}`, segU: 4, segV: 6, surface: mirrorZ(left) });
  });
  return out;
}

/** The animal's parts for one set of proportions (dog or cat). */
export function animalParts(p: AnimalParams): ShapePart[] {
  const leg = (list: K[]) => loft({ keys: keys(list), up: [1, 0, 0], capDepth: 0.8 });
  const ear = loft({ keys: keys(p.ear), up: p.earUp, capDepth: 0.5, capFraction: 0.15 });
  const eye = ellipsoid(p.eye.c, [p.eye.r, p.eye.r, p.eye.r], p.eye.look);
  const [lx, ly, lz] = p.eye.look;
  const eyeR = ellipsoid([p.eye.c[0], p.eye.c[1], -p.eye.c[2]], [p.eye.r, p.eye.r, p.eye.r], [lx, ly, -lz]);
  return [
    { name: 'torso', segU: 40, segV: 48, surface: loft({ keys: keys(p.torso), capDepth: 0.7 }) },
    { name: 'neck', segU: 24, segV: 12, surface: loft({ keys: keys(p.neck), capDepth: 0.6 }) },
    { name: 'head', segU: 32, segV: 24, surface: ellipsoid(p.head.c, p.head.r) },
    { name: 'muzzle', segU: 24, segV: 16, surface: loft({ keys: keys(p.muzzle), capDepth: 0.7 }) },
    { name: 'nose', segU: 12, segV: 8, surface: ellipsoid(p.nose.c, p.nose.r) },
    { name: 'earL', segU: 12, segV: 14, surface: ear },
    { name: 'earR', segU: 12, segV: 14, surface: mirrorZ(ear) },
    { name: 'eyeL', segU: 16, segV: 12, surface: eye },
    { name: 'eyeR', segU: 16, segV: 12, surface: eyeR },
    { name: 'legFL', segU: 16, segV: 24, surface: leg(p.frontLeg) },
    { name: 'legFR', segU: 16, segV: 24, surface: leg(flip(p.frontLeg)) },
    { name: 'legBL', segU: 16, segV: 24, surface: leg(p.rearLeg) },
    { name: 'legBR', segU: 16, segV: 24, surface: leg(flip(p.rearLeg)) },
    { name: 'tail', segU: 12, segV: 28, surface: loft({ keys: keys(p.tail), capDepth: 0.8 }) },
    ...whiskers(p)
  ];
}
