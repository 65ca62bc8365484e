/**
 * The layers of a model that have activation maps worth showing: convolutions and activations with a
 * 4-D output [batch, height, width, channels]. Layers models: layer names and declared output shapes;
 * graph models: node names of conv/activation ops, shapes from one run on a blank input.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { LayerInfo } from '$lib/protocol';
import { isGraphModel, type InspectedModel, type TapMeta } from './taps';

type Tf = typeof tfTypes;

/** Keras layer classes listed (conv and activation layers). */
export const LAYER_CLASSES = new Set([
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'Conv2DTranspose',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'PReLU',
  'ELU',
  'ThresholdedReLU'
]);

/** Graph ops listed (conv and activation ops, as the TF.js converter names them). */
export const GRAPH_OPS = new Set([
  'Conv2D',
  '_FusedConv2D',
  'DepthwiseConv2dNative',
  'FusedDepthwiseConv2dNative',
  'Relu',
  'Relu6',
  'Elu',
  'LeakyRelu',
  'Prelu',
  'Selu',
  'Sigmoid',
  'Swish'
]);

interface GraphNode {
  name: string;
  op: string;
}

/** Internal node list of a GraphModel (executor.graph.nodes), in graph order. */
function graphNodes(model: tfTypes.GraphModel): GraphNode[] {
  const executor = (model as unknown as { executor?: { graph?: { nodes?: Record<string, GraphNode> } } }).executor;
  const nodes = executor?.graph?.nodes;
  if (!nodes) throw new Error('Cannot read the nodes of this graph model');
  return Object.values(nodes);
}

/** Conv/activation layers of the model, input to output, with their [height, width, channels]. */
export function listLayers(tf: Tf, model: InspectedModel, meta: TapMeta): LayerInfo[] {
  if (!isGraphModel(tf, model)) return listKerasLayers(tf, model, meta);
  const nodes = graphNodes(model).filter((n) => GRAPH_OPS.has(n.op));
  if (nodes.length === 0) return [];
  const [h, w] = meta.inputSize;
  const shapes = tf.tidy(() => {
    const feed = { [meta.inputNode ?? model.inputNodes[0]]: tf.zeros([1, h, w, 3]) };
    const outs = model.execute(feed, nodes.map((n) => n.name));
    return (Array.isArray(outs) ? outs : [outs]).map((t) => t.shape);
  });
  return nodes
    .map((n, i) => ({ name: n.name, kind: n.op, shape: shapes[i] }))
    .filter((l) => l.shape.length === 4)
    .map((l) => ({ name: l.name, kind: l.kind, shape: [l.shape[1], l.shape[2], l.shape[3]] as [number, number, number] }));
}

function listKerasLayers(tf: Tf, model: tfTypes.LayersModel, meta: TapMeta): LayerInfo[] {
  const picked = model.layers.filter((l) => LAYER_CLASSES.has(l.getClassName()));
  const declared = picked.map((l) => {
    const shape = (Array.isArray(l.outputShape[0]) ? l.outputShape[0] : l.outputShape) as (number | null)[];
    return { name: l.name, kind: l.getClassName(), shape };
  });
  const four = declared.filter((l) => l.shape.length === 4);
  if (four.every((l) => l.shape.slice(1).every((d) => d !== null))) {
    return four.map((l) => ({ name: l.name, kind: l.kind, shape: l.shape.slice(1) as [number, number, number] }));
  }
  // Dynamic spatial sizes: measure them on a blank input of the model's input size.
  const [h, w] = meta.inputSize;
  const shapeModel = tf.model({ inputs: model.inputs, outputs: four.map((l) => model.getLayer(l.name).output as tfTypes.SymbolicTensor) });
  const shapes = tf.tidy(() => {
    const outs = shapeModel.apply(tf.zeros([1, h, w, 3]), { training: false }) as tfTypes.Tensor | tfTypes.Tensor[];
    return (Array.isArray(outs) ? outs : [outs]).map((t) => t.shape);
  });
  return four.map((l, i) => ({ name: l.name, kind: l.kind, shape: shapes[i].slice(1) as [number, number, number] }));
}
