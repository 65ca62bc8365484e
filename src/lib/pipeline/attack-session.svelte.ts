/**
 * An adversarial attack as the attack panel runs it: every model keeps its latest frame while the panel
 * is open, the attack runs on the source model's frame in its worker (progress, cancel), every other
 * ready model predicts the adversarial frame (transfer), and "hold" adds the perturbation to every
 * model's later frames. The panel binds to its fields and calls `run` and `cancel`.
 */
import { messageOf, errorText, type AttackConfig, type AttackProgress, type AttackResult, type ClassScore, type Frame } from '$lib/protocol';
import { busy } from './busy';
import type { ModelRunner } from './model-runner.svelte';

/** The attack as chosen in the panel. */
export interface AttackChoice {
  method: 'fgsm' | 'pgd-linf' | 'pgd-l2';
  targeted: boolean;
  targetClass: number;
  /** 0..255 (L-inf) or pixel units (L2). */
  epsilon: number;
  /** PGD only. */
  steps: number;
  /** PGD only; null: the worker's default. */
  stepSize: number | null;
  /** PGD only. */
  randomStart: boolean;
}

/** One model's top classes on the clean and on the adversarial frame. */
export interface TransferRow {
  id: string;
  name: string;
  clean: ClassScore | null;
  top: ClassScore[];
  error?: string;
}

/** Who keeps a copy of each model's latest frame for the attack (ModelRunner.keepLatestFrameFor). */
const KEEPER = 'attack';

/** The worker's attack settings for a choice made in the panel. */
export function attackConfig(choice: AttackChoice): AttackConfig {
  const { method } = choice;
  const c: AttackConfig = {
    method: method === 'fgsm' ? 'fgsm' : 'pgd',
    norm: method === 'pgd-l2' ? 'l2' : 'linf',
    epsilon: Number(choice.epsilon)
  };
  if (method !== 'fgsm') {
    c.steps = Number(choice.steps);
    if (choice.stepSize) c.stepSize = Number(choice.stepSize);
    c.randomStart = choice.randomStart;
  }
  if (choice.targeted) c.targetClass = choice.targetClass;
  return c;
}

export class AttackSession {
  /** The chosen source model (null: the first ready one). */
  sourceId = $state<string | null>(null);
  choice = $state<AttackChoice>({ method: 'fgsm', targeted: false, targetClass: 0, epsilon: 8, steps: 10, stepSize: null, randomStart: false });
  running = $state(false);
  progress = $state<AttackProgress | null>(null);
  result = $state.raw<AttackResult | null>(null);
  /** The source model's row first, then every other ready model on the adversarial frame. */
  transfer = $state<TransferRow[]>([]);
  /** Add the perturbation to every model's later frames. */
  hold = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly runners: () => readonly ModelRunner[]) {}

  /** The models that take calls now. */
  get ready(): ModelRunner[] {
    return this.runners().filter((r) => r.status === 'ready');
  }

  /** The model attacked: the chosen one, else the first ready one (null: none is ready). */
  get source(): ModelRunner | null {
    const ready = this.ready;
    return ready.find((r) => r.meta.id === this.sourceId) ?? ready[0] ?? null;
  }

  /** Applies the session to the models for as long as the calling component lives; call it while the component starts. */
  connect(): void {
    // An app update waits until the attack ends.
    $effect(() => {
      if (this.running) return busy.begin('attack');
    });
    $effect(() => this.keepFrames());
    $effect(() => this.applyHold());
  }

  /** Every model keeps its latest frame (the attack runs on it), asking for one when it has none; returns the release. */
  keepFrames(): () => void {
    for (const r of this.runners()) {
      r.keepLatestFrameFor.add(KEEPER);
      if (!r.latestFrame) r.requestFrame();
    }
    return () => {
      for (const r of this.runners()) r.keepLatestFrameFor.delete(KEEPER);
    };
  }

  /** "Hold": every model gets the perturbation (none when off) added to its frames; returns the release. */
  applyHold(): () => void {
    const result = this.result;
    const held = this.hold && result ? { width: result.width, height: result.height, perturbation: result.perturbation } : null;
    for (const r of this.runners()) {
      r.heldPerturbation = held;
      r.requestFrame();
    }
    return () => this.releaseHold();
  }

  /** Attacks the source model's current frame, then has the other ready models predict the adversarial frame. */
  async run(): Promise<void> {
    const r = this.source;
    if (!r) return;
    this.error = null;
    if (this.hold) {
      // Attack the scene itself, not the scene with the held perturbation.
      this.hold = false;
      this.releaseHold();
      for (const o of this.runners()) o.latestFrame = null;
    }
    const frame = await r.currentFrame();
    if (!frame) {
      this.error = 'No frame yet: wait for the model to show a prediction.';
      return;
    }
    this.error = null;
    this.running = true;
    this.progress = null;
    try {
      const res = await r.calls.attack(frame, attackConfig(this.choice), (p) => {
        this.progress = p;
      });
      this.result = res;
      this.transfer = [{ id: r.meta.id, name: r.meta.name, clean: res.before[0] ?? null, top: res.after }];
      const adversarial: Frame = { version: frame.version, width: res.width, height: res.height, pixels: res.adversarial, flipY: false, capturedAt: performance.now() };
      const others = this.ready.filter((o) => o !== r);
      const rows = await Promise.all(others.map((o) => transferRow(o, adversarial)));
      this.transfer = [...this.transfer, ...rows];
    } catch (e) {
      this.error = errorText(messageOf(e));
    } finally {
      this.running = false;
    }
  }

  /** Stops the attack under way (it resolves with what it has). */
  cancel(): void {
    void this.source?.calls.cancel();
  }

  private releaseHold(): void {
    for (const r of this.runners()) r.heldPerturbation = null;
  }
}

/** A model's clean top-1 and its top classes on the adversarial frame (or why it could not predict). */
async function transferRow(o: ModelRunner, adversarial: Frame): Promise<TransferRow> {
  const clean = o.top[0] ?? null;
  try {
    return { id: o.meta.id, name: o.meta.name, clean, top: (await o.calls.predictOnce(adversarial)).top };
  } catch (e) {
    return { id: o.meta.id, name: o.meta.name, clean, top: [], error: errorText(messageOf(e)) };
  }
}
