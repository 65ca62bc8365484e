/**
 * Renders model-input frames off screen: for each consumer that wants one, the scene is drawn with a
 * square copy of the main camera at the consumer's input size through the pass chain
 * (lighting blend, background edits, tone mapping and sRGB encoding like the visible canvas, then the
 * image-space passes) into an 8-bit target, read back without waiting for the GPU (FencedReadback):
 * `collect`, at the start of an animation frame, hands the finished frames to their consumers. The
 * visible canvas is never read.
 */
import {
  PerspectiveCamera,
  RGBAFormat,
  UnsignedByteType,
  WebGLRenderTarget,
  type Object3D,
  type Scene,
  type WebGLRenderer
} from 'three';
import type { CaptureHub, FrameConsumer } from './capture-hub';
import type { Frame } from '$lib/protocol';
import { FencedReadback } from './fenced-readback';
import type { PassState } from './passes/pass';
import { PassChain } from './passes/pass-chain';

export interface CaptureView {
  scene: Scene;
  camera: PerspectiveCamera;
  /** The subject group (for the background mask); null when there is none. */
  subject: Object3D | null;
  /** The perturbations that act after the scene is set up. */
  state: PassState;
  /** The models' vertical field of view, degrees (the square view). */
  fov: number;
  /** Scene version this render shows. */
  version: number;
}

export class FrameCapturer {
  /** 8-bit sRGB frames, per size: what is read back. */
  private readonly targets = new Map<string, WebGLRenderTarget>();
  private readonly camera = new PerspectiveCamera();
  private readonly passes: PassChain;
  private readonly readback: FencedReadback;
  disposed = false;

  constructor(private readonly renderer: WebGLRenderer) {
    this.passes = new PassChain(renderer);
    this.readback = new FencedReadback(renderer);
  }

  /**
   * Delivers the frames whose read-back has finished. Call at the start of an animation frame, before
   * the view is drawn: fetching a finished read then never waits behind new drawing.
   */
  collect(): void {
    if (!this.disposed) this.readback.poll();
  }

  /**
   * Called once per tick: captures for every consumer the capture hub says wants this version.
   * Returns whether it drew anything.
   */
  tick(captureHub: CaptureHub, view: CaptureView): boolean {
    if (this.disposed) return false;
    const wanting = captureHub.wanting(view.version);
    if (wanting.length === 0) return false;
    const bySize = new Map<string, FrameConsumer[]>();
    for (const consumer of wanting) {
      const key = `${consumer.width}x${consumer.height}`;
      bySize.set(key, [...(bySize.get(key) ?? []), consumer]);
    }
    for (const group of bySize.values()) this.captureGroup(captureHub, view, group);
    return true;
  }

  private captureGroup(captureHub: CaptureHub, view: CaptureView, group: FrameConsumer[]): void {
    const { width, height } = group[0];
    for (const c of group) captureHub.captureStarted(c.id, view.version);
    const fail = (error: unknown) => {
      for (const c of group) captureHub.captureFailed(c.id, error);
    };
    const capturedAt = performance.now();
    let target: WebGLRenderTarget;
    try {
      target = this.render(view, width, height);
    } catch (error) {
      fail(error);
      return;
    }
    try {
      this.readback.start(target, width, height, {
        onPixels: (pixels) => this.deliver(group, pixels, { version: view.version, width, height, capturedAt }),
        onError: fail
      });
    } catch (error) {
      fail(error);
    }
  }

  private deliver(group: FrameConsumer[], pixels: Uint8Array, frame: Omit<Frame, 'pixels' | 'flipY'>): void {
    // Each consumer gets its own buffer: they are transferred to different workers, and a transfer
    // detaches the buffer at once, so the copies are made before any delivery.
    const buffers = group.map((_, i) => (i === 0 ? pixels : pixels.slice()));
    group.forEach((c, i) => {
      try {
        c.deliver({ ...frame, pixels: buffers[i], flipY: true });
      } catch (error) {
        console.error(`Frame consumer ${c.id} failed to take a frame`, error);
      }
    });
  }

  private render(view: CaptureView, width: number, height: number): WebGLRenderTarget {
    const { renderer, camera } = this;
    const output = this.targetFor(width, height);
    camera.copy(view.camera, false);
    camera.fov = view.fov;
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    camera.updateMatrixWorld();

    const previous = renderer.getRenderTarget();
    try {
      this.passes.render({ scene: view.scene, camera, subject: view.subject, state: view.state, width, height, output });
    } finally {
      renderer.setRenderTarget(previous);
    }
    return output;
  }

  private targetFor(width: number, height: number): WebGLRenderTarget {
    const key = `${width}x${height}`;
    let t = this.targets.get(key);
    if (!t) {
      // No colour space on purpose: an sRGB target would make the GPU encode a second time.
      t = new WebGLRenderTarget(width, height, { type: UnsignedByteType, format: RGBAFormat, depthBuffer: false });
      this.targets.set(key, t);
    }
    return t;
  }

  /** The WebGL context was lost: the reads under way will never finish (their consumers may ask again). */
  contextLost(): void {
    this.readback.forget('the WebGL context was lost');
  }

  /** The WebGL context is back: the render targets are made anew on the next capture. */
  contextRestored(): void {
    this.readback.forget('the WebGL context was lost');
    this.targets.clear();
    this.passes.forgetTargets();
  }

  dispose(): void {
    this.disposed = true;
    this.readback.dispose();
    for (const t of this.targets.values()) t.dispose();
    this.targets.clear();
    this.passes.dispose();
  }
}
