/** The cache key of a feature visualisation: the model, the objective, and every setting with its default filled in. */
import type { FeatureVisRequest } from '$lib/protocol';

export const FEATURE_VIS_DEFAULTS = {
  steps: 256,
  learningRate: 0.05,
  parameterisation: 'fourier',
  jitter: 8,
  rotate: 5,
  scale: 0.05,
  seed: 0
} as const;

export function featureVisKey(modelId: string, request: FeatureVisRequest): string {
  const o = request.objective;
  const objective = o.kind === 'channel' ? `channel:${o.layer}:${o.channel}` : `class:${o.classIndex}`;
  const settings = (Object.keys(FEATURE_VIS_DEFAULTS) as (keyof typeof FEATURE_VIS_DEFAULTS)[])
    .map((k) => `${k}=${request[k] ?? FEATURE_VIS_DEFAULTS[k]}`)
    .join(',');
  return `${modelId}|${objective}|${settings}`;
}
