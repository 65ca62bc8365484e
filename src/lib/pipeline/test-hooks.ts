/**
 * Loads `window.__perturber` (debug-hooks.svelte.ts) only in a build made for tests: `VITE_TEST_HOOKS=1`
 * (set by `npm run test:e2e`, `bench` and `recognise`). In any other build the condition is the constant
 * `false`, so the hooks module is not even part of the bundle.
 */
import type { ModelsController } from './models-controller.svelte';
import type { SceneStateStore } from '../state/scene-state.svelte';
import type { CaptureHub } from '../scene/capture-hub';

/** Installs the hooks in a test build; returns a function that removes them (a no-op otherwise). */
export function installTestHooks(controller: ModelsController, store: SceneStateStore, captureHub: CaptureHub): () => void {
  if (import.meta.env.VITE_TEST_HOOKS !== '1') return () => {};
  let remove: (() => void) | null = null;
  let stopped = false;
  void import('./debug-hooks.svelte').then(({ installDebugHooks }) => {
    if (!stopped) remove = installDebugHooks(controller, store, captureHub);
  });
  return () => {
    stopped = true;
    remove?.();
  };
}
