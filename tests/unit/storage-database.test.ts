/**
 * The one way the app opens IndexedDB (storage/database): every store lets another tab upgrade its
 * database and then says to reload, reopens after its connection was closed, is retried after a failed
 * open, and reports a full disk as 'quota-exceeded'.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB, type IDBPDatabase } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeModelStore, DB_NAME, DB_VERSION, listModels, putModel } from '../../src/lib/models/store';
import { PRESETS_DB, PresetStore } from '../../src/lib/state/presets';
import { SUBJECTS_DB, UserSubjectStore } from '../../src/lib/scene/subjects/user-subject-store';
import {
  cacheFeatureVis,
  cachedFeatureVis,
  closeInspectStore,
  INSPECT_DB_NAME,
  listChannelSets,
  saveChannelSet
} from '../../src/lib/storage/inspect-store';
import { storageError } from '../../src/lib/storage/database';
import { ModelInputError, type FeatureVisResult } from '../../src/lib/protocol';
import { defaultState } from '../../src/lib/state/schema';
import { testMeta } from '../helpers/meta';

const presets = new PresetStore();
const subjects = new UserSubjectStore();

beforeEach(async () => {
  await Promise.all([closeModelStore(), closeInspectStore(), presets.close(), subjects.close()]);
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => Promise.all([closeModelStore(), closeInspectStore(), presets.close(), subjects.close()]));

/** Each store, used once (so that it holds a connection) and used again. */
const stores = [
  { name: 'models', db: DB_NAME, version: DB_VERSION, use: () => listModels() },
  { name: 'presets', db: PRESETS_DB, version: 1, use: () => presets.list() },
  { name: 'imported subjects', db: SUBJECTS_DB, version: 1, use: () => subjects.load('photo') },
  { name: 'channel sets and feature visualisations', db: INSPECT_DB_NAME, version: 1, use: () => listChannelSets() }
];

const featureVis = (first: number): FeatureVisResult => ({
  width: 1,
  height: 1,
  pixels: Uint8Array.from([first, 2, 3, 255]),
  trace: [0.1],
  cancelled: false,
  ms: 5,
  backend: 'cpu'
});

describe('every store opens its database the same way', () => {
  it.each(stores)('the $name store lets another tab upgrade its database, then says to reload', async ({ name, db, version, use }) => {
    await use();
    // A newer version of the app in another tab: its open is blocked unless this tab lets go.
    const newer = await new Promise<IDBPDatabase>((resolve, reject) => {
      openDB(db, version + 1, { blocked: () => reject(new Error(`the ${name} store blocked the upgrade`)) }).then(resolve, reject);
    });
    newer.close();
    await expect(use()).rejects.toThrow(`The ${name} were stored by a newer version of Perturber: reload the page to get it.`);
  });

  it('a store reopens after its connection was closed, with what it held', async () => {
    await saveChannelSet({ name: 'eyes', layer: 'conv1', channels: [3, 7] });
    await presets.save('kept', defaultState());
    await putModel(testMeta({ id: 'kept' }));
    await Promise.all([closeInspectStore(), presets.close(), closeModelStore()]);
    expect(await listChannelSets()).toEqual([{ name: 'eyes', layer: 'conv1', channels: [3, 7] }]);
    expect((await presets.list()).map((p) => p.name)).toEqual(['kept']);
    expect((await listModels()).map((m) => m.id)).toEqual(['kept']);
  });

  it('says when the browser has no IndexedDB, and works once it has', async () => {
    const factory = globalThis.indexedDB;
    globalThis.indexedDB = undefined as unknown as IDBFactory;
    try {
      await expect(presets.list()).rejects.toThrow('This browser has no IndexedDB: presets cannot be stored.');
      await expect(listModels()).rejects.toThrow('This browser has no IndexedDB: models cannot be stored.');
    } finally {
      globalThis.indexedDB = factory;
    }
    // The failed open is not kept.
    expect(await presets.list()).toEqual([]);
    expect(await listModels()).toEqual([]);
  });
});

describe('storage errors', () => {
  it('a full disk while caching a feature visualisation is a quota error, and the cached one stays', async () => {
    await cacheFeatureVis('k', featureVis(1));
    const proto = globalThis.IDBObjectStore.prototype;
    const original = proto.put;
    proto.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const error = await cacheFeatureVis('k', featureVis(9)).catch((e) => e);
      expect(error).toBeInstanceOf(ModelInputError);
      expect(error.code).toBe('quota-exceeded');
      expect(error.message).toMatch(/^Not enough storage space to keep the feature visualisation\. /);
    } finally {
      proto.put = original;
    }
    expect([...(await cachedFeatureVis('k'))!.pixels]).toEqual([1, 2, 3, 255]);
  });

  it('reads a quota error by its name or its message; anything else says what could not be done', () => {
    const byName = storageError(new DOMException('disk full', 'QuotaExceededError'), 'save "A"');
    const byMessage = storageError(new Error('The quota has been exceeded.'), 'save "B"');
    expect([byName, byMessage].map((e) => (e as ModelInputError).code)).toEqual(['quota-exceeded', 'quota-exceeded']);
    expect(byMessage.message).toMatch(/^Not enough storage space to save "B"\. Remove a model/);

    const other = storageError(new DOMException('bad value', 'DataCloneError'), 'save "C"');
    expect(other).not.toBeInstanceOf(ModelInputError);
    expect(other.message).toBe('Could not save "C": bad value');

    const worded = new ModelInputError('Already said.', 'too-large');
    expect(storageError(worded, 'save "D"')).toBe(worded);
  });
});
