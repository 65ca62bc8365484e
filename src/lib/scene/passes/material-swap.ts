/**
 * Renders a scene with every mesh's material temporarily replaced, then puts the originals back:
 * the unlit (albedo) render for the texture-vs-lighting blend, and the subject mask.
 */
import {
  Color,
  MeshBasicMaterial,
  type Camera,
  type Material,
  type Mesh,
  type Object3D,
  type Scene,
  type WebGLRenderer
} from 'three';

/** Set on an object inside the subject group that is not part of the subject (e.g. a ground plane). */
export const NOT_SUBJECT = 'perturberNotSubject';

type MaterialOf = (mesh: Mesh, material: Material, inSubject: boolean) => Material;

function isMesh(o: Object3D): o is Mesh {
  return (o as Mesh).isMesh === true;
}

/** A shadow catcher (ShadowMaterial) shows only shadows: no albedo, not part of the subject. */
function isShadowCatcher(m: Material): boolean {
  return (m as Material & { isShadowMaterial?: boolean }).isShadowMaterial === true;
}

const HIDDEN = new MeshBasicMaterial({ visible: false });

/** Meshes of `root` with whether each belongs to `subject` (a descendant not flagged NOT_SUBJECT). */
function collectMeshes(root: Object3D, subject: Object3D | null): [Mesh, boolean][] {
  const out: [Mesh, boolean][] = [];
  const walk = (o: Object3D, inSubject: boolean) => {
    if (!o.visible) return;
    const here = (inSubject || o === subject) && o.userData[NOT_SUBJECT] !== true;
    if (isMesh(o)) out.push([o, here]);
    for (const child of o.children) walk(child, here);
  };
  walk(root, false);
  return out;
}

export function renderWithMaterials(
  renderer: WebGLRenderer,
  scene: Scene,
  camera: Camera,
  subject: Object3D | null,
  materialOf: MaterialOf
): void {
  const swapped: [Mesh, Material | Material[]][] = [];
  for (const [mesh, inSubject] of collectMeshes(scene, subject)) {
    const original = mesh.material;
    swapped.push([mesh, original]);
    mesh.material = Array.isArray(original)
      ? original.map((m) => materialOf(mesh, m, inSubject))
      : materialOf(mesh, original, inSubject);
  }
  // Basic materials neither cast nor receive shadows: keep the shadow maps of the lit render.
  const autoUpdate = renderer.shadowMap.autoUpdate;
  renderer.shadowMap.autoUpdate = false;
  try {
    renderer.render(scene, camera);
  } finally {
    renderer.shadowMap.autoUpdate = autoUpdate;
    for (const [mesh, original] of swapped) mesh.material = original;
  }
}

type MaybeMapped = Material & {
  map?: MeshBasicMaterial['map'];
  color?: Color;
  alphaMap?: MeshBasicMaterial['alphaMap'];
  vertexColors?: boolean;
};

/** Unlit copies of materials, cached per original and refreshed on each use (maps may change). */
export class UnlitMaterials {
  private readonly cache = new WeakMap<Material, MeshBasicMaterial>();
  private readonly all: MeshBasicMaterial[] = [];

  readonly materialOf: MaterialOf = (_mesh, original) => {
    if (isShadowCatcher(original)) return HIDDEN;
    let basic = this.cache.get(original);
    if (!basic) {
      basic = new MeshBasicMaterial();
      this.cache.set(original, basic);
      this.all.push(basic);
    }
    const m = original as MaybeMapped;
    basic.map = m.map ?? null;
    basic.alphaMap = m.alphaMap ?? null;
    if (m.color) basic.color.copy(m.color);
    else basic.color.set(0xffffff);
    const vertexColors = m.vertexColors === true;
    const needsUpdate = basic.vertexColors !== vertexColors;
    basic.vertexColors = vertexColors;
    basic.side = original.side;
    basic.transparent = original.transparent;
    basic.opacity = original.opacity;
    basic.alphaTest = original.alphaTest;
    basic.visible = original.visible;
    if (needsUpdate) basic.needsUpdate = true;
    return basic;
  };

  dispose(): void {
    for (const m of this.all) m.dispose();
    this.all.length = 0;
  }
}

/** White for the subject, black for everything else (which still hides the subject where in front). */
export class MaskMaterials {
  private readonly subject = new MeshBasicMaterial({ color: 0xffffff, fog: false });
  private readonly other = new MeshBasicMaterial({ color: 0x000000, fog: false });
  private readonly sided = new Map<string, MeshBasicMaterial>();

  readonly materialOf: MaterialOf = (_mesh, original, inSubject) => {
    // A shadow catcher is see-through: it neither shows in the mask nor hides the subject.
    if (isShadowCatcher(original)) return HIDDEN;
    const base = inSubject ? this.subject : this.other;
    if (original.side === base.side && original.visible) return base;
    const key = `${inSubject}-${original.side}-${original.visible}`;
    let m = this.sided.get(key);
    if (!m) {
      m = base.clone();
      m.side = original.side;
      m.visible = original.visible;
      this.sided.set(key, m);
    }
    return m;
  };

  /** Draws the mask of `subject` into the current render target (background black, no fog). */
  render(renderer: WebGLRenderer, scene: Scene, camera: Camera, subject: Object3D | null): void {
    const { background, fog } = scene;
    const clear = renderer.getClearColor(new Color());
    const clearAlpha = renderer.getClearAlpha();
    scene.background = null;
    scene.fog = null;
    renderer.setClearColor(0x000000, 1);
    try {
      renderWithMaterials(renderer, scene, camera, subject, this.materialOf);
    } finally {
      scene.background = background;
      scene.fog = fog;
      renderer.setClearColor(clear, clearAlpha);
    }
  }

  dispose(): void {
    this.subject.dispose();
    this.other.dispose();
    for (const m of this.sided.values()) m.dispose();
  }
}
