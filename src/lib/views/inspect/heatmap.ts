/**
 * Activation maps as colours: one colour scale shared by every model showing the same channel, so that
 * equal activations get equal colours side by side.
 */
import type { ChannelMap } from '$lib/protocol';

export interface ColourScale {
  min: number;
  max: number;
}

/** The scale covering every map of one channel (across models); a flat range is widened to 1. */
export function sharedScale(maps: Pick<ChannelMap, 'min' | 'max'>[]): ColourScale {
  let min = Infinity;
  let max = -Infinity;
  for (const m of maps) {
    if (m.min < min) min = m.min;
    if (m.max > max) max = m.max;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: 0, max: 1 };
  if (max - min < 1e-12) return { min, max: min + 1 };
  return { min, max };
}

/** The activation at `i`, decoding a uint8-quantised map with its own min and max. */
export function mapValue(map: ChannelMap, i: number): number {
  const v = map.values[i];
  return map.values instanceof Uint8Array ? map.min + (v / 255) * (map.max - map.min) : v;
}

/** Inferno-like stops: black → purple → orange → pale yellow. */
const STOPS: [number, number, number][] = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164]
];

/** Colour of t in 0..1 (clamped) on the heat scale. */
export function heatColour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i];
  const b = STOPS[i + 1];
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** RGBA of a map (width x height, top row first) on `scale`, with the given alpha. */
export function heatmapRgba(map: ChannelMap, width: number, height: number, scale: ColourScale, alpha = 255): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  const span = scale.max - scale.min || 1;
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = heatColour((mapValue(map, i) - scale.min) / span);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = alpha;
  }
  return out;
}
