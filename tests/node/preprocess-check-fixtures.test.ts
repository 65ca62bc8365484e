/**
 * The preprocessing check on the real fixture models (Node, wasm): the reference renders run through
 * each model under every candidate convention, scored as the app scores them. Whatever metadata the
 * model was given, the check preselects the convention it was trained with (or, when it calls the
 * choice close, names it as the rival); with the labels shuffled
 * it says that the labels may not fit.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { ModelMeta, Preprocess, ReferenceImage, ReferenceOutputs } from '../../src/lib/protocol';
import { configureWasmPaths } from '../../src/lib/workers/backends';
import { createModelHost, type WeightStore } from '../../src/lib/workers/host';
import { CANDIDATE_PREPROCESSES, candidateName, scorePreprocessing, type PreprocessCheck } from '../../src/lib/models/preprocess-check';
import { preprocessName, samePreprocess } from '../../src/lib/models/preprocess-conventions';
import { FIXTURE_MODELS, describeFixtures, modelFolderFiles, readLabels } from '../helpers/fixtures';
import { readReferences } from '../helpers/references';
import { writeZeroOneModel } from '../helpers/rescaled-model';

function memoryStore(): WeightStore {
  const saved = new Map<string, tf.io.ModelArtifacts>();
  return {
    save: async (id, artifacts) => void saved.set(id, artifacts),
    remove: async (id) => void saved.delete(id),
    source: (id) => tf.io.fromMemory(saved.get(id)!)
  };
}

/** The check's table as text (printed for the record). */
function table(name: string, check: PreprocessCheck): string {
  const pct = (p: number | null) => (p === null ? '   —  ' : `${(p * 100).toFixed(1).padStart(5)}%`);
  const rows = check.candidates.map(
    (c) =>
      `  ${candidateName(c).padEnd(46)} ${c.subjectsRight}/${c.subjects} subjects  ${String(c.viewsRight).padStart(2)}/${c.views} views  as is ${pct(c.meanAsIs)}  softmax ${pct(c.meanSoftmax)}` +
      `  (${c.perSubject.map((s) => `${s.subject} ${s.viewsRight}/${s.views}`).join(', ')})`
  );
  return [`${name}: ${check.verdict}${check.chance === null ? '' : `, shuffles as good: ${check.chance}`}`, ...rows, `  → ${check.summary}`].join('\n');
}

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = xs.slice();
  let a = seed;
  for (let i = out.length - 1; i > 0; i--) {
    a = (a * 1103515245 + 12345) % 2147483648;
    const j = Math.floor((a / 2147483648) * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Each model, the convention it was trained with, and what import guesses from its format alone. */
const CASES = [
  { name: 'mobilenet-v1-0.75 (layers)', dir: FIXTURE_MODELS.v1_075, preprocess: { kind: 'range11' }, outputKind: 'probabilities', classOffset: 0, guess: 'range11' },
  // A layers model trained on [0, 1]: the guess is wrong, the check must say [0, 1].
  { name: 'mobilenet-v1-0.25 (layers) taking [0, 1] input', dir: 'zero-one', preprocess: { kind: 'range01' }, outputKind: 'probabilities', classOffset: 0, guess: 'range11' },
  { name: 'mobilenet-v1-0.25 (layers)', dir: FIXTURE_MODELS.v1_025, preprocess: { kind: 'range11' }, outputKind: 'probabilities', classOffset: 0, guess: 'range11' },
  { name: 'mobilenet-v1-0.25-tfhub-graph', dir: FIXTURE_MODELS.v1_025_graph, preprocess: { kind: 'range01' }, outputKind: 'logits', classOffset: 1, guess: 'range01' }
] as const;

/** Deliberately wrong metadata: another input convention, the other output kind. */
const WRONG: Record<string, Preprocess> = { range11: { kind: 'caffe' }, range01: { kind: 'range11' } };

/** The model's files ('zero-one': written to a temporary folder, removed again). */
function filesOf(dir: string): File[] {
  if (dir !== 'zero-one') return modelFolderFiles(dir);
  const tmp = writeZeroOneModel(FIXTURE_MODELS.v1_025);
  try {
    return modelFolderFiles(tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * A clear verdict preselects the convention the model was trained with. A close one (a robust model
 * such as v1 0.75 gets every reference view right under both [0, 1] and [-1, 1], a point of mean
 * probability apart) may preselect either, so the trained convention must be the preselected one or the
 * next best, which the sentence names ("close to [-1, 1]: …"), and the sentence must ask the user to
 * check a few predictions.
 */
function expectTrainedConvention(check: PreprocessCheck, model: { preprocess: Preprocess }): void {
  expect(['clear', 'close']).toContain(check.verdict);
  if (check.verdict === 'clear') {
    expect(check.best?.preprocess).toEqual(model.preprocess);
    return;
  }
  expect(check.summary).toMatch(/check a few predictions/);
  if (samePreprocess(check.best!.preprocess, model.preprocess)) return;
  expect(check.nextBest?.preprocess).toEqual(model.preprocess);
  expect(check.summary).toContain(`close to ${preprocessName(model.preprocess)}:`);
}

describeFixtures('preprocessing check on the fixture models', () => {
  let labels: string[];
  let references: ReferenceImage[];

  beforeAll(async () => {
    configureWasmPaths(resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
    labels = readLabels();
    references = await readReferences();
  });

  for (const model of CASES) {
    test(`${model.name}: imported with wrong metadata, the check preselects ${model.preprocess.kind} ${model.outputKind} (or, when close, names it); shuffled labels "may not fit"`, async () => {
      const host = createModelHost({ store: memoryStore() });
      const analysis = await host.analyseFiles(filesOf(model.dir));
      expect(analysis.suggested.preprocess.kind).toBe(model.guess);
      const wrong: ModelMeta = {
        ...analysis.suggested,
        id: 'wrong',
        source: { kind: 'files', fileNames: [] },
        addedAt: 0,
        preprocess: WRONG[model.preprocess.kind],
        outputKind: model.outputKind === 'logits' ? 'probabilities' : 'logits',
        labels,
        classOffset: model.classOffset
      };

      // At import: the analysed model (its metadata not chosen yet).
      const before = await host.numTensors();
      const atImport: ReferenceOutputs[] = await host.referenceOutputs(references, [...CANDIDATE_PREPROCESSES], 'analysed');
      expect(await host.numTensors()).toBe(before);
      expect(atImport.map((c) => c.outputs.length)).toEqual(CANDIDATE_PREPROCESSES.map(() => references.length));
      const check = scorePreprocessing(references, atImport, labels, model.classOffset);
      console.log(table(model.name, check));
      expectTrainedConvention(check, model);
      expect(check.best?.outputKind).toBe(model.outputKind);
      expect(check.best!.subjectsRight).toBeGreaterThanOrEqual(2);

      // In the model manager: stored and loaded with the wrong metadata, checked again.
      await host.saveAnalysed(wrong);
      await host.load(wrong, 'wasm');
      const loadedBefore = await host.numTensors();
      const loaded = await host.referenceOutputs(references, [...CANDIDATE_PREPROCESSES], 'loaded');
      expect(await host.numTensors()).toBe(loadedBefore);
      const again = scorePreprocessing(references, loaded, wrong.labels, wrong.classOffset);
      expectTrainedConvention(again, model);
      expect(again.best?.outputKind).toBe(model.outputKind);
      expect(again.best?.subjectsRight).toBe(check.best?.subjectsRight);

      // The same outputs with the labels in a random order.
      const mixed = scorePreprocessing(references, atImport, shuffled(labels, 11), model.classOffset);
      console.log(table(`${model.name}, shuffled labels`, mixed));
      expect(mixed.verdict).toBe('no-fit');
      expect(mixed.summary).toMatch(/the labels or the class order may not fit the outputs/);
      await host.dispose();
    });
  }
});
