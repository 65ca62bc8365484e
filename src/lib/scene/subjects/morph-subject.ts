/**
 * A morphable subject as a three.js mesh: one geometry with the shape morph as morph target 0, and a
 * material whose albedo, normal and roughness/metalness maps are CPU blends of the two ends' painted
 * atlases (recomputed only when the texture slider or the blur changes). "No texture" swaps in a plain,
 * smooth surface.
 */
import {
  Color,
  DataTexture,
  LinearFilter,
  LinearMipmapLinearFilter,
  Mesh,
  MeshStandardMaterial,
  NoColorSpace,
  SRGBColorSpace,
  type Texture
} from 'three';
import { buildMorphGeometry, type AtlasRect } from './morph-geometry';
import { blendBytes, blurWithinParts } from './morph-texture';
import { pairDefinition, type PairDefinition, type SubjectPairName } from './pairs';
import { paintAtlas, type PaintedAtlas } from './texture-painter';

export interface SubjectLook {
  /** 0 = end A's shape, 1 = end B's. */
  shape: number;
  /** 0 = end A's texture, 1 = end B's. */
  texture: number;
  /** A plain, smooth surface instead of the textures. */
  untextured: boolean;
  /** Gaussian blur of the albedo, in texels (sigma). */
  textureBlur: number;
}

export const TEXTURE_SIZE = 512;

function dataTexture(size: number, srgb: boolean): DataTexture {
  const t = new DataTexture(new Uint8Array(size * size * 4), size, size);
  t.colorSpace = srgb ? SRGBColorSpace : NoColorSpace;
  t.generateMipmaps = true;
  t.minFilter = LinearMipmapLinearFilter;
  t.magFilter = LinearFilter;
  t.anisotropy = 4;
  return t;
}

export class MorphSubject {
  readonly mesh: Mesh;
  readonly definition: PairDefinition;
  readonly rects: AtlasRect[];
  readonly atlasA: PaintedAtlas;
  readonly atlasB: PaintedAtlas;
  private readonly material: MeshStandardMaterial;
  private readonly albedo: DataTexture;
  private readonly normal: DataTexture;
  private readonly roughMetal: DataTexture;
  private last: { texture: number; blur: number; untextured: boolean } | null = null;

  constructor(pair: SubjectPairName, size = TEXTURE_SIZE) {
    this.definition = pairDefinition(pair);
    const { a, b, normalStrength } = this.definition;
    const { geometry, rects } = buildMorphGeometry(a.parts, b.parts);
    this.rects = rects;
    this.atlasA = paintAtlas(a.parts, rects, a.paint, size, normalStrength);
    this.atlasB = paintAtlas(b.parts, rects, b.paint, size, normalStrength);
    this.albedo = dataTexture(size, true);
    this.normal = dataTexture(size, false);
    this.roughMetal = dataTexture(size, false);
    this.material = new MeshStandardMaterial({ roughness: 1, metalness: 1 });
    this.mesh = new Mesh(geometry, this.material);
    this.mesh.name = `subject-${pair}`;
    this.mesh.castShadow = true;
    this.mesh.receiveShadow = true;
    this.mesh.updateMorphTargets();
  }

  /** Shows the subject with these slider values. */
  apply(look: SubjectLook): void {
    this.mesh.morphTargetInfluences![0] = Math.min(1, Math.max(0, look.shape));
    const texture = Math.min(1, Math.max(0, look.texture));
    const blur = Math.max(0, look.textureBlur);
    const prev = this.last;
    if (prev && prev.texture === texture && prev.blur === blur && prev.untextured === look.untextured) return;
    if (!look.untextured && (!prev || prev.texture !== texture || prev.blur !== blur || prev.untextured)) {
      this.fill(this.albedo, blurWithinParts(blendBytes(this.atlasA.albedo, this.atlasB.albedo, texture), this.atlasA.size, this.atlasA.partOf, blur));
      this.fill(this.normal, blendBytes(this.atlasA.normal, this.atlasB.normal, texture));
      this.fill(this.roughMetal, blendBytes(this.atlasA.roughMetal, this.atlasB.roughMetal, texture));
    }
    this.setMaps(look.untextured);
    this.last = { texture, blur, untextured: look.untextured };
  }

  /** Environment reflections for paint, chrome and glass (owned by the caller). */
  setEnvironment(env: Texture | null, intensity = 1): void {
    this.material.envMap = env;
    this.material.envMapIntensity = intensity;
    this.material.needsUpdate = true;
  }

  private fill(t: DataTexture, data: Uint8Array): void {
    (t.image.data as Uint8Array).set(data);
    t.needsUpdate = true;
  }

  private setMaps(untextured: boolean): void {
    const m = this.material;
    const want = untextured ? null : this.albedo;
    if (m.map === want) return;
    m.map = want;
    m.normalMap = untextured ? null : this.normal;
    m.roughnessMap = m.metalnessMap = untextured ? null : this.roughMetal;
    m.roughness = untextured ? 0.55 : 1;
    m.metalness = untextured ? 0 : 1;
    m.color = new Color(untextured ? this.definition.plainColor : '#ffffff');
    m.needsUpdate = true;
  }

  dispose(): void {
    this.mesh.geometry.dispose();
    this.material.dispose();
    for (const t of [this.albedo, this.normal, this.roughMetal]) t.dispose();
  }
}
