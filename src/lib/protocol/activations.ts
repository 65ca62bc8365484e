/** Activation maps of one layer, returned with a prediction when asked for (PredictOptions.activations). */

export interface ChannelMap {
  channel: number;
  /** height x width values, row-major, top row first. uint8: value = min + v / 255 * (max - min). */
  values: Float32Array | Uint8Array;
  min: number;
  max: number;
  mean: number;
}

export interface LayerActivations {
  layer: string;
  height: number;
  width: number;
  channels: number;
  maps: ChannelMap[];
  /** Spatial mean of every channel of the layer (length `channels`): what 'active' ranks by. */
  channelMeans: Float32Array;
}
