/**
 * Sweep runs in IndexedDB (database `perturber-experiments`, its own like presets' and subjects'):
 * store `runs` holds each run record by id, store `rows` its rows keyed [run, point, model], so a cell
 * has at most one row (redoing it replaces it) and rows are appended in chunks, each chunk one
 * transaction together with the run's updatedAt. A failed write (a full disk: the project's quota
 * message) aborts its transaction and leaves everything stored before it as it was.
 * The status reported is what the rows allow (results.ts settledStatus): a run this store is not
 * running is never 'running', and never 'complete' unless every cell has its row.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { lazyDatabase, storageError, type LazyDatabase } from '$lib/storage/database';
import { MAX_NAME_LENGTH } from './definition';
import { cellCount, isCellOf } from './points';
import { dedupeRows, settledStatus, type ResultRow, type RunRecord, type RunStatus } from './results';

export const EXPERIMENTS_DB = 'perturber-experiments';
/** Rows written per transaction when appending. */
export const ROW_CHUNK = 500;

type StoredRow = ResultRow & { run: string };

interface ExperimentsDb extends DBSchema {
  runs: { key: string; value: RunRecord };
  rows: { key: [string, number, string]; value: StoredRow };
  thumbnails: { key: [string, number]; value: StoredThumbnail };
}

/** A small image of a point's frame (JPEG bytes), for the plots' hover. */
export interface PointThumbnail {
  point: number;
  type: string;
  bytes: ArrayBuffer;
}
type StoredThumbnail = PointThumbnail & { run: string };

/** A run as the runs list shows it. */
export interface RunSummary {
  id: string;
  name: string;
  status: RunStatus;
  createdAt: number;
  updatedAt: number;
  rows: number;
  cells: number;
}

/** Step i brings the database from version i to i + 1; add steps, never edit a shipped one. */
const MIGRATIONS: ((db: IDBPDatabase<ExperimentsDb>) => void)[] = [
  (db) => {
    db.createObjectStore('runs', { keyPath: 'id' });
    db.createObjectStore('rows', { keyPath: ['run', 'point', 'model'] });
  },
  (db) => {
    db.createObjectStore('thumbnails', { keyPath: ['run', 'point'] });
  }
];

/** Every key [run, …] of one run: arrays sort after numbers and strings. */
const rowsOf = (id: string) => IDBKeyRange.bound([id], [id, []]);

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted.
  }
}

export function checkRunName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name === '') throw new Error('Give the run a name.');
  if (name.length > MAX_NAME_LENGTH) throw new Error(`A run's name may be at most ${MAX_NAME_LENGTH} characters (this one has ${name.length}).`);
  return name;
}

export class RunStore {
  private readonly database: LazyDatabase<ExperimentsDb>;
  /** Runs this store is running now (created and not yet settled): only these report 'running'. */
  private readonly live = new Set<string>();

  constructor(dbName = EXPERIMENTS_DB) {
    this.database = lazyDatabase<ExperimentsDb>({
      name: dbName,
      version: MIGRATIONS.length,
      holds: 'experiment runs',
      upgrade(db, oldVersion) {
        for (let v = oldVersion; v < MIGRATIONS.length; v++) MIGRATIONS[v](db);
      }
    });
  }

  private open(): Promise<IDBPDatabase<ExperimentsDb>> {
    return this.database.get();
  }

  close(): Promise<void> {
    return this.database.close();
  }

  private async write<T>(action: string, body: (db: IDBPDatabase<ExperimentsDb>) => Promise<T>): Promise<T> {
    try {
      return await body(await this.open());
    } catch (e) {
      throw storageError(e, action);
    }
  }

  /** Stores a new run (or a resumed one's record) and counts it as running here until `settle`. */
  async start(run: RunRecord): Promise<void> {
    const record: RunRecord = { ...run, name: checkRunName(run.name), status: 'running' };
    await this.write(`save the run "${record.name}"`, async (db) => {
      const tx = db.transaction('runs', 'readwrite');
      await Promise.all([tx.store.put(record), tx.done]);
    });
    this.live.add(run.id);
  }

  /**
   * Appends rows in chunks of ROW_CHUNK, each one transaction; a failed chunk keeps the earlier ones.
   * Rows that are not cells of the run's sweep are refused before anything is written.
   */
  async appendRows(id: string, rows: readonly ResultRow[], now = Date.now()): Promise<void> {
    const stored = await (await this.open()).get('runs', id);
    const foreign = stored ? rows.find((row) => !isCellOf(stored.definition, row)) : undefined;
    if (foreign) throw new Error(`Could not save the sweep results: point ${foreign.point} on model "${foreign.model}" is not part of the run "${stored!.name}".`);
    for (let i = 0; i < rows.length; i += ROW_CHUNK) {
      const chunk = rows.slice(i, i + ROW_CHUNK);
      await this.write('save the sweep results', async (db) => {
        const tx = db.transaction(['runs', 'rows'], 'readwrite');
        const run = await tx.objectStore('runs').get(id);
        if (!run) {
          tx.abort();
          await tx.done.catch(() => undefined);
          throw new Error(`no stored run has id "${id}"`);
        }
        const pending: Promise<unknown>[] = [];
        try {
          const store = tx.objectStore('rows');
          for (const row of chunk) pending.push(store.put({ ...row, run: id }));
          pending.push(tx.objectStore('runs').put({ ...run, updatedAt: now }));
          await Promise.all([...pending, tx.done]);
        } catch (e) {
          // A put that throws at once (a full disk) would otherwise let the chunk's earlier puts commit.
          for (const p of pending) p.catch(() => undefined);
          abortQuietly(tx);
          await tx.done.catch(() => undefined);
          throw e;
        }
      });
    }
  }

  /** Ends a run: stores the status its rows allow ('complete' only when every cell is there). */
  async settle(id: string, ending: 'finished' | 'cancelled', now = Date.now()): Promise<RunStatus> {
    const status = await this.write('save the run status', async (db) => {
      const tx = db.transaction(['runs', 'rows'], 'readwrite');
      const run = await tx.objectStore('runs').get(id);
      if (!run) throw new Error(`no stored run has id "${id}"`);
      const rows = await tx.objectStore('rows').getAll(rowsOf(id));
      const settled = settledStatus(run.definition, rows, ending);
      await Promise.all([tx.objectStore('runs').put({ ...run, status: settled, updatedAt: now }), tx.done]);
      return settled;
    });
    this.live.delete(id);
    return status;
  }

  private reported(run: RunRecord, rows: readonly ResultRow[]): RunStatus {
    if (this.live.has(run.id)) return 'running';
    return settledStatus(run.definition, rows, 'stored', run.status);
  }

  /**
   * Every stored run, newest first. Rows are counted, not read: appendRows stores only cells of the
   * sweep, one row per cell, so a run has every cell exactly when its count is its cell count.
   */
  async list(): Promise<RunSummary[]> {
    const db = await this.open();
    const runs = await db.getAll('runs');
    const out: RunSummary[] = [];
    for (const run of runs) {
      const rows = await db.count('rows', rowsOf(run.id));
      const cells = cellCount(run.definition);
      const status: RunStatus = this.live.has(run.id) ? 'running' : rows === cells ? 'complete' : run.status === 'cancelled' ? 'cancelled' : 'partial';
      out.push({ id: run.id, name: run.name, status, createdAt: run.createdAt, updatedAt: run.updatedAt, rows, cells });
    }
    return out.sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
  }

  /** Every stored run's id, name, definition name and date (no rows read). */
  async listWithDefinitions(): Promise<{ id: string; name: string; definitionName: string; createdAt: number }[]> {
    const runs = await (await this.open()).getAll('runs');
    return runs.map((r) => ({ id: r.id, name: r.name, definitionName: r.definition.name, createdAt: r.createdAt }));
  }

  /** A run and its rows in run order; undefined when there is none. */
  async get(id: string): Promise<{ run: RunRecord; rows: ResultRow[] } | undefined> {
    const db = await this.open();
    const run = await db.get('runs', id);
    if (!run) return undefined;
    const stored = await db.getAll('rows', rowsOf(id));
    const rows = dedupeRows(run.definition, stored).map(({ run: _run, ...row }) => row as ResultRow);
    return { run: { ...run, status: this.reported(run, stored) }, rows };
  }

  async rename(id: string, name: string): Promise<RunRecord> {
    const checked = checkRunName(name);
    return this.write('rename the run', async (db) => {
      const tx = db.transaction('runs', 'readwrite');
      const run = await tx.store.get(id);
      if (!run) throw new Error(`no stored run has id "${id}"`);
      const next = { ...run, name: checked };
      await Promise.all([tx.store.put(next), tx.done]);
      return next;
    });
  }

  /** Stores thumbnails of points' frames (one transaction; a point's later thumbnail replaces it). */
  async saveThumbnails(id: string, thumbnails: readonly PointThumbnail[]): Promise<void> {
    if (thumbnails.length === 0) return;
    await this.write('save the sweep thumbnails', async (db) => {
      const tx = db.transaction('thumbnails', 'readwrite');
      await Promise.all([...thumbnails.map((t) => tx.store.put({ ...t, run: id })), tx.done]);
    });
  }

  /** A small image (data URL) of a point's frame, when the run stored one; null otherwise. */
  async thumbnail(id: string, point: number): Promise<string | null> {
    const stored = await (await this.open()).get('thumbnails', [id, point]);
    if (!stored) return null;
    const bytes = new Uint8Array(stored.bytes);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return `data:${stored.type};base64,${btoa(binary)}`;
  }

  /** Removes a run, its rows and its thumbnails in one transaction. */
  async delete(id: string): Promise<void> {
    await this.write('delete the run', async (db) => {
      const tx = db.transaction(['runs', 'rows', 'thumbnails'], 'readwrite');
      await Promise.all([tx.objectStore('runs').delete(id), tx.objectStore('rows').delete(rowsOf(id)), tx.objectStore('thumbnails').delete(rowsOf(id)), tx.done]);
    });
    this.live.delete(id);
  }
}
