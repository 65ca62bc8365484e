/**
 * Every worker entry point settles TF.js on a backend (`await tf.setBackend` + `tf.ready()`, in the
 * measured order) before it builds or runs anything. In WebKit the highest-priority backend (wasm)
 * initialises asynchronously in a fresh worker, and importing a model there failed with "The highest
 * priority backend 'wasm' has not yet been initialized".
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { BackendName } from '../../src/lib/protocol';
import { settleBackend, type BackendInit } from '../../src/lib/workers/backends';
import { createModelHost, type WeightStore } from '../../src/lib/workers/host';
import type { ReadArtifacts } from '../../src/lib/models/artifacts';

type Tf = typeof tf;
const later = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A tf whose backends start only after a delay; `broken` ones never start. */
function lateTf(broken: BackendName[] = []) {
  let active: string | null = null;
  const calls: string[] = [];
  const fake = {
    async setBackend(name: string) {
      calls.push(`setBackend ${name}`);
      await later(20);
      if (broken.includes(name as BackendName)) return false;
      active = name;
      return true;
    },
    async ready() {
      calls.push('ready');
      await later(20);
    },
    getBackend: () => active
  };
  return { tf: fake as unknown as Tf, calls, active: () => active };
}

/** Like initBackendDetailed, without touching the real wasm module. */
async function init(tfjs: Tf, name: BackendName): Promise<BackendInit> {
  const set = await tfjs.setBackend(name);
  await tfjs.ready();
  return set && tfjs.getBackend() === name ? { ok: true } : { ok: false, error: `${name} did not start` };
}

describe('settleBackend', () => {
  it('resolves only once the first backend in the order has started, after awaiting setBackend and ready', async () => {
    const fake = lateTf();
    const settling = settleBackend(fake.tf, { order: ['wasm', 'webgl', 'cpu'], init });
    expect(fake.active()).toBeNull();
    expect(await settling).toBe('wasm');
    expect(fake.active()).toBe('wasm');
    expect(fake.calls).toEqual(['setBackend wasm', 'ready']);
  });

  it('falls back in order when a backend cannot start, and names every failure when none can', async () => {
    const fake = lateTf(['wasm']);
    expect(await settleBackend(fake.tf, { order: ['wasm', 'webgl', 'cpu'], init })).toBe('webgl');
    await expect(settleBackend(lateTf(['wasm', 'cpu']).tf, { order: ['wasm', 'cpu'], init })).rejects.toThrow(
      'No TF.js backend could start in this browser (wasm: wasm did not start; cpu: cpu did not start)'
    );
  });
});

describe('the model worker settles its backend before it imports a model', () => {
  it('imports while the highest-priority backend is still initialising (a fresh WebKit worker)', async () => {
    // A small layers classifier, made while a backend is running.
    await tf.setBackend('cpu');
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 3] }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
    let artifacts!: tf.io.ModelArtifacts;
    await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: {} as never })));
    model.dispose();

    // Now the state of a fresh worker: no backend chosen yet, and the highest-priority one starts late.
    tf.engine().reset();
    const cpu = tf.findBackendFactory('cpu')!;
    tf.registerBackend('late', async () => (await later(50), cpu() as tf.KernelBackend), 100);

    const read: ReadArtifacts = { artifacts, fileNames: ['model.json', 'weights.bin'], sizeBytes: 400 };
    const store: WeightStore = { save: async () => undefined, remove: async () => undefined, source: () => tf.io.fromMemory(artifacts) };
    const host = createModelHost({ tf, store, readFiles: async () => read, engineOptions: { allowedBackends: ['cpu'] } });
    const analysis = await host.analyseFiles([]);
    expect(analysis.inputShape).toEqual([-1, 4, 4, 3]);
    expect(analysis.numOutputs).toBe(2);
    expect(tf.getBackend()).toBe('cpu');
    await host.dispose();
    tf.removeBackend('late');
  });
});
