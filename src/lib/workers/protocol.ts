/**
 * The contract between the main thread and a model worker (exposed with Comlink by model.worker.ts).
 * Everything here is structured-cloneable; pixel buffers travel with Comlink.transfer.
 */
import type { BackendName, BackendPreference, Inspection, ModelInputError, ModelMeta } from '../models/types';
import type {
  AttackConfig,
  AttackProgress,
  AttackResult,
  ChannelRank,
  FeatureVisProgress,
  FeatureVisRequest,
  FeatureVisResult,
  LayerActivations,
  LayerInfo,
  PredictOptions,
  RankRequest
} from '../inspect/types';

export type * from '../inspect/types';

/** One frame of the scene at the model's input size: RGBA bytes, row 0 at the top unless flipY. */
export interface Frame {
  /** Monotonic scene version this frame shows. */
  version: number;
  width: number;
  height: number;
  /** RGBA, width * height * 4 bytes. Transferred, not copied. */
  pixels: Uint8Array;
  /** True when rows are bottom-up (WebGL readPixels order). */
  flipY: boolean;
  /** performance.now() on the main thread when the frame was captured (for latency). */
  capturedAt: number;
}

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

export interface BackendTrial {
  backend: BackendName;
  /** Median ms per predict after warm-up, or null when it failed. */
  msPerPredict: number | null;
  warmupMs?: number;
  error?: string;
  /** Max abs difference of the output from the reference backend's output. */
  maxAbsDiff?: number;
}

export interface LoadResult {
  backend: BackendName;
  trials: BackendTrial[];
  /** Why the chosen backend differs from what was asked for, e.g. "WebGL unavailable in workers: using wasm". */
  fallbackReason?: string;
  loadMs: number;
  /** True when the backend came from an earlier measurement on this browser (trials are that measurement's). */
  fromCache?: boolean;
}

export interface ImportProgress {
  /** 0..1 */
  fraction: number;
  stage: 'download' | 'parse' | 'inspect' | 'save';
}

export interface ModelHostApi {
  /** Read artifacts from local files (model.json + shards [+ labels json]); validate; inspect. */
  inspectFiles(files: File[]): Promise<Inspection>;
  /** Fetch artifacts from a URL to a model.json; validate; inspect. Progress via callback proxy. */
  inspectUrl(url: string, onProgress?: (p: ImportProgress) => void): Promise<Inspection>;
  /** Stops the inspectUrl download under way: it rejects with "[cancelled] …"; nothing is stored. */
  cancelImport(): Promise<void>;
  /**
   * Save the inspected artifacts to `indexeddb://perturber-<meta.id>`; resolves once they are committed
   * (then the metadata is stored by the caller). The artifacts are kept for another try until the next
   * inspection.
   */
  saveInspected(meta: ModelMeta): Promise<void>;
  /** Load the stored model and choose a backend (measured unless meta.backend forces one). */
  load(meta: ModelMeta, preference?: BackendPreference): Promise<LoadResult>;
  /**
   * Run one frame. Latest frame wins: if a frame is queued behind a running one, a newer one replaces it.
   * With `options.activations`, the prediction also carries that layer's activation maps.
   */
  predict(frame: Frame, options?: PredictOptions): Promise<Prediction>;
  /** Benchmark helper: predicts/s of the raw predict loop on a fixed input (no transfer). */
  benchRaw(seconds: number): Promise<{ predictsPerSecond: number; backend: BackendName }>;
  /** Benchmark helper: ms to load the model (weights + build) from IndexedDB, or from `url` when given. */
  benchLoad(meta: ModelMeta, url?: string): Promise<{ ms: number }>;
  /** Diagnostics: throw an uncaught error in the worker, as a crash would (tests the restart path). */
  simulateCrash(): Promise<void>;
  /** Conv and activation layers (node names for graph models) with their [height, width, channels]. */
  listLayers(): Promise<LayerInfo[]>;
  /** The k channels of a layer that are most active on `frame` (default: the last predicted frame) or matter most for a class. */
  rankChannels(request: RankRequest, frame?: Frame): Promise<ChannelRank[]>;
  /**
   * Adversarial attack on `frame` against this model (progress per step; `cancel()` stops it early).
   * Over Comlink, pass callbacks wrapped in Comlink.proxy, as for inspectUrl.
   */
  attack(frame: Frame, config: AttackConfig, onProgress?: (p: AttackProgress) => void): Promise<AttackResult>;
  /** Feature visualisation by gradient ascent on the input (progress per step; `cancel()` stops it early). */
  featureVisualisation(request: FeatureVisRequest, onProgress?: (p: FeatureVisProgress) => void): Promise<FeatureVisResult>;
  /** Stops the running attack or feature visualisation; it resolves with what it has and `cancelled: true`. */
  cancel(): Promise<void>;
  /** tf.memory().numTensors, for leak checks. */
  numTensors(): Promise<number>;
  dispose(): Promise<void>;
}

/**
 * Errors cross Comlink as plain `Error`s; a ModelInputError's code travels at the start of the message
 * in brackets: "[missing-shard] Missing weight file …". These read it back on the main thread
 * (kept here, not in host.ts, so the main thread does not import TF.js to parse an error).
 */
const ERROR_CODE_PREFIX = /^\[([a-z-]+)\]\s*/;

/** The ModelInputError code at the start of a message from a worker, or null. */
export function errorCode(message: string): ModelInputError['code'] | null {
  const match = ERROR_CODE_PREFIX.exec(message);
  return match ? (match[1] as ModelInputError['code']) : null;
}

/** A worker error's message without its "[code] " prefix, for display. */
export function errorText(message: string): string {
  return message.replace(ERROR_CODE_PREFIX, '');
}
