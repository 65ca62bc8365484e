/**
 * Every size and time limit on what a user brings in (classifier models, downloads, glTF subjects,
 * photos), in one place. Each is checked before the thing is read, so that a file or download over a
 * limit is refused with a message and nothing already stored is touched.
 */

export const MiB = 1024 * 1024;

/**
 * Largest classifier model (model.json + weight shards). Importing holds the weights about three
 * times in the import worker (the shards as read, joined into one buffer, and the copy IndexedDB
 * makes when storing), so 500 MB peaks near 1.5 GB. It still fits the large ImageNet CNNs in float32
 * (MobileNets 2-22 MB, ResNet-50 ~100 MB, EfficientNet-B7 ~265 MB); VGG-16 (~550 MB) is over it.
 */
export const MODEL_MAX_BYTES = 500 * MiB;

/**
 * Free storage kept on top of a model's own bytes: IndexedDB keeps some bookkeeping per record, and a
 * model that fills the quota to the last byte leaves no room for its metadata and the settings.
 * The headroom is 10 % of the model, at least 16 MB.
 */
export const STORAGE_HEADROOM_FRACTION = 0.1;
export const STORAGE_HEADROOM_MIN_BYTES = 16 * MiB;

/** A URL download that receives no byte for this long is stopped. */
export const DOWNLOAD_IDLE_TIMEOUT_MS = 30_000;

/** Largest glTF/GLB subject: parsed on the main thread, and kept in IndexedDB to show after a reload. */
export const GLTF_MAX_BYTES = 100 * MiB;

/** Largest photo file (a camera JPEG is 3-20 MB; a panorama PNG can be far more). */
export const PHOTO_MAX_BYTES = 64 * MiB;

/** Photos are decoded with their longer side at most this (the texture is never larger). */
export const PHOTO_MAX_EDGE = 2048;

/**
 * Photos with more pixels than this are refused: a browser may decode the full image before it
 * scales it down, and 150 megapixels is already 600 MB of RGBA (a 108-megapixel phone photo passes).
 */
export const PHOTO_MAX_PIXELS = 150e6;

/** "240 MB", "3.5 MB", "800 KB", "150 GB" (binary units, as the model list shows sizes). */
export function formatSize(bytes: number): string {
  if (bytes < MiB) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = bytes / MiB;
  if (mb >= 1024) {
    const gb = mb / 1024;
    return `${gb < 10 ? gb.toFixed(1).replace(/\.0$/, '') : Math.round(gb)} GB`;
  }
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, '') : Math.round(mb)} MB`;
}
