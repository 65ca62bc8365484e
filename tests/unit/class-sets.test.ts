import { describe, expect, test } from 'vitest';
import { CLASS_SETS, classSet, classSetIndices, inClassSet, labelKey } from '../../src/lib/models/class-sets.js';
import { IMAGENET_LABELS } from '../../src/lib/models/imagenet';

describe('class sets of the procedural subjects', () => {
  test('dog is exactly the ImageNet dog breeds (classes 151..268), by label', () => {
    expect(classSetIndices(classSet('dog'), IMAGENET_LABELS)).toEqual(Array.from({ length: 118 }, (_, i) => 151 + i));
  });

  test('cat, fire truck and race car are the domestic cats, the fire engine and racer/sports car', () => {
    expect(classSetIndices(classSet('cat'), IMAGENET_LABELS)).toEqual([281, 282, 283, 284, 285]);
    expect(classSetIndices(classSet('fire truck'), IMAGENET_LABELS)).toEqual([555]);
    expect(classSetIndices(classSet('race car'), IMAGENET_LABELS)).toEqual([751, 817]);
  });

  test('every member names one ImageNet class: no other class shares its key', () => {
    for (const set of CLASS_SETS) {
      const members = new Set(classSetIndices(set, IMAGENET_LABELS));
      expect(members.size).toBe(set.members.length);
      IMAGENET_LABELS.forEach((label, i) => expect(inClassSet(set, label)).toBe(members.has(i)));
    }
  });

  test('labels are matched by their first synonym, ignoring case, spaces and underscores', () => {
    expect(labelKey('tabby, tabby cat')).toBe('tabby');
    expect(labelKey('  Siamese_cat ')).toBe('siamese cat');
    expect(inClassSet(classSet('cat'), 'Tabby')).toBe(true); // TF-Hub style short labels
    expect(inClassSet(classSet('race car'), 'sports car, sport car')).toBe(true);
    expect(inClassSet(classSet('race car'), 'car wheel')).toBe(false);
    // "Cardigan" (a corgi) and "cardigan" (a jacket) differ only in case: compared with case.
    expect(inClassSet(classSet('dog'), 'Cardigan, Cardigan Welsh corgi')).toBe(true);
    expect(inClassSet(classSet('dog'), 'cardigan')).toBe(false);
  });

  test('an unknown set is an error', () => {
    expect(() => classSet('unicorn')).toThrow(/No class set "unicorn"/);
  });
});
