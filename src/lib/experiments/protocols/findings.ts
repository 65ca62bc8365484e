/**
 * The findings table: one row per model, one cell per summary metric of each protocol (pose top-1 and
 * top-5 shares, BG-gap, shape bias, mCE, texture-off and unlit drops), each cell with the runs it came
 * from and the rows it counts; and its CSV (values in % or percentage points, two decimals; an empty
 * cell where a protocol did not run or has no value).
 */
import { csvRecord } from '../csv';
import { PROTOCOLS } from './list';
import type { FindingUnit, ProtocolId, ProtocolRun, ProtocolSummary, SummaryOptions } from './protocol';

/** Per protocol, its run, or its runs (a protocol of several definitions has one run per definition). */
export type FindingsEntries = Partial<Record<ProtocolId, ProtocolRun | readonly ProtocolRun[]>>;

export interface FindingsColumn {
  protocol: ProtocolId;
  key: string;
  label: string;
  unit: FindingUnit;
}

export interface FindingsCell {
  protocol: ProtocolId;
  key: string;
  unit: FindingUnit;
  /** A fraction (shares), a difference of fractions (points) or pixel levels (ε); null: not measured or undefined. */
  value: number | null;
  /** Rows the model's summary counts for this protocol. */
  points: number;
  /** The runs the value comes from (a cell links to them). */
  runIds: string[];
}

export interface FindingsRow {
  model: string;
  name: string;
  /** In column order. */
  cells: FindingsCell[];
}

export interface FindingsTable {
  columns: FindingsColumn[];
  rows: FindingsRow[];
  /** Each protocol's full summary, for the protocols given. */
  summaries: Partial<Record<ProtocolId, ProtocolSummary>>;
}

/** Every column, in protocol order: the same whatever was run. */
export const FINDINGS_COLUMNS: readonly FindingsColumn[] = PROTOCOLS.flatMap((p) => p.findings.map((f) => ({ protocol: p.id, key: f.key, label: f.label, unit: f.unit })));

/** The table of the protocols' summaries: a row per model seen in any run, a cell per column. */
export function findingsTable(entries: FindingsEntries, options: SummaryOptions = {}): FindingsTable {
  const summaries: Partial<Record<ProtocolId, ProtocolSummary>> = {};
  const names = new Map<string, string>();
  for (const p of PROTOCOLS) {
    const entry = entries[p.id];
    if (!entry) continue;
    const runs: readonly ProtocolRun[] = Array.isArray(entry) ? entry : [entry as ProtocolRun];
    const summary = p.summariseRuns(runs, options);
    summaries[p.id] = summary;
    for (const m of summary.models) if (!names.has(m.model)) names.set(m.model, m.name);
  }
  const rows: FindingsRow[] = [...names].map(([model, name]) => ({
    model,
    name,
    cells: PROTOCOLS.flatMap((p) => {
      const m = summaries[p.id]?.models.find((x) => x.model === model);
      return p.findings.map((f) => ({ protocol: p.id, key: f.key, unit: f.unit, value: m ? f.value(m) : null, points: m?.points ?? 0, runIds: m ? [...m.runIds] : [] }));
    })
  }));
  return { columns: [...FINDINGS_COLUMNS], rows, summaries };
}

const UNIT_TEXT: Record<FindingUnit, string> = { percent: '%', points: 'points', epsilon: 'of 255' };

/** "Shape bias (%)", "BG-gap (neutral − HDRI mean) (points)", "Adversarial: ε halving top-1 (of 255)". */
export function columnHeading(column: FindingsColumn): string {
  return `${column.label} (${UNIT_TEXT[column.unit]})`;
}

/**
 * A cell's value as the CSV and the table show it: shares and points ×100 with two decimals, ε in pixel
 * levels with two; an ε beyond the grid (Infinity) "not reached"; '' when there is none.
 */
export function cellText(value: number | null, unit: FindingUnit = 'percent'): string {
  if (value === Infinity && unit === 'epsilon') return 'not reached';
  if (value === null || !Number.isFinite(value)) return '';
  return (unit === 'epsilon' ? value : value * 100).toFixed(2);
}

/** The table as CSV: model id, name, one column per metric, then the rows counted per protocol. */
export function findingsCsv(table: FindingsTable): string {
  const protocols = PROTOCOLS.filter((p) => table.columns.some((c) => c.protocol === p.id));
  let out = csvRecord(['model', 'name', ...table.columns.map(columnHeading), ...protocols.map((p) => `${p.name}: points`)]);
  for (const row of table.rows) {
    const points = protocols.map((p) => String(row.cells.find((c) => c.protocol === p.id)?.points ?? 0));
    out += csvRecord([row.model, row.name, ...row.cells.map((c) => cellText(c.value, c.unit)), ...points]);
  }
  return out;
}
