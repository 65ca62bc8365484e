/**
 * The vehicle pair's shape: one parametric vehicle (chassis, cab, body, bumper, roof bar / wing, struts,
 * ladder rails and rungs, low lockers, door mirrors, six wheels) evaluated as a fire truck and as a race car. Parts
 * a race car has no use for (ladder, lockers, third axle) shrink away inside its body. Faces +X, stands
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
  /** The lower body between the axles (the fire engine's low lockers). */
  lockers: K[];
  wheels: [Wheel, Wheel, Wheel];
  /** The left door mirror (the right one mirrors it): the arm out from the cab and the head on it, each a spine of keys. */
  mirror: { arm: K[]; head: K[]; headUp: Vec3 };
  /** Superellipse exponents of the cab's, body's and lockers' sections (higher is boxier) and their end caps' depth. */
  edges: { cab: number; body: number; lockers: number; capDepth: number };
}

export const RUNG_COUNT = 10;

/**
 * A fire engine with a US-style custom cab: a long body (about 2.3 times as long as it is high) on a
 * black frame, sharp-edged, a crew cab with a raised roof a little higher than the body with a tall windscreen over the front wheels,
 * lockers low between the axles, a tandem rear axle, a ladder on a rack running from over the cab to
 * past the rear, a light bar at the front of the cab roof and a chrome bumper. Wheels stand slightly proud of the body sides.
 */
export const FIRE_TRUCK: VehicleParams = {
  chassis: [[1.22, 0.34, 0, 0.08, 0.36], [0, 0.34, 0, 0.08, 0.36], [-1.32, 0.34, 0, 0.08, 0.36]],
  cab: [[1.26, 0.84, 0, 0.33, 0.45], [1.16, 0.86, 0, 0.35, 0.46], [0.9, 0.86, 0, 0.35, 0.46], [0.76, 0.9, 0, 0.39, 0.46], [0.56, 0.9, 0, 0.39, 0.46]],
  body: [[0.55, 0.86, 0, 0.28, 0.46], [-0.4, 0.86, 0, 0.28, 0.46], [-1.32, 0.86, 0, 0.28, 0.46]],
  lockers: [[0.54, 0.45, 0, 0.16, 0.455], [0.1, 0.45, 0, 0.16, 0.455], [-0.32, 0.45, 0, 0.16, 0.455]],
  bumper: [[1.32, 0.34, -0.46, 0.08, 0.06], [1.33, 0.34, 0, 0.08, 0.06], [1.32, 0.34, 0.46, 0.08, 0.06]],
  roofBar: [[1.17, 1.245, -0.36, 0.035, 0.06], [1.17, 1.245, 0, 0.035, 0.06], [1.17, 1.245, 0.36, 0.035, 0.06]],
  strut: [[0.45, 1.12, 0.24, 0.03, 0.02], [0.45, 1.27, 0.24, 0.03, 0.02]],
  rail: [[1.04, 1.31, 0.25, 0.05, 0.02], [-0.2, 1.31, 0.25, 0.05, 0.02], [-1.36, 1.31, 0.25, 0.05, 0.02]],
  rungs: { x: Array.from({ length: RUNG_COUNT }, (_, k) => 0.98 - k * 0.255), y: 1.31, span: 0.25, r: 0.016 },
  wheels: [
    { x: 0.92, r: 0.28, z0: 0.26, z1: 0.49 },
    { x: -0.62, r: 0.28, z0: 0.26, z1: 0.49 },
    { x: -0.98, r: 0.28, z0: 0.26, z1: 0.49 }
  ],
  // Tall West Coast mirrors on arms at the cab's front corners, as every fire engine carries.
  mirror: {
    arm: [[1.16, 1.02, 0.44, 0.018, 0.018], [1.16, 1.02, 0.52, 0.018, 0.018], [1.15, 1.02, 0.58, 0.018, 0.018]],
    head: [[1.14, 0.84, 0.6, 0.022, 0.05], [1.14, 0.99, 0.6, 0.024, 0.052], [1.14, 1.14, 0.6, 0.022, 0.05]],
    headUp: [1, 0, 0]
  },
  edges: { cab: 24, body: 30, lockers: 30, capDepth: 0.04 }
};

/**
 * A GT race car, low and wide (about twice as long as it is wide and a quarter as high as it is long):
 * a narrow lower tub with the wide upper body over it, so that the wheels sit under flared wheel
 * arches, a low glasshouse with a raked windscreen, a front splitter and a rear wing on two struts.
 */
export const RACE_CAR: VehicleParams = {
  chassis: [[1.1, 0.19, 0, 0.07, 0.34], [0.8, 0.2, 0, 0.1, 0.42], [0, 0.21, 0, 0.11, 0.44], [-0.8, 0.23, 0, 0.12, 0.44], [-1.05, 0.25, 0, 0.11, 0.42]],
  cab: [[0.44, 0.4, 0, 0.02, 0.3], [0.16, 0.46, 0, 0.11, 0.37], [-0.22, 0.47, 0, 0.115, 0.37], [-0.6, 0.42, 0, 0.05, 0.31]],
  body: [[1.06, 0.27, 0, 0.05, 0.44], [0.7, 0.34, 0, 0.1, 0.53], [0.05, 0.34, 0, 0.08, 0.5], [-0.65, 0.36, 0, 0.11, 0.55], [-1.02, 0.35, 0, 0.09, 0.5]],
  lockers: [[0.2, 0.22, 0, 0.04, 0.2], [0, 0.22, 0, 0.04, 0.2], [-0.2, 0.22, 0, 0.04, 0.2]],
  bumper: [[1.1, 0.1, -0.44, 0.015, 0.12], [1.14, 0.1, 0, 0.015, 0.13], [1.1, 0.1, 0.44, 0.015, 0.12]],
  roofBar: [[-0.98, 0.51, -0.5, 0.014, 0.13], [-0.98, 0.52, 0, 0.014, 0.14], [-0.98, 0.51, 0.5, 0.014, 0.13]],
  strut: [[-0.93, 0.38, 0.28, 0.07, 0.012], [-0.97, 0.5, 0.28, 0.07, 0.012]],
  rail: [[0.2, 0.2, 0.1, 0.01, 0.01], [0, 0.2, 0.1, 0.01, 0.01], [-0.2, 0.2, 0.1, 0.01, 0.01]],
  rungs: { x: Array.from({ length: RUNG_COUNT }, (_, k) => 0.2 - k * 0.04), y: 0.2, span: 0.05, r: 0.008 },
  wheels: [
    { x: 0.7, r: 0.205, z0: 0.3, z1: 0.56 },
    { x: -0.02, r: 0.01, z0: 0.05, z1: 0.08 },
    { x: -0.65, r: 0.22, z0: 0.3, z1: 0.59 }
  ],
  // Small body-coloured door mirrors at the foot of the windscreen pillars.
  mirror: {
    arm: [[0.33, 0.44, 0.3, 0.012, 0.015], [0.32, 0.48, 0.4, 0.012, 0.015], [0.31, 0.5, 0.5, 0.012, 0.015]],
    head: [[0.3, 0.51, 0.49, 0.028, 0.022], [0.3, 0.51, 0.54, 0.032, 0.028], [0.3, 0.51, 0.59, 0.028, 0.022]],
    headUp: [0, 1, 0]
  },
  edges: { cab: 12, body: 14, lockers: 14, capDepth: 0.08 }
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
    { name: 'cab', segU: 48, segV: 24, surface: box(p.cab, p.edges.cab, p.edges.capDepth) },
    { name: 'body', segU: 48, segV: 32, surface: box(p.body, p.edges.body, p.edges.capDepth) },
    { name: 'bumper', segU: 24, segV: 16, surface: box(p.bumper, 8, 0.3) },
    { name: 'roofBar', segU: 24, segV: 16, surface: box(p.roofBar, 4, 0.5) },
    { name: 'strutL', segU: 8, segV: 4, surface: strut },
    { name: 'strutR', segU: 8, segV: 4, surface: mirrorZ(strut) },
    { name: 'railL', segU: 12, segV: 24, surface: rail },
    { name: 'railR', segU: 12, segV: 24, surface: mirrorZ(rail) },
    { name: 'lockers', segU: 48, segV: 16, surface: box(p.lockers, p.edges.lockers, p.edges.capDepth) }
  ];
  p.rungs.x.forEach((x, k) => {
    const { y, span, r } = p.rungs;
    parts.push({ name: `rung${k}`, segU: 8, segV: 4, surface: loft({ keys: keys([[x, y, -span, r, r], [x, y, span, r, r]]), capDepth: 0.5 }) });
  });
  const arm = loft({ keys: keys(p.mirror.arm), capDepth: 0.5 });
  const head = loft({ keys: keys(p.mirror.head), up: p.mirror.headUp, exponent: 4, capDepth: 0.4 });
  parts.push(
    { name: 'mirrorArmL', segU: 8, segV: 6, surface: arm },
    { name: 'mirrorArmR', segU: 8, segV: 6, surface: mirrorZ(arm) },
    { name: 'mirrorL', segU: 12, segV: 10, surface: head },
    { name: 'mirrorR', segU: 12, segV: 10, surface: mirrorZ(head) }
  );
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
