/**
 * Adversarial attacks on one frame in pixel space (0..255, before the model's preprocessing):
 * FGSM and PGD under L-infinity or L2, untargeted or targeted, optional seeded random start.
 * FGSM is one PGD step of size epsilon from the clean frame. Every step runs in tf.tidy; only the
 * clean frame and the current perturbation live between steps.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { ModelInputError, type BackendName, type ModelMeta, type ClassScore, type AttackConfig, type AttackProgress, type AttackResult } from '$lib/protocol';
import type { FramePixels } from '../preprocess';
import { toProbabilities, topK } from '../topk';
import { framePixels, modelInput, toRgba, yieldToEvents, type CancelToken } from './pixels';
import type { ModelTaps } from './taps';

type Tf = typeof tfTypes;

export interface InspectContext {
  tf: Tf;
  taps: ModelTaps;
  meta: Pick<ModelMeta, 'inputSize' | 'preprocess' | 'outputKind' | 'classOffset' | 'labels' | 'numOutputs'>;
  backend: BackendName;
  cancel?: CancelToken;
  topK?: number;
}

const MAX_STEPS = 10_000;

/** Checks an attack's settings; throws a ModelInputError naming the problem. */
export function checkAttackConfig(config: AttackConfig, numClasses: number): Required<Pick<AttackConfig, 'steps' | 'stepSize'>> {
  const bad = (message: string) => new ModelInputError(message, 'bad-settings');
  if (config.method !== 'fgsm' && config.method !== 'pgd') throw bad(`Unknown attack "${String(config.method)}": use FGSM or PGD.`);
  if (config.norm !== 'linf' && config.norm !== 'l2') throw bad(`Unknown norm "${String(config.norm)}": use L-infinity or L2.`);
  if (!(config.epsilon > 0) || !Number.isFinite(config.epsilon)) throw bad('Epsilon must be a positive number of pixel levels.');
  if (config.norm === 'linf' && config.epsilon > 255) throw bad('Epsilon cannot exceed 255 pixel levels under L-infinity.');
  const steps = config.method === 'fgsm' ? 1 : (config.steps ?? 10);
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) throw bad(`Steps must be a whole number from 1 to ${MAX_STEPS}.`);
  const stepSize = config.method === 'fgsm' ? config.epsilon : (config.stepSize ?? (2.5 * config.epsilon) / steps);
  if (!(stepSize > 0) || !Number.isFinite(stepSize)) throw bad('The step size must be a positive number of pixel levels.');
  for (const [name, c] of [
    ['target', config.targetClass],
    ['source', config.sourceClass]
  ] as const) {
    if (c !== undefined && (!Number.isInteger(c) || c < 0 || c >= numClasses)) {
      throw bad(`There is no ${name} class ${c}: classes go from 0 to ${numClasses - 1}.`);
    }
  }
  const set = config.sourceClasses;
  if (set !== undefined) {
    if (!Array.isArray(set) || set.length === 0) throw bad('The set of source classes must name at least one class.');
    if (config.targetClass !== undefined) throw bad('A set of source classes cannot be combined with a target class: the set is for untargeted attacks.');
    if (config.sourceClass !== undefined) throw bad('Give either one source class or a set of source classes, not both.');
    for (const c of set) {
      if (!Number.isInteger(c) || c < 0 || c >= numClasses) throw bad(`There is no source class ${c}: classes go from 0 to ${numClasses - 1}.`);
    }
    const repeated = set.find((c, i) => set.indexOf(c) !== i);
    if (repeated !== undefined) throw bad(`Source class ${repeated} appears more than once in the set.`);
  }
  return { steps, stepSize };
}

/**
 * values[indices] of a 1-D tensor, differentiable on every backend (wasm included). The one-hot rows are
 * built as int32 and cast: a float32 oneHot came out wrong on wasm (TF.js 4.22). Call inside tf.tidy.
 */
function pickAll(tf: Tf, values: tfTypes.Tensor1D, indices: number[]): tfTypes.Tensor1D {
  const n = values.shape[0];
  const select = tf.cast(tf.oneHot(tf.tensor1d(indices, 'int32'), n), 'float32') as tfTypes.Tensor2D;
  return tf.reshape(tf.matMul(select, tf.reshape(values, [n, 1])), [indices.length]);
}

/** Top classes of the model for pixels on the 0..255 scale. */
export async function classifyPixels(ctx: InspectContext, pixels: tfTypes.Tensor4D): Promise<ClassScore[]> {
  const { tf, taps, meta } = ctx;
  const out = tf.tidy(() => taps.run(modelInput(tf, pixels, meta.preprocess), []).output);
  let raw: tfTypes.TypedArray;
  try {
    raw = await out.data();
  } finally {
    out.dispose();
  }
  return topK(toProbabilities(Float32Array.from(raw), meta.outputKind), ctx.topK ?? 5, meta.classOffset, meta.labels);
}

/** Runs an attack on `frame`; resolves early with `cancelled: true` when ctx.cancel is set. */
export async function runAttack(
  ctx: InspectContext,
  frame: FramePixels,
  config: AttackConfig,
  onProgress?: (p: AttackProgress) => void
): Promise<AttackResult> {
  const { tf, taps, meta } = ctx;
  const t0 = performance.now();
  const numClasses = meta.numOutputs - meta.classOffset;
  const { steps, stepSize } = checkAttackConfig(config, numClasses);
  const { epsilon, norm } = config;
  const x0 = framePixels(tf, frame, meta.inputSize);
  let delta: tfTypes.Tensor4D | null = null;
  try {
    const before = await classifyPixels(ctx, x0);
    const targeted = config.targetClass !== undefined;
    const attackedClasses = config.sourceClasses ? [...config.sourceClasses] : undefined;
    const attackedClass = targeted ? config.targetClass! : (attackedClasses?.[0] ?? config.sourceClass ?? before[0].classIndex);
    const outputIndex = attackedClass + meta.classOffset;
    const setIndices = attackedClasses?.map((c) => c + meta.classOffset);

    // The objective to ascend: log p(target), -log p(source), or -log Σ p(c) over the source set.
    // The set's log-probabilities are picked by a one-hot matMul, not tf.gather: gather's gradient
    // needs UnsortedSegmentSum, which the wasm backend lacks.
    const valueAndGrad = tf.valueAndGrad((x: tfTypes.Tensor4D) => {
      const logProbs = taps.logProbabilities(modelInput(tf, x, meta.preprocess));
      const picked = setIndices
        ? tf.logSumExp(pickAll(tf, logProbs, setIndices))
        : (tf.squeeze(tf.slice(logProbs, [outputIndex], [1])) as tfTypes.Scalar);
      return targeted ? picked : tf.neg(picked);
    });
    const l2Norm = (t: tfTypes.Tensor) => tf.sqrt(tf.add(tf.sum(tf.square(t)), 1e-12));
    const project = (d: tfTypes.Tensor4D): tfTypes.Tensor4D =>
      norm === 'linf' ? tf.clipByValue(d, -epsilon, epsilon) : tf.mul(d, tf.minimum(1, tf.div(epsilon, l2Norm(d))));
    /** Keeps x0 + d inside [0, 255]. */
    const keepInRange = (d: tfTypes.Tensor4D): tfTypes.Tensor4D => tf.sub(tf.clipByValue(tf.add(x0, d), 0, 255), x0);

    delta = tf.tidy(() => {
      if (config.method !== 'pgd' || !config.randomStart) return tf.zerosLike(x0);
      const seed = config.seed ?? 0;
      if (norm === 'linf') return keepInRange(tf.randomUniform(x0.shape, -epsilon, epsilon, 'float32', seed));
      const direction = tf.randomNormal(x0.shape, 0, 1, 'float32', seed);
      const radius = tf.mul(epsilon, tf.randomUniform([], 0, 1, 'float32', seed + 1));
      return keepInRange(tf.mul(tf.div(direction, l2Norm(direction)), radius) as tfTypes.Tensor4D);
    });

    let stepsDone = 0;
    for (let step = 0; step < steps && !ctx.cancel?.cancelled; step++) {
      const current: tfTypes.Tensor4D = delta;
      const { next, value } = tf.tidy(() => {
        const { value, grad } = valueAndGrad(tf.add(x0, current) as tfTypes.Tensor4D);
        const direction = norm === 'linf' ? tf.sign(grad) : tf.div(grad, l2Norm(grad));
        return { next: keepInRange(project(tf.add(current, tf.mul(direction, stepSize)))), value };
      });
      current.dispose();
      delta = next;
      const objective = (await value.data())[0];
      value.dispose();
      stepsDone = step + 1;
      onProgress?.({ step: stepsDone, steps, probability: Math.exp(targeted ? objective : -objective) });
      await yieldToEvents();
    }

    const finalDelta: tfTypes.Tensor4D = delta;
    const adversarialPixels = tf.tidy(() => tf.add(x0, finalDelta) as tfTypes.Tensor4D);
    const bytes = tf.tidy(() => tf.round(adversarialPixels) as tfTypes.Tensor4D);
    try {
      const perturbation = Float32Array.from(await finalDelta.data());
      let linf = 0;
      let sq = 0;
      for (const v of perturbation) {
        linf = Math.max(linf, Math.abs(v));
        sq += v * v;
      }
      return {
        width: meta.inputSize[1],
        height: meta.inputSize[0],
        clean: await toRgba(tf, x0),
        adversarial: await toRgba(tf, adversarialPixels),
        perturbation,
        linf,
        l2: Math.sqrt(sq),
        before,
        after: await classifyPixels(ctx, bytes),
        attackedClass,
        ...(attackedClasses ? { attackedClasses } : {}),
        stepsDone,
        cancelled: stepsDone < steps,
        ms: performance.now() - t0,
        backend: ctx.backend
      };
    } finally {
      adversarialPixels.dispose();
      bytes.dispose();
    }
  } finally {
    x0.dispose();
    delta?.dispose();
  }
}
