/**
 * Runs a built-in protocol (experiments/protocols) on the loaded models: its sweep definitions one
 * after the other through the SweepRunner, from the current scene, each stored as an ordinary run
 * (named "Pose: pitch 15°" and so on, which is how the findings find them). Stops at the first run that
 * does not complete (cancelled, or partial after an error), saying so.
 */
import { messageOf } from '$lib/protocol';
import { protocolById, type ProtocolGrid, type ProtocolId } from '$lib/experiments/protocols';
import type { SceneStateStore } from '../state/scene-state.svelte';
import type { ModelsController } from './models-controller.svelte';
import type { SweepRunner } from './sweep-runner.svelte';

export interface ProtocolProgress {
  protocol: ProtocolId | null;
  /** Runs of the protocol started so far, and how many it has. */
  run: number;
  runs: number;
  runIds: string[];
  status: 'idle' | 'running' | 'complete' | 'partial' | 'cancelled';
  error: string | null;
}

export class ProtocolRunner {
  progress = $state<ProtocolProgress>({ protocol: null, run: 0, runs: 0, runIds: [], status: 'idle', error: null });
  private stopping = false;

  constructor(
    private readonly controller: ModelsController,
    private readonly store: SceneStateStore,
    private readonly sweeps: SweepRunner
  ) {}

  get running(): boolean {
    return this.progress.status === 'running';
  }

  /** Runs every definition of the protocol on the ready models; resolves with the run ids. */
  async run(id: ProtocolId, grid: ProtocolGrid = 'full'): Promise<ProtocolProgress> {
    if (this.running || this.sweeps.running) throw new Error('A sweep is already running; cancel it or wait for it to finish.');
    const protocol = protocolById(id);
    const models = this.controller.runners.filter((r) => r.status === 'ready').map((r) => r.meta.id);
    if (models.length === 0) throw new Error('No model is ready: load a model first.');
    const definitions = protocol.definitions(models, this.store.snapshot(), grid);
    this.stopping = false;
    this.progress = { protocol: id, run: 0, runs: definitions.length, runIds: [], status: 'running', error: null };
    try {
      for (const definition of definitions) {
        if (this.stopping) {
          this.progress = { ...this.progress, status: 'cancelled' };
          break;
        }
        const runId = await this.sweeps.start(definition);
        this.progress = { ...this.progress, run: this.progress.run + 1, runIds: [...this.progress.runIds, runId] };
        const status = await this.sweeps.finished();
        if (status !== 'complete') {
          this.progress = { ...this.progress, status: status === 'cancelled' ? 'cancelled' : 'partial', error: this.sweeps.progress.error };
          break;
        }
      }
      if (this.progress.status === 'running') this.progress = { ...this.progress, status: 'complete' };
    } catch (e) {
      this.progress = { ...this.progress, status: 'partial', error: messageOf(e) };
    }
    return this.progress;
  }

  /** Stops the running sweep and the runs after it. */
  cancel(): void {
    if (!this.running) return;
    this.stopping = true;
    this.sweeps.cancel();
  }
}
