/**
 * The import worker's API under the limits: Cancel (cancelImport) stops a URL download in flight, a
 * model over the limit or the free storage is refused, and none of it touches what is stored (the
 * weights store and the model list); the host stays usable for the next import.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MiB } from '../../src/lib/limits/sizes';
import { readArtifactsFromUrl } from '../../src/lib/models/url-artifacts';
import { listModels, putModel } from '../../src/lib/models/store';
import { createModelHost, type WeightStore } from '../../src/lib/workers/host';
import { errorCode } from '../../src/lib/protocol';
import { testMeta } from '../helpers/meta';

/** Weights kept in memory; records every save and removal. */
function memoryStore() {
  const saved = new Map<string, tf.io.ModelArtifacts>();
  const calls: string[] = [];
  const store: WeightStore = {
    async save(id, artifacts) {
      calls.push(`save ${id}`);
      saved.set(id, artifacts);
    },
    async remove(id) {
      calls.push(`remove ${id}`);
      saved.delete(id);
    },
    source: (id) => tf.io.fromMemory(saved.get(id)!)
  };
  return { store, saved, calls };
}

/** A tiny real classifier's model.json and weights (8x8 RGB in, 3 classes). */
async function tinyModel(): Promise<{ json: string; weights: Uint8Array }> {
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [8, 8, 3] }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: {} as never })));
  model.dispose();
  const json = { format: 'layers-model', modelTopology: saved!.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: saved!.weightSpecs }] };
  return { json: JSON.stringify(json), weights: new Uint8Array(saved!.weightData as ArrayBuffer) };
}

const BASE = 'https://models.example/tiny/';
let tiny: { json: string; weights: Uint8Array };
beforeAll(async () => {
  await tf.setBackend('cpu');
  tiny = await tinyModel();
});

/** Serves the tiny model; with `hold`, the weights arrive in 8-byte pieces, one per `release()` call. */
function server() {
  let waiting: (() => void) | null = null;
  let hold = false;
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const url = String(input);
    if (url === `${BASE}model.json`) return new Response(tiny.json);
    if (url !== `${BASE}w.bin`) return new Response('', { status: 404 });
    let offset = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (hold) await new Promise<void>((r) => (waiting = r));
          if (offset >= tiny.weights.byteLength) return controller.close();
          controller.enqueue(tiny.weights.slice(offset, (offset += 8)));
        }
      },
      { highWaterMark: 0 }
    );
    return new Response(body);
  }) as typeof fetch;
  return {
    fetchImpl,
    holdBack: (on: boolean) => (hold = on),
    /** Resolves once the download waits for the next piece. */
    async waitingForPiece() {
      while (!waiting) await new Promise((r) => setTimeout(r, 1));
    },
    release() {
      const w = waiting;
      waiting = null;
      w?.();
    }
  };
}

/** A model host that downloads from the fake server, with in-memory weights and the given free storage. */
function hostWith(storage: () => Promise<{ usageBytes: number; quotaBytes: number } | null>) {
  const weights = memoryStore();
  const srv = server();
  const host = createModelHost({
    store: weights.store,
    readUrl: (url, onProgress, limits) => readArtifactsFromUrl(url, onProgress, srv.fetchImpl, limits),
    limits: { storage }
  });
  return { weights, srv, host };
}

describe('the import worker API under the limits', () => {
  it('cancelImport stops a download in flight; nothing stored changes and the next import works', async () => {
    const stored = testMeta({ id: 'kept', name: 'Kept model' });
    await putModel(stored);
    const before = await listModels();
    const { weights, srv, host } = hostWith(async () => null);

    srv.holdBack(true);
    const importing = host.analyseUrl(`${BASE}model.json`).catch((e: Error) => e);
    await srv.waitingForPiece();
    srv.release(); // one piece arrives
    await srv.waitingForPiece();
    await host.cancelImport();
    const error = await importing;
    expect(error).toBeInstanceOf(Error);
    expect(errorCode((error as Error).message)).toBe('cancelled');
    expect((error as Error).message).toBe('[cancelled] The download was cancelled. Nothing was stored.');
    // Nothing half-downloaded can be saved, and the stored model list and weights are as they were.
    await expect(host.saveAnalysed(testMeta({ id: 'half' }))).rejects.toThrow(/Nothing to save/);
    expect(weights.calls).toEqual([]);
    expect(await listModels()).toEqual(before);

    srv.holdBack(false);
    srv.release();
    const analysis = await host.analyseUrl(`${BASE}model.json`);
    expect(analysis.numOutputs).toBe(3);
  });

  it('refuses a download the free storage cannot hold, and stores nothing', async () => {
    const before = await listModels();
    const { weights, srv, host } = hostWith(async () => ({ usageBytes: 995 * MiB, quotaBytes: 1000 * MiB }));
    const error = await host.analyseUrl(`${BASE}model.json`).catch((e: Error) => e);
    expect(errorCode((error as Error).message)).toBe('quota-exceeded');
    expect((error as Error).message).toMatch(/^\[quota-exceeded\] This model needs more than \d+ KB of storage, and 16 MB to spare, but only 5 MB is free for this site/);
    expect(weights.calls).toEqual([]);
    expect(await listModels()).toEqual(before);
  });
});
