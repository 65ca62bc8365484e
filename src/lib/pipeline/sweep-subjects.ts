/**
 * The subjects of a sweep that are not procedural: the sample photos shipped with the app and the
 * user's stored subjects. Which exist now (for the definition check and the editor), and, during a
 * run, putting the point's subject on stage: a sample photo is built once per run and lent to the
 * photo slot (the user's own photo comes back at the end, untouched and still stored); a stored subject
 * is already there (the point's state selects its source).
 */
import type { Object3D } from 'three';
import { PROCEDURAL_SUBJECTS, subjectKey, type SubjectRef } from '$lib/experiments/subjects';
import { SAMPLE_PHOTOS } from '../scene/subjects/sample-photos';
import { buildPhotoSubject, disposeObject } from '../scene/subjects/user-subject-objects';
import type { UserSubjects } from '../scene/subjects/user-subjects.svelte';

/**
 * Every subject a sweep can show now, in the order an editor lists them. The user's stored subjects are
 * one per kind: "user:gltf" and "user:photo" (a photo that is one of the sample photos counts as that
 * sample).
 */
export function availableSubjects(users: Pick<UserSubjects, 'names'>): SubjectRef[] {
  const out: SubjectRef[] = PROCEDURAL_SUBJECTS.map((name) => ({ kind: 'procedural', name }));
  for (const photo of SAMPLE_PHOTOS) out.push({ kind: 'sample', file: photo.file });
  if (users.names.gltf) out.push({ kind: 'user', id: 'gltf', source: 'gltf' });
  const photo = users.names.photo;
  if (photo && !SAMPLE_PHOTOS.some((s) => s.file === photo)) out.push({ kind: 'user', id: 'photo', source: 'photo' });
  return out;
}

export class SweepSubjects {
  private readonly samples = new Map<string, Object3D>();
  private giveBack: (() => void) | null = null;
  private lent: string | null = null;

  constructor(
    private readonly users: UserSubjects,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args)
  ) {}

  /** Builds the sample photos among `subjects`; a stored subject that is gone is an error naming it. */
  async prepare(subjects: readonly SubjectRef[]): Promise<void> {
    for (const ref of subjects) {
      if (ref.kind === 'user' && (ref.id !== ref.source || !this.users.names[ref.source])) {
        throw new Error(`Subject "${subjectKey(ref)}" no longer exists (it was removed, or is stored in another browser).`);
      }
      if (ref.kind !== 'sample' || this.samples.has(ref.file)) continue;
      const photo = SAMPLE_PHOTOS.find((p) => p.file === ref.file);
      if (!photo) throw new Error(`There is no sample photo "${ref.file}".`);
      let object: Object3D;
      try {
        const res = await this.fetchImpl(photo.url);
        if (!res.ok) throw new Error(`the app answered ${res.status}`);
        object = await buildPhotoSubject(await res.arrayBuffer(), photo.type);
      } catch (e) {
        throw new Error(`The sample photo "${photo.file}" could not be loaded (${e instanceof Error ? e.message : String(e)}).`);
      }
      this.samples.set(ref.file, object);
    }
  }

  /** Puts the point's subject on stage (before its state is set). */
  show(ref: SubjectRef): void {
    if (ref.kind === 'sample') {
      if (this.lent === ref.file) return;
      this.giveBack?.();
      this.giveBack = this.users.lendPhoto(this.samples.get(ref.file)!, ref.file);
      this.lent = ref.file;
    } else if (this.lent !== null) {
      this.giveBack?.();
      this.giveBack = null;
      this.lent = null;
    }
  }

  /** The user's photo back in its slot, the sample photos disposed. */
  release(): void {
    this.giveBack?.();
    this.giveBack = null;
    this.lent = null;
    for (const object of this.samples.values()) disposeObject(object);
    this.samples.clear();
  }
}
