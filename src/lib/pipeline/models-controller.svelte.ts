/**
 * The set of models the app runs: reads the stored metadata, starts one ModelRunner (one worker) per
 * model, plugs each into the frame pipeline (CaptureHub), adds and removes models.
 */
import { listModels, putModel, removeModel, updateModel } from '../models/store';
import type { BackendPreference, ModelMeta } from '../models/types';
import { messageOf } from './messages';
import { ModelRunner, type WorkerFactory } from './model-runner.svelte';
import type { CaptureHub } from './scheduler';
import { startModelWorker } from './worker-factory';

export class ModelsController {
  runners = $state<ModelRunner[]>([]);
  /** False until the stored models were read. */
  loaded = $state(false);
  /** Problems not tied to one model (storage errors). */
  error = $state<string | null>(null);

  private readonly unplug = new Map<string, () => void>();

  constructor(
    private readonly hub: CaptureHub,
    private readonly factory: WorkerFactory = startModelWorker,
    /** Deletes a model's stored weights and metadata; replaceable for tests. */
    private readonly forget: (id: string) => Promise<void> = removeModel
  ) {}

  async init(): Promise<void> {
    try {
      const metas = await listModels();
      for (const meta of metas) this.run(meta);
    } catch (e) {
      this.error = `Could not read the stored models: ${messageOf(e)}`;
    } finally {
      this.loaded = true;
    }
  }

  /** Stores the metadata of a model whose weights the import worker already saved, then runs it. */
  async add(meta: ModelMeta): Promise<void> {
    await putModel(meta);
    this.run(meta);
  }

  /**
   * Removes a model from storage, and only then from the list: a reload right after a removal must
   * not bring the model back. If storage refuses, the model stays listed and running, and the error
   * is thrown for the caller to show next to it.
   */
  async remove(id: string): Promise<void> {
    const runner = this.runners.find((r) => r.meta.id === id);
    await this.forget(id);
    if (!runner) return;
    runner.stop();
    this.unplug.get(id)?.();
    this.unplug.delete(id);
    this.runners = this.runners.filter((r) => r !== runner);
  }

  async setBackend(id: string, preference: BackendPreference): Promise<void> {
    const runner = this.runners.find((r) => r.meta.id === id);
    if (!runner) return;
    await runner.setBackend(preference);
    try {
      await updateModel(id, { backend: preference, measured: runner.meta.measured });
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** Restart a model's worker (after an error). */
  async reload(id: string): Promise<void> {
    const runner = this.runners.find((r) => r.meta.id === id);
    if (!runner) return;
    await runner.setBackend(runner.meta.backend);
  }

  stopAll(): void {
    for (const r of this.runners) r.stop();
    for (const off of this.unplug.values()) off();
    this.unplug.clear();
  }

  private run(meta: ModelMeta): void {
    const runner = new ModelRunner(meta, this.factory);
    const id = meta.id;
    runner.onSettled = (dropped) => this.hub.settled(id, { dropped });
    runner.onWantsFrame = () => this.hub.reset(id);
    runner.onMeasured = (measured) => {
      updateModel(id, { measured }).catch((e) => (this.error = messageOf(e)));
    };
    // Frames are asked for only while the worker is ready to take them.
    runner.onReady = () => {
      this.unplug.get(id)?.();
      this.unplug.set(
        id,
        this.hub.add({
          id,
          width: meta.inputSize[1],
          height: meta.inputSize[0],
          deliver: (frame) => void runner.submit(frame)
        })
      );
    };
    runner.onUnready = () => {
      this.unplug.get(id)?.();
      this.unplug.delete(id);
    };
    this.runners = [...this.runners, runner];
    void runner.start();
  }
}
