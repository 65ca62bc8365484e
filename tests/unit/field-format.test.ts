import { describe, expect, it } from 'vitest';
import { readout } from '../../src/lib/views/field-format';
import { fieldEntry } from '../../src/lib/state/schema';

const spec = (path: string) => fieldEntry(path)!.spec;

describe('control readouts', () => {
  it('show numbers with the decimals of their step and their unit', () => {
    expect(readout(spec('camera.yaw'), 30)).toBe('30°');
    expect(readout(spec('camera.yaw'), -0.2)).toBe('0°');
    expect(readout(spec('camera.distance'), 4)).toBe('4.0');
  });

  it('show switches as on/off and colours as hex', () => {
    expect(readout(spec('subject.untextured'), 1)).toBe('on');
    expect(readout(spec('subject.untextured'), 0)).toBe('off');
    expect(readout(spec('lighting.color'), 'ffaa00')).toBe('#ffaa00');
  });
});
