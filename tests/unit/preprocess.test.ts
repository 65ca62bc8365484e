import { describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { centreSquare, frameToInput, preprocessScalars } from '../../src/lib/workers/preprocess';
import { modelInput } from '../../src/lib/workers/inspect/pixels';

function rgba(width: number, height: number, at: (x: number, y: number) => [number, number, number]): Uint8Array {
  const px = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = at(x, y);
      px.set([r, g, b, 255], (y * width + x) * 4);
    }
  return px;
}

describe('preprocessScalars', () => {
  test('range01 maps 0..255 to 0..1', () => {
    const { scale, offset } = preprocessScalars({ kind: 'range01' });
    expect(scale[0] * 255 + offset[0]).toBeCloseTo(1, 10);
    expect(offset).toEqual([0, 0, 0]);
  });
  test('range11 maps 0 to -1, 127.5 to 0 and 255 to 1', () => {
    const { scale, offset } = preprocessScalars({ kind: 'range11' });
    expect(0 * scale[1] + offset[1]).toBe(-1);
    expect(127.5 * scale[1] + offset[1]).toBeCloseTo(0, 10);
    expect(255 * scale[2] + offset[2]).toBeCloseTo(1, 10);
  });
  test('meanstd matches (x/255 - mean) / std per channel (ImageNet mean/std, hand-computed)', () => {
    const mean: [number, number, number] = [0.485, 0.456, 0.406];
    const std: [number, number, number] = [0.229, 0.224, 0.225];
    const { scale, offset } = preprocessScalars({ kind: 'meanstd', mean, std });
    // x = 0: -mean/std
    expect(offset[0]).toBeCloseTo(-2.117904, 5);
    expect(offset[1]).toBeCloseTo(-2.035714, 5);
    expect(offset[2]).toBeCloseTo(-1.804444, 5);
    // x = 255: (1 - mean)/std
    expect(255 * scale[0] + offset[0]).toBeCloseTo(2.248908, 5);
    expect(255 * scale[1] + offset[1]).toBeCloseTo(2.428571, 5);
    expect(255 * scale[2] + offset[2]).toBeCloseTo(2.64, 5);
  });
});

describe('caffe: BGR order, minus the ImageNet channel means on the 0..255 scale', () => {
  test('a pixel (R, G, B) = (200, 100, 50) becomes (B - 103.939, G - 116.779, R - 123.68)', async () => {
    await tf.setBackend('cpu');
    const pixels = rgba(1, 1, () => [200, 100, 50]);
    const before = tf.memory().numTensors;
    const t = frameToInput(tf, { pixels, width: 1, height: 1, flipY: false }, { inputSize: [1, 1], preprocess: { kind: 'caffe' } });
    const v = Array.from(await t.data());
    [50 - 103.939, 100 - 116.779, 200 - 123.68].forEach((x, i) => expect(v[i]).toBeCloseTo(x, 4));
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(preprocessScalars({ kind: 'caffe' }).bgr).toBe(true);
    expect(preprocessScalars({ kind: 'range01' }).bgr).toBe(false);
  });

  test('attacks and feature visualisation feed the model the same values (pixel space -> model input)', async () => {
    await tf.setBackend('cpu');
    const pixels = rgba(2, 2, (x, y) => [200 - x, 100 + y, 50]);
    const viaFrame = frameToInput(tf, { pixels, width: 2, height: 2, flipY: false }, { inputSize: [2, 2], preprocess: { kind: 'caffe' } });
    const rgb = [200, 100, 50, 199, 100, 50, 200, 101, 50, 199, 101, 50];
    const viaPixels = tf.tidy(() => modelInput(tf, tf.tensor4d(rgb, [1, 2, 2, 3]), { kind: 'caffe' }));
    expect(Array.from(await viaPixels.data())).toEqual(Array.from(await viaFrame.data()));
    tf.dispose([viaFrame, viaPixels]);
  });
});

describe('centreSquare', () => {
  test('landscape and portrait crops are centred', () => {
    expect(centreSquare(640, 480)).toEqual({ top: 0, left: 80, size: 480 });
    expect(centreSquare(3, 6)).toEqual({ top: 1, left: 0, size: 3 });
  });
});

describe('frameToInput (cpu)', () => {
  test('drops alpha and scales values, without resizing when sizes match', async () => {
    await tf.setBackend('cpu');
    const pixels = rgba(2, 2, (x, y) => [x * 255, y * 255, 51]);
    const before = tf.memory().numTensors;
    const t = frameToInput(tf, { pixels, width: 2, height: 2, flipY: false }, { inputSize: [2, 2], preprocess: { kind: 'range01' } });
    expect(t.shape).toEqual([1, 2, 2, 3]);
    expect(t.dtype).toBe('float32');
    const v = Array.from(await t.data());
    // pixel (0,0): 0,0,0.2 ; (1,0): 1,0,0.2 ; (0,1): 0,1,0.2 ; (1,1): 1,1,0.2
    const expected = [0, 0, 0.2, 1, 0, 0.2, 0, 1, 0.2, 1, 1, 0.2];
    v.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 5));
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('flipY turns bottom-up rows into top-down order', async () => {
    await tf.setBackend('cpu');
    // 3 x 3, red = 100 * buffer row; stored bottom-up, buffer row 0 is the image's bottom row.
    const pixels = rgba(3, 3, (_x, y) => [y * 100, 0, 0]);
    const meta = { inputSize: [3, 3] as [number, number], preprocess: { kind: 'range01' as const } };
    const up = frameToInput(tf, { pixels, width: 3, height: 3, flipY: false }, meta);
    const down = frameToInput(tf, { pixels, width: 3, height: 3, flipY: true }, meta);
    // red of the first column, top to bottom
    const red = async (t: tf.Tensor) => Array.from(await t.data()).filter((_, i) => i % 9 === 0).map((x) => Math.round(x * 255));
    expect(await red(up)).toEqual([0, 100, 200]);
    expect(await red(down)).toEqual([200, 100, 0]);
    tf.dispose([up, down]);
  });

  test('flipY with an odd crop margin takes the same image rows as the top-down frame', async () => {
    await tf.setBackend('cpu');
    // 2 wide x 5 high: crop keeps 2 rows starting at image row floor(3/2) = 1, i.e. image rows 1..2.
    const topDown = rgba(2, 5, (_x, y) => [y * 50, 0, 0]);
    const bottomUp = rgba(2, 5, (_x, y) => [(4 - y) * 50, 0, 0]);
    const meta = { inputSize: [2, 2] as [number, number], preprocess: { kind: 'range01' as const } };
    const a = frameToInput(tf, { pixels: topDown, width: 2, height: 5, flipY: false }, meta);
    const b = frameToInput(tf, { pixels: bottomUp, width: 2, height: 5, flipY: true }, meta);
    const va = Array.from(await a.data()).map((x) => Math.round(x * 255));
    expect(va.filter((_, i) => i % 3 === 0)).toEqual([50, 50, 100, 100]);
    expect(Array.from(await b.data()).map((x) => Math.round(x * 255))).toEqual(va);
    tf.dispose([a, b]);
  });

  test('a non-square frame is centre-cropped (side bands never reach the model)', async () => {
    await tf.setBackend('cpu');
    // 4 wide x 2 high: columns 0 and 3 are red bands, the centre 2x2 is grey 128.
    const pixels = rgba(4, 2, (x) => (x === 0 || x === 3 ? [255, 0, 0] : [128, 128, 128]));
    const t = frameToInput(tf, { pixels, width: 4, height: 2, flipY: false }, { inputSize: [2, 2], preprocess: { kind: 'range11' } });
    const v = Array.from(await t.data());
    v.forEach((x) => expect(x).toBeCloseTo(128 / 127.5 - 1, 5));
    t.dispose();
  });

  test('resizes bilinearly to the model input size', async () => {
    await tf.setBackend('cpu');
    const pixels = rgba(8, 8, () => [10, 20, 30]);
    const t = frameToInput(tf, { pixels, width: 8, height: 8, flipY: false }, { inputSize: [4, 4], preprocess: { kind: 'range01' } });
    expect(t.shape).toEqual([1, 4, 4, 3]);
    const v = await t.data();
    expect(v[0]).toBeCloseTo(10 / 255, 5);
    expect(v[2]).toBeCloseTo(30 / 255, 5);
    t.dispose();
  });

  test('rejects a pixel buffer of the wrong size', () => {
    expect(() =>
      frameToInput(tf, { pixels: new Uint8Array(10), width: 2, height: 2, flipY: false }, { inputSize: [2, 2], preprocess: { kind: 'range01' } })
    ).toThrow(/expected 2x2x4/);
  });
});
