/**
 * Named presets of the whole perturbation state, kept in IndexedDB (database `perturber-presets`).
 * Names are checked before saving, states are size-checked before saving and sanitised field by field
 * when read back (a stored preset is untrusted input like a link).
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { lazyDatabase, type LazyDatabase } from '../storage/database';
import type { SceneState } from './schema';
import { sanitiseState, writtenState, type WrittenState } from './field-values';

export const PRESETS_DB = 'perturber-presets';
const STORE = 'presets';
export const MAX_PRESET_NAME = 60;
/** A preset's state as JSON may not be longer than this (the real one is well under 2 kB). */
export const MAX_PRESET_BYTES = 16 * 1024;
export const MAX_PRESETS = 200;

export interface Preset {
  name: string;
  /** Written form (toggles as their written on/off), as links write it; sanitised when read back. */
  state: WrittenState;
  savedAt: number;
}

export interface PresetSummary {
  name: string;
  savedAt: number;
}

interface PresetsDb extends DBSchema {
  presets: { key: string; value: Preset };
}

export class PresetError extends Error {
  override name = 'PresetError';
}

/** The name as it will be stored (trimmed), or a PresetError saying what is wrong with it. */
export function checkPresetName(raw: unknown): string {
  if (typeof raw !== 'string') throw new PresetError('A preset name must be text.');
  const name = raw.trim();
  if (name === '') throw new PresetError('Give the preset a name.');
  if (name.length > MAX_PRESET_NAME) throw new PresetError(`A preset name may be at most ${MAX_PRESET_NAME} characters (this one has ${name.length}).`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new PresetError('A preset name may not contain control characters.');
  return name;
}

export class PresetStore {
  private readonly database: LazyDatabase<PresetsDb>;

  constructor(dbName = PRESETS_DB) {
    this.database = lazyDatabase<PresetsDb>({
      name: dbName,
      version: 1,
      holds: 'presets',
      upgrade(db) {
        db.createObjectStore(STORE, { keyPath: 'name' });
      }
    });
  }

  private open(): Promise<IDBPDatabase<PresetsDb>> {
    return this.database.get();
  }

  /** Saves `state` under `name`, replacing a preset of that name. Throws PresetError on a bad name or state. */
  async save(name: string, state: SceneState): Promise<Preset> {
    const checked = checkPresetName(name);
    let json: string;
    try {
      json = JSON.stringify(state);
    } catch {
      throw new PresetError('These settings cannot be saved as a preset.');
    }
    if (typeof json !== 'string' || json.length > MAX_PRESET_BYTES) {
      throw new PresetError(`These settings are too large for a preset (more than ${MAX_PRESET_BYTES} bytes).`);
    }
    const { state: clean, notices } = sanitiseState(JSON.parse(json));
    if (notices.length) throw new PresetError(`These settings are not valid: ${notices[0]}`);
    const db = await this.open();
    if (!(await db.getKey(STORE, checked)) && (await db.count(STORE)) >= MAX_PRESETS) {
      throw new PresetError(`There are already ${MAX_PRESETS} presets; delete some first.`);
    }
    const preset: Preset = { name: checked, state: writtenState(clean), savedAt: Date.now() };
    await db.put(STORE, preset);
    return preset;
  }

  /** Every preset, by name. */
  async list(): Promise<PresetSummary[]> {
    const all = await (await this.open()).getAll(STORE);
    return all
      .map((p) => ({ name: String(p.name), savedAt: Number(p.savedAt) || 0 }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The preset's state, sanitised (notices for anything refused), or null when there is none. */
  async load(name: string): Promise<{ state: SceneState; notices: string[] } | null> {
    const preset = await (await this.open()).get(STORE, name);
    if (!preset) return null;
    return sanitiseState(preset.state);
  }

  async delete(name: string): Promise<void> {
    await (await this.open()).delete(STORE, name);
  }

  close(): Promise<void> {
    return this.database.close();
  }
}

/** Anything with the scene store's replace (so this module stays free of runes). */
export interface ReplaceableState {
  replace(state: SceneState): boolean;
}

/**
 * Applies the named preset to `target`. Returns the notices (fields of the stored preset that were
 * refused); throws PresetError when there is no such preset.
 */
export async function applyPreset(presets: PresetStore, name: string, target: ReplaceableState): Promise<string[]> {
  const loaded = await presets.load(name);
  if (!loaded) throw new PresetError(`There is no preset called "${name}".`);
  target.replace(loaded.state);
  return loaded.notices;
}
