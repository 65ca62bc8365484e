/**
 * Limits on the user's own subjects: a glTF/GLB or photo over its size limit is refused by File.size
 * before it is read (the current subject and the stored one stay), and a photo is decoded at a bounded
 * size (its pixel size read from the header, createImageBitmap resize options keeping the aspect).
 */
import jpeg from 'jpeg-js';
import { afterEach, describe, expect, it } from 'vitest';
import { boundedPhotoSize, imageDimensions, photoDecodeOptions, photoPixelsProblem } from '../../src/lib/limits/photo-size';
import { MiB } from '../../src/lib/limits/sizes';
import type { StoredSubjectFile, UserSubjectKind } from '../../src/lib/scene/subjects/user-subject-file';
import { buildPhotoSubject } from '../../src/lib/scene/subjects/user-subject-objects';
import type { UserSubjectStore } from '../../src/lib/scene/subjects/user-subject-store';
import { UserSubjects } from '../../src/lib/scene/subjects/user-subjects.svelte';
import { SceneStateStore } from '../../src/lib/state/scene-state.svelte';

const bytes = (...b: number[]) => new Uint8Array(b);
const be16 = (n: number) => [n >> 8, n & 255];
const le16 = (n: number) => [n & 255, n >> 8];
const le32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** A real JPEG (jpeg-js) of w x h, optionally with an EXIF orientation inserted after SOI. */
function realJpeg(w: number, h: number, orientation?: number): Uint8Array {
  const data = jpeg.encode({ width: w, height: h, data: Buffer.alloc(w * h * 4, 128) }, 80).data;
  if (!orientation) return new Uint8Array(data);
  // APP1 "Exif\0\0", big-endian TIFF, IFD0 with one entry: Orientation (0x0112), SHORT, 1, value.
  const tiff = [...ascii('MM'), 0, 42, 0, 0, 0, 8, ...be16(1), ...be16(0x0112), ...be16(3), 0, 0, 0, 1, ...be16(orientation), 0, 0, 0, 0, 0, 0];
  const payload = [...ascii('Exif'), 0, 0, ...tiff];
  return bytes(0xff, 0xd8, 0xff, 0xe1, ...be16(payload.length + 2), ...payload, ...data.subarray(2));
}

/** Just a JPEG's frame header saying w x h (enough for the header reader; no pixel data). */
const jpegHeader = (w: number, h: number) => bytes(0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, ...be16(h), ...be16(w), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1);

describe('reading a photo\'s pixel size from its header', () => {
  it('reads JPEG (with EXIF orientation), PNG, GIF, WebP and BMP', () => {
    expect(imageDimensions(realJpeg(30, 20))).toEqual({ width: 30, height: 20 });
    // Orientation 6 (turned 90 degrees): shown 20 wide, 30 tall.
    expect(imageDimensions(realJpeg(30, 20, 6))).toEqual({ width: 20, height: 30 });
    expect(imageDimensions(realJpeg(30, 20, 3))).toEqual({ width: 30, height: 20 });
    const png = bytes(0x89, ...ascii('PNG'), 13, 10, 26, 10, 0, 0, 0, 13, ...ascii('IHDR'), 0, 0, 0x1f, 0x40, 0, 0, 0x17, 0x70);
    expect(imageDimensions(png)).toEqual({ width: 8000, height: 6000 });
    expect(imageDimensions(bytes(...ascii('GIF89a'), ...le16(640), ...le16(480)))).toEqual({ width: 640, height: 480 });
    const riff = (chunk: number[]) => bytes(...ascii('RIFF'), ...le32(100), ...ascii('WEBP'), ...chunk);
    const vp8x = riff([...ascii('VP8X'), ...le32(10), 0, 0, 0, 0, 4999 & 255, 4999 >> 8, 0, 2999 & 255, 2999 >> 8, 0]);
    expect(imageDimensions(vp8x)).toEqual({ width: 5000, height: 3000 });
    const vp8l = riff([...ascii('VP8L'), ...le32(10), 0x2f, ...le32((1023 & 0x3fff) | (767 << 14))]);
    expect(imageDimensions(vp8l)).toEqual({ width: 1024, height: 768 });
    const vp8 = riff([...ascii('VP8 '), ...le32(10), 0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(4000), ...le16(3000)]);
    expect(imageDimensions(vp8)).toEqual({ width: 4000, height: 3000 });
    const bmp = bytes(...ascii('BM'), ...le32(0), 0, 0, 0, 0, ...le32(54), ...le32(40), ...le32(300), ...le32(-200 >>> 0));
    expect(imageDimensions(bmp)).toEqual({ width: 300, height: 200 });
    expect(imageDimensions(bytes(0xff, 0xd8, 0xff, 0xda, 0, 2))).toBeNull();
  });

  it('decodes at most 2048 px on the longer side, keeping the aspect ratio', () => {
    expect(boundedPhotoSize({ width: 8000, height: 6000 })).toEqual({ width: 2048, height: 1536 });
    expect(boundedPhotoSize({ width: 3000, height: 4000 })).toEqual({ width: 1536, height: 2048 });
    expect(boundedPhotoSize({ width: 1200, height: 900 })).toEqual({ width: 1200, height: 900 });
    expect(photoDecodeOptions({ width: 8000, height: 6000 })).toEqual({ resizeWidth: 2048, resizeQuality: 'high' });
    expect(photoDecodeOptions({ width: 3000, height: 4000 })).toEqual({ resizeHeight: 2048, resizeQuality: 'high' });
    expect(photoDecodeOptions({ width: 2048, height: 100 })).toEqual({});
  });

  it('refuses more than 150 megapixels (a decompression bomb), naming the size', () => {
    expect(photoPixelsProblem({ width: 12000, height: 9000 })).toBeNull(); // a 108 MP phone photo
    expect(photoPixelsProblem({ width: 20000, height: 20000 })).toBe('it is 20000 × 20000 pixels (400 megapixels); the limit is 150 megapixels');
  });
});

describe('decoding a photo subject', () => {
  const saved = { createImageBitmap: globalThis.createImageBitmap, document: globalThis.document };
  afterEach(() => {
    globalThis.createImageBitmap = saved.createImageBitmap;
    globalThis.document = saved.document;
  });

  it('asks the browser to decode a huge photo at the bounded size, not at full resolution', async () => {
    const decodes: ImageBitmapOptions[] = [];
    // Node has no image decoder: record what is asked for and answer as a browser would.
    globalThis.createImageBitmap = (async (_: Blob, options: ImageBitmapOptions = {}) => {
      decodes.push(options);
      const width = options.resizeWidth ?? (options.resizeHeight ? Math.round((options.resizeHeight * 8000) / 6000) : 8000);
      return { width, height: options.resizeHeight ?? Math.round((width * 6000) / 8000), close() {} };
    }) as unknown as typeof createImageBitmap;
    const canvas = { width: 0, height: 0, getContext: () => ({ drawImage() {} }) };
    globalThis.document = { createElement: () => canvas } as unknown as Document;

    const header = jpegHeader(8000, 6000);
    await buildPhotoSubject(header.slice().buffer, 'image/jpeg');
    expect(decodes).toEqual([{ resizeWidth: 2048, resizeQuality: 'high' }]);
    expect([canvas.width, canvas.height]).toEqual([2048, 1536]);

    await expect(buildPhotoSubject(jpegHeader(20000, 20000).slice().buffer, 'image/jpeg')).rejects.toThrow(/400 megapixels/);
    expect(decodes).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------

/** A File claiming `size` bytes (no memory behind it) that records any read of it or of a slice. */
function watchedFile(name: string, size: number, head: Uint8Array, reads: string[]): File {
  const file = new File([head as BlobPart], name);
  Object.defineProperty(file, 'size', { value: size });
  const record = (what: string) => () => {
    reads.push(what);
    throw new Error(`${name} was read`);
  };
  Object.defineProperty(file, 'arrayBuffer', { value: record('whole file') });
  Object.defineProperty(file, 'text', { value: record('whole file') });
  Object.defineProperty(file, 'slice', {
    value: (start?: number, end?: number) => {
      reads.push(`head ${start}-${end}`);
      return new Blob([head as BlobPart]).slice(start, end);
    }
  });
  return file;
}

/** A subject store in memory that records every write. */
function memoryDb(stored: Partial<Record<UserSubjectKind, StoredSubjectFile>>) {
  const writes: string[] = [];
  const db = {
    save: async (f: StoredSubjectFile) => void writes.push(`save ${f.name}`),
    load: async (kind: UserSubjectKind) => stored[kind] ?? null,
    remove: async (kind: UserSubjectKind) => void writes.push(`remove ${kind}`)
  } as unknown as UserSubjectStore;
  return { db, writes };
}

const GLB_HEAD = bytes(...ascii('glTF'), 2, 0, 0, 0);

describe('a subject file over its limit', () => {
  it.each([
    ['from the model picker', 'big.glb', 'gltf' as const],
    ['dropped, its name saying .glb', 'big.glb', undefined],
    ['dropped, named anything', 'scan-0042', undefined]
  ])('is refused before it is read (%s)', async (_, name, expected) => {
    const reads: string[] = [];
    const { db, writes } = memoryDb({});
    const users = new UserSubjects(new SceneStateStore(), db);
    const ok = await users.importFile(watchedFile(name, 240 * MiB, GLB_HEAD, reads), expected);
    expect(ok).toBe(false);
    expect(users.message).toEqual({ kind: 'error', text: `This glTF file, "${name}", is 240 MB; the limit is 100 MB. The current subject stays.` });
    // Only a name that tells nothing needs the first bytes to know the kind; the whole file is never read.
    expect(reads).toEqual(name === 'scan-0042' ? ['head 0-65539'] : []);
    expect(writes).toEqual([]);
    expect(users.gltf).toBeNull();
  });

  it('a photo over 64 MB from the photo picker is refused by its size alone', async () => {
    const reads: string[] = [];
    const users = new UserSubjects(new SceneStateStore(), memoryDb({}).db);
    await users.importFile(watchedFile('pano.png', 80 * MiB, bytes(0x89, ...ascii('PNG')), reads), 'photo');
    expect(users.message?.text).toBe('This photo, "pano.png", is 80 MB; the limit is 64 MB. The current subject stays.');
    expect(reads).toEqual([]);
  });
});

