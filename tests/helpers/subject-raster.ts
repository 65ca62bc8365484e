/**
 * A small software rasteriser for the procedural subjects, in Node: projects a part list through the
 * app's orbit camera (distance 4, field of view 40°, looking at ORBIT_TARGET) and fills triangles with a
 * depth buffer. Gives the silhouette mask of a view (for tests that compare the ends of a pair) and,
 * with a painted atlas, a flat-shaded colour image (for looking at a design without a browser).
 */
import { deflateSync } from 'node:zlib';
import { orbitPosition, ORBIT_TARGET } from '../../src/lib/scene/orbit';
import type { AtlasRect, ShapePart } from '../../src/lib/scene/subjects/morph-geometry';
import type { PaintedAtlas } from '../../src/lib/scene/subjects/texture-painter';

type V3 = [number, number, number];
const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: V3): V3 => {
  const l = Math.hypot(...a) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
};

export interface View {
  yaw: number;
  pitch: number;
  distance?: number;
  fov?: number;
}

export interface RasterImage {
  size: number;
  /** 1 where the subject covers the pixel. */
  mask: Uint8Array;
  /** RGB bytes (grey background) when an atlas was given. */
  rgb: Uint8Array;
}

/** Renders `parts` (with their atlas, if any) from `view` into a size x size image. */
export function rasterise(parts: ShapePart[], view: View, size = 96, paint?: { atlas: PaintedAtlas; rects: AtlasRect[] }): RasterImage {
  const eye = orbitPosition({ yaw: view.yaw, pitch: view.pitch, distance: view.distance ?? 4 }).toArray() as V3;
  const target = [...ORBIT_TARGET] as V3;
  const forward = unit(sub(target, eye));
  const right = unit(cross(forward, [0, 1, 0]));
  const up = cross(right, forward);
  const f = 1 / Math.tan(((view.fov ?? 40) * Math.PI) / 360);
  const depth = new Float32Array(size * size).fill(Infinity);
  const mask = new Uint8Array(size * size);
  const rgb = new Uint8Array(size * size * 3).fill(150);
  const light = unit([0.4, 0.8, 0.5]);
  const project = (p: V3): V3 => {
    const d = sub(p, eye);
    const z = dot(d, forward);
    return [((dot(d, right) / z) * f * 0.5 + 0.5) * size, (0.5 - (dot(d, up) / z) * f * 0.5) * size, z];
  };
  parts.forEach((part, k) => {
    const row = part.segU + 1;
    const pts: V3[] = [];
    const scr: V3[] = [];
    for (let j = 0; j <= part.segV; j++) {
      for (let i = 0; i <= part.segU; i++) {
        const p = part.surface(i / part.segU, j / part.segV);
        pts.push(p);
        scr.push(project(p));
      }
    }
    const rect = paint?.rects[k];
    const tri = (a: number, b: number, c: number) => {
      const [A, B, C] = [scr[a], scr[b], scr[c]];
      const area = (B[0] - A[0]) * (C[1] - A[1]) - (C[0] - A[0]) * (B[1] - A[1]);
      if (Math.abs(area) < 1e-9) return;
      const n = unit(cross(sub(pts[b], pts[a]), sub(pts[c], pts[a])));
      const shade = 0.45 + 0.55 * Math.abs(dot(n, light));
      const x0 = Math.max(0, Math.floor(Math.min(A[0], B[0], C[0])));
      const x1 = Math.min(size - 1, Math.ceil(Math.max(A[0], B[0], C[0])));
      const y0 = Math.max(0, Math.floor(Math.min(A[1], B[1], C[1])));
      const y1 = Math.min(size - 1, Math.ceil(Math.max(A[1], B[1], C[1])));
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const px = x + 0.5;
          const py = y + 0.5;
          const w0 = ((B[0] - px) * (C[1] - py) - (C[0] - px) * (B[1] - py)) / area;
          const w1 = ((C[0] - px) * (A[1] - py) - (A[0] - px) * (C[1] - py)) / area;
          const w2 = 1 - w0 - w1;
          if (w0 < 0 || w1 < 0 || w2 < 0) continue;
          const z = w0 * A[2] + w1 * B[2] + w2 * C[2];
          const o = y * size + x;
          if (z >= depth[o]) continue;
          depth[o] = z;
          mask[o] = 1;
          if (!paint || !rect) continue;
          const gi = (v: number) => (v % row) / part.segU;
          const gj = (v: number) => Math.floor(v / row) / part.segV;
          const u = rect.x + (w0 * gi(a) + w1 * gi(b) + w2 * gi(c)) * rect.w;
          const vv = rect.y + (w0 * gj(a) + w1 * gj(b) + w2 * gj(c)) * rect.h;
          const s = paint.atlas.size;
          const t = Math.min(s - 1, Math.floor(vv * s)) * s + Math.min(s - 1, Math.floor(u * s));
          for (let c3 = 0; c3 < 3; c3++) rgb[o * 3 + c3] = Math.min(255, paint.atlas.albedo[t * 4 + c3] * shade);
        }
      }
    };
    for (let j = 0; j < part.segV; j++) {
      for (let i = 0; i < part.segU; i++) {
        const a = j * row + i;
        tri(a, a + 1, a + row);
        tri(a + 1, a + row + 1, a + row);
      }
    }
  });
  return { size, mask, rgb };
}

/** Intersection over union of two masks of one size. */
export function maskIoU(a: Uint8Array, b: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] && b[i]) both++;
    if (a[i] || b[i]) either++;
  }
  return either === 0 ? 1 : both / either;
}

const CRC = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  let c = 0xffffffff;
  for (const byte of Buffer.concat([head.subarray(4), data])) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE((c ^ 0xffffffff) >>> 0, 0);
  return Buffer.concat([head, data, tail]);
}

/** An 8-bit RGB PNG of width x height pixels. */
export function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
