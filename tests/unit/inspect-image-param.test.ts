/** Feature-visualisation image parameterisation and resampling (cpu backend, tiny images). */
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ParameterisedImage, randomTransform, transformImage } from '../../src/lib/workers/inspect/image-param';
import { seededRandom } from '../../src/lib/protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ramp = (h: number, w: number) => tf.tensor3d(Array.from({ length: h * w * 3 }, (_, i) => (i % 97) / 97), [h, w, 3]);

describe('transformImage', () => {
  test('the identity transform returns the image', () => {
    const img = ramp(6, 5);
    const out = transformImage(tf, img, { angle: 0, scale: 1, dx: 0, dy: 0 });
    expect(Array.from(out.dataSync())).toEqual(Array.from(img.dataSync()).map((v) => expect.closeTo(v, 6)));
  });

  test('a one-pixel shift moves the image right, fills grey, and its gradient moves back', () => {
    const [h, w] = [4, 5];
    const img = ramp(h, w);
    const shift = { angle: 0, scale: 1, dx: 1, dy: 0 };
    const out = transformImage(tf, img, shift).arraySync() as number[][][];
    const src = img.arraySync() as number[][][];
    for (let y = 0; y < h; y++) {
      expect(out[y][0]).toEqual([0.5, 0.5, 0.5]);
      for (let x = 1; x < w; x++) for (let c = 0; c < 3; c++) expect(out[y][x][c]).toBeCloseTo(src[y][x - 1][c], 6);
    }
    const weights = tf.randomUniform([h, w, 3], -1, 1, 'float32', 5);
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(transformImage(tf, t as tf.Tensor3D, shift), weights)))(img).arraySync() as number[][][];
    const r = weights.arraySync() as number[][][];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let c = 0; c < 3; c++) expect(grad[y][x][c]).toBeCloseTo(x + 1 < w ? r[y][x + 1][c] : 0, 5);
      }
    }
  });

  test('rotation keeps the centre pixel and is deterministic for a seed', () => {
    const img = ramp(7, 7);
    const out = transformImage(tf, img, { angle: 0.3, scale: 1.1, dx: 0, dy: 0 }).arraySync() as number[][][];
    const src = img.arraySync() as number[][][];
    for (let c = 0; c < 3; c++) expect(out[3][3][c]).toBeCloseTo(src[3][3][c], 6);
    const a = seededRandom(42);
    const b = seededRandom(42);
    expect(randomTransform(a, 8, 5, 0.05)).toEqual(randomTransform(b, 8, 5, 0.05));
    const t = randomTransform(seededRandom(1), 8, 5, 0.05);
    expect(Math.abs(t.angle)).toBeLessThanOrEqual((5 * Math.PI) / 180);
    expect(Math.abs(t.dx)).toBeLessThanOrEqual(8);
    expect(t.scale).toBeGreaterThanOrEqual(0.95);
    expect(t.scale).toBeLessThanOrEqual(1.05);
  });
});

describe('ParameterisedImage', () => {
  test('renders valid colours and frees its tensors', () => {
    const before = tf.memory().numTensors;
    for (const kind of ['fourier', 'pixel'] as const) {
      const image = new ParameterisedImage(tf, 8, 6, kind, 1);
      const out = tf.tidy(() => image.render());
      expect(out.shape).toEqual([8, 6, 3]);
      for (const v of out.dataSync()) {
        expect(v).toBeGreaterThan(0);
        expect(v).toBeLessThan(1);
      }
      out.dispose();
      image.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  test('one Fourier coefficient renders a cosine wave: constant along x, symmetric in y', () => {
    const [h, w] = [8, 6];
    const image = new ParameterisedImage(tf, h, w, 'fourier', 1);
    const spectrum = new Float32Array(3 * h * w);
    spectrum[0 * h * w + 1 * w + 0] = 5; // red channel, vertical frequency 1
    image.variables[0].assign(tf.tensor3d(spectrum, [3, h, w]));
    image.variables[1].assign(tf.zeros([3, h, w]));
    const px = tf.tidy(() => image.render()).arraySync() as number[][][];
    for (let y = 0; y < h; y++) {
      for (let x = 1; x < w; x++) expect(px[y][x][0]).toBeCloseTo(px[y][0][0], 5);
      expect(px[y][0][0]).toBeCloseTo(px[(h - y) % h][0][0], 5);
    }
    // cos peaks at y = 0 and is lowest at y = h / 2.
    expect(px[0][0][0]).toBeGreaterThan(px[h / 2][0][0] + 0.01);
    image.dispose();
  });
});
