/**
 * The preprocessing check's numbers (models/preprocess-check.ts puts them together): per candidate input
 * convention, how many subjects land in their class set (models/class-sets.js) within the top k (a
 * subject counts when at least half of its views do), the mean probability of the right class set, and
 * the evidence of the permutation test (labels in a random order, on the same outputs).
 */
import { seededRandom, type OutputKind, type Preprocess, type ReferenceOutputs } from '$lib/protocol';
import { classSet, classSetIndices } from './class-sets.js';

/** What the scoring needs to know of each reference (same order as the outputs). */
export interface ReferenceInfo {
  subject: string;
  classSet: string;
  view: string;
}

export interface SubjectScore {
  subject: string;
  /** Views whose top 5 hold a class of the subject's set. */
  viewsRight: number;
  views: number;
  /** At least half of its views are right. */
  right: boolean;
}

export interface CandidateScore {
  preprocess: Preprocess;
  /** 'probabilities' when the outputs are probabilities already (all >= 0, summing to 1), else 'logits'. */
  outputKind: OutputKind;
  subjectsRight: number;
  /** Subjects whose class set the labels name (the others cannot be scored). */
  subjects: number;
  viewsRight: number;
  views: number;
  /** Mean probability of the right class set with the outputs taken as they are; null when they are not probabilities. */
  meanAsIs: number | null;
  /** Mean probability of the right class set after a softmax. */
  meanSoftmax: number;
  /** The mean probability for `outputKind`. */
  meanProbability: number;
  perSubject: SubjectScore[];
  /** Mean log ratio of the right class set's probability to its share of the classes (the permutation test's statistic). */
  evidence: number;
}

/** All outputs >= 0 and summing to 1 (to 1 %): the model ends in a softmax. */
export function looksLikeProbabilities(output: Float32Array): boolean {
  let sum = 0;
  for (const x of output) {
    if (!(x >= -1e-6)) return false;
    sum += x;
  }
  return Math.abs(sum - 1) <= 1e-2;
}

function softmax(output: Float32Array): Float64Array {
  let max = -Infinity;
  for (const x of output) if (x > max) max = x;
  const p = new Float64Array(output.length);
  let sum = 0;
  for (let i = 0; i < output.length; i++) sum += p[i] = Math.exp(output[i] - max);
  for (let i = 0; i < p.length; i++) p[i] /= sum;
  return p;
}

/** Output indices of the k largest labelled outputs (from classOffset on). */
function topOutputs(output: ArrayLike<number>, k: number, classOffset: number): number[] {
  const best: number[] = [];
  for (let i = classOffset; i < output.length; i++) {
    if (best.length === k && !(output[i] > output[best[k - 1]])) continue;
    let at = best.length;
    while (at > 0 && output[i] > output[best[at - 1]]) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}

/** The smallest probability the evidence takes a log of: a class set the model gives ~0 costs at most this much. */
const FLOOR = 1e-6;

interface Prepared {
  preprocess: Preprocess;
  outputKind: OutputKind;
  /** Per scorable view: probabilities as scored (as is, or after a softmax). */
  probs: ArrayLike<number>[];
  /** Per scorable view: the top-k output indices. */
  top: number[][];
  asIs: Float32Array[] | null;
  soft: Float64Array[];
}

const massOf = (p: ArrayLike<number>, outputIndices: readonly number[]) => outputIndices.reduce((sum, i) => sum + p[i], 0);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Mean over views of ln(P(right class set) / its share of the classes). */
function evidenceOf(probs: ArrayLike<number>[], sets: readonly number[][], shares: readonly number[]): number {
  return mean(probs.map((p, v) => Math.log(Math.max(massOf(p, sets[v]), FLOOR) / shares[v])));
}

/** The candidates' scores, and what the permutation test needs to score them again under other label orders. */
export interface ScoredCandidates {
  /** In the order of the outputs given. */
  candidates: CandidateScore[];
  /** The references whose class set the labels name (the only ones scored). */
  scorable: number[];
  prepared: Prepared[];
  labelSets: number[][];
  classes: number;
  classOffset: number;
  shares: number[];
}

/**
 * Scores every candidate on the references. `outputs[c].outputs[v]` is the raw output of reference v
 * under candidate c; `labels[i]` names output `i + classOffset`; `topK` classes per view count.
 */
export function scoreCandidates(
  references: readonly ReferenceInfo[],
  outputs: readonly ReferenceOutputs[],
  labels: readonly string[],
  classOffset: number,
  topK: number
): ScoredCandidates {
  const classes = labels.length;
  // Label indices of each view's class set; views whose set the labels do not name are left out.
  const outputCount = outputs[0]?.outputs[0]?.length ?? 0;
  const labelSets = references.map((r) => classSetIndices(classSet(r.classSet), labels).filter((i) => i + classOffset < outputCount));
  const scorable = references.flatMap((r, v) => (labelSets[v].length > 0 ? [v] : []));
  const refs = scorable.map((v) => references[v]);
  const sets = scorable.map((v) => labelSets[v].map((i) => i + classOffset));
  const shares = scorable.map((v) => labelSets[v].length / classes);
  const subjects = [...new Set(refs.map((r) => r.subject))];

  const prepared: Prepared[] = outputs.map(({ preprocess, outputs: raw }) => {
    const views = scorable.map((v) => raw[v]);
    const probabilities = views.length > 0 && views.every(looksLikeProbabilities);
    const soft = views.map(softmax);
    return {
      preprocess,
      outputKind: probabilities ? 'probabilities' : 'logits',
      asIs: probabilities ? views : null,
      soft,
      probs: probabilities ? views : soft,
      top: views.map((o) => topOutputs(o, topK, classOffset))
    };
  });

  const candidates: CandidateScore[] = prepared.map((c) => {
    const hits = c.top.map((top, v) => top.some((i) => sets[v].includes(i)));
    const perSubject = subjects.map((subject) => {
      const views = refs.flatMap((r, v) => (r.subject === subject ? [v] : []));
      const viewsRight = views.filter((v) => hits[v]).length;
      return { subject, viewsRight, views: views.length, right: viewsRight * 2 >= views.length && viewsRight > 0 };
    });
    const meanAsIs = c.asIs ? mean(c.asIs.map((p, v) => massOf(p, sets[v]))) : null;
    const meanSoftmax = mean(c.soft.map((p, v) => massOf(p, sets[v])));
    return {
      preprocess: c.preprocess,
      outputKind: c.outputKind,
      subjectsRight: perSubject.filter((s) => s.right).length,
      subjects: subjects.length,
      viewsRight: hits.filter(Boolean).length,
      views: refs.length,
      meanAsIs,
      meanSoftmax,
      meanProbability: meanAsIs ?? meanSoftmax,
      perSubject,
      evidence: evidenceOf(c.probs, sets, shares)
    };
  });
  return { candidates, scorable, prepared, labelSets, classes, classOffset, shares };
}

/**
 * The permutation test: the fraction of `shuffles` random label orders (the same class-set sizes, at
 * random outputs) under which some candidate's evidence is at least the best real one's.
 */
export function shuffledChance(scored: ScoredCandidates, shuffles: number, seed: number): number {
  const { prepared, candidates, labelSets, scorable, classes, classOffset, shares } = scored;
  const observed = Math.max(...candidates.map((c) => c.evidence));
  const next = seededRandom(seed);
  const order = Array.from({ length: classes }, (_, i) => i);
  let asGood = 0;
  for (let s = 0; s < shuffles; s++) {
    for (let i = classes - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const sets = scorable.map((v) => labelSets[v].map((i) => order[i] + classOffset));
    if (prepared.some((c) => evidenceOf(c.probs, sets, shares) >= observed)) asGood++;
  }
  return asGood / shuffles;
}
