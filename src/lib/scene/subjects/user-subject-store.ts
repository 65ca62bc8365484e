/**
 * The last imported glTF and the last imported photo, kept in IndexedDB (database `perturber-subjects`,
 * one record per kind) so that a reload shows them again. The file is not URL state: a link only says
 * which source to show.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { StoredSubjectFile, UserSubjectKind } from './user-subject-file';

export const SUBJECTS_DB = 'perturber-subjects';
const STORE = 'subjects';

interface SubjectsDb extends DBSchema {
  subjects: { key: UserSubjectKind; value: StoredSubjectFile };
}

export class UserSubjectStore {
  private db: Promise<IDBPDatabase<SubjectsDb>> | null = null;

  constructor(private readonly dbName = SUBJECTS_DB) {}

  private open(): Promise<IDBPDatabase<SubjectsDb>> {
    this.db ??= openDB<SubjectsDb>(this.dbName, 1, {
      upgrade(db) {
        db.createObjectStore(STORE, { keyPath: 'kind' });
      }
    });
    return this.db;
  }

  /** Replaces the stored file of its kind. */
  async save(file: StoredSubjectFile): Promise<void> {
    await (await this.open()).put(STORE, file);
  }

  async load(kind: UserSubjectKind): Promise<StoredSubjectFile | null> {
    return (await (await this.open()).get(STORE, kind)) ?? null;
  }

  async remove(kind: UserSubjectKind): Promise<void> {
    await (await this.open()).delete(STORE, kind);
  }

  async close(): Promise<void> {
    if (this.db) (await this.db).close();
    this.db = null;
  }
}
