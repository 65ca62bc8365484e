/**
 * Paints a subject's texture atlas from a per-point paint function: every texel of a part's rectangle
 * is mapped back to its (u, v) on the part, the 3D point and normal of the end being painted, so coat
 * and livery patterns can be written in 3D (continuous across parts). Produces the albedo, a normal
 * map (from the painted height) and a roughness/metalness map, all RGBA bytes.
 */
import { cross, normalise, type Vec3 } from './loft';
import { ATLAS_GUTTER, type AtlasRect, type ShapePart } from './morph-geometry';
import type { Rgb } from './noise';

export interface PaintSample {
  part: string;
  /** Around the part's section (0 = its "up" side) and along its spine, 0..1. */
  u: number;
  v: number;
  /** Point and outward normal on the painted end's shape. */
  p: Vec3;
  n: Vec3;
  /** Texel coordinates (for per-texel grain). */
  tx: number;
  ty: number;
}

export interface Paint {
  /** sRGB colour, 0..1. */
  rgb: Rgb;
  /** Relief 0..1 (turned into the normal map). Default 0.5. */
  height?: number;
  roughness?: number;
  metalness?: number;
}

export type Painter = (sample: PaintSample) => Paint;

export interface PaintedAtlas {
  size: number;
  albedo: Uint8Array;
  normal: Uint8Array;
  /** G = roughness, B = metalness (three.js reads these channels). */
  roughMetal: Uint8Array;
  /** Part index per texel (-1 outside every rectangle): blurs stay inside a part. */
  partOf: Int16Array;
}

const byte = (x: number) => Math.max(0, Math.min(255, Math.round(x * 255)));

export function paintAtlas(parts: ShapePart[], rects: AtlasRect[], painter: Painter, size: number, normalStrength = 2): PaintedAtlas {
  const n = size * size;
  const albedo = new Uint8Array(n * 4).fill(128);
  const roughMetal = new Uint8Array(n * 4).fill(255);
  const height = new Float32Array(n).fill(0.5);
  const partOf = new Int16Array(n).fill(-1);
  parts.forEach((part, k) => {
    const r = rects[k];
    const x0 = Math.max(0, Math.floor((r.x - ATLAS_GUTTER) * size));
    const x1 = Math.min(size, Math.ceil((r.x + r.w + ATLAS_GUTTER) * size));
    const y0 = Math.max(0, Math.floor((r.y - ATLAS_GUTTER) * size));
    const y1 = Math.min(size, Math.ceil((r.y + r.h + ATLAS_GUTTER) * size));
    const e = 1e-3;
    for (let ty = y0; ty < y1; ty++) {
      const v = Math.min(1, Math.max(0, ((ty + 0.5) / size - r.y) / r.h));
      for (let tx = x0; tx < x1; tx++) {
        const i = ty * size + tx;
        if (partOf[i] !== -1) continue;
        const u = Math.min(1, Math.max(0, ((tx + 0.5) / size - r.x) / r.w));
        // One-sided differences (towards the inside of the 0..1 range): three surface points per texel.
        const p = part.surface(u, v);
        const su = u + e <= 1 ? 1 : -1;
        const sv = v + e <= 1 ? 1 : -1;
        const pu = part.surface(u + su * e, v);
        const pv = part.surface(u, v + sv * e);
        const du: Vec3 = [(pu[0] - p[0]) * su, (pu[1] - p[1]) * su, (pu[2] - p[2]) * su];
        const dv: Vec3 = [(pv[0] - p[0]) * sv, (pv[1] - p[1]) * sv, (pv[2] - p[2]) * sv];
        let nrm = cross(du, dv);
        if (Math.hypot(...nrm) < 1e-12) nrm = [0, 1, 0];
        nrm = normalise(nrm);
        const paint = painter({ part: part.name, u, v, p, n: nrm, tx, ty });
        partOf[i] = k;
        albedo[i * 4] = byte(paint.rgb[0]);
        albedo[i * 4 + 1] = byte(paint.rgb[1]);
        albedo[i * 4 + 2] = byte(paint.rgb[2]);
        albedo[i * 4 + 3] = 255;
        roughMetal[i * 4] = 255;
        roughMetal[i * 4 + 1] = byte(paint.roughness ?? 0.8);
        roughMetal[i * 4 + 2] = byte(paint.metalness ?? 0);
        roughMetal[i * 4 + 3] = 255;
        height[i] = paint.height ?? 0.5;
      }
    }
  });
  return { size, albedo, normal: heightToNormal(height, partOf, size, normalStrength), roughMetal, partOf };
}

/** Tangent-space normal map from a height field; slopes are not taken across part borders. */
export function heightToNormal(height: Float32Array, partOf: Int16Array, size: number, strength: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const at = (x: number, y: number, own: number, fallback: number) => {
    if (x < 0 || y < 0 || x >= size || y >= size) return fallback;
    const i = y * size + x;
    return partOf[i] === own ? height[i] : fallback;
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const h = height[i];
      const own = partOf[i];
      const dx = (at(x + 1, y, own, h) - at(x - 1, y, own, h)) * strength;
      const dy = (at(x, y + 1, own, h) - at(x, y - 1, own, h)) * strength;
      const l = Math.hypot(dx, dy, 1);
      out[i * 4] = byte((-dx / l) * 0.5 + 0.5);
      out[i * 4 + 1] = byte((-dy / l) * 0.5 + 0.5);
      out[i * 4 + 2] = byte((1 / l) * 0.5 + 0.5);
      out[i * 4 + 3] = 255;
    }
  }
  return out;
}
