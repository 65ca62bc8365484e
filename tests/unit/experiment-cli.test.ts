/**
 * `npm run experiment`'s plain parts (bench/experiment-args.mjs): its arguments, the loaded models put
 * into a definition, the per-model summary; and the README's example definition passes the checker.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExperimentArgs, summarise, withModels } from '../../bench/experiment-args.mjs';
import { validateDefinition } from '../../src/lib/experiments/definition';
import { cellCount } from '../../src/lib/experiments/points';
import { yawSweep } from './experiments-fixtures';

describe('experiment arguments', () => {
  it('reads the definition, models in order, --bundled, --out, --build and --port', () => {
    const o = parseExperimentArgs(['--definition', 's.json', '--model', 'a', '--bundled', '--model', 'b', '--out', 'o', '--build', 'B', '--port', '4471']);
    expect(o).toMatchObject({ definition: 's.json', models: ['a', 'b'], bundled: true, out: 'o', build: 'B', port: 4471, help: false });
  });

  it('takes the build from EXPERIMENT_BUILD unless --build is given', () => {
    expect(parseExperimentArgs(['--definition', 's', '--bundled', '--out', 'o'], { EXPERIMENT_BUILD: 'E' }).build).toBe('E');
    expect(parseExperimentArgs(['--definition', 's', '--bundled', '--out', 'o', '--build', 'B'], { EXPERIMENT_BUILD: 'E' }).build).toBe('B');
  });

  it.each([
    [['--model', 'a', '--out', 'o'], '--definition is required.'],
    [['--definition', 's', '--model', 'a'], '--out is required.'],
    [['--definition', 's', '--out', 'o'], 'Give at least one --model folder, or --bundled.'],
    [['--definition', '--model', 'a', '--out', 'o'], '--definition needs a value.'],
    [['--definition', 's', '--bundled', '--out', 'o', '--port', 'x'], '--port must be a port number, got "x".'],
    [['--definition', 's', '--bundled', '--out', 'o', '--frobnicate'], 'Unknown argument "--frobnicate".']
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseExperimentArgs(argv)).toThrow(message);
  });

  it('answers --help without the other arguments', () => {
    expect(parseExperimentArgs(['--help']).help).toBe(true);
  });
});

describe('withModels', () => {
  it('replaces "models" when there is no model axis', () => {
    expect(withModels(yawSweep(), ['x', 'y']).models).toEqual(['x', 'y']);
  });

  it('fills the model axis (and empties "models") when there is one', () => {
    const raw = yawSweep({ axes: [{ kind: 'model', models: ['old'] }, { kind: 'field', path: 'camera.yaw', values: [0, 90] }] });
    const out = withModels(raw, ['x', 'y']);
    expect(out.models).toEqual([]);
    expect(out.axes[0]).toEqual({ kind: 'model', models: ['x', 'y'] });
    expect(out.axes[1]).toEqual({ kind: 'field', path: 'camera.yaw', values: [0, 90] });
    const check = validateDefinition(out, { modelIds: ['x', 'y'] });
    expect(check.ok && cellCount(check.definition)).toBe(4);
  });

  it('leaves what is not an object to the checker', () => {
    expect(withModels([1], ['x'])).toEqual([1]);
    expect(withModels(null, ['x'])).toBeNull();
  });
});

describe('summarise', () => {
  it('counts rows, correct@1 and mean p(truth) per model; rows without truth are not judged', () => {
    const rows = [
      { model: 'a', correctAt1: true, pTruth: 0.8 },
      { model: 'a', correctAt1: false, pTruth: 0.2 },
      { model: 'b', correctAt1: null, pTruth: null }
    ];
    expect(summarise(rows)).toEqual([
      { model: 'a', rows: 2, correctAt1: 0.5, meanPTruth: 0.5 },
      { model: 'b', rows: 1, correctAt1: null, meanPTruth: null }
    ]);
  });
});

describe('the README example', () => {
  it('is a valid definition of 36 × 7 points', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Experiments from the command line'));
    const json = section.slice(section.indexOf('```json') + 7, section.indexOf('```', section.indexOf('```json') + 7));
    const check = validateDefinition(withModels(JSON.parse(json), ['m']));
    if (!check.ok) throw new Error(check.problems.join('\n'));
    expect(cellCount(check.definition)).toBe(36 * 7);
  });
});
