import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { Box3, BoxGeometry, Group, Mesh } from 'three';
import { describe, expect, it } from 'vitest';
import { SUBJECT_BOX, fitToSubjectSize } from '../../src/lib/scene/subjects/user-subject-objects';
import { classifySubjectFile, resolveSubjectSource, MAX_SUBJECT_BYTES } from '../../src/lib/scene/subjects/user-subject-file';
import { UserSubjectStore } from '../../src/lib/scene/subjects/user-subject-store';
import { parseState, serialiseState } from '../../src/lib/state/url';
import { defaultState } from '../../src/lib/state/schema';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0);
const GLB = bytes(0x67, 0x6c, 0x54, 0x46, 2, 0, 0, 0);
const GLTF = text(' {"asset":{"version":"2.0"},"scenes":[]}');

describe('subject.source in the scene state', () => {
  it('defaults to procedural and round-trips through the URL', () => {
    expect(defaultState().subject.source).toBe('procedural');
    const s = defaultState();
    s.subject.source = 'photo';
    expect(serialiseState(s)).toContain('subject.source=photo');
    expect(parseState('?' + serialiseState(s)).state.subject.source).toBe('photo');
  });

  it('refuses an unknown source from a link with a notice', () => {
    const { state, notices } = parseState('?subject.source=webpage');
    expect(state.subject.source).toBe('procedural');
    expect(notices.join(' ')).toMatch(/"webpage" is not one of procedural, gltf, photo/);
  });
});

describe('which source the scene can show', () => {
  const none = { gltf: false, photo: false };
  it('shows an imported source only when one is stored', () => {
    expect(resolveSubjectSource('gltf', { gltf: true, photo: false })).toEqual({ source: 'gltf', notice: null });
    expect(resolveSubjectSource('photo', { gltf: false, photo: true })).toEqual({ source: 'photo', notice: null });
    expect(resolveSubjectSource('procedural', none)).toEqual({ source: 'procedural', notice: null });
  });

  it('falls back to procedural with a notice when the asked-for import is missing', () => {
    const gltf = resolveSubjectSource('gltf', { gltf: false, photo: true });
    expect(gltf.source).toBe('procedural');
    expect(gltf.notice).toMatch(/No imported 3D model is stored/);
    expect(resolveSubjectSource('photo', none).notice).toMatch(/No imported photo is stored/);
  });
});

describe('classifying a file the user gives', () => {
  it('tells photos from glTF models by their bytes, not their names', () => {
    expect(classifySubjectFile('holiday.glb', JPEG)).toEqual({ ok: true, kind: 'photo' });
    expect(classifySubjectFile('x.png', PNG)).toEqual({ ok: true, kind: 'photo' });
    expect(classifySubjectFile('car.jpg', GLB)).toEqual({ ok: true, kind: 'gltf' });
    expect(classifySubjectFile('box.gltf', GLTF)).toEqual({ ok: true, kind: 'gltf' });
  });

  it('refuses other files with a notice that keeps the current subject', () => {
    const check = classifySubjectFile('notes.txt', text('hello'));
    expect(check.ok).toBe(false);
    expect(!check.ok && check.notice).toMatch(/"notes.txt" is not a glTF model .* or an image; the current subject stays/);
    expect(classifySubjectFile('empty.glb', bytes()).ok).toBe(false);
    expect(classifySubjectFile('data.json', text('{"a":1}')).ok).toBe(false);
  });

  it('refuses a model from the photo picker and a photo from the model picker', () => {
    const a = classifySubjectFile('car.glb', GLB, 'photo');
    expect(!a.ok && a.notice).toMatch(/is a 3D model, not a photo/);
    const b = classifySubjectFile('bird.jpg', JPEG, 'gltf');
    expect(!b.ok && b.notice).toMatch(/is an image, not a 3D model/);
    const c = classifySubjectFile('bird.txt', text('bird'), 'photo');
    expect(!c.ok && c.notice).toMatch(/is not an image/);
  });

  it('refuses files over their kind\'s size limit, judged by the whole file\'s size', () => {
    const photo = classifySubjectFile('huge.jpg', JPEG, undefined, MAX_SUBJECT_BYTES.photo + 1);
    expect(!photo.ok && photo.notice).toMatch(/^This photo, "huge.jpg", is more than 64 MB; the limit is 64 MB/);
    const gltf = classifySubjectFile('big.bin', GLB, undefined, 240 * 2 ** 20);
    expect(!gltf.ok && gltf.notice).toBe('This glTF file, "big.bin", is 240 MB; the limit is 100 MB. The current subject stays.');
    expect(classifySubjectFile('ok.glb', GLB, undefined, 99 * 2 ** 20)).toEqual({ ok: true, kind: 'gltf' });
  });
});

describe('the stored subjects (IndexedDB perturber-subjects)', () => {
  it('keeps the last file of each kind across a reload', async () => {
    globalThis.indexedDB = new IDBFactory();
    const store = new UserSubjectStore();
    await store.save({ kind: 'photo', name: 'a.jpg', type: 'image/jpeg', bytes: JPEG.slice().buffer, savedAt: 1 });
    await store.save({ kind: 'photo', name: 'b.jpg', type: 'image/jpeg', bytes: JPEG.slice().buffer, savedAt: 2 });
    await store.close();
    const again = new UserSubjectStore();
    expect((await again.load('photo'))?.name).toBe('b.jpg');
    expect(new Uint8Array((await again.load('photo'))!.bytes)).toEqual(JPEG);
    expect(await again.load('gltf')).toBeNull();
    await again.remove('photo');
    expect(await again.load('photo')).toBeNull();
  });
});

describe('fitting an imported model to the size of the procedural subjects', () => {
  const fittedBounds = (w: number, h: number, d: number, offset: [number, number, number]) => {
    const mesh = new Mesh(new BoxGeometry(w, h, d));
    mesh.position.set(...offset);
    const group = fitToSubjectSize(mesh);
    group.updateMatrixWorld(true);
    return new Box3().setFromObject(group);
  };

  it('a long model becomes as long as a subject, stands on the floor and is centred', () => {
    const b = fittedBounds(40, 10, 20, [100, -50, 7]);
    expect(b.max.x - b.min.x).toBeCloseTo(SUBJECT_BOX.horizontal, 5);
    expect(b.min.y).toBeCloseTo(0, 5);
    expect((b.min.x + b.max.x) / 2).toBeCloseTo(0, 5);
    expect((b.min.z + b.max.z) / 2).toBeCloseTo(0, 5);
  });

  it('a tall model is no taller than a subject', () => {
    const b = fittedBounds(0.01, 0.03, 0.01, [0, 0, 0]);
    expect(b.max.y - b.min.y).toBeCloseTo(SUBJECT_BOX.height, 5);
    expect(b.max.x - b.min.x).toBeLessThan(SUBJECT_BOX.horizontal);
  });

  it('refuses a model with nothing to show', () => {
    expect(() => fitToSubjectSize(new Group())).toThrow(/no visible geometry/);
  });
});
