/**
 * The model worker's engine and host on the real fixture models (Node, cpu + wasm backends).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import type { ModelMeta, Frame } from '../../src/lib/protocol';
import { configureWasmPaths } from '../../src/lib/workers/backends';
import { ModelEngine, testPattern } from '../../src/lib/workers/engine';
import { createModelHost, errorCode, type WeightStore } from '../../src/lib/workers/host';
import { FIXTURE_MODELS, IMAGES_DIR, describeFixtures, fixtureMeta, fsHandler, modelFolderFiles, readLabels } from '../helpers/fixtures';

const ROBIN = 'robin, American robin, Turdus migratorius';

const layersMeta = (id: string, labels: string[]) => fixtureMeta('layers', labels, { id, name: id });
const graphMeta = (labels: string[]) => fixtureMeta('graph', labels, { id: 'v1-025-graph', name: 'v1-025-graph' });

interface Rgba {
  pixels: Uint8Array;
  width: number;
  height: number;
}

function decodeJpeg(name: string): Rgba {
  const img = jpeg.decode(readFileSync(join(IMAGES_DIR, name)), { useTArray: true, formatAsRGBA: true });
  return { pixels: new Uint8Array(img.data), width: img.width, height: img.height };
}

/** The same image stored bottom-up (WebGL readPixels order). */
function flipRows({ pixels, width, height }: Rgba): Uint8Array {
  const out = new Uint8Array(pixels.length);
  const row = width * 4;
  for (let y = 0; y < height; y++) out.set(pixels.subarray(y * row, (y + 1) * row), (height - 1 - y) * row);
  return out;
}

/** The image with opaque black bands of `band` columns on both sides. */
function padSides({ pixels, width, height }: Rgba, band: number): Rgba {
  const w = width + 2 * band;
  const out = new Uint8Array(w * height * 4);
  for (let i = 3; i < out.length; i += 4) out[i] = 255;
  for (let y = 0; y < height; y++) out.set(pixels.subarray(y * width * 4, (y + 1) * width * 4), (y * w + band) * 4);
  return { pixels: out, width: w, height };
}

function frame(img: Rgba, version: number, flipY = false): Frame {
  return { version, pixels: img.pixels, width: img.width, height: img.height, flipY, capturedAt: 0 };
}

/** Weights kept in memory instead of IndexedDB (not available in Node). */
function memoryStore(): WeightStore & { saved: Map<string, tf.io.ModelArtifacts>; removed: string[] } {
  const saved = new Map<string, tf.io.ModelArtifacts>();
  const removed: string[] = [];
  return {
    saved,
    removed,
    async save(id, artifacts) {
      saved.set(id, artifacts);
    },
    async remove(id) {
      removed.push(id);
      saved.delete(id);
    },
    source(id) {
      const artifacts = saved.get(id);
      if (!artifacts) throw new Error(`nothing stored for ${id}`);
      return tf.io.fromMemory(artifacts);
    }
  };
}

describeFixtures('model engine on the fixture models', () => {
  let labels: string[];
  let bird: Rgba;

  beforeAll(() => {
    configureWasmPaths(resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
    labels = readLabels();
    bird = decodeJpeg('bird.jpg');
  });

  const models = [
    { name: 'v1 0.75 layers', dir: () => FIXTURE_MODELS.v1_075, meta: () => layersMeta('v1-075', labels) },
    { name: 'v1 0.25 layers', dir: () => FIXTURE_MODELS.v1_025, meta: () => layersMeta('v1-025', labels) },
    { name: 'v1 0.25 graph (logits, background class)', dir: () => FIXTURE_MODELS.v1_025_graph, meta: () => graphMeta(labels) }
  ];

  for (const m of models) {
    test(`${m.name}: bird.jpg is a robin with p > 0.9 (cpu)`, async () => {
      const engine = new ModelEngine(tf);
      const loaded = await engine.load(fsHandler(tf, m.dir()), m.meta(), 'cpu');
      expect(loaded.backend).toBe('cpu');
      const p = await engine.predictPixels(bird.pixels, bird.width, bird.height);
      expect(p.top).toHaveLength(5);
      expect(p.top[0].label).toBe(ROBIN);
      expect(p.top[0].probability).toBeGreaterThan(0.9);
      expect(p.top[0].classIndex).toBe(labels.indexOf(ROBIN));
      // The weights hash a sweep run records: SHA-256 of the shards' bytes in the manifest's order.
      const manifest = JSON.parse(readFileSync(join(m.dir(), 'model.json'), 'utf8')).weightsManifest as { paths: string[] }[];
      const sha = createHash('sha256');
      for (const group of manifest) for (const path of group.paths) sha.update(readFileSync(join(m.dir(), path)));
      expect(loaded.weightsHash).toBe(sha.digest('hex'));
      engine.dispose();
    });
  }

  test('flipY frames give the same prediction as the top-down image', async () => {
    const engine = new ModelEngine(tf);
    await engine.load(fsHandler(tf, FIXTURE_MODELS.v1_025), layersMeta('v1-025', labels), 'cpu');
    const upright = await engine.probabilities({ ...bird, flipY: false });
    const flipped = await engine.probabilities({ ...bird, pixels: flipRows(bird), flipY: true });
    const upsideDown = await engine.probabilities({ ...bird, pixels: flipRows(bird), flipY: false });
    const robin = labels.indexOf(ROBIN);
    expect(flipped[robin]).toBeCloseTo(upright[robin], 5);
    // Control: without honouring flipY the upside-down bird scores differently.
    expect(Math.abs(upsideDown[robin] - upright[robin])).toBeGreaterThan(1e-3);
    engine.dispose();
  });

  test('a non-square frame is centre-cropped: black side bands do not change the prediction', async () => {
    const engine = new ModelEngine(tf);
    await engine.load(fsHandler(tf, FIXTURE_MODELS.v1_025), layersMeta('v1-025', labels), 'cpu');
    const padded = padSides(bird, 200); // 1200 x 800, the bird in the middle 800 x 800
    const p = await engine.predict(frame(padded, 1));
    const q = await engine.predict(frame(bird, 2));
    expect(p.top[0].label).toBe(ROBIN);
    expect(p.top[0].probability).toBeCloseTo(q.top[0].probability, 5);
    engine.dispose();
  });

  test('no tensors leak over 200 predictions (v1 0.25 layers and the graph model)', async () => {
    const size = 224;
    const pattern = testPattern(size, size);
    for (const [dir, meta] of [
      [FIXTURE_MODELS.v1_025, layersMeta('v1-025', labels)],
      [FIXTURE_MODELS.v1_025_graph, graphMeta(labels)]
    ] as const) {
      const engine = new ModelEngine(tf);
      const before = tf.memory().numTensors;
      await engine.load(fsHandler(tf, dir), meta, 'wasm');
      const afterLoad = tf.memory().numTensors;
      expect(afterLoad).toBeGreaterThan(before); // the weights
      for (let i = 0; i < 200; i++) await engine.predictPixels(pattern, size, size, i % 2 === 1);
      expect(tf.memory().numTensors).toBe(afterLoad);
      engine.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  test('auto backend choice measures the backends it may use and they agree on the output', async () => {
    const engine = new ModelEngine(tf, { allowedBackends: ['wasm', 'cpu'] });
    const loaded = await engine.load(fsHandler(tf, FIXTURE_MODELS.v1_025), layersMeta('v1-025', labels), 'auto');
    expect(loaded.trials.map((t) => t.backend)).toEqual(['wasm', 'cpu']);
    for (const t of loaded.trials) expect(t.msPerPredict).not.toBeNull();
    expect(loaded.trials[1].maxAbsDiff).toBeLessThanOrEqual(0.02);
    expect(['wasm', 'cpu']).toContain(loaded.backend);
    expect(tf.getBackend()).toBe(loaded.backend);
    const p = await engine.predictPixels(bird.pixels, bird.width, bird.height);
    expect(p.top[0].label).toBe(ROBIN);
    engine.dispose();
  });

  test('forcing WebGL where there is none falls back and says why', async () => {
    const engine = new ModelEngine(tf, { allowedBackends: ['wasm', 'cpu'] });
    const loaded = await engine.load(fsHandler(tf, FIXTURE_MODELS.v1_025), layersMeta('v1-025', labels), 'webgl');
    expect(loaded.trials[0]).toMatchObject({ backend: 'webgl', msPerPredict: null });
    expect(loaded.fallbackReason).toMatch(/WebGL is not available in this worker/);
    expect(loaded.backend).not.toBe('webgl');
    const p = await engine.predictPixels(bird.pixels, bird.width, bird.height);
    expect(p.backend).toBe(loaded.backend);
    expect(p.top[0].label).toBe(ROBIN);
    engine.dispose();
  });

  test('host: import, save, load, and latest frame wins (3 quick frames: the middle one is dropped)', async () => {
    const store = memoryStore();
    const host = createModelHost({ store });
    const analysis = await host.analyseFiles(modelFolderFiles(FIXTURE_MODELS.v1_025));
    const meta: ModelMeta = { ...layersMeta('host-v1-025', labels), ...analysis.suggested, id: 'host-v1-025', labels };
    await host.saveAnalysed(meta);
    expect([...store.saved.keys()]).toEqual(['host-v1-025']);
    const loaded = await host.load(meta, 'cpu');
    expect(loaded.backend).toBe('cpu');

    const [a, b, c] = await Promise.all([host.predict(frame(bird, 1)), host.predict(frame(bird, 2)), host.predict(frame(bird, 3))]);
    expect(a).toMatchObject({ version: 1 });
    expect(a.dropped).toBeFalsy();
    expect(a.top[0].label).toBe(ROBIN);
    expect(b).toMatchObject({ version: 2, dropped: true, top: [] });
    expect(c.dropped).toBeFalsy();
    expect(c.version).toBe(3);
    expect(c.top[0].label).toBe(ROBIN);

    const tensors = await host.numTensors();
    await host.dispose();
    expect(await host.numTensors()).toBeLessThan(tensors);
  });

  test('host: a full disk becomes a plain "[quota-exceeded]" error and only that entry is cleaned up', async () => {
    const store = memoryStore();
    store.save = async () => {
      throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    };
    const host = createModelHost({ store });
    const analysis = await host.analyseFiles(modelFolderFiles(FIXTURE_MODELS.v1_025));
    const meta: ModelMeta = { ...layersMeta('full', labels), ...analysis.suggested, id: 'full' };
    const error = await host.saveAnalysed(meta).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).constructor).toBe(Error); // survives Comlink: no custom class needed
    expect(errorCode((error as Error).message)).toBe('quota-exceeded');
    expect((error as Error).message).toMatch(/^\[quota-exceeded\] Not enough storage space/);
    expect(store.removed).toEqual(['full']);
  });

  test('host: a missing weight file is reported with its code', async () => {
    const host = createModelHost({ store: memoryStore() });
    const files = modelFolderFiles(FIXTURE_MODELS.v1_025).slice(0, -1); // drop the last shard
    const error = await host.analyseFiles(files).catch((e: Error) => e);
    expect(errorCode((error as Error).message)).toBe('missing-shard');
  });
});
