/**
 * Renders model-input frames off screen: for each consumer that wants one, the scene is drawn with a
 * square copy of the main camera at the consumer's input size through the perturbation pipeline
 * (lighting blend, background edits, tone mapping and sRGB encoding like the visible canvas, then the
 * image-space passes) into an 8-bit target that is read back at the start of the next tick. The visible canvas is
 * never read.
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
import type { CaptureRequester, FrameConsumer } from '../pipeline/scheduler';
import { PerturbationPipeline, type PipelineView } from './passes/pipeline';

export interface CaptureView {
  scene: Scene;
  camera: PerspectiveCamera;
  /** The subject group (for the background mask); null when there is none. */
  subject: Object3D | null;
  /** The perturbations that act after the scene is set up. */
  state: PipelineView['state'];
  /** The models' vertical field of view, degrees (the square view). */
  fov: number;
  /** Scene version this render shows. */
  version: number;
}

export class FrameCapturer {
  /** 8-bit sRGB frames, per size: what is read back. */
  private readonly targets = new Map<string, WebGLRenderTarget>();
  private readonly camera = new PerspectiveCamera();
  private readonly pipeline: PerturbationPipeline;
  /** Frames rendered this tick, read back at the start of the next (see collect). */
  private unread: (() => void)[] = [];
  disposed = false;

  constructor(private readonly renderer: WebGLRenderer) {
    this.pipeline = new PerturbationPipeline(renderer);
  }

  /** Called once per tick: captures for every consumer the requester says wants this version. */
  tick(requester: CaptureRequester, view: CaptureView): void {
    if (this.disposed) return;
    // A target is never drawn again before its last frame was read.
    this.collect();
    const wanting = requester.wanting(view.version);
    if (wanting.length === 0) return;
    const bySize = new Map<string, FrameConsumer[]>();
    for (const consumer of wanting) {
      const key = `${consumer.width}x${consumer.height}`;
      bySize.set(key, [...(bySize.get(key) ?? []), consumer]);
    }
    for (const group of bySize.values()) this.captureGroup(requester, view, group);
  }

  /**
   * Reads back the frames rendered on the previous tick and hands them to their consumers. Called at
   * the start of a tick, before the view is drawn: by then the GPU has had a whole frame to finish
   * them, so the (synchronous) read rarely waits, and it never waits for this tick's view.
   */
  collect(): void {
    const reads = this.unread;
    this.unread = [];
    for (const read of reads) read();
  }

  private captureGroup(requester: CaptureRequester, view: CaptureView, group: FrameConsumer[]): void {
    const { width, height } = group[0];
    for (const c of group) requester.captureStarted(c.id);
    const fail = (error: unknown) => {
      for (const c of group) requester.captureFailed(c.id, error);
    };
    const capturedAt = performance.now();
    let target: WebGLRenderTarget;
    try {
      target = this.render(view, width, height);
    } catch (error) {
      fail(error);
      return;
    }
    this.unread.push(() => {
      const pixels = new Uint8Array(width * height * 4);
      try {
        if (this.disposed) throw new Error('the scene was closed');
        this.renderer.readRenderTargetPixels(target, 0, 0, width, height, pixels);
      } catch (error) {
        fail(error);
        return;
      }
      // Each consumer gets its own buffer: they are transferred to different workers, and a
      // transfer detaches the buffer at once, so the copies are made before any delivery.
      const buffers = group.map((_, i) => (i === 0 ? pixels : pixels.slice()));
      group.forEach((c, i) => {
        const frame = { version: view.version, width, height, pixels: buffers[i], flipY: true, capturedAt };
        try {
          c.deliver(frame);
        } catch (error) {
          console.error(`Frame consumer ${c.id} failed to take a frame`, error);
        }
      });
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
      this.pipeline.render({ scene: view.scene, camera, subject: view.subject, state: view.state, width, height, output });
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

  dispose(): void {
    this.disposed = true;
    this.collect();
    for (const t of this.targets.values()) t.dispose();
    this.targets.clear();
    this.pipeline.dispose();
  }
}
