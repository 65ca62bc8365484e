/**
 * The one way this app opens its IndexedDB databases, and the one reading of storage errors:
 * - `openDatabase` opens a connection: no IndexedDB and a database written by a newer version of the
 *   app become messages a user can act on; a connection closes itself when another tab opens a newer
 *   version (so that tab's upgrade is not blocked), and the next use reopens.
 * - `lazyDatabase` keeps one connection per database, opened on first use and opened again after it
 *   was closed (another tab's upgrade, the browser terminating it, `close()`).
 * - `isQuotaError` / `storageError` / `quotaExceeded`: a full disk is a 'quota-exceeded'
 *   ModelInputError, anything else "Could not <action>: <reason>".
 * A newly opened database that an older tab still holds open waits (IndexedDB's `blocked`) until that
 * tab closes its connection; every connection opened here does so at once.
 */
import { openDB, type DBSchema, type IDBPDatabase, type OpenDBCallbacks } from 'idb';
import { ModelInputError } from '$lib/protocol';

export interface DatabaseSpec<DB extends DBSchema | unknown> {
  name: string;
  version: number;
  /** What the database holds, for messages: "models", "presets". */
  holds: string;
  /** Creates or migrates the stores from `oldVersion` to `version`. */
  upgrade: NonNullable<OpenDBCallbacks<DB>['upgrade']>;
}

/** A connection that is opened on first use and kept; closed, it reopens on the next use. */
export interface LazyDatabase<DB extends DBSchema | unknown> {
  /** The open connection (opening it if needed). */
  get(): Promise<IDBPDatabase<DB>>;
  /** Closes the connection (tests; another tab's upgrade). The next `get` reopens it. */
  close(): Promise<void>;
}

function errorName(e: unknown): string {
  return e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
}

function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Why opening failed, said so that a user can act: a newer app wrote the database -> reload. */
function openError(e: unknown, holds: string): unknown {
  if (errorName(e) === 'VersionError') {
    return new Error(`The ${holds} were stored by a newer version of Perturber: reload the page to get it.`);
  }
  return e;
}

/**
 * Opens a new connection to the database of `spec`. `onClosed` runs when the connection closes
 * without our asking: another tab opens a newer version (this connection then closes to let it), or
 * the browser terminates it.
 */
export async function openDatabase<DB extends DBSchema | unknown>(
  spec: DatabaseSpec<DB>,
  onClosed: () => void = () => {}
): Promise<IDBPDatabase<DB>> {
  if (typeof indexedDB === 'undefined') {
    throw new Error(`This browser has no IndexedDB: ${spec.holds} cannot be stored.`);
  }
  try {
    return await openDB<DB>(spec.name, spec.version, {
      upgrade: spec.upgrade,
      // Another tab opens a newer version: let it, and reopen on the next use.
      blocking(_current, _blocked, event) {
        (event.target as IDBDatabase | null)?.close();
        onClosed();
      },
      terminated: onClosed
    });
  } catch (e) {
    throw openError(e, spec.holds);
  }
}

/** One connection to the database of `spec`, opened when first asked for (see LazyDatabase). */
export function lazyDatabase<DB extends DBSchema | unknown>(spec: DatabaseSpec<DB>): LazyDatabase<DB> {
  let pending: Promise<IDBPDatabase<DB>> | null = null;
  return {
    get() {
      if (!pending) {
        const opening: Promise<IDBPDatabase<DB>> = openDatabase(spec, () => {
          if (pending === opening) pending = null;
        });
        pending = opening;
        // A failed open is not kept: the next use tries again.
        opening.catch(() => {
          if (pending === opening) pending = null;
        });
      }
      return pending;
    },
    async close() {
      const open = pending;
      pending = null;
      if (open) (await open.catch(() => null))?.close();
    }
  };
}

/** Whether `e` says the browser refused to store more (QuotaExceededError, or a message saying so). */
export function isQuotaError(e: unknown): boolean {
  return errorName(e) === 'QuotaExceededError' || /quota/i.test(reasonOf(e));
}

/** The 'quota-exceeded' error for a storage write that did not fit; `action` as in "save "MobileNet"". */
export function quotaExceeded(action: string): ModelInputError {
  return new ModelInputError(
    `Not enough storage space to ${action}. Remove a model you no longer need, or free space in the browser, then try again.`,
    'quota-exceeded'
  );
}

/**
 * A failed storage write as a user reads it: a full disk -> 'quota-exceeded' (quotaExceeded), anything
 * else "Could not <action>: <reason>". A ModelInputError is already worded for the user: unchanged.
 */
export function storageError(e: unknown, action: string): Error {
  if (e instanceof ModelInputError) return e;
  if (isQuotaError(e)) return quotaExceeded(action);
  return new Error(`Could not ${action}: ${reasonOf(e)}`);
}
