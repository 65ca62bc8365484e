/**
 * A short-lived model worker for the import dialog: it reads, checks and inspects artifacts and saves
 * the weights to IndexedDB, so that none of that (or TF.js itself) runs on the main thread.
 */
import * as Comlink from 'comlink';
import type { ImportHost, ImportProgress } from '$lib/protocol';
import { startModelWorker } from './worker-factory';

export interface ImportWorker {
  host: ImportHost;
  dispose(): void;
}

export function startImportWorker(): ImportWorker {
  const handle = startModelWorker();
  const remote = handle.api;
  const host: ImportHost = {
    analyseFiles: (files) => remote.analyseFiles(files),
    // A plain callback cannot cross to the worker: Comlink proxies it.
    analyseUrl: (url, onProgress?: (p: ImportProgress) => void) =>
      remote.analyseUrl(url, onProgress && Comlink.proxy(onProgress)),
    cancelImport: () => remote.cancelImport(),
    referenceOutputs: (references, candidates, target) => remote.referenceOutputs(references, candidates, target),
    saveAnalysed: (meta) => remote.saveAnalysed(meta)
  };
  return { host, dispose: () => handle.terminate() };
}
