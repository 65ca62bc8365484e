/**
 * TF.js backends in the model worker: switching to one (and checking it really took), and measuring
 * which one is fastest *and correct* for a given model.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName, BackendTrial } from '$lib/protocol';

type Tf = typeof tfTypes;

/** Where the wasm binaries are: a folder prefix (ending in '/') or a map from binary name to URL/path. */
export type WasmPaths = string | Record<string, string>;

/** The bundled .wasm files (URLs emitted by Vite). */
export const BUNDLED_WASM_PATHS: WasmPaths = {
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl
};

let wasmPathsSet = false;

/**
 * Tells the wasm backend where its binaries are. Only the first call before the wasm backend starts
 * counts; Node tests call it with node_modules' dist folder before anything else.
 */
export function configureWasmPaths(paths: WasmPaths): void {
  if (wasmPathsSet) return;
  setWasmPaths(paths);
  wasmPathsSet = true;
}

/** Why WebGL cannot run here, or null when a WebGL2 context on an OffscreenCanvas works. */
export function webglUnavailableReason(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return 'WebGL is not available in this worker (no OffscreenCanvas)';
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return 'WebGL is not available in this worker (no WebGL2 context)';
  } catch (error) {
    return `WebGL is not available in this worker (${String(error)})`;
  }
  return null;
}

export interface BackendInit {
  ok: boolean;
  /** Why the backend could not be used (when !ok). */
  error?: string;
}

/** Makes `name` the active backend; checks `tf.getBackend()` since TF.js silently falls back. */
export async function initBackendDetailed(tf: Tf, name: BackendName): Promise<BackendInit> {
  if (name === 'webgl') {
    const reason = webglUnavailableReason();
    if (reason) return { ok: false, error: reason };
  }
  if (name === 'wasm') configureWasmPaths(BUNDLED_WASM_PATHS);
  try {
    const set = await tf.setBackend(name);
    await tf.ready();
    const active = tf.getBackend();
    if (!set || active !== name) {
      return { ok: false, error: `The ${name} backend failed to start (active backend: ${active ?? 'none'})` };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `The ${name} backend failed to start: ${errorText(error)}` };
  }
}

/** Makes `name` the active backend; false when it is unavailable. */
export async function initBackend(tf: Tf, name: BackendName): Promise<boolean> {
  return (await initBackendDetailed(tf, name)).ok;
}

/**
 * Settles TF.js on a backend before anything else touches it: tries `order` (the measured order,
 * fastest first: wasm, webgl, cpu) with `await tf.setBackend` + `tf.ready()`, and resolves with the
 * first that starts. Without this, building a model while the highest-priority backend is still
 * initialising asynchronously throws "… has not yet been initialized" (seen in WebKit's workers).
 */
export async function settleBackend(
  tf: Tf,
  options: { order?: readonly BackendName[]; init?: (tf: Tf, name: BackendName) => Promise<BackendInit> } = {}
): Promise<BackendName> {
  const init = options.init ?? initBackendDetailed;
  const order = options.order ?? BACKEND_ORDER;
  const failures: string[] = [];
  for (const name of order) {
    const started = await init(tf, name);
    if (started.ok) return name;
    failures.push(`${name}: ${started.error ?? 'failed'}`);
  }
  throw new Error(`No TF.js backend could start in this browser (${failures.join('; ') || 'none allowed'})`);
}

/** A model loaded on one backend, ready to be timed. */
export interface BackendCandidate {
  /** One forward pass on a fixed deterministic input; returns probabilities. */
  predict(): Promise<Float32Array>;
  dispose(): void;
}

export interface MeasureOptions<C extends BackendCandidate = BackendCandidate> {
  /** Loads the model on the (already active) backend. */
  loadOn: (backend: BackendName) => Promise<C>;
  /** Backends allowed here (default: all three). */
  allowed?: readonly BackendName[];
  /** Use this one without measuring; on failure fall back to the best of the others. */
  forced?: BackendName;
  /** Timed predicts per backend after the warm-up (default 3). */
  timedRuns?: number;
  /** Largest acceptable max-abs difference of probabilities from the reference backend (default 0.02). */
  tolerance?: number;
  /** Injected for tests; defaults to initBackendDetailed. */
  init?: (tf: Tf, name: BackendName) => Promise<BackendInit>;
}

export interface MeasureResult<C extends BackendCandidate = BackendCandidate> {
  chosen: BackendName;
  /** The model on the chosen backend (the backend is active again). */
  candidate: C;
  trials: BackendTrial[];
  fallbackReason?: string;
}

export const BACKEND_ORDER: readonly BackendName[] = ['wasm', 'webgl', 'cpu'];

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Best<C> {
  backend: BackendName;
  ms: number;
  candidate: C;
}

interface Scored<C> {
  trial: BackendTrial;
  candidate?: C;
}

/**
 * Measures the allowed backends (wasm, webgl, cpu order): load, warm up once, time up to `timedRuns`
 * predicts (median; remaining runs skipped once one predict takes > 3x the best so far), and reject a
 * backend whose output differs from the first working backend's by more than `tolerance`.
 * The fastest correct backend wins. With `forced`, only that one is tried unless it fails.
 */
export async function measureBackends<C extends BackendCandidate>(
  tf: Tf,
  options: MeasureOptions<C>
): Promise<MeasureResult<C>> {
  const allowed = options.allowed ?? BACKEND_ORDER;
  const order = BACKEND_ORDER.filter((b) => allowed.includes(b));
  const init = options.init ?? initBackendDetailed;
  const timedRuns = options.timedRuns ?? 3;
  const tolerance = options.tolerance ?? 0.02;

  let reference: { backend: BackendName; probs: Float32Array } | null = null;
  let best: Best<C> | null = null;
  const trials: BackendTrial[] = [];

  const tryBackend = async (backend: BackendName, compare: boolean, runs: number): Promise<Scored<C>> => {
    const started = await init(tf, backend);
    if (!started.ok) return { trial: { backend, msPerPredict: null, error: started.error } };
    let candidate: C | undefined;
    try {
      candidate = await options.loadOn(backend);
      const t0 = performance.now();
      const probs = await candidate.predict();
      const warmupMs = performance.now() - t0;
      const trial: BackendTrial = { backend, msPerPredict: null, warmupMs };
      if (compare && reference) {
        trial.maxAbsDiff = maxAbsDiff(probs, reference.probs);
        if (!(trial.maxAbsDiff <= tolerance)) {
          trial.error = `Outputs differ from ${reference.backend} by ${trial.maxAbsDiff.toFixed(3)} (> ${tolerance}): incorrect on this backend`;
          candidate.dispose();
          return { trial };
        }
      } else if (compare) {
        reference = { backend, probs };
      }
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await candidate.predict();
        times.push(performance.now() - t);
        if (best && times[times.length - 1] > 3 * best.ms) break;
      }
      trial.msPerPredict = median(times);
      return { trial, candidate };
    } catch (error) {
      candidate?.dispose();
      return { trial: { backend, msPerPredict: null, error: `${backend}: ${errorText(error)}` } };
    }
  };

  const keepIfBetter = (backend: BackendName, scored: Scored<C>) => {
    const ms = scored.trial.msPerPredict;
    if (!scored.candidate || ms === null) return;
    if (!best || ms < best.ms) {
      best?.candidate.dispose();
      best = { backend, ms, candidate: scored.candidate };
    } else {
      scored.candidate.dispose();
    }
  };

  let fallbackReason: string | undefined;
  if (options.forced) {
    // Forced: no measuring, just check that it works (warm-up + one timed predict).
    const scored = await tryBackend(options.forced, false, 1);
    trials.push(scored.trial);
    if (scored.candidate) {
      return { chosen: options.forced, candidate: scored.candidate, trials };
    }
    fallbackReason = scored.trial.error ?? `The ${options.forced} backend failed`;
  }

  for (const backend of order) {
    if (backend === options.forced) continue;
    const scored = await tryBackend(backend, true, timedRuns);
    trials.push(scored.trial);
    keepIfBetter(backend, scored);
  }

  const winner = best as Best<C> | null;
  if (!winner) {
    const why = trials.map((t) => `${t.backend}: ${t.error ?? 'failed'}`).join('; ');
    throw new Error(`No TF.js backend could run this model (${why})`);
  }
  const reactivated = await init(tf, winner.backend);
  if (!reactivated.ok) throw new Error(reactivated.error ?? `The ${winner.backend} backend failed to restart`);
  if (fallbackReason) fallbackReason = `${fallbackReason}: using ${winner.backend}`;
  return { chosen: winner.backend, candidate: winner.candidate, trials, fallbackReason };
}
