/**
 * A small JPEG of a model-input frame, stored with a sweep point so that hovering the point in a plot
 * shows what the models saw. Encoded off the main thread's way: createImageBitmap scales it, an
 * OffscreenCanvas encodes it.
 */
import { topDownPixels, type Frame } from '$lib/protocol';
import type { PointThumbnail } from '$lib/experiments/run-store';

/** The thumbnail's longer side, px. */
export const THUMBNAIL_SIDE = 96;
/** Runs with more points than this store no thumbnails (about 3 KB each). */
export const MAX_THUMBNAIL_POINTS = 5000;

export async function frameThumbnail(point: number, frame: Frame): Promise<PointThumbnail> {
  const rgba = topDownPixels(frame);
  const copy = new Uint8ClampedArray(rgba.length);
  copy.set(rgba);
  const image = new ImageData(copy, frame.width, frame.height);
  const scale = THUMBNAIL_SIDE / Math.max(frame.width, frame.height);
  const width = Math.max(1, Math.round(frame.width * scale));
  const height = Math.max(1, Math.round(frame.height * scale));
  const bitmap = await createImageBitmap(image, { resizeWidth: width, resizeHeight: height, resizeQuality: 'medium' });
  try {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D context for the thumbnail');
    context.drawImage(bitmap, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
    return { point, type: blob.type, bytes: await blob.arrayBuffer() };
  } finally {
    bitmap.close();
  }
}
