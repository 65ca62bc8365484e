/**
 * Reading a TF.js model from a URL (model.json + weight shards over http(s); tfhub.dev pages resolved
 * to their model.json): checked against the size limit and the free storage before and while it
 * downloads, with an idle timeout and Cancel (ModelDownload).
 */
import { checkModelRoom, modelByteBudget, noRoomError, tooLargeError, type StorageSpace } from '../limits/model-room';
import { DOWNLOAD_IDLE_TIMEOUT_MS, MODEL_MAX_BYTES } from '../limits/sizes';
import { checkModelJson, concat, spaceFor, sum, toArtifacts, type ReadArtifacts, type ReadLimits } from './artifacts';
import { ModelDownload, fetchFailed } from './download';
import { ModelInputError } from '$lib/protocol';
import { checkGroupBytes, expectedGroupBytes, type ManifestGroup } from './validate';

const TFHUB_HOSTS = new Set(['tfhub.dev', 'www.tfhub.dev']);


/**
 * Turns what the user typed into the model.json URL to fetch: http(s) URLs or same-origin paths only.
 * TF-Hub model pages get `/model.json?tfjs-format=file` appended, as tfjs-converter's
 * `loadGraphModel(url, { fromTFHub: true })` does.
 */
export function resolveModelUrl(input: string): string {
  const text = input.trim();
  if (text === '') fetchFailed('Enter the URL of a model.json.');
  if (/[\s\\\u0000-\u001f]/.test(text)) fetchFailed(`"${text.slice(0, 80)}" is not a valid URL.`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      fetchFailed(`"${text.slice(0, 80)}" is not a valid URL.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      fetchFailed(`Only http:// and https:// URLs can be imported, not ${url.protocol}`);
    }
    if (TFHUB_HOSTS.has(url.hostname) && !/\.json$/i.test(url.pathname)) {
      const base = text.split(/[?#]/)[0];
      return `${base.endsWith('/') ? base : base + '/'}model.json?tfjs-format=file`;
    }
    return text;
  }
  if (text.startsWith('//')) fetchFailed(`"${text.slice(0, 80)}": give a full https:// URL for another site.`);
  if (!/^[\w\-./~%]+(\?[\w\-./~%=&+]*)?$/.test(text)) fetchFailed(`"${text.slice(0, 80)}" is not a valid URL.`);
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  const path = text.startsWith('/') ? text : '/' + text.replace(/^\.\//, '');
  // Resolved against the app's origin, not the worker script's URL.
  return origin && origin !== 'null' ? new URL(path, origin + '/').href : path;
}

/** Like tfjs-core's http handler: shard URLs are the model.json's folder + path + its query string. */
function shardUrl(modelUrl: string, path: string): string {
  const lastSlash = modelUrl.lastIndexOf('/');
  const lastQuery = modelUrl.lastIndexOf('?');
  const prefix = modelUrl.substring(0, lastSlash + 1);
  const suffix = lastQuery > lastSlash ? modelUrl.substring(lastQuery) : '';
  return prefix + path + suffix;
}

/**
 * Fetches model.json then its shards (4 at a time), reporting progress 0..1 by bytes. The download is
 * held to the size limit and the free storage (by the sizes the manifest declares before any shard is
 * fetched, by each Content-Length, and by the bytes received), to an idle timeout and to `limits.signal`.
 */
export async function readArtifactsFromUrl(
  url: string,
  onProgress?: (fraction: number) => void,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
  limits: ReadLimits = {}
): Promise<ReadArtifacts> {
  const modelUrl = resolveModelUrl(url);
  const space = await spaceFor(limits);
  const maxBytes = limits.maxBytes ?? MODEL_MAX_BYTES;
  const download = new ModelDownload({
    budgetBytes: modelByteBudget(space, maxBytes),
    overBudget: (bytes, atLeast) =>
      bytes > maxBytes ? tooLargeError(bytes, maxBytes, 'This model', atLeast) : noRoomError(bytes, space!, 'This model', atLeast),
    idleTimeoutMs: limits.idleTimeoutMs ?? DOWNLOAD_IDLE_TIMEOUT_MS,
    signal: limits.signal,
    fetchImpl
  });
  try {
    return await downloadModel(url, modelUrl, download, space, maxBytes, onProgress);
  } finally {
    download.finish();
  }
}

async function downloadModel(
  url: string,
  modelUrl: string,
  download: ModelDownload,
  space: StorageSpace | null,
  maxBytes: number,
  onProgress?: (fraction: number) => void
): Promise<ReadArtifacts> {
  const response = await download.fetch(modelUrl);
  const text = new TextDecoder().decode(await download.read(response, modelUrl));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const start = text.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    throw new ModelInputError(
      `The file at ${modelUrl} is not JSON (it starts with "${start}"): give the address of a model.json.`,
      'not-json'
    );
  }
  const json = checkModelJson(parsed, `The model.json at ${modelUrl}`);

  const groups: ManifestGroup[] = json.weightsManifest;
  const shards = groups.flatMap((g, group) => g.paths.map((path) => ({ group, url: shardUrl(modelUrl, path) })));
  const expected = groups.map((g) => expectedGroupBytes(g.weights));
  const totalBytes = expected.every((b) => b !== null) ? expected.reduce<number>((a, b) => a + b!, 0) : null;
  // The manifest tells the weights' size: refuse before fetching a shard when it cannot fit.
  if (totalBytes !== null) checkModelRoom(download.receivedBytes + totalBytes, space, 'This model', maxBytes);

  let receivedBytes = 0;
  let finishedShards = 0;
  let reported = -1;
  const report = () => {
    const raw = totalBytes ? receivedBytes / totalBytes : shards.length ? finishedShards / shards.length : 1;
    const fraction = Math.min(1, raw);
    if (fraction > reported) {
      reported = fraction;
      onProgress?.(fraction);
    }
  };
  report();

  const bodies: Uint8Array[] = new Array(shards.length);
  let next = 0;
  const worker = async () => {
    while (next < shards.length) {
      const index = next++;
      const shard = shards[index];
      const res = await download.fetch(shard.url);
      bodies[index] = await download.read(res, shard.url, (n) => {
        receivedBytes += n;
        report();
      });
      finishedShards++;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, shards.length) }, worker));

  groups.forEach((g, group) => {
    const bytes = sum(bodies.filter((_, i) => shards[i].group === group));
    checkGroupBytes(g, bytes, `from ${shardUrl(modelUrl, '')}`);
  });
  const weightData = concat(bodies);
  if (reported < 1) onProgress?.(1);
  return { artifacts: toArtifacts(json, weightData), fileNames: [url], sizeBytes: weightData.byteLength };
}
