/** Imports the models shipped under static/models that are not stored yet (first start, or after an update). */
import { loadBundledIndex } from '../models/bundled';
import { type ModelMeta, messageOf } from '$lib/protocol';
import { startImportWorker } from './import-host';
import type { ModelsController } from './models-controller.svelte';

export async function installBundledModels(controller: ModelsController): Promise<void> {
  let bundled;
  try {
    bundled = await loadBundledIndex();
  } catch {
    return; // No index (or offline before first caching): nothing bundled to add.
  }
  if (!bundled.length) return;
  // The controller has read the store already (a set-aside record under a bundled id is repaired).
  const stored = new Set(controller.runners.map((r) => r.meta.id));
  const missing = bundled.filter((b) => !stored.has(b.id));
  if (!missing.length) return;
  const worker = startImportWorker();
  try {
    for (const b of missing) {
      try {
        const url = new URL(`/models/${b.url}`, location.href).href;
        const analysis = await worker.host.analyseUrl(url);
        const meta: ModelMeta = {
          ...analysis.suggested,
          ...b.meta,
          name: b.name,
          id: b.id,
          source: { kind: 'bundled', url },
          addedAt: Date.now()
        };
        await worker.host.saveAnalysed(meta);
        await controller.add(meta);
      } catch (e) {
        controller.error = `Could not install the bundled model "${b.name}": ${messageOf(e)}`;
      }
    }
  } finally {
    worker.dispose();
  }
}
