/** The backend measurement kept with a model's metadata, so that 'auto' need not measure again in this browser. */
import type { MeasuredBackend, ModelMeta, LoadResult } from '$lib/protocol';

/** What a load with 'auto' measured, to store with the model. */
export function measurementOf(result: LoadResult): MeasuredBackend {
  return {
    backend: result.backend,
    trials: result.trials.map((t) => ({ backend: t.backend, msPerPredict: t.msPerPredict })),
    at: Date.now(),
    userAgent: typeof navigator === 'undefined' ? '' : navigator.userAgent
  };
}

/** The stored measurement, when it was made by this browser. */
export function reusableMeasurement(meta: ModelMeta): MeasuredBackend | undefined {
  const m = meta.measured;
  if (!m || typeof navigator === 'undefined' || m.userAgent !== navigator.userAgent) return undefined;
  return m;
}
