/**
 * Reading a model from picked files or a URL: what the user gets for each broken input.
 * Uses a tiny Keras model built here (no fixtures needed) and an injected fetch.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readArtifactsFromFiles } from '../../src/lib/models/artifacts';
import { readArtifactsFromUrl, resolveModelUrl } from '../../src/lib/models/url-artifacts';
import { analyseModel } from '../../src/lib/models/detect';
import { ModelInputError } from '../../src/lib/protocol';

interface TinyModel {
  json: Record<string, unknown>;
  shards: Record<string, Uint8Array>;
}

/** A tiny 8x8 RGB classifier (3 classes, softmax) saved as model.json + two shards in one group. */
async function tinyModel(inputShape = [8, 8, 3]): Promise<TinyModel> {
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape }),
      tf.layers.dense({ units: 4, activation: 'relu' }),
      tf.layers.dense({ units: 3, activation: 'softmax' })
    ]
  });
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: {} as never })));
  model.dispose();
  const bytes = new Uint8Array(saved!.weightData as ArrayBuffer);
  const half = Math.floor(bytes.byteLength / 2);
  return {
    json: {
      format: 'layers-model',
      modelTopology: saved!.modelTopology,
      weightsManifest: [{ paths: ['weights/part1.bin', 'weights/part2.bin'], weights: saved!.weightSpecs }]
    },
    shards: { 'part1.bin': bytes.slice(0, half), 'part2.bin': bytes.slice(half) }
  };
}

function filesOf(m: TinyModel, jsonName = 'model.json'): File[] {
  return [
    new File([JSON.stringify(m.json)], jsonName),
    ...Object.entries(m.shards).map(([name, b]) => new File([b as BlobPart], name))
  ];
}

async function codeOf(promise: Promise<unknown>): Promise<ModelInputError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a ModelInputError, the promise resolved');
    },
    (e) => e
  );
  expect(error).toBeInstanceOf(ModelInputError);
  return error;
}

let tiny: TinyModel;
beforeAll(async () => {
  await tf.setBackend('cpu');
  tiny = await tinyModel();
});

describe('readArtifactsFromFiles', () => {
  it('joins the shards in manifest order and picks up a labels file', async () => {
    const files = filesOf(tiny, 'my-model.json').reverse();
    files.push(new File([JSON.stringify({ 0: 'cat', 1: 'dog', 2: 'fox' })], 'labels.json'));
    files.push(new File(['# readme'], 'README.md'));
    const read = await readArtifactsFromFiles(files);
    expect(read.labels).toEqual(['cat', 'dog', 'fox']);
    expect(read.fileNames).toEqual(['my-model.json', 'part1.bin', 'part2.bin']);
    const expected = new Uint8Array([...tiny.shards['part1.bin'], ...tiny.shards['part2.bin']]);
    expect(new Uint8Array(read.artifacts.weightData as ArrayBuffer)).toEqual(expected);
    expect(read.sizeBytes).toBe(expected.byteLength);

    const before = tf.memory().numTensors;
    const extras = { labels: read.labels, sizeBytes: read.sizeBytes };
    const { analysis } = await analyseModel(read.artifacts, extras);
    expect(tf.memory().numTensors).toBe(before);
    expect(analysis.suggested).toMatchObject({ inputSize: [8, 8], numOutputs: 3, labels: ['cat', 'dog', 'fox'] });
    expect(analysis.endsInSoftmax).toBe(true);
  });

  it('says when no model.json is among the files, listing them', async () => {
    const error = await codeOf(readArtifactsFromFiles([new File(['x'], 'photo.jpg'), new File(['[1]'], 'a.json')]));
    expect(error.code).toBe('no-model-json');
    expect(error.message).toContain('photo.jpg, a.json');
  });

  it('says when model.json is not valid JSON, naming the file', async () => {
    const files = [new File(['{"modelTopology": '], 'model.json'), ...filesOf(tiny).slice(1)];
    const error = await codeOf(readArtifactsFromFiles(files));
    expect(error.code).toBe('malformed-model-json');
    expect(error.message).toMatch(/^model\.json is not valid JSON/);
  });

  it('says when a file named model.json is not JSON at all', async () => {
    const error = await codeOf(readArtifactsFromFiles([new File([new Uint8Array([0, 1, 2])], 'model.json')]));
    expect(error.code).toBe('malformed-model-json');
    expect(error.message).toMatch(/^model\.json is not valid JSON/);
  });

  it('says which field model.json lacks', async () => {
    const { weightsManifest: _, ...noManifest } = tiny.json;
    const error = await codeOf(readArtifactsFromFiles([new File([JSON.stringify(noManifest)], 'net.json')]));
    expect(error.code).toBe('malformed-model-json');
    expect(error.message).toBe('net.json is not a TF.js model: "weightsManifest" is missing');
  });

  it('lists the missing weight files', async () => {
    const error = await codeOf(readArtifactsFromFiles(filesOf(tiny).slice(0, 1)));
    expect(error.code).toBe('missing-shard');
    expect(error.message).toContain('part1.bin, part2.bin');
  });

  it('reports a truncated or overlong shard with the byte counts', async () => {
    for (const delta of [-3, 5]) {
      const files = filesOf(tiny);
      const shard = tiny.shards['part2.bin'];
      const changed = delta < 0 ? shard.slice(0, delta) : new Uint8Array([...shard, ...new Uint8Array(delta)]);
      files[2] = new File([changed as BlobPart], 'part2.bin');
      const error = await codeOf(readArtifactsFromFiles(files));
      expect(error.code).toBe('truncated-shard');
      const total = tiny.shards['part1.bin'].byteLength + shard.byteLength;
      expect(error.message).toContain(`${total + delta} bytes, the model needs ${total}`);
    }
  });

  it('counts quantized weights at their stored size', async () => {
    const json = {
      modelTopology: { node: [] },
      weightsManifest: [
        { paths: ['q.bin'], weights: [{ name: 'w', shape: [10], dtype: 'float32', quantization: { dtype: 'uint8' } }] }
      ]
    };
    const files = (n: number) => [
      new File([JSON.stringify(json)], 'model.json'),
      new File([new Uint8Array(n)], 'q.bin')
    ];
    expect((await readArtifactsFromFiles(files(10))).sizeBytes).toBe(10);
    expect((await codeOf(readArtifactsFromFiles(files(40)))).code).toBe('truncated-shard');
  });

  it('refuses two model.json files at once', async () => {
    const second = new File([JSON.stringify(tiny.json)], 'b.json');
    const error = await codeOf(readArtifactsFromFiles([...filesOf(tiny), second]));
    expect(error.code).toBe('unsupported');
    expect(error.message).toMatch(/one model at a time/);
  });
});

describe('analyseModel on user models', () => {
  it('refuses a channels-first model with the shape in the message, leaking nothing', async () => {
    const nchw = await tinyModel([3, 8, 8]);
    const read = await readArtifactsFromFiles(filesOf(nchw));
    const before = tf.memory().numTensors;
    const error = await codeOf(analyseModel(read.artifacts, { sizeBytes: read.sizeBytes }));
    expect(error.code).toBe('bad-input-shape');
    expect(error.message).toContain('Input shape [null,3,8,8] is not [N,H,W,3] (channels-last RGB)');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names unlabeled classes "class i" and says so', async () => {
    const read = await readArtifactsFromFiles(filesOf(tiny));
    const extras = { sizeBytes: 1, nameHint: 'https://x.org/tiny/model.json' };
    const { analysis } = await analyseModel(read.artifacts, extras);
    expect(analysis.suggested.labels).toEqual(['class 0', 'class 1', 'class 2']);
    expect(analysis.suggested.name).toBe('tiny');
    expect(analysis.notes.join(' ')).toMatch(/No labels file/);
  });
});

// ---------------------------------------------------------------------------------------------

type Route = { status?: number; body: Uint8Array | string; chunk?: number };

/** A fetch that serves `routes`, streaming bodies in `chunk`-byte pieces; records requested URLs. */
function fakeFetch(routes: Record<string, Route>, requested: string[] = []): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = String(input);
    requested.push(url);
    const route = routes[url];
    if (!route) return new Response('not found', { status: 404 });
    const bytes = typeof route.body === 'string' ? new TextEncoder().encode(route.body) : route.body;
    const chunk = route.chunk ?? 7;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.byteLength; i += chunk) controller.enqueue(bytes.slice(i, i + chunk));
        controller.close();
      }
    });
    return new Response(stream, { status: route.status ?? 200 });
  }) as typeof fetch;
}

function tinyRoutes(base: string, query = ''): Record<string, Route> {
  return {
    [`${base}model.json${query}`]: { body: JSON.stringify(tiny.json) },
    [`${base}weights/part1.bin${query}`]: { body: tiny.shards['part1.bin'] },
    [`${base}weights/part2.bin${query}`]: { body: tiny.shards['part2.bin'] }
  };
}

describe('readArtifactsFromUrl', () => {
  it('fetches shards next to model.json and reports progress rising to 1', async () => {
    const progress: number[] = [];
    const read = await readArtifactsFromUrl(
      'https://models.example/tiny/model.json',
      (f) => progress.push(f),
      fakeFetch(tinyRoutes('https://models.example/tiny/'))
    );
    expect(read.fileNames).toEqual(['https://models.example/tiny/model.json']);
    expect(read.sizeBytes).toBe(tiny.shards['part1.bin'].byteLength + tiny.shards['part2.bin'].byteLength);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
    expect(progress.every((f) => f >= 0 && f <= 1)).toBe(true);
  });

  it('turns a tfhub.dev model page into its model.json, keeping the query on shards', async () => {
    const requested: string[] = [];
    const base = 'https://tfhub.dev/google/tfjs-model/tiny/1/';
    const routes = tinyRoutes(base, '?tfjs-format=file');
    await readArtifactsFromUrl(base.slice(0, -1), undefined, fakeFetch(routes, requested));
    expect(requested[0]).toBe(`${base}model.json?tfjs-format=file`);
    expect(requested).toContain(`${base}weights/part1.bin?tfjs-format=file`);
  });

  const hostile = [
    'javascript:alert(1)',
    'data:application/json,{}',
    'file:///etc/passwd',
    'ftp://x.org/model.json',
    'not a url',
    '//evil.example/model.json',
    '/\\evil.example',
    ''
  ];
  it.each(hostile)('refuses %j without fetching it', async (url) => {
    const requested: string[] = [];
    const error = await codeOf(readArtifactsFromUrl(url, undefined, fakeFetch({}, requested)));
    expect(error.code).toBe('fetch-failed');
    expect(error.message.length).toBeGreaterThan(10);
    expect(requested).toEqual([]);
  });

  it('accepts same-origin paths', () => {
    expect(resolveModelUrl('/models/tiny/model.json')).toBe('/models/tiny/model.json');
    expect(resolveModelUrl('models/tiny/model.json')).toBe('/models/tiny/model.json');
  });

  it('reports HTTP errors with the status and URL', async () => {
    const error = await codeOf(readArtifactsFromUrl('https://x.org/missing/model.json', undefined, fakeFetch({})));
    expect(error.code).toBe('fetch-failed');
    expect(error.message).toBe('HTTP 404 for https://x.org/missing/model.json');
  });

  it('explains unreachable servers (offline or CORS)', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const error = await codeOf(readArtifactsFromUrl('https://x.org/model.json', undefined, offline));
    expect(error.code).toBe('fetch-failed');
    expect(error.message).toMatch(/Could not reach https:\/\/x\.org\/model\.json.*offline.*CORS/);
  });

  it('says when the URL does not serve JSON', async () => {
    const html = fakeFetch({ 'https://x.org/page': { body: '<!DOCTYPE html><html>…' } });
    const error = await codeOf(readArtifactsFromUrl('https://x.org/page', undefined, html));
    expect(error.code).toBe('not-json');
    expect(error.message).toContain('<!DOCTYPE html>');
  });

  it('reports a missing shard URL and a truncated shard', async () => {
    const base = 'https://x.org/tiny/';
    const routes = tinyRoutes(base);
    delete routes[`${base}weights/part2.bin`];
    const missing = await codeOf(readArtifactsFromUrl(`${base}model.json`, undefined, fakeFetch(routes)));
    expect(missing.code).toBe('fetch-failed');
    expect(missing.message).toBe(`HTTP 404 for ${base}weights/part2.bin`);

    const cut = tinyRoutes(base);
    cut[`${base}weights/part2.bin`] = { body: tiny.shards['part2.bin'].slice(0, 4) };
    const truncated = await codeOf(readArtifactsFromUrl(`${base}model.json`, undefined, fakeFetch(cut)));
    expect(truncated.code).toBe('truncated-shard');
  });
});
