/**
 * The contract between the main thread and a model worker (exposed with Comlink by model.worker.ts).
 * Everything here is structured-cloneable; pixel buffers travel with Comlink.transfer.
 */
import type { BackendName, BackendPreference, ModelAnalysis, ModelMeta, Preprocess } from './model-meta';
import type { ReferenceImage, ReferenceOutputs, ReferenceTarget } from './references';
import type { Frame } from './frame';
import type { Prediction } from './prediction';
import type {
  AttackConfig,
  AttackProgress,
  AttackResult,
  ChannelRank,
  FeatureVisProgress,
  FeatureVisRequest,
  FeatureVisResult,
  LayerInfo,
  PredictOptions,
  RankRequest
} from './interpret';

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
  /** SHA-256 (hex) of the weight bytes as loaded: tells two runs on the same weights from runs on others. */
  weightsHash?: string;
}

export interface ImportProgress {
  /** 0..1 */
  fraction: number;
  stage: 'download' | 'parse' | 'analyse' | 'save';
}

export interface ModelHostApi {
  /** Read artifacts from local files (model.json + shards [+ labels json]); validate; inspect. */
  analyseFiles(files: File[]): Promise<ModelAnalysis>;
  /** Fetch artifacts from a URL to a model.json; validate; inspect. Progress via callback proxy. */
  analyseUrl(url: string, onProgress?: (p: ImportProgress) => void): Promise<ModelAnalysis>;
  /** Stops the analyseUrl download under way: it rejects with "[cancelled] …"; nothing is stored. */
  cancelImport(): Promise<void>;
  /**
   * Save the analysed artifacts to `indexeddb://perturber-<meta.id>`; resolves once they are committed
   * (then the metadata is stored by the caller). The artifacts are kept for another try until the next
   * analysis.
   */
  saveAnalysed(meta: ModelMeta): Promise<void>;
  /**
   * The preprocessing check: the raw outputs of the analysed (import) or loaded model on the reference
   * renders under each candidate input convention (scored on the main thread: models/preprocess-check).
   */
  referenceOutputs(references: ReferenceImage[], candidates: Preprocess[], target: ReferenceTarget): Promise<ReferenceOutputs[]>;
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
   * Over Comlink, pass callbacks wrapped in Comlink.proxy, as for analyseUrl.
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

/** The part of a model worker the import dialog uses: read, check and save a model's artifacts. */
export type ImportHost = Pick<ModelHostApi, 'analyseFiles' | 'analyseUrl' | 'saveAnalysed'> &
  Partial<Pick<ModelHostApi, 'cancelImport' | 'referenceOutputs'>>;
