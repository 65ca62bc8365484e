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
 */
import type { OutputKind, Preprocess, ReferenceOutputs } from '$lib/protocol';
import { classSet, classSetIndices, CLASS_SETS } from './class-sets.js';

export const IMAGENET_MEAN_STD: Preprocess = { kind: 'meanstd', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** The input conventions the check tries, in the order the table lists them. */
export const CANDIDATE_PREPROCESSES: readonly Preprocess[] = [{ kind: 'range01' }, { kind: 'range11' }, IMAGENET_MEAN_STD, { kind: 'caffe' }];

/** What the scoring needs to know of each reference (same order as the outputs). */
export interface ReferenceInfo {
  subject: string;
  classSet: string;
  view: string;
}

/** A model's outputs on the references: what the worker sends back, scored with the labels of the moment. */
export interface ReferenceRun {
  references: ReferenceInfo[];
  outputs: ReferenceOutputs[];
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

/**
 * clear: the best candidate's mean probability is well above any other convention's (CLEAR_RATIO) and
 * none gets more subjects right; close: another convention comes near; no-fit: none does better than labels in a random order would (or none gets a subject right);
 * no-classes: the labels name none of the reference classes.
 */
export type CheckVerdict = 'clear' | 'close' | 'no-fit' | 'no-classes';

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

/** "[0, 1]", "[-1, 1]", "ImageNet mean/std", "Caffe (BGR − means)". */
export function preprocessName(p: Preprocess): string {
  switch (p.kind) {
    case 'range01':
      return '[0, 1]';
    case 'range11':
      return '[-1, 1]';
    case 'caffe':
      return 'Caffe (BGR − means)';
    case 'meanstd': {
      const ref = IMAGENET_MEAN_STD as Extract<Preprocess, { kind: 'meanstd' }>;
      const same = p.mean.every((m, i) => Math.abs(m - ref.mean[i]) < 1e-6) && p.std.every((s, i) => Math.abs(s - ref.std[i]) < 1e-6);
      return same ? 'ImageNet mean/std' : 'mean/std';
    }
  }
}

/** "[0, 1], logits (softmax applied)" / "[-1, 1], probabilities". */
export function candidateName(c: Pick<CandidateScore, 'preprocess' | 'outputKind'>): string {
  return `${preprocessName(c.preprocess)}, ${c.outputKind === 'logits' ? 'logits (softmax applied)' : 'probabilities'}`;
}

export function samePreprocess(a: Preprocess, b: Preprocess): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
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

/** Small seeded PRNG (mulberry32): the same shuffles every time, so the verdict is reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

/**
 * Ranking: the higher mean probability of the right class sets. It is smooth, so small numeric
 * differences between backends or image decoders do not reorder candidates, as counts that sit at a
 * threshold (a subject right in exactly half of its views) can.
 */
function better(a: CandidateScore, b: CandidateScore): number {
  return b.meanProbability - a.meanProbability || b.subjectsRight - a.subjectsRight;
}

/** The best is "clear" when its mean probability is at least this many times the next convention's (and it has as many subjects right). */
export const CLEAR_RATIO = 1.5;

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

  if (refs.length === 0 || candidates.length === 0) {
    return { candidates, best: null, nextBest: null, verdict: 'no-classes', chance: null, shuffles: 0, summary: noClassesSummary() };
  }
  const ranked = [...candidates].sort(better);
  const best = ranked[0];
  const nextBest = ranked.find((c) => !samePreprocess(c.preprocess, best.preprocess)) ?? null;
  const chance = shuffles > 0 ? shuffledChance(prepared, candidates, labelSets, scorable, classes, classOffset, shares, shuffles, seed) : null;
  const fits = best.subjectsRight > 0 && (chance === null || chance <= alpha);
  // Another convention with more subjects right makes it close too (and is the one to name).
  const moreSubjects = ranked.find((c) => !samePreprocess(c.preprocess, best.preprocess) && c.subjectsRight > best.subjectsRight);
  const clear = !nextBest || (!moreSubjects && best.meanProbability >= CLEAR_RATIO * nextBest.meanProbability);
  const verdict: CheckVerdict = !fits ? 'no-fit' : clear ? 'clear' : 'close';
  const rival = moreSubjects ?? nextBest;
  return { candidates, best, nextBest, verdict, chance, shuffles, summary: summaryOf(verdict, best, rival, chance, shuffles) };
}

/**
 * The permutation test: the fraction of random label orders (the same class-set sizes, at random
 * outputs) under which some candidate's evidence is at least the best real one's.
 */
function shuffledChance(
  prepared: readonly Prepared[],
  candidates: readonly CandidateScore[],
  labelSets: readonly number[][],
  scorable: readonly number[],
  classes: number,
  classOffset: number,
  shares: readonly number[],
  shuffles: number,
  seed: number
): number {
  const observed = Math.max(...candidates.map((c) => c.evidence));
  const next = random(seed);
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

const SET_NAMES = CLASS_SETS.map((s) => s.name).join(', ');

function noClassesSummary(): string {
  return `The labels name none of the reference subjects' classes (${SET_NAMES}), so the check cannot tell the input convention: keep the values above and check a few predictions.`;
}

const pct = (p: number) => `${(p * 100).toFixed(p < 0.1 ? 1 : 0)}%`;
const tally = (c: CandidateScore) => `${c.subjectsRight}/${c.subjects} subjects right (${c.viewsRight}/${c.views} views)`;

function summaryOf(verdict: CheckVerdict, best: CandidateScore, next: CandidateScore | null, chance: number | null, shuffles: number): string {
  const name = preprocessName(best.preprocess);
  const kind = best.outputKind === 'logits' ? 'logits' : 'probabilities';
  if (verdict === 'no-fit') {
    const random = chance === null ? '' : `; labels in a random order did as well in ${Math.round(chance * shuffles)} of ${shuffles} tries`;
    return (
      `No input convention gets the reference subjects right (best: ${name}, ${best.subjectsRight}/${best.subjects}${random}): ` +
      'the labels or the class order may not fit the outputs.'
    );
  }
  const head = `${name}, ${kind}: ${tally(best)}, mean probability ${pct(best.meanProbability)}`;
  if (!next) return `${head}.`;
  const other = `${preprocessName(next.preprocess)}: ${next.subjectsRight}/${next.subjects}, ${pct(next.meanProbability)}`;
  if (verdict === 'clear') return `${head}; next best ${other}.`;
  return `${head}; close to ${other}: check a few predictions.`;
}
