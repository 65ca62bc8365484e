/**
 * A sweep definition: a name, the scene state it starts from (the base), one or two axes, the truth
 * of each subject it shows and the models it runs on. `validateDefinition` reads an untrusted one (a
 * file, a link, a stored run) and either returns it, normalised, or lists every problem, each naming
 * what is wrong and where. Field values are checked by the state's own validateValue (axes.ts); the
 * base scene by sanitiseState.
 *
 * Points: base, then the point's subject (subjects.ts: a procedural subject sets its pair and morph
 * end), then the field axes. Runs: every point on every model of `models`, or, with a model axis, each
 * point on its one model. With an ε axis (and only then) the definition has an `attack`: each point's
 * frame is first attacked on the attack's source model, and every model predicts the attacked frame.
 */
import { SCHEMA_VERSION, type SceneState } from '$lib/state/schema';
import { sanitiseState } from '$lib/state/field-values';
import { CLASS_SETS } from '$lib/models/class-sets.js';
import { MAX_POINTS, axisLength, readAxis, readList, readModelId, type Axis } from './axes';
import { SUBJECT_AXIS_FIELDS, defaultTruth, readSubjectRef, readTruth, subjectKey, type SubjectRef, type Truth } from './subjects';

export const DEFINITION_VERSION = 1;
/** The most PGD steps an attack of a sweep may take per point. */
export const MAX_ATTACK_STEPS = 100;

/**
 * The adversarial attack of a sweep with an ε axis: PGD under L∞ (Madry et al.), `steps` steps of
 * `stepSize` pixel levels (default 2.5 ε / steps), no random start, on the `source` model's frame of the
 * point, away from the subject's truth classes (all of its class set at once; a subject without a truth:
 * away from the source's clean top-1). Every model of the point then predicts the attacked frame: the
 * source's rows are white-box, the others' are transfer. ε is in pixel levels (the axis's values).
 */
export interface SweepAttack {
  method: 'pgd-linf';
  source: string;
  steps: number;
  stepSize?: number;
}
export const MAX_NAME_LENGTH = 100;
/** A definition file longer than this is refused unread. */
export const MAX_DEFINITION_BYTES = 2 * 1024 * 1024;

export interface SweepDefinition {
  version: typeof DEFINITION_VERSION;
  name: string;
  base: SceneState;
  /** The subject of every point when no axis is the subject axis; absent when one is. */
  subject?: SubjectRef;
  /** One or two; the first is the outer loop. */
  axes: Axis[];
  /**
   * By subject key (subjectKey), one for each subject the sweep shows: a subject without an entry gets
   * its default (subjects.ts defaultTruth); entries for subjects the sweep does not show are dropped.
   */
  truth: Record<string, Truth>;
  /** The models every point runs on, in order; empty when a model axis lists them. */
  models: string[];
  /** With an ε axis only: how each point's frame is attacked. */
  attack?: SweepAttack;
}

/** What exists now: checked only when given (a file read in a context without models skips it). */
export interface DefinitionContext {
  /** Ids of the models that are loaded (stored or bundled). */
  modelIds?: readonly string[];
  /** Keys of the sample photos and stored subjects that exist (procedural subjects always do). */
  subjectKeys?: readonly string[];
}

export type DefinitionCheck = { ok: true; definition: SweepDefinition } | { ok: false; problems: string[] };

const CLASS_SET_IDS: readonly string[] = CLASS_SETS.map((s) => s.id);

/** The subjects a definition shows, in sweep order. */
export function definitionSubjects(def: Pick<SweepDefinition, 'axes' | 'subject'>): SubjectRef[] {
  const axis = def.axes.find((a) => a.kind === 'subject');
  return axis ? axis.subjects : def.subject ? [def.subject] : [];
}

/** The models a definition runs on, in order (the model axis's, or `models`). */
export function definitionModels(def: Pick<SweepDefinition, 'axes' | 'models'>): string[] {
  const axis = def.axes.find((a) => a.kind === 'model');
  return axis ? axis.models : def.models;
}

/** The truth of a subject in a definition (its entry, else its default). */
export function truthOf(def: Pick<SweepDefinition, 'truth'>, subject: SubjectRef): Truth {
  return def.truth[subjectKey(subject)] ?? defaultTruth(subject);
}

function readName(raw: unknown, problems: string[]): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    problems.push('The sweep needs a name.');
    return '';
  }
  const name = raw.trim();
  if (name.length > MAX_NAME_LENGTH) problems.push(`The sweep's name may be at most ${MAX_NAME_LENGTH} characters (this one has ${name.length}).`);
  return name;
}

function readBase(raw: unknown, problems: string[]): SceneState {
  const version = typeof raw === 'object' && raw !== null ? (raw as { version?: unknown }).version : undefined;
  if (version !== SCHEMA_VERSION) {
    problems.push(`The base scene is for scene schema version ${String(version)}; this app reads version ${SCHEMA_VERSION}.`);
  }
  const { state, notices } = sanitiseState(raw);
  if (version === SCHEMA_VERSION) for (const n of notices) problems.push(`Base scene: ${n.replace(/; using the defaults?\.$/, '.')}`);
  return state;
}

function readAttack(raw: unknown, hasEpsilonAxis: boolean, problems: string[]): SweepAttack | undefined {
  if (raw === undefined) {
    if (hasEpsilonAxis) problems.push('The ε axis needs an "attack" (its source model and steps).');
    return undefined;
  }
  if (!hasEpsilonAxis) {
    problems.push('The sweep has an "attack" but no ε axis; add an ε axis or remove the attack.');
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push('"attack" must be an object with a source model and steps.');
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const start = problems.length;
  if (r.method !== 'pgd-linf') problems.push(`Attack: method "${String(r.method)}" is not one this app runs in a sweep (pgd-linf).`);
  const source = readModelId(r.source);
  if ('error' in source) problems.push(`Attack: the source model: ${source.error}.`);
  const steps = r.steps;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1 || steps > MAX_ATTACK_STEPS) {
    problems.push(`Attack: steps must be a whole number from 1 to ${MAX_ATTACK_STEPS}, got ${String(steps)}.`);
  }
  const stepSize = r.stepSize;
  if (stepSize !== undefined && (typeof stepSize !== 'number' || !Number.isFinite(stepSize) || stepSize <= 0 || stepSize > 255)) {
    problems.push(`Attack: the step size must be a positive number of pixel levels (at most 255), got ${String(stepSize)}.`);
  }
  if (problems.length > start || 'error' in source) return undefined;
  const attack: SweepAttack = { method: 'pgd-linf', source: source.value, steps: steps as number };
  if (stepSize !== undefined) attack.stepSize = stepSize as number;
  return attack;
}

function readAxes(raw: unknown, problems: string[]): Axis[] {
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > 2) {
    problems.push(`A sweep has one or two axes; this one has ${Array.isArray(raw) ? raw.length : 'none'}.`);
    return [];
  }
  const axes = raw.map((a, i) => readAxis(a, i + 1, problems));
  if (axes.some((a) => a === null)) return [];
  const ok = axes as Axis[];
  if (ok.length === 2) {
    const [a, b] = ok;
    if (a.kind === b.kind && (a.kind !== 'field' || (b.kind === 'field' && a.path === b.path))) {
      problems.push(`Axes 1 and 2 both sweep the ${a.kind === 'field' ? `field ${a.path}` : a.kind}; give two different axes.`);
    }
    const field = ok.find((x) => x.kind === 'field');
    if (field?.kind === 'field' && ok.some((x) => x.kind === 'subject') && SUBJECT_AXIS_FIELDS.includes(field.path)) {
      problems.push(`Axis ${ok.indexOf(field) + 1} sweeps ${field.path}, which the subject axis sets for each subject; sweep one or the other.`);
    }
  }
  const points = ok.reduce((n, a) => n * axisLength(a), 1);
  if (points === 0) problems.push('The sweep has 0 points.');
  if (points > MAX_POINTS) {
    problems.push(`The sweep has ${points.toLocaleString('en')} points (${ok.map(axisLength).join(' × ')}); at most ${MAX_POINTS.toLocaleString('en')} are allowed.`);
  }
  return ok;
}

/** Checks an untrusted definition against the schema and, where given, what exists now. */
export function validateDefinition(raw: unknown, context: DefinitionContext = {}): DefinitionCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: ['A sweep definition must be an object.'] };
  }
  const r = raw as Record<string, unknown>;
  if (r.version !== DEFINITION_VERSION) {
    return { ok: false, problems: [`The sweep definition is version ${String(r.version)}; this app reads version ${DEFINITION_VERSION}.`] };
  }
  const problems: string[] = [];
  const name = readName(r.name, problems);
  const base = readBase(r.base, problems);
  const axes = readAxes(r.axes, problems);
  const rawKinds = Array.isArray(r.axes) ? r.axes.map((a) => (a as { kind?: unknown } | null)?.kind) : [];
  const modelAxis = rawKinds.includes('model');
  const subjectAxis = rawKinds.includes('subject');
  const attack = readAttack(r.attack, rawKinds.includes('epsilon'), problems);

  let subject: SubjectRef | undefined;
  if (!subjectAxis) {
    const s = readSubjectRef(r.subject);
    if (typeof s === 'string') problems.push(`Subject: ${s}.`);
    else subject = s;
  }

  let models: string[] = [];
  const rawModels = r.models ?? [];
  if (modelAxis) {
    if (!Array.isArray(rawModels) || rawModels.length > 0) problems.push('The model axis lists the models; leave "models" empty.');
  } else {
    models = readList(rawModels, 'Models', 'model', readModelId, (m) => m, problems) ?? [];
  }

  const defSubjects = definitionSubjects({ axes, subject });
  if (context.subjectKeys) {
    const known = new Set(context.subjectKeys);
    for (const s of defSubjects) {
      if (s.kind !== 'procedural' && !known.has(subjectKey(s))) problems.push(`Subject "${subjectKey(s)}" no longer exists (it was removed, or is stored in another browser).`);
    }
  }
  if (context.modelIds) {
    const known = new Set(context.modelIds);
    for (const id of definitionModels({ axes, models })) {
      if (!known.has(id)) problems.push(`Model "${id}" is not loaded: it is unknown here or was removed.`);
    }
    if (attack && !known.has(attack.source)) problems.push(`The attack's source model "${attack.source}" is not loaded: it is unknown here or was removed.`);
  }

  const truth: Record<string, Truth> = {};
  const rawTruth = r.truth ?? {};
  if (typeof rawTruth !== 'object' || rawTruth === null || Array.isArray(rawTruth)) problems.push('"truth" must map subjects to their truth.');
  else {
    for (const s of defSubjects) {
      const key = subjectKey(s);
      const given = (rawTruth as Record<string, unknown>)[key];
      const t = given === undefined ? defaultTruth(s) : readTruth(given, CLASS_SET_IDS);
      if (typeof t === 'string') problems.push(`Truth of subject "${key}": ${t}.`);
      else truth[key] = t;
    }
  }

  if (problems.length) return { ok: false, problems };
  const definition: SweepDefinition = { version: DEFINITION_VERSION, name, base, axes, truth, models };
  if (subject) definition.subject = subject;
  if (attack) definition.attack = attack;
  return { ok: true, definition };
}

/** Reads a definition file's text: corrupt JSON and oversized files are problems like any other. */
export function parseDefinitionJson(text: string, context: DefinitionContext = {}): DefinitionCheck {
  if (typeof text !== 'string') return { ok: false, problems: ['The sweep definition is not text.'] };
  if (text.length > MAX_DEFINITION_BYTES) {
    return { ok: false, problems: [`The sweep definition is ${text.length.toLocaleString('en')} characters long; at most ${MAX_DEFINITION_BYTES.toLocaleString('en')} are read.`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`The sweep definition is not valid JSON (${e instanceof Error ? e.message : String(e)}).`] };
  }
  return validateDefinition(raw, context);
}

/** The definition as a file holds it (pretty JSON; read back with parseDefinitionJson). */
export function definitionJson(definition: SweepDefinition): string {
  return JSON.stringify(definition, null, 2) + '\n';
}
