/**
 * Pixel space for attacks and feature visualisation: [1, H, W, 3] float tensors on the 0..255 scale of
 * the frame, before the model's own preprocessing (so that a perturbation is an image).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { ModelMeta, Preprocess } from '$lib/protocol';
import { applyPreprocess, frameToInput, type FramePixels } from '../preprocess';

type Tf = typeof tfTypes;

/** A preprocessing rule that keeps byte values as they are: (x / 255 - 0) / (1 / 255). */
const KEEP_BYTES: Preprocess = { kind: 'meanstd', mean: [0, 0, 0], std: [1 / 255, 1 / 255, 1 / 255] };

/** The frame at the model's input size (crop + resize as for predictions), rounded to whole bytes. Caller disposes. */
export function framePixels(tf: Tf, frame: FramePixels, inputSize: ModelMeta['inputSize']): tfTypes.Tensor4D {
  return tf.tidy(() => tf.clipByValue(tf.round(frameToInput(tf, frame, { inputSize, preprocess: KEEP_BYTES })), 0, 255));
}

/** The model's input for pixels on the 0..255 scale (differentiable). */
export function modelInput(tf: Tf, pixels: tfTypes.Tensor4D, preprocess: Preprocess): tfTypes.Tensor4D {
  return applyPreprocess(tf, pixels, preprocess);
}

/** RGBA bytes (alpha 255) of [1, H, W, 3] pixels on the 0..255 scale, rounded and clipped. */
export async function toRgba(tf: Tf, pixels: tfTypes.Tensor4D): Promise<Uint8Array> {
  const bytes = tf.tidy(() => tf.clipByValue(tf.round(pixels), 0, 255));
  let rgb: tfTypes.TypedArray;
  try {
    rgb = await bytes.data();
  } finally {
    bytes.dispose();
  }
  const n = rgb.length / 3;
  const rgba = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    rgba[i * 4] = rgb[i * 3];
    rgba[i * 4 + 1] = rgb[i * 3 + 1];
    rgba[i * 4 + 2] = rgb[i * 3 + 2];
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** Lets queued messages (a cancel, a newer frame) through between steps of a long computation. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Set by the host's cancel(); long computations check it between steps. */
export interface CancelToken {
  readonly cancelled: boolean;
}
