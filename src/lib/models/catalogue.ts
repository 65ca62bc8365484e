/**
 * Built-in catalogue of well-known public TF.js ImageNet classifiers with stable public URLs, and the
 * metadata each needs (the analysis cannot tell the input range or the background class by itself).
 * Sources: tfjs-examples / @tensorflow-models/mobilenet (GCS layers models and TF-Hub graph models).
 */
import { IMAGENET_LABELS } from './imagenet';
import type { ModelFormat, ModelMeta, OutputKind, Preprocess } from '$lib/protocol';

export interface CataloguePreset {
  inputSize: [number, number];
  preprocess: Preprocess;
  outputKind: OutputKind;
  classOffset: number;
  numOutputs: number;
  /** Which built-in label list applies. */
  labels: 'imagenet';
}

export interface CatalogueEntry {
  id: string;
  name: string;
  description: string;
  /** URL of the model.json (its weight shards sit next to it). */
  url: string;
  /** Human-facing page of the model, when there is one. */
  homepage?: string;
  format: ModelFormat;
  /** Approximate download size of the weights. */
  sizeBytes: number;
  preset: CataloguePreset;
}

const MB = 1024 * 1024;
const GCS = 'https://storage.googleapis.com/tfjs-models/tfjs';

/** TF-Hub serves TF.js files under the model handle with `?tfjs-format=file` (what `fromTFHub` does). */
export function tfHubModelJsonUrl(handle: string): string {
  return `${handle.replace(/\/+$/, '')}/model.json?tfjs-format=file`;
}

/** Keras MobileNet v1: layers model, x/127.5 - 1, softmax over the 1000 ImageNet classes. */
const kerasV1: CataloguePreset = {
  inputSize: [224, 224],
  preprocess: { kind: 'range11' },
  outputKind: 'probabilities',
  classOffset: 0,
  numOutputs: 1000,
  labels: 'imagenet'
};

/** TF-Hub ImageNet classification: graph model, x/255, 1001 logits with "background" at index 0. */
const tfHub1001: CataloguePreset = {
  inputSize: [224, 224],
  preprocess: { kind: 'range01' },
  outputKind: 'logits',
  classOffset: 1,
  numOutputs: 1001,
  labels: 'imagenet'
};

function keras(alpha: string, slug: string, sizeMb: number, params: string): CatalogueEntry {
  return {
    id: `mobilenet-v1-${slug}-keras`,
    name: `MobileNet v1 ${alpha} (Keras)`,
    description: `Google's MobileNet v1, width ${alpha}, ${params} parameters; the layers model from the TF.js examples. Input [-1, 1], softmax.`,
    url: `${GCS}/mobilenet_v1_${alpha}_224/model.json`,
    format: 'layers',
    sizeBytes: Math.round(sizeMb * MB),
    preset: kerasV1
  };
}

function hub(
  id: string,
  name: string,
  handle: string,
  sizeMb: number,
  description: string
): CatalogueEntry {
  return {
    id,
    name,
    description: `${description} TF-Hub graph model: input [0, 1], 1001 logits (index 0 is "background").`,
    url: tfHubModelJsonUrl(handle),
    homepage: handle,
    format: 'graph',
    sizeBytes: Math.round(sizeMb * MB),
    preset: tfHub1001
  };
}

const HUB = 'https://tfhub.dev/google';

export const CATALOGUE: readonly CatalogueEntry[] = [
  keras('1.0', '1-0', 16.3, '4.2 M'),
  keras('0.75', '0-75', 9.9, '2.6 M'),
  keras('0.50', '0-50', 5.1, '1.3 M'),
  keras('0.25', '0-25', 1.9, '0.47 M'),
  hub(
    'mobilenet-v2-1-0-hub',
    'MobileNet v2 1.0',
    `${HUB}/tfjs-model/imagenet/mobilenet_v2_100_224/classification/3/default/1`,
    13.4,
    'MobileNet v2, width 1.0, 3.5 M parameters.'
  ),
  hub(
    'mobilenet-v2-0-75-hub',
    'MobileNet v2 0.75',
    `${HUB}/imagenet/mobilenet_v2_075_224/classification/2`,
    10.0,
    'MobileNet v2, width 0.75, 2.6 M parameters (the model @tensorflow-models/mobilenet uses).'
  ),
  hub(
    'mobilenet-v2-0-50-hub',
    'MobileNet v2 0.50',
    `${HUB}/imagenet/mobilenet_v2_050_224/classification/2`,
    7.5,
    'MobileNet v2, width 0.50, 2.0 M parameters (the model @tensorflow-models/mobilenet uses).'
  ),
  hub(
    'mobilenet-v3-large-hub',
    'MobileNet v3 Large',
    `${HUB}/tfjs-model/imagenet/mobilenet_v3_large_100_224/classification/5/default/1`,
    21.1,
    'MobileNet v3 Large, 5.5 M parameters: the most accurate entry here.'
  ),
  hub(
    'mobilenet-v3-small-hub',
    'MobileNet v3 Small',
    `${HUB}/tfjs-model/imagenet/mobilenet_v3_small_100_224/classification/5/default/1`,
    9.7,
    'MobileNet v3 Small, 2.5 M parameters.'
  ),
  hub(
    'mobilenet-v1-1-0-hub',
    'MobileNet v1 1.0 (TF-Hub)',
    `${HUB}/imagenet/mobilenet_v1_100_224/classification/1`,
    16.3,
    'MobileNet v1, width 1.0, as published on TF-Hub (the model @tensorflow-models/mobilenet uses).'
  ),
  hub(
    'mobilenet-v1-0-25-hub',
    'MobileNet v1 0.25 (TF-Hub)',
    `${HUB}/imagenet/mobilenet_v1_025_224/classification/1`,
    1.8,
    'MobileNet v1, width 0.25, as published on TF-Hub (the model @tensorflow-models/mobilenet uses).'
  )
];

export function catalogueEntry(id: string): CatalogueEntry | undefined {
  return CATALOGUE.find((e) => e.id === id);
}

export function presetLabels(preset: CataloguePreset): string[] {
  switch (preset.labels) {
    case 'imagenet':
      return IMAGENET_LABELS;
  }
}

/**
 * The metadata a catalogue model gets: the preset's input range, output kind, background class and
 * labels (an analysis cannot tell those), over what analysing the download found (format, input
 * size, number of outputs, size, node names): a download that does not match the preset then fails
 * validation instead of being mislabelled.
 */
export function catalogueMeta(
  entry: CatalogueEntry,
  ids: { id: string; addedAt: number },
  analysed?: Partial<Omit<ModelMeta, 'id' | 'source' | 'addedAt'>>
): ModelMeta {
  const { preset } = entry;
  return {
    format: entry.format,
    inputSize: [...preset.inputSize],
    numOutputs: preset.numOutputs,
    sizeBytes: entry.sizeBytes,
    backend: 'auto',
    ...analysed,
    id: ids.id,
    name: entry.name,
    preprocess: structuredClone(preset.preprocess),
    outputKind: preset.outputKind,
    classOffset: preset.classOffset,
    labels: [...presetLabels(preset)],
    source: { kind: 'catalogue', url: entry.url, catalogueId: entry.id },
    addedAt: ids.addedAt
  };
}
