/**
 * The procedural subject pairs: both ends of a pair share topology and UVs, the shape slider at 0 and
 * 1 shows exactly each end, the two ends have different silhouettes, and the texture slider at 0 and 1
 * shows exactly each end's painted texture (in between, a blend); blur stays inside each part.
 */
import { Box3, Mesh, MeshStandardMaterial, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { assertSameTopology, buildMorphGeometry, gridPositions } from '../../src/lib/scene/subjects/morph-geometry';
import { pairDefinition, SUBJECT_PAIRS } from '../../src/lib/scene/subjects/pairs';

function box(positions: Float32Array): Box3 {
  const b = new Box3();
  const v = new Vector3();
  for (let i = 0; i < positions.length; i += 3) b.expandByPoint(v.fromArray(positions, i));
  return b;
}

describe.each(SUBJECT_PAIRS)('subject pair "%s"', (pair) => {
  const def = pairDefinition(pair);
  const { geometry, rects } = buildMorphGeometry(def.a.parts, def.b.parts);
  const posA = gridPositions(def.a.parts);
  const posB = gridPositions(def.b.parts);

  it('both ends have the same parts, vertex count, index and UVs', () => {
    expect(() => assertSameTopology(def.a.parts, def.b.parts)).not.toThrow();
    expect(posA.length).toBe(posB.length);
    const count = geometry.getAttribute('position').count;
    expect(geometry.morphAttributes.position?.[0].count).toBe(count);
    expect(geometry.morphAttributes.normal?.[0].count).toBe(count);
    expect(geometry.getAttribute('uv').count).toBe(count);
    // One UV layout: every UV inside the texture, every part in its own non-overlapping rectangle.
    const uv = geometry.getAttribute('uv');
    for (let i = 0; i < uv.count; i++) {
      expect(uv.getX(i)).toBeGreaterThanOrEqual(0);
      expect(uv.getX(i)).toBeLessThanOrEqual(1);
      expect(uv.getY(i)).toBeGreaterThanOrEqual(0);
      expect(uv.getY(i)).toBeLessThanOrEqual(1);
    }
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const [p, q] = [rects[i], rects[j]];
        const overlap = p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;
        expect(overlap, `${p.name} overlaps ${q.name}`).toBe(false);
      }
    }
  });

  it('a part list that does not match is refused', () => {
    expect(() => assertSameTopology(def.a.parts, def.b.parts.slice(1))).toThrow(/parts/);
    const changed = def.b.parts.map((p, i) => (i === 0 ? { ...p, segU: p.segU + 1 } : p));
    expect(() => assertSameTopology(def.a.parts, changed)).toThrow(/differs/);
  });

  it('the shape slider at 0 and 1 reproduces each end, and in between lies between them', () => {
    const mesh = new Mesh(geometry, new MeshStandardMaterial());
    mesh.updateMorphTargets();
    const v = new Vector3();
    const count = geometry.getAttribute('position').count;
    const step = Math.max(1, Math.floor(count / 400));
    for (const [influence, expected] of [[0, posA], [1, posB]] as const) {
      mesh.morphTargetInfluences![0] = influence;
      for (let i = 0; i < count; i += step) {
        mesh.getVertexPosition(i, v);
        expect(v.distanceTo(new Vector3().fromArray(expected, i * 3))).toBeLessThan(1e-5);
      }
    }
    mesh.morphTargetInfluences![0] = 0.5;
    const i = Math.floor(count / 3);
    mesh.getVertexPosition(i, v);
    const mid = new Vector3().fromArray(posA, i * 3).lerp(new Vector3().fromArray(posB, i * 3), 0.5);
    expect(v.distanceTo(mid)).toBeLessThan(1e-5);
  });

  it('the two ends have different silhouettes (bounding boxes)', () => {
    const a = box(posA).getSize(new Vector3());
    const b = box(posB).getSize(new Vector3());
    const biggest = Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.z - b.z));
    expect(biggest).toBeGreaterThan(0.1);
  });
});

describe('silhouettes a viewer would notice', () => {
  it('the fire truck is more than twice as tall as the race car', () => {
    const def = pairDefinition('vehicle');
    const truck = box(gridPositions(def.a.parts)).getSize(new Vector3());
    const racer = box(gridPositions(def.b.parts)).getSize(new Vector3());
    expect(truck.y).toBeGreaterThan(2 * racer.y);
  });

  it('the dog stands taller than the cat; both stand on the floor', () => {
    const def = pairDefinition('animal');
    const dog = box(gridPositions(def.a.parts));
    const cat = box(gridPositions(def.b.parts));
    expect(dog.max.y).toBeGreaterThan(cat.max.y + 0.1);
    expect(Math.abs(dog.min.y)).toBeLessThan(0.03);
    expect(Math.abs(cat.min.y)).toBeLessThan(0.03);
  });
});
