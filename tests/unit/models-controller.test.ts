import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { browserModelStorage, ModelsController } from '../../src/lib/pipeline/models-controller.svelte';
import { CaptureHub } from '../../src/lib/scene/capture-hub';
import { closeModelStore, listModels, putModel, removeModel } from '../../src/lib/models/store';
import { testMeta } from '../helpers/meta';
import { fakeWorker } from '../helpers/fake-worker';

const noWeights = async () => {};

beforeEach(async () => {
  await closeModelStore();
  globalThis.indexedDB = new IDBFactory();
  await putModel(testMeta({ id: 'a', name: 'A', addedAt: 1 }));
  await putModel(testMeta({ id: 'b', name: 'B', addedAt: 2 }));
});

async function started(forget: (id: string) => Promise<void>) {
  const workers: ReturnType<typeof fakeWorker>[] = [];
  const c = new ModelsController(new CaptureHub(), () => {
    const w = fakeWorker();
    workers.push(w);
    return w.handle;
  }, { ...browserModelStorage, forget });
  await c.init();
  await new Promise((r) => setTimeout(r, 0));
  return { c, workers };
}

describe('ModelsController.remove', () => {
  it('keeps the model listed until storage has forgotten it, then stops its worker', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { c, workers } = await started(async (id) => {
      await gate;
      await removeModel(id, noWeights);
    });
    expect(c.runners.map((r) => r.meta.id)).toEqual(['a', 'b']);

    const removal = c.remove('a');
    await new Promise((r) => setTimeout(r, 0));
    // Still stored, so still listed and running: a reload now would show it, and so does the list.
    expect(c.runners.map((r) => r.meta.id)).toEqual(['a', 'b']);
    expect(workers[0].terminated.value).toBe(false);

    release();
    await removal;
    expect(c.runners.map((r) => r.meta.id)).toEqual(['b']);
    expect(workers[0].terminated.value).toBe(true);
    expect((await listModels()).map((m) => m.id)).toEqual(['b']);
  });

  it('when storage refuses, the model stays listed and running, and the error reaches the caller', async () => {
    const { c, workers } = await started(async () => {
      throw new Error('Could not delete the stored weights: the browser refused');
    });
    await expect(c.remove('b')).rejects.toThrow('browser refused');
    expect(c.runners.map((r) => r.meta.id)).toEqual(['a', 'b']);
    expect(c.runners[1].status).toBe('ready');
    expect(workers[1].terminated.value).toBe(false);
    expect((await listModels()).map((m) => m.id)).toEqual(['a', 'b']);
  });
});

describe('ModelsController.setPreprocessing', () => {
  it('stores the new convention and reloads the model in a fresh worker with it', async () => {
    const { c, workers } = await started((id) => removeModel(id, noWeights));
    await c.setPreprocessing('a', { preprocess: { kind: 'caffe' }, outputKind: 'logits' });
    expect(workers[0].terminated.value).toBe(true);
    const fresh = workers[workers.length - 1];
    expect(fresh.loadedMeta[0]).toMatchObject({ id: 'a', preprocess: { kind: 'caffe' }, outputKind: 'logits' });
    expect(c.runners[0].status).toBe('ready');
    expect(c.runners[0].meta.preprocess).toEqual({ kind: 'caffe' });
    const stored = (await listModels()).find((m) => m.id === 'a');
    expect(stored).toMatchObject({ preprocess: { kind: 'caffe' }, outputKind: 'logits' });
    // The other model is untouched.
    expect(workers[1].terminated.value).toBe(false);
  });
});
