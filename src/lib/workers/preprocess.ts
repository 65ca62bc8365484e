/**
 * Frame -> model input: RGBA bytes become a [1, H, W, 3] float32 tensor scaled as the model expects.
 * Runs in the model worker; plain TF.js ops, so it works on every backend.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { ModelInputError, type FramePerturbation, type ModelMeta, type Preprocess } from '$lib/protocol';

type Tf = typeof tfTypes;

/** The pixels of one frame (a subset of protocol's Frame). */
export interface FramePixels {
  /** RGBA, width * height * 4 bytes. */
  pixels: Uint8Array;
  width: number;
  height: number;
  /** True when rows are stored bottom-up (WebGL readPixels order). */
  flipY: boolean;
}

/**
 * Per-channel affine map applied to raw bytes, in RGB order: value = byte * scale[c] + offset[c]; then,
 * when `bgr`, the channels are reversed (the model takes B, G, R).
 */
export interface PreprocessScalars {
  scale: [number, number, number];
  offset: [number, number, number];
  bgr: boolean;
}

/** The ImageNet channel means on the 0..255 scale, R, G, B (Caffe subtracts them in B, G, R order). */
export const CAFFE_MEAN_RGB: [number, number, number] = [123.68, 116.779, 103.939];

/** The per-channel scale and offset equivalent to a preprocessing rule. */
export function preprocessScalars(preprocess: Preprocess): PreprocessScalars {
  switch (preprocess.kind) {
    case 'range01':
      return { scale: [1 / 255, 1 / 255, 1 / 255], offset: [0, 0, 0], bgr: false };
    case 'range11':
      return { scale: [1 / 127.5, 1 / 127.5, 1 / 127.5], offset: [-1, -1, -1], bgr: false };
    case 'caffe':
      return { scale: [1, 1, 1], offset: CAFFE_MEAN_RGB.map((m) => -m) as [number, number, number], bgr: true };
    case 'meanstd': {
      // (x / 255 - mean) / std  =  x * 1 / (255 std)  -  mean / std
      const { mean, std } = preprocess;
      const c = [0, 1, 2] as const;
      return {
        scale: c.map((i) => 1 / (255 * std[i])) as [number, number, number],
        offset: c.map((i) => -mean[i] / std[i]) as [number, number, number],
        bgr: false
      };
    }
  }
}

/**
 * Applies a preprocessing rule to [..., 3] RGB values on the 0..255 scale (differentiable): the scale and
 * offset, then the channel order the model takes. Call inside tf.tidy.
 */
export function applyPreprocess<T extends tfTypes.Tensor>(tf: Tf, rgb: T, preprocess: Preprocess): T {
  const { scale, offset, bgr } = preprocessScalars(preprocess);
  const scaled = tf.add(tf.mul(rgb, tf.tensor1d(scale)), tf.tensor1d(offset)) as T;
  return bgr ? (tf.reverse(scaled, -1) as T) : scaled;
}

/** The centred square crop of a width x height image, in top-down row coordinates. */
export function centreSquare(width: number, height: number): { top: number; left: number; size: number } {
  const size = Math.min(width, height);
  return { top: Math.floor((height - size) / 2), left: Math.floor((width - size) / 2), size };
}

/**
 * Turns a frame into the model's input tensor: drops alpha, flips rows when `flipY`, takes the centred
 * square when the frame is not square, adds `perturbation` in float (clipped to 0..255) when given,
 * resizes bilinearly to `meta.inputSize` (only when sizes differ) and applies the preprocessing scale.
 * A perturbation whose size is not the cropped frame's throws a ModelInputError ('bad-settings').
 *
 * Runs inside its own `tf.tidy`: every intermediate is freed, and the CALLER owns (and must dispose)
 * the returned tensor — or call it inside the caller's own tidy.
 */
export function frameToInput(
  tf: Tf,
  frame: FramePixels,
  meta: Pick<ModelMeta, 'inputSize' | 'preprocess'>,
  perturbation?: FramePerturbation
): tfTypes.Tensor4D {
  const { pixels, width, height, flipY } = frame;
  if (pixels.length !== width * height * 4) {
    throw new Error(`Frame has ${pixels.length} bytes; expected ${width}x${height}x4 = ${width * height * 4}`);
  }
  const [outH, outW] = meta.inputSize;
  // The crop is chosen in image (top-down) coordinates. Stored bottom-up, image row r is buffer row
  // height - 1 - r, so the same crop starts at buffer row height - size - top.
  const crop = width === height ? { top: 0, left: 0, size: width } : centreSquare(width, height);
  const rowStart = flipY ? height - crop.size - crop.top : crop.top;
  const rows = width === height ? height : crop.size;
  const cols = width === height ? width : crop.size;
  if (perturbation) checkPerturbation(perturbation, cols, rows);
  return tf.tidy(() => {
    const rgba = tf.tensor3d(pixels, [height, width, 4], 'int32');
    let img: tfTypes.Tensor3D = tf.slice(rgba, [rowStart, crop.left, 0], [rows, cols, 3]);
    if (flipY) img = tf.reverse(img, 0);
    let batch: tfTypes.Tensor4D = tf.expandDims(tf.cast(img, 'float32'), 0);
    if (perturbation) {
      batch = tf.clipByValue(tf.add(batch, tf.tensor4d(perturbation.delta, [1, rows, cols, 3])), 0, 255);
    }
    if (rows !== outH || cols !== outW) {
      batch = tf.image.resizeBilinear(batch, [outH, outW], false, true);
    }
    return applyPreprocess(tf, batch, meta.preprocess);
  });
}

/** Throws a ModelInputError unless `perturbation` fits a cols x rows cropped frame. */
function checkPerturbation(perturbation: FramePerturbation, cols: number, rows: number): void {
  const { width, height, delta } = perturbation;
  if (width !== cols || height !== rows) {
    throw new ModelInputError(
      `The perturbation is ${width}x${height} but the frame's centre square is ${cols}x${rows}: they must be the same size.`,
      'bad-settings'
    );
  }
  if (!(delta instanceof Float32Array) || delta.length !== width * height * 3) {
    throw new ModelInputError(
      `The perturbation has ${delta?.length ?? 0} values; a ${width}x${height} perturbation has ${width * height * 3} (RGB).`,
      'bad-settings'
    );
  }
}
