/**
 * Whether the browser keeps the stored models. Without persistent storage a browser may clear a site's
 * data when disk space runs low, and WebKit (Safari) deletes script-written storage of a site not visited
 * for 7 days (not for a web app added to the Home Screen / Dock). After a model is stored the app asks
 * once per page load for persistent storage (navigator.storage.persist()); the model manager shows
 * the outcome.
 */

export type PersistenceState = 'persistent' | 'best-effort' | 'unsupported';

/** The part of navigator.storage used here (injected in tests). */
export interface PersistenceApi {
  persisted?: () => Promise<boolean>;
  persist?: () => Promise<boolean>;
}

export const PERSISTENCE_TEXT: Record<PersistenceState, string> = {
  persistent: 'Storage: persistent. The browser keeps these models until you remove them.',
  'best-effort':
    'Storage: may be cleared by the browser when disk space runs low, and Safari clears it after 7 days without a visit. Installing the app (or allowing persistent storage when Firefox asks) keeps the models.',
  unsupported:
    'Storage: this browser cannot be asked to keep it; the models may be cleared when disk space runs low. Installing the app helps on Safari.'
};

export class StoragePersistence {
  #asked: Promise<PersistenceState> | null = null;

  constructor(private readonly api: PersistenceApi | undefined = typeof navigator === 'undefined' ? undefined : navigator.storage) {}

  /** What the browser says now, without asking for anything. */
  async state(): Promise<PersistenceState> {
    if (!this.api?.persisted) return 'unsupported';
    try {
      return (await this.api.persisted()) ? 'persistent' : 'best-effort';
    } catch {
      return 'best-effort';
    }
  }

  /**
   * Asks for persistent storage unless it already is; once per page load (Firefox shows a prompt, and
   * the other browsers decide from how the site is used, so repeating the question changes nothing).
   */
  request(): Promise<PersistenceState> {
    this.#asked ??= (async () => {
      const now = await this.state();
      if (now !== 'best-effort' || !this.api?.persist) return now;
      try {
        return (await this.api.persist()) ? 'persistent' : 'best-effort';
      } catch {
        return 'best-effort';
      }
    })();
    return this.#asked;
  }
}
