/** What a model worker answers for one frame. */
import type { BackendName } from './model-meta';
import type { LayerActivations } from './activations';

export interface ClassScore {
  /** Index into the labels (output index - classOffset). */
  classIndex: number;
  label: string;
  probability: number;
}

export interface Prediction {
  version: number;
  top: ClassScore[];
  /** Milliseconds spent in the worker: preprocess + predict + read back. */
  inferenceMs: number;
  backend: BackendName;
  /** True when a newer frame replaced this one before it ran; `top` is then empty. */
  dropped?: boolean;
  /** The activation maps asked for with PredictOptions.activations (same forward pass as `top`). */
  activations?: LayerActivations;
}
