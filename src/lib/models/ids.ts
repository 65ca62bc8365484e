/** Model ids: url-safe, readable, unique. The weights live under `indexeddb://perturber-<id>`. */

const MAX_SLUG = 40;

/** "MobileNet v1 (0.25)" -> "mobilenet-v1-0-25"; "" when nothing url-safe is left. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/g, '');
}

function randomSuffix(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}

/**
 * A new id for a model called `name`: its slug plus a random suffix, e.g. "mobilenet-v1-0-25-k3f9x2".
 * `taken` lets callers rule out ids already in use (the suffix makes a clash very unlikely anyway).
 */
export function newModelId(name: string, taken: ReadonlySet<string> = new Set()): string {
  const slug = slugify(name) || 'model';
  for (;;) {
    const id = `${slug}-${randomSuffix()}`;
    if (!taken.has(id)) return id;
  }
}

/** Every model's weights are stored under a path that starts with this. */
export const WEIGHTS_PREFIX = 'perturber-';

/** The path (tf.io's `modelPath`) under which a model's weights are stored. */
export function weightsPath(id: string): string {
  return `${WEIGHTS_PREFIX}${id}`;
}

/** The model id whose weights are stored under `modelPath`, or null for paths that are not ours. */
export function idOfWeightsPath(modelPath: string): string | null {
  return modelPath.startsWith(WEIGHTS_PREFIX) ? modelPath.slice(WEIGHTS_PREFIX.length) : null;
}

/** The tf.io URL under which a model's weights are stored. */
export function weightsUrl(id: string): string {
  return `indexeddb://${weightsPath(id)}`;
}
