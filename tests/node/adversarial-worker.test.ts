/**
 * The worker side of adversarial robustness runs, on the fixture model in Node (wasm): untargeted
 * attacks away from a set of classes, and predictions with a float perturbation added to the frame.
 * The attack settings' checks run without fixtures.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { ModelInputError, type AttackConfig, type AttackProgress, type Frame, type ModelMeta } from '../../src/lib/protocol';
import { configureWasmPaths } from '../../src/lib/workers/backends';
import { checkAttackConfig } from '../../src/lib/workers/inspect/attacks';
import { createModelHost, errorCode, type ModelHost } from '../../src/lib/workers/host';
import { FIXTURE_MODELS, IMAGES_DIR, describeFixtures, fixtureMeta, fsHandler, readLabels } from '../helpers/fixtures';

describe('checkAttackConfig: a set of source classes', () => {
  const base: AttackConfig = { method: 'pgd', norm: 'linf', epsilon: 8, steps: 5 };
  const problem = (config: Partial<AttackConfig>): string => {
    try {
      checkAttackConfig({ ...base, ...config }, 1000);
    } catch (error) {
      expect(error).toBeInstanceOf(ModelInputError);
      expect((error as ModelInputError).code).toBe('bad-settings');
      return (error as Error).message;
    }
    return 'accepted';
  };

  test('a set of whole class indices in range, each once, is accepted', () => {
    expect(problem({ sourceClasses: [0, 15, 999] })).toBe('accepted');
  });
  test('an empty set, a class out of range, a repeated class, or a set with a target or source class is refused', () => {
    expect(problem({ sourceClasses: [] })).toMatch(/at least one class/);
    expect(problem({ sourceClasses: [3, 1000] })).toMatch(/no source class 1000: classes go from 0 to 999/);
    expect(problem({ sourceClasses: [-1] })).toMatch(/no source class -1/);
    expect(problem({ sourceClasses: [2.5] })).toMatch(/no source class 2.5/);
    expect(problem({ sourceClasses: [4, 7, 4] })).toMatch(/Source class 4 appears more than once/);
    expect(problem({ sourceClasses: [4, 7], targetClass: 1 })).toMatch(/cannot be combined with a target class/);
    expect(problem({ sourceClasses: [4, 7], sourceClass: 4 })).toMatch(/either one source class or a set/);
  });
});

const meta = (labels: string[]): ModelMeta => fixtureMeta('layers', labels, { id: 'v1-025-layers', name: 'v1 0.25 layers', backend: 'wasm' });

function birdFrame(version = 1): Frame {
  const img = jpeg.decode(readFileSync(join(IMAGES_DIR, 'bird.jpg')), { useTArray: true, formatAsRGBA: true });
  return { version, pixels: new Uint8Array(img.data), width: img.width, height: img.height, flipY: false, capturedAt: 0 };
}

/** The bird's top `height` rows: a landscape frame, so the model sees its centre square. */
function landscapeBird(height: number): Frame {
  const bird = birdFrame();
  return { ...bird, pixels: bird.pixels.slice(0, bird.width * height * 4), height };
}

/** The same image stored bottom-up (WebGL readPixels order). */
function storedBottomUp(frame: Frame): Frame {
  const rowBytes = frame.width * 4;
  const pixels = new Uint8Array(frame.pixels.length);
  for (let r = 0; r < frame.height; r++) pixels.set(frame.pixels.subarray(r * rowBytes, (r + 1) * rowBytes), (frame.height - 1 - r) * rowBytes);
  return { ...frame, pixels, flipY: true };
}

/** A deterministic pseudo-random perturbation in -amplitude..amplitude. */
function noise(width: number, height: number, amplitude: number, seed = 1): Float32Array {
  const delta = new Float32Array(width * height * 3);
  let s = seed;
  for (let i = 0; i < delta.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    delta[i] = (s / 2147483648 - 0.5) * 2 * amplitude;
  }
  return delta;
}

const asFrame = (pixels: Uint8Array, width: number, height: number, version = 1): Frame => ({ version, pixels, width, height, flipY: false, capturedAt: 0 });

describeFixtures('attacks away from a set of classes; predictions with a perturbation (fixture model, wasm)', () => {
  let host: ModelHost;

  beforeAll(async () => {
    configureWasmPaths(resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
    host = createModelHost({
      store: { save: async () => undefined, remove: async () => undefined, source: () => fsHandler(tf, FIXTURE_MODELS.v1_025) }
    });
    expect((await host.load(meta(readLabels()), 'wasm')).backend).toBe('wasm');
  });
  afterAll(async () => {
    await host?.dispose();
  });

  const setProbability = (probs: Float32Array, set: number[]) => set.reduce((sum, c) => sum + probs[c], 0);

  test('PGD away from the clean top-3 lowers their summed probability; attackedClasses echoes the set', async () => {
    const clean = await host.predict(birdFrame());
    const set = clean.top.slice(0, 3).map((s) => s.classIndex);
    const progress: AttackProgress[] = [];
    const r = await host.attack(birdFrame(), { method: 'pgd', norm: 'linf', epsilon: 8, steps: 5, sourceClasses: set }, (p) => progress.push(p));
    expect(r.attackedClasses).toEqual(set);
    expect(r.attackedClass).toBe(set[0]);
    expect(r.stepsDone).toBe(5);
    expect(r.linf).toBeLessThanOrEqual(8 + 1e-4);

    const before = setProbability(await host.engine.probabilities(asFrame(r.clean, r.width, r.height)), set);
    const after = setProbability(await host.engine.probabilities(asFrame(r.adversarial, r.width, r.height)), set);
    expect(before).toBeGreaterThan(0.5);
    expect(progress[0].probability).toBeCloseTo(before, 2); // the objective is the set's summed probability
    expect(after).toBeLessThan(0.5 * before);
    expect(set).not.toContain(r.after[0].classIndex);

    const tensors = await host.numTensors();
    await host.attack(birdFrame(), { method: 'fgsm', norm: 'linf', epsilon: 2, sourceClasses: set });
    expect(await host.numTensors()).toBe(tensors);
    const single = await host.attack(birdFrame(), { method: 'fgsm', norm: 'linf', epsilon: 1 });
    expect(single.attackedClasses).toBeUndefined();
  });

  test('a zero perturbation changes nothing; one added bottom-up or top-down is the same; with activations too', async () => {
    const plain = await host.engine.probabilities(birdFrame());
    const zero = { width: 800, height: 800, delta: new Float32Array(800 * 800 * 3) };
    const p = await host.predict(birdFrame(2), { perturbation: zero });
    const q = await host.predict(birdFrame(3));
    expect(p.top).toHaveLength(q.top.length);
    p.top.forEach((s, i) => {
      expect(s.classIndex).toBe(q.top[i].classIndex);
      expect(s.probability).toBeCloseTo(q.top[i].probability, 6);
    });
    expect(p.top[0].probability).toBeCloseTo(plain[p.top[0].classIndex], 6);

    // 800 x 600: the model sees the 600 x 600 centre square, and the perturbation is that size.
    const landscape = landscapeBird(600);
    const perturbation = { width: 600, height: 600, delta: noise(600, 600, 40) };
    const topDown = await host.predict(landscape, { perturbation });
    const bottomUp = await host.predict(storedBottomUp(landscape), { perturbation });
    const unperturbed = await host.predict(landscape);
    expect(bottomUp.top).toEqual(topDown.top);
    expect(topDown.top[0].probability).not.toBeCloseTo(unperturbed.top[0].probability, 3);

    const withMaps = await host.predict(landscape, { perturbation, activations: { layer: 'conv_pw_13_relu', channels: [1] } });
    expect(withMaps.activations?.maps).toHaveLength(1);
    withMaps.top.forEach((s, i) => expect(s.probability).toBeCloseTo(topDown.top[i].probability, 5));
  });

  test("the attack's clean frame plus its perturbation classifies like its float adversarial; a size mismatch is named", async () => {
    const r = await host.attack(birdFrame(), { method: 'pgd', norm: 'linf', epsilon: 4, steps: 5 });
    const clean = asFrame(r.clean, r.width, r.height);
    const cleanProbs = await host.engine.probabilities(clean);
    const perturbed = await host.predict(clean, { perturbation: { width: r.width, height: r.height, delta: r.perturbation } });
    const attackedAfter = perturbed.top.find((s) => s.classIndex === r.attackedClass)?.probability ?? 0;
    expect(attackedAfter).toBeLessThan(cleanProbs[r.attackedClass]);
    expect(perturbed.top[0].classIndex).not.toBe(r.attackedClass);
    expect(r.perturbation).toHaveLength(r.width * r.height * 3); // the caller's delta is left as it was

    const bad = await host
      .predict(birdFrame(), { perturbation: { width: r.width, height: r.height, delta: r.perturbation } })
      .catch((e: Error) => e);
    expect(bad).toBeInstanceOf(Error);
    expect(errorCode((bad as Error).message)).toBe('bad-settings');
    expect((bad as Error).message).toMatch(/perturbation is 224x224 but the frame's centre square is 800x800/);
    const short = await host.predict(clean, { perturbation: { width: 224, height: 224, delta: new Float32Array(10) } }).catch((e: Error) => e);
    expect((short as Error).message).toMatch(/has 10 values; a 224x224 perturbation has 150528/);
  });

  test('no tensor growth over 20 perturbed predictions (and the rejected ones)', async () => {
    const frame = landscapeBird(600);
    const perturbation = { width: 600, height: 600, delta: noise(600, 600, 10, 3) };
    await host.predict(frame, { perturbation }); // warm caches
    const before = await host.numTensors();
    for (let i = 0; i < 20; i++) await host.predict({ ...frame, version: 10 + i }, { perturbation });
    await host.predict(birdFrame(), { perturbation }).catch(() => undefined);
    expect(await host.numTensors()).toBe(before);
  });
});
