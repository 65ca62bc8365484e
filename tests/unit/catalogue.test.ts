import { describe, expect, it } from 'vitest';
import { CATALOGUE, catalogueEntry, catalogueMeta, tfHubModelJsonUrl } from '../../src/lib/models/catalogue';
import { IMAGENET_LABELS } from '../../src/lib/models/imagenet';
import { validateMeta } from '../../src/lib/models/validate';

const ids = { id: 'x', addedAt: 1 };

describe('model catalogue', () => {
  it('has unique ids and names', () => {
    expect(new Set(CATALOGUE.map((e) => e.id)).size).toBe(CATALOGUE.length);
    expect(new Set(CATALOGUE.map((e) => e.name)).size).toBe(CATALOGUE.length);
    expect(CATALOGUE.every((e) => /^[a-z0-9-]+$/.test(e.id))).toBe(true);
  });

  it('points every entry at an https model.json', () => {
    for (const e of CATALOGUE) {
      const url = new URL(e.url);
      expect(url.protocol, e.id).toBe('https:');
      expect(url.pathname, e.id).toMatch(/\/model\.json$/);
      expect(e.sizeBytes, e.id).toBeGreaterThan(1e6);
    }
  });

  it('offers the MobileNet v1 Keras models and the TF-Hub v2 / v3 graph models', () => {
    const urls = CATALOGUE.map((e) => e.url);
    for (const alpha of ['1.0', '0.75', '0.50', '0.25']) {
      expect(urls).toContain(`https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_${alpha}_224/model.json`);
    }
    for (const handle of [
      'imagenet/mobilenet_v2_100_224/classification/3/default/1',
      'imagenet/mobilenet_v3_large_100_224/classification/5/default/1',
      'imagenet/mobilenet_v3_small_100_224/classification/5/default/1'
    ]) {
      expect(urls).toContain(`https://tfhub.dev/google/tfjs-model/${handle}/model.json?tfjs-format=file`);
    }
  });

  it('gives every entry metadata that passes validation', () => {
    for (const e of CATALOGUE) {
      const meta = catalogueMeta(e, ids);
      expect(validateMeta(meta), e.id).toEqual([]);
      expect(meta.source).toEqual({ kind: 'catalogue', url: e.url, catalogueId: e.id });
    }
  });

  it('knows which models take [-1,1] softmax and which take [0,1] with a background logit', () => {
    const keras = catalogueMeta(catalogueEntry('mobilenet-v1-0-25-keras')!, ids);
    expect(keras).toMatchObject({ format: 'layers', preprocess: { kind: 'range11' }, outputKind: 'probabilities', classOffset: 0, numOutputs: 1000 });
    const hub = catalogueMeta(catalogueEntry('mobilenet-v3-small-hub')!, ids);
    expect(hub).toMatchObject({ format: 'graph', preprocess: { kind: 'range01' }, outputKind: 'logits', classOffset: 1, numOutputs: 1001 });
    // Label i is output i + classOffset: output 1 of a TF-Hub model is ImageNet class 0.
    expect(hub.labels[0]).toBe(IMAGENET_LABELS[0]);
    expect(hub.labels).toHaveLength(1000);
  });

  it('keeps what the download actually is, so a model that does not match its preset fails validation', () => {
    const entry = catalogueEntry('mobilenet-v2-1-0-hub')!;
    const meta = catalogueMeta(entry, ids, { numOutputs: 1000, sizeBytes: 42, inputNode: 'images' });
    expect(meta.sizeBytes).toBe(42);
    expect(meta.inputNode).toBe('images');
    expect(validateMeta(meta).map((e) => e.field)).toContain('labels');
  });

  it('does not share preset objects between models', () => {
    const entry = catalogueEntry('mobilenet-v1-1-0-keras')!;
    const a = catalogueMeta(entry, ids);
    a.labels[0] = 'changed';
    a.inputSize[0] = 1;
    const b = catalogueMeta(entry, ids);
    expect(b.labels[0]).toBe(IMAGENET_LABELS[0]);
    expect(b.inputSize).toEqual([224, 224]);
  });

  it('builds TF-Hub file URLs the way tf.loadGraphModel(..., {fromTFHub}) does', () => {
    expect(tfHubModelJsonUrl('https://tfhub.dev/a/b/1/')).toBe('https://tfhub.dev/a/b/1/model.json?tfjs-format=file');
  });
});
