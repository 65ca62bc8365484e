/**
 * The record of a sweep run and its rows (one per point × model), and the bookkeeping a resume needs:
 * which cells are missing, which rows are duplicated or do not belong, and what status the rows allow.
 * A run is 'complete' only when every cell has exactly one row; a run read back while no one is running
 * it is never 'running' (it was interrupted: 'partial').
 */
import type { BackendName } from '$lib/protocol';
import type { SweepDefinition } from './definition';
import type { LabelledProbability, PointMetrics } from './metrics';
import { cellCount, enumerateCells, type Cell } from './points';

export type RunStatus = 'running' | 'partial' | 'complete' | 'cancelled';
export const RUN_STATUSES: readonly RunStatus[] = ['running', 'partial', 'complete', 'cancelled'];

/** A model as the run saw it: enough to tell later whether the same weights are loaded. */
export interface RunModel {
  id: string;
  name: string;
  /** A hash of the weights (hex), or null when it could not be computed. */
  weightsHash: string | null;
  backend: BackendName | null;
}

export interface RunRecord {
  id: string;
  name: string;
  definition: SweepDefinition;
  /** The app version that ran it (updates/version). */
  appVersion: string;
  models: RunModel[];
  /** Date.now() when it started and when a row or the status last changed. */
  createdAt: number;
  updatedAt: number;
  status: RunStatus;
}

/** One model's prediction at one point, with what the sweep computes of it. */
export interface ResultRow {
  point: number;
  model: string;
  /** The best TOP_K classes, most probable first. */
  top: LabelledProbability[];
  pTruth: number | null;
  correctAt1: boolean | null;
  correctAt5: boolean | null;
  entropy: number;
  entropyFrom: PointMetrics['entropyFrom'];
  inferenceMs: number;
}

export function resultRow(cell: Cell, metrics: PointMetrics, inferenceMs: number): ResultRow {
  return {
    point: cell.point,
    model: cell.model,
    top: metrics.top.map((e) => ({ ...e })),
    pTruth: metrics.pTruth,
    correctAt1: metrics.correctAt1,
    correctAt5: metrics.correctAt5,
    entropy: metrics.entropy,
    entropyFrom: metrics.entropyFrom,
    inferenceMs
  };
}

/** "12\u0000resnet": a cell's key (a model id may contain any printable character). */
export function cellKey(cell: Cell): string {
  return `${cell.point}\u0000${cell.model}`;
}

export interface RowsCheck {
  /** Cells with more than one row (each listed once). */
  duplicates: Cell[];
  /** Rows for a point the sweep does not have, or a model the point does not run on. */
  foreign: Cell[];
  /** Cells without a row, in run order. */
  missing: Cell[];
}

/** Compares the rows with the definition's cells. */
export function checkRows(def: SweepDefinition, rows: readonly Cell[]): RowsCheck {
  const expected = new Set<string>();
  const missing: Cell[] = [];
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(cellKey(row), (counts.get(cellKey(row)) ?? 0) + 1);
  for (const cell of enumerateCells(def)) {
    const key = cellKey(cell);
    expected.add(key);
    if (!counts.has(key)) missing.push(cell);
  }
  const duplicates: Cell[] = [];
  const foreign: Cell[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const key = cellKey(row);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!expected.has(key)) foreign.push({ point: row.point, model: row.model });
    else if (counts.get(key)! > 1) duplicates.push({ point: row.point, model: row.model });
  }
  return { duplicates, foreign, missing };
}

/** The cells a resumed run still has to do, in run order. */
export function missingCells(def: SweepDefinition, rows: readonly Cell[]): Cell[] {
  return checkRows(def, rows).missing;
}

/**
 * Rows with one row per cell: a later row for a cell replaces an earlier one (a point redone after a
 * resume), rows that do not belong to the sweep are dropped; in run order.
 */
export function dedupeRows<R extends Cell>(def: SweepDefinition, rows: readonly R[]): R[] {
  const byKey = new Map<string, R>();
  for (const row of rows) byKey.set(cellKey(row), row);
  const out: R[] = [];
  for (const cell of enumerateCells(def)) {
    const row = byKey.get(cellKey(cell));
    if (row) out.push(row);
  }
  return out;
}

/**
 * The status a run's rows allow. `ending`: how the run stopped ('finished' ran every cell it was
 * given, 'cancelled' the user stopped it), or 'stored' for a run read back with no one running it.
 * 'complete' needs every cell done once and nothing else; otherwise a cancelled run stays cancelled
 * and anything else is partial.
 */
export function settledStatus(def: SweepDefinition, rows: readonly Cell[], ending: 'finished' | 'cancelled' | 'stored', stored?: RunStatus): RunStatus {
  const check = checkRows(def, rows);
  const whole = check.missing.length === 0 && check.duplicates.length === 0 && check.foreign.length === 0;
  if (ending === 'cancelled') return whole ? 'complete' : 'cancelled';
  if (ending === 'stored' && stored === 'cancelled' && !whole) return 'cancelled';
  return whole ? 'complete' : 'partial';
}

/** Share of the run's cells that have a row (0..1). */
export function progressOf(def: SweepDefinition, rows: readonly Cell[]): number {
  const total = cellCount(def);
  return total === 0 ? 1 : (total - missingCells(def, rows).length) / total;
}
