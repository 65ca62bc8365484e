/**
 * Reading a TF.js model (model.json + weight shards [+ labels]) from picked files into in-memory
 * `tf.io.ModelArtifacts`, with errors a user can act on, and the pieces url-artifacts.ts shares.
 * Runs in a worker and in Node (no DOM needed).
 */
import * as tf from '@tensorflow/tfjs';
import { checkModelRoom, type StorageSpace } from '../limits/model-room';
import { MODEL_MAX_BYTES } from '../limits/sizes';
import { isLabelsJson, parseLabels, parseLabelsText } from './labels';
import { storageEstimate } from '../storage/estimate';
import { ModelInputError } from '$lib/protocol';
import { checkGroupBytes, validateModelJson } from './validate';

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

export async function spaceFor(limits: ReadLimits): Promise<StorageSpace | null> {
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

/** Byte arrays joined into one buffer (weights from several shards or chunks). */
export function concat(buffers: Uint8Array[]): ArrayBuffer {
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

export function toArtifacts(json: ModelJson, weightData: ArrayBuffer): tf.io.ModelArtifacts {
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  return tf.io.getModelArtifactsForJSONSync(json, weightSpecs, weightData);
}

/** Validates a parsed model.json, naming where it came from in the error. */
export function checkModelJson(json: unknown, source: string): ModelJson {
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

export function sum(buffers: Uint8Array[]): number {
  return buffers.reduce((n, b) => n + b.byteLength, 0);
}
