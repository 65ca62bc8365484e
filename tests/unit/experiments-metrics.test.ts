/** Metrics of one prediction: p(truth), correct@1/@5, entropy, top-1; labels matched as class sets match them. */
import { describe, expect, it } from 'vitest';
import { entropyOf, pointMetrics, topK, topKEntropy, truthKeys, inTruth } from '../../src/lib/experiments/metrics';

const top = [
  { label: 'tabby, tabby cat', probability: 0.4 },
  { label: 'Egyptian cat', probability: 0.2 },
  { label: 'fire engine, fire truck', probability: 0.15 },
  { label: 'golden retriever', probability: 0.1 },
  { label: 'tiger cat', probability: 0.05 },
  { label: 'Persian cat', probability: 0.04 }
];

describe('pointMetrics', () => {
  it('from the top 5 only: p(truth) sums the truth classes among them, entropy lumps the rest', () => {
    const m = pointMetrics({ top }, { kind: 'class-set', id: 'cat' });
    expect(m.top.map((e) => e.label)).toEqual(top.slice(0, 5).map((e) => e.label));
    expect(m.top1Label).toBe('tabby, tabby cat');
    expect(m.top1Confidence).toBe(0.4);
    expect(m.pTruth).toBeCloseTo(0.65, 12); // tabby + Egyptian + tiger cat; Persian is 6th
    expect([m.correctAt1, m.correctAt5]).toEqual([true, true]);
    expect(m.entropyFrom).toBe('top-k');
    expect(m.entropy).toBeCloseTo(topKEntropy(m.top), 12);
    const rest = 1 - 0.9;
    const expected = [0.4, 0.2, 0.15, 0.1, 0.05, rest].reduce((h, p) => h - p * Math.log2(p), 0);
    expect(m.entropy).toBeCloseTo(expected, 12);
  });

  it('with the full distribution: p(truth) over every class, exact entropy', () => {
    const labels = ['tabby, tabby cat', 'Persian cat', 'fire engine, fire truck', 'racer, race car'];
    const probabilities = new Float32Array([0.5, 0.25, 0.125, 0.125]);
    const m = pointMetrics({ top: topK(labels.map((label, i) => ({ label, probability: probabilities[i] })), 2), distribution: { labels, probabilities } }, { kind: 'class-set', id: 'cat' });
    expect(m.pTruth).toBeCloseTo(0.75, 7);
    expect(m.entropy).toBeCloseTo(1.75, 7);
    expect(m.entropyFrom).toBe('distribution');
  });

  it('correct@5 but not @1, and wrong at both', () => {
    const truck = pointMetrics({ top }, { kind: 'class-set', id: 'fire truck' });
    expect([truck.correctAt1, truck.correctAt5, truck.pTruth]).toEqual([false, true, 0.15]);
    const car = pointMetrics({ top }, { kind: 'class-set', id: 'race car' });
    expect([car.correctAt1, car.correctAt5, car.pTruth]).toEqual([false, false, 0]);
  });

  it('matches chosen labels by first synonym, ignoring case and underscores', () => {
    const m = pointMetrics({ top }, { kind: 'labels', labels: ['Fire_Engine', 'tiger cat, Panthera tigris'] });
    expect(m.pTruth).toBeCloseTo(0.2, 12);
    expect(inTruth(truthKeys({ kind: 'labels', labels: ['Cardigan'] }), 'cardigan')).toBe(false); // the jacket is not the corgi
  });

  it('records only the top-1 class and confidence when the truth is none', () => {
    const m = pointMetrics({ top }, { kind: 'none' });
    expect([m.pTruth, m.correctAt1, m.correctAt5, m.top1Label]).toEqual([null, null, null, 'tabby, tabby cat']);
  });

  it('sorts an unsorted top list and refuses an empty one (a dropped frame)', () => {
    const m = pointMetrics({ top: [...top].reverse() }, { kind: 'none' });
    expect(m.top1Label).toBe('tabby, tabby cat');
    expect(() => pointMetrics({ top: [] }, { kind: 'none' })).toThrow(/without classes/);
  });

  it('entropy of a uniform distribution over 8 classes is 3 bits; of a certain one 0', () => {
    expect(entropyOf(new Array(8).fill(1 / 8))).toBeCloseTo(3, 12);
    expect(entropyOf([1, 0, 0])).toBe(0);
  });
});
