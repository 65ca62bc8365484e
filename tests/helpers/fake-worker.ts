/** A fake model worker for tests of the main-thread pipeline: the test controls loads, predictions and crashes. */
import type { WorkerHandle } from '../../src/lib/pipeline/model-runner.svelte';
import type { Frame, LoadResult, ModelHostApi, Prediction } from '../../src/lib/workers/protocol';

/** A fake worker whose predictions and crashes the test controls. */
export function fakeWorker(opts: { loadFails?: string } = {}) {
  let crash: (reason: string) => void = () => {};
  const terminated = { value: false };
  const api: Partial<ModelHostApi> = {
    load: async (): Promise<LoadResult> => {
      if (opts.loadFails) throw new Error(opts.loadFails);
      return { backend: 'wasm', trials: [], loadMs: 1 };
    },
    predict: async (f: Frame): Promise<Prediction> => ({
      version: f.version,
      backend: 'wasm',
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
  return { handle, crash: (r: string) => crash(r), terminated };
}

