/** The backend measurement kept with a model's metadata, so that 'auto' need not measure again in this browser. */
import type { BackendPreference, MeasuredBackend, ModelMeta, LoadResult } from '$lib/protocol';

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

/** The backend a load asks for: a chosen one as is; 'auto' this browser's earlier measurement when there is one. */
export function backendToRequest(meta: ModelMeta, preference: BackendPreference): { requested: BackendPreference; cached?: MeasuredBackend } {
  const cached = preference === 'auto' ? reusableMeasurement(meta) : undefined;
  return { requested: cached?.backend ?? preference, cached };
}

/**
 * After a load: a backend taken from the earlier measurement shows that measurement's trials
 * (`fromCache`); a fresh 'auto' load returns its measurement, to store with the model (else null).
 */
export function settleMeasurement(result: LoadResult, preference: BackendPreference, cached: MeasuredBackend | undefined): MeasuredBackend | null {
  if (cached && !result.fallbackReason) {
    result.trials = cached.trials.map((t) => ({ ...t }));
    result.fromCache = true;
    return null;
  }
  return preference === 'auto' ? measurementOf(result) : null;
}
