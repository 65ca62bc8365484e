import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseReferenceIndex } from '../../src/lib/models/reference-images';
import { REFERENCE_DIR, readReferences } from '../helpers/references';

describe('reference renders (static/reference)', () => {
  test('every subject at four views, 224x224, read through the app loader', async () => {
    const refs = await readReferences();
    const subjects = ['dog', 'cat', 'fire truck', 'race car'];
    expect([...new Set(refs.map((r) => r.subject))]).toEqual(subjects);
    for (const s of subjects) expect(refs.filter((r) => r.subject === s)).toHaveLength(4);
    for (const r of refs) {
      expect([r.width, r.height, r.pixels.length]).toEqual([224, 224, 224 * 224 * 4]);
      expect(r.classSet).toBe(r.subject);
      expect(r.view).toMatch(/^yaw -?\d+°, pitch \d+°$/);
    }
    // A render, not a blank frame: the subject differs from the neutral background.
    const dog = refs[0].pixels;
    let distinct = 0;
    for (let i = 0; i < dog.length; i += 4) if (Math.abs(dog[i] - dog[0]) > 40) distinct++;
    expect(distinct).toBeGreaterThan(1000);
  });

  test('small enough to precache: under 300 KB together', () => {
    const bytes = readdirSync(REFERENCE_DIR).reduce((n, f) => n + statSync(join(REFERENCE_DIR, f)).size, 0);
    expect(bytes).toBeLessThan(300 * 1024);
  });

  test('a malformed index is refused with a reason', () => {
    expect(() => parseReferenceIndex({})).toThrow(/lists no images/);
    expect(() => parseReferenceIndex({ images: [{ file: '../x.jpg', subject: 'dog', classSet: 'dog', view: { yaw: 0, pitch: 0 } }] })).toThrow(/malformed/);
    expect(() => parseReferenceIndex({ images: [{ file: 'x.jpg', subject: 'unicorn', classSet: 'unicorn', view: { yaw: 0, pitch: 0 } }] })).toThrow(
      /No class set "unicorn"/
    );
  });
});
