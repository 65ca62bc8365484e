/**
 * Loads `window.__perturber` (debug-hooks.svelte.ts) only in a build made for tests: `VITE_TEST_HOOKS=1`
 * (set by `npm run test:e2e`, `bench` and `recognise`). In any other build the condition is the constant
 * `false`, so the hooks module is not even part of the bundle.
 */
import type { ModelsController } from './models-controller.svelte';
import type { SceneStateStore } from '../state/scene-state.svelte';
import type { CaptureHub } from '../scene/capture-hub';
import type { SweepRunner } from './sweep-runner.svelte';
import type { ViewHooks } from './debug-hooks.svelte';
import type { ProtocolRunner } from './protocol-runner.svelte';

/** Installs the hooks in a test build; returns a function that removes them (a no-op otherwise). */
export function installTestHooks(controller: ModelsController, store: SceneStateStore, captureHub: CaptureHub, sweeps: SweepRunner, protocols: ProtocolRunner, views: ViewHooks = {}): () => void {
  if (import.meta.env.VITE_TEST_HOOKS !== '1') return () => {};
  let remove: (() => void) | null = null;
  let stopped = false;
  void import('./debug-hooks.svelte').then(({ installDebugHooks }) => {
    if (!stopped) remove = installDebugHooks(controller, store, captureHub, sweeps, views, protocols);
  });
  return () => {
    stopped = true;
    remove?.();
  };
}

/**
 * Whether this page starts without installing the bundled models: only in a test build, when the test
 * asked for it (an init script sets `window.__perturberNoBundledModels`; tests/e2e/harness.js does so
 * unless a test opts in), so that tests which import their own models start from an empty list. Always
 * false in other builds.
 */
export function bundledModelsSkipped(): boolean {
  if (import.meta.env.VITE_TEST_HOOKS !== '1') return false;
  return (globalThis as { __perturberNoBundledModels?: unknown }).__perturberNoBundledModels === true;
}
