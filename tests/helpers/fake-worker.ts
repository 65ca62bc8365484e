/** A fake model worker for tests of the main-thread pipeline: the test controls loads, predictions and crashes. */
import type { WorkerHandle } from '../../src/lib/pipeline/worker-factory';
import type { BackendName, BackendPreference, Frame, LoadResult, ModelHostApi, ModelMeta, Prediction } from '../../src/lib/protocol';

/**
 * A fake worker whose predictions and crashes the test controls. It runs on the backend it is asked
 * for ('auto': `backend`, default wasm); `loadHangs`: its load never answers.
 */
export function fakeWorker(opts: { loadFails?: string; loadHangs?: boolean; backend?: BackendName } = {}) {
  let crash: (reason: string) => void = () => {};
  const terminated = { value: false };
  /** The backend preference of each load call. */
  const loads: (BackendPreference | undefined)[] = [];
  /** The metadata of each load call. */
  const loadedMeta: ModelMeta[] = [];
  let backend: BackendName = opts.backend ?? 'wasm';
  const api: Partial<ModelHostApi> = {
    load: async (meta, preference): Promise<LoadResult> => {
      loads.push(preference);
      loadedMeta.push(meta);
      if (opts.loadHangs) return new Promise<never>(() => {});
      if (opts.loadFails) throw new Error(opts.loadFails);
      if (preference && preference !== 'auto') backend = preference;
      return { backend, trials: [], loadMs: 1 };
    },
    predict: async (f: Frame): Promise<Prediction> => ({
      version: f.version,
      backend,
      inferenceMs: 2,
      top: [
        { classIndex: 1, label: 'dog', probability: 0.7 },
        { classIndex: 0, label: 'cat', probability: 0.3 }
      ]
    })
  };
  const handle: WorkerHandle = {
    api: api as ModelHostApi,
    terminate: () => (terminated.value = true),
    onCrash: (cb) => (crash = cb)
  };
  return { handle, crash: (r: string) => crash(r), terminated, loads, loadedMeta };
}

