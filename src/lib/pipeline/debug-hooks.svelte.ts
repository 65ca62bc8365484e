/**
 * `window.__perturber`: a read-mostly handle for end-to-end tests and `npm run bench` (counts of
 * predictions, benchmark calls into the workers) and `npm run experiment` (sweeps: sweep-hooks.ts). It
 * exposes no state that the UI does not show.
 */
import type { ModelsController } from './models-controller.svelte';
import type { SceneStateStore } from '../state/scene-state.svelte';
import type { FieldPath } from '../state/schema';
import type { ActivationRequest, AttackConfig, LayerInfo } from '$lib/protocol';
import { FrameTap, tappedFrame, type TappedFrame } from '../scene/frame-tap';
import type { CaptureHub } from '../scene/capture-hub';
import { frameCosts, type FrameCostSpan } from '../scene/frame-costs';
import { SweepRunner } from './sweep-runner.svelte';
import { sweepHooks, type SweepHooks } from './sweep-hooks';
import { protocolHooks, type ProtocolHooks } from './protocol-hooks';
import { ProtocolRunner } from './protocol-runner.svelte';

/** Hooks that need the views (which pipeline does not import): the page hands them over. */
export interface ViewHooks {
  /** A stored run's plots as SVG text and PNG (base64), named like "p-truth-by-camera-yaw". */
  plotImages?(runId: string): Promise<{ name: string; svg: string; png: string }[]>;
}

export interface DebugHooks extends SweepHooks, ViewHooks, ProtocolHooks {
  models(): { id: string; name: string; status: string; backend: string | null; predictions: number; busyMs: number; top1: string | null; top5: string[]; shownVersion: number; restarts: number; error: string | null }[];
  sceneVersion(): number;
  /** Sets one scene-state field ("image.saturation", 0); returns whether the state changed. */
  setField(path: string, value: number | string | boolean): boolean;
  /** The 224x224 model-input frame of the current scene version (waits for it). Needs the capture hub. */
  lastFrame(): Promise<TappedFrame>;
  setCamera(yaw: number, pitch?: number): void;
  /** The bench's long-task attribution: start recording the scene's frame costs, or stop and return the spans. */
  frameCosts(record: boolean): FrameCostSpan[];
  benchRaw(id: string, seconds: number): Promise<{ predictsPerSecond: number; backend: string }>;
  benchLoad(id: string, url?: string): Promise<{ ms: number }>;
  loadResult(id: string): unknown;
  /** The model worker's tf.memory().numTensors. */
  numTensors(id: string): Promise<number>;
  simulateCrash(id: string): Promise<void>;
  /** The model's layers with activation maps (listLayers). */
  listLayers(id: string): Promise<LayerInfo[]>;
  /** Ask for these activation maps with every prediction of a model (null: none), as the activation view does. */
  setActivations(id: string, request: ActivationRequest | null): void;
  /** Runs an attack on the model's current frame; its time, steps and backend, and the top-1 before and after. */
  attack(id: string, config: AttackConfig): Promise<{ ms: number; stepsDone: number; backend: string; before: string | null; after: string | null }>;
}

export function installDebugHooks(controller: ModelsController, store: SceneStateStore, captureHub?: CaptureHub, sweepRunner?: SweepRunner, views: ViewHooks = {}, protocolRunner?: ProtocolRunner): () => void {
  const tap = captureHub ? new FrameTap(captureHub, 'debug-frame-tap') : null;
  const runner = (id: string) => {
    const r = controller.runners.find((x) => x.meta.id === id);
    if (!r) throw new Error(`no model ${id}`);
    return r;
  };
  // The sweeps (experiments) need the frames of the capture hub; the page passes the runner its view uses.
  const sweeps = sweepRunner ?? (captureHub ? new SweepRunner(controller, store, captureHub) : null);
  const hooks: DebugHooks = {
    ...sweepHooks(controller, sweeps),
    ...protocolHooks(sweeps, protocolRunner ?? (sweeps ? new ProtocolRunner(controller, store, sweeps) : null)),
    ...views,
    models: () =>
      controller.runners.map((r) => ({
        id: r.meta.id,
        name: r.meta.name,
        status: r.status,
        backend: r.backend,
        predictions: r.predictionCount,
        busyMs: r.busyMs,
        top1: r.top[0]?.label ?? null,
        top5: r.top.slice(0, 5).map((t) => t.label),
        shownVersion: r.shownVersion,
        restarts: r.restarts,
        error: r.error
      })),
    sceneVersion: () => store.version,
    setField: (path, value) => store.set(path as FieldPath, value),
    lastFrame: async () => {
      if (!tap) throw new Error('lastFrame needs installDebugHooks(controller, store, captureHub)');
      return tappedFrame(await tap.frameOf(store.version));
    },
    frameCosts: (record) => {
      if (record) {
        frameCosts.start();
        return [];
      }
      return frameCosts.stop();
    },
    setCamera: (yaw, pitch) => {
      store.set('camera.yaw', yaw);
      if (pitch !== undefined) store.set('camera.pitch', pitch);
    },
    benchRaw: (id, seconds) => runner(id).calls.benchRaw(seconds),
    benchLoad: (id, url) => runner(id).calls.benchLoad(url),
    loadResult: (id) => $state.snapshot(runner(id).loadResult),
    numTensors: (id) => runner(id).calls.numTensors(),
    simulateCrash: async (id) => {
      await runner(id).calls.simulateCrash();
    },
    listLayers: (id) => runner(id).calls.listLayers(),
    setActivations: (id, request) => {
      const r = runner(id);
      r.activationRequest = request;
      if (request) r.requestFrame();
    },
    attack: async (id, config) => {
      const r = runner(id);
      r.keepLatestFrameFor.add('debug-attack');
      try {
        const frame = await r.currentFrame();
        if (!frame) throw new Error(`no frame for ${id}`);
        const res = await r.calls.attack(frame, config);
        return { ms: res.ms, stepsDone: res.stepsDone, backend: res.backend, before: res.before[0]?.label ?? null, after: res.after[0]?.label ?? null };
      } finally {
        r.keepLatestFrameFor.delete('debug-attack');
      }
    }
  };
  (window as unknown as { __perturber?: DebugHooks }).__perturber = hooks;
  return () => {
    sweeps?.cancel();
    tap?.stop();
    delete (window as unknown as { __perturber?: DebugHooks }).__perturber;
  };
}
