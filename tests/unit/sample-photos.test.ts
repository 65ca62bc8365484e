/**
 * The sample photos offered beside "Import photo": shipped under static/samples with their notice, real
 * JPEGs within the photo limits; one that cannot be fetched leaves the current subject and says why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageDimensions } from '../../src/lib/limits/photo-size';
import { SAMPLE_PHOTOS } from '../../src/lib/scene/subjects/sample-photos';
import type { UserSubjectStore } from '../../src/lib/scene/subjects/user-subject-store';
import { UserSubjects } from '../../src/lib/scene/subjects/user-subjects.svelte';
import { SceneStateStore } from '../../src/lib/state/scene-state.svelte';

const STATIC = resolve(import.meta.dirname, '../../static');

describe('sample photos', () => {
  it('bird.jpg and kitten.jpg are shipped as JPEGs with a notice naming their licence', () => {
    expect(SAMPLE_PHOTOS.map((s) => s.file)).toEqual(['bird.jpg', 'kitten.jpg']);
    for (const s of SAMPLE_PHOTOS) {
      const bytes = new Uint8Array(readFileSync(join(STATIC, s.url)));
      expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
      expect(imageDimensions(bytes)?.width).toBeGreaterThan(100);
    }
    const notice = readFileSync(join(STATIC, 'samples/NOTICE'), 'utf8');
    expect(notice).toMatch(/MIT License/);
    for (const s of SAMPLE_PHOTOS) expect(notice).toContain(s.file);
    expect(existsSync(join(STATIC, 'models/NOTICE'))).toBe(true);
  });

  it('a sample that cannot be fetched keeps the current subject, with a notice', async () => {
    const scene = new SceneStateStore();
    const users = new UserSubjects(scene, {} as UserSubjectStore);
    const missing = (async () => new Response('', { status: 404 })) as unknown as typeof fetch;
    expect(await users.importSample(SAMPLE_PHOTOS[0], missing)).toBe(false);
    expect(scene.state.subject.source).toBe('procedural');
    expect(users.busy).toBe(false);
    expect(users.message).toEqual({ kind: 'error', text: 'The sample photo "bird.jpg" could not be loaded (the app answered 404). The current subject stays.' });
    expect(scene.notices).toEqual([users.message!.text]);
  });
});
