/**
 * The preprocessing check's vocabulary: reference renders of the procedural subjects go to a model
 * worker, which runs them under each candidate input convention and sends back the raw outputs.
 */
import type { Preprocess } from './model-meta';

/** One reference render: RGBA, rows top-down, with what it shows. */
export interface ReferenceImage {
  /** File name under /reference/, e.g. "dog-yaw30-pitch20.jpg". */
  file: string;
  /** The procedural subject: 'dog', 'cat', 'fire truck', 'race car'. */
  subject: string;
  /** Id of the class set (models/class-sets.js) the subject's classes are in. */
  classSet: string;
  /** The camera view, e.g. "yaw 30°, pitch 20°". */
  view: string;
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** A model's raw outputs on every reference (same order) under one input convention. */
export interface ReferenceOutputs {
  preprocess: Preprocess;
  outputs: Float32Array[];
}

/** Which model a worker runs the references through: the one just analysed (import) or the loaded one. */
export type ReferenceTarget = 'analysed' | 'loaded';
