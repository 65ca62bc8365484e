/**
 * `window.__perturber`: a read-mostly handle for end-to-end tests and `npm run bench` (counts of
 * predictions, benchmark calls into the workers). It exposes no state that the UI does not show.
 */
import type { ModelsController } from './models-controller.svelte';
import type { SceneStateStore } from '../state/scene-state.svelte';
import type { FieldPath } from '../state/schema';
import { FrameProbe, probedFrame, type ProbedFrame } from './frame-probe';
import type { CaptureHub } from './scheduler';

export interface DebugHooks {
  models(): { id: string; name: string; status: string; backend: string | null; predictions: number; top1: string | null; shownVersion: number; restarts: number }[];
  sceneVersion(): number;
  /** Sets one scene-state field ("image.saturation", 0); returns whether the state changed. */
  setField(path: string, value: number | string): boolean;
  /** The 224x224 model-input frame of the current scene version (waits for it). Needs the hub. */
  lastFrame(): Promise<ProbedFrame>;
  setCamera(yaw: number, pitch?: number): void;
  benchRaw(id: string, seconds: number): Promise<{ predictsPerSecond: number; backend: string }>;
  benchLoad(id: string, url?: string): Promise<{ ms: number }>;
  loadResult(id: string): unknown;
  simulateCrash(id: string): Promise<void>;
}

export function installDebugHooks(controller: ModelsController, store: SceneStateStore, hub?: CaptureHub): () => void {
  const probe = hub ? new FrameProbe(hub, 'debug-frame-probe') : null;
  const runner = (id: string) => {
    const r = controller.runners.find((x) => x.meta.id === id);
    if (!r) throw new Error(`no model ${id}`);
    return r;
  };
  const hooks: DebugHooks = {
    models: () =>
      controller.runners.map((r) => ({
        id: r.meta.id,
        name: r.meta.name,
        status: r.status,
        backend: r.backend,
        predictions: r.predictionCount,
        top1: r.top[0]?.label ?? null,
        shownVersion: r.shownVersion,
        restarts: r.restarts
      })),
    sceneVersion: () => store.version,
    setField: (path, value) => store.set(path as FieldPath, value),
    lastFrame: async () => {
      if (!probe) throw new Error('lastFrame needs installDebugHooks(controller, store, hub)');
      return probedFrame(await probe.frameOf(store.version));
    },
    setCamera: (yaw, pitch) => {
      store.set('camera.yaw', yaw);
      if (pitch !== undefined) store.set('camera.pitch', pitch);
    },
    benchRaw: (id, seconds) => runner(id).benchRaw(seconds),
    benchLoad: (id, url) => runner(id).benchLoad(url),
    loadResult: (id) => $state.snapshot(runner(id).loadResult),
    simulateCrash: async (id) => {
      await runner(id).simulateCrash();
    }
  };
  (window as unknown as { __perturber?: DebugHooks }).__perturber = hooks;
  return () => {
    probe?.stop();
    delete (window as unknown as { __perturber?: DebugHooks }).__perturber;
  };
}
