/**
 * The bench's README updater: it rewrites only the text between the bench markers, so the lead's
 * README text around the table survives every `npm run bench`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { END_MARKER, START_MARKER, renderBenchTable, replaceBetweenMarkers, updateReadme } from '../../bench/readme-table.mjs';

const results = {
  model: 'mobilenet-v1-0.75',
  backend_choice: 'wasm',
  backend_trials: [
    { backend: 'wasm', msPerPredict: 60.1 },
    { backend: 'webgl', msPerPredict: null, error: 'no WebGL2 context' }
  ],
  raw_predicts_per_s: 24,
  pipeline_predicts_per_s: 22,
  pipeline_ratio: 0.92,
  pipeline_ratio_fast_models: 0.85,
  worker_busy_fraction_3: 0.81,
  long_frames: {
    smooth: { frames_over_50ms: 8, by_category: { rendering: 5, 'read-back': 0, 'app script': 1, browser: 2 }, app_script_over_50ms: 1 },
    fast_models: { frames_over_50ms: 0, by_category: { rendering: 0, 'read-back': 0, 'app script': 0, browser: 0 }, app_script_over_50ms: 0 }
  },
  scaling_2_models: 1.7,
  main_longest_task_ms: 30,
  main_tasks_over_50ms: 0,
  idb_load_ms: 80,
  network_load_ms: 300,
  machine: { cores: 2, chromium: 'Chromium 156', date: '2026-01-01' }
};

describe('bench README table', () => {
  it('replaces only the text between the markers', () => {
    const before = `# Title\n\nIntro.\n\n${START_MARKER}\nold table\n${END_MARKER}\n\n## After\nMore text.\n`;
    const after = replaceBetweenMarkers(before, 'NEW');
    expect(after).toBe(`# Title\n\nIntro.\n\n${START_MARKER}\nNEW\n${END_MARKER}\n\n## After\nMore text.\n`);
    // Running it again gives the same file.
    expect(replaceBetweenMarkers(after, 'NEW')).toBe(after);
  });

  it('creates a README with just the marked table when there is none, and appends one when markers are missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-readme-'));
    const path = join(dir, 'README.md');
    updateReadme(path, results);
    const created = readFileSync(path, 'utf8');
    expect(created.startsWith(START_MARKER)).toBe(true);
    expect(created.trimEnd().endsWith(END_MARKER)).toBe(true);
    writeFileSync(path, '# Perturber\n');
    updateReadme(path, results);
    const appended = readFileSync(path, 'utf8');
    expect(appended.startsWith('# Perturber\n')).toBe(true);
    expect(appended).toContain(START_MARKER);
  });

  it('shows each number with its target and whether it was met', () => {
    const table = renderBenchTable(results);
    expect(table).toMatch(/\| Pipeline \/ raw, 1 model, "Smooth view" \(default\) \| 0\.92 \| ≥ 0\.6 \| yes \|/);
    expect(table).toMatch(/\| Pipeline \/ raw, 1 model, "Fast models" \| 0\.85 \| ≥ 0\.9 \| no \|/);
    expect(table).toMatch(/\| Worker busy fraction, 3 models \(Smooth view, mean\) \| 0\.81 \| ≥ 0\.8 \| yes \|/);
    expect(table).toMatch(/\| Long frames > 50 ms, 1 model \(Smooth view\): rendering \/ read-back \/ app script \/ browser \| 5 \/ 0 \/ 1 \/ 2 of 8 \|/);
    expect(table).toMatch(/\| App script tasks > 50 ms during a camera drag, 1 model \(Smooth \/ Fast\) \| 1 \/ 0 \| 0 \| no \|/);
    expect(table).toMatch(/\| Scaling, 2 models \(raw loops\) \| 1\.70 \| ≥ 1\.8 \| no \|/);
    expect(table).toMatch(/\| Model load from IndexedDB \| 80 ms \| < network \| yes \|/);
    // Numbers the run did not produce read "n/a" without a verdict.
    expect(table).toMatch(/\| Scene frames\/s, 2 models \| n\/a \| ≥ 30 \| {2}\|/);
    expect(table).toContain('webgl failed (no WebGL2 context)');
  });

  it('shows the soak and the persistent-profile imports with their targets', () => {
    const table = renderBenchTable({
      ...results,
      soak_tensor_growth: [0, 0, 2],
      soak_heap_growth_mb: 1.26,
      soak_frames: 812,
      soak_errors: 0,
      persistent_imports_tried: 5,
      persistent_imports_failed: 0
    });
    expect(table).toMatch(/\| Soak: tensor growth per worker \(end − start\) \| 0, 0, 2 \| 0 \| no \|/);
    expect(table).toMatch(/\| Soak: JS heap growth, page \+ workers, after GC \| 1\.3 MB \| < 5 MB \| yes \|/);
    expect(table).toMatch(/\| Soak: errors \(model errors, page errors, restarts\) \| 0 \| 0 \| yes \|/);
    expect(table).toMatch(/\| Imports into an on-disk profile: failed \/ tried \| 0 \/ 5 \| 0 \| yes \|/);
  });

  it('shows the first prediction of a bundled model, and says which command measured it when that was not the whole bench', () => {
    const measured = { ...results, first_prediction_ms: 14321.4, first_prediction_ms_warm: 5210 };
    const withBench = renderBenchTable({ ...measured, first_prediction: { measured_by: 'npm run bench', runs: 3 } });
    expect(withBench).toMatch(/\| First prediction of a bundled model, fresh profile \(page load → prediction\) \| 14321 ms \| {2}\| {2}\|/);
    expect(withBench).toMatch(/\| First prediction of a bundled model, second visit \(same profile\) \| 5210 ms \|/);
    expect(withBench).not.toContain('measured separately');
    const alone = renderBenchTable({
      ...measured,
      first_prediction: { measured_by: 'npm run bench:first', date: '2026-12-01T02:00:00Z', runs: 3, cores: 2, loadavg_at_start: [1.5, 2, 3] }
    });
    expect(alone).toContain('measured separately by `npm run bench:first` on 2026-12-01T02:00:00Z (median of 3 fresh profiles; 2 cores, load average 1.5 / 2 / 3 at its start)');
    expect(renderBenchTable(results)).toMatch(/\| First prediction of a bundled model, second visit \(same profile\) \| n\/a \|/);
  });
});
