/**
 * Scoring of the preprocessing check on synthetic outputs (the fixture models' real outputs are in
 * tests/node/preprocess-check-fixtures.test.ts).
 */
import { describe, expect, test } from 'vitest';
import type { Preprocess, ReferenceOutputs } from '../../src/lib/protocol';
import { CANDIDATE_PREPROCESSES, candidateName, looksLikeProbabilities, scorePreprocessing, type ReferenceInfo } from '../../src/lib/models/preprocess-check';
import { IMAGENET_LABELS } from '../../src/lib/models/imagenet';

const REFS: ReferenceInfo[] = ['dog', 'cat', 'fire truck', 'race car'].flatMap((subject) =>
  ['yaw 30°', 'yaw -30°'].map((view) => ({ subject, classSet: subject, view }))
);
/** A right class per subject (ImageNet label indices) and a wrong one. */
const RIGHT: Record<string, number> = { dog: 253 /* basenji */, cat: 281 /* tabby */, 'fire truck': 555, 'race car': 751 };
const PINWHEEL = 723;

function noise(seed: number, n: number): Float32Array {
  let a = seed;
  return Float32Array.from({ length: n }, () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
}

/** Logits with one peak per reference: at the right class (`right`, for every subject or those it names) or at "pinwheel". */
function logits(right: boolean | ((subject: string) => boolean), seed: number, peak = 9, classOffset = 0): Float32Array[] {
  return REFS.map((r, v) => {
    const out = noise(seed * 100 + v, 1000 + classOffset);
    const isRight = typeof right === 'function' ? right(r.subject) : right;
    out[classOffset + (isRight ? RIGHT[r.subject] : PINWHEEL)] = peak;
    return out;
  });
}

function softmaxed(outputs: Float32Array[]): Float32Array[] {
  return outputs.map((o) => {
    const e = Array.from(o, (x) => Math.exp(x));
    const sum = e.reduce((a, b) => a + b, 0);
    return Float32Array.from(e, (x) => x / sum);
  });
}

/** Candidate outputs: the one at `rightAt` (index into CANDIDATE_PREPROCESSES) sees the subjects, the others do not. */
function candidates(rightAt: number, transform = (o: Float32Array[]) => o, classOffset = 0): ReferenceOutputs[] {
  return CANDIDATE_PREPROCESSES.map((preprocess: Preprocess, c) => ({ preprocess, outputs: transform(logits(c === rightAt, c + 1, 9, classOffset)) }));
}

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = xs.slice();
  const r = noise(seed, out.length);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(((r[i] + 1) / 2) * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('scorePreprocessing', () => {
  test('logits: the convention that sees the subjects is preselected, with a softmax, and the sentence says how sure', () => {
    const check = scorePreprocessing(REFS, candidates(0), IMAGENET_LABELS, 0);
    expect(check.best?.preprocess).toEqual({ kind: 'range01' });
    expect(check.best?.outputKind).toBe('logits');
    expect(check.best).toMatchObject({ subjectsRight: 4, subjects: 4, viewsRight: 8, views: 8, meanAsIs: null });
    expect(check.verdict).toBe('clear');
    expect(check.chance).toBe(0);
    // (random outputs may land a dog breed, a tenth of the classes, in the top 5 by chance)
    expect(check.summary).toMatch(/^\[0, 1\], logits: 4\/4 subjects right \(8\/8 views\), mean probability \d+%; next best .*: [01]\/4, \d/);
    // The table keeps the candidates' order, each with its own counts.
    expect(check.candidates[0].subjectsRight).toBe(4);
    for (const other of check.candidates.slice(1)) expect(other.subjectsRight).toBeLessThanOrEqual(1);
  });

  test('outputs that are probabilities are scored as they are; a softmax on top only flattens them', () => {
    const check = scorePreprocessing(REFS, candidates(1, softmaxed), IMAGENET_LABELS, 0);
    expect(check.best?.preprocess).toEqual({ kind: 'range11' });
    expect(check.best?.outputKind).toBe('probabilities');
    expect(check.best!.meanAsIs!).toBeGreaterThan(0.5);
    expect(check.best!.meanSoftmax).toBeLessThan(check.best!.meanAsIs! / 10);
    expect(candidateName(check.best!)).toBe('[-1, 1], probabilities');
  });

  test('a background class at output 0: labels map with the class offset', () => {
    const outputs = candidates(2, (o) => o, 1);
    const check = scorePreprocessing(REFS, outputs, IMAGENET_LABELS, 1);
    expect(check.best?.preprocess.kind).toBe('meanstd');
    expect(check.best?.subjectsRight).toBe(4);
    // Read without the offset, every peak lands one class off: the neighbouring dog breed and cat still
    // count, the fire engine and the racer do not.
    const off = scorePreprocessing(REFS, outputs, [...IMAGENET_LABELS, 'extra'], 0);
    expect(off.best?.perSubject.map((s) => s.right)).toEqual([true, true, false, false]);
  });

  test('labels in another order than the outputs: "the labels or the class order may not fit"', () => {
    const check = scorePreprocessing(REFS, candidates(0), shuffled(IMAGENET_LABELS, 7), 0);
    expect(check.verdict).toBe('no-fit');
    expect(check.summary).toMatch(/No input convention gets the reference subjects right .*: the labels or the class order may not fit the outputs\./);
  });

  test('labels matched by text: terser labels in another order still fit', () => {
    // The same classes, labelled "basenji" instead of "basenji, …" and listed in reverse: the outputs reversed too.
    const labels = IMAGENET_LABELS.map((l) => l.split(',')[0]).reverse();
    const outputs = candidates(3).map((c) => ({ ...c, outputs: c.outputs.map((o) => o.slice().reverse()) }));
    const check = scorePreprocessing(REFS, outputs, labels, 0);
    expect(check.best?.preprocess).toEqual({ kind: 'caffe' });
    expect(check.verdict).toBe('clear');
  });

  test('two conventions that both see the subjects: the higher mean probability wins, and it says it is close', () => {
    const outputs = CANDIDATE_PREPROCESSES.map((preprocess, c) => ({
      preprocess,
      outputs: logits(c <= 1, c + 1, c === 1 ? 10 : 8)
    }));
    const check = scorePreprocessing(REFS, outputs, IMAGENET_LABELS, 0);
    expect(check.best?.preprocess).toEqual({ kind: 'range11' });
    expect(check.nextBest?.preprocess).toEqual({ kind: 'range01' });
    expect(check.verdict).toBe('close');
    expect(check.summary).toMatch(/; close to \[0, 1\]: 4\/4, \d+%: check a few predictions\.$/);
  });

  test('more subjects right by a hair, but far less probability on them: the higher mean probability wins, said to be close', () => {
    // [0, 1] sees dog, cat and race car with confidence; mean/std sees all four, barely.
    const outputs = CANDIDATE_PREPROCESSES.map((preprocess, c) => ({
      preprocess,
      outputs: c === 0 ? logits((s) => s !== 'fire truck', 1, 10) : logits(c === 2, c + 1, 5.5)
    }));
    const check = scorePreprocessing(REFS, outputs, IMAGENET_LABELS, 0);
    expect(check.candidates[0].subjectsRight).toBe(3);
    expect(check.candidates[2].subjectsRight).toBe(4);
    expect(check.best?.preprocess).toEqual({ kind: 'range01' });
    expect(check.verdict).toBe('close');
    expect(check.summary).toMatch(/^\[0, 1\], logits: 3\/4 subjects right .*; close to ImageNet mean\/std: 4\/4, \d+(\.\d)?%: check a few predictions\.$/);
  });

  test('labels that name none of the reference classes: the check cannot tell', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => `class ${i}`);
    const check = scorePreprocessing(REFS, candidates(0), labels, 0);
    expect(check.verdict).toBe('no-classes');
    expect(check.best).toBeNull();
    expect(check.summary).toMatch(/none of the reference subjects' classes/);
  });

  test('labels that name only some sets: the others are left out of the count', () => {
    const labels = IMAGENET_LABELS.map((l, i) => (i === 555 ? 'fire truck (not ImageNet)' : l));
    const check = scorePreprocessing(REFS, candidates(0), labels, 0);
    expect(check.best).toMatchObject({ subjectsRight: 3, subjects: 3, views: 6 });
  });
});

describe('looksLikeProbabilities', () => {
  test('non-negative and summing to 1 (to 1 %)', () => {
    expect(looksLikeProbabilities(Float32Array.from([0.2, 0.3, 0.5]))).toBe(true);
    expect(looksLikeProbabilities(Float32Array.from([0.2, 0.3, 0.4]))).toBe(false);
    expect(looksLikeProbabilities(Float32Array.from([-0.1, 0.6, 0.5]))).toBe(false);
    expect(looksLikeProbabilities(Float32Array.from([NaN, 1]))).toBe(false);
  });
});
