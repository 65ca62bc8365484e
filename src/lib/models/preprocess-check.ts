/**
 * The preprocessing check, scored: given a model's raw outputs on the reference renders under each
 * candidate input convention (workers/reference-outputs.ts), which convention fits, with or without a
 * softmax, and how sure that is. Pure functions, no TF.js: runs on the main thread and in Node tests.
 *
 * Per candidate: how many subjects land in their class set (models/class-sets.js) within the top 5
 * (a subject counts when at least half of its views do), and the mean probability of the right class
 * set. The best candidate has the highest mean probability; it is clear when that is well above the
 * next convention's and no other gets more subjects right. Whether it does better than labels in a random order would is a permutation test on the
 * same outputs: when it does not, the labels or their order may not fit the outputs.
 *
 * The candidates and their names are in preprocess-conventions.ts, the numbers in
 * preprocess-scoring.ts, the verdict and its sentence in preprocess-verdict.ts; this module puts them
 * together and is where the rest of the app imports the check from.
 */
import type { ReferenceOutputs } from '$lib/protocol';
import { scoreCandidates, shuffledChance, type CandidateScore, type ReferenceInfo } from './preprocess-scoring';
import { noClassesVerdict, verdictOf, type CheckVerdict } from './preprocess-verdict';

export { CANDIDATE_PREPROCESSES, IMAGENET_MEAN_STD, candidateName, preprocessName, samePreprocess } from './preprocess-conventions';
export { looksLikeProbabilities, type CandidateScore, type ReferenceInfo, type SubjectScore } from './preprocess-scoring';
export { CLEAR_RATIO, type CheckVerdict } from './preprocess-verdict';

/** A model's outputs on the references: what the worker sends back, scored with the labels of the moment. */
export interface ReferenceRun {
  references: ReferenceInfo[];
  outputs: ReferenceOutputs[];
}

export interface PreprocessCheck {
  /** In the order of the candidates given. */
  candidates: CandidateScore[];
  /** The convention to preselect (null for no-classes). */
  best: CandidateScore | null;
  /** The best of the other input conventions. */
  nextBest: CandidateScore | null;
  verdict: CheckVerdict;
  /** Fraction of label shuffles under which some candidate did at least as well as the best (null: not tested). */
  chance: number | null;
  shuffles: number;
  /** One sentence for the user. */
  summary: string;
}

export interface ScoreOptions {
  /** Classes per view that count (default 5). */
  topK?: number;
  /** Label shuffles of the permutation test (default 200; 0 skips it). */
  shuffles?: number;
  /** Seed of the shuffles (default 1). */
  seed?: number;
  /** Largest fraction of shuffles that may do as well as the real labels (default 0.01). */
  alpha?: number;
}

/**
 * Scores every candidate on the references. `outputs[c].outputs[v]` is the raw output of reference v
 * under candidate c; `labels[i]` names output `i + classOffset`.
 */
export function scorePreprocessing(
  references: readonly ReferenceInfo[],
  outputs: readonly ReferenceOutputs[],
  labels: readonly string[],
  classOffset: number,
  options: ScoreOptions = {}
): PreprocessCheck {
  const { topK = 5, shuffles = 200, seed = 1, alpha = 0.01 } = options;
  const scored = scoreCandidates(references, outputs, labels, classOffset, topK);
  const { candidates } = scored;
  if (scored.scorable.length === 0 || candidates.length === 0) {
    const { best, nextBest, verdict, summary } = noClassesVerdict();
    return { candidates, best, nextBest, verdict, chance: null, shuffles: 0, summary };
  }
  const chance = shuffles > 0 ? shuffledChance(scored, shuffles, seed) : null;
  const { best, nextBest, verdict, summary } = verdictOf(candidates, chance, shuffles, alpha);
  return { candidates, best, nextBest, verdict, chance, shuffles, summary };
}
