/**
 * The model store: metadata of imported models in our own IndexedDB database (`perturber`, store
 * `models`, keyed by id). The weights are saved by the model worker under `indexeddb://perturber-<id>`
 * (tf.io's own database); removing a model removes both.
 * Every write is one IndexedDB transaction: a failed write leaves the stored entries as they were.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ModelInputError, type ModelMeta } from './types';
import { newModelId as makeId, weightsUrl } from './ids';

export { weightsUrl } from './ids';

export const DB_NAME = 'perturber';
export const DB_VERSION = 1;
const STORE = 'models';

interface PerturberDB extends DBSchema {
  models: { key: string; value: ModelMeta };
}

let dbPromise: Promise<IDBPDatabase<PerturberDB>> | null = null;

function db(): Promise<IDBPDatabase<PerturberDB>> {
  if (typeof indexedDB === 'undefined') {
    return Promise.reject(new Error('This browser has no IndexedDB: models cannot be stored.'));
  }
  dbPromise ??= openDB<PerturberDB>(DB_NAME, DB_VERSION, {
    upgrade(database) {
      if (!database.objectStoreNames.contains(STORE)) database.createObjectStore(STORE, { keyPath: 'id' });
    },
    // Another tab upgrades the database: let it, and reopen on the next call.
    blocking() {
      void closeModelStore();
    }
  }).catch((e) => {
    dbPromise = null;
    throw e;
  });
  return dbPromise;
}

/** Closes the connection (tests; another tab's upgrade). The next call reopens it. */
export async function closeModelStore(): Promise<void> {
  const pending = dbPromise;
  dbPromise = null;
  if (pending) (await pending.catch(() => null))?.close();
}

function errorName(e: unknown): string {
  return e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
}

/** Turns storage errors into messages a user can act on; QuotaExceededError -> 'quota-exceeded'. */
export function storageError(e: unknown, action: string): Error {
  if (e instanceof ModelInputError) return e;
  if (errorName(e) === 'QuotaExceededError') {
    return new ModelInputError(
      `Not enough storage space to ${action}. Remove a model you no longer need, or free space in the browser, then try again.`,
      'quota-exceeded'
    );
  }
  const detail = e instanceof Error ? e.message : String(e);
  return new Error(`Could not ${action}: ${detail}`);
}

/** All stored models, oldest first. */
export async function listModels(): Promise<ModelMeta[]> {
  const all = await (await db()).getAll(STORE);
  return all.sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
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

/** Deletes the weights stored by tf.io; a model that has no stored weights is not an error. */
export async function removeStoredWeights(id: string): Promise<void> {
  try {
    // Loaded on demand: listing models should not pull TF.js into the main bundle's start-up.
    const { io } = await import('@tensorflow/tfjs-core');
    await io.removeModel(weightsUrl(id));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // tf.io says "Cannot find model with path ..." when nothing is stored under that URL.
    if (/Cannot find model with path/i.test(message)) return;
    throw e;
  }
}

/**
 * Removes a model: first its weights (so a failure leaves it listed and removable again), then its
 * metadata. Other models are untouched. `removeWeights` is replaceable for tests.
 */
export async function removeModel(
  id: string,
  removeWeights: (id: string) => Promise<void> = removeStoredWeights
): Promise<void> {
  try {
    await removeWeights(id);
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

/** A new unique, url-safe id for a model called `name` (checked against the stored ids). */
export async function newModelId(name: string): Promise<string> {
  const taken = new Set(await (await db()).getAllKeys(STORE));
  return makeId(name, taken);
}

export interface StorageEstimate {
  usageBytes: number;
  quotaBytes: number;
}

/** How much the origin stores and may store, when the browser tells (navigator.storage.estimate). */
export async function storageEstimate(): Promise<StorageEstimate | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
  try {
    const { usage, quota } = await navigator.storage.estimate();
    if (typeof usage !== 'number' || typeof quota !== 'number') return null;
    return { usageBytes: usage, quotaBytes: quota };
  } catch {
    return null;
  }
}
