/**
 * "Hold" an adversarial perturbation: add it to every later frame before it goes to a model, to see how
 * brittle the attack is while the camera moves.
 */
import type { Frame } from '$lib/protocol';

export interface HeldPerturbation {
  width: number;
  height: number;
  /** width x height x 3 (RGB) in pixel units, top row first (AttackResult.perturbation). */
  perturbation: Float32Array;
}

/**
 * Adds `held` to the frame's pixels in place, clipped to 0..255 and rounded; alpha is kept. A frame of
 * another size gets the perturbation resampled (nearest pixel); bottom-up frames (flipY) get it flipped.
 */
export function addHeldPerturbation(frame: Frame, held: HeldPerturbation): void {
  const { width: w, height: h, pixels } = frame;
  const p = held.perturbation;
  for (let y = 0; y < h; y++) {
    const topRow = frame.flipY ? h - 1 - y : y;
    const py = Math.min(held.height - 1, Math.floor(((topRow + 0.5) * held.height) / h));
    for (let x = 0; x < w; x++) {
      const px = Math.min(held.width - 1, Math.floor(((x + 0.5) * held.width) / w));
      const src = (py * held.width + px) * 3;
      const dst = (y * w + x) * 4;
      for (let c = 0; c < 3; c++) {
        const v = Math.round(pixels[dst + c] + p[src + c]);
        pixels[dst + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
}
