/**
 * How a model's worker is kept running: watchdogs on calls that may never answer (a hung load or
 * predict), restarts with back-off after a crash or a hang, and the move to wasm when the WebGL backend
 * keeps failing (a lost context in the worker, a driver that throws). Plain TS; ModelRunner applies it.
 */
import type { BackendName } from '$lib/protocol';

/** A predict that takes longer than this is treated as a hung worker. */
export const PREDICT_HUNG_AFTER_MS = 60_000;
/**
 * A load that takes longer than this is treated as a hung worker. A load reads the weights and, with
 * 'auto', measures wasm, WebGL and cpu (warm-up + timed predicts each); on software WebGL the first
 * predict compiles every shader (3-5 s for MobileNet v1 alone), and several workers load at once on
 * two cores: a minute is not enough for bigger models, two are.
 */
export const LOAD_HUNG_AFTER_MS = 120_000;
export const LOAD_HUNG_MESSAGE = `Loading timed out: the worker did not answer in ${LOAD_HUNG_AFTER_MS / 1000} s`;
/** WebGL failures (crashes, hangs, failed predicts) within WEBGL_WINDOW_MS that move a worker to wasm. */
export const WEBGL_FAILURE_LIMIT = 3;
export const WEBGL_WINDOW_MS = 60_000;
/** Loads in a row that may crash or hang before the worker is given up. */
const MAX_FAILED_LOADS = 3;

/** A worker call that did not answer in time. */
export class WorkerHungError extends Error {}

/** `call`, or a WorkerHungError with `message` when it has not settled after `ms`. */
export async function answerWithin<T>(call: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WorkerHungError(message)), ms);
  });
  try {
    return await Promise.race([call, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** Restart policy for crashed workers: back off, give up after `maxRestarts` within `windowMs`. */
export class RestartPolicy {
  private restarts: number[] = [];
  constructor(
    private readonly maxRestarts = 3,
    private readonly windowMs = 60_000
  ) {}

  /** Delay before the next restart in ms, or null to give up. */
  next(now: number): number | null {
    this.restarts = this.restarts.filter((t) => now - t < this.windowMs);
    if (this.restarts.length >= this.maxRestarts) return null;
    this.restarts.push(now);
    return 250 * 2 ** (this.restarts.length - 1);
  }
}

/** What to do after a failure: restart (after a delay) with a message meanwhile, or stop with one. */
export type Recovery = { action: 'restart'; delayMs: number; message: string } | { action: 'stop'; message: string };

export interface WorkerFailure {
  /** Why, in words ("simulated crash", "loading timed out…"). */
  reason: string;
  /** The backend the worker was on (or loading on); null when unknown ('auto' measuring). */
  backend: BackendName | null;
  /** It stopped answering rather than crashed. */
  hung?: boolean;
  /** It failed while loading (before it ever became ready). */
  loading?: boolean;
  /** The model's name, for the message when giving up. */
  name: string;
}

export class WorkerRecovery {
  private restarts = new RestartPolicy();
  private webglFailures: number[] = [];
  /** Loads in a row that crashed or hung (a hung load takes minutes: the time window alone never fills). */
  private failedLoads = 0;
  /** Set once WebGL failed too often: why the worker now runs on wasm (shown in its panel). */
  wasmReason: string | null = null;

  /** The backend the worker must load with from now on; null: the user's choice. */
  get forcedBackend(): BackendName | null {
    return this.wasmReason ? 'wasm' : null;
  }

  /** The worker loaded: failed loads no longer count. */
  loaded(): void {
    this.failedLoads = 0;
  }

  /** The worker crashed or hung: restart it with back-off, or on wasm, or give up. */
  afterCrash(now: number, failure: WorkerFailure): Recovery {
    if (failure.backend === 'webgl' && this.webglFailed(now, failure.reason)) return this.toWasm();
    this.failedLoads = failure.loading ? this.failedLoads + 1 : 0;
    const delayMs = this.failedLoads > MAX_FAILED_LOADS ? null : this.restarts.next(now);
    const what = failure.hung ? failure.reason : `The worker crashed (${failure.reason})`;
    if (delayMs === null) {
      return {
        action: 'stop',
        message: `The worker for "${failure.name}" keeps ${failure.hung ? 'hanging' : 'crashing'} (${failure.reason}); it was stopped. Reload the model to try again.`
      };
    }
    return { action: 'restart', delayMs, message: `${what}; restarting…` };
  }

  /** A predict threw: on WebGL, the third such failure in a minute moves the worker to wasm; else null (just show it). */
  afterPredictFailure(now: number, failure: Pick<WorkerFailure, 'reason' | 'backend'>): Recovery | null {
    if (failure.backend !== 'webgl' || !this.webglFailed(now, failure.reason)) return null;
    return this.toWasm();
  }

  private webglFailed(now: number, reason: string): boolean {
    if (this.wasmReason) return false;
    this.webglFailures = [...this.webglFailures.filter((t) => now - t < WEBGL_WINDOW_MS), now];
    if (this.webglFailures.length < WEBGL_FAILURE_LIMIT) return false;
    this.wasmReason = `WebGL failed ${WEBGL_FAILURE_LIMIT} times (last: ${reason}); running on wasm`;
    return true;
  }

  private toWasm(): Recovery {
    // A new backend gets a fresh restart budget.
    this.restarts = new RestartPolicy();
    this.failedLoads = 0;
    return { action: 'restart', delayMs: 0, message: `${this.wasmReason}; restarting…` };
  }
}
