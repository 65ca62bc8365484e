/**
 * The size a photo is decoded at: its pixel size read from the file's header (JPEG, PNG, GIF, WebP,
 * BMP; a JPEG's EXIF orientation swaps the sides as the browser shows it), and the createImageBitmap
 * options that decode it with its longer side at most PHOTO_MAX_EDGE, keeping its aspect ratio.
 */
import { PHOTO_MAX_EDGE, PHOTO_MAX_PIXELS } from './sizes';

export interface PixelSize {
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const u32le = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/** EXIF orientation (1-8) from an APP1 segment's data (starting at "Exif\0\0"), or 1. */
function exifOrientation(b: Uint8Array, start: number, end: number): number {
  if (ascii(b, start, 4) !== 'Exif') return 1;
  const tiff = start + 6;
  const little = ascii(b, tiff, 2) === 'II';
  const u16 = (i: number) => (little ? u16le(b, i) : u16be(b, i));
  const u32 = (i: number) => (little ? u32le(b, i) : u32be(b, i));
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > end) return 1;
  const count = u16(ifd);
  for (let e = 0; e < count; e++) {
    const at = ifd + 2 + e * 12;
    if (at + 12 > end) break;
    if (u16(at) === 0x0112) {
      const value = u16(at + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

function jpegSize(b: Uint8Array): PixelSize | null {
  let i = 2;
  let orientation = 1;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2;
      continue;
    }
    const length = u16be(b, i + 2);
    if (marker === 0xe1) orientation = Math.max(orientation, exifOrientation(b, i + 4, Math.min(b.length, i + 2 + length)));
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame && i + 9 <= b.length) {
      const height = u16be(b, i + 5);
      const width = u16be(b, i + 7);
      // Orientations 5-8 turn the picture by 90 degrees.
      return orientation >= 5 ? { width: height, height: width } : { width, height };
    }
    if (marker === 0xda || marker === 0xd9) return null; // image data (or the end) before any frame header
    i += 2 + length;
  }
  return null;
}

function webpSize(b: Uint8Array): PixelSize | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X' && b.length >= 30) {
    return { width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
  }
  if (chunk === 'VP8 ' && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = u32le(b, 21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return null;
}

function bmpSize(b: Uint8Array): PixelSize | null {
  if (b.length < 26) return null;
  if (u32le(b, 14) === 12) return { width: u16le(b, 18), height: u16le(b, 20) };
  return { width: Math.abs(u32le(b, 18) | 0), height: Math.abs(u32le(b, 22) | 0) };
}

/** The pixel size of an image as the browser shows it, from its header; null when it cannot be read. */
export function imageDimensions(bytes: Uint8Array): PixelSize | null {
  const b = bytes;
  let size: PixelSize | null = null;
  if (b[0] === 0xff && b[1] === 0xd8) size = jpegSize(b);
  else if (b.length >= 24 && ascii(b, 1, 3) === 'PNG' && ascii(b, 12, 4) === 'IHDR') size = { width: u32be(b, 16), height: u32be(b, 20) };
  else if (b.length >= 10 && ascii(b, 0, 4) === 'GIF8') size = { width: u16le(b, 6), height: u16le(b, 8) };
  else if (b.length >= 16 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') size = webpSize(b);
  else if (ascii(b, 0, 2) === 'BM') size = bmpSize(b);
  return size && size.width > 0 && size.height > 0 ? size : null;
}

/** The size a width x height photo is decoded at: its longer side at most `maxEdge`, aspect kept. */
export function boundedPhotoSize(size: PixelSize, maxEdge = PHOTO_MAX_EDGE): PixelSize {
  const scale = Math.min(1, maxEdge / Math.max(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/**
 * createImageBitmap options that decode a photo of `size` at its bounded size; {} when it already fits.
 * Only the longer side is given: the browser derives the other from the image itself, so the aspect
 * ratio holds even if the header's orientation was misread.
 */
export function photoDecodeOptions(size: PixelSize, maxEdge = PHOTO_MAX_EDGE): ImageBitmapOptions {
  const target = boundedPhotoSize(size, maxEdge);
  if (target.width === size.width && target.height === size.height) return {};
  return size.width >= size.height
    ? { resizeWidth: target.width, resizeQuality: 'high' }
    : { resizeHeight: target.height, resizeQuality: 'high' };
}

/** Why a photo of `size` is refused (too many pixels to decode safely), or null. */
export function photoPixelsProblem(size: PixelSize, maxPixels = PHOTO_MAX_PIXELS): string | null {
  const megapixels = (size.width * size.height) / 1e6;
  if (megapixels * 1e6 <= maxPixels) return null;
  return `it is ${size.width} × ${size.height} pixels (${Math.round(megapixels)} megapixels); the limit is ${Math.round(maxPixels / 1e6)} megapixels`;
}
