/**
 * Access to ../shared/fixtures (read-only ImageNet models and photos) for Node tests.
 * Tests that need them use `describeFixtures` and skip with a clear message when the folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type * as tfTypes from '@tensorflow/tfjs';
import type { ModelMeta } from '../../src/lib/protocol';
import { testMeta } from './meta';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES_DIR = resolve(here, '../../../shared/fixtures');
export const fixturesPresent = existsSync(join(FIXTURES_DIR, 'imagenet'));

export const FIXTURE_MODELS = {
  v1_075: join(FIXTURES_DIR, 'imagenet/mobilenet-v1-0.75'),
  v1_025: join(FIXTURES_DIR, 'imagenet/mobilenet-v1-0.25'),
  v1_025_graph: join(FIXTURES_DIR, 'imagenet/mobilenet-v1-0.25-tfhub-graph')
} as const;
export const LABELS_PATH = join(FIXTURES_DIR, 'imagenet/imagenet-labels.json');
export const IMAGES_DIR = join(FIXTURES_DIR, 'images');

/** `describe` that skips, saying why, when ../shared/fixtures is missing. */
export function describeFixtures(name: string, fn: () => void) {
  if (!fixturesPresent) {
    describe.skip(`${name} [SKIPPED: ../shared/fixtures not found at ${FIXTURES_DIR}]`, fn);
  } else {
    describe(name, fn);
  }
}

export function readLabels(): string[] {
  return JSON.parse(readFileSync(LABELS_PATH, 'utf8'));
}

/**
 * A tf.io.IOHandler that reads a TF.js model folder (model.json + shards) from disk.
 * (`file://` needs tfjs-node, which cannot be installed here.)
 */
export function fsHandler(tf: typeof tfTypes, dir: string): tfTypes.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      const specs: tfTypes.io.WeightsManifestConfig[number]['weights'] = [];
      const buffers: Uint8Array[] = [];
      for (const group of json.weightsManifest as tfTypes.io.WeightsManifestConfig) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(new Uint8Array(readFileSync(join(dir, p))));
      }
      const total = buffers.reduce((n, b) => n + b.byteLength, 0);
      const weightData = new Uint8Array(total);
      let off = 0;
      for (const b of buffers) {
        weightData.set(b, off);
        off += b.byteLength;
      }
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        modelInitializer: json.modelInitializer,
        weightSpecs: specs,
        weightData: weightData.buffer
      };
    }
  };
}

/** Raw files of a model folder as `File` objects (as a file picker would give them). */
export function modelFolderFiles(dir: string): File[] {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const files = [new File([readFileSync(join(dir, 'model.json'))], 'model.json', { type: 'application/json' })];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) files.push(new File([readFileSync(join(dir, p))], p));
  }
  return files;
}

/**
 * The metadata of a fixture model as the user would confirm it: the Keras layers models take [-1,1]
 * input and end in a softmax over 1000 classes; the TF-Hub graph model takes [0,1] input and gives 1001
 * logits with a background class at 0 (input node `images`).
 */
export function fixtureMeta(format: 'layers' | 'graph', labels: string[], overrides: Partial<ModelMeta> = {}): ModelMeta {
  const layers = testMeta({
    id: `fixture-${format}`,
    name: `fixture ${format}`,
    inputSize: [224, 224],
    numOutputs: 1000,
    labels,
    sizeBytes: 0,
    source: { kind: 'files', fileNames: [] }
  });
  const graph: Partial<ModelMeta> = {
    format: 'graph',
    preprocess: { kind: 'range01' },
    outputKind: 'logits',
    classOffset: 1,
    numOutputs: 1001,
    inputNode: 'images'
  };
  return { ...layers, ...(format === 'graph' ? graph : {}), ...overrides };
}
