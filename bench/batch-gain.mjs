/**
 * `node bench/batch-gain.mjs`: would batching a sweep's frames into one predict call help? Times the
 * bundled models (static/models) on TF.js's WASM backend in Node (the backend the workers choose here)
 * with batches of 1 and of 4 frames, and prints ms per frame for each and their ratio. The sweep keeps
 * one frame per predict unless this gain is real and the sweep is bound by prediction (it is bound by
 * rendering here: see sweep_ratio in bench/results/latest.json).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const ROOT = resolve(import.meta.dirname, '..');
const MODELS = join(ROOT, 'static/models');

function fsHandler(dir) {
  return {
    async load() {
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      const specs = [];
      const buffers = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(readFileSync(join(dir, p)));
      }
      const weightData = new Uint8Array(Buffer.concat(buffers)).buffer;
      return { modelTopology: json.modelTopology, format: json.format, weightSpecs: specs, weightData };
    }
  };
}

async function msPerFrame(model, batch, seconds = 4) {
  const input = tf.randomUniform([batch, 224, 224, 3], -1, 1);
  try {
    for (let i = 0; i < 3; i++) tf.tidy(() => model.predict(input)).dataSync();
    let frames = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      const out = tf.tidy(() => model.predict(input));
      await out.data();
      out.dispose();
      frames += batch;
    }
    return (performance.now() - t0) / frames;
  } finally {
    input.dispose();
  }
}

setWasmPaths(join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
await tf.setBackend('wasm');
await tf.ready();
const index = JSON.parse(readFileSync(join(MODELS, 'index.json'), 'utf8'));
const out = {};
for (const entry of index.models) {
  const dir = join(MODELS, entry.url.replace(/\/model\.json$/, ''));
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const model = Array.isArray(json.modelTopology?.node) ? await tf.loadGraphModel(fsHandler(dir)) : await tf.loadLayersModel(fsHandler(dir));
  const one = await msPerFrame(model, 1);
  const four = await msPerFrame(model, 4);
  out[entry.id] = { ms_per_frame_batch_1: Math.round(one * 10) / 10, ms_per_frame_batch_4: Math.round(four * 10) / 10, gain: Math.round((one / four) * 100) / 100 };
  console.log(`${entry.name}: ${one.toFixed(1)} ms/frame alone, ${four.toFixed(1)} ms/frame in batches of 4 (gain ${(one / four).toFixed(2)}x)`);
  model.dispose();
}
console.log(JSON.stringify({ backend: tf.getBackend(), ...out }, null, 2));
