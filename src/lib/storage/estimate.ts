/** How much this site stores and may store (navigator.storage.estimate), where the browser tells. Works in workers too. */

export interface StorageEstimate {
  usageBytes: number;
  quotaBytes: number;
}

/** How much the origin stores and may store, when the browser tells (navigator.storage.estimate). */
export async function storageEstimate(): Promise<StorageEstimate | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
  try {
    const { usage, quota } = await navigator.storage.estimate();
    if (typeof usage !== 'number' || typeof quota !== 'number') return null;
    return { usageBytes: usage, quotaBytes: quota };
  } catch {
    return null;
  }
}
