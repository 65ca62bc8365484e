/**
 * The set of models the app runs: reads the stored metadata, starts one ModelRunner (one worker) per
 * model, plugs each into the frame pipeline (CaptureHub), adds and removes models.
 */
import {
  putModel,
  readStoredModels,
  rememberRemovedBundled,
  removeModel,
  removeOrphanWeights,
  removeStoredWeights,
  updateModel,
  type UnreadableModel
} from '../models/store';
import { weightsPath } from '../models/ids';
import { type BackendPreference, type ModelMeta, messageOf } from '$lib/protocol';
import { weightsCommitted } from '../storage/tfjs-weights';
import { ModelRunner } from './model-runner.svelte';
import type { CaptureHub } from '../scene/capture-hub';
import { startModelWorker, type WorkerFactory } from './worker-factory';
import { runReferenceCheck } from './preprocess-check-run';
import type { ReferenceRun } from '../models/preprocess-check';

/** What the controller needs of storage (replaceable for tests). */
export interface ModelStorage {
  read: typeof readStoredModels;
  put: typeof putModel;
  update: typeof updateModel;
  /** Deletes a model's stored weights and metadata. */
  forget: (id: string) => Promise<void>;
  /** Remembers that the user removed a bundled model, so that it is not installed again at the next start. */
  rememberRemovedBundled: (id: string) => Promise<void>;
  weightsCommitted: (id: string) => Promise<boolean>;
  removeWeights: (id: string) => Promise<void>;
  removeOrphans: () => Promise<number>;
}

export const browserModelStorage: ModelStorage = {
  read: readStoredModels,
  put: putModel,
  update: updateModel,
  forget: (id) => removeModel(id),
  rememberRemovedBundled: (id) => rememberRemovedBundled(id),
  weightsCommitted: (id) => weightsCommitted(weightsPath(id)),
  removeWeights: removeStoredWeights,
  removeOrphans: () => removeOrphanWeights()
};

export class ModelsController {
  runners = $state<ModelRunner[]>([]);
  /** False until the stored models were read. */
  loaded = $state(false);
  /** Problems not tied to one model (storage errors). */
  error = $state<string | null>(null);
  /** Stored records that could not be read: set aside, listed with a Remove button. */
  unreadable = $state<UnreadableModel[]>([]);
  /** Something storage did at start that the user should hear about once (orphaned weights removed). */
  info = $state<string | null>(null);

  /** Called after a model was added to storage (the app then asks for persistent storage). */
  onStored: ((meta: ModelMeta) => void) | null = null;

  private readonly unplug = new Map<string, () => void>();

  constructor(
    private readonly captureHub: CaptureHub,
    private readonly factory: WorkerFactory = startModelWorker,
    private readonly storage: ModelStorage = browserModelStorage
  ) {}

  async init(): Promise<void> {
    try {
      const { models, unreadable } = await this.storage.read();
      this.unreadable = unreadable;
      for (const meta of models) this.run(meta);
    } catch (e) {
      this.error = `Could not read the stored models: ${messageOf(e)}`;
    } finally {
      this.loaded = true;
    }
    try {
      const removed = await this.storage.removeOrphans();
      if (removed > 0) {
        this.info = `Removed the stored weights of ${removed} unfinished import${removed === 1 ? '' : 's'} (no model used them).`;
      }
    } catch {
      // Leftovers only cost space; the next start tries again.
    }
  }

  /**
   * Stores the metadata of a model whose weights the import worker saved, then runs it. The weights
   * must be committed first; if the metadata cannot be stored, the weights are removed again (nothing
   * half-imported stays behind) and the error goes to the caller, who may try again.
   */
  async add(meta: ModelMeta): Promise<void> {
    if (!(await this.storage.weightsCommitted(meta.id))) {
      throw new Error(`The weights of "${meta.name}" are not in storage: press "Add model" again.`);
    }
    try {
      await this.storage.put(meta);
    } catch (e) {
      await this.storage.removeWeights(meta.id).catch(() => undefined);
      throw e;
    }
    // Stored under the key of a record that could not be read (e.g. a bundled model installed again):
    // that record is gone now, and so is its notice.
    this.unreadable = this.unreadable.filter((u) => u.key !== meta.id);
    this.run(meta);
    this.onStored?.(meta);
  }

  /** Removes a stored record that could not be read (and any weights stored under its key). */
  async removeUnreadable(key: string): Promise<void> {
    await this.storage.forget(key);
    this.unreadable = this.unreadable.filter((u) => u.key !== key);
  }

  /**
   * Removes a model from storage, and only then from the list: a reload right after a removal must
   * not bring the model back (a bundled model's removal is remembered first, so that the next start
   * does not install it again). If storage refuses, the model stays listed and running, and the error
   * is thrown for the caller to show next to it.
   */
  async remove(id: string): Promise<void> {
    const runner = this.runners.find((r) => r.meta.id === id);
    if (runner?.meta.source.kind === 'bundled') await this.storage.rememberRemovedBundled(id);
    await this.discard(id);
  }

  /** Removes a model from storage and the list without remembering anything (a bundled model replaced by a newer version). */
  async discard(id: string): Promise<void> {
    const runner = this.runners.find((r) => r.meta.id === id);
    await this.storage.forget(id);
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
      await this.storage.update(id, { backend: preference, measured: runner.meta.measured });
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** The preprocessing check on a loaded model: its outputs on the reference renders (models/preprocess-check scores them). */
  async checkPreprocessing(id: string): Promise<ReferenceRun> {
    const runner = this.runners.find((r) => r.meta.id === id);
    if (!runner) throw new Error(`No model "${id}"`);
    return runReferenceCheck((references, candidates) => runner.calls.referenceOutputs(references, candidates));
  }

  /** Changes a model's input convention and output kind: stored, then the model reloads with them. */
  async setPreprocessing(id: string, choice: Pick<ModelMeta, 'preprocess' | 'outputKind'>): Promise<void> {
    const runner = this.runners.find((r) => r.meta.id === id);
    if (!runner) return;
    const patch = { preprocess: structuredClone(choice.preprocess), outputKind: choice.outputKind };
    await this.storage.update(id, patch);
    await runner.reconfigure(patch);
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
    runner.onSettled = (dropped) => this.captureHub.settled(id, { dropped });
    runner.onWantsFrame = () => this.captureHub.reset(id);
    runner.onMeasured = (measured) => {
      this.storage.update(id, { measured }).catch((e) => (this.error = messageOf(e)));
    };
    // Frames are asked for only while the worker is ready to take them.
    runner.onReady = () => {
      this.unplug.get(id)?.();
      this.unplug.set(
        id,
        this.captureHub.add({
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
