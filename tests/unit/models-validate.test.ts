/**
 * What a user sees when the model.json, input shape, labels or metadata form are wrong,
 * and which labels formats are understood.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMAGENET_LABELS } from '../../src/lib/models/imagenet';
import { isLabelsJson, parseLabels, parseLabelsText } from '../../src/lib/models/labels';
import { ModelInputError, type ModelMeta } from '../../src/lib/protocol';
import {
  validateInputShape,
  validateLabels,
  validateMeta,
  validateModelJson
} from '../../src/lib/models/validate';
import { LABELS_PATH } from '../helpers/fixtures';

function errorOf(fn: () => unknown): ModelInputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelInputError);
    return e as ModelInputError;
  }
  throw new Error('expected a ModelInputError, nothing was thrown');
}

const weights = [{ name: 'dense/kernel', shape: [4, 2], dtype: 'float32' }];
const layersJson = {
  modelTopology: { class_name: 'Sequential', config: { layers: [] } },
  weightsManifest: [{ paths: ['w.bin'], weights }]
};
const graphJson = {
  modelTopology: { node: [{ name: 'images', op: 'Placeholder' }], library: {}, versions: {} },
  weightsManifest: [{ paths: ['w.bin'], weights }]
};

describe('validateModelJson', () => {
  it('tells layers models from graph models', () => {
    expect(validateModelJson(layersJson).format).toBe('layers');
    expect(validateModelJson({ ...layersJson, modelTopology: { model_config: {}, keras_version: '2' } }).format).toBe(
      'layers'
    );
    expect(validateModelJson(graphJson).format).toBe('graph');
    expect(validateModelJson({ ...graphJson, format: 'graph-model' }).format).toBe('graph');
  });

  it.each([
    ['a list', [1, 2], /not a JSON object/],
    ['no modelTopology', { weightsManifest: [] }, /"modelTopology" is missing/],
    ['no weightsManifest', { modelTopology: { node: [] } }, /"weightsManifest" is missing/],
    ['manifest not a list', { modelTopology: { node: [] }, weightsManifest: {} }, /"weightsManifest" is not a list/],
    [
      'paths missing',
      { modelTopology: { node: [] }, weightsManifest: [{ weights }] },
      /weightsManifest\[0\]\.paths is not a list of file names/
    ],
    [
      'bad dtype',
      { modelTopology: { node: [] }, weightsManifest: [{ paths: ['a'], weights: [{ ...weights[0], dtype: 'int8' }] }] },
      /"dense\/kernel"\) has unknown dtype "int8"/
    ],
    [
      'bad shape',
      { modelTopology: { node: [] }, weightsManifest: [{ paths: ['a'], weights: [{ ...weights[0], shape: [-1] }] }] },
      /"dense\/kernel"\) has no valid shape/
    ],
    [
      'unknown topology',
      { modelTopology: { foo: 1 }, weightsManifest: [] },
      /neither a Keras layers model nor a TensorFlow graph/
    ]
  ])('refuses %s with a precise reason', (_what, json, reason) => {
    const error = errorOf(() => validateModelJson(json));
    expect(error.code).toBe('malformed-model-json');
    expect(error.message).toMatch(reason);
  });
});

describe('validateInputShape', () => {
  it('returns [H, W] for NHWC RGB inputs, with or without a fixed batch', () => {
    expect(validateInputShape([null, 224, 224, 3])).toEqual([224, 224]);
    expect(validateInputShape([-1, 192, 160, 3])).toEqual([192, 160]);
    expect(validateInputShape([1, 299, 299, 3])).toEqual([299, 299]);
  });

  it.each([
    [[1, 3, 224, 224], 'Input shape [1,3,224,224] is not [N,H,W,3] (channels-last RGB)'],
    [[null, 224, 224, 1], 'Input shape [null,224,224,1] is not [N,H,W,3]'],
    [[null, null, null, 3], 'Input shape [null,null,null,3] is not [N,H,W,3]'],
    [[-1, -1, -1, 3], 'the height and width must be fixed'],
    [[null, 784], 'Input shape [null,784] is not [N,H,W,3]']
  ])('refuses %j', (shape, message) => {
    const error = errorOf(() => validateInputShape(shape));
    expect(error.code).toBe('bad-input-shape');
    expect(error.message).toContain(message);
  });
});

describe('validateLabels', () => {
  it('accepts labels + offset = outputs', () => {
    expect(() => validateLabels(new Array(1000).fill('x'), 1001, 1)).not.toThrow();
    expect(() => validateLabels(['a', 'b'], 2, 0)).not.toThrow();
  });

  it('names both counts when they differ', () => {
    const error = errorOf(() => validateLabels(new Array(1000).fill('x'), 1000, 1));
    expect(error.code).toBe('labels-mismatch');
    expect(error.message).toBe('1000 labels + offset 1 = 1001 outputs expected, model has 1000');
  });
});

describe('parseLabels', () => {
  it('reads a list, an index map, {labels: [...]} and Keras class-index JSON', () => {
    expect(parseLabels(['tench', 'goldfish'])).toEqual(['tench', 'goldfish']);
    expect(parseLabels({ 1: 'goldfish', 0: 'tench' })).toEqual(['tench', 'goldfish']);
    expect(parseLabels({ labels: ['tench', 'goldfish'] })).toEqual(['tench', 'goldfish']);
    expect(parseLabels({ 0: ['n01440764', 'tench'], 1: ['n01443537', 'goldfish'] })).toEqual(['tench', 'goldfish']);
    expect(isLabelsJson(['a'])).toBe(true);
  });

  it.each([
    ['a number', 42, /not a list or an object/],
    ['an empty list', [], /empty/],
    ['non-string entries', ['a', 3], /\[1\] is a number/],
    ['a map with a gap', { 0: 'a', 2: 'c' }, /index 1 is missing/],
    ['a map with non-index keys', { tench: 0 }, /key "tench" is not a class index/],
    ['labels that are not a list', { labels: 'a,b' }, /"labels" is a string/],
    ['a model.json', layersJson, /key "modelTopology"/]
  ])('refuses %s', (_what, json, reason) => {
    const error = errorOf(() => parseLabels(json));
    expect(error.code).toBe('bad-labels');
    expect(error.message).toMatch(reason);
    expect(isLabelsJson(json)).toBe(false);
  });

  it('reads one-label-per-line text files and refuses blank lines inside', () => {
    expect(parseLabelsText('background\r\ntench\ngoldfish\n\n')).toEqual(['background', 'tench', 'goldfish']);
    expect(errorOf(() => parseLabelsText('a\n\nb')).message).toMatch(/line 2/);
  });
});

describe('IMAGENET_LABELS', () => {
  it('has the 1000 classes in standard order', () => {
    expect(IMAGENET_LABELS).toHaveLength(1000);
    expect(IMAGENET_LABELS[0]).toBe('tench, Tinca tinca');
    expect(IMAGENET_LABELS[15]).toBe('robin, American robin, Turdus migratorius');
    expect(IMAGENET_LABELS[999]).toBe('toilet tissue, toilet paper, bathroom tissue');
  });

  it.skipIf(!existsSync(LABELS_PATH))('matches ../shared/fixtures/imagenet/imagenet-labels.json', () => {
    expect(IMAGENET_LABELS).toEqual(JSON.parse(readFileSync(LABELS_PATH, 'utf8')));
  });
});

describe('validateMeta', () => {
  const good: ModelMeta = {
    id: 'm1',
    name: 'MobileNet',
    format: 'layers',
    inputSize: [224, 224],
    preprocess: { kind: 'meanstd', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
    outputKind: 'probabilities',
    classOffset: 0,
    numOutputs: 3,
    labels: ['a', 'b', 'c'],
    sizeBytes: 10,
    source: { kind: 'files', fileNames: ['model.json'] },
    addedAt: 0,
    backend: 'auto'
  };
  const fields = (meta: Partial<ModelMeta>) => validateMeta({ ...good, ...meta }).map((e) => e.field);

  it('accepts a complete form', () => {
    expect(validateMeta(good)).toEqual([]);
  });

  it('accepts each preprocessing kind, Caffe included, and refuses an unknown one', () => {
    for (const kind of ['range01', 'range11', 'caffe'] as const) expect(fields({ preprocess: { kind } })).toEqual([]);
    expect(fields({ preprocess: { kind: 'torch' } as unknown as ModelMeta['preprocess'] })).toEqual(['preprocess']);
  });

  it('flags each bad field', () => {
    expect(fields({ name: '  ' })).toEqual(['name']);
    expect(fields({ name: 'x'.repeat(101) })).toEqual(['name']);
    expect(fields({ inputSize: [4, 224] })).toEqual(['inputSize']);
    expect(fields({ inputSize: [224, 2048] })).toEqual(['inputSize']);
    expect(fields({ inputSize: [224.5, 224] })).toEqual(['inputSize']);
    expect(fields({ preprocess: { kind: 'meanstd', mean: [0, NaN, 0], std: [1, 1, 1] } })).toEqual([
      'preprocess.mean'
    ]);
    expect(fields({ preprocess: { kind: 'meanstd', mean: [0, 0, 0], std: [1, 0, 1] } })).toEqual(['preprocess.std']);
    expect(fields({ preprocess: { kind: 'meanstd', mean: [0, 0, 0], std: [1, Infinity, 1] } })).toEqual([
      'preprocess.std'
    ]);
    expect(fields({ classOffset: -1 })).toEqual(['classOffset']);
    expect(fields({ labels: [] })).toEqual(['labels']);
  });

  it('checks labels + offset against the outputs and says by how much', () => {
    const errors = validateMeta({ ...good, classOffset: 1 });
    expect(errors).toEqual([{ field: 'labels', message: '3 labels + offset 1 = 4 outputs expected, model has 3' }]);
  });
});
