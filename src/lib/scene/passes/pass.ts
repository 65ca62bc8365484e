/**
 * What a GPU perturbation pass is: one unit that names the fields it stands for, says from the state
 * whether it has anything to do, draws its input into its output, and frees what it holds. The pass
 * chain (pass-chain.ts) runs the active ones of the list in pass-list.ts, in order.
 *
 * A pass is on when any of its fields is away from its default: the defaults in FIELD_SPECS are the
 * values at which a perturbation changes nothing, so no pass repeats them.
 */
import type { Camera, Object3D, Scene, Texture, TextureDataType, WebGLRenderer, WebGLRenderTarget } from 'three';
import { changedFromDefault, type FieldPath, type SceneState } from '../../state/schema';
import type { PassTarget } from './fullscreen-shader';

/** The part of the state that acts after the 3D scene is set up. */
export type PassState = Readonly<Pick<SceneState, 'image' | 'background' | 'lighting'>>;
export type PassFieldPath = Extract<FieldPath, `image.${string}` | `background.${string}` | `lighting.${string}`>;

/** One view to draw: the scene through the camera, at a size, into an output. */
export interface PassView {
  scene: Scene;
  camera: Camera;
  /** The subject group, for the mask; null: everything counts as background. */
  subject: Object3D | null;
  state: PassState;
  width: number;
  height: number;
  /** Where the result goes (8-bit for read-back); null: the canvas. */
  output: WebGLRenderTarget | null;
}

/** What a pass gets from the chain for one run. */
export interface PassContext {
  readonly renderer: WebGLRenderer;
  readonly view: PassView;
  /** Side of the square the models see, in pixels of this view. */
  readonly squareSize: number;
  /** The previous result: linear light for 'linear' passes, display-referred for 'display' ones. */
  readonly input: Texture;
  /** Where the pass draws its result. */
  readonly out: PassTarget;
  /** A scratch target of the view's size (half float, no depth) that is none of input, out and `busy`. */
  scratch(...busy: WebGLRenderTarget[]): WebGLRenderTarget;
  /** A target of the view's size as a PassTarget. */
  at(target: WebGLRenderTarget): PassTarget;
  /**
   * A multisampled target with depth for a render of the scene itself (e.g. an unlit render), kept for
   * this pass and view size under `key`, made on first use.
   */
  sceneTarget(key: string, type: TextureDataType): WebGLRenderTarget;
}

export interface Pass {
  readonly name: string;
  /** 'linear': before tone mapping and sRGB encoding, in linear light; 'display': after them. */
  readonly stage: 'linear' | 'display';
  /**
   * The fields that turn the pass on, each when away from its default. Fields a pass only reads (a
   * noise seed, the occlusion patch's position) are not listed: alone they change nothing.
   */
  readonly fields: readonly PassFieldPath[];
  isActive(state: PassState): boolean;
  run(ctx: PassContext): void;
  dispose(): void;
}

/** A pass that is on when any of its fields is away from its default. */
export abstract class FieldPass implements Pass {
  abstract readonly name: string;
  abstract readonly stage: Pass['stage'];
  abstract readonly fields: readonly PassFieldPath[];

  isActive(state: PassState): boolean {
    return changedFromDefault(state, this.fields);
  }

  abstract run(ctx: PassContext): void;
  abstract dispose(): void;
}
