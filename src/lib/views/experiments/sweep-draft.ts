/**
 * What the sweep editor holds while the user types: a draft that may be half-filled (an empty "from",
 * a list with a typo), turned into a raw definition that experiments/definition.ts validateDefinition
 * checks, so the editor shows exactly the problems a file or a link would get. A definition read back
 * (an imported file, a shared link) becomes a draft again. Also: the subjects the editor offers and the
 * current scene's subject. Plain TS, no DOM.
 */
import { DEFINITION_VERSION, type SweepDefinition } from '$lib/experiments/definition';
import { PROCEDURAL_SUBJECTS, defaultTruth, subjectKey, type SubjectRef, type Truth } from '$lib/experiments/subjects';
import { SAMPLE_PHOTOS } from '$lib/scene/subjects/sample-photos';
import { availableSubjects } from '$lib/pipeline/sweep-subjects';
import { fieldEntry, type FieldPath, type SceneState } from '$lib/state/schema';

export type AxisKind = 'field' | 'subject' | 'model' | 'epsilon';

/** The ε values a new adversarial axis offers (pixel levels: 4 means 4/255), and its PGD steps. */
export const DEFAULT_EPSILONS = '0, 0.5, 1, 2, 4, 8';
export const DEFAULT_ATTACK_STEPS = 10;

/** One axis as edited: every kind's inputs are kept, so switching kinds loses nothing typed. */
export interface AxisDraft {
  kind: AxisKind;
  path: FieldPath;
  /** Numbers: a range (from/to/steps) or a comma-separated list. */
  numbers: 'range' | 'list';
  from: number | null;
  to: number | null;
  steps: number | null;
  /** Numbers as a list, and colours: comma-separated. */
  list: string;
  /** Choices (their options) and toggles ('off' / 'on'): all, or the chosen ones. */
  options: 'all' | string[];
  subjects: SubjectRef[];
  models: string[];
  /** ε axis: budgets in pixel levels, comma-separated; the attacked model (null: the first loaded) and PGD steps. */
  epsilons: string;
  attackSource: string | null;
  attackSteps: number | null;
  /** The step size of an imported definition (pixel levels); null: 2.5 ε / steps. */
  attackStepSize: number | null;
}

export interface SweepDraft {
  name: string;
  axes: AxisDraft[];
  /** Models every point runs on when there is no model axis: all loaded ones, or these. */
  models: 'all' | string[];
  /** The subject when there is no subject axis; null: the current scene's, taken at Run. */
  subject: SubjectRef | null;
  /** By subject key; a shown subject without an entry gets its default. */
  truth: Record<string, Truth>;
  /** null: the current scene, taken at Run; else the scene of an imported definition. */
  base: SceneState | null;
}

/** What the draft is filled in with when it becomes a definition. */
export interface DraftEnvironment {
  base: SceneState;
  currentSubject: SubjectRef;
  loadedIds: readonly string[];
}

export interface SubjectOption {
  ref: SubjectRef;
  key: string;
  label: string;
}

/** Names of the user's stored subjects (views of scene/subjects/user-subjects). */
export interface UserSubjectNames {
  gltf: string | null;
  photo: string | null;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The subjects a sweep can show: the procedural four, the sample photos, the user's stored subjects. */
export function subjectOptions(user: UserSubjectNames): SubjectOption[] {
  return availableSubjects({ names: user }).map((ref) => ({ ref, key: subjectKey(ref), label: optionLabel(ref, user) }));
}

function optionLabel(ref: SubjectRef, user: UserSubjectNames): string {
  if (ref.kind === 'procedural') return capitalise(ref.name);
  if (ref.kind === 'sample') return `${SAMPLE_PHOTOS.find((s) => s.file === ref.file)?.label ?? ref.file} (sample photo)`;
  return ref.source === 'gltf' ? `Your 3D model "${user.gltf}"` : `Your photo "${user.photo}"`;
}

/** How a subject is named in the editor (an unknown one by its key). */
export function subjectLabel(ref: SubjectRef, options: readonly SubjectOption[]): string {
  const key = subjectKey(ref);
  return options.find((o) => o.key === key)?.label ?? key;
}

/** The subject the scene shows: a procedural one by its pair and shape morph, else the photo or glTF. */
export function currentSubject(state: { readonly subject: Readonly<SceneState['subject']> }, user: UserSubjectNames): SubjectRef {
  const { source, pair, shape } = state.subject;
  if (source === 'procedural') {
    const names = pair === 'animal' ? (['dog', 'cat'] as const) : (['fire truck', 'race car'] as const);
    return { kind: 'procedural', name: names[shape < 0.5 ? 0 : 1] };
  }
  if (source === 'photo' && user.photo && SAMPLE_PHOTOS.some((s) => s.file === user.photo)) return { kind: 'sample', file: user.photo };
  return { kind: 'user', id: source, source };
}

/** A new axis over `path` (its full range in 5 steps), the procedural subjects, or the loaded models. */
export function newAxis(path: FieldPath, loadedIds: readonly string[], kind: AxisKind = 'field'): AxisDraft {
  const spec = fieldEntry(path)!.spec;
  return {
    kind,
    path,
    numbers: 'range',
    from: spec.kind === 'number' ? spec.min : null,
    to: spec.kind === 'number' ? spec.max : null,
    steps: spec.kind === 'number' ? 5 : null,
    list: spec.kind === 'color' ? spec.default : '',
    options: 'all',
    subjects: PROCEDURAL_SUBJECTS.map((name) => ({ kind: 'procedural', name })),
    models: [...loadedIds],
    epsilons: DEFAULT_EPSILONS,
    attackSource: null,
    attackSteps: DEFAULT_ATTACK_STEPS,
    attackStepSize: null
  };
}

/** An axis switched to another field: its range and list start afresh for that field. */
export function withPath(axis: AxisDraft, path: FieldPath): AxisDraft {
  const fresh = newAxis(path, axis.models);
  const { kind, subjects, models, numbers, epsilons, attackSource, attackSteps, attackStepSize } = axis;
  return { ...fresh, kind, subjects, models, numbers, epsilons, attackSource, attackSteps, attackStepSize };
}

export function newDraft(loadedIds: readonly string[]): SweepDraft {
  return { name: 'Yaw sweep', axes: [newAxis('camera.yaw', loadedIds)], models: 'all', subject: null, truth: {}, base: null };
}

/** "1, 2,3 ," -> ["1", "2", "3"]: the items of a comma-separated list (the checker reads them). */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A list item as a number when it reads as one, else the text (the checker names it). */
function listNumber(text: string): number | string {
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/** The attack of a draft's ε axis, as a raw definition has it (the source filled in from `loadedIds`). */
function rawAttack(axis: AxisDraft, loadedIds: readonly string[]): Record<string, unknown> {
  const attack: Record<string, unknown> = { method: 'pgd-linf', source: axis.attackSource ?? loadedIds[0] ?? '', steps: axis.attackSteps };
  if (axis.attackStepSize !== null) attack.stepSize = axis.attackStepSize;
  return attack;
}

function rawAxis(axis: AxisDraft): unknown {
  if (axis.kind === 'subject') return { kind: 'subject', subjects: axis.subjects };
  if (axis.kind === 'model') return { kind: 'model', models: axis.models };
  if (axis.kind === 'epsilon') return { kind: 'epsilon', values: splitList(axis.epsilons).map(listNumber) };
  const spec = fieldEntry(axis.path)?.spec;
  const base = { kind: 'field', path: axis.path };
  if (!spec) return { ...base, values: [] };
  if (spec.kind === 'number') {
    if (axis.numbers === 'range') return { ...base, values: { from: axis.from, to: axis.to, steps: axis.steps } };
    return { ...base, values: splitList(axis.list) };
  }
  if (spec.kind === 'color') return { ...base, values: splitList(axis.list).map((c) => c.replace(/^#/, '')) };
  if (axis.options === 'all') return { ...base, values: 'all' };
  if (spec.kind === 'toggle') return { ...base, values: axis.options.map((o) => o === 'on') };
  return { ...base, values: spec.options.filter((o) => (axis.options as string[]).includes(o)) };
}

/** The draft as a raw definition, for validateDefinition (what is missing is filled in from `env`). */
export function draftToRaw(draft: SweepDraft, env: DraftEnvironment): Record<string, unknown> {
  const axes = draft.axes.map(rawAxis);
  const hasModelAxis = draft.axes.some((a) => a.kind === 'model');
  const subjectAxis = draft.axes.find((a) => a.kind === 'subject');
  const subject = draft.subject ?? env.currentSubject;
  const shown = subjectAxis ? subjectAxis.subjects : [subject];
  const truth: Record<string, Truth> = {};
  for (const s of shown) truth[subjectKey(s)] = draft.truth[subjectKey(s)] ?? defaultTruth(s);
  const raw: Record<string, unknown> = {
    version: DEFINITION_VERSION,
    name: draft.name,
    base: draft.base ?? env.base,
    axes,
    truth,
    models: hasModelAxis ? [] : draft.models === 'all' ? [...env.loadedIds] : [...draft.models]
  };
  if (!subjectAxis) raw.subject = subject;
  const epsilonAxis = draft.axes.find((a) => a.kind === 'epsilon');
  if (epsilonAxis) raw.attack = rawAttack(epsilonAxis, env.loadedIds);
  return raw;
}

/** A checked definition as a draft (an imported file, a shared link): its base is kept. */
export function draftFromDefinition(def: SweepDefinition): SweepDraft {
  const axes = def.axes.map((a): AxisDraft => {
    if (a.kind === 'subject') return { ...newAxis('camera.yaw', [], 'subject'), subjects: [...a.subjects] };
    if (a.kind === 'model') return { ...newAxis('camera.yaw', [], 'model'), models: [...a.models] };
    if (a.kind === 'epsilon') {
      const attack = def.attack;
      const fresh = newAxis('camera.yaw', [], 'epsilon');
      return { ...fresh, epsilons: a.values.join(', '), attackSource: attack?.source ?? null, attackSteps: attack?.steps ?? DEFAULT_ATTACK_STEPS, attackStepSize: attack?.stepSize ?? null };
    }
    const axis = newAxis(a.path, []);
    const spec = fieldEntry(a.path)!.spec;
    const { values } = a;
    if (values === 'all') return { ...axis, options: 'all' };
    if (!Array.isArray(values)) return { ...axis, numbers: 'range', from: values.from, to: values.to, steps: values.steps };
    if (spec.kind === 'number' || spec.kind === 'color') return { ...axis, numbers: 'list', list: values.join(', ') };
    if (spec.kind === 'toggle') return { ...axis, options: values.map((v) => (v ? 'on' : 'off')) };
    return { ...axis, options: values.map(String) };
  });
  const models = def.axes.some((a) => a.kind === 'model') ? 'all' : [...def.models];
  return { name: def.name, axes, models, subject: def.subject ?? null, truth: structuredClone(def.truth), base: def.base };
}

/** How many values an axis draft has (0 where it is not readable yet). */
export function axisDraftLength(axis: AxisDraft): number {
  if (axis.kind === 'subject') return axis.subjects.length;
  if (axis.kind === 'model') return axis.models.length;
  if (axis.kind === 'epsilon') return splitList(axis.epsilons).length;
  const spec = fieldEntry(axis.path)?.spec;
  if (!spec) return 0;
  if (spec.kind === 'number' && axis.numbers === 'range') {
    const steps = axis.steps ?? 0;
    return Number.isInteger(steps) && steps > 0 ? steps : 0;
  }
  if (spec.kind === 'number' || spec.kind === 'color') return splitList(axis.list).length;
  if (axis.options !== 'all') return axis.options.length;
  return spec.kind === 'choice' ? spec.options.length : 2;
}

/** Points, models per point and predictions of a draft. */
export function draftCounts(draft: SweepDraft, loadedIds: readonly string[]): { points: number; models: number; cells: number } {
  const points = draft.axes.reduce((n, a) => n * axisDraftLength(a), 1);
  const modelAxis = draft.axes.some((a) => a.kind === 'model');
  const models = modelAxis ? 1 : draft.models === 'all' ? loadedIds.length : draft.models.length;
  return { points, models, cells: points * models };
}
