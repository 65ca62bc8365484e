/**
 * The worker half of the preprocessing check: runs a model on the reference renders under each
 * candidate input convention and returns the raw output vectors (no softmax, nothing dropped). The
 * scoring (which convention fits, how sure) is models/preprocess-check.ts, on the main thread.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { ModelMeta, Preprocess, ReferenceImage, ReferenceOutputs } from '$lib/protocol';
import { forward, type Model } from './engine';
import { frameToInput } from './preprocess';

type Tf = typeof tfTypes;

/** What running a model on an image needs to know of it. */
export type ReferenceModelSpec = Pick<ModelMeta, 'format' | 'inputNode' | 'outputNode' | 'inputSize'>;

/**
 * Outputs of `model` on every reference (in order) for every candidate (in order). Each forward pass
 * runs in its own tidy and is read back before the next, so the check holds one output at a time and
 * leaves no tensors behind.
 */
export async function referenceOutputs(
  tf: Tf,
  model: Model,
  spec: ReferenceModelSpec,
  references: readonly ReferenceImage[],
  candidates: readonly Preprocess[]
): Promise<ReferenceOutputs[]> {
  const results: ReferenceOutputs[] = [];
  for (const preprocess of candidates) {
    const outputs: Float32Array[] = [];
    for (const ref of references) {
      const frame = { pixels: ref.pixels, width: ref.width, height: ref.height, flipY: false };
      const out = tf.tidy(() => forward(tf, model, spec, frameToInput(tf, frame, { inputSize: spec.inputSize, preprocess })));
      try {
        const data = await out.data();
        outputs.push(data instanceof Float32Array ? data : Float32Array.from(data));
      } finally {
        out.dispose();
      }
    }
    results.push({ preprocess, outputs });
  }
  return results;
}
