/** One line that says how a model's backend was chosen, for its prediction panel. */
import type { LoadResult } from '$lib/protocol';

export function backendDetail(result: LoadResult | null, preference: string): string | null {
  if (!result) return null;
  if (result.fallbackReason) return result.fallbackReason;
  const timed = result.trials
    .map((t) => `${t.backend} ${t.msPerPredict == null ? 'failed' : `${Math.round(t.msPerPredict)} ms`}`)
    .join(' · ');
  if (preference !== 'auto') return `set by you${timed ? ` (${timed})` : ''}`;
  return `${result.fromCache ? 'measured earlier' : 'measured'}: ${timed}`;
}
