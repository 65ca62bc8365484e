/** Model output -> ranked class scores. Pure functions, no TF.js. */
import type { OutputKind, ClassScore } from '$lib/protocol';

/** Probabilities from a raw output: a numerically stable softmax for logits, unchanged for probabilities. */
export function toProbabilities(output: Float32Array, outputKind: OutputKind): Float32Array {
  if (outputKind === 'probabilities') return output;
  let max = -Infinity;
  for (let i = 0; i < output.length; i++) if (output[i] > max) max = output[i];
  const probs = new Float32Array(output.length);
  let sum = 0;
  for (let i = 0; i < output.length; i++) {
    const e = Math.exp(output[i] - max);
    probs[i] = e;
    sum += e;
  }
  for (let i = 0; i < probs.length; i++) probs[i] /= sum;
  return probs;
}

/**
 * The k most probable classes, highest first (ties keep output order). The first `classOffset`
 * outputs (e.g. a "background" class) are skipped and NOT renormalised away:
 * classIndex = output index - classOffset; the label is labels[classIndex] or `class N`.
 */
export function topK(probs: Float32Array, k: number, classOffset: number, labels: readonly string[]): ClassScore[] {
  const best: number[] = []; // output indices, sorted by probability desc, then index asc
  for (let i = classOffset; i < probs.length; i++) {
    const p = probs[i];
    if (best.length === k && !(p > probs[best[best.length - 1]])) continue;
    let at = best.length;
    while (at > 0 && p > probs[best[at - 1]]) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best.map((i) => {
    const classIndex = i - classOffset;
    return { classIndex, label: labels[classIndex] ?? `class ${classIndex}`, probability: probs[i] };
  });
}
