/**
 * Renders model-input frames off screen: for each consumer that wants one, the scene is drawn with a
 * square copy of the main camera into a render target at the consumer's input size, tone-mapped and
 * sRGB-encoded like the visible canvas (OutputPass), and read back asynchronously. The visible canvas is
 * never read.
 */
import {
  HalfFloatType,
  PerspectiveCamera,
  RGBAFormat,
  UnsignedByteType,
  WebGLRenderTarget,
  type Object3D,
  type WebGLRenderer
} from 'three';
import { OutputPass } from 'three/examples/jsm/postprocessing/OutputPass.js';
import type { CaptureRequester, FrameConsumer } from '../pipeline/scheduler';

interface SizeTargets {
  /** The scene in linear light (multisampled, half float), as the renderer draws into render targets. */
  scene: WebGLRenderTarget;
  /** 8-bit sRGB after tone mapping: what is read back. */
  output: WebGLRenderTarget;
}

export interface CaptureView {
  scene: Object3D;
  camera: PerspectiveCamera;
  /** The models' vertical field of view, degrees (the square view). */
  fov: number;
  /** Scene version this render shows. */
  version: number;
}

export class FrameCapturer {
  private readonly targets = new Map<string, SizeTargets>();
  private readonly camera = new PerspectiveCamera();
  private readonly outputPass = new OutputPass();
  /** Captures whose pixels are still being read back. */
  pendingReads = 0;
  disposed = false;

  constructor(private readonly renderer: WebGLRenderer) {}

  /** Called once per tick: captures for every consumer the requester says wants this version. */
  tick(requester: CaptureRequester, view: CaptureView): void {
    if (this.disposed) return;
    const wanting = requester.wanting(view.version);
    if (wanting.length === 0) return;
    const bySize = new Map<string, FrameConsumer[]>();
    for (const consumer of wanting) {
      const key = `${consumer.width}x${consumer.height}`;
      bySize.set(key, [...(bySize.get(key) ?? []), consumer]);
    }
    for (const group of bySize.values()) this.captureGroup(requester, view, group);
  }

  private captureGroup(requester: CaptureRequester, view: CaptureView, group: FrameConsumer[]): void {
    const { width, height } = group[0];
    for (const c of group) requester.captureStarted(c.id);
    const fail = (error: unknown) => {
      for (const c of group) requester.captureFailed(c.id, error);
    };
    let read: Promise<Uint8Array>;
    const capturedAt = performance.now();
    try {
      read = this.renderAndRead(view, width, height);
    } catch (error) {
      fail(error);
      return;
    }
    this.pendingReads += 1;
    read
      .then((pixels) => {
        // Each consumer gets its own buffer: they are transferred to different workers, and a
        // transfer detaches the buffer at once, so the copies are made before any delivery.
        const buffers = group.map((_, i) => (i === 0 ? pixels : pixels.slice()));
        group.forEach((c, i) => {
          const frame = {
            version: view.version,
            width,
            height,
            pixels: buffers[i],
            flipY: true,
            capturedAt
          };
          try {
            c.deliver(frame);
          } catch (error) {
            console.error(`Frame consumer ${c.id} failed to take a frame`, error);
          }
        });
      }, fail)
      .finally(() => {
        this.pendingReads -= 1;
      });
  }

  private renderAndRead(view: CaptureView, width: number, height: number): Promise<Uint8Array> {
    const { renderer, camera } = this;
    const targets = this.targetsFor(width, height);
    camera.copy(view.camera, false);
    camera.fov = view.fov;
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    camera.updateMatrixWorld();

    const previous = renderer.getRenderTarget();
    try {
      renderer.setRenderTarget(targets.scene);
      renderer.render(view.scene, camera);
      this.outputPass.render(renderer, targets.output, targets.scene, 0, false);
    } finally {
      renderer.setRenderTarget(previous);
    }
    const pixels = new Uint8Array(width * height * 4);
    // The read is queued on the GPU now; later renders into the same target do not disturb it.
    return renderer
      .readRenderTargetPixelsAsync(targets.output, 0, 0, width, height, pixels)
      .then(() => pixels);
  }

  private targetsFor(width: number, height: number): SizeTargets {
    const key = `${width}x${height}`;
    let t = this.targets.get(key);
    if (!t) {
      t = {
        scene: new WebGLRenderTarget(width, height, { type: HalfFloatType, samples: 4, depthBuffer: true }),
        // No colour space on purpose: an sRGB target would make the GPU encode a second time.
        output: new WebGLRenderTarget(width, height, {
          type: UnsignedByteType,
          format: RGBAFormat,
          depthBuffer: false
        })
      };
      this.targets.set(key, t);
    }
    return t;
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.targets.values()) {
      t.scene.dispose();
      t.output.dispose();
    }
    this.targets.clear();
    this.outputPass.dispose();
  }
}
