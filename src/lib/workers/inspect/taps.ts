/**
 * Differentiable views into one loaded model: its output together with intermediate activations in one
 * pass (a cached multi-output LayersModel, or GraphModel.execute with extra node names), its class
 * scores (logits where they can be found), and gradients w.r.t. an intermediate activation.
 * Every method must run inside the caller's tf.tidy (or tf.grad).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { ModelInputError, type ModelMeta } from '$lib/protocol';

type Tf = typeof tfTypes;
export type InspectedModel = tfTypes.LayersModel | tfTypes.GraphModel;
export type TapMeta = Pick<ModelMeta, 'format' | 'inputNode' | 'outputNode' | 'outputKind' | 'classOffset' | 'inputSize' | 'preprocess'>;

/** How many multi-output models are kept (one per requested layer set). */
const MAX_CACHED = 6;

export function isGraphModel(tf: Tf, model: InspectedModel): model is tfTypes.GraphModel {
  return model instanceof tf.GraphModel;
}

export class ModelTaps {
  private readonly cache = new Map<string, tfTypes.LayersModel>();
  private logitsTensor: tfTypes.SymbolicTensor | null | undefined;

  constructor(
    private readonly tf: Tf,
    readonly model: InspectedModel,
    readonly meta: TapMeta
  ) {}

  /** The model's output (flattened, as the engine's plain forward pass) and each layer's activation. */
  run(input: tfTypes.Tensor4D, layers: readonly string[]): { output: tfTypes.Tensor1D; activations: tfTypes.Tensor4D[] } {
    const tf = this.tf;
    if (isGraphModel(tf, this.model)) {
      const graph = this.model;
      const outputNode = this.meta.outputNode ?? graph.outputNodes[0];
      const feed = { [this.meta.inputNode ?? graph.inputNodes[0]]: input };
      const outs = graph.execute(feed, [...layers, outputNode]) as tfTypes.Tensor | tfTypes.Tensor[];
      const list = Array.isArray(outs) ? outs : [outs];
      return { output: tf.reshape(list[list.length - 1], [-1]) as tfTypes.Tensor1D, activations: list.slice(0, -1) as tfTypes.Tensor4D[] };
    }
    const layersModel = this.model;
    const multi = this.multiOutput(layers, () => layersModel.outputs[0]);
    const outs = multi.apply(input, { training: false }) as tfTypes.Tensor | tfTypes.Tensor[];
    const list = Array.isArray(outs) ? outs : [outs];
    return { output: tf.reshape(list[list.length - 1], [-1]) as tfTypes.Tensor1D, activations: list.slice(0, -1) as tfTypes.Tensor4D[] };
  }

  /** One layer's activation only (layers models stop at that layer). */
  layer(input: tfTypes.Tensor4D, layer: string): tfTypes.Tensor4D {
    if (isGraphModel(this.tf, this.model)) return this.run(input, [layer]).activations[0];
    const sub = this.multiOutput([layer], null);
    return sub.apply(input, { training: false }) as tfTypes.Tensor4D;
  }

  /**
   * Class scores over the model's outputs (length numOutputs, output index = classIndex + classOffset):
   * logits when the model gives logits or when the layer before a final softmax can be found, else
   * log-probabilities. `kind` says which.
   */
  scores(input: tfTypes.Tensor4D): { scores: tfTypes.Tensor1D; kind: 'logits' | 'log-probabilities' } {
    const tf = this.tf;
    if (this.meta.outputKind === 'logits') return { scores: this.run(input, []).output, kind: 'logits' };
    if (!isGraphModel(tf, this.model)) {
      const logits = this.preSoftmax();
      if (logits) {
        const head = this.cached('#logits', () => tf.model({ inputs: (this.model as tfTypes.LayersModel).inputs, outputs: logits }));
        return { scores: tf.reshape(head.apply(input, { training: false }) as tfTypes.Tensor, [-1]), kind: 'logits' };
      }
    }
    return { scores: tf.log(tf.maximum(this.run(input, []).output, 1e-30)), kind: 'log-probabilities' };
  }

  /** The score vector used for attacks: log-softmax of `scores` (log-probabilities either way). */
  logProbabilities(input: tfTypes.Tensor4D): tfTypes.Tensor1D {
    return this.tf.logSoftmax(this.scores(input).scores);
  }

  /**
   * d objective / d activation of `layer`, where objective(activation, scores) is computed from the
   * same forward pass. The activation is created inside the taped
   * function, so it is handed to the engine's gradient through the `xs` array after the forward pass
   * has produced it (the engine reads `xs` only after running `f`).
   */
  gradientAtLayer(
    input: tfTypes.Tensor4D,
    layer: string,
    objective: (scores: tfTypes.Tensor1D) => tfTypes.Scalar
  ): tfTypes.Tensor4D {
    const tf = this.tf;
    const placeholder = tf.scalar(0);
    const xs: tfTypes.Tensor[] = [placeholder];
    const { grads } = tf.engine().gradients(() => {
      const { act, scores } = this.activationAndScores(input, layer);
      xs[0] = act;
      return objective(scores);
    }, xs);
    placeholder.dispose();
    return grads[0] as tfTypes.Tensor4D;
  }

  private activationAndScores(input: tfTypes.Tensor4D, layer: string): { act: tfTypes.Tensor4D; scores: tfTypes.Tensor1D } {
    const tf = this.tf;
    if (isGraphModel(tf, this.model) || this.meta.outputKind === 'logits') {
      const { output, activations } = this.run(input, [layer]);
      const scores = this.meta.outputKind === 'logits' ? output : (tf.log(tf.maximum(output, 1e-30)) as tfTypes.Tensor1D);
      return { act: activations[0], scores };
    }
    const logits = this.preSoftmax();
    const outs = this.multiOutput([layer], () => logits ?? (this.model as tfTypes.LayersModel).outputs[0]).apply(input, {
      training: false
    }) as tfTypes.Tensor[];
    const last = tf.reshape(outs[1], [-1]) as tfTypes.Tensor1D;
    return { act: outs[0] as tfTypes.Tensor4D, scores: logits ? last : tf.log(tf.maximum(last, 1e-30)) };
  }

  /** The tensor feeding a final softmax (through Reshape/Flatten), or null. */
  private preSoftmax(): tfTypes.SymbolicTensor | null {
    if (this.logitsTensor !== undefined) return this.logitsTensor;
    let tensor: tfTypes.SymbolicTensor | undefined = (this.model as tfTypes.LayersModel).outputs[0];
    this.logitsTensor = null;
    for (let hops = 0; tensor && hops < 4; hops++) {
      const layer = tensor.sourceLayer;
      const className = layer.getClassName();
      const config = layer.getConfig() as { activation?: string };
      if (className === 'Softmax' || (className === 'Activation' && config.activation === 'softmax')) {
        this.logitsTensor = layer.input as tfTypes.SymbolicTensor;
        break;
      }
      if (!['Reshape', 'Flatten'].includes(className)) break;
      tensor = layer.input as tfTypes.SymbolicTensor;
    }
    return this.logitsTensor;
  }

  private multiOutput(layers: readonly string[], last: (() => tfTypes.SymbolicTensor) | null): tfTypes.LayersModel {
    const tf = this.tf;
    const model = this.model as tfTypes.LayersModel;
    const key = `${layers.join('|')}#${last ? 'out' : ''}#${last?.().name ?? ''}`;
    return this.cached(key, () => {
      const outputs = layers.map((name) => layerOutput(model, name));
      if (last) outputs.push(last());
      return tf.model({ inputs: model.inputs, outputs });
    });
  }

  private cached(key: string, build: () => tfTypes.LayersModel): tfTypes.LayersModel {
    let hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    hit = build();
    // Sub-models share the model's layers and own no weights: dropping them is enough (no dispose,
    // which would release the shared weights).
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, hit);
    return hit;
  }
}

function layerOutput(model: tfTypes.LayersModel, name: string): tfTypes.SymbolicTensor {
  let layer: tfTypes.layers.Layer;
  try {
    layer = model.getLayer(name);
  } catch {
    throw new ModelInputError(`The model has no layer named "${name}".`, 'bad-settings');
  }
  const out = layer.output;
  return (Array.isArray(out) ? out[0] : out) as tfTypes.SymbolicTensor;
}
