/**
 * The committed reference renders (static/reference) for Node tests: read from disk through the app's
 * own loader (models/reference-images.ts), decoded with jpeg-js instead of the browser's decoder.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import type { ReferenceImage } from '../../src/lib/protocol';
import { loadReferenceImages, type DecodeImage } from '../../src/lib/models/reference-images';

export const REFERENCE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../static/reference');

/** A fetch over static/reference: "/reference/x" is read from disk. */
export const fsFetch = (async (input: RequestInfo | URL) => {
  const path = String(input).replace(/^\/reference\//, '');
  try {
    return new Response(readFileSync(join(REFERENCE_DIR, path)));
  } catch {
    return new Response('not found', { status: 404 });
  }
}) as typeof fetch;

export const decodeJpeg: DecodeImage = async (blob) => {
  const img = jpeg.decode(new Uint8Array(await blob.arrayBuffer()), { useTArray: true, formatAsRGBA: true });
  return { pixels: new Uint8Array(img.data), width: img.width, height: img.height };
};

export function readReferences(): Promise<ReferenceImage[]> {
  return loadReferenceImages(fsFetch, decodeJpeg);
}
