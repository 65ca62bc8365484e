/**
 * Parametric surfaces for procedural subjects: a cross-section (ellipse or rounded rectangle, i.e. a
 * superellipse) swept along a smooth spine through key sections, with optional rounded end caps.
 * A surface maps (u around, v along) in 0..1 to a point, so the same grid of (u, v) evaluated with two
 * parameter sets gives two shapes with identical topology and UVs: the basis of the shape morph.
 */

export type Vec3 = [number, number, number];

/** A point of the surface for u (around the section, 0..1) and v (along the spine, 0..1). */
export type Surface = (u: number, v: number) => Vec3;

export interface LoftKey {
  /** Centre of the section. */
  c: Vec3;
  /** Half-extent towards "up" (u = 0) and towards the side (u = 0.25). */
  r: [number, number];
}

export interface LoftOptions {
  keys: LoftKey[];
  /** Reference "up" for the section frame (u = 0 points this way). Default +Y. */
  up?: Vec3;
  /** Superellipse exponent: 2 is an ellipse, larger is boxier. Default 2. */
  exponent?: number;
  /** Rounded caps at the start / end (hemispherical when capDepth is 1). Default true, true. */
  capStart?: boolean;
  capEnd?: boolean;
  /** Depth of a cap relative to the end section's radius. Default 1. */
  capDepth?: number;
  /** Fraction of the v range each cap uses. Default 0.2. */
  capFraction?: number;
}

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export function normalise(a: Vec3): Vec3 {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
}

function catmull(p0: number, p1: number, p2: number, p3: number, t: number): number {
  const t2 = t * t;
  const t3 = t2 * t;
  return 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t3);
}

/** Samples the keys (evenly spaced along s in 0..1) with a Catmull-Rom spline. */
function sampleKeys(keys: LoftKey[], s: number): { c: Vec3; r: [number, number] } {
  if (keys.length === 1) return keys[0];
  const n = keys.length - 1;
  const x = Math.min(n - 1e-9, Math.max(0, s * n));
  const i = Math.floor(x);
  const t = x - i;
  const k = (j: number) => keys[Math.min(n, Math.max(0, j))];
  const [a, b, c, d] = [k(i - 1), k(i), k(i + 1), k(i + 2)];
  const comp = (f: (key: LoftKey) => number) => catmull(f(a), f(b), f(c), f(d), t);
  return {
    c: [comp((q) => q.c[0]), comp((q) => q.c[1]), comp((q) => q.c[2])],
    r: [Math.max(0, comp((q) => q.r[0])), Math.max(0, comp((q) => q.r[1]))]
  };
}

function superCos(a: number, e: number): number {
  const c = Math.cos(a);
  return Math.sign(c) * Math.pow(Math.abs(c), 2 / e);
}

function superSin(a: number, e: number): number {
  const s = Math.sin(a);
  return Math.sign(s) * Math.pow(Math.abs(s), 2 / e);
}

const ARC_SAMPLES = 512;
const arcTables = new Map<string, Float64Array>();

/**
 * The superellipse parameter whose point lies in the direction `phi` (polar angle). Sampling by polar
 * angle moves along the outline at a bounded speed even for boxy sections, where the parameter itself
 * races round the corners.
 */
function polarToParameter(phi: number, e: number): number {
  const c = Math.cos(phi);
  const s = Math.sin(phi);
  return Math.atan2(Math.sign(s) * Math.pow(Math.abs(s), e / 2), Math.sign(c) * Math.pow(Math.abs(c), e / 2));
}

/**
 * The superellipse angle at which a fraction `u` of the outline's length is reached (for the section's
 * aspect ratio), so that texels are spread evenly around boxy sections instead of bunching at corners.
 */
function arcAngle(u: number, e: number, aspect: number): number {
  if (e === 2 && Math.abs(aspect - 1) < 1e-6) return u * Math.PI * 2;
  const a = Math.min(20, Math.max(0.05, Math.round(aspect * 20) / 20));
  const key = `${e}|${a}`;
  let table = arcTables.get(key);
  if (!table) {
    table = new Float64Array(ARC_SAMPLES + 1);
    let prevX = superCos(0, e) * a;
    let prevY = 0;
    for (let k = 1; k <= ARC_SAMPLES; k++) {
      const t = polarToParameter((k / ARC_SAMPLES) * Math.PI * 2, e);
      const x = superCos(t, e) * a;
      const y = superSin(t, e);
      table[k] = table[k - 1] + Math.hypot(x - prevX, y - prevY);
      prevX = x;
      prevY = y;
    }
    for (let k = 1; k <= ARC_SAMPLES; k++) table[k] /= table[ARC_SAMPLES];
    arcTables.set(key, table);
  }
  const target = Math.min(1, Math.max(0, u));
  let lo = 0;
  let hi = ARC_SAMPLES;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (table[mid] < target) lo = mid;
    else hi = mid;
  }
  const span = table[hi] - table[lo] || 1;
  const phi = ((lo + (target - table[lo]) / span) / ARC_SAMPLES) * Math.PI * 2;
  // Keep the parameter continuous over the whole turn (atan2 wraps at pi).
  const t = polarToParameter(phi, e);
  return t < 0 || (t === 0 && phi > Math.PI) ? t + Math.PI * 2 : t;
}

/** A swept surface through `keys`. */
export function loft(options: LoftOptions): Surface {
  const { keys, up = [0, 1, 0], exponent = 2, capStart = true, capEnd = true, capDepth = 1, capFraction = 0.2 } = options;
  const c0 = capStart ? capFraction : 0;
  const c1 = capEnd ? capFraction : 0;
  const frame = (s: number) => {
    const e = 1e-3;
    const a = sampleKeys(keys, Math.max(0, s - e)).c;
    const b = sampleKeys(keys, Math.min(1, s + e)).c;
    let tangent = normalise(sub(b, a));
    if (keys.length === 1 || Math.hypot(...sub(b, a)) < 1e-9) tangent = normalise(sub(keys[keys.length - 1].c, keys[0].c));
    if (Math.hypot(...tangent) < 0.5 || !Number.isFinite(tangent[0])) tangent = [1, 0, 0];
    let ref = up;
    if (Math.abs(dot(ref, tangent)) > 0.98) ref = Math.abs(tangent[0]) < 0.9 ? [1, 0, 0] : [0, 0, 1];
    const d = dot(ref, tangent);
    const upPerp = normalise([ref[0] - d * tangent[0], ref[1] - d * tangent[1], ref[2] - d * tangent[2]]);
    const side = cross(tangent, upPerp);
    return { tangent, upPerp, side };
  };
  /** The section at v (centre, radii, frame, cap scale and push): the same for every u. */
  const section = (v: number) => {
    let s: number;
    let scale = 1;
    let push = 0;
    if (v < c0) {
      const phi = (v / c0) * (Math.PI / 2);
      s = 0;
      scale = Math.sin(phi);
      push = -Math.cos(phi) * capDepth;
    } else if (v > 1 - c1) {
      const phi = ((1 - v) / c1) * (Math.PI / 2);
      s = 1;
      scale = Math.sin(phi);
      push = Math.cos(phi) * capDepth;
    } else {
      s = (v - c0) / Math.max(1e-9, 1 - c0 - c1);
    }
    return { ...sampleKeys(keys, s), ...frame(s), scale, push };
  };
  // Callers walk along u at a few fixed v (grids, and the painter's rows with their v-neighbours):
  // the last two sections are kept.
  const cache: { v: number; sec: ReturnType<typeof section> }[] = [];
  return (u, v) => {
    let hit = cache[0]?.v === v ? cache[0] : cache[1]?.v === v ? cache[1] : undefined;
    if (!hit) {
      hit = { v, sec: section(v) };
      cache.unshift(hit);
      cache.length = Math.min(cache.length, 2);
    }
    const { c, r, tangent, upPerp, side, scale, push } = hit.sec;
    const rEnd = (r[0] + r[1]) / 2;
    const angle = arcAngle(u, exponent, r[1] > 1e-9 ? r[0] / r[1] : 1);
    const cu = superCos(angle, exponent) * r[0] * scale;
    const cs = superSin(angle, exponent) * r[1] * scale;
    return [
      c[0] + upPerp[0] * cu + side[0] * cs + tangent[0] * push * rEnd,
      c[1] + upPerp[1] * cu + side[1] * cs + tangent[1] * push * rEnd,
      c[2] + upPerp[2] * cu + side[2] * cs + tangent[2] * push * rEnd
    ];
  };
}

/** An ellipsoid centred at `c` with semi-axes along x, y, z, poles along `axis` (a loft with only caps). */
export function ellipsoid(c: Vec3, radii: Vec3, axis: Vec3 = [1, 0, 0]): Surface {
  const unit = loft({ keys: [{ c: [0, 0, 0], r: [1, 1] }], up: Math.abs(axis[1]) > 0.9 ? [1, 0, 0] : [0, 1, 0], capFraction: 0.5 });
  const a = normalise(axis);
  return (u, v) => {
    const p = unit(u, v);
    // Rotate the unit sphere's x pole onto `axis` only matters for UVs; scale in world axes.
    const q: Vec3 = rotateXTo(p, a);
    return [c[0] + q[0] * radii[0], c[1] + q[1] * radii[1], c[2] + q[2] * radii[2]];
  };
}

function rotateXTo(p: Vec3, a: Vec3): Vec3 {
  // Rotation taking +X to a (Rodrigues), for a unit vector a.
  const x: Vec3 = [1, 0, 0];
  const k = cross(x, a);
  const sin = Math.hypot(...k);
  const cos = dot(x, a);
  if (sin < 1e-9) return cos > 0 ? p : [-p[0], p[1], -p[2]];
  const n = normalise(k);
  const kxp = cross(n, p);
  const kdp = dot(n, p);
  return [
    p[0] * cos + kxp[0] * sin + n[0] * kdp * (1 - cos),
    p[1] * cos + kxp[1] * sin + n[1] * kdp * (1 - cos),
    p[2] * cos + kxp[2] * sin + n[2] * kdp * (1 - cos)
  ];
}

/** Moves every point of a surface by `offset`. */
export function translate(surface: Surface, offset: Vec3): Surface {
  return (u, v) => {
    const p = surface(u, v);
    return [p[0] + offset[0], p[1] + offset[1], p[2] + offset[2]];
  };
}

/** Mirrors a surface across the z = 0 plane (left/right copies), keeping outward normals. */
export function mirrorZ(surface: Surface): Surface {
  return (u, v) => {
    const p = surface(1 - u, v);
    return [p[0], p[1], -p[2]];
  };
}
