/**
 * The points of a sweep: the cartesian product of its axes in a stable order (the first axis is the
 * outer loop), each with its index, its axis values, its subject, its model (with a model axis) and the
 * full scene state it shows: the base, then the subject's fields, then the field axes. `pointAt` builds
 * one point from its index without listing the others (a runner resuming at point 12,345), and
 * `pointCount` / `cellCount` count without listing.
 */
import { cloneState, fieldEntry, setFieldUnchecked, type FieldPath, type SceneState } from '$lib/state/schema';
import { axisLength, axisValues, type AxisValue } from './axes';
import { definitionModels, type SweepDefinition } from './definition';
import { subjectFields, subjectKey, type SubjectRef } from './subjects';

export interface SweepPoint {
  /** 0-based, in sweep order. */
  index: number;
  /** One value per axis, in axis order (subjects as their keys, models as their ids). */
  values: AxisValue[];
  subject: SubjectRef;
  /** The point's model with a model axis; null when every model of the definition runs it. */
  model: string | null;
  /** The adversarial budget in pixel levels (the ε axis's value); 0: the clean frame. */
  epsilon: number;
  state: SceneState;
}

/** One unit of work: a point on a model. */
export interface Cell {
  point: number;
  model: string;
}

/** How many points the definition has (the product of its axes' lengths). */
export function pointCount(def: Pick<SweepDefinition, 'axes'>): number {
  return def.axes.reduce((n, a) => n * axisLength(a), 1);
}

/** How many point × model cells a run of the definition has (the rows of a complete run). */
export function cellCount(def: SweepDefinition): number {
  const points = pointCount(def);
  return def.axes.some((a) => a.kind === 'model') ? points : points * def.models.length;
}

/** Per axis, the index of the point's value on it (first axis outermost). */
function axisIndices(def: SweepDefinition, index: number): number[] {
  const lengths = def.axes.map(axisLength);
  const out = new Array<number>(lengths.length);
  let rest = index;
  for (let i = lengths.length - 1; i >= 0; i--) {
    out[i] = rest % lengths[i];
    rest = Math.floor(rest / lengths[i]);
  }
  return out;
}

function build(def: SweepDefinition, index: number, values: AxisValue[]): SweepPoint {
  let subject = def.subject;
  let model: string | null = null;
  let epsilon = 0;
  def.axes.forEach((axis, i) => {
    if (axis.kind === 'subject') subject = axis.subjects.find((s) => subjectKey(s) === values[i]);
    if (axis.kind === 'model') model = values[i] as string;
    if (axis.kind === 'epsilon') epsilon = values[i] as number;
  });
  if (!subject) throw new Error('A sweep point needs a subject: the definition has neither a subject axis nor a subject.');
  const state = cloneState(def.base);
  for (const [path, value] of Object.entries(subjectFields(subject))) setFieldUnchecked(state, path as FieldPath, value);
  def.axes.forEach((axis, i) => {
    if (axis.kind === 'field' && fieldEntry(axis.path)) setFieldUnchecked(state, axis.path, values[i]);
  });
  return { index, values, subject, model, epsilon, state };
}

/**
 * A reader of points by index that expands the axes once: for callers that look up many points (an
 * export of 20,000 rows), where pointAt would expand them for each.
 */
export function pointReader(def: SweepDefinition): (index: number) => SweepPoint {
  const all = def.axes.map(axisValues);
  const count = pointCount(def);
  return (index) => {
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`No point ${index}: the sweep has ${count} points.`);
    return build(def, index, axisIndices(def, index).map((j, i) => all[i][j]));
  };
}

/** The point at `index` (0 <= index < pointCount). */
export function pointAt(def: SweepDefinition, index: number): SweepPoint {
  return pointReader(def)(index);
}

/** Every point, in sweep order. */
export function* enumeratePoints(def: SweepDefinition): Generator<SweepPoint> {
  const read = pointReader(def);
  const count = pointCount(def);
  for (let index = 0; index < count; index++) yield read(index);
}

/** Whether the sweep has this cell: its point exists and runs on its model. */
export function isCellOf(def: SweepDefinition, cell: Cell): boolean {
  if (!Number.isInteger(cell.point) || cell.point < 0 || cell.point >= pointCount(def)) return false;
  const modelAxis = def.axes.findIndex((a) => a.kind === 'model');
  if (modelAxis < 0) return def.models.includes(cell.model);
  return definitionModels(def)[axisIndices(def, cell.point)[modelAxis]] === cell.model;
}

/** Every cell of a run, in run order: point by point, each on its model(s) in the definition's order. */
export function* enumerateCells(def: SweepDefinition): Generator<Cell> {
  const modelAxis = def.axes.findIndex((a) => a.kind === 'model');
  const models = definitionModels(def);
  const count = pointCount(def);
  for (let point = 0; point < count; point++) {
    if (modelAxis >= 0) yield { point, model: models[axisIndices(def, point)[modelAxis]] };
    else for (const model of models) yield { point, model };
  }
}
