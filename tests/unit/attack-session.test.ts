/** The attack panel's session (pipeline/attack-session): attack, transfer to the other models, hold. */
import { describe, expect, it } from 'vitest';
import { AttackSession, attackConfig, type AttackChoice } from '../../src/lib/pipeline/attack-session.svelte';
import { inspectRunner } from '../helpers/inspect-worker';

async function twoModels(opts: { predictFailsOnB?: string } = {}) {
  const a = inspectRunner({ id: 'a' });
  const b = inspectRunner({ id: 'b', predictFails: opts.predictFailsOnB });
  await a.runner.start();
  await b.runner.start();
  const session = new AttackSession(() => [a.runner, b.runner]);
  return { a, b, session };
}

describe('AttackSession', () => {
  it('keeps every model’s latest frame while open, asking for one, and lets go when closed', async () => {
    const { a, b, session } = await twoModels();
    const release = session.keepFrames();
    expect(a.frameRequests()).toBe(1);
    expect(b.frameRequests()).toBe(1);
    await a.deliver();
    expect(a.runner.latestFrame?.pixels[0]).toBe(100);
    release();
    expect(a.runner.keepLatestFrameFor.has('attack')).toBe(false);
    expect(b.runner.keepLatestFrameFor.has('attack')).toBe(false);
  });

  it('attacks the source model’s current frame; the other model predicts the adversarial frame', async () => {
    const { a, b, session } = await twoModels();
    session.keepFrames();
    await a.deliver();
    await b.deliver();
    session.choice.epsilon = 4;
    await session.run();
    expect(session.error).toBeNull();
    expect(a.attacks).toHaveLength(1);
    expect(a.attacks[0].pixels[0]).toBe(100);
    expect(a.attacks[0].config).toEqual({ method: 'fgsm', norm: 'linf', epsilon: 4 });
    expect(session.result?.linf).toBe(8);
    expect(session.transfer.map((row) => [row.id, row.clean?.label, row.top[0]?.label])).toEqual([
      ['a', 'dog', 'cat'],
      ['b', 'dog', 'cat']
    ]);
    expect(b.predictions.at(-1)?.pixels[0]).toBe(108);
    expect(session.running).toBe(false);
  });

  it('attacks the chosen source model', async () => {
    const { a, b, session } = await twoModels();
    session.keepFrames();
    await b.deliver();
    session.sourceId = 'b';
    expect(session.source).toBe(b.runner);
    await session.run();
    expect(a.attacks).toHaveLength(0);
    expect(b.attacks).toHaveLength(1);
    expect(session.transfer[0].id).toBe('b');
  });

  it('a model that cannot predict the adversarial frame says why in its row', async () => {
    const { a, session } = await twoModels({ predictFailsOnB: 'out of memory' });
    session.keepFrames();
    await a.deliver();
    await session.run();
    expect(session.transfer[1].id).toBe('b');
    expect(session.transfer[1].top).toEqual([]);
    expect(session.transfer[1].error).toContain('out of memory');
  });

  it('"hold" adds the perturbation to every model’s frames; the next attack is on the clean scene', async () => {
    const { a, b, session } = await twoModels();
    session.keepFrames();
    await a.deliver();
    await session.run();
    session.hold = true;
    session.applyHold();
    await a.deliver();
    await b.deliver();
    expect(a.predictions.at(-1)?.pixels[0]).toBe(108);
    expect(b.predictions.at(-1)?.pixels[0]).toBe(108);

    const attacked = session.run();
    expect(session.hold).toBe(false);
    await a.deliver();
    await attacked;
    expect(a.attacks[1].pixels[0]).toBe(100);
    await b.deliver();
    expect(b.predictions.at(-1)?.pixels[0]).toBe(100);
  });

  it('without a ready model there is nothing to attack', async () => {
    const a = inspectRunner({ id: 'a' });
    const session = new AttackSession(() => [a.runner]);
    expect(session.source).toBeNull();
    await session.run();
    expect(a.attacks).toHaveLength(0);
  });
});

describe('attackConfig', () => {
  const choice: AttackChoice = { method: 'fgsm', targeted: false, targetClass: 3, epsilon: 8, steps: 10, stepSize: null, randomStart: true };

  it('FGSM takes only epsilon; PGD its steps, step size and random start', () => {
    expect(attackConfig(choice)).toEqual({ method: 'fgsm', norm: 'linf', epsilon: 8 });
    expect(attackConfig({ ...choice, method: 'pgd-linf' })).toEqual({ method: 'pgd', norm: 'linf', epsilon: 8, steps: 10, randomStart: true });
    expect(attackConfig({ ...choice, method: 'pgd-l2', epsilon: 300, stepSize: 2.5 })).toEqual({
      method: 'pgd',
      norm: 'l2',
      epsilon: 300,
      steps: 10,
      stepSize: 2.5,
      randomStart: true
    });
  });

  it('a targeted attack names its target class', () => {
    expect(attackConfig({ ...choice, targeted: true })).toEqual({ method: 'fgsm', norm: 'linf', epsilon: 8, targetClass: 3 });
  });
});
