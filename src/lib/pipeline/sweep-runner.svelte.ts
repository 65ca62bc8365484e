/**
 * Runs a sweep (experiments/definition) over the loaded models: point by point, in run order, it puts
 * the point's state into the scene store, takes the frame of exactly that scene version from the
 * capture hub for each model's input size (rendered off screen through the same passes as the live
 * view, by a FrameTap), predicts it with `runner.calls.predictOnce`, computes the metrics and appends
 * the rows to the RunStore in chunks. Up to AHEAD points are under way at once: the scene renders the
 * next point once it has begun capturing this one, and each model keeps one prediction running and the
 * next waiting (PredictSlots); a thumbnail of each point's frame is stored for the plots. While it
 * runs the capture hub renders only for the sweep's taps and the visible view is not drawn, so the live
 * stream pauses (the panels keep their last prediction), the URL is not rewritten (a reload finds the
 * user's scene) and the update prompt waits (busy 'sweep');
 * when it ends the scene returns to the state it had before and the live stream picks it up.
 * Cancel stops before the next point and settles the run as 'cancelled'; an error (a model restarting,
 * a full disk) settles it as 'partial'; `resume` does the missing cells of a stored run.
 * Each model is recorded with the SHA-256 of its weights (computed by its worker at load).
 * A point with ε > 0 (an adversarial sweep) is attacked on the definition's source model first and
 * every model predicts the attacked frame (sweep-attack.ts).
 */
import { messageOf } from '$lib/protocol';
import { definitionModels, definitionSubjects, truthOf, type DefinitionContext, type SweepDefinition } from '$lib/experiments/definition';
import { pointMetrics } from '$lib/experiments/metrics';
import { cellCount, enumerateCells, pointCount, pointReader, type Cell } from '$lib/experiments/points';
import { cellsByPoint, sweepPace } from '$lib/experiments/progress';
import { missingCells, resultRow, type ResultRow, type RunRecord, type RunStatus } from '$lib/experiments/results';
import { RunStore } from '$lib/experiments/run-store';
import { FrameTap } from '../scene/frame-tap';
import type { CaptureHub } from '../scene/capture-hub';
import type { SceneStateStore } from '../state/scene-state.svelte';
import type { Frame } from '$lib/protocol';
import type { ModelsController } from './models-controller.svelte';
import type { ModelRunner } from './model-runner.svelte';
import { busy } from './busy';
import { SweepSubjects, availableSubjects } from './sweep-subjects';
import { userSubjects, type UserSubjects } from '../scene/subjects/user-subjects.svelte';
import { subjectKey, type SubjectRef } from '$lib/experiments/subjects';
import { PredictSlots } from './predict-slots';
import { MAX_THUMBNAIL_POINTS, frameThumbnail } from './frame-thumbnail';
import type { PointThumbnail } from '$lib/experiments/run-store';
import { SweepAttacker, type AttackedFrame } from './sweep-attack';

/** Rows kept in memory before they are written (and at most this long, ms). */
const FLUSH_ROWS = 200;
const FLUSH_MS = 1000;
/** A frame that does not come in this long means the scene is not rendering (a hidden tab). */
const FRAME_TIMEOUT_MS = 30_000;
const NO_FRAME = 'No frame of the sweep point came: is the scene rendering (a visible tab)?';
/**
 * Points rendered ahead of the last one predicted and stored: the scene renders point i + 1 while
 * point i is read back, and each model's worker finds its next frame waiting when it finishes one.
 */
const AHEAD = 3;
/** Predictions per model in flight: one running in its worker, one waiting in its mailbox (never dropped). */
const PREDICTS_PER_MODEL = 2;

export interface SweepProgress {
  runId: string | null;
  name: string;
  status: RunStatus | 'idle';
  /** Points with every model done, of all the run's points (earlier sessions included). */
  pointsDone: number;
  points: number;
  cellsDone: number;
  cells: number;
  pointsPerSecond: number;
  secondsLeft: number | null;
  error: string | null;
}

const IDLE: SweepProgress = { runId: null, name: '', status: 'idle', pointsDone: 0, points: 0, cellsDone: 0, cells: 0, pointsPerSecond: 0, secondsLeft: null, error: null };

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class SweepRunner {
  progress = $state<SweepProgress>({ ...IDLE });
  private cancelled = false;
  private active: Promise<RunStatus> | null = null;

  constructor(
    private readonly controller: ModelsController,
    private readonly store: SceneStateStore,
    private readonly captureHub: CaptureHub,
    readonly runs = new RunStore(),
    private readonly users: UserSubjects = userSubjects
  ) {}

  get running(): boolean {
    return this.active !== null;
  }

  /** What a definition is checked against: the loaded models and the subjects that exist. */
  context(): DefinitionContext {
    return {
      modelIds: this.controller.runners.map((r) => r.meta.id),
      subjectKeys: this.subjects().filter((s) => s.kind !== 'procedural').map(subjectKey)
    };
  }

  /** The subjects a sweep can show now: the procedural ones, the sample photos, the user's stored ones. */
  subjects(): SubjectRef[] {
    return availableSubjects(this.users);
  }

  /** Starts a run of a checked definition; resolves with its id once it is stored and running. */
  async start(definition: SweepDefinition, name = definition.name): Promise<string> {
    this.assertIdle();
    const ids = definitionModels(definition);
    const source = definition.attack?.source;
    const runners = [...ids, ...(source && !ids.includes(source) ? [source] : [])].map((id) => this.runnerOf(id));
    const now = Date.now();
    const run: RunRecord = {
      id: crypto.randomUUID(),
      name,
      definition,
      // The app version as updates/version.ts reads it (not imported: updates imports pipeline).
      appVersion: __APP_VERSION__,
      models: runners.map((r) => ({ id: r.meta.id, name: r.meta.name, weightsHash: r.loadResult?.weightsHash ?? null, backend: r.backend })),
      createdAt: now,
      updatedAt: now,
      status: 'running'
    };
    await this.runs.start(run);
    this.launch(run, [...enumerateCells(definition)], []);
    return run.id;
  }

  /** Continues a stored run: only its missing cells, in run order. */
  async resume(id: string): Promise<void> {
    this.assertIdle();
    const stored = await this.runs.get(id);
    if (!stored) throw new Error(`No stored run has id "${id}".`);
    const missing = missingCells(stored.run.definition, stored.rows);
    for (const model of new Set(missing.map((c) => c.model))) this.runnerOf(model);
    await this.runs.start({ ...stored.run, updatedAt: Date.now() });
    this.launch(stored.run, missing, stored.rows);
  }

  /** Stops the run before its next point. */
  cancel(): void {
    if (this.active) this.cancelled = true;
  }

  /** The running run's end (its status), or null when none runs. */
  finished(): Promise<RunStatus | null> {
    return this.active ?? Promise.resolve(null);
  }

  private assertIdle(): void {
    if (this.active) throw new Error('A sweep is already running; cancel it or wait for it to finish.');
  }

  private runnerOf(id: string): ModelRunner {
    const runner = this.controller.runners.find((r) => r.meta.id === id);
    if (!runner) throw new Error(`Model "${id}" is not loaded: it is unknown here or was removed.`);
    if (runner.status !== 'ready') throw new Error(`Model "${runner.meta.name}" is not ready (${runner.status}).`);
    return runner;
  }

  /**
   * `call` on `runner`'s worker, or an error once the runner is removed, stopped or restarting (its
   * worker is gone then, and a call into it would never answer).
   */
  private whileLoaded<T>(runner: ModelRunner, call: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setInterval>;
    const gone = new Promise<never>((_, reject) => {
      timer = setInterval(() => {
        const loaded = this.controller.runners.includes(runner);
        if (loaded && runner.status === 'ready') return;
        reject(new Error(`Model "${runner.meta.name}" ${loaded ? `stopped during the sweep (${runner.status})` : 'was removed during the sweep'}; the points done so far are kept.`));
      }, 200);
    });
    return Promise.race([call, gone]).finally(() => clearInterval(timer));
  }

  private launch(run: RunRecord, cells: Cell[], done: readonly Cell[]): void {
    this.cancelled = false;
    const endBusy = busy.begin('sweep'); // an update waits for the sweep
    const active = this.execute(run, cells, done).finally(() => {
      this.active = null;
      endBusy();
    });
    active.catch(() => undefined);
    this.active = active;
  }

  private async execute(run: RunRecord, cells: Cell[], done: readonly Cell[]): Promise<RunStatus> {
    const def = run.definition;
    const read = pointReader(def);
    const batches = cellsByPoint(cells);
    const points = pointCount(def);
    let cellsDone = done.length;
    this.progress = { ...IDLE, runId: run.id, name: run.name, status: 'running', points, pointsDone: points - new Set(cells.map((c) => c.point)).size, cells: cellCount(def), cellsDone };

    const taps = new Map<string, FrameTap>();
    const tapOf = (runner: ModelRunner): FrameTap => {
      const [height, width] = runner.meta.inputSize;
      const key = `${width}x${height}`;
      let tap = taps.get(key);
      if (!tap) taps.set(key, (tap = new FrameTap(this.captureHub, `sweep-${key}`, { width, height })));
      return tap;
    };
    for (const model of new Set(cells.map((c) => c.model))) tapOf(this.runnerOf(model));
    const attacker = def.attack ? new SweepAttacker(def.attack, this.runnerOf(def.attack.source), (r, call) => this.whileLoaded(r, call)) : null;
    if (attacker) tapOf(attacker.source);
    const before = this.store.snapshot();
    const releaseUrl = this.store.holdUrl();
    const release = this.captureHub.only([...taps.values()].map((t) => t.id));
    for (const tap of taps.values()) tap.start();

    let pending: ResultRow[] = [];
    let thumbnails: PointThumbnail[] = [];
    const withThumbnails = points <= MAX_THUMBNAIL_POINTS;
    let lastFlush = Date.now();
    const flush = async () => {
      const rows = pending;
      const images = thumbnails;
      pending = [];
      thumbnails = [];
      lastFlush = Date.now();
      if (rows.length) await this.runs.appendRows(run.id, rows);
      // A thumbnail is a nicety: one that cannot be stored does not fail the run.
      await this.runs.saveThumbnails(run.id, images).catch(() => undefined);
    };
    let ending: 'finished' | 'cancelled' = 'finished';
    let error: string | null = null;
    let failure: unknown = null;
    /** The points rendered and not yet predicted and stored, oldest first (at most AHEAD). */
    const inFlight: Promise<void>[] = [];
    const slots = new Map<string, PredictSlots>();
    const slotsOf = (model: string) => slots.get(model) ?? slots.set(model, new PredictSlots(PREDICTS_PER_MODEL)).get(model)!;
    const started = performance.now();
    let finished = 0;
    const stage = new SweepSubjects(this.users);
    try {
      await stage.prepare(definitionSubjects(def));
      for (let i = 0; i < batches.length; i++) {
        while (inFlight.length >= AHEAD) await inFlight.shift();
        if (failure) break;
        if (this.cancelled) {
          ending = 'cancelled';
          break;
        }
        const batch = batches[i];
        const point = read(batch.point);
        stage.show(point.subject);
        this.store.replace(point.state);
        const version = this.store.version;
        const attacked = attacker !== null && point.epsilon > 0;
        // An attacked point needs only the source's frame: every model predicts that frame attacked.
        const pointTaps = attacked ? [tapOf(attacker.source)] : [...new Set(batch.models.map((model) => tapOf(this.runnerOf(model))))];
        const frames = new Map(pointTaps.map((tap) => [tap, withTimeout(tap.frameOf(version), FRAME_TIMEOUT_MS, NO_FRAME)]));
        for (const f of frames.values()) f.catch(() => undefined); // awaited by the point's job
        // The scene must have begun rendering this point before it moves on to the next one.
        await withTimeout(Promise.all(pointTaps.map((tap) => tap.captureBegun(version))), FRAME_TIMEOUT_MS, NO_FRAME);
        const truth = truthOf(def, point.subject);
        const thumbnail = withThumbnails
          ? frames.get(pointTaps[0])!.then((frame) => frameThumbnail(batch.point, frame)).then((t) => void thumbnails.push(t), () => undefined)
          : undefined;
        const adversarial: Promise<AttackedFrame> | null = attacked ? attacker.attacked(frames.get(pointTaps[0])!, point.epsilon, truth) : null;
        adversarial?.catch(() => undefined); // awaited by the point's job
        const job = Promise.all(
          batch.models.map(async (model) => {
            const runner = this.runnerOf(model);
            const { frame, options }: AttackedFrame | { frame: Frame; options: undefined } = adversarial ? await adversarial : { frame: await frames.get(tapOf(runner))!, options: undefined };
            if (frame.version !== version) throw new Error('The scene changed while the sweep ran; the point was not measured.');
            const prediction = await slotsOf(model).run(() => this.whileLoaded(runner, runner.calls.predictOnce(frame, options)));
            return resultRow({ point: batch.point, model }, pointMetrics({ top: prediction.top }, truth), prediction.inferenceMs);
          })
        )
          .then(async (rows) => {
            await thumbnail;
            pending.push(...rows);
            cellsDone += rows.length;
            finished += 1;
            if (pending.length >= FLUSH_ROWS || Date.now() - lastFlush > FLUSH_MS) await flush();
            const pace = sweepPace(finished, batches.length - finished, performance.now() - started);
            this.progress = { ...this.progress, pointsDone: this.progress.pointsDone + 1, cellsDone, ...pace };
          })
          .catch((e) => {
            failure ??= e;
          });
        inFlight.push(job);
      }
      await Promise.all(inFlight);
      if (failure) error = messageOf(failure);
    } catch (e) {
      error = messageOf(e);
    } finally {
      await Promise.all(inFlight);
      try {
        await flush();
      } catch (e) {
        error ??= messageOf(e);
      }
      release();
      for (const tap of taps.values()) tap.stop();
      this.store.replace(before);
      stage.release();
      releaseUrl();
    }
    let status: RunStatus;
    try {
      status = await this.runs.settle(run.id, ending);
    } catch (e) {
      error ??= messageOf(e);
      status = ending === 'cancelled' ? 'cancelled' : 'partial';
    }
    this.progress = { ...this.progress, status, error, secondsLeft: status === 'complete' ? 0 : null };
    return status;
  }
}
