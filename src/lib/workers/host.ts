/**
 * The model worker's API (ModelHostApi): import (analyse + save), load, predict (latest frame wins),
 * benchmark. Plain TS so that Node tests can drive it without a Worker; model.worker.ts exposes it.
 *
 * Errors cross Comlink as plain `Error`s whose message starts with the code in brackets,
 * e.g. "[missing-shard] Missing weight file group3-shard1of1 …"; `errorCode` reads it back.
 */
import * as tf from '@tensorflow/tfjs';
import { readArtifactsFromFiles, type ReadArtifacts, type ReadLimits } from '../models/artifacts';
import { readArtifactsFromUrl } from '../models/url-artifacts';
import { analyseModel } from '../models/detect';
import { weightsPath, weightsUrl } from '../models/ids';
import { isQuotaError, quotaExceeded } from '../storage/database';
import { removeWeights, saveWeights, weightsCommitted, type WeightsInfo } from '../storage/tfjs-weights';
import { ModelInputError, type BackendPreference, type ModelAnalysis, type ModelMeta, type Frame, type ImportProgress, type ModelHostApi, type PredictOptions, type Prediction, type RankRequest } from '$lib/protocol';
import type { Preprocess, ReferenceImage, ReferenceTarget } from '$lib/protocol';
import { rankChannels } from './inspect/activations';
import { runAttack, type InspectContext } from './inspect/attacks';
import { runFeatureVisualisation } from './inspect/featvis';
import { registerWasmGradientKernels } from './inspect/gradients-wasm';
import { listLayers } from './inspect/layers';
import { BACKEND_ORDER, settleBackend } from './backends';
import { ModelEngine, instantiate, type ModelEngineOptions } from './engine';
import { referenceOutputs, type ReferenceModelSpec } from './reference-outputs';
import { LatestFrameMailbox, isDropped } from './mailbox';
import { frameToInput } from './preprocess';

type Tf = typeof tf;

/** Where model weights are kept (tf.io IndexedDB in the app; in memory in Node tests). */
export interface WeightStore {
  save(id: string, artifacts: tf.io.ModelArtifacts): Promise<void>;
  /** Removes the weights of `id` only; no error when there are none. */
  remove(id: string): Promise<void>;
  /** What ModelEngine.load reads the weights from. */
  source(id: string): tf.io.IOHandler | string;
}

export interface ModelHostDeps {
  tf?: Tf;
  store?: WeightStore;
  engineOptions?: ModelEngineOptions;
  readFiles?: (files: File[], limits?: ReadLimits) => Promise<ReadArtifacts>;
  readUrl?: (url: string, onProgress?: (fraction: number) => void, limits?: ReadLimits) => Promise<ReadArtifacts>;
  /** Overrides of the import limits (size limit, storage estimate, idle timeout); tests. */
  limits?: Omit<ReadLimits, 'signal'>;
}

/**
 * The `indexeddb://perturber-<id>` store (tf.io's database, written by storage/tfjs-weights): `save`
 * resolves only once the weights are committed and read back complete from a new connection, so the
 * model's own worker (another connection) always finds them.
 */
export function indexedDbWeightStore(tfjs: Tf = tf): WeightStore {
  return {
    async save(id, artifacts) {
      const weightData = artifacts.weightData === undefined ? undefined : tfjs.io.CompositeArrayBuffer.join(artifacts.weightData);
      const stored = { ...artifacts, weightData };
      const info = tfjs.io.getModelArtifactsInfoForJSON(stored) as WeightsInfo;
      await saveWeights(weightsPath(id), stored, info);
      if (!(await weightsCommitted(weightsPath(id), weightData?.byteLength ?? 0))) {
        throw new Error('the browser reported the weights as stored, but they cannot be read back');
      }
    },
    remove: (id) => removeWeights(weightsPath(id)),
    source: (id) => weightsUrl(id)
  };
}

/** "[code] message" for a ModelInputError, the message for anything else; always a plain Error. */
export function toTransferableError(error: unknown): Error {
  if (error instanceof ModelInputError) return new Error(`[${error.code}] ${error.message}`);
  if (error instanceof Error) {
    const plain = new Error(error.message);
    plain.stack = error.stack;
    return plain;
  }
  return new Error(String(error));
}

/** Re-exported for callers that already import the host (the main thread should import them from protocol). */
export { errorCode, errorText } from '$lib/protocol';

export interface ModelHost extends ModelHostApi {
  /** The engine (tests and benchmarks only). */
  readonly engine: ModelEngine;
}

export function createModelHost(deps: ModelHostDeps = {}): ModelHost {
  const tfjs = deps.tf ?? tf;
  const store = deps.store ?? indexedDbWeightStore(tfjs);
  const readFiles = deps.readFiles ?? readArtifactsFromFiles;
  const readUrl =
    deps.readUrl ??
    ((url: string, onProgress?: (f: number) => void, limits?: ReadLimits) => readArtifactsFromUrl(url, onProgress, undefined, limits));
  const engine = new ModelEngine(tfjs, deps.engineOptions);
  const mailbox = new LatestFrameMailbox(({ frame, options }: { frame: Frame; options?: PredictOptions }) => engine.predict(frame, options));
  let analysed: ReadArtifacts | null = null;
  /** How to run the analysed model (the preprocessing check at import). */
  let analysedSpec: ReferenceModelSpec | null = null;
  /** Aborts the import under way (cancelImport). */
  let importAbort: AbortController | null = null;
  /**
   * The last frame whose prediction was returned, with the perturbation it was predicted with: what
   * rankChannels ranks by default, so a ranking explains the prediction the panel shows.
   */
  let lastPredicted: { frame: Frame; perturbation?: PredictOptions['perturbation'] } | null = null;
  /** The running attack or feature visualisation's cancel flag. */
  let job: { cancelled: boolean } | null = null;
  registerWasmGradientKernels(tfjs);

  /** Runs a long gradient job with a fresh cancel flag. */
  const longJob = async <R>(fn: (ctx: InspectContext) => Promise<R>): Promise<R> => {
    const { meta, taps } = engine.inspection();
    const token = { cancelled: false };
    job = token;
    try {
      return await fn({ tf: tfjs, taps, meta, backend: engine.backend, cancel: token, topK: deps.engineOptions?.topK });
    } finally {
      if (job === token) job = null;
    }
  };

  /**
   * Every entry point first waits for TF.js to be settled on a backend (once per worker; tried again
   * after a failure), so nothing builds or runs a model while a backend is still initialising.
   */
  let settled: Promise<unknown> | null = null;
  const backendSettled = (): Promise<unknown> => {
    const allowed = deps.engineOptions?.allowedBackends ?? BACKEND_ORDER;
    settled ??= settleBackend(tfjs, {
      order: BACKEND_ORDER.filter((b) => allowed.includes(b)),
      init: deps.engineOptions?.initBackend
    }).catch((error: unknown) => {
      settled = null;
      throw error;
    });
    return settled;
  };

  /** Runs `fn` once the backend is settled, turning any error into a plain "[code] …" Error for Comlink. */
  const guarded = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, needsBackend = true) =>
    async (...args: A): Promise<R> => {
      try {
        if (needsBackend) await backendSettled();
        return await fn(...args);
      } catch (error) {
        throw toTransferableError(error);
      }
    };

  const analyse = async (read: ReadArtifacts, nameHint: string | undefined): Promise<ModelAnalysis> => {
    const { analysis } = await analyseModel(read.artifacts, { labels: read.labels, sizeBytes: read.sizeBytes, nameHint });
    analysed = read;
    const { format, inputNode, outputNode, inputSize } = analysis.suggested;
    analysedSpec = { format, inputNode, outputNode, inputSize };
    return analysis;
  };

  return {
    engine,

    analyseFiles: guarded(async (files: File[]) => {
      analysed = null;
      const read = await readFiles(files, { ...deps.limits });
      const jsonFile = files.find((f) => f.name === read.fileNames[0]);
      return analyse(read, jsonFile?.webkitRelativePath || read.fileNames[0]);
    }),

    analyseUrl: guarded(async (url: string, onProgress?: (p: ImportProgress) => void) => {
      analysed = null;
      importAbort?.abort();
      const abort = (importAbort = new AbortController());
      let read: ReadArtifacts;
      try {
        read = await readUrl(url, (fraction) => onProgress?.({ fraction, stage: 'download' }), { ...deps.limits, signal: abort.signal });
      } finally {
        if (importAbort === abort) importAbort = null;
      }
      onProgress?.({ fraction: 0, stage: 'analyse' });
      const analysis = await analyse(read, url);
      onProgress?.({ fraction: 1, stage: 'analyse' });
      return analysis;
    }),

    cancelImport: async () => {
      importAbort?.abort();
    },

    saveAnalysed: guarded(async (meta: ModelMeta) => {
      if (!analysed) throw new Error('Nothing to save: analyse a model first.');
      try {
        await store.save(meta.id, analysed.artifacts);
      } catch (error) {
        await store.remove(meta.id).catch(() => undefined);
        if (isQuotaError(error)) throw quotaExceeded(`keep "${meta.name}" (${(meta.sizeBytes / 1e6).toFixed(1)} MB)`);
        throw new Error(`Could not store "${meta.name}": ${error instanceof Error ? error.message : String(error)}`);
      }
      // The artifacts stay here until the next analysis or dispose: if storing the metadata fails
      // after this, the caller removes these weights and the user can press "Add model" again.
    }),

    referenceOutputs: guarded(async (references: ReferenceImage[], candidates: Preprocess[], target: ReferenceTarget) => {
      if (target === 'loaded') {
        const { model, meta } = engine.inspection();
        return referenceOutputs(tfjs, model, meta, references, candidates);
      }
      if (!analysed || !analysedSpec) throw new Error('Nothing to check: analyse a model first.');
      const model = await instantiate(tfjs, analysed.artifacts, analysedSpec);
      try {
        return await referenceOutputs(tfjs, model, analysedSpec, references, candidates);
      } finally {
        model.dispose();
      }
    }),

    load: guarded(async (meta: ModelMeta, preference?: BackendPreference) => {
      try {
        return await engine.load(store.source(meta.id), meta, preference);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ModelInputError(`Could not load "${meta.name}": ${reason}`, 'load-failed');
      }
    }),

    predict: guarded(async (frame: Frame, options?: PredictOptions): Promise<Prediction> => {
      const result = await mailbox.submit({ frame, options });
      if (isDropped(result)) {
        return { version: frame.version, top: [], inferenceMs: 0, backend: engine.loaded ? engine.backend : 'cpu', dropped: true };
      }
      lastPredicted = { frame, perturbation: options?.perturbation };
      return result;
    }),

    benchRaw: guarded((seconds: number) => engine.benchRaw(seconds)),

    benchLoad: guarded(async (meta: ModelMeta, url?: string) => {
      const source = url ?? store.source(meta.id);
      const t0 = performance.now();
      const model = meta.format === 'graph' ? await tfjs.loadGraphModel(source) : await tfjs.loadLayersModel(source);
      const ms = performance.now() - t0;
      model.dispose();
      return { ms };
    }),

    simulateCrash: async () => {
      setTimeout(() => {
        throw new Error('simulated crash');
      });
    },

    listLayers: guarded(async () => {
      const { model, meta } = engine.inspection();
      return listLayers(tfjs, model, meta);
    }),

    rankChannels: guarded(async (request: RankRequest, frame?: Frame) => {
      const { meta, taps } = engine.inspection();
      // A frame given here is ranked as it is; by default, the last prediction's input (perturbation included).
      const source = frame ? { frame } : lastPredicted;
      if (!source) throw new ModelInputError('No frame to rank channels on yet: predict a frame first.', 'bad-settings');
      const input = frameToInput(tfjs, source.frame, meta, source.perturbation); // the prediction's own input
      try {
        let outputIndex: number | undefined;
        if (request.by === 'class') {
          const classIndex = request.classIndex ?? (await engine.predict(source.frame, { perturbation: source.perturbation })).top[0].classIndex;
          outputIndex = classIndex + meta.classOffset;
        }
        return await rankChannels(tfjs, taps, input, { ...request, outputIndex });
      } finally {
        input.dispose();
      }
    }),

    attack: guarded((frame, config, onProgress) => longJob((ctx) => runAttack(ctx, frame, config, onProgress))),

    featureVisualisation: guarded((request, onProgress) => longJob((ctx) => runFeatureVisualisation(ctx, request, onProgress))),

    cancel: async () => {
      if (job) job.cancelled = true;
    },

    numTensors: guarded(async () => tfjs.memory().numTensors),

    dispose: guarded(async () => {
      engine.dispose();
      analysed = null;
      analysedSpec = null;
    }, false)
  };
}
