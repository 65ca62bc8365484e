/**
 * Draws one view of the scene through every perturbation that acts after the 3D scene is set up: the
 * active passes of pass-list.ts in order, first in linear light (texture-vs-lighting blend, background
 * edits through the subject mask), then tone mapping and sRGB encoding (OutputPass), then the
 * image-space passes on display-referred colours. The same chain draws the model-input frames (into
 * 8-bit targets that are read back) and the visible canvas, so the user sees what the models see.
 * With no active pass the canvas gets a plain render.
 *
 * The chain owns the render targets, per view size: the scene's render, half-float scratch targets
 * the passes draw into and borrow, and the scene renders a pass asks for (see PassContext).
 */
import {
  HalfFloatType,
  WebGLRenderTarget,
  type Texture,
  type TextureDataType,
  type WebGLRenderer
} from 'three';
import { OutputPass } from 'three/examples/jsm/postprocessing/OutputPass.js';
import type { PassTarget } from './fullscreen-shader';
import type { Pass, PassContext, PassView } from './pass';
import { activePasses, createPasses } from './pass-list';

interface SizeTargets {
  scene: WebGLRenderTarget;
  /** Scene renders the passes asked for, by "pass:key". */
  own: Map<string, WebGLRenderTarget>;
  /** Half-float scratch targets without depth, for the passes. */
  pool: WebGLRenderTarget[];
}

/** Enough for the busiest pass: its input, its output and two scratch targets. */
const POOL_SIZE = 4;

export class PassChain {
  private readonly targets = new Map<string, SizeTargets>();
  private readonly output = new OutputPass();
  private readonly passes: readonly Pass[] = createPasses();

  constructor(private readonly renderer: WebGLRenderer) {}

  render(view: PassView): void {
    const { renderer } = this;
    const { scene, camera, width, height } = view;
    const active = activePasses(this.passes, view.state);
    if (view.output === null && active.length === 0) {
      renderer.setRenderTarget(null);
      renderer.render(scene, camera);
      return;
    }
    const t = this.targetsFor(width, height);
    const squareSize = Math.min(width, height);
    const at = (target: WebGLRenderTarget | null): PassTarget => ({ target, width, height, squareSize });
    const free = (...busy: (Texture | null)[]) => t.pool.find((p) => !busy.includes(p.texture))!;
    const run = (pass: Pass, input: Texture, out: PassTarget) => {
      const ctx: PassContext = {
        renderer,
        view,
        squareSize,
        input,
        out,
        scratch: (...busy) => free(input, out.target?.texture ?? null, ...busy.map((b) => b.texture)),
        at,
        sceneTarget: (key, type) => {
          const name = `${pass.name}:${key}`;
          let target = t.own.get(name);
          if (!target) t.own.set(name, (target = sceneTarget(width, height, type)));
          return target;
        }
      };
      pass.run(ctx);
    };

    renderer.setRenderTarget(t.scene);
    renderer.render(scene, camera);
    let current: Texture = t.scene.texture;
    for (const pass of active.filter((p) => p.stage === 'linear')) {
      const out = free(current);
      run(pass, current, at(out));
      current = out.texture;
    }

    // Tone mapping and sRGB encoding: straight into the output when no image-space pass follows.
    const display = active.filter((p) => p.stage === 'display');
    if (display.length === 0) {
      this.output.render(renderer, view.output as WebGLRenderTarget, { texture: current } as WebGLRenderTarget, 0, false);
      return;
    }
    const encoded = free(current);
    this.output.render(renderer, encoded, { texture: current } as WebGLRenderTarget, 0, false);
    current = encoded.texture;
    display.forEach((pass, i) => {
      const out = i === display.length - 1 ? null : free(current);
      run(pass, current, at(out ?? view.output));
      if (out) current = out.texture;
    });
  }

  private targetsFor(width: number, height: number): SizeTargets {
    const key = `${width}x${height}`;
    let t = this.targets.get(key);
    if (!t) {
      t = {
        scene: sceneTarget(width, height, HalfFloatType),
        own: new Map(),
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
    for (const pass of this.passes) pass.dispose();
    this.output.dispose();
  }
}

/** A multisampled target with depth, for rendering the scene itself. */
function sceneTarget(width: number, height: number, type: TextureDataType): WebGLRenderTarget {
  return new WebGLRenderTarget(width, height, { type, samples: 4, depthBuffer: true });
}

function disposeTargets(t: SizeTargets): void {
  t.scene.dispose();
  for (const target of t.own.values()) target.dispose();
  for (const p of t.pool) p.dispose();
}
