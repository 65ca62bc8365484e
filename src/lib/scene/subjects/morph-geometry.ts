/**
 * Builds one BufferGeometry for a morphable subject pair: every part is a (u, v) grid evaluated on the
 * shape of each end, so both ends share vertex count, index and UVs. End A is the base position, end B
 * the single morph target (three.js morphTargetInfluences[0] is the shape slider). Each part gets its
 * own rectangle of a shared texture atlas, sized by its surface area.
 */
import { BufferAttribute, BufferGeometry, Float32BufferAttribute } from 'three';
import type { Surface, Vec3 } from './loft';

export interface ShapePart {
  name: string;
  /** Quads around and along. */
  segU: number;
  segV: number;
  surface: Surface;
}

/** A part's rectangle in the texture atlas, in UV units (origin at the texture's first row). */
export interface AtlasRect {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Gap kept around each atlas rectangle, in UV units (about 3 texels at 512 px). */
export const ATLAS_GUTTER = 0.006;

/** Checks that two part lists can morph into each other (same names and grids, in order). */
export function assertSameTopology(a: ShapePart[], b: ShapePart[]): void {
  if (a.length !== b.length) throw new Error(`Morph ends have ${a.length} and ${b.length} parts.`);
  a.forEach((p, i) => {
    const q = b[i];
    if (p.name !== q.name || p.segU !== q.segU || p.segV !== q.segV) {
      throw new Error(`Morph part ${i} differs: ${p.name} ${p.segU}x${p.segV} vs ${q.name} ${q.segU}x${q.segV}.`);
    }
  });
}

function extent(surface: Surface, segments = 8): { around: number; along: number } {
  let around = 0;
  let along = 0;
  const d = (p: Vec3, q: Vec3) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
  for (let k = 0; k < segments; k++) {
    around += d(surface(k / segments, 0.5), surface((k + 1) / segments, 0.5));
    along += d(surface(0.25, k / segments), surface(0.25, (k + 1) / segments));
  }
  return { around: Math.max(around, 1e-3), along: Math.max(along, 1e-3) };
}

/** Shelf-packs the parts into the unit square with a uniform texel density (the largest that fits). */
export function layoutAtlas(a: ShapePart[], b: ShapePart[]): AtlasRect[] {
  const sizes = a.map((p, i) => {
    const ea = extent(p.surface);
    const eb = extent(b[i].surface);
    return { name: p.name, w: (ea.around + eb.around) / 2, h: (ea.along + eb.along) / 2 };
  });
  const order = sizes.map((_, i) => i).sort((i, j) => sizes[j].h - sizes[i].h);
  const pack = (scale: number): AtlasRect[] | null => {
    const rects: AtlasRect[] = new Array(sizes.length);
    let x = 0;
    let y = 0;
    let shelf = 0;
    for (const i of order) {
      const w = sizes[i].w * scale + 2 * ATLAS_GUTTER;
      const h = sizes[i].h * scale + 2 * ATLAS_GUTTER;
      if (w > 1) return null;
      if (x + w > 1) {
        x = 0;
        y += shelf;
        shelf = 0;
      }
      if (y + h > 1) return null;
      rects[i] = { name: sizes[i].name, x: x + ATLAS_GUTTER, y: y + ATLAS_GUTTER, w: w - 2 * ATLAS_GUTTER, h: h - 2 * ATLAS_GUTTER };
      x += w;
      shelf = Math.max(shelf, h);
    }
    return rects;
  };
  let lo = 0;
  let hi = 10;
  while (pack(hi)) hi *= 2;
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    if (pack(mid)) lo = mid;
    else hi = mid;
  }
  return pack(lo)!;
}

/** Positions of every part's grid, in part order: (segU + 1) * (segV + 1) vertices per part. */
export function gridPositions(parts: ShapePart[]): Float32Array {
  const count = parts.reduce((n, p) => n + (p.segU + 1) * (p.segV + 1), 0);
  const out = new Float32Array(count * 3);
  let o = 0;
  for (const p of parts) {
    for (let j = 0; j <= p.segV; j++) {
      for (let i = 0; i <= p.segU; i++) {
        const q = p.surface(i / p.segU, j / p.segV);
        out[o++] = q[0];
        out[o++] = q[1];
        out[o++] = q[2];
      }
    }
  }
  return out;
}

function gridIndex(parts: ShapePart[]): Uint32Array {
  const index: number[] = [];
  let base = 0;
  for (const p of parts) {
    const row = p.segU + 1;
    for (let j = 0; j < p.segV; j++) {
      for (let i = 0; i < p.segU; i++) {
        const a = base + j * row + i;
        const b = a + 1;
        const c = a + row;
        const d = c + 1;
        index.push(a, b, c, b, d, c);
      }
    }
    base += row * (p.segV + 1);
  }
  return new Uint32Array(index);
}

function gridUvs(parts: ShapePart[], rects: AtlasRect[]): Float32Array {
  const out: number[] = [];
  parts.forEach((p, k) => {
    const r = rects[k];
    for (let j = 0; j <= p.segV; j++) {
      for (let i = 0; i <= p.segU; i++) out.push(r.x + (i / p.segU) * r.w, r.y + (j / p.segV) * r.h);
    }
  });
  return new Float32Array(out);
}

/** Vertex normals of one end, averaged over coincident vertices of a part (seams and poles). */
function smoothNormals(positions: Float32Array, index: Uint32Array, parts: ShapePart[]): Float32Array {
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(positions, 3));
  g.setIndex(new BufferAttribute(index, 1));
  g.computeVertexNormals();
  const normals = (g.getAttribute('normal') as BufferAttribute).array as Float32Array;
  let base = 0;
  for (const p of parts) {
    const count = (p.segU + 1) * (p.segV + 1);
    const groups = new Map<string, number[]>();
    for (let v = base; v < base + count; v++) {
      const key = `${Math.round(positions[v * 3] * 1e5)},${Math.round(positions[v * 3 + 1] * 1e5)},${Math.round(positions[v * 3 + 2] * 1e5)}`;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(v);
    }
    for (const list of groups.values()) {
      if (list.length < 2) continue;
      const sum = [0, 0, 0];
      for (const v of list) for (let c = 0; c < 3; c++) sum[c] += normals[v * 3 + c];
      const l = Math.hypot(sum[0], sum[1], sum[2]) || 1;
      for (const v of list) for (let c = 0; c < 3; c++) normals[v * 3 + c] = sum[c] / l;
    }
    base += count;
  }
  g.dispose();
  return normals;
}

export interface MorphGeometry {
  geometry: BufferGeometry;
  rects: AtlasRect[];
}

/** One geometry whose base shape is end `a` and whose only morph target is end `b`. */
export function buildMorphGeometry(a: ShapePart[], b: ShapePart[]): MorphGeometry {
  assertSameTopology(a, b);
  const rects = layoutAtlas(a, b);
  const index = gridIndex(a);
  const posA = gridPositions(a);
  const posB = gridPositions(b);
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(posA, 3));
  geometry.setAttribute('normal', new BufferAttribute(smoothNormals(posA, index, a), 3));
  geometry.setAttribute('uv', new Float32BufferAttribute(gridUvs(a, rects), 2));
  geometry.setIndex(new BufferAttribute(index, 1));
  geometry.morphAttributes.position = [new BufferAttribute(posB, 3)];
  geometry.morphAttributes.normal = [new BufferAttribute(smoothNormals(posB, index, b), 3)];
  geometry.computeBoundingBox();
  geometry.computeBoundingSphere();
  return { geometry, rects };
}
