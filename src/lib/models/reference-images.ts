/**
 * The reference renders of the preprocessing check, shipped under static/reference (precached by the
 * service worker, so the check works offline): /reference/index.json lists them (made by
 * scripts/render-references.mjs); each is a 224x224 JPEG of a procedural subject at one camera view.
 */
import type { ReferenceImage } from '$lib/protocol';
import { classSet } from './class-sets.js';

/** One entry of /reference/index.json. */
export interface ReferenceEntry {
  file: string;
  subject: string;
  classSet: string;
  view: { yaw: number; pitch: number };
}

export const REFERENCE_BASE = '/reference/';

/** "yaw 30°, pitch 20°". */
export const viewName = (view: ReferenceEntry['view']): string => `yaw ${view.yaw}°, pitch ${view.pitch}°`;

/** The entries of an index.json, checked: a file name, a known class set and a view each. */
export function parseReferenceIndex(json: unknown): ReferenceEntry[] {
  const images = (json as { images?: unknown } | null)?.images;
  if (!Array.isArray(images) || images.length === 0) throw new Error('The reference index lists no images.');
  return images.map((raw, i) => {
    const e = raw as Partial<ReferenceEntry> | null;
    const ok =
      !!e &&
      typeof e.file === 'string' &&
      /^[\w.-]+\.(jpg|png)$/.test(e.file) &&
      typeof e.subject === 'string' &&
      typeof e.classSet === 'string' &&
      Number.isFinite(e.view?.yaw) &&
      Number.isFinite(e.view?.pitch);
    if (!ok) throw new Error(`Reference ${i} in the index is malformed.`);
    classSet(e.classSet!); // throws for an unknown class set
    return { file: e.file!, subject: e.subject!, classSet: e.classSet!, view: { yaw: e.view!.yaw, pitch: e.view!.pitch } };
  });
}

/** Decodes an image file to RGBA, rows top-down (browser: createImageBitmap + a 2D canvas). */
export type DecodeImage = (bytes: Blob) => Promise<{ pixels: Uint8Array; width: number; height: number }>;

export const decodeInBrowser: DecodeImage = async (blob) => {
  const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  try {
    const { width, height } = bitmap;
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas to decode the reference images');
    ctx.drawImage(bitmap, 0, 0);
    return { pixels: new Uint8Array(ctx.getImageData(0, 0, width, height).data.buffer), width, height };
  } finally {
    bitmap.close();
  }
};

/** Reads and decodes every reference image. */
export async function loadReferenceImages(
  fetchImpl: typeof fetch = fetch,
  decode: DecodeImage = decodeInBrowser,
  base = REFERENCE_BASE
): Promise<ReferenceImage[]> {
  const res = await fetchImpl(`${base}index.json`);
  if (!res.ok) throw new Error(`The reference images could not be read (${res.status}).`);
  const entries = parseReferenceIndex(await res.json());
  return Promise.all(
    entries.map(async (e) => {
      const file = await fetchImpl(base + e.file);
      if (!file.ok) throw new Error(`The reference image ${e.file} could not be read (${file.status}).`);
      const { pixels, width, height } = await decode(await file.blob());
      return { file: e.file, subject: e.subject, classSet: e.classSet, view: viewName(e.view), pixels, width, height };
    })
  );
}

let cached: Promise<ReferenceImage[]> | null = null;

/** loadReferenceImages once per page (a failure is tried again next time). */
export function referenceImages(): Promise<ReferenceImage[]> {
  cached ??= loadReferenceImages().catch((e: unknown) => {
    cached = null;
    throw e;
  });
  return cached;
}
