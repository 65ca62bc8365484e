/**
 * The user's own subjects, as plain rules without DOM or WebGL: what kind of file was given (judged by
 * its bytes, not its name), the size limit, and which subject source the scene can show when a link or
 * a preset asks for an imported subject that is not stored.
 */

export type SubjectSource = 'procedural' | 'gltf' | 'photo';
export type UserSubjectKind = Exclude<SubjectSource, 'procedural'>;

/** An imported file as it is kept (IndexedDB) and restored. */
export interface StoredSubjectFile {
  kind: UserSubjectKind;
  name: string;
  /** MIME type as reported by the browser ('' when unknown). */
  type: string;
  bytes: ArrayBuffer;
  savedAt: number;
}

/** Files above this are refused before any parsing (a subject is not a 1 GB scan). */
export const MAX_SUBJECT_BYTES = 64 * 1024 * 1024;

export type FileCheck = { ok: true; kind: UserSubjectKind } | { ok: false; notice: string };

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

/** Image formats browsers decode, by magic number. */
export function imageFormat(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(bytes, [0x42, 0x4d])) return 'bmp';
  return null;
}

/** "glTF" at offset 0: a binary glTF (GLB) container. */
export function isGlb(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x67, 0x6c, 0x54, 0x46]);
}

/** A JSON glTF: an object with an "asset" member (checked by the loader later), after optional BOM/space. */
export function looksLikeGltfJson(bytes: Uint8Array): boolean {
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (bytes[i] !== 0x7b) return false;
  const head = new TextDecoder().decode(bytes.subarray(i, Math.min(bytes.length, i + 65536)));
  return head.includes('"asset"');
}

/**
 * What a file the user gave is meant to be, from its first bytes. `expected` narrows it (the photo
 * picker refuses a model and the other way round); a drop passes nothing and takes either.
 */
export function classifySubjectFile(name: string, bytes: Uint8Array, expected?: UserSubjectKind): FileCheck {
  const label = `"${name.length > 60 ? name.slice(0, 60) + '…' : name}"`;
  if (bytes.byteLength === 0) return { ok: false, notice: `${label} is empty; the current subject stays.` };
  if (bytes.byteLength > MAX_SUBJECT_BYTES) {
    return { ok: false, notice: `${label} is ${(bytes.byteLength / 2 ** 20).toFixed(0)} MB, more than the ${MAX_SUBJECT_BYTES / 2 ** 20} MB a subject may be; the current subject stays.` };
  }
  const kind: UserSubjectKind | null = imageFormat(bytes) ? 'photo' : isGlb(bytes) || looksLikeGltfJson(bytes) ? 'gltf' : null;
  if (kind === null) {
    const wanted = expected === 'photo' ? 'an image (JPEG, PNG, WebP, GIF or BMP)' : expected === 'gltf' ? 'a glTF model (.gltf or .glb)' : 'a glTF model (.gltf or .glb) or an image';
    return { ok: false, notice: `${label} is not ${wanted}; the current subject stays.` };
  }
  if (expected && kind !== expected) {
    return {
      ok: false,
      notice: expected === 'photo' ? `${label} is a 3D model, not a photo: use "Import 3D model". The current subject stays.` : `${label} is an image, not a 3D model: use "Import photo". The current subject stays.`
    };
  }
  return { ok: true, kind };
}

/**
 * The source the scene shows when `requested` is asked for (by a link, a preset or the select):
 * an imported source needs a stored subject of that kind; otherwise procedural, with a notice.
 */
export function resolveSubjectSource(
  requested: SubjectSource,
  available: Readonly<Record<UserSubjectKind, boolean>>
): { source: SubjectSource; notice: string | null } {
  if (requested === 'procedural' || available[requested]) return { source: requested, notice: null };
  const what = requested === 'gltf' ? 'No imported 3D model is stored' : 'No imported photo is stored';
  return { source: 'procedural', notice: `${what} on this device, so the procedural subject is shown instead. Import one to use it.` };
}
