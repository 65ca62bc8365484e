/**
 * `window.__perturber`: a read-mostly handle for end-to-end tests and `npm run bench` (counts of
 * predictions, benchmark calls into the workers). It exposes no state that the UI does not show.
 */
import type { ModelsController } from './models-controller.svelte';
import type { SceneStateStore } from '../state/scene-state.svelte';

export interface DebugHooks {
  models(): { id: string; name: string; status: string; backend: string | null; predictions: number; top1: string | null; shownVersion: number; restarts: number }[];
  sceneVersion(): number;
  setCamera(yaw: number, pitch?: number): void;
  benchRaw(id: string, seconds: number): Promise<{ predictsPerSecond: number; backend: string }>;
  benchLoad(id: string, url?: string): Promise<{ ms: number }>;
  loadResult(id: string): unknown;
  simulateCrash(id: string): Promise<void>;
}

export function installDebugHooks(controller: ModelsController, store: SceneStateStore): () => void {
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
  return () => delete (window as unknown as { __perturber?: DebugHooks }).__perturber;
}
