/** Starts a dedicated model worker and wraps it with Comlink. */
import * as Comlink from 'comlink';
import type { ModelHostApi } from '$lib/protocol';

/** A started worker: its Comlink remote plus a way to end it and to hear that it crashed. */
export interface WorkerHandle {
  api: Comlink.Remote<ModelHostApi> | ModelHostApi;
  terminate(): void;
  onCrash(cb: (reason: string) => void): void;
}

export type WorkerFactory = () => WorkerHandle;

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
