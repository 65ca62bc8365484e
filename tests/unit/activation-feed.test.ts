/** The activation view's feed (pipeline/activation-feed): layers asked once, maps sent by the models shown. */
import { describe, expect, it } from 'vitest';
import { ActivationFeed, activationRequest } from '../../src/lib/pipeline/activation-feed.svelte';
import { inspectRunner } from '../helpers/inspect-worker';

async function started(...models: ReturnType<typeof inspectRunner>[]) {
  for (const m of models) await m.runner.start();
  return models;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('ActivationFeed', () => {
  it('asks each ready model for its layers once, and again after a failure', async () => {
    const [a, b] = await started(inspectRunner({ id: 'a' }), inspectRunner({ id: 'b', layersFail: 'graph has no layers' }));
    const loading = inspectRunner({ id: 'c' });
    const feed = new ActivationFeed(() => [a.runner, b.runner, loading.runner]);
    feed.listLayers();
    await flush();
    expect(feed.layers.a.map((l) => l.name)).toEqual(['relu1']);
    expect(feed.layers.b).toBeUndefined();
    expect(feed.error).toContain('graph has no layers');
    expect(loading.layerCalls()).toBe(0);
    feed.listLayers();
    await flush();
    expect(a.layerCalls()).toBe(1);
    expect(b.layerCalls()).toBe(2);
  });

  it('the models shown send the chosen maps with every frame; the others send none', async () => {
    const [a, b] = await started(inspectRunner({ id: 'a' }), inspectRunner({ id: 'b' }));
    const feed = new ActivationFeed(() => [a.runner, b.runner]);
    feed.show({ modelIds: ['a'], layer: 'relu1', channels: [2, 3], overlay: false });
    expect(a.frameRequests()).toBe(1);
    expect(b.frameRequests()).toBe(0);
    await a.deliver();
    await b.deliver();
    expect(a.predictions.at(-1)?.options).toEqual({ activations: { layer: 'relu1', channels: [2, 3], encoding: 'uint8' } });
    expect(a.runner.activations?.maps.map((m) => m.channel)).toEqual([2, 3]);
    expect(b.predictions.at(-1)?.options).toBeUndefined();

    // The same choice again asks for no new frame; another one does.
    feed.show({ modelIds: ['a'], layer: 'relu1', channels: [2, 3], overlay: false });
    expect(a.frameRequests()).toBe(1);
    feed.show({ modelIds: ['a', 'b'], layer: 'relu1', channels: [0], overlay: false });
    expect(a.frameRequests()).toBe(2);
    expect(b.frameRequests()).toBe(1);
    await b.deliver();
    expect(b.predictions.at(-1)?.options?.activations?.channels).toEqual([0]);
  });

  it('the overlay keeps the shown models’ latest frames, and closing the view stops everything', async () => {
    const [a, b] = await started(inspectRunner({ id: 'a' }), inspectRunner({ id: 'b' }));
    const feed = new ActivationFeed(() => [a.runner, b.runner]);
    feed.show({ modelIds: ['a'], layer: 'relu1', channels: [1], overlay: true });
    await a.deliver();
    await b.deliver();
    expect(a.runner.latestFrame?.version).toBe(1);
    expect(b.runner.latestFrame).toBeNull();
    feed.show({ modelIds: ['a'], layer: 'relu1', channels: [1], overlay: false });
    await a.deliver();
    expect(a.runner.latestFrame?.version).toBe(1);
    feed.show({ modelIds: ['a'], layer: 'relu1', channels: [1], overlay: true });
    feed.stop();
    expect(a.runner.keepLatestFrameFor.size).toBe(0);
    await a.deliver();
    expect(a.predictions.at(-1)?.options).toBeUndefined();
    expect(a.runner.activations).toBeNull();
  });

  it('asks for no maps before a layer and channels are chosen', () => {
    expect(activationRequest(null, [1])).toBeNull();
    expect(activationRequest('relu1', [])).toBeNull();
    expect(activationRequest('relu1', [4])).toEqual({ layer: 'relu1', channels: [4], encoding: 'uint8' });
  });
});
