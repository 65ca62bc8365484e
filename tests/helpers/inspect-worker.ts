/**
 * A ModelRunner over a fake model worker that also answers the inspection calls (layers, activation
 * maps, attacks), for tests of what the inspect panels drive. Each prediction and attack is logged
 * with the pixels the worker received; `frame()` stands in for the scene: the runner's requests for a
 * frame are counted, and `deliver` submits one.
 */
import { ModelRunner } from '../../src/lib/pipeline/model-runner.svelte';
import type { WorkerHandle } from '../../src/lib/pipeline/worker-factory';
import type { AttackConfig, AttackResult, ClassScore, Frame, LayerActivations, LayerInfo, ModelHostApi, PredictOptions, Prediction } from '../../src/lib/protocol';
import { testMeta } from './meta';

/** A 2x2 frame of one grey level. */
export const greyFrame = (version: number, level = 100): Frame => ({ version, width: 2, height: 2, pixels: new Uint8Array(16).fill(level), flipY: false, capturedAt: 0 });

export interface InspectWorkerOptions {
  id: string;
  /** The top class the model predicts on any frame. */
  label?: string;
  layers?: LayerInfo[];
  /** listLayers rejects with this message. */
  layersFail?: string;
  /** predict rejects with this message (one-off predictions included). */
  predictFails?: string;
}

export function inspectRunner(opts: InspectWorkerOptions) {
  const predictions: { pixels: number[]; options?: PredictOptions }[] = [];
  const attacks: { pixels: number[]; config: AttackConfig }[] = [];
  let layerCalls = 0;
  let frameRequests = 0;
  const label = opts.label ?? 'dog';
  const top: ClassScore[] = [{ classIndex: 1, label, probability: 0.9 }];
  const api: Partial<ModelHostApi> = {
    load: async () => ({ backend: 'cpu', trials: [], loadMs: 1 }),
    predict: async (f: Frame, options?: PredictOptions): Promise<Prediction> => {
      predictions.push({ pixels: [...f.pixels], options });
      if (opts.predictFails) throw new Error(opts.predictFails);
      const activations: LayerActivations | undefined = options?.activations && {
        layer: options.activations.layer,
        height: 1,
        width: 1,
        channels: 4,
        maps: options.activations.channels.map((c) => ({ channel: c, values: Float32Array.from([c]), min: c, max: c, mean: c })),
        channelMeans: new Float32Array(4)
      };
      // A frame that is not plain grey (the adversarial one) is seen as a cat.
      const seen = f.pixels[0] === f.pixels[1] ? top : [{ classIndex: 0, label: 'cat', probability: 0.8 }];
      return { version: f.version, top: seen, inferenceMs: 1, backend: 'cpu', activations };
    },
    listLayers: async () => {
      layerCalls++;
      if (opts.layersFail) throw new Error(opts.layersFail);
      return opts.layers ?? [{ name: 'relu1', kind: 'Relu', shape: [1, 1, 4] }];
    },
    attack: async (f: Frame, config: AttackConfig): Promise<AttackResult> => {
      attacks.push({ pixels: [...f.pixels], config });
      const adversarial = new Uint8Array(f.pixels);
      adversarial[0] = Math.min(255, adversarial[0] + 8);
      const perturbation = new Float32Array(12);
      perturbation[0] = 8;
      return {
        width: 2,
        height: 2,
        clean: new Uint8Array(f.pixels),
        adversarial,
        perturbation,
        linf: 8,
        l2: 8,
        before: top,
        after: [{ classIndex: 0, label: 'cat', probability: 0.6 }],
        attackedClass: 1,
        stepsDone: 1,
        cancelled: false,
        ms: 1,
        backend: 'cpu'
      };
    }
  };
  const handle: WorkerHandle = { api: api as ModelHostApi, terminate: () => {}, onCrash: () => {} };
  const runner = new ModelRunner(testMeta({ id: opts.id, name: `Net ${opts.id}`, inputSize: [2, 2] }), () => handle);
  let version = 0;
  runner.onWantsFrame = () => frameRequests++;
  return {
    runner,
    predictions,
    attacks,
    layerCalls: () => layerCalls,
    frameRequests: () => frameRequests,
    /** The scene sends the model a frame (a fresh grey one unless given). */
    deliver: (frame: Frame = greyFrame(++version)) => runner.submit(frame)
  };
}
