/**
 * One TF.js classifier in the model worker: loads it (choosing a backend), runs frames through it,
 * benchmarks it. Every per-frame path is tidied; `numTensors` stays flat across predictions.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { BackendName, BackendPreference, ModelMeta, Frame, LoadResult, PredictOptions, Prediction } from '$lib/protocol';
import type { BackendInit } from './backends';
import { BACKEND_ORDER, initBackendDetailed, measureBackends, type BackendCandidate } from './backends';
import { frameToInput, type FramePixels } from './preprocess';
import { readActivations } from './inspect/activations';
import { ModelTaps } from './inspect/taps';
import { toProbabilities, topK } from './topk';

type Tf = typeof tfTypes;
export type Model = tfTypes.LayersModel | tfTypes.GraphModel;
interface LoadedCandidate extends BackendCandidate {
  model: Model;
}

export interface ModelEngineOptions {
  /** Backends this engine may use (default: wasm, webgl, cpu). */
  allowedBackends?: readonly BackendName[];
  /** Injected for tests; defaults to initBackendDetailed. */
  initBackend?: (tf: Tf, name: BackendName) => Promise<BackendInit>;
  /** Number of classes returned per prediction (default 5). */
  topK?: number;
}

/** A deterministic RGBA test pattern (smooth colour gradients plus a few edges). */
export function testPattern(width: number, height: number): Uint8Array {
  const px = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      px[i] = Math.round((255 * x) / Math.max(1, width - 1));
      px[i + 1] = Math.round((255 * y) / Math.max(1, height - 1));
      px[i + 2] = ((x >> 4) + (y >> 4)) % 2 ? 200 : 40;
      px[i + 3] = 255;
    }
  }
  return px;
}

export class ModelEngine {
  private model: Model | null = null;
  private meta: ModelMeta | null = null;
  private activeBackend: BackendName | null = null;
  private modelTaps: ModelTaps | null = null;

  constructor(
    private readonly tf: Tf,
    private readonly options: ModelEngineOptions = {}
  ) {}

  get backend(): BackendName {
    if (!this.activeBackend) throw new Error('No model loaded');
    return this.activeBackend;
  }

  get loaded(): boolean {
    return this.model !== null;
  }

  /**
   * Loads the model from an IOHandler or a URL ('indexeddb://…', 'http…'), choosing the backend:
   * `preference` (default meta.backend) forces one, 'auto' measures the allowed ones.
   * The artifacts are read once and instantiated per backend tried.
   */
  async load(source: tfTypes.io.IOHandler | string, meta: ModelMeta, preference?: BackendPreference): Promise<LoadResult> {
    const t0 = performance.now();
    this.dispose();
    const tf = this.tf;
    const artifacts = await readArtifacts(tf, source);
    const weightsHash = await hashWeights(artifacts.weightData);
    const wanted = preference ?? meta.backend;
    const allowed = this.options.allowedBackends ?? BACKEND_ORDER;
    const testInput = { pixels: testPattern(meta.inputSize[1], meta.inputSize[0]), width: meta.inputSize[1], height: meta.inputSize[0], flipY: false };

    const loadOn = async (): Promise<LoadedCandidate> => {
      const model = await instantiate(tf, artifacts, meta);
      return {
        predict: () => this.probabilitiesOf(model, meta, testInput),
        dispose: () => model.dispose(),
        model
      };
    };
    const result = await measureBackends(tf, {
      loadOn,
      allowed,
      forced: wanted === 'auto' ? undefined : wanted,
      init: this.options.initBackend
    });
    this.model = result.candidate.model;
    this.meta = meta;
    this.activeBackend = result.chosen;
    return {
      backend: result.chosen,
      trials: result.trials,
      fallbackReason: result.fallbackReason,
      loadMs: performance.now() - t0,
      ...(weightsHash ? { weightsHash } : {})
    };
  }

  /**
   * Classifies one frame: top classes with probabilities, and the time spent here. With
   * `options.activations`, also that layer's activation maps from the same forward pass; with
   * `options.perturbation`, the frame is perturbed first (see frameToInput).
   */
  async predict(frame: Frame, options?: PredictOptions): Promise<Prediction> {
    const { model, meta } = this.ready();
    const t0 = performance.now();
    if (options?.activations) {
      const { probs, activations } = await this.probabilitiesWithActivations(frame, options.activations, options.perturbation);
      const top = topK(probs, this.options.topK ?? 5, meta.classOffset, meta.labels);
      return { version: frame.version, top, inferenceMs: performance.now() - t0, backend: this.backend, activations };
    }
    const probs = await this.probabilitiesOf(model, meta, frame, options?.perturbation);
    const top = topK(probs, this.options.topK ?? 5, meta.classOffset, meta.labels);
    return { version: frame.version, top, inferenceMs: performance.now() - t0, backend: this.backend };
  }

  /** The loaded model with its metadata and its inspection taps (activations, gradients). */
  inspection(): { model: Model; meta: ModelMeta; taps: ModelTaps } {
    const { model, meta } = this.ready();
    this.modelTaps ??= new ModelTaps(this.tf, model, meta);
    return { model, meta, taps: this.modelTaps };
  }

  /** Convenience for tests: classify raw RGBA pixels. */
  predictPixels(pixels: Uint8Array, width: number, height: number, flipY = false): Promise<Prediction> {
    return this.predict({ version: 0, pixels, width, height, flipY, capturedAt: 0 });
  }

  /** Full probability vector for a frame (including any leading non-class outputs). */
  async probabilities(frame: FramePixels): Promise<Float32Array> {
    const { model, meta } = this.ready();
    return this.probabilitiesOf(model, meta, frame);
  }

  /** Predicts per second of the raw model on a fixed input (no preprocessing, no transfer). */
  async benchRaw(seconds: number): Promise<{ predictsPerSecond: number; backend: BackendName }> {
    const { model, meta } = this.ready();
    const tf = this.tf;
    const [h, w] = meta.inputSize;
    const input = frameToInput(tf, { pixels: testPattern(w, h), width: w, height: h, flipY: false }, meta);
    try {
      const t0 = performance.now();
      let count = 0;
      do {
        const out = tf.tidy(() => forward(tf, model, meta, input));
        try {
          await out.data();
        } finally {
          out.dispose();
        }
        count++;
      } while (performance.now() - t0 < seconds * 1000);
      return { predictsPerSecond: (count * 1000) / (performance.now() - t0), backend: this.backend };
    } finally {
      input.dispose();
    }
  }

  numTensors(): number {
    return this.tf.memory().numTensors;
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
    this.modelTaps = null;
    this.meta = null;
    this.activeBackend = null;
  }

  private ready(): { model: Model; meta: ModelMeta } {
    if (!this.model || !this.meta) throw new Error('No model loaded');
    return { model: this.model, meta: this.meta };
  }

  private async probabilitiesWithActivations(
    frame: FramePixels,
    request: NonNullable<PredictOptions['activations']>,
    perturbation?: PredictOptions['perturbation']
  ): Promise<{ probs: Float32Array; activations: Prediction['activations'] }> {
    const tf = this.tf;
    const { meta, taps } = this.inspection();
    const { output, activation } = tf.tidy(() => {
      const run = taps.run(frameToInput(tf, frame, meta, perturbation), [request.layer]);
      return { output: run.output, activation: run.activations[0] };
    });
    try {
      const activations = await readActivations(tf, activation, request);
      const raw = await output.data();
      const probs = toProbabilities(raw instanceof Float32Array ? raw : Float32Array.from(raw), meta.outputKind);
      return { probs, activations };
    } finally {
      output.dispose();
      activation.dispose();
    }
  }

  private async probabilitiesOf(
    model: Model,
    meta: ModelMeta,
    frame: FramePixels,
    perturbation?: PredictOptions['perturbation']
  ): Promise<Float32Array> {
    const tf = this.tf;
    const out = tf.tidy(() => forward(tf, model, meta, frameToInput(tf, frame, meta, perturbation)));
    let raw: tfTypes.TypedArray;
    try {
      raw = await out.data();
    } finally {
      out.dispose();
    }
    const values = raw instanceof Float32Array ? raw : Float32Array.from(raw);
    return toProbabilities(values, meta.outputKind);
  }
}

/** Forward pass; returns the output flattened to 1-D. Call inside tf.tidy. */
export function forward(tf: Tf, model: Model, meta: Pick<ModelMeta, 'format' | 'inputNode' | 'outputNode'>, input: tfTypes.Tensor4D): tfTypes.Tensor1D {
  let y: tfTypes.Tensor | tfTypes.Tensor[] | tfTypes.NamedTensorMap;
  if (meta.format === 'graph' && (meta.inputNode || meta.outputNode)) {
    const graph = model as tfTypes.GraphModel;
    const feed = meta.inputNode ? { [meta.inputNode]: input } : input;
    y = meta.outputNode ? graph.execute(feed, meta.outputNode) : graph.execute(feed);
  } else {
    y = model.predict(input);
  }
  const first = Array.isArray(y) ? y[0] : y instanceof tf.Tensor ? y : Object.values(y)[0];
  return tf.reshape(first, [-1]);
}

/** SHA-256 (hex) of the weight bytes, in shard order; undefined without weights or WebCrypto. */
export async function hashWeights(data: tfTypes.io.WeightData | undefined): Promise<string | undefined> {
  if (!data || !globalThis.crypto?.subtle) return undefined;
  const parts = Array.isArray(data) ? data : [data];
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    bytes.set(new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function readArtifacts(tf: Tf, source: tfTypes.io.IOHandler | string): Promise<tfTypes.io.ModelArtifacts> {
  let handler: tfTypes.io.IOHandler;
  if (typeof source === 'string') {
    const handlers = tf.io.getLoadHandlers(source);
    handler = handlers.length > 0 ? handlers[0] : tf.io.http(source);
  } else {
    handler = source;
  }
  if (!handler.load) throw new Error('This model source cannot be read');
  return handler.load();
}

/** Builds a model from artifacts already in memory (once per backend tried; the preprocessing check). */
export async function instantiate(tf: Tf, artifacts: tfTypes.io.ModelArtifacts, meta: Pick<ModelMeta, 'format'>): Promise<Model> {
  const handler = tf.io.fromMemory(artifacts);
  return meta.format === 'graph' ? tf.loadGraphModel(handler) : tf.loadLayersModel(handler);
}
