/**
 * The shape morph still matters: each subject's silhouette, seen from four sides through the app's
 * orbit camera, differs clearly from its pair partner's (projected geometry, no texture), and the
 * half-way shape differs from both ends.
 */
import { describe, expect, it } from 'vitest';
import { gridPositions } from '../../src/lib/scene/subjects/morph-geometry';
import { pairDefinition, SUBJECT_PAIRS } from '../../src/lib/scene/subjects/pairs';
import type { ShapePart } from '../../src/lib/scene/subjects/morph-geometry';
import { maskIoU, rasterise } from '../helpers/subject-raster';

const SIDES = [
  { yaw: 0, pitch: 20, side: 'left' },
  { yaw: 90, pitch: 20, side: 'front' },
  { yaw: 180, pitch: 20, side: 'right' },
  { yaw: -90, pitch: 20, side: 'rear' }
];

/** The parts at shape slider `t` (vertex-wise blend of both ends, as the morph target does). */
function between(a: ShapePart[], b: ShapePart[], t: number): ShapePart[] {
  return a.map((p, i) => ({
    ...p,
    surface: (u: number, v: number) => {
      const q = p.surface(u, v);
      const r = b[i].surface(u, v);
      return [q[0] + (r[0] - q[0]) * t, q[1] + (r[1] - q[1]) * t, q[2] + (r[2] - q[2]) * t] as [number, number, number];
    }
  }));
}

const coverage = (mask: Uint8Array) => mask.reduce((n, x) => n + x, 0) / mask.length;

describe.each(SUBJECT_PAIRS)('silhouettes of the "%s" pair', (pair) => {
  const def = pairDefinition(pair);

  it.each(SIDES)('from the $side the two ends differ', (view) => {
    const a = rasterise(def.a.parts, view, 96).mask;
    const b = rasterise(def.b.parts, view, 96).mask;
    // Both ends are in view and substantial, and they overlap by well under three quarters.
    expect(coverage(a)).toBeGreaterThan(0.03);
    expect(coverage(b)).toBeGreaterThan(0.03);
    expect(maskIoU(a, b), `${def.a.name} vs ${def.b.name} from the ${view.side}`).toBeLessThan(0.7);
  });

  it('the half-way shape differs from both ends', () => {
    const view = SIDES[0];
    const mid = rasterise(between(def.a.parts, def.b.parts, 0.5), view, 96).mask;
    expect(maskIoU(mid, rasterise(def.a.parts, view, 96).mask)).toBeLessThan(0.9);
    expect(maskIoU(mid, rasterise(def.b.parts, view, 96).mask)).toBeLessThan(0.9);
  });

  it('every part stays inside the frame from every side of the ring', () => {
    for (let yaw = -180; yaw < 180; yaw += 30) {
      for (const end of [def.a, def.b]) {
        const { mask, size } = rasterise(end.parts, { yaw, pitch: 20 }, 64);
        let edge = 0;
        for (let k = 0; k < size; k++) edge += mask[k] + mask[(size - 1) * size + k] + mask[k * size] + mask[k * size + size - 1];
        expect(edge, `${end.name} touches the frame's edge at yaw ${yaw}`).toBe(0);
      }
    }
  });
});

it('the blend helper reproduces the ends', () => {
  const def = pairDefinition('animal');
  const p = gridPositions(between(def.a.parts, def.b.parts, 1));
  const q = gridPositions(def.b.parts);
  expect(Math.max(...p.map((x, i) => Math.abs(x - q[i])))).toBeLessThan(1e-5);
});
