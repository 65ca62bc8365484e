/**
 * The bundled models (static/models): what the app ships, and how they are installed at start — a
 * removed one stays removed (a stored record of the removal) until "Restore bundled models", and a
 * newer version under the same id replaces the stored one. Real store (fake-indexeddb), real
 * ModelsController, fake import worker and model workers.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadBundledIndex, missingBundled, planBundledInstall, type BundledModel } from '../../src/lib/models/bundled';
import { closeModelStore, listModels, readRemovedBundled, removeModel } from '../../src/lib/models/store';
import type { ModelAnalysis, ModelMeta } from '../../src/lib/protocol';
import { browserBundledDeps, installBundledModels, restoreBundledModels, type BundledDeps } from '../../src/lib/pipeline/bundled-install';
import { browserModelStorage, ModelsController } from '../../src/lib/pipeline/models-controller.svelte';
import { CaptureHub } from '../../src/lib/scene/capture-hub';
import { fakeWorker } from '../helpers/fake-worker';
import { testMeta } from '../helpers/meta';

const STATIC_MODELS = resolve(import.meta.dirname, '../../static/models');
const LABELS = ['cat', 'dog'];

const entry = (id: string, version = 1, extra: Partial<BundledModel> = {}): BundledModel => ({
  id,
  version,
  name: `Bundled ${id}`,
  url: `${id}/model.json`,
  labels: 'labels.json',
  meta: { preprocess: { kind: 'range01' } },
  ...extra
});

/** What the fake import worker "finds" in any model.json: a small two-class model. */
const inspection = (): ModelAnalysis => {
  const { id: _id, source: _source, addedAt: _addedAt, ...suggested } = testMeta();
  return { format: 'layers', inputShape: [-1, 8, 8, 3], numOutputs: 2, endsInSoftmax: true, sizeBytes: 10, suggested, notes: [] };
};

/** Browser dependencies with an index the test sets, and a record of what the import worker was asked. */
function fakeDeps(index: () => BundledModel[], { failing = new Set<string>() } = {}) {
  const calls = { inspected: [] as string[], saved: [] as ModelMeta[] };
  const deps: BundledDeps = {
    ...browserBundledDeps,
    loadIndex: async () => index(),
    fetchLabels: async () => LABELS,
    resolve: (path) => `http://app.test/models/${path}`,
    startImporter: () => ({
      host: {
        analyseUrl: async (url: string) => {
          calls.inspected.push(url);
          if ([...failing].some((id) => url.includes(`/${id}/`))) throw new Error('the shard is truncated');
          return inspection();
        },
        saveAnalysed: async (meta: ModelMeta) => void calls.saved.push(meta)
      },
      dispose: () => {}
    })
  };
  return { deps, calls };
}

/** A start of the app: a new controller reads the store (weights are not stored by the fake importer). */
async function start() {
  const c = new ModelsController(new CaptureHub(), () => fakeWorker().handle, {
    ...browserModelStorage,
    weightsCommitted: async () => true,
    removeWeights: async () => {},
    forget: (id) => removeModel(id, async () => {})
  });
  await c.init();
  return c;
}

const running = (c: ModelsController) => c.runners.map((r) => r.meta.id);

beforeEach(async () => {
  await closeModelStore();
  globalThis.indexedDB = new IDBFactory();
});

describe('what the app ships (static/models)', () => {
  it('lists the two MobileNets, each with a version and files that exist, and labels for its outputs', async () => {
    const fetchFile = (async (url: string) => {
      const path = join(STATIC_MODELS, url.replace(/^\/models\//, ''));
      return existsSync(path) ? new Response(readFileSync(path)) : new Response('', { status: 404 });
    }) as typeof fetch;
    const index = await loadBundledIndex(fetchFile);
    expect(index.map((b) => b.id)).toEqual(['bundled-mobilenet-v1-0-25-tfhub', 'bundled-mobilenet-v1-0-75']);
    const labels = JSON.parse(readFileSync(join(STATIC_MODELS, 'imagenet-labels.json'), 'utf8')) as string[];
    expect(labels).toHaveLength(1000);
    for (const b of index) {
      expect(b.version).toBeGreaterThanOrEqual(1);
      const modelJson = JSON.parse(readFileSync(join(STATIC_MODELS, b.url), 'utf8'));
      for (const group of modelJson.weightsManifest) {
        for (const shard of group.paths) expect(existsSync(join(STATIC_MODELS, dirname(b.url), shard)), `${b.url}: ${shard}`).toBe(true);
      }
      expect(b.labels).toBe('imagenet-labels.json');
    }
    // Two conventions side by side: Keras [-1, 1] softmax, and TF-Hub [0, 1] logits with a background class.
    const [captureHub, keras] = index;
    expect(captureHub.meta).toMatchObject({ preprocess: { kind: 'range01' }, outputKind: 'logits', classOffset: 1 });
    expect(keras.meta).toMatchObject({ preprocess: { kind: 'range11' }, outputKind: 'probabilities', classOffset: 0 });
    expect(existsSync(join(STATIC_MODELS, 'NOTICE'))).toBe(true);
  });

  it('leaves out index entries that are not well-formed', async () => {
    const body = { models: [entry('ok'), { id: 'no-version', name: 'x', url: 'x/model.json' }, { id: 'no-url', name: 'y', version: 1 }, null] };
    const index = await loadBundledIndex((async () => new Response(JSON.stringify(body))) as unknown as typeof fetch);
    expect(index.map((b) => b.id)).toEqual(['ok']);
  });
});

describe('planBundledInstall', () => {
  const bundledMeta = (id: string, version?: number) => testMeta({ id, source: { kind: 'bundled', url: `/models/${id}/model.json`, version } });

  it('installs what is not stored, except what the user removed', () => {
    const plan = planBundledInstall([entry('a'), entry('b')], [], new Set(['b']));
    expect(plan.install.map((b) => b.id)).toEqual(['a']);
    expect(plan.replace).toEqual([]);
  });

  it('replaces a stored copy of an older version, keeps the same or a newer one', () => {
    const plan = planBundledInstall([entry('a', 2), entry('b', 2), entry('c', 2)], [bundledMeta('a', 1), bundledMeta('b', 2), bundledMeta('c', 3)], new Set());
    expect(plan.replace.map((b) => b.id)).toEqual(['a']);
    expect(plan.install).toEqual([]);
  });

  it("leaves a user's own model under a bundled id alone", () => {
    const plan = planBundledInstall([entry('a', 5)], [testMeta({ id: 'a' })], new Set());
    expect(plan).toEqual({ install: [], replace: [] });
  });

  it('missingBundled: the bundled models that are not running', () => {
    expect(missingBundled([entry('a'), entry('b')], ['b', 'user-model']).map((b) => b.id)).toEqual(['a']);
  });
});

describe('installBundledModels at start', () => {
  it('a first start installs every bundled model, stored with its version and labels, and runs them', async () => {
    const { deps, calls } = fakeDeps(() => [entry('a'), entry('b')]);
    const c = await start();
    const index = await installBundledModels(c, deps);
    expect(index.map((b) => b.id)).toEqual(['a', 'b']);
    expect(running(c)).toEqual(['a', 'b']);
    expect(calls.inspected).toEqual(['http://app.test/models/a/model.json', 'http://app.test/models/b/model.json']);
    const stored = await listModels();
    expect(stored.map((m) => [m.id, m.name, m.source])).toEqual([
      ['a', 'Bundled a', { kind: 'bundled', url: 'http://app.test/models/a/model.json', version: 1 }],
      ['b', 'Bundled b', { kind: 'bundled', url: 'http://app.test/models/b/model.json', version: 1 }]
    ]);
    expect(stored[0].labels).toEqual(LABELS);
    expect(stored[0].preprocess).toEqual({ kind: 'range01' }); // the index's metadata wins over inspection's guess

    // The next start finds them stored: nothing is downloaded again.
    calls.inspected.length = 0;
    const again = await start();
    await installBundledModels(again, deps);
    expect(running(again)).toEqual(['a', 'b']);
    expect(calls.inspected).toEqual([]);
  });

  it('a removed bundled model stays removed at the next start; "Restore bundled models" brings it back', async () => {
    const { deps } = fakeDeps(() => [entry('a'), entry('b')]);
    const first = await start();
    await installBundledModels(first, deps);
    await first.remove('a');
    expect(running(first)).toEqual(['b']);
    expect([...(await readRemovedBundled())]).toEqual(['a']);

    const next = await start();
    await installBundledModels(next, deps);
    expect(running(next)).toEqual(['b']);
    expect((await listModels()).map((m) => m.id)).toEqual(['b']);

    await restoreBundledModels(next, deps);
    expect(running(next).sort()).toEqual(['a', 'b']);
    expect([...(await readRemovedBundled())]).toEqual([]);
    const after = await start();
    await installBundledModels(after, deps);
    expect(running(after).sort()).toEqual(['a', 'b']);
  });

  it("removing a user's own model records nothing", async () => {
    const { deps } = fakeDeps(() => [entry('a')]);
    const c = await start();
    await installBundledModels(c, deps);
    await browserModelStorage.put(testMeta({ id: 'mine', addedAt: Date.now() + 1 }));
    const next = await start();
    await next.remove('mine');
    expect([...(await readRemovedBundled())]).toEqual([]);
  });

  it('a newer version under the same id replaces the stored one, keeping the backend the user chose', async () => {
    let version = 1;
    const { deps, calls } = fakeDeps(() => [entry('a', version), entry('b', 1)]);
    const first = await start();
    await installBundledModels(first, deps);
    await first.setBackend('a', 'cpu');

    version = 2; // an update of the app ships new files for "a"
    calls.saved.length = 0;
    const next = await start();
    expect(next.runners.find((r) => r.meta.id === 'a')!.meta.source).toMatchObject({ version: 1 });
    await installBundledModels(next, deps);
    expect(calls.saved.map((m) => m.id)).toEqual(['a']);
    const a = next.runners.filter((r) => r.meta.id === 'a');
    expect(a).toHaveLength(1);
    expect(a[0].meta.source).toEqual({ kind: 'bundled', url: 'http://app.test/models/a/model.json', version: 2 });
    expect(a[0].meta.backend).toBe('cpu');
    const stored = await listModels();
    expect(stored.map((m) => m.id)).toEqual(['a', 'b']); // the same place in the list
    expect(stored[0].source).toMatchObject({ version: 2 });
    expect(stored[0].measured).toBeUndefined();
  });

  it('a bundled model that fails to install is reported; the others are installed', async () => {
    const { deps } = fakeDeps(() => [entry('a'), entry('b')], { failing: new Set(['a']) });
    const c = await start();
    await installBundledModels(c, deps);
    expect(running(c)).toEqual(['b']);
    expect(c.error).toBe('Could not install the bundled model "Bundled a": the shard is truncated');
    // Not a removal: the next start tries again.
    expect([...(await readRemovedBundled())]).toEqual([]);
  });

  it('without an index (offline before the first caching) nothing is installed and nothing fails', async () => {
    const { deps } = fakeDeps(() => {
      throw new Error('Failed to fetch');
    });
    const c = await start();
    expect(await installBundledModels(c, deps)).toEqual([]);
    expect(running(c)).toEqual([]);
    expect(c.error).toBeNull();
  });
});
