/**
 * Where `npm run bench` (bench/run.mjs) puts its results: bench/results/latest.json, the README table
 * between the bench markers (bench/readme-table.mjs), and a summary on the console.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../tests/e2e/harness.js';
import { updateReadme } from './readme-table.mjs';

const RESULTS = join(ROOT, 'bench/results/latest.json');

/** Writes `results` to bench/results/latest.json and their key numbers into README.md's table. */
export function writeResults(results) {
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
  updateReadme(join(ROOT, 'README.md'), results);
}

/** Prints the key numbers of `r` (the results) with their targets. */
export function printSummary(r) {
  const rows = [
    ['backend', `${r.backend_choice} (${r.backend_trials.map((t) => `${t.backend} ${t.msPerPredict ?? 'failed'}`).join(', ')} ms/predict)`],
    ['raw predicts/s (1 model)', r.raw_predicts_per_s],
    ['pipeline predicts/s (1 model)', r.pipeline_predicts_per_s],
    ['pipeline ratio (target >= 0.9)', r.pipeline_ratio],
    ['scaling 2 / 3 models, raw (target >= 1.8 for 2)', `${r.scaling_2_models} / ${r.scaling_3_models}`],
    ['scaling 2 / 3 models, pipeline', `${r.pipeline_scaling_2_models} / ${r.pipeline_scaling_3_models}`],
    ['main thread, 2 models: longest task / tasks > 50 ms', `${r.main_longest_task_ms} ms / ${r.main_tasks_over_50ms}`],
    ['scene fps: 2 models / no model (camera moving)', `${r.scene_fps} / ${r.scene_fps_no_models}`],
    ['activation overhead (4 maps / none, predictions/s)', r.activation_overhead],
    ['attacks: FGSM / PGD-10 (ms)', r.attack_times.map((t) => `${t.fgsm_ms} / ${t.pgd10_ms} on ${t.backend}`).join(', ')],
    ['load: IndexedDB / network (median of 3)', `${r.idb_load_ms} ms / ${r.network_load_ms} ms`],
    [`soak ${r.soak_seconds} s: tensor growth / heap MB / frames / errors`, `${r.soak_tensor_growth.join(',')} / ${r.soak_heap_growth_mb} / ${r.soak_frames} / ${r.soak_errors}`],
    ['persistent-profile imports: failed / tried', `${r.persistent_imports_failed} / ${r.persistent_imports_tried}`],
    ['sweep points/s per bundled model (ratio to raw, target >= 0.9)', Object.keys(r.sweep_points_per_s ?? {}).map((id) => `${id}: ${r.sweep_points_per_s[id]} (${r.sweep_ratio[id]})`).join(', ')],
    ['sweep 36 x 7 on both bundled models (wall s)', r.sweep_36x7_wall_s],
    ['first prediction of a bundled model: fresh profile / second visit', `${r.first_prediction_ms} ms / ${r.first_prediction_ms_warm} ms`]
  ];
  console.log('\nPerturber benchmark (' + r.machine.chromium + ', ' + r.machine.cores + ' cores)');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(52)} ${v}`);
  console.log(`  written: bench/results/latest.json, README.md table (${r.details.total_bench_s} s)`);
}
