/**
 * The subjects a sweep can show, named without loading them: the four procedural subjects (the ends of
 * the two morphable pairs, named like their class sets), the sample photos shipped with the app (by
 * file name) and the user's stored subjects (by id). Each has a key (used in definitions, truth maps,
 * CSV columns and results) and the scene-state fields it sets; what "the right answer" is for it is
 * its truth (a class set, chosen labels, or none).
 */
import type { AnyFieldValue, FieldPath } from '$lib/state/schema';

export const PROCEDURAL_SUBJECTS = ['dog', 'cat', 'fire truck', 'race car'] as const;
export type ProceduralSubject = (typeof PROCEDURAL_SUBJECTS)[number];

export type SubjectRef =
  | { kind: 'procedural'; name: ProceduralSubject }
  /** A sample photo shipped with the app (scene/subjects/sample-photos.ts), by file name. */
  | { kind: 'sample'; file: string }
  /** One of the user's stored subjects, by id; `source` says how the scene shows it. */
  | { kind: 'user'; id: string; source: 'gltf' | 'photo' };

/** What counts as a right answer for a subject. */
export type Truth =
  /** The classes of a class set (models/class-sets.js), by its id ('dog', 'fire truck', ...). */
  | { kind: 'class-set'; id: string }
  /** Chosen class labels (matched by first synonym, as class sets are). */
  | { kind: 'labels'; labels: string[] }
  /** No truth: only the top-1 class and its confidence are recorded. */
  | { kind: 'none' };

/** "dog", "sample:kitten.jpg", "user:abc123": a subject's key in definitions, truth maps and exports. */
export function subjectKey(ref: SubjectRef): string {
  if (ref.kind === 'procedural') return ref.name;
  if (ref.kind === 'sample') return `sample:${ref.file}`;
  return `user:${ref.id}`;
}

const PAIR_END: Record<ProceduralSubject, { pair: 'animal' | 'vehicle'; end: 0 | 1 }> = {
  dog: { pair: 'animal', end: 0 },
  cat: { pair: 'animal', end: 1 },
  'fire truck': { pair: 'vehicle', end: 0 },
  'race car': { pair: 'vehicle', end: 1 }
};

/** The fields a subject sets on a point's state (before the field axes, which may change them again). */
export type SubjectFields = Partial<Record<FieldPath, AnyFieldValue>>;

/**
 * A procedural subject sets the source, its pair and both morphs to its end (a shape or texture axis
 * then moves them from there); a photo or user subject sets only the source.
 */
export function subjectFields(ref: SubjectRef): SubjectFields {
  if (ref.kind === 'procedural') {
    const { pair, end } = PAIR_END[ref.name];
    return { 'subject.source': 'procedural', 'subject.pair': pair, 'subject.shape': end, 'subject.texture': end };
  }
  return { 'subject.source': ref.kind === 'sample' ? 'photo' : ref.source };
}

/** The fields a subject axis sets whatever the subject: a field axis over one of them would fight it. */
export const SUBJECT_AXIS_FIELDS: readonly FieldPath[] = ['subject.source', 'subject.pair'];

/** The truth a subject gets unless the definition says otherwise: its class set, or none. */
export function defaultTruth(ref: SubjectRef): Truth {
  return ref.kind === 'procedural' ? { kind: 'class-set', id: ref.name } : { kind: 'none' };
}

/** Reads an untrusted subject reference; returns a message naming what is wrong, or the reference. */
export function readSubjectRef(raw: unknown): SubjectRef | string {
  if (typeof raw !== 'object' || raw === null) return `a subject must be an object, got ${typeof raw}`;
  const r = raw as Record<string, unknown>;
  if (r.kind === 'procedural') {
    if ((PROCEDURAL_SUBJECTS as readonly unknown[]).includes(r.name)) return { kind: 'procedural', name: r.name as ProceduralSubject };
    return `there is no procedural subject "${String(r.name)}" (there are ${PROCEDURAL_SUBJECTS.join(', ')})`;
  }
  if (r.kind === 'sample') {
    if (typeof r.file === 'string' && r.file !== '') return { kind: 'sample', file: r.file };
    return 'a sample photo subject needs its file name';
  }
  if (r.kind === 'user') {
    if (typeof r.id !== 'string' || r.id === '') return 'a stored subject needs its id';
    if (r.source !== 'gltf' && r.source !== 'photo') return `stored subject "${r.id}": source must be gltf or photo`;
    return { kind: 'user', id: r.id, source: r.source };
  }
  return `unknown subject kind "${String(r.kind)}" (procedural, sample or user)`;
}

/**
 * Reads an untrusted truth; `classSetIds` are the class sets that exist. Message or the truth. Short
 * forms: "none", a class set's id ("dog"), a list of labels.
 */
export function readTruth(raw: unknown, classSetIds: readonly string[]): Truth | string {
  if (raw === 'none') return { kind: 'none' };
  if (typeof raw === 'string') raw = { kind: 'class-set', id: raw };
  if (Array.isArray(raw)) raw = { kind: 'labels', labels: raw };
  if (typeof raw !== 'object' || raw === null) return 'a truth must be "none", a class set or a list of labels';
  const r = raw as Record<string, unknown>;
  if (r.kind === 'none') return { kind: 'none' };
  if (r.kind === 'class-set') {
    if (typeof r.id === 'string' && classSetIds.includes(r.id)) return { kind: 'class-set', id: r.id };
    return `there is no class set "${String(r.id)}" (there are ${classSetIds.join(', ')})`;
  }
  if (r.kind === 'labels') {
    const labels = r.labels;
    if (!Array.isArray(labels) || labels.length === 0) return 'a truth of chosen labels needs at least one label';
    if (!labels.every((l) => typeof l === 'string' && l.trim() !== '')) return 'every chosen truth label must be non-empty text';
    return { kind: 'labels', labels: [...labels] as string[] };
  }
  return `unknown truth kind "${String(r.kind)}" (class-set, labels or none)`;
}
