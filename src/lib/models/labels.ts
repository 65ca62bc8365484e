/**
 * Class-label files: the formats people ship next to an image classifier.
 *   ["tench", "goldfish", ...]                       array of strings
 *   {"0": "tench", "1": "goldfish", ...}             dense index map
 *   {"labels": ["tench", ...]}                       wrapped array
 *   {"0": ["n01440764", "tench"], ...}               Keras imagenet_class_index.json
 */
import { ModelInputError } from '$lib/protocol';

function fail(reason: string): never {
  throw new ModelInputError(`Not a labels file: ${reason}`, 'bad-labels');
}

function labelFromValue(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  // Keras style: [wordnet id, human-readable name]
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
    return value[1] as string;
  }
  fail(`${where} is ${describe(value)}, expected a string (or a Keras-style ["n01440764", "tench"] pair)`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value}`;
}

function parseArray(values: unknown[], where: string): string[] {
  if (values.length === 0) fail(`${where} is empty`);
  return values.map((v, i) => labelFromValue(v, `${where}[${i}]`));
}

function parseIndexMap(map: Record<string, unknown>): string[] {
  const keys = Object.keys(map);
  if (keys.length === 0) fail('the object is empty');
  const indices: number[] = [];
  for (const key of keys) {
    if (!/^(0|[1-9]\d*)$/.test(key)) {
      fail(`key "${key.slice(0, 40)}" is not a class index (expected keys "0", "1", ...)`);
    }
    indices.push(Number(key));
  }
  const labels = new Array<string>(keys.length);
  for (const index of indices) {
    if (index >= keys.length) {
      const missing = firstMissing(indices, keys.length);
      fail(`class indices are not 0..${keys.length - 1} without gaps (index ${missing} is missing)`);
    }
    labels[index] = labelFromValue(map[String(index)], `entry "${index}"`);
  }
  return labels;
}

function firstMissing(indices: number[], n: number): number {
  const present = new Set(indices);
  for (let i = 0; i < n; i++) if (!present.has(i)) return i;
  return n;
}

/** Parses any supported labels JSON into labels in class-index order; throws 'bad-labels'. */
export function parseLabels(json: unknown): string[] {
  if (Array.isArray(json)) return parseArray(json, 'the list');
  if (json === null || typeof json !== 'object') fail(`it is ${describe(json)}, not a list or an object`);
  const obj = json as Record<string, unknown>;
  if ('labels' in obj) {
    if (!Array.isArray(obj.labels)) fail(`"labels" is ${describe(obj.labels)}, expected a list of strings`);
    return parseArray(obj.labels, '"labels"');
  }
  return parseIndexMap(obj);
}

/** True when `json` is a labels file in one of the supported formats. */
export function isLabelsJson(json: unknown): boolean {
  try {
    parseLabels(json);
    return true;
  } catch {
    return false;
  }
}

/**
 * Plain-text labels, one per line (TF-Hub's ImageNetLabels.txt). Blank lines at the end are dropped;
 * a blank line in the middle is an error since it would shift every following class.
 */
export function parseLabelsText(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const blank = lines.findIndex((l) => l.trim() === '');
  if (lines.length === 0 || (lines.length === 1 && lines[0].trim() === '')) fail('the text file is empty');
  if (blank >= 0) fail(`line ${blank + 1} of the text file is blank`);
  return lines.map((l) => l.trim());
}
