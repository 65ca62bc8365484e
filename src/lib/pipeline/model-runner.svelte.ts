/**
 * Main-thread handle on one model's dedicated worker: loads the stored model, runs the live stream of
 * frames from the frame pipeline, keeps live stats for the prediction panel, and restarts the worker
 * when it crashes. One-off calls (inspection, benchmarks) go through `calls`. Reactive fields are
 * Svelte 5 runes; no DOM handles live here.
 */
import * as Comlink from 'comlink';
import { type BackendName, type BackendPreference, type MeasuredBackend, type ModelMeta, type ActivationRequest, type ClassScore, type Frame, type LayerActivations, type LoadResult, type ModelStatus, messageOf } from '$lib/protocol';
import { addHeldPerturbation, type HeldPerturbation } from './held-perturbation';
import { backendDetail } from './backend-detail';
import { backendToRequest, settleMeasurement } from './backend-measurement';
import { ModelCalls } from './model-calls';
import { LOAD_HUNG_AFTER_MS, LOAD_HUNG_MESSAGE, PREDICT_HUNG_AFTER_MS, WorkerHungError, WorkerRecovery, answerWithin, type Recovery } from './restart-policy';
import { PredictionStats, type HistoryPoint } from './stats';
import type { WorkerFactory, WorkerHandle } from './worker-factory';

/** What the model list and a prediction panel show of a runner: they read it and change nothing. */
export type RunnerView = Readonly<
  Pick<ModelRunner, 'meta' | 'status' | 'error' | 'backend' | 'fallbackReason' | 'backendDetail' | 'top' | 'history' | 'predictsPerSecond' | 'latencyMs' | 'inferenceMs'>
>;

export class ModelRunner {
  meta = $state<ModelMeta>() as ModelMeta;
  status = $state<ModelStatus>('loading');
  error = $state<string | null>(null);
  backend = $state<BackendName | null>(null);
  loadResult = $state<LoadResult | null>(null);
  top = $state<ClassScore[]>([]);
  history = $state<HistoryPoint[]>([]);
  predictsPerSecond = $state(0);
  latencyMs = $state<number | null>(null);
  inferenceMs = $state<number | null>(null);
  /** Time its worker spent inside predict for the shown live predictions, in all (ms): the bench's busy fraction. */
  busyMs = 0;
  restarts = $state(0);
  /** Predictions shown since the start (for tests and benchmarks). */
  predictionCount = $state(0);
  /** Version of the scene shown by the latest prediction. */
  shownVersion = $state(-1);
  /** Activation maps to ask for with every frame (set by the activation feed); null: none. */
  activationRequest = $state.raw<ActivationRequest | null>(null);
  /** The maps that came back with the latest prediction (same pass as `top`). */
  activations = $state.raw<LayerActivations | null>(null);
  /** Who needs a copy of the latest frame sent ('overlay', 'attack'); empty: frames are transferred without a copy. */
  readonly keepLatestFrameFor = new Set<string>();
  /** The latest frame sent (held perturbation included), while keepLatestFrameFor is not empty. */
  latestFrame = $state.raw<Frame | null>(null);
  /** An adversarial perturbation added to every frame before it is sent (the attack session's "hold"). */
  heldPerturbation = $state.raw<HeldPerturbation | null>(null);

  /** Inspection and benchmark calls into the current worker. */
  readonly calls = new ModelCalls({
    name: () => this.meta.name,
    meta: () => $state.snapshot(this.meta) as ModelMeta,
    current: () => this.handle?.api ?? null,
    ready: () => this.status === 'ready'
  });

  private handle: WorkerHandle | null = null;
  private readonly stats = new PredictionStats();
  private recovery = new WorkerRecovery();
  /** The backend the current worker was asked to load with ('auto': measuring). */
  private requested: BackendPreference = 'auto';
  private generation = 0;
  private rateTimer: ReturnType<typeof setInterval> | null = null;

  /** Called when a submitted frame settles (shown, dropped, or failed): the scheduler frees its slot. */
  onSettled: (dropped: boolean) => void = () => {};
  /** Called after a (re)start finished loading: the scheduler forgets what it sent to the old worker. */
  onReady: () => void = () => {};
  /** Called after 'auto' measured the backends: the controller stores the choice to skip measuring next time. */
  onMeasured: (measured: MeasuredBackend) => void = () => {};
  /** Called when the runner wants the current scene again (new activation request, hold): the capture hub re-sends it. */
  onWantsFrame: () => void = () => {};
  /** Called when the runner stops taking frames (crash, error, stop): the scheduler stops asking for them. */
  onUnready: () => void = () => {};

  constructor(
    meta: ModelMeta,
    private readonly factory: WorkerFactory,
    private preference: BackendPreference = meta.backend
  ) {
    this.meta = meta;
  }

  get ready(): boolean {
    return this.status === 'ready';
  }

  /** Why the backend differs from the one asked for (null: it does not). */
  get fallbackReason(): string | null {
    return this.loadResult?.fallbackReason ?? null;
  }

  /** How the backend was chosen, in one line (e.g. "measured: wasm 16 ms · webgl 187 ms · cpu 218 ms"). */
  get backendDetail(): string | null {
    return backendDetail(this.loadResult, this.meta.backend);
  }

  async start(): Promise<void> {
    const gen = ++this.generation;
    this.status = this.restarts > 0 ? 'restarting' : 'loading';
    this.error = null;
    const handle = this.factory();
    this.handle = handle;
    handle.onCrash((reason) => this.crashed(gen, reason));
    this.rateTimer ??= setInterval(() => this.refreshRate(), 500);
    // 'auto' reuses this browser's earlier measurement for this model; a forced backend is used as is
    // (wasm, once WebGL failed too often).
    const preference = this.recovery.forcedBackend ?? this.preference;
    const { requested, cached } = backendToRequest(this.meta, preference);
    this.requested = requested;
    try {
      const loading = handle.api.load($state.snapshot(this.meta) as ModelMeta, this.requested);
      const result = await answerWithin(loading, LOAD_HUNG_AFTER_MS, LOAD_HUNG_MESSAGE);
      if (gen !== this.generation) return;
      if (this.recovery.wasmReason) result.fallbackReason = this.recovery.wasmReason;
      const measured = settleMeasurement(result, preference, cached);
      if (measured) {
        this.meta = { ...this.meta, measured };
        this.onMeasured(measured);
      }
      this.recovery.loaded();
      this.loadResult = result;
      this.backend = result.backend;
      this.status = 'ready';
      this.onReady();
    } catch (e) {
      if (gen !== this.generation) return;
      if (e instanceof WorkerHungError) this.crashed(gen, e.message, true);
      else this.fail(messageOf(e));
    }
  }

  /** Change the backend preference (or measure again with 'auto'): reloads the model in a fresh worker. */
  async setBackend(preference: BackendPreference): Promise<void> {
    this.preference = preference;
    await this.reconfigure({ backend: preference, measured: undefined });
  }

  /** Changes metadata the worker loads with (e.g. the preprocessing): reloads the model in a fresh worker. */
  async reconfigure(patch: Partial<Omit<ModelMeta, 'id'>>): Promise<void> {
    this.meta = { ...this.meta, ...patch };
    this.stop();
    this.restarts = 0;
    this.recovery = new WorkerRecovery();
    await this.start();
  }

  /** Run one frame. Resolves when the prediction is shown or the frame was dropped for a newer one. */
  async submit(frame: Frame): Promise<void> {
    const handle = this.handle;
    const gen = this.generation;
    if (!handle || this.status !== 'ready') {
      this.onSettled(true);
      return;
    }
    try {
      const capturedAt = frame.capturedAt;
      if (this.heldPerturbation) addHeldPerturbation(frame, this.heldPerturbation);
      if (this.keepLatestFrameFor.size > 0) this.latestFrame = { ...frame, pixels: frame.pixels.slice() };
      const request = this.activationRequest;
      const sent = Comlink.transfer(frame, [frame.pixels.buffer as ArrayBuffer]);
      const predicting = request ? handle.api.predict(sent, { activations: request }) : handle.api.predict(sent);
      const result = await answerWithin(predicting, PREDICT_HUNG_AFTER_MS, 'the worker stopped answering');
      if (gen !== this.generation) return;
      if (result.dropped) {
        this.onSettled(true);
        return;
      }
      const now = performance.now();
      this.error = null; // a passing prediction failure no longer hides the predictions
      this.top = result.top;
      this.backend = result.backend;
      this.inferenceMs = result.inferenceMs;
      this.busyMs += result.inferenceMs;
      this.latencyMs = now - capturedAt;
      this.shownVersion = result.version;
      this.activations = request ? (result.activations ?? null) : null;
      this.predictionCount++;
      this.stats.record(now, result.top[0] && { p: result.top[0].probability, label: result.top[0].label });
      this.history = [...this.stats.history];
      this.onSettled(false);
    } catch (e) {
      if (gen !== this.generation) return;
      this.onSettled(true);
      const msg = messageOf(e);
      if (e instanceof WorkerHungError) return this.crashed(gen, msg, true);
      const recovery = this.recovery.afterPredictFailure(Date.now(), { reason: msg, backend: this.backend });
      if (recovery) this.recover(recovery);
      else this.error = `Prediction failed: ${msg}`;
    }
  }

  /** Ask for the current scene again (after changing what goes with each frame), even if it did not change. */
  requestFrame(): void {
    if (this.status === 'ready') this.onWantsFrame();
  }

  /** The latest frame sent, asking for one (and waiting up to `timeoutMs`) when none was kept yet. */
  async currentFrame(timeoutMs = 5000): Promise<Frame | null> {
    if (!this.latestFrame) this.requestFrame();
    const until = performance.now() + timeoutMs;
    while (!this.latestFrame && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
    return this.latestFrame;
  }

  stop(): void {
    this.generation++;
    this.handle?.terminate();
    this.handle = null;
    this.status = 'stopped';
    this.onUnready();
    if (this.rateTimer) clearInterval(this.rateTimer);
    this.rateTimer = null;
  }

  /** The worker crashed or hung: restart it with back-off (on wasm after repeated WebGL failures), or give up. */
  private crashed(gen: number, reason: string, hung = false) {
    if (gen !== this.generation) return;
    const loading = this.status !== 'ready';
    const backend = !loading ? this.backend : this.requested === 'auto' ? null : this.requested;
    this.recover(this.recovery.afterCrash(Date.now(), { reason, backend, hung, loading, name: this.meta.name }));
  }

  private recover(recovery: Recovery) {
    this.handle?.terminate();
    this.handle = null;
    this.onUnready();
    if (recovery.action === 'stop') return this.fail(recovery.message);
    this.restarts++;
    this.status = 'restarting';
    this.error = recovery.message;
    this.generation++;
    setTimeout(() => {
      if (this.status === 'restarting') void this.start();
    }, recovery.delayMs);
  }

  private fail(message: string) {
    this.status = 'error';
    this.error = message;
    this.onUnready();
    this.handle?.terminate();
    this.handle = null;
  }

  private refreshRate() {
    this.predictsPerSecond = this.stats.rate(performance.now());
  }
}

