/**
 * The texture morph and blur: the slider at 0 and 1 shows exactly each end's painted texture (albedo,
 * normal and roughness maps), in between a blend; "no texture" removes the maps; the blur softens a
 * part's texture but never mixes in another part's colours.
 */
import type { DataTexture, MeshStandardMaterial } from 'three';
import { describe, expect, it } from 'vitest';
import { blendBytes, blurWithinParts } from '../../src/lib/scene/subjects/morph-texture';
import { MorphSubject } from '../../src/lib/scene/subjects/morph-subject';

const SIZE = 64;
const look = { shape: 0, texture: 0, untextured: false, textureBlur: 0 };
const bytes = (t: DataTexture | null) => new Uint8Array(t!.image.data as Uint8Array);
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

describe.each(['animal', 'vehicle'] as const)('texture morph of "%s"', (pair) => {
  const subject = new MorphSubject(pair, SIZE);
  const material = subject.mesh.material as MeshStandardMaterial;

  it('the two ends are painted differently', () => {
    expect(equal(subject.atlasA.albedo, subject.atlasB.albedo)).toBe(false);
  });

  it('at 0 and 1 the maps equal the pure textures of each end', () => {
    subject.apply({ ...look, texture: 0 });
    expect(equal(bytes(material.map as DataTexture), subject.atlasA.albedo)).toBe(true);
    expect(equal(bytes(material.normalMap as DataTexture), subject.atlasA.normal)).toBe(true);
    expect(equal(bytes(material.roughnessMap as DataTexture), subject.atlasA.roughMetal)).toBe(true);
    subject.apply({ ...look, texture: 1 });
    expect(equal(bytes(material.map as DataTexture), subject.atlasB.albedo)).toBe(true);
    expect(equal(bytes(material.normalMap as DataTexture), subject.atlasB.normal)).toBe(true);
  });

  it('at 0.5 the albedo is the average of both ends', () => {
    subject.apply({ ...look, texture: 0.5 });
    const mid = bytes(material.map as DataTexture);
    const { albedo: a } = subject.atlasA;
    const { albedo: b } = subject.atlasB;
    for (let i = 0; i < mid.length; i += 97) expect(Math.abs(mid[i] - (a[i] + b[i]) / 2)).toBeLessThanOrEqual(0.5);
  });

  it('"no texture" shows a plain surface, and switching back restores the textures', () => {
    subject.apply({ ...look, untextured: true });
    expect(material.map).toBeNull();
    expect(material.normalMap).toBeNull();
    subject.apply({ ...look, untextured: false });
    expect(equal(bytes(material.map as DataTexture), subject.atlasA.albedo)).toBe(true);
  });

  it('a texture blur softens the albedo', () => {
    subject.apply({ ...look, textureBlur: 3 });
    const blurred = bytes(material.map as DataTexture);
    expect(equal(blurred, subject.atlasA.albedo)).toBe(false);
    subject.apply({ ...look, textureBlur: 0 });
    expect(equal(bytes(material.map as DataTexture), subject.atlasA.albedo)).toBe(true);
  });
});

describe('blend and blur primitives', () => {
  it('blendBytes gives exactly a at 0 and exactly b at 1', () => {
    const a = Uint8Array.from([0, 10, 200, 255]);
    const b = Uint8Array.from([255, 20, 0, 255]);
    expect([...blendBytes(a, b, 0)]).toEqual([...a]);
    expect([...blendBytes(a, b, 1)]).toEqual([...b]);
    expect([...blendBytes(a, b, 0.5)]).toEqual([128, 15, 100, 255]);
    expect(() => blendBytes(a, b.subarray(1), 0.5)).toThrow();
  });

  it('blur flattens a checkerboard inside a part but keeps two parts apart', () => {
    const size = 16;
    const data = new Uint8Array(size * size * 4);
    const partOf = new Int16Array(size * size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const i = y * size + x;
        partOf[i] = x < 8 ? 0 : 1;
        // Left part: a black/white checkerboard; right part: solid red.
        const v = x < 8 ? ((x + y) % 2) * 255 : 0;
        data.set(x < 8 ? [v, v, v, 255] : [255, 0, 0, 255], i * 4);
      }
    }
    const out = blurWithinParts(data, size, partOf, 2);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const i = (y * size + x) * 4;
        if (x < 8) {
          expect(Math.abs(out[i] - 127.5)).toBeLessThan(20);
          expect(out[i]).toBe(out[i + 2]); // still grey: no red came in
        } else {
          expect([out[i], out[i + 1], out[i + 2]]).toEqual([255, 0, 0]);
        }
      }
    }
  });
});
