/**
 * Looking inside the fixture models in Node (wasm backend, with the registered gradient kernels):
 * layers, activation maps from the prediction pass, channel rankings, FGSM/PGD attacks, feature
 * visualisation, cancel, and no tensor growth.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import type { ModelMeta, AttackProgress, Frame } from '../../src/lib/protocol';
import { configureWasmPaths } from '../../src/lib/workers/backends';
import { createModelHost, errorCode, type ModelHost } from '../../src/lib/workers/host';
import { FIXTURE_MODELS, IMAGES_DIR, describeFixtures, fixtureMeta, fsHandler, readLabels } from '../helpers/fixtures';

const ROBIN = 'robin, American robin, Turdus migratorius';

const meta = (kind: 'layers' | 'graph', labels: string[]): ModelMeta =>
  fixtureMeta(kind, labels, { id: `v1-025-${kind}`, name: `v1 0.25 ${kind}`, backend: 'wasm' });

/** A host whose weights come straight from the fixture folder. */
async function fixtureHost(kind: 'layers' | 'graph', labels: string[], backend: 'wasm' | 'cpu' = 'wasm'): Promise<ModelHost> {
  const dir = kind === 'layers' ? FIXTURE_MODELS.v1_025 : FIXTURE_MODELS.v1_025_graph;
  const host = createModelHost({
    store: { save: async () => undefined, remove: async () => undefined, source: () => fsHandler(tf, dir) }
  });
  const loaded = await host.load(meta(kind, labels), backend);
  expect(loaded.backend).toBe(backend);
  return host;
}

function birdFrame(version = 1): Frame {
  const img = jpeg.decode(readFileSync(join(IMAGES_DIR, 'bird.jpg')), { useTArray: true, formatAsRGBA: true });
  return { version, pixels: new Uint8Array(img.data), width: img.width, height: img.height, flipY: false, capturedAt: 0 };
}

const GRAPH_LAST_RELU = 'module_apply_default/MobilenetV1/MobilenetV1/Conv2d_13_pointwise/Relu6';

describeFixtures('inspecting the fixture models (wasm)', () => {
  let labels: string[];
  let robin: number;
  let layersHost: ModelHost;

  beforeAll(async () => {
    configureWasmPaths(resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
    labels = readLabels();
    robin = labels.indexOf(ROBIN);
    layersHost = await fixtureHost('layers', labels);
  });
  afterAll(async () => {
    await layersHost?.dispose();
  });

  test('layers are listed with their activation shapes (layers and graph model)', async () => {
    const layers = await layersHost.listLayers();
    expect(layers.find((l) => l.name === 'conv_pw_13_relu')).toEqual({ name: 'conv_pw_13_relu', kind: 'Activation', shape: [7, 7, 256] });
    expect(layers.find((l) => l.name === 'conv1')).toMatchObject({ kind: 'Conv2D', shape: [112, 112, 8] });
    expect(layers.find((l) => l.name === 'conv_dw_2')).toMatchObject({ kind: 'DepthwiseConv2D', shape: [56, 56, 16] });
    expect(layers.find((l) => l.name === 'conv_preds')).toMatchObject({ kind: 'Conv2D', shape: [1, 1, 1000] });
    expect(layers.some((l) => l.name.endsWith('_bn') || l.name.startsWith('global_'))).toBe(false);

    const graph = await fixtureHost('graph', labels);
    const nodes = await graph.listLayers();
    expect(nodes.find((l) => l.name === GRAPH_LAST_RELU)).toEqual({ name: GRAPH_LAST_RELU, kind: 'Relu6', shape: [7, 7, 256] });
    expect(nodes.filter((l) => l.kind === 'Relu6')).toHaveLength(27);
    await graph.dispose();
  });

  test('activation maps come with the prediction, in the layer spatial shape (layers and graph model)', async () => {
    for (const [host, layer, own] of [
      [layersHost, 'conv_pw_13_relu', false],
      [await fixtureHost('graph', labels), GRAPH_LAST_RELU, true]
    ] as const) {
      const plain = await host.predict(birdFrame(1));
      const p = await host.predict(birdFrame(2), { activations: { layer, channels: [3, 200, 17] } });
      expect(p.top[0].label).toBe(ROBIN);
      expect(p.top[0].probability).toBeCloseTo(plain.top[0].probability, 5);
      const a = p.activations!;
      expect([a.height, a.width, a.channels]).toEqual([7, 7, 256]);
      expect(a.maps.map((m) => m.channel)).toEqual([3, 200, 17]);
      for (const m of a.maps) {
        expect(m.values).toBeInstanceOf(Float32Array);
        expect(m.values).toHaveLength(49);
        const mean = (m.values as Float32Array).reduce((s, v) => s + v, 0) / 49;
        expect(mean).toBeCloseTo(a.channelMeans[m.channel], 4);
        expect(m.min).toBeGreaterThanOrEqual(0); // after ReLU6
        expect(m.max).toBeLessThanOrEqual(6);
      }
      expect(a.channelMeans).toHaveLength(256);
      expect(Math.max(...a.channelMeans)).toBeGreaterThan(0);

      const q = await host.predict(birdFrame(3), { activations: { layer, channels: [3, 200], encoding: 'uint8' } });
      for (const [i, m] of q.activations!.maps.entries()) {
        expect(m.values).toBeInstanceOf(Uint8Array);
        const float = a.maps[i].values as Float32Array;
        for (let j = 0; j < 49; j++) expect(Math.abs(m.min + (m.values[j] / 255) * (m.max - m.min) - float[j])).toBeLessThanOrEqual((m.max - m.min) / 255);
      }
      const tensors = await host.numTensors();
      for (let i = 0; i < 3; i++) await host.predict(birdFrame(5 + i), { activations: { layer, channels: [i, 100] } });
      expect(await host.numTensors()).toBe(tensors);
      const error = await host.predict(birdFrame(4), { activations: { layer, channels: [256] } }).catch((e: Error) => e);
      expect((error as Error).message).toMatch(/no channel 256/);
      if (own) await host.dispose();
    }
  });

  test('channel ranking: most active matches the channel means; class relevance matches the classifier weights', async () => {
    const p = await layersHost.predict(birdFrame(1), { activations: { layer: 'conv_pw_13_relu', channels: [] } });
    const means = p.activations!.channelMeans;
    const active = await layersHost.rankChannels({ layer: 'conv_pw_13_relu', by: 'active', k: 5 });
    const expected = Array.from(means, (v, c) => [v, c]).sort((a, b) => b[0] - a[0]).slice(0, 5).map(([, c]) => c);
    expect(active.map((r) => r.channel)).toEqual(expected);

    // After conv_pw_13_relu come global average pooling and the 1x1 conv_preds: d logit_robin / d A[i, j, c]
    // is conv_preds' weight (c, robin) / 49 everywhere, so its spatial mean ranks channels by that weight.
    const byClass = await layersHost.rankChannels({ layer: 'conv_pw_13_relu', by: 'class', k: 5 }); // default class: top-1 (robin)
    const { model } = layersHost.engine.inspection();
    const kernel = (model as tf.LayersModel).getLayer('conv_preds').getWeights()[0]; // [1, 1, 256, 1000]
    const column = await tf.tidy(() => tf.reshape(tf.slice(kernel, [0, 0, 0, robin], [1, 1, 256, 1]), [256])).data();
    const byWeight = Array.from(column, (v, c) => [v, c]).sort((a, b) => b[0] - a[0]).slice(0, 5);
    expect(byClass.map((r) => r.channel)).toEqual(byWeight.map(([, c]) => c));
    expect(byClass[0].score).toBeCloseTo(byWeight[0][0] / 49, 5);
  });

  test('channel ranking explains the prediction shown: after a prediction with a perturbation, it ranks the perturbed input', async () => {
    const layer = 'conv_pw_13_relu';
    const attack = await layersHost.attack(birdFrame(), { method: 'fgsm', norm: 'linf', epsilon: 16 });
    const frame = (version: number): Frame => ({ version, pixels: attack.clean.slice(), width: attack.width, height: attack.height, flipY: false, capturedAt: 0 });
    const perturbation = { width: attack.width, height: attack.height, delta: attack.perturbation };
    const topChannels = (means: ArrayLike<number>) => Array.from(means, (v, c) => [v, c]).sort((a, b) => b[0] - a[0]).slice(0, 5).map(([, c]) => c);

    const clean = await layersHost.predict(frame(20), { activations: { layer, channels: [] } });
    const perturbed = await layersHost.predict(frame(21), { activations: { layer, channels: [] }, perturbation });
    // The perturbation moves the activations (else this test could not tell the two inputs apart).
    expect(topChannels(perturbed.activations!.channelMeans)).not.toEqual(topChannels(clean.activations!.channelMeans));

    const active = await layersHost.rankChannels({ layer, by: 'active', k: 5 });
    expect(active.map((r) => r.channel)).toEqual(topChannels(perturbed.activations!.channelMeans));
    // Ranking by class defaults to the class the perturbed prediction showed first.
    const byClass = await layersHost.rankChannels({ layer, by: 'class', k: 5 });
    const byShownClass = await layersHost.rankChannels({ layer, by: 'class', k: 5, classIndex: perturbed.top[0].classIndex });
    expect(byClass).toEqual(byShownClass);
  });

  test('FGSM L-inf: the perturbation has L-inf norm epsilon, the byte frame stays within epsilon + 0.5', async () => {
    const eps = 3;
    const r = await layersHost.attack(birdFrame(), { method: 'fgsm', norm: 'linf', epsilon: eps });
    expect(r.linf).toBeCloseTo(eps, 4);
    expect(r.perturbation).toHaveLength(224 * 224 * 3);
    expect(r.perturbation.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeCloseTo(eps, 4);
    expect(r.adversarial).toHaveLength(224 * 224 * 4);
    let maxByte = 0;
    for (let i = 0; i < r.adversarial.length; i++) {
      if (i % 4 === 3) continue;
      maxByte = Math.max(maxByte, Math.abs(r.adversarial[i] - r.clean[i]));
    }
    expect(maxByte).toBeLessThanOrEqual(eps + 0.5);
    expect(maxByte).toBeGreaterThan(0);
    expect(r.before[0].label).toBe(ROBIN);
    expect(r.attackedClass).toBe(robin);
    expect(r.stepsDone).toBe(1);
    const robinAfter = r.after.find((s) => s.classIndex === robin)?.probability ?? 0;
    expect(robinAfter).toBeLessThan(r.before[0].probability);
  });

  test('PGD L-inf, epsilon 2 of 255, 10 steps: the robin probability falls below 0.1 (layers and graph model)', async () => {
    for (const kind of ['layers', 'graph'] as const) {
      const host = kind === 'layers' ? layersHost : await fixtureHost('graph', labels);
      const progress: AttackProgress[] = [];
      const r = await host.attack(birdFrame(), { method: 'pgd', norm: 'linf', epsilon: 2, steps: 10, randomStart: true, seed: 7 }, (p) =>
        progress.push(p)
      );
      expect(r.before[0].label).toBe(ROBIN);
      expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(progress[0].probability).toBeGreaterThan(0.5);
      const robinAfter = r.after.find((s) => s.classIndex === robin)?.probability ?? 0;
      expect(robinAfter, kind).toBeLessThan(0.1);
      expect(r.after[0].label).not.toBe(ROBIN);
      expect(r.linf).toBeLessThanOrEqual(2 + 1e-4);
      if (kind === 'graph') await host.dispose();
    }
  });

  test('targeted PGD makes the target class top-1; PGD L2 stays within its L2 budget', async () => {
    const target = labels.indexOf('goldfish, Carassius auratus');
    const r = await layersHost.attack(birdFrame(), { method: 'pgd', norm: 'linf', epsilon: 8, steps: 15, targetClass: target });
    expect(r.attackedClass).toBe(target);
    expect(r.after[0].classIndex).toBe(target);

    const l2 = await layersHost.attack(birdFrame(), { method: 'pgd', norm: 'l2', epsilon: 300, steps: 8 });
    expect(l2.l2).toBeLessThanOrEqual(300 + 1e-2);
    expect(l2.l2).toBeGreaterThan(100);
    const robinAfter = l2.after.find((s) => s.classIndex === robin)?.probability ?? 0;
    expect(robinAfter).toBeLessThan(0.5);
  });

  test('no tensor growth over repeated attacks; cancel stops an attack early; bad settings are named', async () => {
    await layersHost.attack(birdFrame(), { method: 'fgsm', norm: 'linf', epsilon: 1 }); // warm caches
    const before = await layersHost.numTensors();
    for (let i = 0; i < 3; i++) {
      await layersHost.attack(birdFrame(), { method: 'fgsm', norm: 'l2', epsilon: 100 });
      await layersHost.attack(birdFrame(), { method: 'pgd', norm: 'linf', epsilon: 2, steps: 2, randomStart: true, seed: i });
    }
    expect(await layersHost.numTensors()).toBe(before);

    const running = layersHost.attack(birdFrame(), { method: 'pgd', norm: 'linf', epsilon: 2, steps: 50 }, (p) => {
      if (p.step === 2) void layersHost.cancel();
    });
    const r = await running;
    expect(r.cancelled).toBe(true);
    expect(r.stepsDone).toBe(2);
    expect(r.adversarial).toHaveLength(224 * 224 * 4);
    expect(await layersHost.numTensors()).toBe(before);

    const bad = await layersHost.attack(birdFrame(), { method: 'pgd', norm: 'linf', epsilon: 0 }).catch((e: Error) => e);
    expect(errorCode((bad as Error).message)).toBe('bad-settings');
    expect((bad as Error).message).toMatch(/Epsilon must be a positive number/);
  });

  test('feature visualisation: the objective rises over its steps; same seed, same image; no tensor growth', async () => {
    const before = await layersHost.numTensors();
    const steps = 24;
    const seen: number[] = [];
    const r = await layersHost.featureVisualisation(
      { objective: { kind: 'channel', layer: 'conv_pw_3_relu', channel: 5 }, steps, seed: 3 },
      (p) => seen.push(p.step)
    );
    expect(seen).toHaveLength(steps);
    expect(r.trace).toHaveLength(steps);
    expect([r.width, r.height, r.pixels.length]).toEqual([224, 224, 224 * 224 * 4]);
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    const first = mean(r.trace.slice(0, 4));
    const last = mean(r.trace.slice(-4));
    expect(last).toBeGreaterThan(first + 0.5 * Math.abs(first) + 0.1);
    expect(await layersHost.numTensors()).toBe(before);

    const short = { objective: { kind: 'class' as const, classIndex: robin }, steps: 3, seed: 11 };
    const a = await layersHost.featureVisualisation(short);
    const b = await layersHost.featureVisualisation(short);
    expect(b.trace).toEqual(a.trace);
    expect(Buffer.from(b.pixels).equals(Buffer.from(a.pixels))).toBe(true);
    expect(await layersHost.numTensors()).toBe(before);

    const graph = await fixtureHost('graph', labels);
    const g = await graph.featureVisualisation({ objective: { kind: 'class', classIndex: robin }, steps: 3, seed: 1 });
    expect(g.trace).toHaveLength(3);
    expect(g.trace.every(Number.isFinite)).toBe(true);
    await graph.dispose();
  });
});
