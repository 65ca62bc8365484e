/** ModelRunner's inspection side: activation maps with each frame, the held perturbation, one-off predictions (runner.calls). */
import { describe, expect, it } from 'vitest';
import { ModelRunner } from '../../src/lib/pipeline/model-runner.svelte';
import type { WorkerHandle } from '../../src/lib/pipeline/worker-factory';
import { testMeta } from '../helpers/meta';
import type { Frame, LayerActivations, ModelHostApi, PredictOptions, Prediction } from '../../src/lib/protocol';

const meta = testMeta({ inputSize: [2, 2] });

const frame = (version: number): Frame => ({ version, width: 2, height: 2, pixels: new Uint8Array(16).fill(100), flipY: false, capturedAt: 0 });

function runnerWithFakeWorker(dropFirst = 0) {
  const seen: { pixels: number[]; options?: PredictOptions }[] = [];
  let drops = dropFirst;
  const api: Partial<ModelHostApi> = {
    load: async () => ({ backend: 'cpu', trials: [], loadMs: 1 }),
    predict: async (f: Frame, options?: PredictOptions): Promise<Prediction> => {
      seen.push({ pixels: [...f.pixels], options });
      if (drops-- > 0) return { version: f.version, top: [], inferenceMs: 0, backend: 'cpu', dropped: true };
      const activations: LayerActivations | undefined = options?.activations && {
        layer: options.activations.layer,
        height: 1,
        width: 1,
        channels: 4,
        maps: options.activations.channels.map((c) => ({ channel: c, values: Float32Array.from([c]), min: c, max: c, mean: c })),
        channelMeans: new Float32Array(4)
      };
      return { version: f.version, top: [{ classIndex: 1, label: 'dog', probability: 0.9 }], inferenceMs: 1, backend: 'cpu', activations };
    }
  };
  const handle: WorkerHandle = { api: api as ModelHostApi, terminate: () => {}, onCrash: () => {} };
  return { runner: new ModelRunner(meta, () => handle), seen };
}

describe('ModelRunner inspection', () => {
  it('asks for activation maps with each frame and keeps those of the latest prediction', async () => {
    const { runner, seen } = runnerWithFakeWorker();
    await runner.start();
    await runner.submit(frame(1));
    expect(seen[0].options).toBeUndefined();
    expect(runner.activations).toBeNull();
    runner.activationRequest = { layer: 'relu1', channels: [2, 3] };
    await runner.submit(frame(2));
    expect(seen[1].options).toEqual({ activations: { layer: 'relu1', channels: [2, 3] } });
    expect(runner.activations?.maps.map((m) => m.channel)).toEqual([2, 3]);
    runner.activationRequest = null;
    await runner.submit(frame(3));
    expect(runner.activations).toBeNull();
    runner.stop();
  });

  it('adds a held perturbation to frames before sending them, and keeps a copy only when asked', async () => {
    const { runner, seen } = runnerWithFakeWorker();
    await runner.start();
    runner.heldPerturbation = { width: 2, height: 2, perturbation: new Float32Array(12).fill(200) };
    await runner.submit(frame(1));
    expect(seen[0].pixels).toEqual([255, 255, 255, 100, 255, 255, 255, 100, 255, 255, 255, 100, 255, 255, 255, 100]);
    expect(runner.latestFrame).toBeNull();
    runner.keepLatestFrameFor.add('attack');
    runner.heldPerturbation = null;
    await runner.submit(frame(2));
    expect([...runner.latestFrame!.pixels]).toEqual(new Array(16).fill(100));
    runner.stop();
  });

  it('sends a one-off frame again when a live frame replaced it', async () => {
    const { runner, seen } = runnerWithFakeWorker(2);
    await runner.start();
    const p = await runner.calls.predictOnce(frame(7));
    expect(p.top[0].label).toBe('dog');
    expect(seen).toHaveLength(3);
    runner.stop();
  });

  it('passes a one-off prediction\'s options (a perturbation) on, with every attempt', async () => {
    const { runner, seen } = runnerWithFakeWorker(1);
    await runner.start();
    const perturbation = { width: 2, height: 2, delta: new Float32Array(12).fill(0.5) };
    await runner.calls.predictOnce(frame(8), { perturbation });
    expect(seen).toHaveLength(2);
    for (const s of seen) expect(s.options).toEqual({ perturbation });
    expect(seen[0].pixels).toEqual(new Array(16).fill(100));
    runner.stop();
  });
});
