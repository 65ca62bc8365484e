import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModelRunner } from '../../src/lib/pipeline/model-runner.svelte';
import { testMeta } from '../helpers/meta';
import { fakeWorker } from '../helpers/fake-worker';
import type { Frame, ModelHostApi } from '../../src/lib/protocol';

const meta = testMeta();

function frame(version: number): Frame {
  return { version, width: 4, height: 4, pixels: new Uint8Array(64), flipY: true, capturedAt: performance.now() };
}

describe('ModelRunner', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('loads, shows the top classes of a frame and reports the backend', async () => {
    const w = fakeWorker();
    const r = new ModelRunner(meta, () => w.handle);
    await r.start();
    expect(r.status).toBe('ready');
    expect(r.backend).toBe('wasm');
    await r.submit(frame(3));
    expect(r.top[0].label).toBe('dog');
    expect(r.shownVersion).toBe(3);
    expect(r.history).toEqual([{ p: 0.7, label: 'dog' }]);
    expect(r.latencyMs).not.toBeNull();
    r.stop();
  });

  it('shows the load error and stays in an error state', async () => {
    const w = fakeWorker({ loadFails: '[missing-shard] Missing weight file group3-shard1of1' });
    const r = new ModelRunner(meta, () => w.handle);
    await r.start();
    expect(r.status).toBe('error');
    expect(r.error).toContain('group3-shard1of1');
    expect(w.terminated.value).toBe(true);
    r.stop();
  });

  it('shows a failed prediction, and the next good one replaces the message', async () => {
    const w = fakeWorker();
    const good = w.handle.api.predict;
    let calls = 0;
    (w.handle.api as ModelHostApi).predict = async (f: Frame) => {
      if (calls++ === 0) throw new Error('out of memory');
      return good(f);
    };
    const r = new ModelRunner(meta, () => w.handle);
    await r.start();
    await r.submit(frame(1));
    expect(r.error).toContain('out of memory');
    await r.submit(frame(2));
    expect(r.error).toBeNull();
    expect(r.top[0].label).toBe('dog');
    r.stop();
  });

  it('restarts a crashed worker in a fresh one', async () => {
    vi.useFakeTimers();
    const workers = [fakeWorker(), fakeWorker()];
    let n = 0;
    const r = new ModelRunner(meta, () => workers[n++].handle);
    await r.start();
    workers[0].crash('simulated crash');
    expect(r.status).toBe('restarting');
    expect(r.error).toContain('simulated crash');
    expect(workers[0].terminated.value).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(n).toBe(2);
    expect(r.status).toBe('ready');
    expect(r.restarts).toBe(1);
    await r.submit(frame(1));
    expect(r.top[0].label).toBe('dog');
    r.stop();
  });

  it('says how its backend was chosen, for the model list and its panel', async () => {
    const w = fakeWorker();
    const r = new ModelRunner(meta, () => w.handle);
    expect(r.backendDetail).toBeNull();
    await r.start();
    expect(r.backendDetail).toMatch(/^measured:/);
    expect(r.fallbackReason).toBeNull();
    await r.setBackend('cpu');
    expect(r.backendDetail).toBe('set by you');
    r.stop();
  });

  it("'auto' measures the backends once; the next load in this browser reuses the measurement", async () => {
    vi.stubGlobal('navigator', { userAgent: 'browser A' });
    const first = fakeWorker();
    const measured: unknown[] = [];
    const r = new ModelRunner(meta, () => first.handle);
    r.onMeasured = (m) => measured.push(m);
    await r.start();
    expect(first.loads).toEqual(['auto']);
    expect(measured).toHaveLength(1);
    expect(r.meta.measured).toMatchObject({ backend: 'wasm', userAgent: 'browser A' });
    r.stop();

    const again = fakeWorker();
    const next = new ModelRunner(r.meta, () => again.handle);
    next.onMeasured = (m) => measured.push(m);
    await next.start();
    expect(again.loads).toEqual(['wasm']);
    expect(next.loadResult?.fromCache).toBe(true);
    expect(next.backendDetail).toMatch(/^measured earlier:/);
    expect(measured).toHaveLength(1);
    next.stop();

    vi.stubGlobal('navigator', { userAgent: 'browser B' });
    const elsewhere = fakeWorker();
    const other = new ModelRunner(r.meta, () => elsewhere.handle);
    await other.start();
    expect(elsewhere.loads).toEqual(['auto']);
    other.stop();
  });

  it('refuses inspection calls until the model is loaded, and after it stopped', async () => {
    const w = fakeWorker();
    const r = new ModelRunner(meta, () => w.handle);
    expect(() => r.calls.listLayers()).toThrow('Test net is not ready');
    await r.start();
    r.stop();
    expect(() => r.calls.benchRaw(1)).toThrow('Test net is not ready');
    expect(() => r.calls.benchLoad()).toThrow('Test net has no worker');
  });
});
