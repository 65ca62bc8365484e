/**
 * Installs the models shipped under static/models: at start, each bundled model that is not stored
 * (and that the user did not remove) is imported through the import worker like a URL import, and a
 * stored copy of an older version is replaced; "Restore bundled models" forgets the removals and
 * installs again. The files come from the service worker's precache once it is installed: no network.
 */
import { BUNDLED_BASE, loadBundledIndex, planBundledInstall, type BundledModel } from '../models/bundled';
import { parseLabels } from '../models/labels';
import { forgetRemovedBundled, readRemovedBundled } from '../models/store';
import type { ImportHost, ModelMeta } from '$lib/protocol';
import { messageOf } from '$lib/protocol';
import { validateMeta } from '../models/validate';
import { busy } from './busy';
import { startImportWorker } from './import-host';
import type { ModelsController } from './models-controller.svelte';

/** What the installer needs of the controller (the app's ModelsController). */
export type BundledTarget = Pick<ModelsController, 'runners' | 'add' | 'discard' | 'error'>;

/** What the installer needs of the browser (replaceable for tests). */
export interface BundledDeps {
  loadIndex: () => Promise<BundledModel[]>;
  /** A labels JSON under /models/ (an array of class names). */
  fetchLabels: (url: string) => Promise<string[]>;
  readRemoved: () => Promise<Set<string>>;
  forgetRemoved: () => Promise<void>;
  startImporter: () => { host: Pick<ImportHost, 'analyseUrl' | 'saveAnalysed'>; dispose(): void };
  /** Absolute URL of a path under /models/. */
  resolve: (path: string) => string;
}

export const browserBundledDeps: BundledDeps = {
  loadIndex: () => loadBundledIndex(),
  fetchLabels: async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`its labels (${url}) answered ${res.status}`);
    return parseLabels(await res.json());
  },
  readRemoved: readRemovedBundled,
  forgetRemoved: forgetRemovedBundled,
  startImporter: startImportWorker,
  resolve: (path) => new URL(`${BUNDLED_BASE}${path}`, location.href).href
};

/**
 * Installs what is missing or outdated; returns the index (empty when there is none, e.g. offline
 * before the service worker cached it). A model that fails is reported on `controller.error`; the
 * others are installed all the same.
 */
export async function installBundledModels(controller: BundledTarget, deps: BundledDeps = browserBundledDeps): Promise<BundledModel[]> {
  let index: BundledModel[];
  let removed: Set<string>;
  try {
    index = await deps.loadIndex();
    removed = index.length ? await deps.readRemoved() : new Set();
  } catch {
    return []; // No index (or no storage): nothing bundled to add.
  }
  // The controller has read the store already (a set-aside record under a bundled id is repaired).
  const stored = controller.runners.map((r) => r.meta);
  const { install, replace } = planBundledInstall(index, stored, removed);
  const work = index.filter((b) => install.includes(b) || replace.includes(b));
  if (!work.length) return index;
  // An update's "Reload" waits for this, as for any import.
  const done = busy.begin('import');
  const importer = deps.startImporter();
  const labelsByUrl = new Map<string, Promise<string[]>>();
  try {
    for (const b of work) {
      try {
        const url = deps.resolve(b.url);
        const analysis = await importer.host.analyseUrl(url);
        let labels: string[] | undefined;
        if (b.labels) {
          const labelsUrl = deps.resolve(b.labels);
          if (!labelsByUrl.has(labelsUrl)) labelsByUrl.set(labelsUrl, deps.fetchLabels(labelsUrl));
          labels = await labelsByUrl.get(labelsUrl);
        }
        const previous = stored.find((m) => m.id === b.id);
        const meta: ModelMeta = {
          ...analysis.suggested,
          ...b.meta,
          ...(labels ? { labels } : {}),
          // A replaced version keeps the user's backend choice; its measurement was of the old weights.
          ...(previous ? { backend: previous.backend } : {}),
          name: b.name,
          id: b.id,
          source: { kind: 'bundled', url, version: b.version },
          addedAt: previous?.addedAt ?? Date.now()
        };
        delete meta.measured;
        const problems = validateMeta(meta);
        if (problems.length) throw new Error(problems.map((p) => p.message).join(' '));
        if (previous) await controller.discard(b.id);
        await importer.host.saveAnalysed(meta);
        await controller.add(meta);
      } catch (e) {
        controller.error = `Could not install the bundled model "${b.name}": ${messageOf(e)}`;
      }
    }
  } finally {
    importer.dispose();
    done();
  }
  return index;
}

/** "Restore bundled models": forgets the user's removals, then installs what is missing. */
export async function restoreBundledModels(controller: BundledTarget, deps: BundledDeps = browserBundledDeps): Promise<BundledModel[]> {
  try {
    await deps.forgetRemoved();
  } catch (e) {
    controller.error = messageOf(e);
    return [];
  }
  return installBundledModels(controller, deps);
}
