import { afterAll, describe, expect, it } from 'vitest';
import { defaultState, fieldSpec, setFieldUnchecked } from '../../src/lib/state/schema';
import {
  HALF_POWER_SIGMA,
  LOW_PASS_OFF,
  MAX_TAPS,
  REFERENCE_SIZE,
  blurSigma,
  colourMatrix,
  combinedSigma,
  cutoffSigma,
  gaussianKernel,
  hexToRgb,
  highPassSigma,
  referenceToTarget
} from '../../src/lib/scene/passes/params';
import type { PassState } from '../../src/lib/scene/passes/pass';
import { activePasses, createPasses } from '../../src/lib/scene/passes/pass-list';

const kernelSum = (k: ReturnType<typeof gaussianKernel>) => k.weights.reduce((acc, w, i) => acc + (i === 0 ? w : 2 * w), 0);
const apply = (m: number[], [r, g, b]: number[]) => [0, 1, 2].map((row) => m[row * 3] * r + m[row * 3 + 1] * g + m[row * 3 + 2] * b);

describe('gaussian kernel', () => {
  it.each([0.3, 1, 2.5, 7, 16, 60])('sums to 1 and falls off from the centre (sigma %s)', (sigma) => {
    const k = gaussianKernel(sigma);
    expect(kernelSum(k)).toBeCloseTo(1, 6);
    for (let i = 1; i <= k.taps; i++) expect(k.weights[i]).toBeLessThan(k.weights[i - 1]);
    expect(k.taps).toBeLessThanOrEqual(MAX_TAPS);
    // Covers three sigmas, with a stride once the kernel is wider than the shader's taps.
    expect(k.taps * k.stride).toBeGreaterThanOrEqual(3 * sigma - 1e-9);
  });

  it('is the identity for sigma 0', () => {
    const k = gaussianKernel(0);
    expect(k.taps).toBe(0);
    expect(k.weights[0]).toBe(1);
    expect(kernelSum(k)).toBe(1);
  });

  it('spreads wider for a larger sigma (the centre weight drops)', () => {
    expect(gaussianKernel(4).weights[0]).toBeLessThan(gaussianKernel(2).weights[0]);
    expect(gaussianKernel(60).stride).toBeGreaterThan(1);
    expect(gaussianKernel(10).stride).toBe(1);
  });
});

describe('units', () => {
  it('scales reference pixels to the target square', () => {
    expect(referenceToTarget(3, REFERENCE_SIZE)).toBe(3);
    expect(referenceToTarget(3, REFERENCE_SIZE * 2)).toBe(6);
  });

  it('puts the half-power point of the low-pass filter at its cutoff', () => {
    const size = 224;
    const cycles = 8;
    const sigma = cutoffSigma(cycles, size);
    // Gaussian transfer function at f cycles per pixel: exp(-2 pi^2 sigma^2 f^2).
    const gain = Math.exp(-2 * Math.PI ** 2 * sigma ** 2 * (cycles / size) ** 2);
    expect(gain).toBeCloseTo(0.5, 6);
    expect(sigma).toBeCloseTo((HALF_POWER_SIGMA * size) / cycles, 9);
  });

  it('merges the Gaussian blur and the low-pass filter into one blur (variances add)', () => {
    expect(combinedSigma(3, 4)).toBeCloseTo(5, 9);
    const image = { ...defaultState().image, blur: 3, lowPass: 10 };
    expect(blurSigma(image, 224)).toBeCloseTo(Math.hypot(3, cutoffSigma(10, 224)), 9);
    expect(blurSigma({ ...image, lowPass: LOW_PASS_OFF }, 224)).toBe(3);
    expect(highPassSigma(defaultState().image, 224)).toBe(0);
  });
});

describe('colour matrix', () => {
  it('is the identity at hue 0 and saturation 1', () => {
    expect(colourMatrix(0, 1)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('makes R = G = B at saturation 0, whatever the hue', () => {
    for (const hue of [0, 45, -120]) {
      const m = colourMatrix(hue, 0);
      const [r, g, b] = apply(m, [0.9, 0.2, 0.4]);
      expect(g).toBeCloseTo(r, 9);
      expect(b).toBeCloseTo(r, 9);
    }
  });

  it('keeps greys grey under a hue shift, and turns red away from red', () => {
    const m = colourMatrix(120, 1);
    const [r, g, b] = apply(m, [0.5, 0.5, 0.5]);
    expect([r, g, b].map((v) => Number(v.toFixed(3)))).toEqual([0.5, 0.5, 0.5]);
    const red = apply(m, [1, 0, 0]);
    expect(red[1]).toBeGreaterThan(red[0]);
  });
});

describe('identity detection', () => {
  // The passes in chain order (their shaders and materials are made, nothing is drawn).
  const passes = createPasses();
  afterAll(() => passes.forEach((p) => p.dispose()));
  const active = (state: PassState) => activePasses(passes, state).map((p) => p.name);
  const pass = (name: string) => passes.find((p) => p.name === name)!;
  const activeImagePasses = (image: PassState['image']) =>
    activePasses(passes, { ...defaultState(), image }).filter((p) => p.stage === 'display').map((p) => p.name);

  it('needs no pass for the default state', () => {
    const s = defaultState();
    expect(activeImagePasses(s.image)).toEqual([]);
    expect(pass('background').isActive(s)).toBe(false);
    expect(active(s)).toEqual([]);
  });

  it('turns on exactly the passes a change needs, in chain order', () => {
    const s = defaultState();
    expect(activeImagePasses({ ...s.image, saturation: 0 })).toEqual(['colour']);
    expect(activeImagePasses({ ...s.image, lowPass: 20 })).toEqual(['blur']);
    expect(activeImagePasses({ ...s.image, occlusionSize: 0.2, noise: 0.1, highPass: 4, pixelate: 4, blur: 1, contrast: 2 })).toEqual([
      'colour', 'blur', 'highPass', 'pixelate', 'noise', 'finish'
    ]);
    // The seed and the patch position alone change nothing.
    expect(activeImagePasses({ ...s.image, seed: 42, occlusionX: 0.1 })).toEqual([]);
  });

  it('needs the mask for background edits, and a second render for lighting influence < 1', () => {
    const s = defaultState();
    expect(pass('background').isActive({ ...s, background: { ...s.background, saturation: 0 } })).toBe(true);
    expect(pass('background').isActive({ ...s, background: { ...s.background, mode: 'color', color: '000000' } })).toBe(false);
    expect(active({ ...s, lighting: { ...s.lighting, shading: 0.5 } })).toEqual(['shading']);
  });

  it('turns each pass on by any one of its fields away from its default, and by nothing else', () => {
    for (const p of passes) {
      expect(p.fields.length, p.name).toBeGreaterThan(0);
      for (const path of p.fields) {
        const spec = fieldSpec(path);
        if (spec.kind !== 'number') throw new Error(`${path} is not a number field`);
        const s = defaultState();
        // The other end of the range from the default (the default sits at an end for some fields).
        setFieldUnchecked(s, path, spec.default === spec.max ? spec.min : spec.max);
        expect(active(s), path).toEqual([p.name]);
      }
    }
  });

  it('reads hex colours', () => {
    expect(hexToRgb('ff8000')).toEqual([1, 128 / 255, 0]);
  });
});
