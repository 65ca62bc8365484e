/**
 * three.js objects for the user's own subjects: a glTF/GLB parsed from bytes (never fetched), centred
 * and scaled to the size of the procedural subjects, and a photo on an upright plane facing the default
 * camera. Both are built in the browser (WebGL-free until rendered); errors are thrown as plain words.
 */
import {
  Box3,
  CanvasTexture,
  DoubleSide,
  Group,
  Mesh,
  MeshStandardMaterial,
  PlaneGeometry,
  SRGBColorSpace,
  Vector3,
  type Material,
  type Object3D,
  type Texture
} from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { imageDimensions, photoDecodeOptions, photoPixelsProblem } from '../../limits/photo-size';
import { PHOTO_MAX_EDGE } from '../../limits/sizes';
import { isGlb } from './user-subject-file';

/**
 * The box a procedural subject fills (dog, cat, fire truck, race car are ~2.3 units long and up to ~1.6
 * tall): an imported model is scaled to fit it, so a tall model is not taller than the view.
 */
export const SUBJECT_BOX = { horizontal: 2.3, height: 1.6 } as const;
/** A photo plane fits in this box (world units), centred at the height the camera orbits. */
export const PHOTO_MAX = { width: 2.6, height: 2.3, centreY: 0.5 } as const;

/** The glTF JSON of a .gltf file or of a GLB's first chunk. */
function gltfJson(bytes: Uint8Array): { buffers?: { uri?: string }[]; images?: { uri?: string }[] } {
  let text: string;
  if (isGlb(bytes)) {
    if (bytes.byteLength < 20) throw new Error('the GLB header is cut short');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const length = view.getUint32(12, true);
    if (view.getUint32(16, true) !== 0x4e4f534a || 20 + length > bytes.byteLength) throw new Error('the GLB has no readable JSON chunk');
    text = new TextDecoder().decode(bytes.subarray(20, 20 + length));
  } else {
    text = new TextDecoder().decode(bytes);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('its glTF JSON is not valid JSON');
  }
}

/** Refuses files that point at other files or URLs: imports never touch the network. */
function assertSelfContained(bytes: Uint8Array): void {
  const json = gltfJson(bytes);
  const uris = [...(json.buffers ?? []), ...(json.images ?? [])].map((b) => b?.uri).filter((u): u is string => typeof u === 'string');
  const external = uris.find((u) => !u.startsWith('data:'));
  if (external) {
    throw new Error(`it refers to a separate file ("${external.slice(0, 60)}"); export it as a single .glb or a .gltf with embedded data`);
  }
}

/**
 * Wraps `object` in a group that centres it on the floor (x, z centred, lowest point at y 0) and scales
 * it to fill `box`: its longest horizontal side becomes box.horizontal unless that makes it taller than box.height.
 */
export function fitToSubjectSize(object: Object3D, box: { horizontal: number; height: number } = SUBJECT_BOX): Group {
  object.updateMatrixWorld(true);
  const bounds = new Box3().setFromObject(object, true);
  const extent = bounds.getSize(new Vector3());
  const longest = Math.max(extent.x, extent.y, extent.z);
  if (bounds.isEmpty() || !Number.isFinite(longest) || longest <= 0) throw new Error('it contains no visible geometry');
  const horizontal = Math.max(extent.x, extent.z);
  const scale = Math.min(horizontal > 0 ? box.horizontal / horizontal : Infinity, extent.y > 0 ? box.height / extent.y : Infinity);
  const centre = bounds.getCenter(new Vector3());
  object.position.sub(new Vector3(centre.x, bounds.min.y, centre.z));
  const fitted = new Group();
  fitted.add(object);
  fitted.scale.setScalar(scale);
  return fitted;
}

/** Parses a .gltf (embedded data) or .glb from bytes into a fitted subject. */
export async function buildGltfSubject(buffer: ArrayBuffer): Promise<Group> {
  const bytes = new Uint8Array(buffer);
  assertSelfContained(bytes);
  const loader = new GLTFLoader();
  const gltf = await new Promise<{ scene: Group }>((resolve, reject) => {
    try {
      loader.parse(buffer, '', resolve, (e) => reject(e instanceof Error ? e : new Error(String(e))));
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
  gltf.scene.traverse((o) => {
    if ((o as Mesh).isMesh) o.castShadow = o.receiveShadow = true;
  });
  const fitted = fitToSubjectSize(gltf.scene);
  fitted.name = 'subject-gltf';
  return fitted;
}

/**
 * Decodes an image (throws when the bytes are not one) at most PHOTO_MAX_EDGE a side: the size comes
 * from the file's header and createImageBitmap scales while decoding, so a huge photo is never kept at
 * full resolution. Images with more than PHOTO_MAX_PIXELS are refused before decoding.
 */
async function photoCanvas(buffer: ArrayBuffer, type: string): Promise<HTMLCanvasElement> {
  const size = imageDimensions(new Uint8Array(buffer));
  if (!size) throw new Error('its pixel size could not be read from the file');
  const problem = photoPixelsProblem(size);
  if (problem) throw new Error(problem);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([buffer], { type: type || 'image/*' }), photoDecodeOptions(size));
  } catch {
    throw new Error('the browser could not decode it as an image');
  }
  // Should the browser have ignored the resize (or the header misled), the canvas still bounds it.
  const shrink = Math.min(1, PHOTO_MAX_EDGE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * shrink));
  canvas.height = Math.max(1, Math.round(bitmap.height * shrink));
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas;
}

/** A photo on an upright plane (both faces), as large as fits PHOTO_MAX with its aspect ratio. */
export async function buildPhotoSubject(buffer: ArrayBuffer, type: string): Promise<Group> {
  const canvas = await photoCanvas(buffer, type);
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.anisotropy = 4;
  const aspect = canvas.width / canvas.height;
  const width = Math.min(PHOTO_MAX.width, PHOTO_MAX.height * aspect);
  const height = width / aspect;
  const plane = new Mesh(
    new PlaneGeometry(width, height),
    new MeshStandardMaterial({ map: texture, roughness: 0.9, metalness: 0, side: DoubleSide })
  );
  plane.position.y = PHOTO_MAX.centreY;
  plane.receiveShadow = true;
  const group = new Group();
  group.name = 'subject-photo';
  group.userData.photo = canvas;
  group.add(plane);
  return group;
}

/** The decoded photo (at most PHOTO_TEXTURE_MAX a side) of a subject made by buildPhotoSubject, else null. */
export function photoImageOf(subject: Object3D | null): HTMLCanvasElement | null {
  const photo = subject?.userData.photo;
  return typeof HTMLCanvasElement !== 'undefined' && photo instanceof HTMLCanvasElement ? photo : null;
}

/** Frees the geometries, materials and textures under `root`. */
export function disposeObject(root: Object3D): void {
  root.traverse((o) => {
    const mesh = o as Mesh;
    if (!mesh.isMesh) return;
    mesh.geometry?.dispose();
    const materials: Material[] = Array.isArray(mesh.material) ? mesh.material : [mesh.material];
    for (const m of materials) {
      for (const value of Object.values(m)) if ((value as Texture)?.isTexture) (value as Texture).dispose();
      m.dispose();
    }
  });
}
