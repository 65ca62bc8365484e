/**
 * Activation maps as compact typed arrays, and channel rankings ('active': spatial mean on the frame;
 * 'class': spatial mean of the class score's gradient, the Grad-CAM channel weights).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { ActivationRequest, ChannelMap, ChannelRank, LayerActivations, RankRequest } from '$lib/protocol';
import type { ModelTaps } from './taps';

type Tf = typeof tfTypes;

/** Checks that `channels` exist in a layer with `count` channels; throws a plain-words error if not. */
export function checkChannels(layer: string, channels: readonly number[], count: number): void {
  const bad = channels.filter((c) => !Number.isInteger(c) || c < 0 || c >= count);
  if (bad.length > 0) {
    throw new Error(`Layer "${layer}" has channels 0 to ${count - 1}; there is no channel ${bad.join(', ')}`);
  }
}

/**
 * Reads the requested channels of a [1, H, W, C] activation (not disposed here) into typed arrays,
 * with every channel's spatial mean.
 */
export async function readActivations(tf: Tf, activation: tfTypes.Tensor4D, request: ActivationRequest): Promise<LayerActivations> {
  const [, height, width, channels] = activation.shape;
  checkChannels(request.layer, request.channels, channels);
  const [picked, means] = tf.tidy(() => {
    const maps = request.channels.length > 0 ? tf.transpose(tf.gather(activation, request.channels, 3), [3, 0, 1, 2]) : tf.zeros([0]);
    return [maps, tf.mean(activation, [0, 1, 2])];
  });
  let values: Float32Array;
  let channelMeans: Float32Array;
  try {
    values = Float32Array.from(await picked.data());
    channelMeans = Float32Array.from(await means.data());
  } finally {
    picked.dispose();
    means.dispose();
  }
  const size = height * width;
  const maps: ChannelMap[] = request.channels.map((channel, i) => {
    const map = values.subarray(i * size, (i + 1) * size);
    let min = Infinity;
    let max = -Infinity;
    for (const v of map) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const mean = channelMeans[channel];
    if (request.encoding !== 'uint8') return { channel, values: map.slice(), min, max, mean };
    const q = new Uint8Array(size);
    const range = max - min;
    if (range > 0) for (let j = 0; j < size; j++) q[j] = Math.round(((map[j] - min) / range) * 255);
    return { channel, values: q, min, max, mean };
  });
  return { layer: request.layer, height, width, channels, maps, channelMeans };
}

/** The k highest scores, highest first (ties keep channel order). */
export function topChannels(scores: Float32Array, k: number): ChannelRank[] {
  return Array.from(scores, (score, channel) => ({ channel, score }))
    .sort((a, b) => b.score - a.score || a.channel - b.channel)
    .slice(0, Math.max(0, k));
}

/**
 * Ranks a layer's channels for a preprocessed input. For 'class', `outputIndex` is the class's index in
 * the model's output (classIndex + classOffset).
 */
export async function rankChannels(
  tf: Tf,
  taps: ModelTaps,
  input: tfTypes.Tensor4D,
  request: RankRequest & { outputIndex?: number }
): Promise<ChannelRank[]> {
  const scores = tf.tidy(() => {
    if (request.by === 'active') return tf.mean(taps.layer(input, request.layer), [0, 1, 2]);
    const outputIndex = request.outputIndex;
    if (outputIndex === undefined) throw new Error('Ranking by class needs a class');
    const gradient = taps.gradientAtLayer(input, request.layer, (s) => tf.squeeze(tf.slice(s, [outputIndex], [1])) as tfTypes.Scalar);
    return tf.mean(gradient, [0, 1, 2]);
  });
  try {
    return topChannels(Float32Array.from(await scores.data()), request.k);
  } finally {
    scores.dispose();
  }
}
