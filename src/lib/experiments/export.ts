/**
 * A run's exports and their readers. CSV is tidy: one row per model × point, with the point index, the
 * model, the subject, one column per field axis (named by its path), the top-5 labels and
 * probabilities, p(truth), correct@1, correct@5, entropy and inference ms (RFC 4180, csv.ts). JSON is
 * the run record and its rows. Numbers are written in their shortest exact form, so both read back to
 * the same numbers; null is an empty CSV cell.
 */
import { csvRecord, parseCsv } from './csv';
import { validateDefinition } from './definition';
import { TOP_K } from './metrics';
import { pointReader } from './points';
import { RUN_STATUSES, checkRows, type ResultRow, type RunRecord } from './results';
import { subjectKey } from './subjects';

export const RUN_FORMAT = 'perturber-sweep-run';
export const RUN_FORMAT_VERSION = 1;

const TOP_COLUMNS = Array.from({ length: TOP_K }, (_, i) => [`top${i + 1}_label`, `top${i + 1}_p`]).flat();
const TAIL_COLUMNS = ['p_truth', 'correct_at_1', 'correct_at_5', 'entropy', 'entropy_from', 'inference_ms'];

/** The CSV's header: fixed columns, the field axes' paths, the top-5, the metrics. */
export function csvColumns(run: Pick<RunRecord, 'definition'>): string[] {
  const valueAxes = run.definition.axes.flatMap((a) => (a.kind === 'field' ? [a.path] : a.kind === 'epsilon' ? ['epsilon', 'attack_source'] : []));
  return ['point', 'model_id', 'model_name', 'subject', ...valueAxes, ...TOP_COLUMNS, ...TAIL_COLUMNS];
}

const num = (n: number | null) => (n === null ? '' : String(n));
const bool = (b: boolean | null) => (b === null ? '' : String(b));

/** The run's rows as tidy CSV, in the order given. */
export function resultsCsv(run: RunRecord, rows: readonly ResultRow[]): string {
  const names = new Map(run.models.map((m) => [m.id, m.name]));
  const fieldAxes = run.definition.axes.map((a, i) => ({ a, i })).filter(({ a }) => a.kind === 'field' || a.kind === 'epsilon');
  const source = run.definition.attack?.source ?? '';
  const pointOf = pointReader(run.definition);
  let out = csvRecord(csvColumns(run));
  for (const row of rows) {
    const point = pointOf(row.point);
    const top = Array.from({ length: TOP_K }, (_, k) => row.top[k]).flatMap((e) => (e ? [e.label, num(e.probability)] : ['', '']));
    out += csvRecord([
      String(row.point),
      row.model,
      names.get(row.model) ?? '',
      subjectKey(point.subject),
      ...fieldAxes.flatMap(({ a, i }) => (a.kind === 'epsilon' ? [String(point.values[i]), source] : [String(point.values[i])])),
      ...top,
      num(row.pTruth),
      bool(row.correctAt1),
      bool(row.correctAt5),
      num(row.entropy),
      row.entropyFrom,
      num(row.inferenceMs)
    ]);
  }
  return out;
}

export type Parsed<T> = ({ ok: true } & T) | { ok: false; problems: string[] };

function readNumber(text: string, what: string, nullable: boolean): number | null {
  if (text === '' && nullable) return null;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`${what} "${text}" is not a number`);
  return n;
}

function readBool(text: string, what: string): boolean | null {
  if (text === '') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  throw new Error(`${what} "${text}" is not true or false`);
}

/** Reads a CSV written by resultsCsv back into rows (and, per row, the axis cells as text). */
export function parseResultsCsv(text: string): Parsed<{ columns: string[]; rows: ResultRow[]; axisCells: Record<string, string>[] }> {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (e) {
    return { ok: false, problems: [(e as Error).message] };
  }
  const [columns, ...body] = records;
  const missing = ['point', 'model_id', ...TOP_COLUMNS, ...TAIL_COLUMNS].filter((c) => !columns?.includes(c));
  if (!columns || missing.length) return { ok: false, problems: [`The CSV has no column ${missing.join(', ')}: it was not written by a sweep export.`] };
  const at = (c: string) => columns.indexOf(c);
  const axisColumns = columns.slice(at('subject') + 1, at('top1_label'));
  const rows: ResultRow[] = [];
  const axisCells: Record<string, string>[] = [];
  const problems: string[] = [];
  body.forEach((cells, r) => {
    const get = (c: string) => cells[at(c)] ?? '';
    try {
      if (cells.length !== columns.length) throw new Error(`has ${cells.length} cells, the header ${columns.length}`);
      const point = readNumber(get('point'), 'point', false)!;
      if (!Number.isInteger(point) || point < 0) throw new Error(`point "${get('point')}" is not an index`);
      const top = [];
      for (let k = 1; k <= TOP_K; k++) {
        const label = get(`top${k}_label`);
        if (label !== '') top.push({ label, probability: readNumber(get(`top${k}_p`), `top${k}_p`, false)! });
      }
      const from = get('entropy_from');
      if (from !== 'distribution' && from !== 'top-k') throw new Error(`entropy_from "${from}" is not distribution or top-k`);
      rows.push({
        point,
        model: get('model_id'),
        top,
        pTruth: readNumber(get('p_truth'), 'p_truth', true),
        correctAt1: readBool(get('correct_at_1'), 'correct_at_1'),
        correctAt5: readBool(get('correct_at_5'), 'correct_at_5'),
        entropy: readNumber(get('entropy'), 'entropy', false)!,
        entropyFrom: from,
        inferenceMs: readNumber(get('inference_ms'), 'inference_ms', false)!
      });
      axisCells.push(Object.fromEntries(axisColumns.map((c) => [c, get(c)])));
    } catch (e) {
      problems.push(`CSV row ${r + 2}: ${(e as Error).message}.`);
    }
  });
  return problems.length ? { ok: false, problems } : { ok: true, columns, rows, axisCells };
}

/** The run and its rows as one JSON document. */
export function runJson(run: RunRecord, rows: readonly ResultRow[]): string {
  return JSON.stringify({ format: RUN_FORMAT, formatVersion: RUN_FORMAT_VERSION, run, rows }, null, 1) + '\n';
}

function readRow(raw: unknown): ResultRow {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const nullable = <T>(v: unknown, ok: (v: unknown) => boolean) => (v === null || ok(v) ? (v as T | null) : undefined);
  const top = Array.isArray(r.top) ? r.top : null;
  const row = {
    point: r.point,
    model: r.model,
    top: top?.map((e) => ({ label: (e as LabelledLike)?.label, probability: (e as LabelledLike)?.probability })),
    pTruth: nullable<number>(r.pTruth, isNum),
    correctAt1: nullable<boolean>(r.correctAt1, (v) => typeof v === 'boolean'),
    correctAt5: nullable<boolean>(r.correctAt5, (v) => typeof v === 'boolean'),
    entropy: r.entropy,
    entropyFrom: r.entropyFrom,
    inferenceMs: r.inferenceMs
  };
  const bad =
    !Number.isInteger(row.point) || (row.point as number) < 0 || typeof row.model !== 'string' || !row.top ||
    row.top.some((e) => typeof e.label !== 'string' || !isNum(e.probability)) || row.pTruth === undefined ||
    row.correctAt1 === undefined || row.correctAt5 === undefined || !isNum(row.entropy) ||
    (row.entropyFrom !== 'distribution' && row.entropyFrom !== 'top-k') || !isNum(row.inferenceMs);
  if (bad) throw new Error('is not a result row');
  return row as ResultRow;
}
type LabelledLike = { label?: unknown; probability?: unknown } | undefined;

/** Reads a JSON export back: the definition checked like a file's, every row checked, no duplicates. */
export function parseRunJson(text: string): Parsed<{ run: RunRecord; rows: ResultRow[] }> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`The run is not valid JSON (${(e as Error).message}).`] };
  }
  if (raw?.format !== RUN_FORMAT || raw.formatVersion !== RUN_FORMAT_VERSION) {
    return { ok: false, problems: [`This is not a sweep run export of version ${RUN_FORMAT_VERSION}.`] };
  }
  const run = raw.run as RunRecord;
  const problems: string[] = [];
  const check = validateDefinition(run?.definition);
  if (!check.ok) return { ok: false, problems: check.problems.map((p) => `Definition: ${p}`) };
  if (!RUN_STATUSES.includes(run.status)) problems.push(`Unknown run status "${String(run.status)}".`);
  if (typeof run.id !== 'string' || typeof run.name !== 'string' || !Array.isArray(run.models)) problems.push('The run record is incomplete (id, name or models).');
  const rows: ResultRow[] = [];
  (Array.isArray(raw.rows) ? raw.rows : []).forEach((r, i) => {
    try {
      rows.push(readRow(r));
    } catch (e) {
      problems.push(`Row ${i + 1} ${(e as Error).message}.`);
    }
  });
  const { duplicates, foreign } = checkRows(check.definition, rows);
  if (duplicates.length) problems.push(`${duplicates.length} point × model cells have more than one row (first: point ${duplicates[0].point}, ${duplicates[0].model}).`);
  if (foreign.length) problems.push(`${foreign.length} rows are not cells of the sweep (first: point ${foreign[0].point}, ${foreign[0].model}).`);
  return problems.length ? { ok: false, problems } : { ok: true, run: { ...run, definition: check.definition }, rows };
}

