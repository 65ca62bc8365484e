/**
 * Model metadata read back from IndexedDB is input like any other: another version of the app, a
 * browser extension or a damaged profile may have written it. `readStoredMeta` checks a record with the
 * same rules as an import (validateMeta) plus the fields the form does not edit, and brings records of
 * older app versions up to date (the record-level half of the migration path; the database's own
 * versions are in store.ts).
 */
import type { BackendPreference, ModelMeta } from '$lib/protocol';
import { validateMeta } from './validate';

const FORMATS = new Set(['layers', 'graph']);
const OUTPUT_KINDS = new Set(['probabilities', 'logits']);
const BACKENDS = new Set<BackendPreference>(['auto', 'webgl', 'wasm', 'cpu']);

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** "its format is missing" / "its format "onnx" is unknown". */
const unrecognised = (what: string, value: unknown) => (value === undefined ? `its ${what} is missing` : `its ${what} ${JSON.stringify(value)} is unknown`);

const isCount = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
const isText = (x: unknown) => typeof x === 'string' && x !== '';

function sourceProblem(source: unknown): string | null {
  if (!isObject(source)) return 'it does not say where the model came from';
  switch (source.kind) {
    case 'files':
      return Array.isArray(source.fileNames) && source.fileNames.every((n) => typeof n === 'string') ? null : 'its file names are not a list';
    case 'url':
      return isText(source.url) ? null : 'its source URL is missing';
    case 'bundled':
      if (!isText(source.url)) return 'its source URL is missing';
      return source.version === undefined || isCount(source.version) ? null : 'its bundled version is not a whole number';
    case 'catalogue':
      return isText(source.url) && isText(source.catalogueId) ? null : 'its catalogue entry is missing';
    default:
      return unrecognised('source kind', source.kind);
  }
}

/** Fills in fields that older versions of the app did not write. */
function upgraded(record: Record<string, unknown>): Record<string, unknown> {
  return { backend: 'auto', ...record };
}

export type StoredMetaResult = { ok: true; meta: ModelMeta } | { ok: false; reason: string; name: string | null };

/** Checks one stored record; a bad one gets a reason a user can read. */
export function readStoredMeta(value: unknown): StoredMetaResult {
  if (!isObject(value)) return { ok: false, reason: 'the stored record is not an object', name: null };
  const record = upgraded(value);
  const name = typeof record.name === 'string' && record.name.trim() !== '' ? record.name : null;
  const fail = (reason: string): StoredMetaResult => ({ ok: false, reason, name });

  if (!isText(record.id)) return fail('it has no id');
  if (!FORMATS.has(record.format as string)) return fail(unrecognised('format', record.format));
  if (!OUTPUT_KINDS.has(record.outputKind as string)) return fail(unrecognised('output kind', record.outputKind));
  if (!isCount(record.numOutputs) || (record.numOutputs as number) < 1) return fail('its number of outputs is not a positive whole number');
  if (!isCount(record.sizeBytes)) return fail('its size is not a number of bytes');
  if (!Number.isFinite(record.addedAt)) return fail('its date added is missing');
  if (!BACKENDS.has(record.backend as BackendPreference)) return fail(unrecognised('backend', record.backend));
  for (const node of ['inputNode', 'outputNode'] as const) {
    if (record[node] !== undefined && typeof record[node] !== 'string') return fail(`its ${node} is not text`);
  }
  if (record.measured !== undefined && !isObject(record.measured)) return fail('its backend measurement is not an object');
  const source = sourceProblem(record.source);
  if (source) return fail(source);

  const meta = record as unknown as ModelMeta;
  const errors = validateMeta(meta);
  if (errors.length) return fail(errors.map((e) => e.message).join(' '));
  return { ok: true, meta };
}
