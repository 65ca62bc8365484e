import { describe, expect, it } from 'vitest';
import { AdaptiveResolution } from '../../src/lib/scene/adaptive-resolution';

function run(ar: AdaptiveResolution, frameMs: number, frames: number): number {
  for (let i = 0; i < frames; i++) ar.frame(frameMs);
  return ar.pixelRatio;
}

describe('AdaptiveResolution', () => {
  it('lowers the pixel ratio while frames are slow, down to its floor', () => {
    const ar = new AdaptiveResolution({ max: 1, min: 0.35 });
    expect(run(ar, 200, 5)).toBeLessThan(1);
    expect(run(ar, 200, 200)).toBe(0.35);
  });

  it('raises it again when frames are fast, up to the screen ratio', () => {
    const ar = new AdaptiveResolution({ max: 2 });
    run(ar, 200, 200);
    expect(ar.pixelRatio).toBeLessThan(1);
    expect(run(ar, 8, 1000)).toBe(2);
  });

  it('leaves a smooth view alone', () => {
    const ar = new AdaptiveResolution({ max: 1.5 });
    expect(run(ar, 30, 300)).toBe(1.5);
  });
});
