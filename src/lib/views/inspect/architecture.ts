/**
 * Models that share an architecture (the same layer names with the same shapes) can show the same layer
 * and channel side by side.
 */
import type { LayerInfo } from '$lib/protocol';

/** A string equal for two layer lists exactly when they have the same names and shapes in order. */
export function architectureSignature(layers: LayerInfo[]): string {
  return layers.map((l) => `${l.name}:${l.shape.join('x')}`).join('|');
}

/** The ids of the models (from `models`) with the same architecture as `id`, `id` first; [] when unknown. */
export function sameArchitecture(id: string, models: { id: string; layers: LayerInfo[] | undefined }[]): string[] {
  const own = models.find((m) => m.id === id);
  if (!own?.layers || own.layers.length === 0) return own ? [id] : [];
  const sig = architectureSignature(own.layers);
  return [id, ...models.filter((m) => m.id !== id && m.layers && m.layers.length > 0 && architectureSignature(m.layers) === sig).map((m) => m.id)];
}

/**
 * Channel numbers typed by a user: "3, 7, 10-12" → [3, 7, 10, 11, 12]. Duplicates are dropped; a channel
 * outside 0..count-1 or a word that is not a number or range throws, naming it.
 */
export function parseChannelList(text: string, count: number): number[] {
  const out: number[] = [];
  for (const part of text.split(/[\s,;]+/).filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    const [from, to] = range ? [Number(range[1]), Number(range[2])] : /^\d+$/.test(part) ? [Number(part), Number(part)] : [NaN, NaN];
    if (Number.isNaN(from)) throw new Error(`"${part}" is not a channel number or a range like 10-12`);
    if (to < from) throw new Error(`the range ${part} runs backwards`);
    if (to >= count) throw new Error(`channel ${to} does not exist: this layer has channels 0 to ${count - 1}`);
    if (to - from > 1024) throw new Error(`the range ${part} is too long`);
    for (let c = from; c <= to; c++) if (!out.includes(c)) out.push(c);
  }
  return out;
}
