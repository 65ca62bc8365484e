/**
 * The last imported glTF and the last imported photo, kept in IndexedDB (database `perturber-subjects`,
 * one record per kind) so that a reload shows them again. The file is not URL state: a link only says
 * which source to show.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { lazyDatabase, type LazyDatabase } from '../../storage/database';
import type { StoredSubjectFile, UserSubjectKind } from './user-subject-file';

export const SUBJECTS_DB = 'perturber-subjects';
const STORE = 'subjects';

interface SubjectsDb extends DBSchema {
  subjects: { key: UserSubjectKind; value: StoredSubjectFile };
}

export class UserSubjectStore {
  private readonly database: LazyDatabase<SubjectsDb>;

  constructor(dbName = SUBJECTS_DB) {
    this.database = lazyDatabase<SubjectsDb>({
      name: dbName,
      version: 1,
      holds: 'imported subjects',
      upgrade(db) {
        db.createObjectStore(STORE, { keyPath: 'kind' });
      }
    });
  }

  private open(): Promise<IDBPDatabase<SubjectsDb>> {
    return this.database.get();
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

  close(): Promise<void> {
    return this.database.close();
  }
}
