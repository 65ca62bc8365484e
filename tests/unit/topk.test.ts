import { describe, expect, test } from 'vitest';
import { toProbabilities, topK } from '../../src/lib/workers/topk';

describe('toProbabilities', () => {
  test('softmax of logits sums to 1 and keeps the order', () => {
    const p = toProbabilities(new Float32Array([1, 2, 3]), 'logits');
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const s = e[0] + e[1] + e[2];
    e.forEach((x, i) => expect(p[i]).toBeCloseTo(x / s, 6));
  });
  test('huge logits do not overflow to NaN', () => {
    const p = toProbabilities(new Float32Array([1000, 1001, -1000]), 'logits');
    expect(Array.from(p).every(Number.isFinite)).toBe(true);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
    expect(p[2]).toBe(0);
  });
  test('probabilities pass through unchanged', () => {
    const out = new Float32Array([0.2, 0.8]);
    expect(toProbabilities(out, 'probabilities')).toBe(out);
  });
});

describe('topK', () => {
  const labels = ['cat', 'dog', 'bird', 'fish'];
  test('returns the k most probable classes, highest first, with labels', () => {
    const top = topK(new Float32Array([0.1, 0.5, 0.3, 0.1]), 2, 0, labels);
    expect(top).toEqual([
      { classIndex: 1, label: 'dog', probability: 0.5 },
      { classIndex: 2, label: 'bird', probability: expect.closeTo(0.3, 6) }
    ]);
  });
  test('skips a leading background output without renormalising', () => {
    const probs = new Float32Array([0.6, 0.1, 0.05, 0.2, 0.05]); // index 0 = background
    const top = topK(probs, 3, 1, labels);
    expect(top.map((s) => s.label)).toEqual(['bird', 'cat', 'dog']);
    expect(top[0].classIndex).toBe(2);
    expect(top[0].probability).toBeCloseTo(0.2, 6); // not 0.2 / 0.4
  });
  test('ties keep output order', () => {
    const top = topK(new Float32Array([0.25, 0.25, 0.25, 0.25]), 3, 0, labels);
    expect(top.map((s) => s.classIndex)).toEqual([0, 1, 2]);
  });
  test('missing labels fall back to "class N"', () => {
    const top = topK(new Float32Array([0.1, 0.2, 0.3, 0.1, 0.3]), 2, 0, labels);
    expect(top.map((s) => s.label)).toEqual(['bird', 'class 4']);
  });
  test('k larger than the number of classes returns them all, sorted', () => {
    const top = topK(new Float32Array([0.3, 0.7]), 5, 0, labels);
    expect(top.map((s) => s.classIndex)).toEqual([1, 0]);
  });
});
