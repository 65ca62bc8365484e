/**
 * What the model worker returns when looking inside a model: layers, activation maps, channel rankings,
 * adversarial attacks, feature visualisations. Structured-cloneable, no TF.js (the main thread imports
 * these from $lib/protocol).
 */
import type { BackendName } from './model-meta';
import type { ClassScore } from './prediction';

/** A layer (layers models) or graph node (graph models) with an activation map. */
export interface LayerInfo {
  /** Layer name, or node name for graph models (what ActivationRequest.layer takes). */
  name: string;
  /** Keras class name (Conv2D, DepthwiseConv2D, Activation, …) or graph op (Conv2D, Relu6, …). */
  kind: string;
  /** [height, width, channels] for the model's input size. */
  shape: [number, number, number];
}

export interface ActivationRequest {
  layer: string;
  /** Channel indices whose maps are returned (the means of all channels come back anyway). */
  channels: number[];
  /** 'float32' (default), or 'uint8': each map quantised to 0..255 between its own min and max. */
  encoding?: 'float32' | 'uint8';
}

/** A float perturbation of a frame's pixels (PredictOptions.perturbation). */
export interface FramePerturbation {
  /** Must equal the frame's size after its centre-square crop (e.g. AttackResult.width/height). */
  width: number;
  height: number;
  /** width x height x 3 values (RGB, top row first) in pixel units: AttackResult.perturbation's layout. */
  delta: Float32Array;
}

export interface PredictOptions {
  /** Also return these activation maps, from the same forward pass as the prediction. */
  activations?: ActivationRequest;
  /**
   * Added in float (not rounded) to the frame's RGB, top-down rows, at the frame's own resolution after
   * the centre-square crop and flip and BEFORE resizing to the model's input size and preprocessing;
   * the sum is clipped to 0..255. width/height must equal the cropped frame's size (e.g.
   * AttackResult.width/height with AttackResult.clean as the frame, flipY false); delta has
   * width * height * 3 values (AttackResult.perturbation's layout).
   */
  perturbation?: FramePerturbation;
}

export interface RankRequest {
  layer: string;
  /**
   * 'active': highest spatial mean activation on the frame. 'class': highest spatial mean of
   * d(class score)/d(activation) (Grad-CAM channel weights); the score is the logit when the model's
   * logits can be reached, else the log-probability.
   */
  by: 'active' | 'class';
  /** For 'class': the class (label index); default the frame's top-1 class. */
  classIndex?: number;
  k: number;
}

export interface ChannelRank {
  channel: number;
  /** Mean activation ('active') or mean gradient ('class'). */
  score: number;
}

export interface AttackConfig {
  /** 'fgsm': one step of size epsilon; 'pgd': `steps` projected steps (Madry et al.). */
  method: 'fgsm' | 'pgd';
  norm: 'linf' | 'l2';
  /**
   * Budget in pixel units (the 0..255 scale of the frame, before the model's own preprocessing).
   * linf: the most any one R, G or B value may change. l2: the Euclidean norm of the whole perturbation
   * over all height x width x 3 values, in the same units (a change of 1 on every value of a 224 x 224
   * frame has an L2 norm of sqrt(224 * 224 * 3) ≈ 388).
   */
  epsilon: number;
  /** PGD iterations (default 10). */
  steps?: number;
  /** PGD step in pixel units (default 2.5 * epsilon / steps). */
  stepSize?: number;
  /** Targeted: the class (label index) to reach. Untargeted when absent. */
  targetClass?: number;
  /** Untargeted: the class to move away from (default the clean frame's top-1). */
  sourceClass?: number;
  /**
   * Untargeted: move away from this set of classes (label indices): the objective is -log Σ_{c∈set} p(c).
   * Excludes targetClass and sourceClass.
   */
  sourceClasses?: number[];
  /** PGD: start from a random point of the epsilon ball (seeded). */
  randomStart?: boolean;
  seed?: number;
}

export interface AttackProgress {
  step: number;
  steps: number;
  /**
   * Probability of the attacked class (source, untargeted; target, targeted) before this step; for
   * sourceClasses, the summed probability of the set.
   */
  probability: number;
}

export interface AttackResult {
  /** The model's input size: all arrays below are this size, top row first. */
  width: number;
  height: number;
  /** The attacked frame at the model's input size (RGBA). */
  clean: Uint8Array;
  /** clean + perturbation, rounded to bytes (RGBA). */
  adversarial: Uint8Array;
  /** adversarial - clean before rounding, in pixel units, width x height x 3 (RGB), for display and "hold". */
  perturbation: Float32Array;
  linf: number;
  l2: number;
  /** Top classes of the source model on the clean and on the (byte) adversarial frame. */
  before: ClassScore[];
  after: ClassScore[];
  /** The class attacked: source (untargeted) or target (targeted); sourceClasses[0] for a set. */
  attackedClass: number;
  /** The set of classes attacked, when the config gave sourceClasses. */
  attackedClasses?: number[];
  stepsDone: number;
  cancelled: boolean;
  ms: number;
  backend: BackendName;
}

export type FeatureObjective = { kind: 'channel'; layer: string; channel: number } | { kind: 'class'; classIndex: number };

export interface FeatureVisRequest {
  objective: FeatureObjective;
  /** Gradient-ascent steps (default 256). */
  steps?: number;
  /** Adam learning rate (default 0.05). */
  learningRate?: number;
  /** 'fourier' (default): 1/f-scaled Fourier coefficients; 'pixel': raw pixels. Colours decorrelated in both. */
  parameterisation?: 'fourier' | 'pixel';
  /** Max random shift in pixels per step (default 8). */
  jitter?: number;
  /** Max random rotation in degrees per step (default 5). */
  rotate?: number;
  /** Max relative random scaling per step (default 0.05: 0.95..1.05). */
  scale?: number;
  seed?: number;
}

export interface FeatureVisProgress {
  step: number;
  steps: number;
  objective: number;
}

export interface FeatureVisResult {
  width: number;
  height: number;
  /** RGBA, top row first. */
  pixels: Uint8Array;
  /** Objective value at every step done. */
  trace: number[];
  cancelled: boolean;
  ms: number;
  backend: BackendName;
}
