/**
 * Weights in tf.io's IndexedDB database, written by our own store: a save resolves only once committed,
 * writes both records or neither, loads back through tf.io's `indexeddb://`, and the import worker keeps
 * its artifacts for another try.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { createModelHost, indexedDbWeightStore, type WeightStore } from '../../src/lib/workers/host';
import { listWeights, removeWeights, saveWeights, TFJS_DB, weightsCommitted } from '../../src/lib/storage/tfjs-weights';
import { weightsPath } from '../../src/lib/models/ids';
import type { ReadArtifacts } from '../../src/lib/models/artifacts';
import { testMeta } from '../helpers/meta';

async function tinyArtifacts(): Promise<tf.io.ModelArtifacts> {
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [4, 4, 3] }), tf.layers.dense({ units: 2, activation: 'softmax' })]
  });
  let saved!: tf.io.ModelArtifacts;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: {} as never })));
  model.dispose();
  return saved;
}

async function recordsOf(path: string): Promise<{ model: boolean; info: boolean }> {
  const db = await openDB(TFJS_DB);
  try {
    return { model: (await db.get('models_store', path)) !== undefined, info: (await db.get('model_info_store', path)) !== undefined };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  // tf.io routes `indexeddb://` only in a browser (and reads `self.indexedDB`); fake-indexeddb stands
  // in for the browser's store.
  tf.env().set('IS_BROWSER', true);
  (globalThis as { self?: unknown }).self ??= globalThis;
});
afterAll(() => tf.env().set('IS_BROWSER', false));
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('weights in IndexedDB', () => {
  it('a model stored by indexedDbWeightStore loads back through tf.io indexeddb:// and predicts the same', async () => {
    const artifacts = await tinyArtifacts();
    const original = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const store = indexedDbWeightStore(tf);
    await store.save('tiny', artifacts);
    expect(await weightsCommitted(weightsPath('tiny'), (artifacts.weightData as ArrayBuffer).byteLength)).toBe(true);

    const loaded = await tf.loadLayersModel(store.source('tiny') as string);
    const x = tf.randomUniform([1, 4, 4, 3], 0, 1, 'float32', 7);
    const [a, b] = [original.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    original.dispose();
    loaded.dispose();
  });

  it('a save that fails leaves neither record behind (tf.io\'s own save leaves its info record)', async () => {
    const artifacts = await tinyArtifacts();
    const uncloneable = { ...artifacts, userDefinedMetadata: { f: () => 1 } } as never;
    await expect(saveWeights('perturber-bad', uncloneable, tf.io.getModelArtifactsInfoForJSON(artifacts) as never)).rejects.toThrow();
    expect(await recordsOf('perturber-bad')).toEqual({ model: false, info: false });
    expect(await weightsCommitted('perturber-bad')).toBe(false);

    // The same failure through tf.io's handler: the info record stays, without weights.
    await expect(tf.io.getSaveHandlers('indexeddb://perturber-tfio')[0].save!(uncloneable)).rejects.toThrow();
    expect(await recordsOf('perturber-tfio')).toEqual({ model: false, info: true });
  });

  it('lists stored weights by prefix with their dates, and removes both records', async () => {
    const artifacts = await tinyArtifacts();
    const store = indexedDbWeightStore(tf);
    await store.save('one', artifacts);
    await tf.io.getSaveHandlers('indexeddb://someone-else')[0].save!(artifacts);
    const listed = await listWeights('perturber-');
    expect(listed.map((w) => w.modelPath)).toEqual(['perturber-one']);
    expect(Math.abs(Date.now() - listed[0].dateSaved!)).toBeLessThan(60_000);
    await removeWeights('perturber-one');
    expect(await recordsOf('perturber-one')).toEqual({ model: false, info: false });
    await removeWeights('perturber-never-stored'); // not an error
    expect((await listWeights('')).map((w) => w.modelPath)).toEqual(['someone-else']);
  });
});

describe('the import worker keeps its copy until the whole import has committed', () => {
  it('"Add model" can be pressed again after a failure: the second save stores the same weights', async () => {
    const artifacts = await tinyArtifacts();
    const saved = new Map<string, tf.io.ModelArtifacts>();
    let failNext = true;
    const store: WeightStore = {
      async save(id, a) {
        if (failNext) {
          failNext = false;
          throw new Error('the database connection was closed');
        }
        saved.set(id, a);
      },
      remove: async (id) => void saved.delete(id),
      source: (id) => tf.io.fromMemory(saved.get(id)!)
    };
    const read: ReadArtifacts = { artifacts, fileNames: ['model.json', 'weights.bin'], sizeBytes: (artifacts.weightData as ArrayBuffer).byteLength };
    const host = createModelHost({ tf, store, readFiles: async () => read, engineOptions: { allowedBackends: ['cpu'] } });
    const analysis = await host.analyseFiles([]);
    const meta = { ...testMeta({ id: 'again', labels: ['a', 'b'] }), ...analysis.suggested, id: 'again', backend: 'cpu' as const };

    await expect(host.saveAnalysed(meta)).rejects.toThrow('connection was closed');
    await host.saveAnalysed(meta); // pressed again: no new analysis needed
    expect(saved.has('again')).toBe(true);
    // A third time too (e.g. the metadata write failed after the weights were stored and removed).
    await store.remove('again');
    await host.saveAnalysed(meta);
    expect((await host.load(meta, 'cpu')).backend).toBe('cpu');
    await host.dispose();
  });
});
