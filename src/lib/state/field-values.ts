/**
 * Field values from outside (a link, a stored preset, a control) checked against their specs, and the
 * form they are written in. `readFields` is the one field-by-field loop behind both sanitiseState
 * (stored presets) and parseState (links): bad fields fall back to their defaults with a notice.
 */
import {
  FIELDS,
  FIELD_SPECS,
  SCHEMA_VERSION,
  defaultState,
  fieldEntry,
  getField,
  setFieldUnchecked,
  type AnyFieldValue,
  type FieldEntry,
  type FieldSpec,
  type SceneState
} from './schema';

export type ValueCheck =
  | { ok: true; value: AnyFieldValue; notice?: string }
  | { ok: false; notice: string };

/**
 * Checks one raw value (a number, a string from a URL, a stored or written value) against its spec.
 * Numbers out of range are clamped (ok, with a notice); wrong types, unknown options and anything
 * other than a toggle's written on/off are refused (not ok, with a notice).
 */
export function validateValue(entry: FieldEntry, raw: unknown): ValueCheck {
  const { spec, path } = entry;
  const name = `${spec.label} (${path})`;
  if (spec.kind === 'number') {
    let n: number;
    if (typeof raw === 'number') n = raw;
    else if (typeof raw === 'string' && raw.trim() !== '') n = Number(raw);
    else return { ok: false, notice: `${name}: expected a number, got ${describe(raw)}; using the default.` };
    if (!Number.isFinite(n)) {
      return { ok: false, notice: `${name}: expected a number, got ${describe(raw)}; using the default.` };
    }
    const clamped = clamp(n, spec.min, spec.max);
    if (clamped !== n) {
      return {
        ok: true,
        value: clamped,
        notice: `${name}: ${n} is outside ${spec.min}..${spec.max}; clamped to ${clamped}.`
      };
    }
    return { ok: true, value: n };
  }
  if (spec.kind === 'color') {
    const hex = typeof raw === 'string' ? normaliseHexColor(raw) : null;
    if (hex !== null) return { ok: true, value: hex };
    return { ok: false, notice: `${name}: expected a colour as six hex digits (e.g. ff8800), got ${describe(raw)}; using the default.` };
  }
  if (spec.kind === 'toggle') {
    if (typeof raw === 'boolean') return { ok: true, value: raw };
    const [off, on] = spec.written;
    if (raw === on || raw === String(on)) return { ok: true, value: true };
    if (raw === off || raw === String(off)) return { ok: true, value: false };
    return { ok: false, notice: `${name}: expected ${on} (on) or ${off} (off), got ${describe(raw)}; using the default.` };
  }
  if (typeof raw === 'string' && (spec.options as readonly string[]).includes(raw)) return { ok: true, value: raw };
  return {
    ok: false,
    notice: `${name}: ${describe(raw)} is not one of ${spec.options.join(', ')}; using the default.`
  };
}

/** "FF8800", "#ff8800" -> "ff8800"; anything else -> null. */
export function normaliseHexColor(raw: string): string | null {
  const m = /^#?([0-9a-fA-F]{6})$/.exec(raw.trim());
  return m ? m[1].toLowerCase() : null;
}

export function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

function describe(raw: unknown): string {
  if (typeof raw === 'string') return raw === '' ? 'an empty value' : `"${shorten(raw)}"`;
  if (raw === null) return 'null';
  return typeof raw === 'number' ? String(raw) : `a ${typeof raw}`;
}

function shorten(text: string): string {
  return text.length > 40 ? text.slice(0, 40) + '…' : text;
}

/** A value as links and stored presets write it: a toggle as its written on/off, anything else as is. */
export function writtenValue(spec: FieldSpec, value: AnyFieldValue): number | string {
  if (spec.kind === 'toggle') return spec.written[value ? 1 : 0];
  return value as number | string;
}

/** A state as stored presets hold it: section by section, each value in its written form. */
export type WrittenState = { version: number } & Record<string, Record<string, number | string>>;

export function writtenState(state: SceneState): WrittenState {
  const out: Record<string, unknown> = { version: state.version };
  for (const { section, field, path, spec } of FIELDS) {
    const s = (out[section] ??= {}) as Record<string, number | string>;
    s[field] = writtenValue(spec, getField(state, path));
  }
  return out as WrittenState;
}

/** One raw value to read: its key (named in the notice when unknown) and its field, if there is one. */
export interface RawField {
  key: string;
  entry: FieldEntry | undefined;
  raw: unknown;
}

/** Reads raw values into a default state, field by field, with a notice for each refused or unknown one. */
export function readFields(fields: Iterable<RawField>): { state: SceneState; notices: string[] } {
  const state = defaultState();
  const notices: string[] = [];
  for (const { key, entry, raw } of fields) {
    if (!entry) {
      notices.push(`Ignored unknown setting "${shorten(key)}".`);
      continue;
    }
    const check = validateValue(entry, raw);
    if (check.notice) notices.push(check.notice);
    if (check.ok) setFieldUnchecked(state, entry.path, check.value);
  }
  return { state, notices };
}

/**
 * Field-by-field validation of an untrusted object (a stored preset, a message). Never throws: bad
 * fields fall back to their defaults and are named in the notices. Reads the written form (see
 * writtenState) and the in-memory one alike.
 */
export function sanitiseState(input: unknown): { state: SceneState; notices: string[] } {
  if (typeof input !== 'object' || input === null) {
    return { state: defaultState(), notices: ['The saved scene settings are not an object; using the defaults.'] };
  }
  const obj = input as Record<string, unknown>;
  if (obj.version !== SCHEMA_VERSION) {
    return {
      state: defaultState(),
      notices: [`The scene settings are for version ${String(obj.version)}, this app reads version ${SCHEMA_VERSION}; using the defaults.`]
    };
  }
  return readFields(storedFields(obj));
}

function* storedFields(obj: Record<string, unknown>): Generator<RawField> {
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'version') continue;
    if (!(key in FIELD_SPECS) || typeof value !== 'object' || value === null) {
      yield { key, entry: undefined, raw: value };
      continue;
    }
    for (const [field, raw] of Object.entries(value as Record<string, unknown>)) {
      const path = `${key}.${field}`;
      yield { key: path, entry: fieldEntry(path), raw };
    }
  }
}
