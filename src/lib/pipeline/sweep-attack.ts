/**
 * The adversarial step of a sweep point with ε > 0 (experiments/definition SweepAttack): the source
 * model's frame of the point is attacked in its worker (PGD L∞, away from the subject's truth classes
 * in that model's labels, or from its clean top-1 when the subject has no truth or the model has none
 * of its classes), and every model of the point then predicts the source's clean frame with the
 * perturbation added in float (PredictOptions.perturbation: budgets under one pixel level survive).
 * One attack at a time per source: its worker is shared with the source's own predictions.
 */
import type { AttackConfig, Frame, PredictOptions } from '$lib/protocol';
import type { SweepAttack } from '$lib/experiments/definition';
import { truthIndices } from '$lib/experiments/metrics';
import type { Truth } from '$lib/experiments/subjects';
import type { ModelRunner } from './model-runner.svelte';
import { PredictSlots } from './predict-slots';

/** What every model of an attacked point predicts. */
export interface AttackedFrame {
  frame: Frame;
  options: PredictOptions;
}

/** The worker's attack settings for a sweep's attack at `epsilon`, against `truth` in `labels`. */
export function sweepAttackConfig(attack: SweepAttack, epsilon: number, truth: Truth, labels: readonly string[]): AttackConfig {
  const config: AttackConfig = { method: 'pgd', norm: 'linf', epsilon, steps: attack.steps };
  if (attack.stepSize !== undefined) config.stepSize = attack.stepSize;
  const classes = truthIndices(truth, labels);
  if (classes && classes.length) config.sourceClasses = classes;
  return config;
}

export class SweepAttacker {
  private readonly slot = new PredictSlots(1);

  constructor(
    readonly attack: SweepAttack,
    readonly source: ModelRunner,
    /** The call, or an error once the source is removed or stopped (SweepRunner.whileLoaded). */
    private readonly guard: <T>(runner: ModelRunner, call: Promise<T>) => Promise<T>
  ) {}

  /** The point's frame attacked at `epsilon` on the source model, ready for every model to predict. */
  async attacked(frame: Promise<Frame>, epsilon: number, truth: Truth): Promise<AttackedFrame> {
    const clean = await frame;
    const config = sweepAttackConfig(this.attack, epsilon, truth, this.source.meta.labels);
    const result = await this.slot.run(() => this.guard(this.source, this.source.calls.attack(clean, config)));
    const { width, height } = result;
    return {
      frame: { version: clean.version, width, height, pixels: result.clean, flipY: false, capturedAt: clean.capturedAt },
      options: { perturbation: { width, height, delta: result.perturbation } }
    };
  }
}
