/**
 * The scene state in the URL's search params: one param per non-default field ("camera.yaw=30"), plus
 * "v=<schema version>" when any field is set. Values are in their written form (a toggle as its
 * written on/off, e.g. "lighting.shadows=off", "subject.untextured=1"). Parsing is field by field
 * (readFields) and never throws.
 */
import {
  FIELDS,
  SCHEMA_VERSION,
  defaultState,
  fieldEntry,
  getField,
  stepDecimals,
  type AnyFieldValue,
  type FieldSpec,
  type NumberFieldSpec,
  type SceneState
} from './schema';
import { readFields, writtenValue } from './field-values';

/** Search strings longer than this are refused whole (a pasted blob is not a scene). */
export const MAX_SEARCH_LENGTH = 2000;
export const VERSION_PARAM = 'v';

/** Decimals written for a number field: one finer than its slider step (drags land between steps). */
export function decimalsFor(spec: NumberFieldSpec): number {
  return Math.min(4, stepDecimals(spec) + 1);
}

function formatValue(value: AnyFieldValue, spec: FieldSpec): string {
  if (spec.kind === 'number' && typeof value === 'number') {
    return String(Number(value.toFixed(decimalsFor(spec))));
  }
  return String(writtenValue(spec, value));
}

/** "v=1&camera.yaw=30&camera.fov=60", or "" when every field has its default. No leading "?". */
export function serialiseState(state: SceneState): string {
  const params = new URLSearchParams();
  for (const entry of FIELDS) {
    const text = formatValue(getField(state, entry.path), entry.spec);
    if (text !== formatValue(entry.spec.default, entry.spec)) params.set(entry.path, text);
  }
  if ([...params.keys()].length === 0) return '';
  return `${VERSION_PARAM}=${SCHEMA_VERSION}&${params.toString()}`;
}

/** True for the params this module reads and writes (so a URL writer can keep everyone else's). */
export function isStateParam(key: string): boolean {
  return key === VERSION_PARAM || fieldEntry(key) !== undefined;
}

export interface ParseOptions {
  /** Params that belong to someone else: ignored without a notice. */
  foreignKeys?: readonly string[];
}

/**
 * Reads a state from a search string ("?camera.yaw=30" or "camera.yaw=30"). Bad fields fall back to
 * their defaults, out-of-range numbers are clamped, unknown params are ignored: each with a notice.
 */
export function parseState(search: string, options: ParseOptions = {}): { state: SceneState; notices: string[] } {
  const refuse = (notice: string) => ({ state: defaultState(), notices: [notice] });
  if (typeof search !== 'string') return refuse('The scene settings are not text; using the defaults.');
  if (search.length > MAX_SEARCH_LENGTH) {
    return refuse(`The scene settings in the address are ${search.length} characters long (more than ${MAX_SEARCH_LENGTH}); using the defaults.`);
  }
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  } catch {
    return refuse('The scene settings in the address could not be read; using the defaults.');
  }
  const version = params.get(VERSION_PARAM);
  if (version !== null && version !== String(SCHEMA_VERSION)) {
    return refuse(`The scene settings in the address are for version ${version}, this app reads version ${SCHEMA_VERSION}; using the defaults.`);
  }
  const foreign = new Set(options.foreignKeys ?? []);
  const keys = [...new Set(params.keys())].filter((key) => key !== VERSION_PARAM && !foreign.has(key));
  // A param given twice counts with its last value.
  return readFields(keys.map((key) => ({ key, entry: fieldEntry(key), raw: params.getAll(key).at(-1) })));
}

/**
 * Merges the serialised state into an existing search string, keeping params that are not ours.
 * Returns "" or "?...".
 */
export function withStateParams(currentSearch: string, state: SceneState): string {
  const kept = new URLSearchParams(currentSearch.startsWith('?') ? currentSearch.slice(1) : currentSearch);
  for (const key of [...kept.keys()]) if (isStateParam(key)) kept.delete(key);
  const parts = [kept.toString(), serialiseState(state)].filter((p) => p !== '');
  return parts.length ? `?${parts.join('&')}` : '';
}
