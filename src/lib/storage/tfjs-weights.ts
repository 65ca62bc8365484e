/**
 * Model weights in tf.io's own IndexedDB database (`tensorflowjs`: `models_store` and
 * `model_info_store`, both keyed by `modelPath`), written and read with `idb` so that:
 * - a save resolves only once its transaction has COMMITTED (tf.io's own `save` resolves when its put
 *   request succeeds, before the commit: a worker that loads at once, or an import worker terminated at
 *   once, can then find nothing — seen on on-disk profiles);
 * - both records are written in ONE transaction (tf.io uses two: a failed commit, e.g. a quota error,
 *   can leave an info record without weights);
 * - the main thread can list and delete weights without loading TF.js.
 * What is written is exactly what tf.io writes, so `tf.loadLayersModel('indexeddb://<path>')` reads it.
 */
import type { IDBPDatabase } from 'idb';
import { openDatabase } from './database';

export const TFJS_DB = 'tensorflowjs';
const TFJS_DB_VERSION = 1;
const MODELS = 'models_store';
const INFO = 'model_info_store';

/** tf.io's ModelArtifactsInfo (dateSaved and byte counts), as it stores it. */
export interface WeightsInfo {
  dateSaved: Date;
  modelTopologyType: 'JSON';
  modelTopologyBytes?: number;
  weightSpecsBytes?: number;
  weightDataBytes?: number;
}

/** A model's artifacts as tf.io keeps them (weightData joined into one ArrayBuffer). */
export interface StoredArtifacts {
  weightData?: ArrayBuffer;
  [key: string]: unknown;
}

/** A fresh connection (never cached: a check must see what other connections committed). */
function open(): Promise<IDBPDatabase> {
  return openDatabase({
    name: TFJS_DB,
    version: TFJS_DB_VERSION,
    holds: 'models',
    // The same stores tf.io creates, so either side may create the database first.
    upgrade(db) {
      if (!db.objectStoreNames.contains(MODELS)) db.createObjectStore(MODELS, { keyPath: 'modelPath' });
      if (!db.objectStoreNames.contains(INFO)) db.createObjectStore(INFO, { keyPath: 'modelPath' });
    }
  });
}

async function withDb<R>(fn: (db: IDBPDatabase) => Promise<R>): Promise<R> {
  const db = await open();
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/**
 * Stores a model's artifacts under `modelPath` (the part after `indexeddb://`) and resolves once the
 * transaction has committed. A failed commit (QuotaExceededError, a closed database) rejects with the
 * browser's error and leaves nothing of this save behind.
 */
export function saveWeights(modelPath: string, artifacts: StoredArtifacts, info: WeightsInfo): Promise<void> {
  return withDb(async (db) => {
    const tx = db.transaction([MODELS, INFO], 'readwrite');
    try {
      // A failed put aborts the transaction; tx.done then rejects with the reason.
      tx.objectStore(INFO).put({ modelPath, modelArtifactsInfo: info }).catch(() => undefined);
      tx.objectStore(MODELS).put({ modelPath, modelArtifacts: artifacts, modelArtifactsInfo: info }).catch(() => undefined);
    } catch (e) {
      // Thrown at once (e.g. a value that cannot be cloned): nothing of this save may commit.
      tx.abort();
      await tx.done.catch(() => undefined);
      throw e;
    }
    await tx.done;
  });
}

/**
 * Whether the weights under `modelPath` are committed and complete, asked on a new connection: a
 * read transaction starts only after every earlier write transaction on the store has finished. Both
 * records are written in one transaction, so the weights' key and the info record's byte count tell,
 * without reading (copying) the weights themselves.
 */
export function weightsCommitted(modelPath: string, expectedBytes?: number): Promise<boolean> {
  return withDb(async (db) => {
    const tx = db.transaction([MODELS, INFO], 'readonly');
    const [key, info] = await Promise.all([
      tx.objectStore(MODELS).getKey(modelPath),
      tx.objectStore(INFO).get(modelPath) as Promise<{ modelArtifactsInfo?: WeightsInfo } | undefined>
    ]);
    if (key === undefined) return false;
    if (expectedBytes === undefined) return true;
    return (info?.modelArtifactsInfo?.weightDataBytes ?? 0) === expectedBytes;
  });
}

/** Stored weight paths starting with `prefix`, with the date each was saved (from the info record). */
export function listWeights(prefix: string): Promise<{ modelPath: string; dateSaved: number | null }[]> {
  return withDb(async (db) => {
    const tx = db.transaction([MODELS, INFO], 'readonly');
    const [paths, infos] = await Promise.all([
      tx.objectStore(MODELS).getAllKeys(),
      tx.objectStore(INFO).getAll() as Promise<{ modelPath: string; modelArtifactsInfo?: WeightsInfo }[]>
    ]);
    const dates = new Map(infos.map((i) => [i.modelPath, dateOf(i.modelArtifactsInfo?.dateSaved)]));
    const all = new Set([...paths.map(String), ...infos.map((i) => i.modelPath)]);
    return [...all].filter((p) => p.startsWith(prefix)).map((modelPath) => ({ modelPath, dateSaved: dates.get(modelPath) ?? null }));
  });
}

function dateOf(value: unknown): number | null {
  const t = value instanceof Date ? value.getTime() : typeof value === 'string' || typeof value === 'number' ? new Date(value).getTime() : NaN;
  return Number.isFinite(t) ? t : null;
}

/** Deletes both records of `modelPath` in one transaction; nothing stored is not an error. */
export function removeWeights(modelPath: string): Promise<void> {
  return withDb(async (db) => {
    const tx = db.transaction([MODELS, INFO], 'readwrite');
    tx.objectStore(MODELS).delete(modelPath).catch(() => undefined);
    tx.objectStore(INFO).delete(modelPath).catch(() => undefined);
    await tx.done;
  });
}
