/**
 * The model store: metadata of imported models in our own IndexedDB database (`perturber`, store
 * `models`, keyed by id). The weights are saved by the model worker under `indexeddb://perturber-<id>`
 * (tf.io's own database); removing a model removes both.
 * Every write is one IndexedDB transaction: a failed write leaves the stored entries as they were.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { ModelMeta } from '$lib/protocol';
import { idOfWeightsPath, newModelId as makeId, weightsPath, WEIGHTS_PREFIX } from './ids';
import { readStoredMeta } from './stored-meta';
import { lazyDatabase, storageError } from '../storage/database';
import { listWeights, removeWeights } from '../storage/tfjs-weights';

export { weightsUrl } from './ids';

export const DB_NAME = 'perturber';
const STORE = 'models';

const REMOVED_BUNDLED = 'removedBundled';

/** A bundled model the user removed: it is not installed again until "Restore bundled models". */
export interface RemovedBundled {
  id: string;
  removedAt: number;
}

interface PerturberDB extends DBSchema {
  models: { key: string; value: ModelMeta };
  removedBundled: { key: string; value: RemovedBundled };
}

type UpgradeTx = IDBPTransaction<PerturberDB, StoreNames<PerturberDB>[], 'versionchange'>;

/**
 * The migration path: step i brings a database from version i to i + 1, so a profile of any older
 * version reaches the current one step by step. Add a step (never edit a shipped one) to change the
 * stores; record-level changes go to stored-meta.ts.
 */
const MIGRATIONS: ((db: IDBPDatabase<PerturberDB>, tx: UpgradeTx) => void)[] = [
  // 0 -> 1: model metadata keyed by id.
  (db) => {
    db.createObjectStore(STORE, { keyPath: 'id' });
  },
  // 1 -> 2: the ids of bundled models the user removed.
  (db) => {
    db.createObjectStore(REMOVED_BUNDLED, { keyPath: 'id' });
  }
];
export const DB_VERSION = MIGRATIONS.length;

const database = lazyDatabase<PerturberDB>({
  name: DB_NAME,
  version: DB_VERSION,
  holds: 'models',
  upgrade(db, oldVersion, _newVersion, tx) {
    for (let v = oldVersion; v < DB_VERSION; v++) MIGRATIONS[v](db, tx);
  }
});

const db = (): Promise<IDBPDatabase<PerturberDB>> => database.get();

/** Closes the connection (tests; another tab's upgrade). The next call reopens it. */
export function closeModelStore(): Promise<void> {
  return database.close();
}

/** A stored record that could not be read as model metadata (set aside, offered for removal). */
export interface UnreadableModel {
  /** The record's key: what removing it deletes (with the weights stored under it). */
  key: string;
  name: string | null;
  reason: string;
}

/** Every stored record: the models that pass the import checks, oldest first, and those that do not. */
export async function readStoredModels(): Promise<{ models: ModelMeta[]; unreadable: UnreadableModel[] }> {
  const models: ModelMeta[] = [];
  const unreadable: UnreadableModel[] = [];
  let cursor = await (await db()).transaction(STORE).store.openCursor();
  while (cursor) {
    const key = String(cursor.key);
    const read = readStoredMeta(cursor.value);
    if (read.ok && read.meta.id === key) models.push(read.meta);
    else unreadable.push({ key, name: read.ok ? read.meta.name : read.name, reason: read.ok ? 'its id does not match its key' : read.reason });
    cursor = await cursor.continue();
  }
  models.sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
  return { models, unreadable };
}

/** The stored models that can be read, oldest first. */
export async function listModels(): Promise<ModelMeta[]> {
  return (await readStoredModels()).models;
}

export async function getModel(id: string): Promise<ModelMeta | undefined> {
  return (await db()).get(STORE, id);
}

/** Adds or replaces a model's metadata (one transaction: on failure the previous entry stays). */
export async function putModel(meta: ModelMeta): Promise<void> {
  if (!meta || typeof meta.id !== 'string' || meta.id === '') {
    throw new Error('Could not save the model: it has no id.');
  }
  try {
    const tx = (await db()).transaction(STORE, 'readwrite');
    await Promise.all([tx.store.put(meta), tx.done]);
  } catch (e) {
    throw storageError(e, `save "${meta.name}"`);
  }
}

/**
 * Changes some fields of a stored model in one transaction (e.g. `measured`, `backend`, `name`);
 * returns the updated metadata. Throws when the model is not stored.
 */
export async function updateModel(
  id: string,
  patch: Partial<Omit<ModelMeta, 'id'>>
): Promise<ModelMeta> {
  try {
    const tx = (await db()).transaction(STORE, 'readwrite');
    const current = await tx.store.get(id);
    if (!current) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new Error(`Could not update the model: no stored model has id "${id}".`);
    }
    const next: ModelMeta = { ...current, ...patch, id };
    await Promise.all([tx.store.put(next), tx.done]);
    return next;
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('Could not update')) throw e;
    throw storageError(e, 'update the model');
  }
}

/** Deletes a model's stored weights; a model that has no stored weights is not an error. */
export function removeStoredWeights(id: string): Promise<void> {
  return removeWeights(weightsPath(id));
}

/** Weights younger than this may belong to an import still under way (in this or another tab). */
export const ORPHAN_GRACE_MS = 2 * 60_000;

/**
 * Removes stored `perturber-*` weights that no metadata record refers to (an import interrupted between
 * storing the weights and the metadata), except recent ones. Returns how many were removed.
 */
export async function removeOrphanWeights(now = Date.now()): Promise<number> {
  const keys = new Set((await (await db()).getAllKeys(STORE)).map(String));
  const orphans = (await listWeights(WEIGHTS_PREFIX)).filter(({ modelPath, dateSaved }) => {
    const id = idOfWeightsPath(modelPath);
    return id !== null && !keys.has(id) && (dateSaved === null || now - dateSaved > ORPHAN_GRACE_MS);
  });
  for (const { modelPath } of orphans) await removeWeights(modelPath);
  return orphans.length;
}

/**
 * Removes a model: first its weights (so a failure leaves it listed and removable again), then its
 * metadata. Other models are untouched. `deleteWeights` is replaceable for tests.
 */
export async function removeModel(
  id: string,
  deleteWeights: (id: string) => Promise<void> = removeStoredWeights
): Promise<void> {
  try {
    await deleteWeights(id);
  } catch (e) {
    throw storageError(e, 'delete the stored weights');
  }
  try {
    const tx = (await db()).transaction(STORE, 'readwrite');
    await Promise.all([tx.store.delete(id), tx.done]);
  } catch (e) {
    throw storageError(e, 'remove the model');
  }
}

/** The ids of the bundled models the user removed. */
export async function readRemovedBundled(): Promise<Set<string>> {
  return new Set((await (await db()).getAllKeys(REMOVED_BUNDLED)).map(String));
}

/** Remembers that the user removed the bundled model `id` (before its weights and metadata go). */
export async function rememberRemovedBundled(id: string, now = Date.now()): Promise<void> {
  try {
    const tx = (await db()).transaction(REMOVED_BUNDLED, 'readwrite');
    await Promise.all([tx.store.put({ id, removedAt: now }), tx.done]);
  } catch (e) {
    throw storageError(e, 'remember the removal');
  }
}

/** Forgets every removal of a bundled model ("Restore bundled models"). */
export async function forgetRemovedBundled(): Promise<void> {
  try {
    const tx = (await db()).transaction(REMOVED_BUNDLED, 'readwrite');
    await Promise.all([tx.store.clear(), tx.done]);
  } catch (e) {
    throw storageError(e, 'restore the bundled models');
  }
}

/** A new unique, url-safe id for a model called `name` (checked against the stored ids). */
export async function newModelId(name: string): Promise<string> {
  const taken = new Set(await (await db()).getAllKeys(STORE));
  return makeId(name, taken);
}

export { storageEstimate, type StorageEstimate } from '../storage/estimate';
