/**
 * The sweep part of `window.__perturber` (debug-hooks.svelte.ts), for the e2e tests and
 * `npm run experiment`: start a sweep from a definition's JSON, follow and cancel it, resume a stored
 * run, export a run as CSV or JSON, and read a model's live prediction (to compare with a sweep's).
 */
import { parseDefinitionJson } from '$lib/experiments/definition';
import { resultsCsv, runJson } from '$lib/experiments/export';
import type { RunStatus } from '$lib/experiments/results';
import { subjectKey } from '$lib/experiments/subjects';
import type { ModelsController } from './models-controller.svelte';
import type { SweepProgress, SweepRunner } from './sweep-runner.svelte';

export interface SweepHooks {
  /** Checks the definition (JSON text) against the loaded models and starts it: its run id, or the checker's problems. */
  runSweep(definitionJson: string): Promise<{ runId: string } | { problems: string[] }>;
  /** The checker's problems with a definition (JSON text) on its own, not against the loaded models; [] when none. */
  checkDefinition(definitionJson: string): string[];
  sweepProgress(): SweepProgress;
  /** Resolves when the running sweep ends (its status; null when none runs). */
  sweepFinished(): Promise<RunStatus | null>;
  cancelSweep(): void;
  resumeSweep(runId: string): Promise<void>;
  /** The stored run as CSV (tidy rows) or JSON (definition, run record and rows). */
  exportRun(runId: string, format: 'csv' | 'json'): Promise<string>;
  /** The stored thumbnail (data URL) of a run's point, or null. */
  runThumbnail(runId: string, point: number): Promise<string | null>;
  /** Keys of the subjects a sweep can show now (procedural, sample photos, the user's stored ones). */
  sweepSubjects(): string[];
  /** The model's shown prediction and the scene version it is of. */
  livePrediction(id: string): { version: number; top: { label: string; probability: number }[] };
}

/** The hooks; `runner` is null without a capture hub (every sweep hook then throws). */
export function sweepHooks(controller: ModelsController, runner: SweepRunner | null): SweepHooks {
  const need = (): SweepRunner => {
    if (!runner) throw new Error('Sweeps need installDebugHooks(controller, store, captureHub)');
    return runner;
  };
  return {
    runSweep: async (text) => {
      const check = parseDefinitionJson(text, need().context());
      if (!check.ok) return { problems: check.problems };
      return { runId: await need().start(check.definition) };
    },
    checkDefinition: (text) => {
      const check = parseDefinitionJson(text);
      return check.ok ? [] : check.problems;
    },
    sweepProgress: () => ({ ...need().progress }),
    sweepFinished: () => need().finished(),
    cancelSweep: () => runner?.cancel(),
    resumeSweep: (runId) => need().resume(runId),
    exportRun: async (runId, format) => {
      const stored = await need().runs.get(runId);
      if (!stored) throw new Error(`No stored run has id "${runId}".`);
      return format === 'csv' ? resultsCsv(stored.run, stored.rows) : runJson(stored.run, stored.rows);
    },
    runThumbnail: (runId, point) => need().runs.thumbnail(runId, point),
    sweepSubjects: () => need().subjects().map(subjectKey),
    livePrediction: (id) => {
      const r = controller.runners.find((x) => x.meta.id === id);
      if (!r) throw new Error(`no model ${id}`);
      return { version: r.shownVersion, top: r.top.map(({ label, probability }) => ({ label, probability })) };
    }
  };
}
