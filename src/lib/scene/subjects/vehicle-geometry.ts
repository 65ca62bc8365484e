/**
 * The vehicle pair's shape: one parametric vehicle (chassis, cab, body, bumper, roof bar / wing, struts,
 * ladder rails and rungs, hose reel, six wheels) evaluated as a fire truck and as a race car. Parts a
 * race car has no use for (ladder, hose reel, third axle) shrink away inside its body. Faces +X, stands
 * on y = 0, left side towards +Z.
 */
import { loft, mirrorZ, type LoftKey, type Vec3 } from './loft';
import type { ShapePart } from './morph-geometry';

type K = [number, number, number, number, number]; // x, y, z, r-up, r-side
const keys = (list: K[]): LoftKey[] => list.map(([x, y, z, a, b]) => ({ c: [x, y, z], r: [a, b] }));

export interface Wheel {
  /** Centre x, radius, inner and outer z (left side; the right side mirrors it). */
  x: number;
  r: number;
  z0: number;
  z1: number;
}

export interface VehicleParams {
  chassis: K[];
  cab: K[];
  body: K[];
  bumper: K[];
  roofBar: K[];
  strut: K[];
  rail: K[];
  /** x of each rung, their y, half span in z and radius. */
  rungs: { x: number[]; y: number; span: number; r: number };
  reel: K[];
  wheels: [Wheel, Wheel, Wheel];
}

export const RUNG_COUNT = 10;

export const FIRE_TRUCK: VehicleParams = {
  chassis: [[1.02, 0.42, 0, 0.14, 0.44], [0, 0.42, 0, 0.14, 0.44], [-1.08, 0.42, 0, 0.14, 0.44]],
  cab: [[1.0, 0.98, 0, 0.36, 0.44], [0.85, 0.99, 0, 0.38, 0.45], [0.62, 1.0, 0, 0.38, 0.45], [0.44, 1.0, 0, 0.38, 0.45]],
  body: [[0.44, 0.9, 0, 0.36, 0.45], [-0.3, 0.9, 0, 0.36, 0.45], [-1.08, 0.9, 0, 0.36, 0.45]],
  bumper: [[1.1, 0.3, -0.45, 0.08, 0.06], [1.1, 0.3, 0, 0.08, 0.06], [1.1, 0.3, 0.45, 0.08, 0.06]],
  roofBar: [[0.78, 1.42, -0.32, 0.04, 0.07], [0.78, 1.42, 0, 0.04, 0.07], [0.78, 1.42, 0.32, 0.04, 0.07]],
  strut: [[0.78, 1.36, 0.22, 0.03, 0.02], [0.78, 1.4, 0.22, 0.03, 0.02]],
  rail: [[0.95, 1.34, 0.22, 0.035, 0.018], [-0.1, 1.34, 0.22, 0.035, 0.018], [-1.2, 1.34, 0.22, 0.035, 0.018]],
  rungs: { x: Array.from({ length: RUNG_COUNT }, (_, k) => 0.86 - k * 0.225), y: 1.34, span: 0.22, r: 0.014 },
  reel: [[-0.62, 0.78, 0.44, 0.16, 0.16], [-0.62, 0.78, 0.5, 0.16, 0.16]],
  wheels: [
    { x: 0.72, r: 0.26, z0: 0.25, z1: 0.45 },
    { x: -0.5, r: 0.26, z0: 0.25, z1: 0.45 },
    { x: -0.84, r: 0.26, z0: 0.25, z1: 0.45 }
  ]
};

export const RACE_CAR: VehicleParams = {
  chassis: [[1.12, 0.14, 0, 0.05, 0.3], [0.75, 0.17, 0, 0.09, 0.42], [0.1, 0.2, 0, 0.12, 0.52], [-0.55, 0.22, 0, 0.14, 0.53], [-1.02, 0.23, 0, 0.12, 0.48]],
  cab: [[0.45, 0.3, 0, 0.03, 0.16], [0.22, 0.35, 0, 0.12, 0.26], [-0.1, 0.37, 0, 0.13, 0.27], [-0.42, 0.32, 0, 0.06, 0.2]],
  body: [[0.35, 0.26, 0, 0.07, 0.46], [-0.3, 0.3, 0, 0.11, 0.54], [-0.92, 0.3, 0, 0.09, 0.5]],
  bumper: [[1.12, 0.07, -0.44, 0.012, 0.1], [1.14, 0.07, 0, 0.012, 0.12], [1.12, 0.07, 0.44, 0.012, 0.1]],
  roofBar: [[-0.98, 0.56, -0.5, 0.014, 0.13], [-0.98, 0.58, 0, 0.014, 0.14], [-0.98, 0.56, 0.5, 0.014, 0.13]],
  strut: [[-0.93, 0.32, 0.28, 0.08, 0.012], [-0.97, 0.56, 0.28, 0.08, 0.012]],
  rail: [[0.2, 0.2, 0.1, 0.01, 0.01], [0, 0.2, 0.1, 0.01, 0.01], [-0.2, 0.2, 0.1, 0.01, 0.01]],
  rungs: { x: Array.from({ length: RUNG_COUNT }, (_, k) => 0.2 - k * 0.04), y: 0.2, span: 0.05, r: 0.008 },
  reel: [[-0.3, 0.22, 0.1, 0.02, 0.02], [-0.3, 0.22, 0.12, 0.02, 0.02]],
  wheels: [
    { x: 0.72, r: 0.21, z0: 0.32, z1: 0.54 },
    { x: -0.02, r: 0.01, z0: 0.05, z1: 0.08 },
    { x: -0.66, r: 0.23, z0: 0.3, z1: 0.58 }
  ]
};

const flip = (list: K[]): K[] => list.map(([x, y, z, a, b]) => [x, y, -z, a, b]);

function wheel({ x, r, z0, z1 }: Wheel) {
  return loft({
    keys: keys([[x, r, z0, r * 0.9, r * 0.9], [x, r, (z0 + z1) / 2, r, r], [x, r, z1, r * 0.9, r * 0.9]]),
    exponent: 2,
    capDepth: 0.12,
    capFraction: 0.3
  });
}

/** The vehicle's parts for one set of proportions (fire truck or race car). */
export function vehicleParts(p: VehicleParams): ShapePart[] {
  const box = (list: K[], exponent: number, capDepth = 0.08) => loft({ keys: keys(list), exponent, capDepth, capFraction: 0.12 });
  const rail = box(p.rail, 6, 0.3);
  const strut = loft({ keys: keys(p.strut), exponent: 4, capDepth: 0.3 });
  const parts: ShapePart[] = [
    { name: 'chassis', segU: 48, segV: 32, surface: box(p.chassis, 10) },
    { name: 'cab', segU: 48, segV: 24, surface: box(p.cab, 12) },
    { name: 'body', segU: 48, segV: 32, surface: box(p.body, 14) },
    { name: 'bumper', segU: 24, segV: 16, surface: box(p.bumper, 8, 0.3) },
    { name: 'roofBar', segU: 24, segV: 16, surface: box(p.roofBar, 4, 0.5) },
    { name: 'strutL', segU: 8, segV: 4, surface: strut },
    { name: 'strutR', segU: 8, segV: 4, surface: mirrorZ(strut) },
    { name: 'railL', segU: 12, segV: 24, surface: rail },
    { name: 'railR', segU: 12, segV: 24, surface: mirrorZ(rail) },
    { name: 'reel', segU: 32, segV: 12, surface: loft({ keys: keys(p.reel), capDepth: 0.1, capFraction: 0.35 }) }
  ];
  p.rungs.x.forEach((x, k) => {
    const { y, span, r } = p.rungs;
    parts.push({ name: `rung${k}`, segU: 8, segV: 4, surface: loft({ keys: keys([[x, y, -span, r, r], [x, y, span, r, r]]), capDepth: 0.5 }) });
  });
  const names = ['F', 'M', 'R'];
  p.wheels.forEach((w, k) => {
    const left = wheel(w);
    parts.push({ name: `wheel${names[k]}L`, segU: 40, segV: 20, surface: left });
    parts.push({ name: `wheel${names[k]}R`, segU: 40, segV: 20, surface: mirrorZ(left) });
  });
  return parts;
}

/** Centre of a wheel part (for painting rims), or null for other parts. */
export function wheelCentre(p: VehicleParams, part: string): Vec3 | null {
  const m = /^wheel([FMR])([LR])$/.exec(part);
  if (!m) return null;
  const w = p.wheels['FMR'.indexOf(m[1])];
  return [w.x, w.r, m[2] === 'L' ? 1 : -1];
}
