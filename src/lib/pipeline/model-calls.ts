/**
 * One-off calls into a model's worker, beside its live stream of frames: inspection (layers, channel
 * ranking, attacks, feature visualisation, a prediction on a given frame, the preprocessing check's
 * reference outputs) and benchmarks/diagnostics.
 * Plain TS; every ModelRunner has one (`runner.calls`).
 */
import * as Comlink from 'comlink';
import type {
  AttackConfig,
  AttackProgress,
  FeatureVisProgress,
  FeatureVisRequest,
  Frame,
  ModelMeta,
  Prediction,
  PredictOptions,
  Preprocess,
  RankRequest,
  ReferenceImage
} from '$lib/protocol';
import type { WorkerHandle } from './worker-factory';

type WorkerApi = WorkerHandle['api'];

/** How the calls reach the runner's current worker. */
export interface WorkerAccess {
  /** The model's name, for messages. */
  name(): string;
  /** The model's metadata as plain data (a load benchmark reads it). */
  meta(): ModelMeta;
  /** The current worker's API, loaded or not; null when there is no worker. */
  current(): WorkerApi | null;
  /** Whether the current worker has loaded the model and takes calls. */
  ready(): boolean;
}

/** A copy of `frame` sent with its own buffer transferred (the caller keeps the original). */
function transferredCopy(frame: Frame): Frame {
  const copy = { ...frame, pixels: frame.pixels.slice() };
  return Comlink.transfer(copy, [copy.pixels.buffer as ArrayBuffer]);
}

export class ModelCalls {
  constructor(private readonly worker: WorkerAccess) {}

  /** The model's conv and activation layers. */
  listLayers() {
    return this.api().listLayers();
  }

  /** The k channels of a layer most active on the last frame, or that matter most for a class. */
  rankChannels(request: RankRequest) {
    return this.api().rankChannels(request);
  }

  /** Adversarial attack on `frame` (a copy is sent); progress per step; cancel() stops it. */
  attack(frame: Frame, config: AttackConfig, onProgress?: (p: AttackProgress) => void) {
    return this.api().attack(transferredCopy(frame), config, onProgress && Comlink.proxy(onProgress));
  }

  /** Feature visualisation by gradient ascent; progress per step; cancel() stops it. */
  featureVisualisation(request: FeatureVisRequest, onProgress?: (p: FeatureVisProgress) => void) {
    return this.api().featureVisualisation(request, onProgress && Comlink.proxy(onProgress));
  }

  /** Stops the running attack or feature visualisation (it resolves with what it has). */
  cancel() {
    return this.worker.current()?.cancel();
  }

  /**
   * One prediction on a given frame outside the live stream (e.g. an adversarial frame from another
   * model). A live frame may replace it in the worker's queue: it is then sent again (a few times).
   * `options` are structured-cloned, not transferred (the caller may reuse a perturbation's delta).
   */
  async predictOnce(frame: Frame, options?: PredictOptions): Promise<Prediction> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const result = await this.api().predict(transferredCopy(frame), options);
      if (!result.dropped) return result;
    }
    throw new Error(`${this.worker.name()} is too busy with live frames; try again`);
  }

  /** The preprocessing check: the model's raw outputs on the reference renders under each candidate. */
  referenceOutputs(references: ReferenceImage[], candidates: Preprocess[]) {
    return this.api().referenceOutputs(references, candidates, 'loaded');
  }

  /** Benchmark: the worker's raw predict loop on a fixed input. */
  benchRaw(seconds: number) {
    return this.api().benchRaw(seconds);
  }

  /** Benchmark: time to load this model from IndexedDB, or from `url`. */
  benchLoad(url?: string) {
    const api = this.worker.current();
    if (!api) throw new Error(`${this.worker.name()} has no worker`);
    return api.benchLoad(this.worker.meta(), url);
  }

  /** Diagnostics: the worker's live tensor count (leak checks in the soak benchmark). */
  numTensors() {
    return this.api().numTensors();
  }

  /** Diagnostics: make the worker crash (the runner then restarts it). */
  simulateCrash() {
    return this.worker.current()?.simulateCrash();
  }

  private api(): WorkerApi {
    const api = this.worker.current();
    if (!api || !this.worker.ready()) throw new Error(`${this.worker.name()} is not ready`);
    return api;
  }
}
