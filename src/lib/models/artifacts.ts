/**
 * Reading a TF.js model (model.json + weight shards [+ labels]) from picked files or from a URL
 * into in-memory `tf.io.ModelArtifacts`, with errors a user can act on.
 * Runs in a worker and in Node (no DOM needed).
 */
import * as tf from '@tensorflow/tfjs';
import { checkModelRoom, modelByteBudget, noRoomError, tooLargeError, type StorageSpace } from '../limits/model-room';
import { DOWNLOAD_IDLE_TIMEOUT_MS, MODEL_MAX_BYTES } from '../limits/sizes';
import { ModelDownload } from './download';
import { isLabelsJson, parseLabels, parseLabelsText } from './labels';
import { storageEstimate } from './store';
import { ModelInputError } from './types';
import { checkGroupBytes, expectedGroupBytes, validateModelJson, type ManifestGroup } from './validate';

export interface ReadArtifacts {
  artifacts: tf.io.ModelArtifacts;
  labels?: string[];
  /** Names of the files used, or `[url]`. */
  fileNames: string[];
  /** Bytes of weights. */
  sizeBytes: number;
}

type ModelJson = tf.io.ModelJSON;

/** The limits a read is held to (defaults: ../limits/sizes and navigator.storage.estimate). */
export interface ReadLimits {
  /** Largest model (model.json + weights) in bytes. */
  maxBytes?: number;
  /** The storage the site has and uses; null: unknown (no storage check). */
  storage?: () => Promise<StorageSpace | null>;
  /** Downloads: stop when no byte arrived for this long. */
  idleTimeoutMs?: number;
  /** Downloads: the user's cancel. */
  signal?: AbortSignal;
}

async function spaceFor(limits: ReadLimits): Promise<StorageSpace | null> {
  return (await (limits.storage ?? storageEstimate)().catch(() => null)) ?? null;
}

const MAX_JSON_BYTES = 256 * 1024 * 1024;

function basename(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function concat(buffers: Uint8Array[]): ArrayBuffer {
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

function toArtifacts(json: ModelJson, weightData: ArrayBuffer): tf.io.ModelArtifacts {
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  return tf.io.getModelArtifactsForJSONSync(json, weightSpecs, weightData);
}

/** Validates a parsed model.json, naming where it came from in the error. */
function checkModelJson(json: unknown, source: string): ModelJson {
  try {
    validateModelJson(json);
  } catch (e) {
    if (e instanceof ModelInputError) {
      throw new ModelInputError(e.message.replace('The model.json', `${source}`), e.code);
    }
    throw e;
  }
  return json as ModelJson;
}

function listNames(names: string[], max = 6): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

// ---------------------------------------------------------------------------------------------
// Files

/** Reads a file's text when it looks like JSON (first non-blank character `{` or `[`), else null. */
async function sniffJsonText(file: File): Promise<string | null> {
  if (file.size === 0 || file.size > MAX_JSON_BYTES) return null;
  const head = new TextDecoder().decode(await file.slice(0, 64).arrayBuffer());
  const first = head.replace(/^\uFEFF/, '').trimStart()[0];
  if (first !== '{' && first !== '[') return null;
  return (await file.text()).replace(/^\uFEFF/, '');
}

function isLabelsTextName(name: string): boolean {
  return /\.txt$/i.test(name) && /label|class/i.test(name);
}

/**
 * Reads model.json (found by content, any name), its shards (matched by base name) and optional labels.
 * Only JSON files are read to find model.json; the shards are read once their sizes (File.size) are
 * known to fit the size limit and the free storage.
 */
export async function readArtifactsFromFiles(files: File[], limits: ReadLimits = {}): Promise<ReadArtifacts> {
  const parsed: { file: File; json: unknown }[] = [];
  const unparsable: { file: File; error: string }[] = [];
  let labels: string[] | undefined;
  for (const file of files) {
    const text = await sniffJsonText(file);
    if (text !== null) {
      try {
        parsed.push({ file, json: JSON.parse(text) });
      } catch (e) {
        unparsable.push({ file, error: (e as Error).message });
      }
    } else if (/\.json$/i.test(file.name)) {
      unparsable.push({ file, error: 'it does not start with "{" or "["' });
    } else if (labels === undefined && isLabelsTextName(file.name)) {
      labels = parseLabelsText(await file.text());
    }
  }

  const models = parsed.filter(
    ({ json }) => json !== null && typeof json === 'object' && ('modelTopology' in json || 'weightsManifest' in json)
  );
  if (models.length > 1) {
    throw new ModelInputError(
      `Found ${models.length} model.json files (${listNames(models.map((m) => m.file.name))}): ` +
        'import one model at a time.',
      'unsupported'
    );
  }
  if (models.length === 0) {
    const broken = unparsable.find((u) => /\.json$/i.test(u.file.name)) ?? unparsable[0];
    if (broken) {
      throw new ModelInputError(`${broken.file.name} is not valid JSON: ${broken.error}`, 'malformed-model-json');
    }
    const names = files.map((f) => f.name);
    throw new ModelInputError(
      files.length === 0
        ? 'No files were selected: select a model.json together with its weight files.'
        : `None of the selected files (${listNames(names)}) is a TF.js model.json ` +
            '(a JSON file with "modelTopology" and "weightsManifest").',
      'no-model-json'
    );
  }

  const modelFile = models[0].file;
  const json = checkModelJson(models[0].json, modelFile.name);
  for (const { file, json: other } of parsed) {
    if (file !== modelFile && labels === undefined && isLabelsJson(other)) labels = parseLabels(other);
  }

  const byName = new Map<string, File>();
  for (const file of files) if (!byName.has(file.name)) byName.set(file.name, file);
  const missing = json.weightsManifest.flatMap((g) => g.paths.filter((p) => !byName.has(basename(p))));
  if (missing.length > 0) {
    throw new ModelInputError(
      `Missing weight file${missing.length > 1 ? 's' : ''} listed in ${modelFile.name}: ` +
        `${listNames(missing.map(basename), 20)}. Select them together with the model.json.`,
      'missing-shard'
    );
  }

  const shardFiles = json.weightsManifest.flatMap((g) => g.paths.map((p) => byName.get(basename(p))!));
  const modelBytes = modelFile.size + shardFiles.reduce((n, f) => n + f.size, 0);
  checkModelRoom(modelBytes, await spaceFor(limits), `The model ${modelFile.name}`, limits.maxBytes ?? MODEL_MAX_BYTES);

  const buffers: Uint8Array[] = [];
  const used = [modelFile.name];
  for (const group of json.weightsManifest) {
    const groupBuffers: Uint8Array[] = [];
    for (const path of group.paths) {
      const file = byName.get(basename(path))!;
      groupBuffers.push(new Uint8Array(await file.arrayBuffer()));
      used.push(file.name);
    }
    checkGroupBytes(group, sum(groupBuffers), `listed in ${modelFile.name}`);
    buffers.push(...groupBuffers);
  }
  const weightData = concat(buffers);
  return { artifacts: toArtifacts(json, weightData), labels, fileNames: used, sizeBytes: weightData.byteLength };
}

function sum(buffers: Uint8Array[]): number {
  return buffers.reduce((n, b) => n + b.byteLength, 0);
}

// ---------------------------------------------------------------------------------------------
// URL

const TFHUB_HOSTS = new Set(['tfhub.dev', 'www.tfhub.dev']);

function fetchFailed(message: string): never {
  throw new ModelInputError(message, 'fetch-failed');
}

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
