/**
 * What a built-in robustness protocol is, and the helpers the protocols share. A protocol is a list of
 * ordinary sweep definitions (a sweep has at most two axes, so most protocols need several: one per
 * pitch, per corruption, per background kind...) plus a pure summary of their runs per model, and the
 * summary metrics the findings table shows. Summaries read each row's point back from its run's
 * definition (pointReader) and judge it by the point's scene state, so a definition the user edited
 * (other values, swapped axes) still summarises; rows of a partial run count for what they are.
 *
 * Shares are fractions (0..1); gaps and drops are differences of fractions (0.073 = 7.3 points).
 */
import { cloneState, fieldEntry, setFieldUnchecked, type AnyFieldValue, type FieldPath, type SceneState } from '$lib/state/schema';
import { classSet } from '$lib/models/class-sets.js';
import { axisValues, type Axis, type AxisValue } from '../axes';
import { DEFINITION_VERSION, definitionModels, validateDefinition, type SweepAttack, type SweepDefinition } from '../definition';
import { pointReader, type SweepPoint } from '../points';
import { dedupeRows, type ResultRow, type RunRecord } from '../results';
import { PROCEDURAL_SUBJECTS, subjectKey, type SubjectRef, type Truth } from '../subjects';

export type ProtocolId = 'pose' | 'background' | 'cue-conflict' | 'corruptions' | 'lighting-texture' | 'adversarial';
export type ProtocolGrid = 'full' | 'reduced';

/** One run of one of a protocol's definitions, with its rows. */
export interface ProtocolRun {
  run: RunRecord;
  rows: readonly ResultRow[];
}

/** Options of the summaries (each protocol reads its own). */
export interface SummaryOptions {
  /** Corruptions: the model mCE is relative to (default: the first model of the first run). */
  reference?: string;
  /**
   * Cue conflict: which points count as conflicts. 'corners' (default): shape and texture at opposite
   * ends (0 and 1); 'nearest': each morph judged by its nearest end (0.5 counts for neither).
   */
  conflict?: 'corners' | 'nearest';
}

/** The literature's figure, shown beside ours: theirs, measured on their data and models. */
export interface ProtocolReference {
  figure: string;
  citation: string;
  /** Why their number and ours are side by side, not equal. */
  caveat: string;
}

/** What every per-model summary has. */
export interface ModelSummaryBase {
  model: string;
  /** The model's name as the run recorded it (the id when no run names it). */
  name: string;
  /** Rows counted for this model (rows of subjects without a truth are not). */
  points: number;
  /** The runs that have this model. */
  runIds: string[];
}

export interface ProtocolSummary<M extends ModelSummaryBase = ModelSummaryBase> {
  protocol: ProtocolId;
  models: M[];
  runIds: string[];
  /** Caveats found while summarising (a reference without errors, rows without truth...). */
  notes: string[];
}

/** 'percent': a share; 'points': a difference of shares; 'epsilon': pixel levels of 255 (Infinity: beyond the grid). */
export type FindingUnit = 'percent' | 'points' | 'epsilon';

/** One summary metric of a protocol: a column of the findings table. */
export interface FindingColumn<M extends ModelSummaryBase = ModelSummaryBase> {
  key: string;
  label: string;
  /** 'percent': a share; 'points': a difference of shares (percentage points), both fractions; 'epsilon': pixel levels. */
  unit: FindingUnit;
  value(model: M): number | null;
}

export interface Protocol<M extends ModelSummaryBase = ModelSummaryBase> {
  id: ProtocolId;
  name: string;
  /** The question it answers, one sentence. */
  question: string;
  reference: ProtocolReference | null;
  /** Which class sets its metrics judge by. */
  classSetNote: string;
  /** What each grid sweeps, in words. */
  grids: Record<ProtocolGrid, string>;
  /** Its sweep definitions, each checked by validateDefinition (throws if one is not: a bug). */
  definitions(models: readonly string[], base: SceneState, grid?: ProtocolGrid): SweepDefinition[];
  /** Per model, over any of its runs. */
  summariseRuns(runs: readonly ProtocolRun[], options?: SummaryOptions): ProtocolSummary<M>;
  /** One run's summary (summariseRuns of that run alone). */
  summarise(run: RunRecord, rows: readonly ResultRow[], options?: SummaryOptions): ProtocolSummary<M>;
  findings: readonly FindingColumn<M>[];
}

/** A protocol from everything but `summarise`. */
export function makeProtocol<M extends ModelSummaryBase>(spec: Omit<Protocol<M>, 'summarise'>): Protocol<M> {
  return { ...spec, summarise: (run, rows, options) => spec.summariseRuns([{ run, rows }], options) };
}

export const PROCEDURAL_REFS: SubjectRef[] = PROCEDURAL_SUBJECTS.map((name) => ({ kind: 'procedural', name }));

/** "dog: any dog breed; cat: ...": the class sets of the procedural subjects, in words. */
export function classSetsInWords(): string {
  return PROCEDURAL_SUBJECTS.map((id) => `${id}: ${classSet(id).name}`).join('; ');
}

/** What every reference's caveat starts with. */
export const THEIR_FIGURE =
  'Their figure, from their paper, measured on ImageNet photographs (or their own renders) with their models; ours come from procedural 3D subjects and are shown beside it, not as equal to it.';

/**
 * The base scene of a protocol: the caller's base with the fields the protocol measures put back to
 * their defaults (so that a noisy base scene does not leak into a background measurement), then `set`.
 */
export function protocolBase(base: SceneState, reset: readonly FieldPath[], set: Partial<Record<FieldPath, AnyFieldValue>> = {}): SceneState {
  const state = cloneState(base);
  for (const path of reset) setFieldUnchecked(state, path, fieldEntry(path)!.spec.default as AnyFieldValue);
  for (const [path, value] of Object.entries(set)) setFieldUnchecked(state, path as FieldPath, value as AnyFieldValue);
  return state;
}

export interface DefinitionParts {
  /** "Pose: pitch 15°": the protocol's name and the part. */
  name: string;
  base: SceneState;
  axes: Axis[];
  /** The subject of every point, when no axis is the subject axis. */
  subject?: SubjectRef;
  models: readonly string[];
  /** With an ε axis. */
  attack?: SweepAttack;
}

/** A definition checked by validateDefinition; throws with its problems (a protocol's bug). */
export function checkedDefinition(parts: DefinitionParts): SweepDefinition {
  const subjects = parts.subject ? [parts.subject] : (parts.axes.find((a) => a.kind === 'subject')?.subjects ?? []);
  const truth: Record<string, Truth> = {};
  for (const s of subjects) if (s.kind === 'procedural') truth[subjectKey(s)] = { kind: 'class-set', id: s.name };
  const raw = { version: DEFINITION_VERSION, name: parts.name, base: parts.base, axes: parts.axes, truth, models: [...parts.models], ...(parts.subject ? { subject: parts.subject } : {}), ...(parts.attack ? { attack: parts.attack } : {}) };
  const check = validateDefinition(raw);
  if (!check.ok) throw new Error(`Protocol definition "${parts.name}" is invalid: ${check.problems.join(' ')}`);
  return check.definition;
}

/** One row with its point and run. */
export interface PointRow {
  run: RunRecord;
  row: ResultRow;
  point: SweepPoint;
}

/** Every row of the runs (one per cell, later rows replacing earlier; foreign rows dropped) with its point. */
export function* pointRows(runs: readonly ProtocolRun[]): Generator<PointRow> {
  for (const { run, rows } of runs) {
    const read = pointReader(run.definition);
    for (const row of dedupeRows(run.definition, rows)) yield { run, row, point: read(row.point) };
  }
}

/** The models of the runs, in order of first appearance, with the name a run recorded and their runs. */
export function modelsOf(runs: readonly ProtocolRun[]): ModelSummaryBase[] {
  const out = new Map<string, ModelSummaryBase>();
  for (const { run } of runs) {
    for (const id of definitionModels(run.definition)) {
      const m = out.get(id) ?? { model: id, name: run.models.find((r) => r.id === id)?.name ?? id, points: 0, runIds: [] };
      if (!m.runIds.includes(run.id)) m.runIds.push(run.id);
      out.set(id, m);
    }
  }
  return [...out.values()];
}

export function runIdsOf(runs: readonly ProtocolRun[]): string[] {
  return [...new Set(runs.map((r) => r.run.id))];
}

/** Counts of correct answers: n judged, c1 correct at 1, c5 correct at 5. */
export interface Tally {
  n: number;
  c1: number;
  c5: number;
}

export const emptyTally = (): Tally => ({ n: 0, c1: 0, c5: 0 });

/** Adds a row with a truth to the tally; false (and nothing added) for a row without one. */
export function count(t: Tally, row: ResultRow): boolean {
  if (row.correctAt1 === null) return false;
  t.n++;
  if (row.correctAt1) t.c1++;
  if (row.correctAt5) t.c5++;
  return true;
}

/** k / n, or null when nothing was judged. */
export function share(k: number, n: number): number | null {
  return n > 0 ? k / n : null;
}

/** a − b, or null when either is missing. */
export function gap(a: number | null | undefined, b: number | null | undefined): number | null {
  return a == null || b == null ? null : a - b;
}

/** The mean of the numbers that are there, or null. */
export function meanOf(values: readonly (number | null)[]): number | null {
  const ok = values.filter((v): v is number => v !== null);
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : null;
}

/** Tallies keyed by text, in first-seen order. */
export class TallyMap {
  readonly map = new Map<string, Tally>();
  add(key: string, row: ResultRow): boolean {
    const t = this.map.get(key) ?? emptyTally();
    this.map.set(key, t);
    return count(t, row);
  }
  top1(key: string): number | null {
    const t = this.map.get(key);
    return t ? share(t.c1, t.n) : null;
  }
}

/** The run's field axis over one of `paths` (the field a part of a protocol sweeps), with its values. */
export function sweptField(run: RunRecord, paths: readonly FieldPath[]): { path: FieldPath; index: number; values: AxisValue[] } | null {
  const index = run.definition.axes.findIndex((a) => a.kind === 'field' && paths.includes(a.path));
  if (index < 0) return null;
  const axis = run.definition.axes[index];
  return axis.kind === 'field' ? { path: axis.path, index, values: axisValues(axis) } : null;
}

/** Summary notes for rows skipped because their subject has no truth. */
export function noTruthNote(skipped: number): string[] {
  return skipped > 0 ? [`${skipped} row(s) of subjects without a truth were not counted.`] : [];
}
