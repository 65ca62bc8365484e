/**
 * Feature visualisation by gradient ascent on the input (Lucid-style): maximise a channel's mean
 * activation or a class score over a decorrelated (Fourier or pixel) image, applying a random jitter,
 * scale and rotation at every step for transformation robustness. Deterministic for a given seed.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { ModelInputError, seededRandom, type FeatureVisProgress, type FeatureVisRequest, type FeatureVisResult } from '$lib/protocol';
import type { InspectContext } from './attacks';
import { ParameterisedImage, randomTransform, transformImage } from './image-param';
import { modelInput, toRgba, yieldToEvents } from './pixels';

type Tf = typeof tfTypes;

const MAX_STEPS = 5000;

/** The scalar to maximise for a preprocessed input [1, H, W, 3]. */
function objectiveFor(ctx: InspectContext, request: FeatureVisRequest): (input: tfTypes.Tensor4D) => tfTypes.Scalar {
  const { tf, taps, meta } = ctx;
  const objective = request.objective;
  if (objective.kind === 'channel') {
    return (input) => {
      const act = taps.layer(input, objective.layer);
      const channels = act.shape[3];
      if (!(objective.channel >= 0 && objective.channel < channels)) {
        throw new ModelInputError(`Layer "${objective.layer}" has channels 0 to ${channels - 1}; there is no channel ${objective.channel}.`, 'bad-settings');
      }
      return tf.mean(tf.slice(act, [0, 0, 0, objective.channel], [-1, -1, -1, 1])) as tfTypes.Scalar;
    };
  }
  const numClasses = meta.numOutputs - meta.classOffset;
  if (!Number.isInteger(objective.classIndex) || objective.classIndex < 0 || objective.classIndex >= numClasses) {
    throw new ModelInputError(`There is no class ${objective.classIndex}: classes go from 0 to ${numClasses - 1}.`, 'bad-settings');
  }
  const outputIndex = objective.classIndex + meta.classOffset;
  return (input) => tf.squeeze(tf.slice(taps.scores(input).scores, [outputIndex], [1])) as tfTypes.Scalar;
}

export async function runFeatureVisualisation(
  ctx: InspectContext,
  request: FeatureVisRequest,
  onProgress?: (p: FeatureVisProgress) => void
): Promise<FeatureVisResult> {
  const tf: Tf = ctx.tf;
  const t0 = performance.now();
  const steps = request.steps ?? 256;
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) {
    throw new ModelInputError(`Steps must be a whole number from 1 to ${MAX_STEPS}.`, 'bad-settings');
  }
  const learningRate = request.learningRate ?? 0.05;
  if (!(learningRate > 0)) throw new ModelInputError('The learning rate must be a positive number.', 'bad-settings');
  const seed = request.seed ?? 0;
  const random = seededRandom(seed);
  const objective = objectiveFor(ctx, request);
  const [height, width] = ctx.meta.inputSize;
  const image = new ParameterisedImage(tf, height, width, request.parameterisation ?? 'fourier', seed);
  const optimizer = tf.train.adam(learningRate);
  const trace: number[] = [];
  try {
    for (let step = 0; step < steps && !ctx.cancel?.cancelled; step++) {
      const t = randomTransform(random, request.jitter ?? 8, request.rotate ?? 5, request.scale ?? 0.05);
      const cost = optimizer.minimize(
        () => {
          const pixels = tf.mul(tf.expandDims(transformImage(tf, image.render(), t), 0), 255) as tfTypes.Tensor4D;
          return tf.neg(objective(modelInput(tf, pixels, ctx.meta.preprocess)));
        },
        true,
        image.variables
      );
      const value = -(await cost!.data())[0];
      cost!.dispose();
      trace.push(value);
      onProgress?.({ step: step + 1, steps, objective: value });
      await yieldToEvents();
    }
    const rendered = tf.tidy(() => tf.mul(tf.expandDims(image.render(), 0), 255) as tfTypes.Tensor4D);
    let pixels: Uint8Array;
    try {
      pixels = await toRgba(tf, rendered);
    } finally {
      rendered.dispose();
    }
    return { width, height, pixels, trace, cancelled: trace.length < steps, ms: performance.now() - t0, backend: ctx.backend };
  } finally {
    optimizer.dispose();
    // Adam's dispose() forgets the base class's iteration counter (TF.js 4.22).
    tf.dispose((optimizer as unknown as { iterations_?: tfTypes.Tensor }).iterations_ ?? []);
    image.dispose();
  }
}
