/** Attack settings checks and channel ranking (pure functions). */
import { describe, expect, test } from 'vitest';
import { topChannels } from '../../src/lib/workers/inspect/activations';
import { checkAttackConfig } from '../../src/lib/workers/inspect/attacks';
import { ModelInputError } from '../../src/lib/protocol';

describe('checkAttackConfig', () => {
  test('defaults: FGSM is one step of epsilon; PGD takes 10 steps of 2.5 epsilon / steps', () => {
    expect(checkAttackConfig({ method: 'fgsm', norm: 'linf', epsilon: 4, steps: 50 }, 1000)).toEqual({ steps: 1, stepSize: 4 });
    expect(checkAttackConfig({ method: 'pgd', norm: 'linf', epsilon: 2 }, 1000)).toEqual({ steps: 10, stepSize: 0.5 });
    expect(checkAttackConfig({ method: 'pgd', norm: 'l2', epsilon: 100, steps: 5, stepSize: 30 }, 1000)).toEqual({ steps: 5, stepSize: 30 });
  });

  test.each([
    [{ method: 'pgd', norm: 'linf', epsilon: 0 }, /Epsilon must be a positive number/],
    [{ method: 'pgd', norm: 'linf', epsilon: 300 }, /cannot exceed 255/],
    [{ method: 'pgd', norm: 'linf', epsilon: 2, steps: 2.5 }, /Steps must be a whole number/],
    [{ method: 'pgd', norm: 'l1', epsilon: 2 }, /Unknown norm "l1"/],
    [{ method: 'pgd', norm: 'linf', epsilon: 2, targetClass: 1000 }, /no target class 1000: classes go from 0 to 999/],
    [{ method: 'cw', norm: 'linf', epsilon: 2 }, /Unknown attack "cw"/]
  ])('%j is refused in plain words', (config, message) => {
    let error: unknown;
    try {
      checkAttackConfig(config as never, 1000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelInputError);
    expect((error as ModelInputError).code).toBe('bad-settings');
    expect((error as Error).message).toMatch(message);
  });
});

test('topChannels: highest first, ties in channel order, at most k', () => {
  const ranks = topChannels(Float32Array.from([0.1, 0.9, 0.5, 0.9, -1]), 3);
  expect(ranks.map((r) => r.channel)).toEqual([1, 3, 2]);
  expect(ranks[0].score).toBeCloseTo(0.9);
  expect(topChannels(Float32Array.from([1, 2]), 5)).toHaveLength(2);
});
