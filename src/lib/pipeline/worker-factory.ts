/** Starts a dedicated model worker and wraps it with Comlink. */
import * as Comlink from 'comlink';
import type { ModelHostApi } from '$lib/protocol';
import type { WorkerHandle } from './model-runner.svelte';

export function startModelWorker(): WorkerHandle {
  const worker = new Worker(new URL('../workers/model.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<ModelHostApi>(worker);
  const crashListeners: ((reason: string) => void)[] = [];
  const crash = (reason: string) => crashListeners.forEach((cb) => cb(reason));
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    crash(e.message || 'worker error');
  });
  worker.addEventListener('messageerror', () => crash('a message could not be decoded'));
  return {
    api,
    terminate: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
    onCrash: (cb) => crashListeners.push(cb)
  };
}
