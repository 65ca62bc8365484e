/**
 * A new version of the app waits for the user: the service worker of the new build installs and then
 * waits; the page shows "A new version is ready — Reload / Later"; "Reload" activates it only when no
 * import, attack, feature visualisation or sweep is under way (otherwise it says what it waits for and
 * applies the update when that ends). Plain TS: the Svelte prompt renders `state`.
 */
import type { BusyKind, BusyRegistry } from '../pipeline/busy';

/**
 * none: no new version; ready: offered (prompt shown); dismissed: "Later"; waiting: the user agreed,
 * busy work must end first; applying: the new service worker was asked to take over.
 */
export type UpdatePhase = 'none' | 'ready' | 'dismissed' | 'waiting' | 'applying';

export interface UpdateState {
  phase: UpdatePhase;
  /** What a "waiting" update waits for. */
  waitingFor: BusyKind[];
}

export interface UpdateActions {
  /** Asks the waiting service worker to take over (`updateSW()` of virtual:pwa-register). */
  activate(): void | Promise<void>;
  /** Reloads the page onto the new version. */
  reload(): void;
}

/** How long "Reload" waits for the new service worker to take over before reloading anyway. */
export const APPLY_TIMEOUT_MS = 10_000;

export class UpdateFlow {
  #state: UpdateState = { phase: 'none', waitingFor: [] };
  /** The new version already controls this page (applied here or in another tab): a reload is all it takes. */
  #controlsPage = false;
  #stopWaiting: (() => void) | null = null;

  constructor(
    private readonly busy: BusyRegistry,
    private readonly actions: UpdateActions,
    private readonly onChange: (state: UpdateState) => void = () => {}
  ) {}

  get state(): UpdateState {
    return this.#state;
  }

  /** The service worker of a new version is installed and waiting (onNeedRefresh). */
  newVersionWaiting(): void {
    if (this.#state.phase === 'none') this.#set('ready');
  }

  /**
   * The new service worker took control of this page (onNeedReload). After our own "Reload" this
   * reloads (once nothing is busy); if another tab applied it, the prompt is offered again.
   */
  takenOver(): void {
    this.#controlsPage = true;
    if (this.#state.phase === 'applying') {
      this.#afterIdle(() => this.actions.reload());
      return;
    }
    if (this.#state.phase === 'none' || this.#state.phase === 'dismissed') this.#set('ready');
  }

  /** "Later": hide the prompt; the update stays ready (and applies by itself on the next visit). */
  later(): void {
    this.#cancelWait();
    if (this.#state.phase !== 'none' && this.#state.phase !== 'applying') this.#set('dismissed');
  }

  /** Bring a dismissed prompt back. */
  show(): void {
    if (this.#state.phase === 'dismissed') this.#set('ready');
  }

  /** "Reload": apply now, or as soon as nothing is busy. */
  reload(): void {
    const phase = this.#state.phase;
    if (phase !== 'ready' && phase !== 'dismissed') return;
    this.#afterIdle(() => this.#apply());
  }

  #apply(): void {
    this.#set('applying');
    if (this.#controlsPage) {
      this.actions.reload();
      return;
    }
    void this.actions.activate();
    // If the new service worker never takes over (gone, or the message was lost), reload anyway rather
    // than leave "Loading the new version…" on screen: the page then loads whatever version is active.
    setTimeout(() => {
      if (this.#state.phase === 'applying' && !this.#controlsPage) this.actions.reload();
    }, APPLY_TIMEOUT_MS);
  }

  /** Runs `then` at once when idle, else shows what it waits for and runs it when that ends. */
  #afterIdle(then: () => void): void {
    this.#cancelWait();
    if (this.busy.idle) {
      then();
      return;
    }
    const previous = this.#state.phase;
    this.#set('waiting', this.busy.kinds());
    this.#stopWaiting = this.busy.subscribe((kinds) => {
      if (kinds.length > 0) {
        this.#set('waiting', kinds);
        return;
      }
      this.#cancelWait();
      if (previous === 'applying') this.#set('applying');
      then();
    });
  }

  #cancelWait(): void {
    this.#stopWaiting?.();
    this.#stopWaiting = null;
  }

  #set(phase: UpdatePhase, waitingFor: BusyKind[] = []): void {
    this.#state = { phase, waitingFor };
    this.onChange(this.#state);
  }
}
