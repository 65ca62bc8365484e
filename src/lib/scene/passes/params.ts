/**
 * The maths behind the passes, free of WebGL so that it can be tested in Node: Gaussian kernels, the
 * colour matrix, and the conversion of the state's units (pixels of a 224-pixel frame, cycles per
 * image) into pixels of the target actually drawn. (Which passes a state needs is each pass's
 * isActive, from the field specs' defaults: see pass.ts.)
 *
 * Spatial settings are defined on the square the models see, whose side is REFERENCE_SIZE "pixels":
 * a 224-pixel model frame gets them exactly, other frame sizes and the visible canvas get them scaled,
 * so every view shows the same perturbation.
 */
import { FIELD_SPECS, type SceneState } from '../../state/schema';

export const REFERENCE_SIZE = 224;
/** One-sided taps of the blur shader (the centre tap is extra). Wider kernels sample with a stride. */
export const MAX_TAPS = 48;
/** A Gaussian whose transfer function is 0.5 at f cycles per image has sigma = HALF_POWER_SIGMA / f image widths. */
export const HALF_POWER_SIGMA = Math.sqrt(Math.LN2 / 2) / Math.PI;

export type ImageSettings = SceneState['image'];
export type BackgroundSettings = SceneState['background'];

export interface GaussianKernel {
  /** Texels between neighbouring taps (1 unless the kernel is wider than MAX_TAPS). */
  stride: number;
  /** weights[0] is the centre tap; weights[i] applies at +i*stride and at -i*stride. Sums to 1 over both sides. */
  weights: Float32Array;
  /** Number of one-sided taps in use (weights beyond are 0). */
  taps: number;
}

/** A normalised, symmetric Gaussian kernel for sigma in texels; sigma <= 0 gives the identity [1, 0, …]. */
export function gaussianKernel(sigma: number, maxTaps = MAX_TAPS): GaussianKernel {
  const weights = new Float32Array(maxTaps + 1);
  if (!(sigma > 0)) {
    weights[0] = 1;
    return { stride: 1, weights, taps: 0 };
  }
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const taps = Math.min(maxTaps, radius);
  const stride = radius / taps;
  let sum = 0;
  for (let i = 0; i <= taps; i++) {
    const x = i * stride;
    const w = Math.exp(-(x * x) / (2 * sigma * sigma));
    weights[i] = w;
    sum += i === 0 ? w : 2 * w;
  }
  for (let i = 0; i <= taps; i++) weights[i] /= sum;
  return { stride, weights, taps };
}

/** Sigma in target pixels for a sigma given in pixels of a REFERENCE_SIZE frame. */
export function referenceToTarget(pixels: number, squareSize: number): number {
  return (pixels * squareSize) / REFERENCE_SIZE;
}

/** Sigma in target pixels of the Gaussian whose half-power frequency is `cycles` per image (square). */
export function cutoffSigma(cycles: number, squareSize: number): number {
  return cycles > 0 ? (HALF_POWER_SIGMA * squareSize) / cycles : 0;
}

/** Two Gaussian blurs in a row are one Gaussian: the variances add. */
export function combinedSigma(...sigmas: number[]): number {
  return Math.sqrt(sigmas.reduce((acc, s) => acc + (s > 0 ? s * s : 0), 0));
}

/** The low-pass cutoff that means "off": its default and maximum, the Nyquist frequency of a 224-pixel frame. */
export const LOW_PASS_OFF = FIELD_SPECS.image.lowPass.default;

/** Sigma (target pixels) of the single blur standing for the Gaussian blur and the low-pass filter. */
export function blurSigma(image: ImageSettings, squareSize: number): number {
  const low = image.lowPass >= LOW_PASS_OFF ? 0 : cutoffSigma(image.lowPass, squareSize);
  return combinedSigma(referenceToTarget(image.blur, squareSize), low);
}

/** Sigma (target pixels) of the blur the high-pass filter subtracts; 0 when the filter is off. */
export function highPassSigma(image: ImageSettings, squareSize: number): number {
  return cutoffSigma(image.highPass, squareSize);
}

const LUMA = [0.2126, 0.7152, 0.0722] as const;

/**
 * Row-major 3x3 matrix applying a hue rotation (the CSS hue-rotate matrix: greys stay grey) and then a
 * saturation change (mix with Rec. 709 luma: 0 makes R = G = B exactly).
 */
export function colourMatrix(hueDegrees: number, saturation: number): number[] {
  const a = (hueDegrees * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const hue = [
    0.213 + c * 0.787 - s * 0.213, 0.715 - c * 0.715 - s * 0.715, 0.072 - c * 0.072 + s * 0.928,
    0.213 - c * 0.213 + s * 0.143, 0.715 + c * 0.285 + s * 0.14, 0.072 - c * 0.072 - s * 0.283,
    0.213 - c * 0.213 - s * 0.787, 0.715 - c * 0.715 + s * 0.715, 0.072 + c * 0.928 + s * 0.072
  ];
  if (hueDegrees === 0) hue.splice(0, 9, 1, 0, 0, 0, 1, 0, 0, 0, 1);
  const sat = [0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => (1 - saturation) * LUMA[col] + (row === col ? saturation : 0)));
  const out: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let k = 0; k < 3; k++) {
      out.push(sat[r * 3] * hue[k] + sat[r * 3 + 1] * hue[3 + k] + sat[r * 3 + 2] * hue[6 + k]);
    }
  }
  return out;
}

/** "5b8fd6" -> [0.357, 0.561, 0.839] (sRGB components, 0..1). */
export function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex, 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}
