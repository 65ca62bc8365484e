/**
 * Validation of what a user brings: a model.json, its weight manifest, the model's input shape,
 * labels, and the metadata form. Errors are `ModelInputError`s whose message names the problem.
 */
import type * as tf from '@tensorflow/tfjs';
import { ModelInputError, type ModelFormat, type ModelMeta } from '$lib/protocol';

/** One group of a model.json's weightsManifest (tf.io does not export this type by name). */
export type ManifestGroup = tf.io.WeightsManifestConfig[number];

export interface FieldError {
  field: string;
  message: string;
}

function malformed(reason: string): never {
  throw new ModelInputError(`The model.json is not a TF.js model: ${reason}`, 'malformed-model-json');
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

const DTYPES = new Set(['float32', 'int32', 'bool', 'string', 'complex64']);
const QUANT_DTYPES = new Set(['uint8', 'uint16', 'float16']);

/** Checks a parsed model.json and tells whether it is a Keras layers model or a graph model. */
export function validateModelJson(json: unknown): { format: ModelFormat } {
  if (!isObject(json)) malformed('the file is not a JSON object');
  if (!('modelTopology' in json)) malformed('"modelTopology" is missing');
  if (!('weightsManifest' in json)) malformed('"weightsManifest" is missing');
  const topology = json.modelTopology;
  if (!isObject(topology)) malformed('"modelTopology" is not an object');
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) malformed('"weightsManifest" is not a list');
  manifest.forEach((group, g) => {
    const where = `weightsManifest[${g}]`;
    if (!isObject(group)) malformed(`${where} is not an object`);
    if (!Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string' && p !== '')) {
      malformed(`${where}.paths is not a list of file names`);
    }
    if (!Array.isArray(group.weights)) malformed(`${where}.weights is not a list`);
    group.weights.forEach((w, i) => {
      const at = `${where}.weights[${i}]`;
      if (!isObject(w) || typeof w.name !== 'string') malformed(`${at} has no name`);
      if (!Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
        malformed(`${at} ("${w.name}") has no valid shape`);
      }
      if (typeof w.dtype !== 'string' || !DTYPES.has(w.dtype)) {
        malformed(`${at} ("${w.name}") has unknown dtype ${JSON.stringify(w.dtype)}`);
      }
      if (w.quantization !== undefined) {
        const q = w.quantization;
        if (!isObject(q) || typeof q.dtype !== 'string' || !QUANT_DTYPES.has(q.dtype)) {
          malformed(`${at} ("${w.name}") has an unknown quantization`);
        }
      }
    });
  });
  return { format: detectFormat(json.format, topology) };
}

function detectFormat(declared: unknown, topology: Record<string, unknown>): ModelFormat {
  if (declared === 'graph-model') return 'graph';
  if (declared === 'layers-model') return 'layers';
  if (Array.isArray(topology.node)) return 'graph';
  if (isObject(topology.model_config) || typeof topology.class_name === 'string') return 'layers';
  malformed('"modelTopology" is neither a Keras layers model nor a TensorFlow graph');
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const QUANT_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/**
 * Bytes a manifest group's weights occupy, or null when it cannot be known up front
 * (string weights are variable-length).
 */
export function expectedGroupBytes(weights: tf.io.WeightsManifestEntry[]): number | null {
  let total = 0;
  for (const w of weights) {
    const count = w.shape.reduce((a, b) => a * b, 1);
    const size = w.quantization ? QUANT_BYTES[w.quantization.dtype] : DTYPE_BYTES[w.dtype];
    if (size === undefined) return null;
    total += count * size;
  }
  return total;
}

/** Throws 'truncated-shard' when a group's shards do not hold exactly the bytes its weights need. */
export function checkGroupBytes(
  group: ManifestGroup,
  actualBytes: number,
  source: string
): void {
  const expected = expectedGroupBytes(group.weights);
  if (expected === null || expected === actualBytes) return;
  const names = group.paths.join(', ');
  const problem = actualBytes < expected ? 'is truncated' : 'is longer than expected';
  throw new ModelInputError(
    `Weights file ${names} ${problem}: ${actualBytes} bytes, the model needs ${expected} (${source}). ` +
      'Re-download or re-export the model.',
    'truncated-shard'
  );
}

function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
}

/** Returns [height, width]; throws 'bad-input-shape' unless the shape is [N,H,W,3]. */
export function validateInputShape(shape: readonly (number | null)[]): [number, number] {
  const [, h, w, c] = shape;
  const positive = (d: number | null | undefined): d is number => typeof d === 'number' && Number.isInteger(d) && d > 0;
  if (shape.length !== 4 || c !== 3 || !positive(h) || !positive(w)) {
    let why = '';
    if (shape.length === 4 && shape[1] === 3) why = ': it looks channels-first (NCHW); only NHWC models are supported';
    else if (shape.length === 4 && c === 3) why = ': the height and width must be fixed positive numbers';
    throw new ModelInputError(
      `Input shape ${formatShape(shape)} is not [N,H,W,3] (channels-last RGB)${why}`,
      'bad-input-shape'
    );
  }
  return [h, w];
}

/** Throws 'labels-mismatch' unless labels.length + classOffset === numOutputs. */
export function validateLabels(labels: string[], numOutputs: number, classOffset: number): void {
  if (labels.length + classOffset !== numOutputs) {
    throw new ModelInputError(
      `${labels.length} labels + offset ${classOffset} = ${labels.length + classOffset} outputs expected, ` +
        `model has ${numOutputs}`,
      'labels-mismatch'
    );
  }
}

const MAX_NAME = 100;
export const MIN_INPUT_SIZE = 8;
export const MAX_INPUT_SIZE = 1024;

/** Checks everything a user can edit in the metadata form; [] when all is fine. */
export function validateMeta(meta: ModelMeta): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });

  const name = typeof meta.name === 'string' ? meta.name.trim() : '';
  if (name === '') add('name', 'Give the model a name.');
  else if (name.length > MAX_NAME) add('name', `The name is ${name.length} characters; at most ${MAX_NAME}.`);

  const size = Array.isArray(meta.inputSize) ? meta.inputSize : [];
  ['height', 'width'].forEach((dim, i) => {
    const v = size[i];
    if (!Number.isInteger(v) || v < MIN_INPUT_SIZE || v > MAX_INPUT_SIZE) {
      add('inputSize', `Input ${dim} must be a whole number from ${MIN_INPUT_SIZE} to ${MAX_INPUT_SIZE} (got ${v}).`);
    }
  });

  const p = meta.preprocess;
  if (p?.kind === 'meanstd') {
    const triple = (xs: unknown) => Array.isArray(xs) && xs.length === 3;
    if (!triple(p.mean) || !p.mean.every(Number.isFinite)) {
      add('preprocess.mean', 'Mean needs three finite numbers (R, G, B).');
    }
    if (!triple(p.std) || !p.std.every((s) => Number.isFinite(s) && s > 0)) {
      add('preprocess.std', 'Std needs three finite numbers greater than 0 (R, G, B).');
    }
  } else if (p?.kind !== 'range01' && p?.kind !== 'range11' && p?.kind !== 'caffe') {
    add('preprocess', 'Choose how pixels are scaled.');
  }

  if (!Number.isInteger(meta.classOffset) || meta.classOffset < 0) {
    add('classOffset', 'The class offset must be a whole number, 0 or more.');
  }

  if (!Array.isArray(meta.labels) || meta.labels.length === 0) {
    add('labels', 'The model needs labels.');
  } else if (meta.labels.some((l) => typeof l !== 'string')) {
    add('labels', 'Every label must be text.');
  } else if (Number.isInteger(meta.classOffset) && meta.classOffset >= 0) {
    const expected = meta.labels.length + meta.classOffset;
    if (expected !== meta.numOutputs) {
      add(
        'labels',
        `${meta.labels.length} labels + offset ${meta.classOffset} = ${expected} outputs expected, ` +
          `model has ${meta.numOutputs}`
      );
    }
  }
  return errors;
}
