/**
 * The user's own subjects, as plain rules without DOM or WebGL: what kind of file was given (judged by
 * its bytes, not its name), the size limits, and which subject source the scene can show when a link or
 * a preset asks for an imported subject that is not stored.
 */
import { GLTF_MAX_BYTES, PHOTO_MAX_BYTES, formatSize } from '../../limits/sizes';

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

/** The largest file of each kind (../../limits/sizes): checked by File.size before the file is read. */
export const MAX_SUBJECT_BYTES: Readonly<Record<UserSubjectKind, number>> = { gltf: GLTF_MAX_BYTES, photo: PHOTO_MAX_BYTES };

/** Bytes of a file's start that tell its kind (looksLikeGltfJson looks this far for "asset"). */
export const SUBJECT_HEAD_BYTES = 65536 + 3;

/** 'This glTF file, "x.glb", is 240 MB; the limit is 100 MB. …' when `size` is over the limit of `kind`, else null. */
export function subjectSizeNotice(kind: UserSubjectKind, size: number, name: string): string | null {
  const limit = MAX_SUBJECT_BYTES[kind];
  if (size <= limit) return null;
  const shown = formatSize(size) === formatSize(limit) ? `more than ${formatSize(limit)}` : formatSize(size);
  const what = kind === 'gltf' ? 'glTF file' : 'photo';
  return `This ${what}, ${quoted(name)}, is ${shown}; the limit is ${formatSize(limit)}. The current subject stays.`;
}

/** The kind a file's name suggests (only to check its size before reading it; its bytes decide). */
export function kindByName(name: string): UserSubjectKind | null {
  if (/\.(glb|gltf)$/i.test(name)) return 'gltf';
  if (/\.(jpe?g|png|gif|webp|bmp)$/i.test(name)) return 'photo';
  return null;
}

const quoted = (name: string) => `"${name.length > 60 ? name.slice(0, 60) + '…' : name}"`;

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
 * What a file the user gave is meant to be, from its first bytes (`bytes` may be just the file's head,
 * SUBJECT_HEAD_BYTES long; `size` is the whole file's). `expected` narrows it (the photo picker refuses
 * a model and the other way round); a drop passes nothing and takes either.
 */
export function classifySubjectFile(name: string, bytes: Uint8Array, expected?: UserSubjectKind, size = bytes.byteLength): FileCheck {
  const label = quoted(name);
  if (size === 0 || bytes.byteLength === 0) return { ok: false, notice: `${label} is empty; the current subject stays.` };
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
  const tooBig = subjectSizeNotice(kind, size, name);
  if (tooBig) return { ok: false, notice: tooBig };
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
