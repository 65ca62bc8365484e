/**
 * Models shipped with the app under static/models (precached by the service worker), listed in
 * /models/index.json. On start, each bundled model that is not stored is installed like a URL import,
 * unless the user removed it (a removal is remembered until "Restore bundled models"); a stored copy of
 * an older `version` is replaced.
 */
import type { ModelMeta } from '$lib/protocol';

export interface BundledModel {
  id: string;
  /** Raised when the shipped files change: a stored copy of an older version is replaced. */
  version: number;
  name: string;
  /** Path of the model.json relative to /models/. */
  url: string;
  /** Path of a labels JSON (an array of class names) relative to /models/. */
  labels?: string;
  /** Metadata that overrides what the analysis detects (preprocess, output kind, class offset, …). */
  meta?: Partial<Omit<ModelMeta, 'id' | 'source' | 'addedAt'>>;
}

export const BUNDLED_BASE = '/models/';

function isBundledModel(m: unknown): m is BundledModel {
  if (!m || typeof m !== 'object') return false;
  const b = m as Record<string, unknown>;
  return (
    typeof b.id === 'string' &&
    b.id !== '' &&
    typeof b.url === 'string' &&
    typeof b.name === 'string' &&
    Number.isInteger(b.version) &&
    (b.version as number) >= 0 &&
    (b.labels === undefined || typeof b.labels === 'string') &&
    (b.meta === undefined || (typeof b.meta === 'object' && b.meta !== null))
  );
}

/** The bundled models listed in /models/index.json (entries that are not well-formed are left out). */
export async function loadBundledIndex(fetchImpl: typeof fetch = fetch): Promise<BundledModel[]> {
  const res = await fetchImpl(`${BUNDLED_BASE}index.json`);
  if (!res.ok) return [];
  const json = (await res.json()) as { models?: unknown };
  if (!Array.isArray(json.models)) return [];
  return json.models.filter(isBundledModel);
}

/** What to do at start for each bundled model. */
export interface BundledPlan {
  /** Not stored (and not removed by the user): install. */
  install: BundledModel[];
  /** Stored as an older version: replace with the shipped one. */
  replace: BundledModel[];
}

/**
 * Decides from the index, the stored models and the ids the user removed. A stored model under a
 * bundled id that did not come from the bundle (a user's own import) is left alone.
 */
export function planBundledInstall(index: BundledModel[], stored: ModelMeta[], removed: ReadonlySet<string>): BundledPlan {
  const byId = new Map(stored.map((m) => [m.id, m]));
  const plan: BundledPlan = { install: [], replace: [] };
  for (const b of index) {
    const have = byId.get(b.id);
    if (!have) {
      if (!removed.has(b.id)) plan.install.push(b);
    } else if (have.source.kind === 'bundled' && (have.source.version ?? 0) < b.version) {
      plan.replace.push(b);
    }
  }
  return plan;
}

/** The bundled models that are not running now (removed, or not installed yet). */
export function missingBundled(index: BundledModel[], running: readonly string[]): BundledModel[] {
  const ids = new Set(running);
  return index.filter((b) => !ids.has(b.id));
}
