/**
 * Limits before reading a model: the size limit and the free storage are checked before the weight
 * files are read or downloaded; downloads stop past the limit (with or without a Content-Length), after
 * an idle timeout, and on Cancel. Fake fetch with ReadableStream bodies; no network.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { storableBytes } from '../../src/lib/limits/model-room';
import { MiB } from '../../src/lib/limits/sizes';
import { readArtifactsFromFiles } from '../../src/lib/models/artifacts';
import { readArtifactsFromUrl } from '../../src/lib/models/url-artifacts';
import { ModelInputError } from '../../src/lib/protocol';

/** A model.json (valid for the checks that run before the weights) with one group of `paths`. */
function modelJson(paths: string[], weights: { name: string; shape: number[]; dtype: string }[]): string {
  return JSON.stringify({
    format: 'layers-model',
    modelTopology: { class_name: 'Sequential', config: { layers: [] } },
    weightsManifest: [{ paths, weights }]
  });
}
/** Weights whose byte size the manifest cannot tell (string dtype): only the bytes received can. */
const UNKNOWN_SIZE = [{ name: 'w', shape: [4], dtype: 'string' }];

/** A File that records whether anything read it, with the size it claims (no memory behind it). */
function watchedFile(name: string, size: number, reads: string[]): File {
  const file = new File([new Uint8Array(8)], name);
  Object.defineProperty(file, 'size', { value: size });
  for (const method of ['arrayBuffer', 'text', 'stream', 'bytes'] as const) {
    Object.defineProperty(file, method, {
      value: () => {
        reads.push(`${name}.${method}`);
        throw new Error(`${name} was read`);
      }
    });
  }
  return file;
}

async function rejection(promise: Promise<unknown>): Promise<ModelInputError> {
  const error = await promise.then(
    () => new Error('resolved'),
    (e) => e
  );
  expect(error).toBeInstanceOf(ModelInputError);
  return error;
}

describe('model files: checked by File.size before a weight file is read', () => {
  it('refuses a model over the 500 MB limit, naming its size', async () => {
    const reads: string[] = [];
    const files = [
      new File([modelJson(['a.bin', 'b.bin'], UNKNOWN_SIZE)], 'model.json'),
      watchedFile('a.bin', 300 * MiB, reads),
      watchedFile('b.bin', 300 * MiB, reads)
    ];
    const error = await rejection(readArtifactsFromFiles(files, { storage: async () => null }));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('The model model.json is 600 MB; the limit is 500 MB. Nothing was stored.');
    expect(reads).toEqual([]);
  });

  it('refuses a model the free storage cannot hold, naming both sizes', async () => {
    const reads: string[] = [];
    const files = [new File([modelJson(['a.bin'], UNKNOWN_SIZE)], 'model.json'), watchedFile('a.bin', 40 * MiB, reads)];
    const storage = async () => ({ usageBytes: 970 * MiB, quotaBytes: 1000 * MiB });
    const error = await rejection(readArtifactsFromFiles(files, { storage }));
    expect(error.code).toBe('quota-exceeded');
    expect(error.message).toMatch(/^The model model.json needs 40 MB of storage, and 16 MB to spare, but only 30 MB is free for this site \(970 MB used of 1000 MB\)/);
    expect(reads).toEqual([]);
  });

  it('keeps headroom: a model fits only with 10 % (at least 16 MB) to spare', () => {
    expect(storableBytes({ usageBytes: 0, quotaBytes: 100 * MiB })).toBe(84 * MiB);
    expect(storableBytes({ usageBytes: 0, quotaBytes: 1100 * MiB })).toBeCloseTo(1000 * MiB, -1);
    expect(storableBytes({ usageBytes: 100 * MiB, quotaBytes: 90 * MiB })).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

interface Served {
  body: ReadableStream<Uint8Array> | string;
  headers?: Record<string, string>;
}

/** A fetch over `routes`; records each request and the signal it was given. */
function fakeFetch(routes: Record<string, () => Served | Promise<Served>>, log: { url: string; signal?: AbortSignal }[] = []) {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    log.push({ url, signal: init?.signal ?? undefined });
    const route = routes[url];
    if (!route) return new Response('not found', { status: 404 });
    const served = await route();
    return new Response(served.body, { headers: served.headers });
  }) as typeof fetch;
}

/** A body handing out `chunk`-byte pieces on demand, `total` bytes in all (Infinity: endless); counts pulls. */
function trickle(total: number, chunk: number, onPull: (pulls: number) => void = () => {}) {
  const state = { pulls: 0, cancelled: false };
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        onPull(++state.pulls);
        if (sent >= total) return controller.close();
        const n = Math.min(chunk, total - sent);
        sent += n;
        controller.enqueue(new Uint8Array(n));
      },
      cancel() {
        state.cancelled = true;
      }
    },
    { highWaterMark: 0 }
  );
  return { stream, state };
}

/** A body that sends `first` bytes and then nothing, ever. */
function stalling(first: number) {
  let sent = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!sent) controller.enqueue(new Uint8Array(first));
        sent = true;
        return new Promise(() => {});
      }
    },
    { highWaterMark: 0 }
  );
}

const BASE = 'https://models.example/big/';
const noStorage = { storage: async () => null };

describe('URL downloads: limits checked before and while downloading', () => {
  it('refuses a model whose manifest declares more than the limit, before fetching a shard', async () => {
    const log: { url: string }[] = [];
    const json = modelJson(['w.bin'], [{ name: 'w', shape: [200_000_000], dtype: 'float32' }]);
    const fetchImpl = fakeFetch({ [`${BASE}model.json`]: () => ({ body: json }) }, log);
    const error = await rejection(readArtifactsFromUrl(`${BASE}model.json`, undefined, fetchImpl, noStorage));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('This model is 763 MB; the limit is 500 MB. Nothing was stored.');
    expect(log.map((r) => r.url)).toEqual([`${BASE}model.json`]);
  });

  it('stops at a Content-Length over the limit without reading the body', async () => {
    const body = trickle(50_000, 1024);
    const fetchImpl = fakeFetch({
      [`${BASE}model.json`]: () => ({ body: modelJson(['w.bin'], UNKNOWN_SIZE) }),
      [`${BASE}w.bin`]: () => ({ body: body.stream, headers: { 'content-length': String(640 * MiB) } })
    });
    const error = await rejection(readArtifactsFromUrl(`${BASE}model.json`, undefined, fetchImpl, noStorage));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/^This model is 640 MB; the limit is 500 MB/);
    expect(body.state.pulls).toBe(0);
  });

  it('stops a download past the limit without a Content-Length, summing several shards as they come', async () => {
    const shards = [trickle(40_000, 100), trickle(40_000, 100)];
    const fetchImpl = fakeFetch({
      [`${BASE}model.json`]: () => ({ body: modelJson(['a.bin', 'b.bin'], UNKNOWN_SIZE) }),
      [`${BASE}a.bin`]: () => ({ body: shards[0].stream }),
      [`${BASE}b.bin`]: () => ({ body: shards[1].stream })
    });
    const limits = { ...noStorage, maxBytes: 5000 };
    const error = await rejection(readArtifactsFromUrl(`${BASE}model.json`, undefined, fetchImpl, limits));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/^This model is more than 5 KB; the limit is 5 KB/);
    // Stopped near the limit (~50 pieces), not after the 800 pieces of both shards.
    expect(shards[0].state.pulls + shards[1].state.pulls).toBeLessThan(60);
    expect(shards.every((s) => s.state.cancelled)).toBe(true);
  });

  it('stops when the free storage runs out, naming both sizes', async () => {
    const fetchImpl = fakeFetch({
      [`${BASE}model.json`]: () => ({ body: modelJson(['w.bin'], [{ name: 'w', shape: [10 * 262_144], dtype: 'float32' }]) })
    });
    const storage = async () => ({ usageBytes: 80 * MiB, quotaBytes: 100 * MiB });
    const error = await rejection(readArtifactsFromUrl(`${BASE}model.json`, undefined, fetchImpl, { storage }));
    expect(error.code).toBe('quota-exceeded');
    expect(error.message).toMatch(/^This model needs 10 MB of storage, and 16 MB to spare, but only 20 MB is free for this site/);
  });

  describe('idle timeout (fake timers)', () => {
    afterEach(() => vi.useRealTimers());

    it.each([
      ['a body that stops sending', () => ({ body: stalling(100) })],
      ['a server that never answers', () => new Promise<Served>(() => {})]
    ])('gives up on %s after 30 s without a byte', async (_, shard) => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        const log: { url: string; signal?: AbortSignal }[] = [];
        const fetchImpl = fakeFetch(
          { [`${BASE}model.json`]: () => ({ body: modelJson(['w.bin'], UNKNOWN_SIZE) }), [`${BASE}w.bin`]: shard },
          log
        );
        let settled: unknown = null;
        const reading = readArtifactsFromUrl(`${BASE}model.json`, undefined, fetchImpl, noStorage).then(
          () => (settled = 'resolved'),
          (e) => (settled = e)
        );
        await vi.advanceTimersByTimeAsync(29_000);
        expect(settled).toBeNull();
        await vi.advanceTimersByTimeAsync(1_500);
        await reading;
        expect(settled).toBeInstanceOf(ModelInputError);
        expect((settled as ModelInputError).code).toBe('download-timeout');
        expect((settled as ModelInputError).message).toBe(
          'The download from models.example stopped: nothing arrived for 30 s. Check the connection and try again. Nothing was stored.'
        );
        expect(log.at(-1)?.signal?.aborted).toBe(true);
      } finally {
        vi.useRealTimers();
      }
    });
  });

  it('cancels mid-download: the transfer is aborted and the read rejects with "cancelled"', async () => {
    const cancel = new AbortController();
    // The user presses Cancel while the shard is arriving (its 5th piece).
    const body = trickle(20_000, 100, (pulls) => pulls === 5 && cancel.abort());
    const log: { url: string; signal?: AbortSignal }[] = [];
    const fetchImpl = fakeFetch(
      { [`${BASE}model.json`]: () => ({ body: modelJson(['w.bin'], UNKNOWN_SIZE) }), [`${BASE}w.bin`]: () => ({ body: body.stream }) },
      log
    );
    const error = await rejection(
      readArtifactsFromUrl(`${BASE}model.json`, undefined, fetchImpl, { ...noStorage, signal: cancel.signal })
    );
    expect(error.code).toBe('cancelled');
    expect(error.message).toBe('The download was cancelled. Nothing was stored.');
    expect(body.state.cancelled).toBe(true);
    expect(body.state.pulls).toBeLessThan(10);
    expect(log.find((r) => r.url.endsWith('w.bin'))?.signal?.aborted).toBe(true);
  });
});
