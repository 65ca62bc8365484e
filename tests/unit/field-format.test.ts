import { describe, expect, it } from 'vitest';
import { readout } from '../../src/lib/views/field-format';
import { FIELDS, fieldEntry, type NumberFieldSpec } from '../../src/lib/state/schema';
import { decimalsFor } from '../../src/lib/state/url';

const spec = (path: string) => fieldEntry(path)!.spec;

describe('control readouts', () => {
  it('show numbers with the decimals of their step and their unit', () => {
    expect(readout(spec('camera.yaw'), 30)).toBe('30°');
    expect(readout(spec('camera.yaw'), -0.2)).toBe('0°');
    expect(readout(spec('camera.distance'), 4)).toBe('4.0');
  });

  it('show switches as on/off and colours as hex', () => {
    expect(readout(spec('subject.untextured'), true)).toBe('on');
    expect(readout(spec('subject.untextured'), false)).toBe('off');
    expect(readout(spec('lighting.shadows'), true)).toBe('on');
    expect(readout(spec('lighting.color'), 'ffaa00')).toBe('#ffaa00');
  });

  it('show a number with the decimals of its step, and links write one more', () => {
    for (const { path, spec } of FIELDS) {
      if (spec.kind !== 'number') continue;
      const shown = readout(spec, spec.default).replace(spec.unit, '');
      const decimals = shown.includes('.') ? shown.length - shown.indexOf('.') - 1 : 0;
      expect(decimalsFor(spec as NumberFieldSpec), path).toBe(Math.min(4, decimals + 1));
    }
    expect(decimalsFor(fieldEntry('lighting.ambient')!.spec as NumberFieldSpec)).toBe(3);
    expect(readout(spec('lighting.ambient'), 1.1)).toBe('1.10');
  });
});
