import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { heatColour, heatmapRgba, mapValue, sharedScale } from '../../src/lib/views/inspect/heatmap';
import { architectureSignature, parseChannelList, sameArchitecture } from '../../src/lib/views/inspect/architecture';
import { featureVisKey } from '../../src/lib/views/inspect/feature-vis-key';
import { addHeldPerturbation } from '../../src/lib/pipeline/held-perturbation';
import { amplifiedPerturbation } from '../../src/lib/views/inspect/perturbation-image';
import { cacheFeatureVis, cachedFeatureVis, deleteChannelSet, listChannelSets, saveChannelSet } from '../../src/lib/storage/inspect-store';
import type { ChannelMap, FeatureVisResult, Frame, LayerInfo } from '../../src/lib/protocol';

function map(values: number[], extra: Partial<ChannelMap> = {}): ChannelMap {
  const f = Float32Array.from(values);
  return { channel: 0, values: f, min: Math.min(...values), max: Math.max(...values), mean: 0, ...extra };
}

describe('heatmap colours on a shared scale', () => {
  it('the shared scale spans every model’s map, so equal values get equal colours', () => {
    const a = map([0, 1, 2, 3]);
    const b = map([0, 5, 10, 12]);
    const scale = sharedScale([a, b]);
    expect(scale).toEqual({ min: 0, max: 12 });
    const ra = heatmapRgba(a, 2, 2, scale);
    const rb = heatmapRgba(b, 2, 2, scale);
    // value 0 in both maps: same colour; a's max (3) is far darker than b's max (12).
    expect([...ra.slice(0, 4)]).toEqual([...rb.slice(0, 4)]);
    expect(ra[12] + ra[13] + ra[14]).toBeLessThan(rb[12] + rb[13] + rb[14]);
    expect([...rb.slice(12, 15)]).toEqual(heatColour(1));
  });

  it('a flat scale does not divide by zero, and colours clamp outside 0..1', () => {
    expect(sharedScale([map([2, 2])])).toEqual({ min: 2, max: 3 });
    expect(sharedScale([])).toEqual({ min: 0, max: 1 });
    expect(heatColour(-3)).toEqual(heatColour(0));
    expect(heatColour(9)).toEqual(heatColour(1));
    expect(heatColour(0)).not.toEqual(heatColour(0.5));
  });

  it('decodes uint8 maps with their own min and max', () => {
    const m: ChannelMap = { channel: 1, values: Uint8Array.from([0, 255, 51]), min: -1, max: 4, mean: 0 };
    expect(mapValue(m, 0)).toBeCloseTo(-1);
    expect(mapValue(m, 1)).toBeCloseTo(4);
    expect(mapValue(m, 2)).toBeCloseTo(0);
  });
});

describe('shared architectures and channel lists', () => {
  const layers = (c: number): LayerInfo[] => [
    { name: 'conv1', kind: 'Conv2D', shape: [112, 112, 8] },
    { name: 'relu1', kind: 'ReLU', shape: [112, 112, c] }
  ];

  it('groups models with the same layer names and shapes, the chosen model first', () => {
    const models = [
      { id: 'a', layers: layers(8) },
      { id: 'b', layers: layers(16) },
      { id: 'c', layers: layers(8) },
      { id: 'd', layers: undefined }
    ];
    expect(sameArchitecture('c', models)).toEqual(['c', 'a']);
    expect(sameArchitecture('b', models)).toEqual(['b']);
    expect(sameArchitecture('d', models)).toEqual(['d']);
    expect(architectureSignature(layers(8))).not.toBe(architectureSignature(layers(16)));
  });

  it('parses typed channel lists and names what is wrong', () => {
    expect(parseChannelList('3, 7 10-12 3', 16)).toEqual([3, 7, 10, 11, 12]);
    expect(() => parseChannelList('5, x', 16)).toThrow(/"x" is not a channel/);
    expect(() => parseChannelList('16', 16)).toThrow(/channels 0 to 15/);
    expect(() => parseChannelList('5-2', 16)).toThrow(/backwards/);
  });
});

describe('held perturbation', () => {
  const frame = (w: number, h: number, v: number, flipY = false): Frame => ({
    version: 1,
    width: w,
    height: h,
    pixels: new Uint8Array(w * h * 4).fill(v),
    flipY,
    capturedAt: 0
  });

  it('adds the perturbation to RGB, clips to 0..255 and keeps alpha', () => {
    const f = frame(2, 1, 250);
    addHeldPerturbation(f, { width: 2, height: 1, perturbation: Float32Array.from([10, -8, 0.4, -300, 2.6, 0]) });
    expect([...f.pixels]).toEqual([255, 242, 250, 250, 0, 253, 250, 250]);
  });

  it('flips for bottom-up frames and resamples to another size', () => {
    // perturbation: top row +10 on red, bottom row -10 on red
    const held = { width: 1, height: 2, perturbation: Float32Array.from([10, 0, 0, -10, 0, 0]) };
    const up = frame(2, 4, 100, true);
    addHeldPerturbation(up, held);
    // bottom-up: memory row 0 is the bottom of the image
    expect(up.pixels[0]).toBe(90);
    expect(up.pixels[3 * 2 * 4]).toBe(110);
    const down = frame(2, 4, 100, false);
    addHeldPerturbation(down, held);
    expect(down.pixels[0]).toBe(110);
    expect(down.pixels[3 * 2 * 4 + 4]).toBe(90);
  });

  it('amplifies the perturbation around mid-grey', () => {
    const { rgba, gain } = amplifiedPerturbation(Float32Array.from([2, -2, 0]), 1, 1);
    expect(gain).toBeCloseTo(63.5);
    expect([...rgba]).toEqual([255, 1, 128, 255]);
  });
});

describe('feature visualisation cache', () => {
  it('keys by model, objective and every setting with defaults filled in', () => {
    const base = featureVisKey('m1', { objective: { kind: 'channel', layer: 'conv1', channel: 3 } });
    expect(featureVisKey('m1', { objective: { kind: 'channel', layer: 'conv1', channel: 3 }, steps: 256, parameterisation: 'fourier' })).toBe(base);
    expect(featureVisKey('m1', { objective: { kind: 'channel', layer: 'conv1', channel: 4 } })).not.toBe(base);
    expect(featureVisKey('m2', { objective: { kind: 'channel', layer: 'conv1', channel: 3 } })).not.toBe(base);
    expect(featureVisKey('m1', { objective: { kind: 'channel', layer: 'conv1', channel: 3 }, steps: 64 })).not.toBe(base);
    expect(featureVisKey('m1', { objective: { kind: 'class', classIndex: 3 } })).not.toBe(base);
  });

  it('stores results and channel sets in IndexedDB', async () => {
    const result: FeatureVisResult = { width: 1, height: 1, pixels: Uint8Array.from([1, 2, 3, 255]), trace: [0.1, 0.5], cancelled: false, ms: 5, backend: 'cpu' };
    const key = featureVisKey('m1', { objective: { kind: 'class', classIndex: 1 } });
    expect(await cachedFeatureVis(key)).toBeUndefined();
    await cacheFeatureVis(key, result);
    expect([...(await cachedFeatureVis(key))!.pixels]).toEqual([1, 2, 3, 255]);
    await saveChannelSet({ name: 'eyes', layer: 'conv1', channels: [3, 7] });
    expect(await listChannelSets()).toEqual([{ name: 'eyes', layer: 'conv1', channels: [3, 7] }]);
    await deleteChannelSet('eyes');
    expect(await listChannelSets()).toEqual([]);
  });
});
