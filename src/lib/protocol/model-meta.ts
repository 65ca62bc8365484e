/**
 * Model metadata: what Perturber needs to know about a classifier beyond its weights.
 * Stored with `idb` in our own database; the weights live in tf.io's `indexeddb://` store.
 */

export type ModelFormat = 'layers' | 'graph';

/** How raw RGB bytes (0..255) become the model's input values. */
export type Preprocess =
  | { kind: 'range01' } // x / 255
  | { kind: 'range11' } // x / 127.5 - 1
  | { kind: 'meanstd'; mean: [number, number, number]; std: [number, number, number] } // (x/255 - mean) / std
  | { kind: 'caffe' }; // Caffe / Keras "caffe" mode: channels in BGR order, x - [103.939, 116.779, 123.68] (B, G, R means)

export type OutputKind = 'probabilities' | 'logits';

export type ModelSource =
  | { kind: 'files'; fileNames: string[] }
  | { kind: 'url'; url: string }
  | { kind: 'catalogue'; url: string; catalogueId: string }
  /** Shipped with the app (static/models); `version` is the index entry's (a newer one replaces it). */
  | { kind: 'bundled'; url: string; version?: number };

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

export interface ModelMeta {
  /** Stable id; the weights are stored under `indexeddb://perturber-<id>`. */
  id: string;
  name: string;
  format: ModelFormat;
  /** [height, width] of the model input. */
  inputSize: [number, number];
  preprocess: Preprocess;
  outputKind: OutputKind;
  /** Number of leading outputs that are not labelled classes (e.g. 1 for a 1001-way "background" output). */
  classOffset: number;
  /** Total length of the output vector. */
  numOutputs: number;
  /** Class labels; label i is output index i + classOffset. */
  labels: string[];
  /** Graph models: input/output node names (optional; defaults to the model's own). */
  inputNode?: string;
  outputNode?: string;
  /** Bytes of weights. */
  sizeBytes: number;
  source: ModelSource;
  addedAt: number;
  /** User choice of backend; 'auto' measures. */
  backend: BackendPreference;
  /** The last backend measurement for this model (what 'auto' chose), kept to skip re-measuring. */
  measured?: MeasuredBackend;
}

/** Result of measuring the backends for one model on this browser. */
export interface MeasuredBackend {
  backend: BackendName;
  /** Median ms per predict by backend (null: that backend failed). */
  trials: { backend: BackendName; msPerPredict: number | null }[];
  /** Date.now() of the measurement. */
  at: number;
  /** navigator.userAgent when measured: a different browser means measuring again. */
  userAgent: string;
}

/** What analysing a model's artifacts found: the defaults offered for the user to confirm. */
export interface ModelAnalysis {
  format: ModelFormat;
  /** Input shape as declared, e.g. [-1, 224, 224, 3] (null dims as -1). */
  inputShape: number[];
  numOutputs: number;
  /** True when the last op is a softmax (declared, or measured: outputs >= 0 summing to 1). */
  endsInSoftmax: boolean;
  sizeBytes: number;
  inputNode?: string;
  outputNode?: string;
  /** Labels found among the imported files, if any. */
  labels?: string[];
  /** Suggested metadata (everything but id/source/addedAt). */
  suggested: Omit<ModelMeta, 'id' | 'source' | 'addedAt'>;
  /** Non-fatal remarks shown to the user (e.g. "1001 outputs: assuming a background class at index 0"). */
  notes: string[];
}
