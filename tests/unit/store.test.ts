import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  closeModelStore,
  getModel,
  listModels,
  newModelId,
  putModel,
  removeModel,
  updateModel
} from '../../src/lib/models/store';
import { slugify } from '../../src/lib/models/ids';
import { ModelInputError, type ModelMeta } from '../../src/lib/protocol';

function meta(id: string, addedAt: number, extra: Partial<ModelMeta> = {}): ModelMeta {
  return {
    id,
    name: `Model ${id}`,
    format: 'layers',
    inputSize: [224, 224],
    preprocess: { kind: 'range11' },
    outputKind: 'probabilities',
    classOffset: 0,
    numOutputs: 3,
    labels: ['a', 'b', 'c'],
    sizeBytes: 1234,
    source: { kind: 'files', fileNames: ['model.json'] },
    addedAt,
    backend: 'auto',
    ...extra
  };
}

const ids = async () => (await listModels()).map((m) => m.id);
const noWeights = async () => {};

beforeEach(async () => {
  await closeModelStore();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => closeModelStore());

describe('model store', () => {
  it('lists stored models oldest first and reads one back unchanged', async () => {
    await putModel(meta('late', 300));
    await putModel(meta('early', 100));
    await putModel(meta('middle', 200, { preprocess: { kind: 'meanstd', mean: [0.5, 0.4, 0.3], std: [0.2, 0.2, 0.2] } }));
    expect(await ids()).toEqual(['early', 'middle', 'late']);
    expect(await getModel('middle')).toEqual(
      meta('middle', 200, { preprocess: { kind: 'meanstd', mean: [0.5, 0.4, 0.3], std: [0.2, 0.2, 0.2] } })
    );
    expect(await getModel('missing')).toBeUndefined();
  });

  it('keeps metadata across connections (a reload)', async () => {
    await putModel(meta('kept', 1));
    await closeModelStore();
    expect(await ids()).toEqual(['kept']);
  });

  it('replaces a model with the same id instead of duplicating it', async () => {
    await putModel(meta('m', 1));
    await putModel(meta('m', 1, { name: 'Renamed' }));
    const all = await listModels();
    expect(all).toHaveLength(1);
    expect(all[0].name).toBe('Renamed');
  });

  it('removes one model and its weights, keeping the others', async () => {
    await putModel(meta('a', 1));
    await putModel(meta('b', 2));
    await putModel(meta('c', 3));
    const removedWeights: string[] = [];
    await removeModel('b', async (id) => void removedWeights.push(id));
    expect(await ids()).toEqual(['a', 'c']);
    expect(removedWeights).toEqual(['b']);
    expect((await getModel('a'))?.name).toBe('Model a');
  });

  it('keeps a model listed when its weights could not be deleted, so removal can be retried', async () => {
    await putModel(meta('a', 1));
    await expect(
      removeModel('a', async () => {
        throw new Error('disk on fire');
      })
    ).rejects.toThrow(/Could not delete the stored weights: disk on fire/);
    expect(await ids()).toEqual(['a']);
    await removeModel('a', noWeights);
    expect(await ids()).toEqual([]);
  });

  it('a failed put leaves the previous list intact', async () => {
    await putModel(meta('a', 1));
    await putModel(meta('b', 2));
    // A value IndexedDB cannot store (a function) makes the write fail inside its transaction.
    const broken = { ...meta('b', 2, { name: 'Broken' }), onLoad: () => 1 } as unknown as ModelMeta;
    await expect(putModel(broken)).rejects.toThrow(/Could not save "Broken"/);
    await expect(putModel(meta('', 3))).rejects.toThrow(/no id/);
    const all = await listModels();
    expect(all.map((m) => [m.id, m.name])).toEqual([
      ['a', 'Model a'],
      ['b', 'Model b']
    ]);
  });

  it('reports a full disk as a quota error and leaves the stored entry as it was', async () => {
    await putModel(meta('a', 1));
    const proto = globalThis.IDBObjectStore.prototype;
    const original = proto.put;
    proto.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const error = await putModel(meta('a', 1, { name: 'Bigger' })).catch((e) => e);
      expect(error).toBeInstanceOf(ModelInputError);
      expect(error.code).toBe('quota-exceeded');
      expect(error.message).toMatch(/Not enough storage space to save "Bigger"/);
    } finally {
      proto.put = original;
    }
    expect((await getModel('a'))?.name).toBe('Model a');
  });

  it('updates some fields of a stored model, e.g. the measured backend', async () => {
    await putModel(meta('a', 1));
    const measured = { backend: 'wasm' as const, trials: [{ backend: 'wasm' as const, msPerPredict: 73 }], at: 5, userAgent: 'test' };
    const next = await updateModel('a', { measured, backend: 'wasm' });
    expect(next.measured).toEqual(measured);
    expect(await getModel('a')).toEqual({ ...meta('a', 1), measured, backend: 'wasm' });
    await expect(updateModel('nope', { name: 'x' })).rejects.toThrow(/no stored model has id "nope"/);
    expect(await ids()).toEqual(['a']);
  });

  it('makes url-safe ids that do not clash with stored ones', async () => {
    const id = await newModelId('MobileNet v1 (0.25) — “Tiny” é');
    expect(id).toMatch(/^mobilenet-v1-0-25-tiny-e-[a-z0-9]{6}$/);
    expect(encodeURIComponent(id)).toBe(id);
    const made = new Set<string>();
    for (let i = 0; i < 200; i++) made.add(await newModelId('Same name'));
    expect(made.size).toBe(200);
    expect(slugify('%%%')).toBe('');
    expect(await newModelId('%%%')).toMatch(/^model-[a-z0-9]{6}$/);
  });
});
