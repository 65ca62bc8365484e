/**
 * Model frames of a photo without WebGL: for each consumer the capture hub says wants the current scene version,
 * the largest centred crop of the photo with the consumer's aspect ratio (a square for the usual
 * 224x224) is scaled to the consumer's input size on a 2D canvas. It plays the frame capturer's part
 * for the CaptureHub (captureStarted, then deliver or captureFailed); none of the scene's
 * perturbations apply (they are GPU passes).
 */
import type { CaptureHub, FrameConsumer } from './capture-hub';

/** A source rectangle in the photo's pixels. */
export interface CropRect {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
}

/** The largest rectangle of aspect width:height centred in a photo of photoWidth x photoHeight. */
export function centreCrop(photoWidth: number, photoHeight: number, width: number, height: number): CropRect {
  const aspect = width / height;
  const sw = Math.min(photoWidth, photoHeight * aspect);
  const sh = sw / aspect;
  return { sx: (photoWidth - sw) / 2, sy: (photoHeight - sh) / 2, sw, sh };
}

/** Draws the crop of the photo at width x height and returns its RGBA pixels, top row first. */
export type CropDrawer = (crop: CropRect, width: number, height: number) => Uint8Array;

export interface PhotoFrameView {
  photoWidth: number;
  photoHeight: number;
  draw: CropDrawer;
  /** Scene version the frame shows. */
  version: number;
}

/** Called once per animation frame (or whenever something may want a frame): delivers what is wanted. */
export function deliverPhotoFrames(captureHub: CaptureHub, view: PhotoFrameView, now: () => number = () => performance.now()): number {
  const wanting = captureHub.wanting(view.version);
  const bySize = new Map<string, FrameConsumer[]>();
  for (const consumer of wanting) {
    const key = `${consumer.width}x${consumer.height}`;
    bySize.set(key, [...(bySize.get(key) ?? []), consumer]);
  }
  let delivered = 0;
  for (const group of bySize.values()) {
    const { width, height } = group[0];
    for (const c of group) captureHub.captureStarted(c.id, view.version);
    const capturedAt = now();
    let pixels: Uint8Array;
    try {
      pixels = view.draw(centreCrop(view.photoWidth, view.photoHeight, width, height), width, height);
    } catch (error) {
      for (const c of group) captureHub.captureFailed(c.id, error);
      continue;
    }
    // Each consumer gets its own buffer: they are transferred to different workers.
    group.forEach((c, i) => {
      try {
        c.deliver({ version: view.version, width, height, pixels: i === 0 ? pixels : pixels.slice(), flipY: false, capturedAt });
        delivered++;
      } catch (error) {
        console.error(`Frame consumer ${c.id} failed to take a frame`, error);
      }
    });
  }
  return delivered;
}

/** A CropDrawer over a decoded photo (canvas or bitmap), drawing on one reused 2D canvas. */
export function canvasCropDrawer(photo: CanvasImageSource): CropDrawer {
  let canvas: HTMLCanvasElement | null = null;
  return (crop, width, height) => {
    canvas ??= document.createElement('canvas');
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas context');
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(photo, crop.sx, crop.sy, crop.sw, crop.sh, 0, 0, width, height);
    const data = ctx.getImageData(0, 0, width, height).data;
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  };
}
