/**
 * Keeping a model's worker running (restart-policy.ts, applied by ModelRunner with fake workers): a load
 * that never answers is restarted like a hung predict, and a worker whose WebGL backend keeps failing
 * is restarted on wasm with the reason in its panel.
 */
import { describe, expect, it, vi } from 'vitest';
import { backendDetail } from '../../src/lib/pipeline/backend-detail';
import { ModelRunner } from '../../src/lib/pipeline/model-runner.svelte';
import { LOAD_HUNG_AFTER_MS, WorkerRecovery } from '../../src/lib/pipeline/restart-policy';
import type { Frame, ModelHostApi } from '../../src/lib/protocol';
import { fakeWorker } from '../helpers/fake-worker';
import { testMeta } from '../helpers/meta';

const frame = (version: number): Frame => ({ version, width: 4, height: 4, pixels: new Uint8Array(64), flipY: true, capturedAt: 0 });

/** A runner over a list of fake workers, started in turn. */
function runnerOver(workers: ReturnType<typeof fakeWorker>[], meta = testMeta()) {
  let n = 0;
  const runner = new ModelRunner(meta, () => workers[n++].handle);
  return { runner, started: () => n };
}

/** A fake WebGL worker whose predicts throw as a lost context makes them. */
function failingWebglWorker() {
  const w = fakeWorker({ backend: 'webgl' });
  const good = w.handle.api.predict;
  (w.handle.api as ModelHostApi).predict = async (f: Frame) => {
    if (w.loads.at(-1) === 'wasm') return good(f);
    throw new Error('the WebGL context was lost');
  };
  return w;
}

describe('model loading watchdog', () => {
  it('a load that never answers is restarted with back-off, saying that loading timed out', async () => {
    vi.useFakeTimers();
    try {
      const workers = [fakeWorker({ loadHangs: true }), fakeWorker()];
      const { runner, started } = runnerOver(workers);
      void runner.start();
      await vi.advanceTimersByTimeAsync(LOAD_HUNG_AFTER_MS - 1000);
      expect(runner.status).toBe('loading');
      await vi.advanceTimersByTimeAsync(1000);
      expect(runner.status).toBe('restarting');
      expect(runner.error).toMatch(/^Loading timed out: the worker did not answer in 120 s; restarting/);
      expect(workers[0].terminated.value).toBe(true);
      await vi.advanceTimersByTimeAsync(1000);
      expect(started()).toBe(2);
      expect(runner.status).toBe('ready');
      expect(runner.error).toBeNull();
      runner.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up with a message when every load hangs', async () => {
    vi.useFakeTimers();
    try {
      const workers = Array.from({ length: 4 }, () => fakeWorker({ loadHangs: true }));
      const { runner, started } = runnerOver(workers);
      void runner.start();
      await vi.advanceTimersByTimeAsync(4 * LOAD_HUNG_AFTER_MS + 10_000);
      expect(started()).toBe(4);
      expect(runner.status).toBe('error');
      expect(runner.error).toContain('keeps hanging (Loading timed out');
      runner.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('repeated WebGL failures move the worker to wasm', () => {
  it('the third failed predict on WebGL restarts the worker on wasm, and the panel says why', async () => {
    vi.useFakeTimers();
    try {
      const workers = [failingWebglWorker(), failingWebglWorker()];
      const { runner, started } = runnerOver(workers);
      await runner.start();
      expect(runner.backend).toBe('webgl');
      await runner.submit(frame(1));
      await runner.submit(frame(2));
      expect(runner.error).toBe('Prediction failed: the WebGL context was lost');
      expect(started()).toBe(1);
      await runner.submit(frame(3));
      expect(runner.status).toBe('restarting');
      expect(runner.error).toContain('WebGL failed 3 times');
      await vi.advanceTimersByTimeAsync(0);
      expect(started()).toBe(2);
      expect(workers[1].loads).toEqual(['wasm']);
      expect(runner.status).toBe('ready');
      expect(runner.backend).toBe('wasm');
      const reason = 'WebGL failed 3 times (last: the WebGL context was lost); running on wasm';
      expect(runner.loadResult?.fallbackReason).toBe(reason);
      expect(backendDetail(runner.loadResult, runner.meta.backend)).toBe(reason);
      await runner.submit(frame(4));
      expect(runner.top[0].label).toBe('dog');
      expect(runner.error).toBeNull();
      runner.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a WebGL worker that keeps crashing goes on wasm instead of being given up', async () => {
    vi.useFakeTimers();
    try {
      const workers = [1, 2, 3, 4].map(() => fakeWorker({ backend: 'webgl' }));
      const { runner, started } = runnerOver(workers, testMeta({ backend: 'webgl' }));
      await runner.start();
      for (let i = 0; i < 3; i++) {
        expect(runner.backend).toBe('webgl');
        workers[i].crash('context lost in the worker');
        await vi.advanceTimersByTimeAsync(2000);
      }
      expect(started()).toBe(4);
      expect(workers.map((w) => w.loads[0])).toEqual(['webgl', 'webgl', 'webgl', 'wasm']);
      expect(runner.status).toBe('ready');
      expect(runner.loadResult?.fallbackReason).toBe('WebGL failed 3 times (last: context lost in the worker); running on wasm');
      runner.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('failed predicts on wasm are shown, not counted against it', () => {
    const recovery = new WorkerRecovery();
    for (let i = 0; i < 5; i++) expect(recovery.afterPredictFailure(i, { reason: 'out of memory', backend: 'wasm' })).toBeNull();
    expect(recovery.forcedBackend).toBeNull();
  });

  it('WebGL failures spread over more than a minute do not add up', () => {
    const recovery = new WorkerRecovery();
    for (const t of [0, 40_000, 80_000, 120_000]) expect(recovery.afterPredictFailure(t, { reason: 'x', backend: 'webgl' })).toBeNull();
    expect(recovery.afterPredictFailure(121_000, { reason: 'x', backend: 'webgl' })).toMatchObject({ action: 'restart' });
    expect(recovery.forcedBackend).toBe('wasm');
  });
});
