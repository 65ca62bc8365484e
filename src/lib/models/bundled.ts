/**
 * Models shipped with the app under static/models (precached by the service worker): listed in
 * /models/index.json. On start, any bundled model not yet stored is imported like a URL import.
 */
import type { ModelMeta } from '$lib/protocol';

export interface BundledModel {
  id: string;
  name: string;
  /** Path of the model.json relative to /models/. */
  url: string;
  /** Metadata that overrides what analysis detects (preprocess, labels, …). */
  meta?: Partial<Omit<ModelMeta, 'id' | 'source' | 'addedAt'>>;
}

export async function loadBundledIndex(fetchImpl: typeof fetch = fetch): Promise<BundledModel[]> {
  const res = await fetchImpl('/models/index.json');
  if (!res.ok) return [];
  const json = (await res.json()) as { models?: unknown };
  if (!Array.isArray(json.models)) return [];
  return json.models.filter(
    (m): m is BundledModel =>
      !!m && typeof m === 'object' && typeof (m as BundledModel).id === 'string' && typeof (m as BundledModel).url === 'string'
  );
}
