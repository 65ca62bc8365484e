/**
 * Whether a classifier model of a given size may be imported: under the model size limit, and small
 * enough for the storage the browser still grants this site (navigator.storage.estimate, less
 * headroom). Both checks run before the weights are read or downloaded.
 */
import { ModelInputError } from '$lib/protocol';
import type { StorageEstimate } from '../storage/estimate';
import { MODEL_MAX_BYTES, STORAGE_HEADROOM_FRACTION, STORAGE_HEADROOM_MIN_BYTES, formatSize } from './sizes';

/** What the site stores and may store (one shape with storage/estimate). */
export type StorageSpace = StorageEstimate;

/** "240 MB", or "more than 500 MB" when the size rounds to the limit it is over. */
function sizeOver(bytes: number, limit: number): string {
  return formatSize(bytes) === formatSize(limit) ? `more than ${formatSize(limit)}` : formatSize(bytes);
}

/** Free storage kept on top of a model of `bytes`. */
export function storageHeadroom(bytes: number): number {
  return Math.max(STORAGE_HEADROOM_MIN_BYTES, Math.round(bytes * STORAGE_HEADROOM_FRACTION));
}

/** Bytes a model may have so that it still fits in storage with headroom (never negative). */
export function storableBytes(space: StorageSpace): number {
  const free = Math.max(0, space.quotaBytes - space.usageBytes);
  // The largest m with m + max(MIN, FRACTION * m) <= free.
  const proportional = Math.floor(free / (1 + STORAGE_HEADROOM_FRACTION));
  const m =
    proportional * STORAGE_HEADROOM_FRACTION >= STORAGE_HEADROOM_MIN_BYTES
      ? proportional
      : Math.min(free - STORAGE_HEADROOM_MIN_BYTES, STORAGE_HEADROOM_MIN_BYTES / STORAGE_HEADROOM_FRACTION);
  return Math.max(0, m);
}

/** 'too-large': "This model is 740 MB; the limit is 500 MB." (`atLeast`: a download still growing). */
export function tooLargeError(bytes: number, limit = MODEL_MAX_BYTES, what = 'This model', atLeast = false): ModelInputError {
  const size = atLeast ? `more than ${formatSize(limit)}` : sizeOver(bytes, limit);
  return new ModelInputError(`${what} is ${size}; the limit is ${formatSize(limit)}. Nothing was stored.`, 'too-large');
}

/** 'quota-exceeded', naming the model's size and the free storage. */
export function noRoomError(bytes: number, space: StorageSpace, what = 'This model', atLeast = false): ModelInputError {
  const free = Math.max(0, space.quotaBytes - space.usageBytes);
  return new ModelInputError(
    `${what} needs ${atLeast ? 'more than ' : ''}${formatSize(bytes)} of storage, and ${formatSize(storageHeadroom(bytes))} ` +
      `to spare, but only ${formatSize(free)} is free ` +
      `for this site (${formatSize(space.usageBytes)} used of ${formatSize(space.quotaBytes)}). ` +
      'Remove a model you no longer need, or free disk space, then try again. Nothing was stored.',
    'quota-exceeded'
  );
}

/**
 * Throws 'too-large' past the model limit and 'quota-exceeded' when `bytes` (plus headroom) does not
 * fit in the free storage; `space` null (the browser does not tell) skips the storage check.
 */
export function checkModelRoom(bytes: number, space: StorageSpace | null, what = 'This model', limit = MODEL_MAX_BYTES): void {
  if (bytes > limit) throw tooLargeError(bytes, limit, what);
  if (space && bytes > storableBytes(space)) throw noRoomError(bytes, space, what);
}

/** The most bytes a model may reach: the limit, or less when storage is short. */
export function modelByteBudget(space: StorageSpace | null, limit = MODEL_MAX_BYTES): number {
  return space ? Math.min(limit, storableBytes(space)) : limit;
}
