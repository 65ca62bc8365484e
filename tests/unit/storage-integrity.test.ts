/**
 * Nothing half-stored, nothing lost: an import whose metadata cannot be stored leaves no weights
 * behind; weights nobody refers to are removed at start (once, with a notice); stored records are
 * checked like an import and a bad one is set aside, not dropped; a stored subject that cannot be shown
 * is kept and offered for removal; the database has a version and says so when a newer app wrote it.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { browserModelStorage, ModelsController } from '../../src/lib/pipeline/models-controller.svelte';
import { CaptureHub } from '../../src/lib/scene/capture-hub';
import {
  closeModelStore,
  DB_NAME,
  DB_VERSION,
  listModels,
  ORPHAN_GRACE_MS,
  putModel,
  readRemovedBundled,
  readStoredModels,
  rememberRemovedBundled,
  removeOrphanWeights
} from '../../src/lib/models/store';
import { saveWeights, weightsCommitted } from '../../src/lib/storage/tfjs-weights';
import { weightsPath } from '../../src/lib/models/ids';
import { UserSubjects } from '../../src/lib/scene/subjects/user-subjects.svelte';
import { UserSubjectStore } from '../../src/lib/scene/subjects/user-subject-store';
import { SceneStateStore } from '../../src/lib/state/scene-state.svelte';
import { testMeta } from '../helpers/meta';
import { fakeWorker } from '../helpers/fake-worker';

const info = (dateSaved: Date) => ({ dateSaved, modelTopologyType: 'JSON' as const, weightDataBytes: 4 });
const storeWeights = (id: string, dateSaved = new Date()) =>
  saveWeights(weightsPath(id), { modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(4) }, info(dateSaved));
const committed = (id: string) => weightsCommitted(weightsPath(id));

function controller(storage = browserModelStorage) {
  return new ModelsController(new CaptureHub(), () => fakeWorker().handle, storage);
}

beforeEach(async () => {
  await closeModelStore();
  globalThis.indexedDB = new IDBFactory();
});

describe('an import is all or nothing', () => {
  it('stores the metadata only of weights that are committed, then runs the model', async () => {
    const c = controller();
    await c.init();
    await expect(c.add(testMeta({ id: 'ghost', name: 'Ghost' }))).rejects.toThrow(/weights of "Ghost" are not in storage/);
    expect(await listModels()).toEqual([]);
    expect(c.runners).toEqual([]);

    await storeWeights('real');
    await c.add(testMeta({ id: 'real', name: 'Real' }));
    expect((await listModels()).map((m) => m.id)).toEqual(['real']);
    expect(c.runners.map((r) => r.meta.id)).toEqual(['real']);
    c.stopAll();
  });

  it('when the metadata write fails after the weights were stored, the weights are removed and a retry works', async () => {
    let failures = 1;
    const c = controller({
      ...browserModelStorage,
      put: async (meta) => {
        if (failures-- > 0) throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
        await putModel(meta);
      }
    });
    await c.init();
    await storeWeights('big');
    await expect(c.add(testMeta({ id: 'big', name: 'Big' }))).rejects.toThrow('quota');
    expect(await committed('big')).toBe(false); // no orphan left behind
    expect(c.runners).toEqual([]);

    // "Add model" again: the import worker stores the weights again, then the metadata goes through.
    await storeWeights('big');
    await c.add(testMeta({ id: 'big', name: 'Big' }));
    expect((await listModels()).map((m) => m.id)).toEqual(['big']);
    expect(await committed('big')).toBe(true);
    c.stopAll();
  });
});

describe('orphaned weights', () => {
  it('are removed at start when no metadata refers to them and they are not recent; the user hears it once', async () => {
    const old = new Date(Date.now() - ORPHAN_GRACE_MS - 60_000);
    await storeWeights('orphan', old);
    await storeWeights('kept', old);
    await putModel(testMeta({ id: 'kept', name: 'Kept' }));
    await storeWeights('in-flight'); // an import under way (this or another tab): left alone
    await saveWeights('not-ours', { weightData: new ArrayBuffer(4) }, info(old));

    const first = controller();
    await first.init();
    expect(first.info).toMatch(/Removed the stored weights of 1 unfinished import/);
    expect(await committed('orphan')).toBe(false);
    expect(await committed('kept')).toBe(true);
    expect(await committed('in-flight')).toBe(true);
    expect(await weightsCommitted('not-ours')).toBe(true);
    first.stopAll();

    const second = controller();
    await second.init();
    expect(second.info).toBeNull();
    second.stopAll();
  });

  it('weights of a record that cannot be read are not orphans', async () => {
    await storeWeights('broken', new Date(0));
    await putModel({ ...testMeta({ id: 'broken' }), format: 'onnx' } as never);
    expect(await removeOrphanWeights()).toBe(0);
    expect(await committed('broken')).toBe(true);
  });
});

describe('stored records are checked on load', () => {
  it('a bad record is set aside with its reason, the others run, and Remove deletes it with its weights', async () => {
    await putModel(testMeta({ id: 'good', name: 'Good', addedAt: 1 }));
    await putModel({ ...testMeta({ id: 'odd-labels', name: 'Odd labels', addedAt: 2 }), labels: ['only one'] });
    await putModel({ ...testMeta({ id: 'no-format', name: 'No format', addedAt: 3 }), format: undefined } as never);
    await storeWeights('odd-labels');

    const { models, unreadable } = await readStoredModels();
    expect(models.map((m) => m.id)).toEqual(['good']);
    expect(unreadable).toEqual([
      { key: 'no-format', name: 'No format', reason: 'its format is missing' },
      { key: 'odd-labels', name: 'Odd labels', reason: expect.stringMatching(/1 labels \+ offset 0 = 1 outputs expected, model has 2/) }
    ]);

    const c = controller();
    await c.init();
    expect(c.runners.map((r) => r.meta.id)).toEqual(['good']);
    expect(c.unreadable.map((u) => u.key)).toEqual(['no-format', 'odd-labels']);
    await c.removeUnreadable('odd-labels');
    expect(c.unreadable.map((u) => u.key)).toEqual(['no-format']);
    expect(await committed('odd-labels')).toBe(false);
    expect((await readStoredModels()).unreadable.map((u) => u.key)).toEqual(['no-format']);
    c.stopAll();
  });

  it('a model stored again under the key of a set-aside record (a bundled model reinstalled) clears its notice', async () => {
    await putModel({ ...testMeta({ id: 'bundled-x', name: 'Bundled X' }), labels: ['only one'] });
    const c = controller();
    await c.init();
    expect(c.unreadable.map((u) => u.key)).toEqual(['bundled-x']);
    await storeWeights('bundled-x');
    await c.add(testMeta({ id: 'bundled-x', name: 'Bundled X' }));
    expect(c.unreadable).toEqual([]);
    expect(c.runners.map((r) => r.meta.id)).toEqual(['bundled-x']);
    expect((await readStoredModels()).unreadable).toEqual([]);
    c.stopAll();
  });

  it('a bundled record reads with or without its version; a version that is not a whole number is set aside', async () => {
    const bundled = (id: string, version?: unknown) => ({ ...testMeta({ id }), source: { kind: 'bundled', url: '/models/x/model.json', version } });
    await putModel(bundled('v2', 2) as never);
    await putModel(bundled('no-version') as never);
    await putModel(bundled('odd-version', '2') as never);
    const { models, unreadable } = await readStoredModels();
    expect(models.map((m) => m.id).sort()).toEqual(['no-version', 'v2']);
    expect(unreadable).toEqual([{ key: 'odd-version', name: 'Test net', reason: 'its bundled version is not a whole number' }]);
  });

  it('a record written by an older version without a backend choice reads as "auto"', async () => {
    const { backend: _, ...older } = testMeta({ id: 'older' });
    await putModel(older as never);
    expect((await listModels())[0]).toMatchObject({ id: 'older', backend: 'auto' });
  });
});

describe('database versions', () => {
  it('opens a database of the current version created by an earlier start, records intact', async () => {
    const db = await openDB(DB_NAME, 1, { upgrade: (d) => void d.createObjectStore('models', { keyPath: 'id' }) });
    await db.put('models', testMeta({ id: 'from-v1' }));
    db.close();
    expect(DB_VERSION).toBeGreaterThanOrEqual(1);
    expect((await listModels()).map((m) => m.id)).toEqual(['from-v1']);
  });

  it('a version-1 database is upgraded with a record of removed bundled models, its models intact', async () => {
    const db = await openDB(DB_NAME, 1, { upgrade: (d) => void d.createObjectStore('models', { keyPath: 'id' }) });
    await db.put('models', testMeta({ id: 'from-v1' }));
    db.close();
    expect([...(await readRemovedBundled())]).toEqual([]);
    await rememberRemovedBundled('bundled-x');
    expect([...(await readRemovedBundled())]).toEqual(['bundled-x']);
    expect((await listModels()).map((m) => m.id)).toEqual(['from-v1']);
  });

  it('says plainly when a newer version of the app wrote the database', async () => {
    const db = await openDB(DB_NAME, DB_VERSION + 1, { upgrade: (d) => void d.createObjectStore('models', { keyPath: 'id' }) });
    db.close();
    await expect(listModels()).rejects.toThrow('stored by a newer version of Perturber: reload the page');
  });
});

describe('stored subjects', () => {
  it('a stored glTF that cannot be shown again is kept and offered for removal', async () => {
    const files = new UserSubjectStore('subjects-test');
    await files.save({ kind: 'gltf', name: 'broken.glb', type: 'model/gltf-binary', bytes: new Uint8Array([1, 2, 3]).buffer, savedAt: 1 });
    const scene = new SceneStateStore();
    const users = new UserSubjects(scene, files);
    await users.restore();
    expect(users.unrestorable).toEqual([{ kind: 'gltf', name: 'broken.glb', reason: expect.any(String) }]);
    expect(scene.notices.join(' ')).toMatch(/"broken.glb" could not be shown again .* It is kept/);
    expect((await files.load('gltf'))?.name).toBe('broken.glb'); // not deleted silently

    await users.removeUnrestorable('gltf');
    expect(users.unrestorable).toEqual([]);
    expect(await files.load('gltf')).toBeNull();
  });
});
