/**
 * The user's own subjects, live: the last imported glTF model and photo as three.js objects (restored
 * from IndexedDB on start), imports from files, drops or the webcam, and the rule that the scene state
 * only shows an imported source that exists (otherwise procedural, with a notice). Problems become
 * notices on the scene store; the current subject stays whenever an import fails.
 */
import type { Object3D } from 'three';
import { sceneState, type SceneStateStore } from '../../state/scene-state.svelte';
import {
  SUBJECT_HEAD_BYTES,
  classifySubjectFile,
  kindByName,
  resolveSubjectSource,
  subjectSizeNotice,
  type StoredSubjectFile,
  type SubjectSource,
  type UserSubjectKind
} from './user-subject-file';
import { buildGltfSubject, buildPhotoSubject, disposeObject } from './user-subject-objects';
import type { SamplePhoto } from './sample-photos';
import { UserSubjectStore } from './user-subject-store';

/** Something the user handed over: a File, or bytes (a webcam capture). */
export interface SubjectInput {
  name: string;
  type: string;
  bytes: ArrayBuffer;
}

export class UserSubjects {
  gltf = $state.raw<Object3D | null>(null);
  photo = $state.raw<Object3D | null>(null);
  /** Names of the imported files, for the controls. */
  names = $state<Record<UserSubjectKind, string | null>>({ gltf: null, photo: null });
  /** The stored subjects have been looked for (until then, a requested import is not refused). */
  restored = $state(false);
  busy = $state(false);
  /**
   * Stored files that could not be shown again at start: kept (nothing is deleted silently), listed
   * with a Remove button; a new import of that kind replaces them.
   */
  unrestorable = $state<{ kind: UserSubjectKind; name: string; reason: string }[]>([]);
  /** The last import's outcome in plain words (also pushed to the store's notices when it is a problem). */
  message = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);

  #restoring: Promise<void> | null = null;

  constructor(
    private readonly scene: SceneStateStore,
    private readonly db: UserSubjectStore = new UserSubjectStore()
  ) {}

  objectFor(source: SubjectSource): Object3D | null {
    return source === 'gltf' ? this.gltf : source === 'photo' ? this.photo : null;
  }

  /** Loads the stored glTF and photo once; a stored file that no longer builds is kept, with a notice. */
  restore(): Promise<void> {
    this.#restoring ??= (async () => {
      for (const kind of ['gltf', 'photo'] as const) {
        let stored: StoredSubjectFile | null = null;
        try {
          stored = await this.db.load(kind);
        } catch {
          break; // No IndexedDB (private mode): nothing to restore.
        }
        if (!stored) continue;
        try {
          this.#show(kind, await build(kind, stored), stored.name);
        } catch (e) {
          const what = kind === 'gltf' ? '3D model' : 'photo';
          this.#notice(`The stored ${what} "${stored.name}" could not be shown again (${reason(e)}). It is kept; remove it under "Your own subject".`);
          this.unrestorable = [...this.unrestorable, { kind, name: stored.name, reason: reason(e) }];
        }
      }
      this.restored = true;
      this.enforceSource();
    })();
    return this.#restoring;
  }

  /** Deletes a stored file that could not be shown again. */
  async removeUnrestorable(kind: UserSubjectKind): Promise<void> {
    await this.db.remove(kind);
    this.unrestorable = this.unrestorable.filter((u) => u.kind !== kind);
  }

  /** Applies the source rule to the current state (call when subject.source changes). */
  enforceSource(): void {
    if (!this.restored) return;
    const requested = this.scene.state.subject.source;
    const { source, notice } = resolveSubjectSource(requested, { gltf: this.gltf !== null, photo: this.photo !== null });
    if (source === requested) return;
    this.scene.set('subject.source', source);
    if (notice) this.#notice(notice);
  }

  /**
   * Imports a file as the subject. `expected` is the picker's kind; drops pass none. Returns success.
   * A File over its kind's size limit is refused by File.size before it is read (only its head is
   * read first when the name does not tell the kind).
   */
  async importFile(file: File | SubjectInput, expected?: UserSubjectKind): Promise<boolean> {
    const checked = file instanceof Blob ? await readWithinLimits(file, expected) : checkInput(file, expected);
    if ('notice' in checked) {
      this.#fail(checked.notice);
      return false;
    }
    const { input, check } = checked;
    const kind = check.kind;
    this.busy = true;
    try {
      const stored: StoredSubjectFile = { kind, name: input.name, type: input.type, bytes: input.bytes, savedAt: Date.now() };
      let object: Object3D;
      try {
        object = await build(kind, stored);
      } catch (e) {
        this.#fail(`"${input.name}" could not be read as ${kind === 'gltf' ? 'a glTF model' : 'an image'}: ${reason(e)}. The current subject stays.`);
        return false;
      }
      this.#show(kind, object, input.name);
      this.unrestorable = this.unrestorable.filter((u) => u.kind !== kind);
      this.scene.set('subject.source', kind);
      this.message = { kind: 'ok', text: `Showing ${kind === 'gltf' ? 'the 3D model' : 'the photo'} "${input.name}".` };
      try {
        await this.db.save(stored);
      } catch {
        this.#notice(`"${input.name}" is shown but could not be stored on this device; it will be gone after a reload.`);
      }
      return true;
    } finally {
      this.busy = false;
    }
  }

  /** Shows a sample photo shipped with the app as the photo subject, like an imported photo. */
  async importSample(sample: SamplePhoto, fetchImpl: typeof fetch = fetch): Promise<boolean> {
    let bytes: ArrayBuffer;
    this.busy = true;
    try {
      const res = await fetchImpl(sample.url);
      if (!res.ok) throw new Error(`the app answered ${res.status}`);
      bytes = await res.arrayBuffer();
    } catch (e) {
      this.#fail(`The sample photo "${sample.file}" could not be loaded (${reason(e)}). The current subject stays.`);
      return false;
    } finally {
      this.busy = false;
    }
    return this.importFile({ name: sample.file, type: sample.type, bytes }, 'photo');
  }

  /**
   * Shows `object` as the photo subject until the returned function is called, which brings back the
   * user's own photo (a sweep over the sample photos). Nothing is stored and nothing is disposed: the
   * lender owns `object`.
   */
  lendPhoto(object: Object3D, name: string): () => void {
    const previous = { object: this.photo, name: this.names.photo };
    this.photo = object;
    this.names = { ...this.names, photo: name };
    if (this.scene.state.subject.source === 'photo') this.scene.version += 1;
    return () => {
      if (this.photo !== object) return;
      this.photo = previous.object;
      this.names = { ...this.names, photo: previous.name };
      if (this.scene.state.subject.source === 'photo') this.scene.version += 1;
    };
  }

  /** Replaces the object of `kind`; a new frame is due when that kind is on screen. */
  #show(kind: UserSubjectKind, object: Object3D, name: string): void {
    const old = this[kind];
    this[kind] = object;
    this.names = { ...this.names, [kind]: name };
    if (old) disposeObject(old);
    // The frame pipeline renders per scene version: the same source with a new file is a new scene.
    if (this.scene.state.subject.source === kind) this.scene.version += 1;
  }

  #fail(text: string): void {
    this.message = { kind: 'error', text };
    this.#notice(text);
  }

  #notice(text: string): void {
    this.scene.notices = [...this.scene.notices, text];
  }
}

type Checked = { input: SubjectInput; check: { ok: true; kind: UserSubjectKind } } | { notice: string };

function checkInput(input: SubjectInput, expected?: UserSubjectKind): Checked {
  const check = classifySubjectFile(input.name, new Uint8Array(input.bytes), expected);
  return check.ok ? { input, check } : { notice: check.notice };
}

/** Refuses a file over its kind's limit by File.size first; reads it whole only once it passes. */
async function readWithinLimits(file: File, expected?: UserSubjectKind): Promise<Checked> {
  const guess = expected ?? kindByName(file.name);
  const tooBig = guess && subjectSizeNotice(guess, file.size, file.name);
  if (tooBig) return { notice: tooBig };
  const head = new Uint8Array(await file.slice(0, SUBJECT_HEAD_BYTES).arrayBuffer());
  const check = classifySubjectFile(file.name, head, expected, file.size);
  if (!check.ok) return { notice: check.notice };
  return { input: { name: file.name, type: file.type, bytes: await file.arrayBuffer() }, check };
}

function build(kind: UserSubjectKind, file: StoredSubjectFile): Promise<Object3D> {
  return kind === 'gltf' ? buildGltfSubject(file.bytes) : buildPhotoSubject(file.bytes, file.type);
}

function reason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.length > 160 ? text.slice(0, 160) + '…' : text || 'unknown error';
}

/** The app's user subjects, on the app's scene state. */
export const userSubjects = new UserSubjects(sceneState);
