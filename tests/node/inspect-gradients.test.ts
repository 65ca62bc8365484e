/**
 * The input gradient that attacks use, on a real model: the wasm backend (with the registered
 * gradient kernels) gives the cpu backend's gradient.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { configureWasmPaths } from '../../src/lib/workers/backends';
import { ModelEngine } from '../../src/lib/workers/engine';
import { registerWasmGradientKernels } from '../../src/lib/workers/inspect/gradients-wasm';
import { framePixels, modelInput } from '../../src/lib/workers/inspect/pixels';
import { FIXTURE_MODELS, IMAGES_DIR, describeFixtures, fixtureMeta, fsHandler, readLabels } from '../helpers/fixtures';

describeFixtures('input gradients on wasm', () => {
  let labels: string[];
  let bird: { pixels: Uint8Array; width: number; height: number; flipY: boolean };

  beforeAll(() => {
    configureWasmPaths(resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
    registerWasmGradientKernels(tf);
    labels = readLabels();
    const img = jpeg.decode(readFileSync(join(IMAGES_DIR, 'bird.jpg')), { useTArray: true, formatAsRGBA: true });
    bird = { pixels: new Uint8Array(img.data), width: img.width, height: img.height, flipY: false };
  });

  /** d log p(robin) / d pixels on `backend`, for v1 0.25 (layers: fused convs and depthwise convs). */
  async function robinGradient(backend: 'wasm' | 'cpu'): Promise<Float32Array> {
    const meta = fixtureMeta('layers', labels, { id: 'v1-025', name: 'v1 0.25', backend });
    const engine = new ModelEngine(tf);
    await engine.load(fsHandler(tf, FIXTURE_MODELS.v1_025), meta, backend);
    expect(tf.getBackend()).toBe(backend);
    const { taps } = engine.inspection();
    const robin = labels.indexOf('robin, American robin, Turdus migratorius');
    const grad = tf.tidy(() => {
      const x = framePixels(tf, bird, meta.inputSize);
      const f = (p: tf.Tensor) => tf.squeeze(tf.slice(taps.logProbabilities(modelInput(tf, p as tf.Tensor4D, meta.preprocess)), [robin], [1]));
      return tf.grad(f)(x);
    });
    const data = (await grad.data()) as Float32Array;
    grad.dispose();
    engine.dispose();
    return data;
  }

  test('wasm input gradient equals the cpu input gradient (v1 0.25, log p(robin) w.r.t. pixels)', async () => {
    const wasm = await robinGradient('wasm');
    const cpu = await robinGradient('cpu');
    expect(wasm).toHaveLength(224 * 224 * 3);
    let maxAbs = 0;
    let maxDiff = 0;
    let dot = 0;
    let nw = 0;
    let nc = 0;
    for (let i = 0; i < cpu.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(cpu[i]));
      maxDiff = Math.max(maxDiff, Math.abs(cpu[i] - wasm[i]));
      dot += cpu[i] * wasm[i];
      nw += wasm[i] * wasm[i];
      nc += cpu[i] * cpu[i];
    }
    expect(maxAbs).toBeGreaterThan(0);
    expect(maxDiff / maxAbs).toBeLessThan(1e-3);
    expect(dot / Math.sqrt(nw * nc)).toBeGreaterThan(0.99999);
  });
});
