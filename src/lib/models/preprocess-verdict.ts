/**
 * The preprocessing check's verdict on its scored candidates (models/preprocess-scoring.ts): which
 * convention is best, how sure that is, and the one sentence that says so.
 */
import { CLASS_SETS } from './class-sets.js';
import { preprocessName, samePreprocess } from './preprocess-conventions';
import type { CandidateScore } from './preprocess-scoring';

/**
 * clear: the best candidate's mean probability is well above any other convention's (CLEAR_RATIO) and
 * none gets more subjects right; close: another convention comes near; no-fit: none does better than labels in a random order would (or none gets a subject right);
 * no-classes: the labels name none of the reference classes.
 */
export type CheckVerdict = 'clear' | 'close' | 'no-fit' | 'no-classes';

/** The best is "clear" when its mean probability is at least this many times the next convention's (and it has as many subjects right). */
export const CLEAR_RATIO = 1.5;

/** The verdict's part of the check's result. */
export interface Verdict {
  /** The convention to preselect (null for no-classes). */
  best: CandidateScore | null;
  /** The best of the other input conventions. */
  nextBest: CandidateScore | null;
  verdict: CheckVerdict;
  /** One sentence for the user. */
  summary: string;
}

/**
 * Ranking: the higher mean probability of the right class sets. It is smooth, so small numeric
 * differences between backends or image decoders do not reorder candidates, as counts that sit at a
 * threshold (a subject right in exactly half of its views) can.
 */
function better(a: CandidateScore, b: CandidateScore): number {
  return b.meanProbability - a.meanProbability || b.subjectsRight - a.subjectsRight;
}

/**
 * The verdict on `candidates` (at least one): `chance` is the permutation test's fraction of `shuffles`
 * label orders that did as well (null: not tested), at most `alpha` for a fit.
 */
export function verdictOf(candidates: readonly CandidateScore[], chance: number | null, shuffles: number, alpha: number): Verdict {
  const ranked = [...candidates].sort(better);
  const best = ranked[0];
  const nextBest = ranked.find((c) => !samePreprocess(c.preprocess, best.preprocess)) ?? null;
  const fits = best.subjectsRight > 0 && (chance === null || chance <= alpha);
  // Another convention with more subjects right makes it close too (and is the one to name).
  const moreSubjects = ranked.find((c) => !samePreprocess(c.preprocess, best.preprocess) && c.subjectsRight > best.subjectsRight);
  const clear = !nextBest || (!moreSubjects && best.meanProbability >= CLEAR_RATIO * nextBest.meanProbability);
  const verdict: CheckVerdict = !fits ? 'no-fit' : clear ? 'clear' : 'close';
  const rival = moreSubjects ?? nextBest;
  return { best, nextBest, verdict, summary: summaryOf(verdict, best, rival, chance, shuffles) };
}

const SET_NAMES = CLASS_SETS.map((s) => s.name).join(', ');

/** The verdict when the labels name none of the reference classes. */
export function noClassesVerdict(): Verdict {
  const summary = `The labels name none of the reference subjects' classes (${SET_NAMES}), so the check cannot tell the input convention: keep the values above and check a few predictions.`;
  return { best: null, nextBest: null, verdict: 'no-classes', summary };
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
