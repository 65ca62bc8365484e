/**
 * Importing the real fixture models from picked files: read, validate, inspect, suggest metadata.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { readArtifactsFromFiles } from '../../src/lib/models/artifacts';
import { analyseModel } from '../../src/lib/models/detect';
import { ModelInputError } from '../../src/lib/protocol';
import { describeFixtures, FIXTURE_MODELS, LABELS_PATH, modelFolderFiles, readLabels } from '../helpers/fixtures';

function labelsFile(name = 'imagenet-labels.json'): File {
  return new File([readFileSync(LABELS_PATH)], name, { type: 'application/json' });
}

/** Deterministic shuffle so a failure reproduces. */
function shuffled<T>(items: T[]): T[] {
  const out = items.slice();
  let seed = 12345;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function importFolder(dir: string, files = [...modelFolderFiles(dir), labelsFile()]) {
  const read = await readArtifactsFromFiles(files);
  const before = tf.memory().numTensors;
  const { analysis } = await analyseModel(read.artifacts, {
    labels: read.labels,
    sizeBytes: read.sizeBytes,
    nameHint: dir
  });
  return { read, analysis, leaked: tf.memory().numTensors - before };
}

describeFixtures('importing the fixture models from files', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  for (const key of ['v1_025', 'v1_075'] as const) {
    it(`${key}: layers model, 224x224, 1000 softmax outputs, [-1,1] input`, async () => {
      const { read, analysis, leaked } = await importFolder(FIXTURE_MODELS[key]);
      expect(leaked).toBe(0);
      expect(read.labels).toEqual(readLabels());
      expect(read.fileNames[0]).toBe('model.json');
      expect(read.fileNames).toHaveLength(56);
      expect(analysis.format).toBe('layers');
      expect(analysis.inputShape).toEqual([-1, 224, 224, 3]);
      expect(analysis.numOutputs).toBe(1000);
      expect(analysis.endsInSoftmax).toBe(true);
      expect(analysis.inputNode).toBeUndefined();
      const s = analysis.suggested;
      expect(s.format).toBe('layers');
      expect(s.inputSize).toEqual([224, 224]);
      expect(s.classOffset).toBe(0);
      expect(s.outputKind).toBe('probabilities');
      expect(s.preprocess).toEqual({ kind: 'range11' });
      expect(s.labels[0]).toBe('tench, Tinca tinca');
      expect(s.labels).toHaveLength(1000);
      expect(s.name).toBe(key === 'v1_025' ? 'mobilenet-v1-0.25' : 'mobilenet-v1-0.75');
      expect(s.sizeBytes).toBe(read.sizeBytes);
      expect(s.backend).toBe('auto');
      expect(analysis.notes.join(' ')).toMatch(/guess/i);
    });
  }

  it('graph model: 1001 logits with a background class, [0,1] input, node "images"', async () => {
    const { analysis, leaked } = await importFolder(FIXTURE_MODELS.v1_025_graph);
    expect(leaked).toBe(0);
    expect(analysis.format).toBe('graph');
    expect(analysis.inputShape).toEqual([-1, 224, 224, 3]);
    expect(analysis.numOutputs).toBe(1001);
    expect(analysis.endsInSoftmax).toBe(false);
    expect(analysis.inputNode).toBe('images');
    expect(analysis.outputNode).toBe('module_apply_default/MobilenetV1/Logits/SpatialSqueeze');
    const s = analysis.suggested;
    expect(s.format).toBe('graph');
    expect(s.inputSize).toEqual([224, 224]);
    expect(s.classOffset).toBe(1);
    expect(s.outputKind).toBe('logits');
    expect(s.preprocess).toEqual({ kind: 'range01' });
    expect(s.inputNode).toBe('images');
    expect(s.labels).toHaveLength(1000);
    expect(analysis.notes.join(' ')).toMatch(/background/);
  });

  it('graph model without a labels file: assumes ImageNet-1k labels and says so', async () => {
    const dir = FIXTURE_MODELS.v1_025_graph;
    const { read, analysis } = await importFolder(dir, modelFolderFiles(dir));
    expect(read.labels).toBeUndefined();
    expect(analysis.labels).toBeUndefined();
    expect(analysis.suggested.labels).toEqual(readLabels());
    expect(analysis.notes.join(' ')).toMatch(/assumed ImageNet-1k labels/);
  });

  it('finds model.json by content whatever the file order and name', async () => {
    const dir = FIXTURE_MODELS.v1_025;
    const files = modelFolderFiles(dir);
    const renamed = new File([await files[0].arrayBuffer()], 'mobilenet_025.JSON');
    const read = await readArtifactsFromFiles(shuffled([renamed, ...files.slice(1), labelsFile('classes.json')]));
    const reference = await readArtifactsFromFiles(files);
    expect(read.labels).toHaveLength(1000);
    expect(read.sizeBytes).toBe(reference.sizeBytes);
    const bytes = Buffer.from(read.artifacts.weightData as ArrayBuffer);
    expect(bytes.equals(Buffer.from(reference.artifacts.weightData as ArrayBuffer))).toBe(true);
  });

  it('a truncated shard of a real model is reported by name', async () => {
    const files = modelFolderFiles(FIXTURE_MODELS.v1_025);
    const i = files.findIndex((f) => f.name === 'group1-shard1of1');
    const whole = await files[i].arrayBuffer();
    files[i] = new File([whole.slice(0, whole.byteLength - 10)], files[i].name);
    const error = await readArtifactsFromFiles(files).catch((e) => e);
    expect(error).toBeInstanceOf(ModelInputError);
    expect(error.code).toBe('truncated-shard');
    expect(error.message).toContain('group1-shard1of1');
  });

  it('labels that do not fit the outputs are refused, naming both counts', async () => {
    const dir = FIXTURE_MODELS.v1_025;
    const read = await readArtifactsFromFiles(modelFolderFiles(dir));
    const before = tf.memory().numTensors;
    const error = await analyseModel(read.artifacts, {
      labels: ['cat', 'dog'],
      sizeBytes: read.sizeBytes
    }).catch((e) => e);
    expect(error.code).toBe('labels-mismatch');
    expect(error.message).toContain('model has 1000');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('weights that do not match the topology give load-failed, not a raw tf error', async () => {
    const read = await readArtifactsFromFiles(modelFolderFiles(FIXTURE_MODELS.v1_025));
    const specs = read.artifacts.weightSpecs!.slice(0, -1); // drop one weight
    const before = tf.memory().numTensors;
    const error = await analyseModel({ ...read.artifacts, weightSpecs: specs }, { sizeBytes: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(ModelInputError);
    expect(error.code).toBe('load-failed');
    expect(tf.memory().numTensors).toBe(before);
  });
});
