/**
 * Inspecting in-memory model artifacts: build the model once, read its input shape, run one forward
 * pass on a fixed random input, and suggest metadata for the user to confirm.
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGENET_LABELS } from './imagenet';
import { ModelInputError, type ModelAnalysis, type ModelFormat, type Preprocess } from '$lib/protocol';
import { validateInputShape, validateLabels, validateModelJson } from './validate';

export interface AnalysisExtras {
  labels?: string[];
  sizeBytes: number;
  /** A file name or URL the model came from; the suggested name is derived from it. */
  nameHint?: string;
}

type LoadedModel =
  | { format: 'layers'; model: tf.LayersModel }
  | { format: 'graph'; model: tf.GraphModel };

/** Layers that pass their input's values through unchanged (so a softmax before them still shows). */
const PASS_THROUGH = new Set(['Reshape', 'Flatten', 'Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'Permute']);

const MAX_NAME = 100;

function loadFailed(e: unknown, what: string): ModelInputError {
  const reason = e instanceof Error ? e.message : String(e);
  return new ModelInputError(`${what}: ${reason}`, 'load-failed');
}

async function loadModel(artifacts: tf.io.ModelArtifacts, format: ModelFormat): Promise<LoadedModel> {
  try {
    const handler = tf.io.fromMemory(artifacts);
    return format === 'layers'
      ? { format, model: await tf.loadLayersModel(handler) }
      : { format, model: await tf.loadGraphModel(handler) };
  } catch (e) {
    throw loadFailed(e, 'The model could not be built from its files');
  }
}

function disposeModel(loaded: LoadedModel): void {
  try {
    loaded.model.dispose();
  } catch {
    // A half-built model may fail to dispose; nothing more to free.
  }
}

function declaresSoftmax(
  loaded: LoadedModel,
  outputNode: string | undefined,
  artifacts: tf.io.ModelArtifacts
): boolean {
  if (loaded.format === 'layers') {
    const layers = loaded.model.layers;
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i];
      if (layer.getClassName() === 'Softmax' || layer.getConfig().activation === 'softmax') return true;
      if (!PASS_THROUGH.has(layer.getClassName())) return false;
    }
    return false;
  }
  const nodes = (artifacts.modelTopology as { node?: { name: string; op: string }[] }).node ?? [];
  return nodes.some((n) => n.name === outputNode && n.op === 'Softmax');
}

function inputSpec(loaded: LoadedModel): { shape: (number | null)[]; node?: string; outputNode?: string } {
  const inputs = loaded.model.inputs;
  if (inputs.length !== 1) {
    throw new ModelInputError(
      `The model has ${inputs.length} inputs; only classifiers with a single image input are supported.`,
      'unsupported'
    );
  }
  const shape = (inputs[0].shape ?? []) as (number | null)[];
  if (loaded.format === 'graph') {
    return { shape, node: loaded.model.inputNodes[0], outputNode: loaded.model.outputNodes[0] };
  }
  return { shape };
}

function runOnce(loaded: LoadedModel, input: tf.Tensor, outputNode?: string): tf.Tensor {
  if (loaded.format === 'layers') {
    const out = loaded.model.predict(input);
    return Array.isArray(out) ? out[0] : out;
  }
  const out = loaded.model.execute(input, outputNode);
  return Array.isArray(out) ? out[0] : out;
}

async function runGraphAsync(model: tf.GraphModel, input: tf.Tensor, outputNode?: string): Promise<tf.Tensor> {
  const out = await model.executeAsync(input, outputNode);
  if (!Array.isArray(out)) return out;
  tf.dispose(out.slice(1));
  return out[0];
}

/** Runs one forward pass on a fixed random input; returns the scores of the first (only) example. */
async function forwardPass(
  loaded: LoadedModel,
  shape: [number, number],
  range: [number, number],
  outputNode?: string
): Promise<{ scores: Float32Array; outputShape: number[]; notes: string[] }> {
  const notes: string[] = [];
  const input = tf.randomUniform([1, shape[0], shape[1], 3], range[0], range[1], 'float32', 42);
  let output: tf.Tensor | undefined;
  try {
    try {
      output = tf.tidy(() => runOnce(loaded, input, outputNode));
    } catch (e) {
      if (loaded.format !== 'graph' || !/executeAsync/.test(String((e as Error)?.message))) throw e;
      output = await runGraphAsync(loaded.model, input, outputNode);
      notes.push('The graph uses control-flow ops, so it runs with executeAsync (slower).');
    }
    const outputShape = output.shape.slice();
    const scores = (await output.data()) as Float32Array;
    return { scores: scores.slice(0, scores.length / Math.max(1, outputShape[0] ?? 1)), outputShape, notes };
  } catch (e) {
    throw loadFailed(e, 'The model failed on a test input');
  } finally {
    input.dispose();
    output?.dispose();
  }
}

function checkOutputShape(outputShape: number[]): void {
  const classDims = outputShape.slice(1).filter((d) => d !== 1);
  if (classDims.length > 1 || outputShape.length < 2) {
    throw new ModelInputError(
      `Output shape [${outputShape.join(',')}] is not one score per class ([N, classes]): ` +
        'only image classifiers are supported.',
      'unsupported'
    );
  }
}

function looksLikeProbabilities(scores: Float32Array): boolean {
  let total = 0;
  for (const s of scores) {
    if (!(s >= 0)) return false;
    total += s;
  }
  return Math.abs(total - 1) <= 1e-3;
}

/** "…/mobilenet_v2/model.json" → "mobilenet_v2"; a plain name stays as it is. */
export function nameFromHint(hint: string | undefined): string {
  const cleaned = (hint ?? '').trim().split(/[?#]/)[0].replace(/\/+$/, '');
  const parts = cleaned.split(/[\\/]/).filter(Boolean);
  let name = parts.pop() ?? '';
  if (/^model\.json$/i.test(name) && parts.length > 0 && !/^https?:$/i.test(parts[parts.length - 1])) {
    name = parts.pop()!;
  }
  name = name.replace(/\.json$/i, '').trim();
  return (name || 'Imported model').slice(0, MAX_NAME);
}

/** A bare "model" (a model.json picked without its folder) says nothing: describe the model instead. */
function describeName(name: string, format: string, [h, w]: [number, number], numOutputs: number): string {
  if (!/^(model|imported model)$/i.test(name)) return name;
  return `${format === 'graph' ? 'Graph' : 'Layers'} model ${h}×${w}, ${numOutputs} outputs`;
}

function chooseLabels(
  numOutputs: number,
  provided: string[] | undefined,
  notes: string[]
): { labels: string[]; classOffset: number } {
  const defaultOffset = numOutputs === 1001 ? 1 : 0;
  if (provided) {
    const diff = numOutputs - provided.length;
    const classOffset = diff === 0 || diff === 1 ? diff : defaultOffset;
    validateLabels(provided, numOutputs, classOffset);
    if (classOffset === 1) {
      notes.push(
        `${numOutputs} outputs and ${provided.length} labels: assuming a background class at index 0 (class offset 1).`
      );
    }
    return { labels: provided, classOffset };
  }
  if (defaultOffset === 1) notes.push('1001 outputs: assuming a background class at index 0 (class offset 1).');
  if (numOutputs - defaultOffset === 1000) {
    notes.push('No labels file: assumed ImageNet-1k labels (standard order). Check a few predictions.');
    return { labels: IMAGENET_LABELS.slice(), classOffset: defaultOffset };
  }
  const count = numOutputs - defaultOffset;
  notes.push(
    `No labels file: the ${count} classes are named "class 0" … "class ${count - 1}". Import a labels file to name them.`
  );
  return { labels: Array.from({ length: count }, (_, i) => `class ${i}`), classOffset: defaultOffset };
}

const PREPROCESS_GUESS: Record<ModelFormat, { preprocess: Preprocess; range: [number, number]; note: string }> = {
  layers: {
    preprocess: { kind: 'range11' },
    range: [-1, 1],
    note:
      'Input scaling guessed from the format: [-1, 1] (x / 127.5 - 1, the Keras MobileNet convention); ' +
      'the preprocessing check tries it against the other conventions.'
  },
  graph: {
    preprocess: { kind: 'range01' },
    range: [0, 1],
    note:
      'Input scaling guessed from the format: [0, 1] (x / 255, the TF-Hub convention); ' +
      'the preprocessing check tries it against the other conventions.'
  }
};

/** Builds the model once to inspect it; frees every tensor it made before returning. */
export async function analyseModel(
  artifacts: tf.io.ModelArtifacts,
  extras: AnalysisExtras
): Promise<{ analysis: ModelAnalysis }> {
  const { format } = validateModelJson({
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [], weights: artifacts.weightSpecs ?? [] }],
    format: artifacts.format
  });
  return withCleanup(async () => {
    const loaded = await loadModel(artifacts, format);
    try {
      return { analysis: await analyseLoaded(loaded, artifacts, format, extras) };
    } finally {
      disposeModel(loaded);
    }
  });
}

/**
 * Runs `fn` in an engine scope and frees whatever tensors and variables it left behind, so a model
 * that fails half-way through loading (e.g. weights that do not fit the topology) leaks nothing.
 * Tensors that other code creates on this thread while `fn` awaits would be freed too: do not
 * run analyses concurrently with other TF.js work in the same worker.
 */
async function withCleanup<T>(fn: () => Promise<T>): Promise<T> {
  const engine = tf.engine();
  const variablesBefore = new Set(Object.keys(engine.state.registeredVariables));
  engine.startScope('analyseModel');
  try {
    return await fn();
  } finally {
    engine.endScope();
    for (const [name, variable] of Object.entries(engine.state.registeredVariables)) {
      if (!variablesBefore.has(name)) variable.dispose();
    }
  }
}

async function analyseLoaded(
  loaded: LoadedModel,
  artifacts: tf.io.ModelArtifacts,
  format: ModelFormat,
  extras: AnalysisExtras
): Promise<ModelAnalysis> {
  const spec = inputSpec(loaded);
  const inputSize = validateInputShape(spec.shape);
  const guess = PREPROCESS_GUESS[format];
  const { scores, outputShape, notes } = await forwardPass(loaded, inputSize, guess.range, spec.outputNode);
  checkOutputShape(outputShape);
  const numOutputs = scores.length;
  const endsInSoftmax = declaresSoftmax(loaded, spec.outputNode, artifacts) || looksLikeProbabilities(scores);
  notes.unshift(guess.note);
  const { labels, classOffset } = chooseLabels(numOutputs, extras.labels, notes);
  return {
    format,
    inputShape: spec.shape.map((d) => (d === null ? -1 : d)),
    numOutputs,
    endsInSoftmax,
    sizeBytes: extras.sizeBytes,
    inputNode: spec.node,
    outputNode: spec.outputNode,
    labels: extras.labels,
    suggested: {
      name: describeName(nameFromHint(extras.nameHint), format, inputSize, numOutputs),
      format,
      inputSize,
      preprocess: guess.preprocess,
      outputKind: endsInSoftmax ? 'probabilities' : 'logits',
      classOffset,
      numOutputs,
      labels,
      inputNode: spec.node,
      outputNode: spec.outputNode,
      sizeBytes: extras.sizeBytes,
      backend: 'auto'
    },
    notes
  };
}
