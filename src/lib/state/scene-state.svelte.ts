/**
 * The live scene state: a Svelte 5 rune store around SceneState. Every change goes through set/setMany/
 * reset so that `version` (a change counter the frame pipeline watches) always moves with the scene.
 * The address bar is synced through a UrlTarget, so this module holds no DOM or router handles.
 */
import {
  FIELDS,
  cloneState,
  defaultState,
  fieldEntry,
  getField,
  sectionFields,
  setFieldUnchecked,
  type AnyFieldValue,
  type FieldPath,
  type FieldValue,
  type SceneState,
  type SectionName
} from './schema';
import { validateValue } from './field-values';
import { parseState, withStateParams, type ParseOptions } from './url';

/** Where the state is mirrored: read once on connect, written (debounced) after changes. */
export interface UrlTarget {
  /** The current search string, "" or "?...". */
  read(): string;
  /** Replace the search string (no new history entry). */
  write(search: string): void;
}

export interface UrlSyncOptions extends ParseOptions {
  debounceMs?: number;
}

export class SceneStateStore {
  #state = $state<SceneState>(defaultState());
  /** Increments on every change of the scene state; frames carry it so results can be matched to scenes. */
  version = $state(0);
  /** Plain-words messages about settings that could not be applied (e.g. from a bad link). */
  notices = $state<string[]>([]);

  #url: UrlTarget | null = null;
  #urlTimer: ReturnType<typeof setTimeout> | null = null;
  #debounceMs = 250;
  /** Holds of the URL mirror (holdUrl): while any is held, changes are not written to the URL. */
  #urlHolds = 0;

  constructor(initial?: SceneState) {
    if (initial) this.#state = cloneState(initial);
  }

  /** The current state (reactive). Do not mutate it: use set/setMany so `version` moves. */
  get state(): Readonly<SceneState> {
    return this.#state;
  }

  get<P extends FieldPath>(path: P): FieldValue<P> {
    return getField(this.#state, path) as FieldValue<P>;
  }

  isDefault(path: FieldPath): boolean {
    return getField(this.#state, path) === fieldEntry(path)!.spec.default;
  }

  /** Sets one field (numbers are clamped to the spec). Returns whether the state changed. */
  set(path: FieldPath, value: AnyFieldValue): boolean {
    return this.setMany({ [path]: value });
  }

  /** Sets several fields as one change (one version step). Invalid values are ignored. */
  setMany(values: Partial<Record<FieldPath, AnyFieldValue>>): boolean {
    let changed = false;
    for (const [path, raw] of Object.entries(values)) {
      const entry = fieldEntry(path);
      if (!entry || raw === undefined) continue;
      const check = validateValue(entry, raw);
      if (!check.ok) continue;
      if (getField(this.#state, entry.path) !== check.value) {
        setFieldUnchecked(this.#state, entry.path, check.value);
        changed = true;
      }
    }
    if (changed) this.#changed();
    return changed;
  }

  resetField(path: FieldPath): boolean {
    return this.set(path, fieldEntry(path)!.spec.default);
  }

  resetSection(section: SectionName): boolean {
    return this.setMany(Object.fromEntries(sectionFields(section).map((f) => [f.path, f.spec.default])));
  }

  /** Every field back to its default. */
  reset(): boolean {
    return this.setMany(Object.fromEntries(FIELDS.map((f) => [f.path, f.spec.default])));
  }

  /** Replaces the whole state (e.g. a parsed link); counts as one change when anything differs. */
  replace(state: SceneState): boolean {
    return this.setMany(Object.fromEntries(FIELDS.map((f) => [f.path, getField(state, f.path)])));
  }

  snapshot(): SceneState {
    return cloneState(this.#state);
  }

  dismissNotices(): void {
    this.notices = [];
  }

  /**
   * Loads the state from the target's search string (notices for anything refused), then mirrors
   * every later change back to it, debounced. Returns a function that stops the sync.
   */
  connectUrl(target: UrlTarget, options: UrlSyncOptions = {}): () => void {
    this.disconnectUrl();
    this.#debounceMs = options.debounceMs ?? 250;
    const { state, notices } = parseState(target.read(), options);
    this.replace(state);
    if (notices.length) this.notices = [...this.notices, ...notices];
    this.#url = target;
    return () => this.disconnectUrl();
  }

  /**
   * Stops mirroring changes to the URL until the returned function is called (a sweep passing through
   * its points: a reload meanwhile finds the user's scene, not a sweep point). Changes made while held
   * are not written afterwards; the caller restores the state it had.
   */
  holdUrl(): () => void {
    this.#urlHolds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#urlHolds -= 1;
    };
  }

  disconnectUrl(): void {
    if (this.#urlTimer !== null) clearTimeout(this.#urlTimer);
    this.#urlTimer = null;
    this.#url = null;
  }

  /** Writes a pending URL update now (e.g. before the page is hidden). */
  flushUrl(): void {
    if (this.#urlTimer !== null) clearTimeout(this.#urlTimer);
    this.#urlTimer = null;
    const url = this.#url;
    if (!url) return;
    const current = url.read();
    const next = withStateParams(current, this.#state);
    if (next !== current && !(next === '' && current === '?')) url.write(next);
  }

  #changed(): void {
    this.version += 1;
    if (!this.#url || this.#urlHolds > 0) return;
    if (this.#urlTimer !== null) clearTimeout(this.#urlTimer);
    this.#urlTimer = setTimeout(() => this.flushUrl(), this.#debounceMs);
  }
}

/** The app's scene state. Components take a store as a prop; this is the one the app passes. */
export const sceneState = new SceneStateStore();
