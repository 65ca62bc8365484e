/**
 * What a sweep records of one prediction (one model at one point): the top-1 label and confidence,
 * p(truth), correct@1, correct@5 and the entropy. Pure functions.
 *
 * - Truth labels are matched as class sets match them (models/class-sets.js labelKey: the first
 *   synonym, case and underscores ignored), so "tabby, tabby cat" counts for the class set "cat" and
 *   for a chosen label "tabby".
 * - p(truth) is the sum of the probabilities of the truth's classes: over the full distribution when it
 *   is given, else over the top-k entries only (then a lower bound: classes outside the top k count 0).
 * - Entropy is in bits (log2). With the full distribution it is exact; from the top k alone the mass
 *   outside them (1 − their sum) counts as one more outcome, which gives a lower bound of the true
 *   entropy. `entropyFrom` says which was used.
 * - A subject whose truth is "none" gets null for p(truth), correct@1 and correct@5.
 */
import { classSet, labelKey } from '$lib/models/class-sets.js';
import type { Truth } from './subjects';

/** How many top entries a sweep keeps and judges correct@k by. */
export const TOP_K = 5;

export interface LabelledProbability {
  label: string;
  probability: number;
}

export interface MetricsInput {
  /** The prediction's top classes (e.g. Prediction.top), any order; the best TOP_K are used. */
  top: readonly LabelledProbability[];
  /** The full distribution, when the caller has it: probability i belongs to label i. */
  distribution?: { labels: readonly string[]; probabilities: ArrayLike<number> };
}

export interface PointMetrics {
  /** The best TOP_K, most probable first. */
  top: LabelledProbability[];
  top1Label: string;
  top1Confidence: number;
  /** null when the truth is "none". */
  pTruth: number | null;
  correctAt1: boolean | null;
  correctAt5: boolean | null;
  /** Bits. */
  entropy: number;
  entropyFrom: 'distribution' | 'top-k';
}

/** The keys (labelKey) of the labels a truth accepts; null for "none". */
export function truthKeys(truth: Truth): Set<string> | null {
  if (truth.kind === 'none') return null;
  const labels = truth.kind === 'class-set' ? classSet(truth.id).members : truth.labels;
  return new Set(labels.map((l: string) => labelKey(l)));
}

/** The indices in `labels` (a model's labels) of the classes the truth accepts; null for "none". */
export function truthIndices(truth: Truth, labels: readonly string[]): number[] | null {
  const keys = truthKeys(truth);
  if (!keys) return null;
  const out: number[] = [];
  labels.forEach((label, i) => {
    if (keys.has(labelKey(label))) out.push(i);
  });
  return out;
}

/** Whether `label` is one of the truth's classes (false for "none"). */
export function inTruth(keys: Set<string> | null, label: string): boolean {
  return keys !== null && keys.has(labelKey(label));
}

/** The best `k` entries, most probable first (ties keep their order). */
export function topK(top: readonly LabelledProbability[], k = TOP_K): LabelledProbability[] {
  return top
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.probability - a.e.probability || a.i - b.i)
    .slice(0, k)
    .map(({ e }) => ({ label: e.label, probability: e.probability }));
}

function plogp(p: number): number {
  return p > 0 ? -p * Math.log2(p) : 0;
}

/** Entropy in bits of a full distribution (entries <= 0 count 0). */
export function entropyOf(probabilities: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probabilities.length; i++) h += plogp(probabilities[i]);
  return h;
}

/** Lower bound of the entropy from the top entries alone: the rest of the mass counts as one outcome. */
export function topKEntropy(top: readonly LabelledProbability[]): number {
  let h = 0;
  let sum = 0;
  for (const { probability } of top) {
    h += plogp(probability);
    sum += Math.max(0, probability);
  }
  return h + plogp(1 - sum);
}

/** The metrics of one prediction against a subject's truth. Throws when there is no top entry. */
export function pointMetrics(input: MetricsInput, truth: Truth): PointMetrics {
  const top = topK(input.top);
  if (top.length === 0) throw new Error('A prediction without classes has no metrics (was the frame dropped?).');
  const keys = truthKeys(truth);
  const dist = input.distribution;
  let pTruth: number | null = null;
  if (keys) {
    pTruth = 0;
    if (dist) {
      for (let i = 0; i < dist.labels.length; i++) if (inTruth(keys, dist.labels[i])) pTruth += dist.probabilities[i];
    } else {
      for (const e of top) if (inTruth(keys, e.label)) pTruth += e.probability;
    }
  }
  return {
    top,
    top1Label: top[0].label,
    top1Confidence: top[0].probability,
    pTruth,
    correctAt1: keys ? inTruth(keys, top[0].label) : null,
    correctAt5: keys ? top.some((e) => inTruth(keys, e.label)) : null,
    entropy: dist ? entropyOf(dist.probabilities) : topKEntropy(top),
    entropyFrom: dist ? 'distribution' : 'top-k'
  };
}
