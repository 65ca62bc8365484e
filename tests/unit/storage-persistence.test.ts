import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ModelsController } from '../../src/lib/pipeline/models-controller.svelte';
import { CaptureHub } from '../../src/lib/scene/capture-hub';
import { closeModelStore } from '../../src/lib/models/store';
import { weightsPath } from '../../src/lib/models/ids';
import { PERSISTENCE_TEXT, StoragePersistence, type PersistenceApi } from '../../src/lib/storage/persistence';
import { saveWeights } from '../../src/lib/storage/tfjs-weights';
import { fakeWorker } from '../helpers/fake-worker';
import { testMeta } from '../helpers/meta';

/** A navigator.storage stand-in: `grants` is what persist() answers; counts the calls. */
function fakeStorage(persisted: boolean, grants: boolean | 'throws') {
  const calls = { persisted: 0, persist: 0 };
  let kept = persisted;
  const api: PersistenceApi = {
    persisted: async () => {
      calls.persisted++;
      return kept;
    },
    persist: async () => {
      calls.persist++;
      if (grants === 'throws') throw new Error('not allowed');
      kept = grants;
      return grants;
    }
  };
  return { api, calls };
}

describe('StoragePersistence', () => {
  it('does not ask again when the storage is already persistent', async () => {
    const { api, calls } = fakeStorage(true, false);
    expect(await new StoragePersistence(api).request()).toBe('persistent');
    expect(calls.persist).toBe(0);
  });

  it('asks for persistent storage and reports a grant', async () => {
    const { api, calls } = fakeStorage(false, true);
    const p = new StoragePersistence(api);
    expect(await p.state()).toBe('best-effort');
    expect(await p.request()).toBe('persistent');
    expect(calls.persist).toBe(1);
    expect(await p.state()).toBe('persistent');
  });

  it('reports best-effort storage when the browser says no, and asks only once per page load', async () => {
    const { api, calls } = fakeStorage(false, false);
    const p = new StoragePersistence(api);
    expect(await p.request()).toBe('best-effort');
    expect(await p.request()).toBe('best-effort');
    expect(calls.persist).toBe(1);
  });

  it('treats a refusal that throws as best-effort storage', async () => {
    const { api } = fakeStorage(false, 'throws');
    expect(await new StoragePersistence(api).request()).toBe('best-effort');
  });

  it('says when the browser has no storage manager', async () => {
    expect(await new StoragePersistence(undefined).request()).toBe('unsupported');
    expect(await new StoragePersistence({}).state()).toBe('unsupported');
  });

  it('explains what best-effort storage means for the models', () => {
    expect(PERSISTENCE_TEXT.persistent).toMatch(/^Storage: persistent/);
    expect(PERSISTENCE_TEXT['best-effort']).toMatch(/may be cleared/);
    expect(PERSISTENCE_TEXT['best-effort']).toMatch(/Safari .*7 days/);
  });
});

describe('asking after the first model is stored', () => {
  it('the controller reports a stored model (the page then asks), and not an import that failed', async () => {
    await closeModelStore();
    globalThis.indexedDB = new IDBFactory();
    const { api, calls } = fakeStorage(false, true);
    const persistence = new StoragePersistence(api);
    const c = new ModelsController(new CaptureHub(), () => fakeWorker().handle);
    let asked: Promise<unknown> | null = null;
    c.onStored = () => (asked = persistence.request());
    await c.init();

    await expect(c.add(testMeta({ id: 'ghost', name: 'Ghost' }))).rejects.toThrow(/not in storage/);
    expect(asked).toBeNull();

    await saveWeights(weightsPath('real'), { modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(4) }, {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      weightDataBytes: 4
    });
    await c.add(testMeta({ id: 'real', name: 'Real' }));
    expect(await asked).toBe('persistent');
    expect(calls.persist).toBe(1);
    c.stopAll();
  });
});
