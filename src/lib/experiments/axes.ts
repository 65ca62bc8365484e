/**
 * The axes of a sweep: a scene-state field (numbers as from/to/steps or a list; choices and toggles as
 * all options or chosen ones; colours as a list), the subject, the model, or the adversarial budget ε
 * (with the definition's attack). Reading an untrusted axis
 * checks every value against its field's spec (validateValue, the same check links and presets get),
 * and names the axis in every problem. Expanding an axis gives its values in sweep order.
 */
import { fieldEntry, type AnyFieldValue, type FieldEntry, type FieldPath } from '$lib/state/schema';
import { validateValue } from '$lib/state/field-values';
import { readSubjectRef, subjectKey, type SubjectRef } from './subjects';

/** At most this many points in one sweep (the product of its axes' lengths). */
export const MAX_POINTS = 20_000;

/** A number range: `steps` evenly spaced values from `from` to `to`, both included (from <= to). */
export interface NumberRange {
  from: number;
  to: number;
  steps: number;
}

export type FieldAxisValues = AnyFieldValue[] | NumberRange | 'all';

export interface FieldAxis {
  kind: 'field';
  path: FieldPath;
  values: FieldAxisValues;
}
export interface SubjectAxis {
  kind: 'subject';
  subjects: SubjectRef[];
}
/** An ordered list of models (e.g. checkpoints of one network): each point runs on its one model. */
export interface ModelAxis {
  kind: 'model';
  models: string[];
}
/**
 * Adversarial budgets: PGD L∞ ε in pixel levels of the 0..255 scale (4 means 4/255), each point's frame
 * attacked on the definition's attack source model (definition.ts SweepAttack); 0 is the clean frame.
 */
export interface EpsilonAxis {
  kind: 'epsilon';
  values: number[];
}
export type Axis = FieldAxis | SubjectAxis | ModelAxis | EpsilonAxis;

/** The largest ε an axis may list (pixel levels): a budget of 64/255 already changes what a picture shows. */
export const MAX_EPSILON = 64;

/** One axis value: a field value, a subject key, a model id or an ε. */
export type AxisValue = AnyFieldValue;

/** Values of a range, rounded to 10 decimals so that 0.1 steps read 0.3, not 0.30000000000000004. */
export function rangeValues({ from, to, steps }: NumberRange): number[] {
  if (steps === 1) return [from];
  return Array.from({ length: steps }, (_, i) => (i === steps - 1 ? to : Number((from + ((to - from) * i) / (steps - 1)).toFixed(10))));
}

/** The values of a field axis: the range, the list, or every option of a choice / both states of a toggle. */
export function fieldAxisValues(axis: FieldAxis): AnyFieldValue[] {
  const { values } = axis;
  if (Array.isArray(values)) return values;
  if (values === 'all') {
    const spec = fieldEntry(axis.path)!.spec;
    if (spec.kind === 'choice') return [...spec.options];
    return [false, true];
  }
  return rangeValues(values);
}

/** The axis's values in sweep order (subjects as their keys). */
export function axisValues(axis: Axis): AxisValue[] {
  if (axis.kind === 'field') return fieldAxisValues(axis);
  if (axis.kind === 'subject') return axis.subjects.map(subjectKey);
  if (axis.kind === 'epsilon') return [...axis.values];
  return [...axis.models];
}

/** How many values the axis has, without listing a range. */
export function axisLength(axis: Axis): number {
  if (axis.kind === 'field') {
    const { values } = axis;
    if (Array.isArray(values)) return values.length;
    if (values === 'all') return fieldAxisValues(axis).length;
    return values.steps;
  }
  if (axis.kind === 'epsilon') return axis.values.length;
  return axis.kind === 'subject' ? axis.subjects.length : axis.models.length;
}

/** "camera.yaw", "subject", "model", "epsilon": the axis's column name in exports. */
export function axisName(axis: Axis): string {
  return axis.kind === 'field' ? axis.path : axis.kind;
}

/** The problem in a validateValue notice, without what a link would do about it. */
function problemOf(entry: FieldEntry, notice: string): string {
  return notice.replace(`${entry.spec.label} (${entry.path}): `, '').replace(/; (using the default|clamped to .*)\.$/, '.');
}

/** Checks one field value; returns it in the in-memory form, or a problem. Clamping counts as a problem. */
function checkValue(entry: FieldEntry, raw: unknown, where: string): { value: AnyFieldValue } | { problem: string } {
  const check = validateValue(entry, raw);
  if (!check.ok || check.notice) return { problem: `${where}: ${problemOf(entry, check.notice!)}` };
  return { value: check.value };
}

function readRange(entry: FieldEntry, raw: Record<string, unknown>, where: string, problems: string[]): NumberRange | null {
  const { from, to, steps } = raw;
  const start = problems.length;
  for (const [name, v] of [['from', from], ['to', to]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${where}: "${name}" must be a finite number, got ${String(v)}.`);
    else {
      const c = checkValue(entry, v, where);
      if ('problem' in c) problems.push(c.problem);
    }
  }
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1) {
    problems.push(`${where}: "steps" must be a whole number of at least 1, got ${String(steps)}.`);
  }
  if (problems.length > start) return null;
  const range = { from: from as number, to: to as number, steps: steps as number };
  if (range.from > range.to) {
    problems.push(`${where}: from ${range.from} is greater than to ${range.to}; a range runs upwards (swap them, or list the values in the order wanted).`);
    return null;
  }
  if (range.from === range.to && range.steps > 1) {
    problems.push(`${where}: from and to are both ${range.from}, so its ${range.steps} steps would repeat one value.`);
    return null;
  }
  return range;
}

function readFieldAxis(raw: Record<string, unknown>, n: number, problems: string[]): FieldAxis | null {
  const entry = typeof raw.path === 'string' ? fieldEntry(raw.path) : undefined;
  if (!entry) {
    problems.push(`Axis ${n}: unknown field "${String(raw.path)}" (not a setting of this app's scene state).`);
    return null;
  }
  const where = `Axis ${n} (${entry.spec.label}, ${entry.path})`;
  const { values } = raw;
  const { spec } = entry;
  if (values === 'all') {
    if (spec.kind === 'choice' || spec.kind === 'toggle') return { kind: 'field', path: entry.path, values: 'all' };
    problems.push(`${where}: "all" is only for choices and toggles; give ${spec.kind === 'number' ? 'from/to/steps or ' : ''}a list of values.`);
    return null;
  }
  if (spec.kind === 'number' && typeof values === 'object' && values !== null && !Array.isArray(values)) {
    const range = readRange(entry, values as Record<string, unknown>, where, problems);
    return range && { kind: 'field', path: entry.path, values: range };
  }
  if (!Array.isArray(values)) {
    problems.push(`${where}: values must be a list${spec.kind === 'number' ? ', or from/to/steps' : ', or "all"'}.`);
    return null;
  }
  if (values.length === 0) {
    problems.push(`${where}: has no values (0 points).`);
    return null;
  }
  const start = problems.length;
  const out: AnyFieldValue[] = [];
  values.forEach((v, i) => {
    const c = checkValue(entry, v, `${where}, value ${i + 1}`);
    if ('problem' in c) problems.push(c.problem);
    else if (out.includes(c.value)) problems.push(`${where}: lists ${String(c.value)} more than once.`);
    else out.push(c.value);
  });
  return problems.length > start ? null : { kind: 'field', path: entry.path, values: out };
}

type Read<T> = { value: T } | { error: string };

function readList<T>(raw: unknown, where: string, what: string, read: (v: unknown) => Read<T>, key: (v: T) => string, problems: string[]): T[] | null {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`${where}: needs a list of at least one ${what} (0 points).`);
    return null;
  }
  const start = problems.length;
  const out: T[] = [];
  const seen = new Set<string>();
  raw.forEach((v, i) => {
    const r = read(v);
    if ('error' in r) problems.push(`${where}, ${what} ${i + 1}: ${r.error}.`);
    else if (seen.has(key(r.value))) problems.push(`${where}: lists ${what} "${key(r.value)}" more than once.`);
    else {
      seen.add(key(r.value));
      out.push(r.value);
    }
  });
  return problems.length > start ? null : out;
}

/** A model id: non-empty text. */
export function readModelId(v: unknown): Read<string> {
  return typeof v === 'string' && v !== '' ? { value: v } : { error: 'a model id must be non-empty text' };
}

/** An ε in pixel levels: 0 (clean) up to MAX_EPSILON. */
function readEpsilon(v: unknown): Read<number> {
  if (typeof v !== 'number' || !Number.isFinite(v)) return { error: `ε must be a number of pixel levels (4 means 4/255), got ${JSON.stringify(v) ?? String(v)}` };
  if (v < 0 || v > MAX_EPSILON) return { error: `ε ${v} is outside 0…${MAX_EPSILON} (pixel levels of 255)` };
  return { value: v };
}

function readSubject(v: unknown): Read<SubjectRef> {
  const r = readSubjectRef(v);
  return typeof r === 'string' ? { error: r } : { value: r };
}

/** Reads axis `n` (1-based, for messages) of an untrusted definition; problems are appended. */
export function readAxis(raw: unknown, n: number, problems: string[]): Axis | null {
  if (typeof raw !== 'object' || raw === null) {
    problems.push(`Axis ${n}: must be an object, got ${raw === null ? 'null' : typeof raw}.`);
    return null;
  }
  const r = raw as Record<string, unknown>;
  if (r.kind === 'field') return readFieldAxis(r, n, problems);
  if (r.kind === 'subject') {
    const subjects = readList(r.subjects, `Axis ${n} (subject)`, 'subject', readSubject, subjectKey, problems);
    return subjects && { kind: 'subject', subjects };
  }
  if (r.kind === 'model') {
    const models = readList(r.models, `Axis ${n} (model)`, 'model', readModelId, (m) => m, problems);
    return models && { kind: 'model', models };
  }
  if (r.kind === 'epsilon') {
    const values = readList(r.values, `Axis ${n} (ε)`, 'ε', readEpsilon, String, problems);
    return values && { kind: 'epsilon', values };
  }
  problems.push(`Axis ${n}: unknown kind "${String(r.kind)}" (field, subject, model or epsilon).`);
  return null;
}

export { readList };
