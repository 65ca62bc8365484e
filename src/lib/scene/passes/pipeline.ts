/**
 * Draws one view of the scene through every perturbation that acts after the 3D scene is set up:
 * in linear light the texture-vs-lighting blend (lit and unlit renders) and the background-only edits
 * (through the subject mask), then tone mapping and sRGB encoding (OutputPass), then the image-space
 * passes on display-referred colours. The same pipeline draws the model-input frames (into 8-bit
 * targets that are read back) and the visible canvas, so the user sees what the models see. Passes at
 * their identity value are skipped; with nothing to do the canvas gets a plain render.
 */
import {
  HalfFloatType,
  UnsignedByteType,
  WebGLRenderTarget,
  type Camera,
  type Object3D,
  type Scene,
  type Texture,
  type WebGLRenderer
} from 'three';
import { OutputPass } from 'three/examples/jsm/postprocessing/OutputPass.js';
import type { SceneState } from '../../state/schema';
import { BackgroundCompositePass, BackgroundWeightPass } from './background-passes';
import { BlurPass } from './blur-pass';
import { ColourPass } from './colour-pass';
import { FinishPass } from './finish-pass';
import type { PassTarget } from './fullscreen-pass';
import { HighPassPass } from './high-pass-pass';
import { MaskMaterials, UnlitMaterials, renderWithMaterials } from './material-swap';
import { NoisePass } from './noise-pass';
import {
  activeImagePasses,
  backgroundNeedsMask,
  blurSigma,
  highPassSigma,
  isIdentity,
  needsUnlitBlend,
  referenceToTarget
} from './params';
import { PixelatePass } from './pixelate-pass';
import { ShadingBlendPass } from './shading-blend-pass';

export interface PipelineView {
  scene: Scene;
  camera: Camera;
  /** The subject group, for the mask; null: everything counts as background. */
  subject: Object3D | null;
  state: Readonly<Pick<SceneState, 'image' | 'background' | 'lighting'>>;
  width: number;
  height: number;
  /** Where the result goes (8-bit for read-back); null: the canvas. */
  output: WebGLRenderTarget | null;
}

interface SizeTargets {
  scene: WebGLRenderTarget;
  unlit?: WebGLRenderTarget;
  mask?: WebGLRenderTarget;
  /** Half-float scratch targets without depth, for the passes. */
  pool: WebGLRenderTarget[];
}

const POOL_SIZE = 4;

export class PerturbationPipeline {
  private readonly targets = new Map<string, SizeTargets>();
  private readonly output = new OutputPass();
  private readonly unlit = new UnlitMaterials();
  private readonly mask = new MaskMaterials();
  private readonly blend = new ShadingBlendPass();
  private readonly backgroundWeight = new BackgroundWeightPass();
  private readonly backgroundComposite = new BackgroundCompositePass();
  private readonly colour = new ColourPass();
  private readonly blurPass = new BlurPass();
  private readonly highPass = new HighPassPass();
  private readonly pixelate = new PixelatePass();
  private readonly noise = new NoisePass();
  private readonly finish = new FinishPass();

  constructor(private readonly renderer: WebGLRenderer) {}

  render(view: PipelineView): void {
    const { renderer } = this;
    const { scene, camera, state, width, height } = view;
    if (view.output === null && isIdentity(state)) {
      renderer.setRenderTarget(null);
      renderer.render(scene, camera);
      return;
    }
    const t = this.targetsFor(width, height);
    const squareSize = Math.min(width, height);
    const at = (target: WebGLRenderTarget | null): PassTarget => ({ target, width, height, squareSize });
    const free = (...busy: (Texture | null)[]) => t.pool.find((p) => !busy.includes(p.texture))!;

    renderer.setRenderTarget(t.scene);
    renderer.render(scene, camera);
    let linear: Texture = t.scene.texture;

    if (needsUnlitBlend(state.lighting.shading)) {
      t.unlit ??= sceneTarget(width, height, HalfFloatType);
      renderer.setRenderTarget(t.unlit);
      renderWithMaterials(renderer, scene, camera, null, this.unlit.materialOf);
      this.blend.uniforms.tUnlit.value = t.unlit.texture;
      this.blend.uniforms.influence.value = state.lighting.shading;
      const out = free(linear);
      this.blend.render(renderer, linear, at(out));
      linear = out.texture;
    }

    if (backgroundNeedsMask(state.background)) {
      t.mask ??= sceneTarget(width, height, UnsignedByteType);
      renderer.setRenderTarget(t.mask);
      this.mask.render(renderer, scene, camera, view.subject);
      let blurred: Texture | null = null;
      if (state.background.blur > 0) {
        const weighted = free(linear);
        this.backgroundWeight.uniforms.tMask.value = t.mask.texture;
        this.backgroundWeight.render(renderer, linear, at(weighted));
        const temp = free(linear, weighted.texture);
        const out = free(linear, weighted.texture, temp.texture);
        this.blurPass.blur(renderer, weighted.texture, temp, at(out), referenceToTarget(state.background.blur, squareSize));
        blurred = out.texture;
      }
      const out = free(linear, blurred);
      this.backgroundComposite.configure(state.background, t.mask.texture, blurred).render(renderer, linear, at(out));
      linear = out.texture;
    }

    const stages = this.imageStages(view, at, free);
    if (stages.length === 0) {
      this.output.render(renderer, view.output as WebGLRenderTarget, { texture: linear } as WebGLRenderTarget, 0, false);
      return;
    }
    const display = free(linear);
    this.output.render(renderer, display, { texture: linear } as WebGLRenderTarget, 0, false);
    let current: Texture = display.texture;
    stages.forEach((stage, i) => {
      const last = i === stages.length - 1;
      const out = last ? null : free(current);
      stage(current, last ? at(view.output) : at(out));
      if (out) current = out.texture;
    });
  }

  /** One function per active image-space pass: draws `input` into `out`. */
  private imageStages(
    view: PipelineView,
    at: (target: WebGLRenderTarget | null) => PassTarget,
    free: (...busy: (Texture | null)[]) => WebGLRenderTarget
  ): ((input: Texture, out: PassTarget) => void)[] {
    const { renderer } = this;
    const image = view.state.image;
    const squareSize = Math.min(view.width, view.height);
    return activeImagePasses(image).map((name) => {
      switch (name) {
        case 'colour':
          return (input, out) => this.colour.configure(image).render(renderer, input, out);
        case 'blur':
          return (input, out) =>
            this.blurPass.blur(renderer, input, free(input, out.target?.texture ?? null), out, blurSigma(image, squareSize));
        case 'highPass':
          return (input, out) => {
            const temp = free(input, out.target?.texture ?? null);
            const blurred = free(input, out.target?.texture ?? null, temp.texture);
            this.blurPass.blur(renderer, input, temp, at(blurred), highPassSigma(image, squareSize));
            this.highPass.uniforms.tBlurred.value = blurred.texture;
            this.highPass.render(renderer, input, out);
          };
        case 'pixelate':
          return (input, out) => this.pixelate.configure(image).render(renderer, input, out);
        case 'noise':
          return (input, out) => this.noise.configure(image).render(renderer, input, out);
        case 'finish':
          return (input, out) => this.finish.configure(image).render(renderer, input, out);
      }
    });
  }

  private targetsFor(width: number, height: number): SizeTargets {
    const key = `${width}x${height}`;
    let t = this.targets.get(key);
    if (!t) {
      t = {
        scene: sceneTarget(width, height, HalfFloatType),
        pool: Array.from(
          { length: POOL_SIZE },
          () => new WebGLRenderTarget(width, height, { type: HalfFloatType, depthBuffer: false })
        )
      };
      this.targets.set(key, t);
    }
    return t;
  }

  /** Frees the targets of sizes not in `keep` (e.g. after the canvas was resized). */
  releaseSizesExcept(keep: readonly string[]): void {
    for (const [key, t] of this.targets) {
      if (keep.includes(key)) continue;
      disposeTargets(t);
      this.targets.delete(key);
    }
  }

  /**
   * Drops every render target without disposing it, after the WebGL context was restored: their GL
   * objects went with the lost context, and disposing them would delete names the new context does not
   * know. New targets are made on the next render.
   */
  forgetTargets(): void {
    this.targets.clear();
  }

  dispose(): void {
    for (const t of this.targets.values()) disposeTargets(t);
    this.targets.clear();
    for (const pass of [
      this.blend, this.backgroundWeight, this.backgroundComposite, this.colour, this.blurPass,
      this.highPass, this.pixelate, this.noise, this.finish
    ]) pass.dispose();
    this.output.dispose();
    this.unlit.dispose();
    this.mask.dispose();
  }
}

/** A multisampled target with depth, for rendering the scene itself. */
function sceneTarget(width: number, height: number, type: typeof HalfFloatType | typeof UnsignedByteType): WebGLRenderTarget {
  return new WebGLRenderTarget(width, height, { type, samples: 4, depthBuffer: true });
}

function disposeTargets(t: SizeTargets): void {
  t.scene.dispose();
  t.unlit?.dispose();
  t.mask?.dispose();
  for (const p of t.pool) p.dispose();
}
