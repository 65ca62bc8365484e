/**
 * The wasm gradient kernels (registered by registerWasmGradientKernels) give the same input and filter
 * gradients as the cpu backend's own kernels, for plain, fused and depthwise convolutions.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { configureWasmPaths } from '../../src/lib/workers/backends';
import { WASM_GRADIENT_KERNELS, registerWasmGradientKernels } from '../../src/lib/workers/inspect/gradients-wasm';

type Grads = Float32Array[];

async function onBackend(name: 'cpu' | 'wasm', fn: () => tf.Tensor[]): Promise<Grads> {
  await tf.setBackend(name);
  expect(tf.getBackend()).toBe(name);
  const out = fn();
  const data = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(out);
  return data;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function seeded(shape: number[], seed: number): number[] {
  return Array.from(tf.randomUniform(shape, -1, 1, 'float32', seed).dataSync());
}

interface Case {
  name: string;
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: number;
  pad: 'same' | 'valid';
  dilations?: number;
  kind: 'conv' | 'fused' | 'depthwise' | 'fusedDepthwise';
}

const cases: Case[] = [
  { name: 'conv 3x3 stride 2 same', x: [1, 9, 8, 3], f: [3, 3, 3, 4], strides: 2, pad: 'same', kind: 'conv' },
  { name: 'fused conv 1x1 stride 1 + bias + relu6', x: [2, 5, 5, 4], f: [1, 1, 4, 6], strides: 1, pad: 'valid', kind: 'fused' },
  { name: 'fused conv 3x3 stride 1 same (linear)', x: [1, 7, 7, 2], f: [3, 3, 2, 3], strides: 1, pad: 'same', kind: 'fused' },
  { name: 'depthwise 3x3 stride 2 same', x: [1, 10, 9, 3], f: [3, 3, 3, 1], strides: 2, pad: 'same', kind: 'depthwise' },
  { name: 'depthwise 3x3 stride 1 valid, multiplier 2', x: [2, 6, 7, 2], f: [3, 3, 2, 2], strides: 1, pad: 'valid', kind: 'depthwise' },
  { name: 'fused depthwise 3x3 stride 1 same + bias', x: [1, 6, 6, 3], f: [3, 3, 3, 1], strides: 1, pad: 'same', kind: 'fusedDepthwise' }
];

describe('wasm gradient kernels', () => {
  beforeAll(async () => {
    configureWasmPaths(resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
    registerWasmGradientKernels(tf);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  test('the kernels the wasm backend lacks are registered', () => {
    for (const k of WASM_GRADIENT_KERNELS) expect(tf.getKernel(k, 'wasm'), k).toBeDefined();
  });

  for (const c of cases) {
    test(`${c.name}: wasm input and filter gradients equal cpu's`, async () => {
      await tf.setBackend('cpu');
      const xv = seeded(c.x, 1);
      const fv = seeded(c.f, 2);
      const outC = c.kind.includes('epthwise') ? c.f[2] * c.f[3] : c.f[3];
      const bv = seeded([outC], 3);
      const run = () =>
        tf.tidy(() => {
          const x = tf.tensor4d(xv, c.x);
          const f = tf.tensor4d(fv, c.f);
          const bias = tf.tensor1d(bv);
          const loss = (xx: tf.Tensor, ff: tf.Tensor) => {
            const x4 = xx as tf.Tensor4D;
            const f4 = ff as tf.Tensor4D;
            let y: tf.Tensor4D;
            if (c.kind === 'conv') y = tf.conv2d(x4, f4, c.strides, c.pad);
            else if (c.kind === 'fused') y = tf.fused.conv2d({ x: x4, filter: f4, strides: c.strides, pad: c.pad, bias, activation: c.f[0] === 1 ? 'relu6' : 'linear' });
            else if (c.kind === 'depthwise') y = tf.depthwiseConv2d(x4, f4, c.strides, c.pad, 'NHWC', c.dilations ?? 1);
            else y = tf.fused.depthwiseConv2d({ x: x4, filter: f4, strides: c.strides, pad: c.pad, bias });
            // A non-uniform weighting so that every output position matters differently.
            return tf.sum(tf.mul(y, tf.sin(tf.range(0, y.size).reshape(y.shape))));
          };
          return tf.grads(loss)([x, f]);
        });
      const cpu = await onBackend('cpu', run);
      const wasm = await onBackend('wasm', run);
      expect(maxAbsDiff(cpu[0], wasm[0])).toBeLessThan(1e-4); // d/dx
      expect(maxAbsDiff(cpu[1], wasm[1])).toBeLessThan(1e-4); // d/dfilter
      expect(Math.max(...cpu[0].map(Math.abs))).toBeGreaterThan(0.1); // not trivially zero
    });
  }
});
