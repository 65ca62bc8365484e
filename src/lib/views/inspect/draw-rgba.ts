/** Draws an RGBA image (top row first, `width`×`height`) scaled to fill a 2D canvas. */
export function drawRgba(
  ctx: CanvasRenderingContext2D,
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  smooth = true
): void {
  const image = new ImageData(width, height);
  image.data.set(pixels.subarray(0, width * height * 4));
  const small = new OffscreenCanvas(width, height);
  small.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = smooth;
  ctx.drawImage(small, 0, 0, ctx.canvas.width, ctx.canvas.height);
}
