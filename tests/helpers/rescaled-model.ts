/**
 * A fixture layers model made to take [0, 1] input: a Rescaling layer (x * 2 - 1) in front of the
 * MobileNet trained on [-1, 1]. Import guesses [-1, 1] for every layers model, so this is the case the
 * preprocessing check exists for: an ImageNet classifier trained on [0, 1].
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface KerasLayer {
  class_name: string;
  name: string;
  config: Record<string, unknown>;
  inbound_nodes: unknown[][][];
}

/** Writes the model with the Rescaling layer into a new temporary folder (shards copied); returns it. */
export function writeZeroOneModel(layersModelDir: string, into = mkdtempSync(join(tmpdir(), 'perturber-01-model-'))): string {
  mkdirSync(into, { recursive: true });
  const json = JSON.parse(readFileSync(join(layersModelDir, 'model.json'), 'utf8'));
  const config = json.modelTopology.model_config.config as { layers: KerasLayer[]; input_layers: [string, number, number][] };
  const input = config.input_layers[0][0];
  const name = 'rescale_01_to_11';
  for (const layer of config.layers) {
    for (const node of layer.inbound_nodes) for (const edge of node) if (edge[0] === input) edge[0] = name;
  }
  const at = config.layers.findIndex((l) => l.name === input) + 1;
  config.layers.splice(at, 0, {
    class_name: 'Rescaling',
    name,
    config: { name, scale: 2, offset: -1, trainable: false, dtype: 'float32' },
    inbound_nodes: [[[input, 0, 0, {}]]]
  });
  writeFileSync(join(into, 'model.json'), JSON.stringify(json));
  for (const f of readdirSync(layersModelDir)) if (f !== 'model.json') copyFileSync(join(layersModelDir, f), join(into, f));
  return into;
}
