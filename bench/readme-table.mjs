/**
 * Writes the key numbers of bench/results/latest.json into README.md, between the markers
 * `<!-- bench:start -->` and `<!-- bench:end -->`; everything outside the markers is left as it is.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

const fixed = (digits) => (v) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const list = (v) => (Array.isArray(v) ? v.join(', ') : 'n/a');
/** { "bundled-mobilenet-v1-0-25-tfhub": 5.3, … } → "v1-0-25-tfhub 5.30, …" (ids without "bundled-mobilenet-"). */
const perModel = (digits) => (v) =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.entries(v).map(([id, n]) => `${id.replace(/^bundled-mobilenet-/, '')} ${fixed(digits)(n)}`).join(', ')
    : 'n/a';
/** "12 / 0 / 1 / 3 of 16": long animation frames by what took most of them. */
/** The three groups that share the cores while the camera moves (bench/thread-cpu.mjs), in cores. */
const cpuCores = (c) => ['gpu rasteriser threads', 'model workers', 'page main thread'].map((g) => fixed(2)(c?.[g])).join(' · ');
const longFrames = (a) =>
  a && a.by_category
    ? `${['rendering', 'read-back', 'app script', 'browser'].map((k) => a.by_category[k]).join(' / ')} of ${a.frames_over_50ms}`
    : 'n/a';
const ms = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${Math.round(v)} ms` : 'n/a');

/**
 * The table rows: [label, key in the results, format, target text, test of the value against the target].
 * A row without a test has no target.
 */
export const ROWS = [
  ['Raw predicts/s, 1 model (worker loop)', 'raw_predicts_per_s', fixed(1), '', null],
  ['Pipeline predicts/s, 1 model (camera moving)', 'pipeline_predicts_per_s', fixed(1), '', null],
  ['Pipeline / raw, 1 model, "Smooth view" (default)', 'pipeline_ratio', fixed(2), '≥ 0.6', (v) => v >= 0.6],
  ['Pipeline / raw, 1 model, "Fast models"', 'pipeline_ratio_fast_models', fixed(2), '≥ 0.9', (v) => v >= 0.9],
  ['Worker busy fraction, 1 model (Smooth view)', 'worker_busy_fraction_1', fixed(2), '≥ 0.9', (v) => v >= 0.9],
  ['Worker busy fraction, 1 model (Fast models)', 'worker_busy_fraction_1_fast_models', fixed(2), '', null],
  ['Worker busy fraction, 3 models (Smooth view, mean)', 'worker_busy_fraction_3', fixed(2), '≥ 0.8', (v) => v >= 0.8],
  ['Worker busy fraction, 3 models (Fast models, mean)', 'worker_busy_fraction_3_fast_models', fixed(2), '', null],
  ['Scene frames/s, 1 model, Smooth view / Fast models', 'scene_fps_smooth', (v, r) => `${fixed(1)(v)} / ${fixed(1)(r?.scene_fps_fast_models)}`, '', null],
  ['Long frames > 50 ms, 1 model (Smooth view): rendering / read-back / app script / browser', 'long_frames', (v) => longFrames(v?.smooth), '', null],
  ['Long frames > 50 ms, 1 model (Fast models): rendering / read-back / app script / browser', 'long_frames', (v) => longFrames(v?.fast_models), '', null],
  ['App script tasks > 50 ms during a camera drag, 1 model (Smooth / Fast)', 'long_frames', (v) => `${fixed(0)(v?.smooth?.app_script_over_50ms)} / ${fixed(0)(v?.fast_models?.app_script_over_50ms)}`, '0', (v) => v.smooth?.app_script_over_50ms === 0 && v.fast_models?.app_script_over_50ms === 0],
  ['CPU cores used, camera moving, no model / 1 model Smooth / 1 model Fast: SwiftShader rasteriser · model worker · page main', 'cpu_cores_by_thread', (v) => [v?.no_model, v?.smooth, v?.fast_models].map(cpuCores).join(' / '), '', null],
  ['Scaling, 2 models (raw loops)', 'scaling_2_models', fixed(2), '≥ 1.8', (v) => v >= 1.8],
  ['Scaling, 3 models (raw loops)', 'scaling_3_models', fixed(2), '', null],
  ['Scaling, 2 models (pipeline)', 'pipeline_scaling_2_models', fixed(2), '≥ 1.8', (v) => v >= 1.8],
  ['Scaling, 3 models (pipeline)', 'pipeline_scaling_3_models', fixed(2), '', null],
  ['Longest main-thread task, 2 models', 'main_longest_task_ms', ms, '< 50 ms', (v) => v < 50],
  ['Main-thread tasks > 50 ms in 20 s, 2 models', 'main_tasks_over_50ms', fixed(0), '0', (v) => v === 0],
  ['Longest main-thread task, no model (rendering alone)', 'main_longest_task_ms_no_models', ms, '', null],
  ['Main-thread tasks > 50 ms in 20 s, no model', 'main_tasks_over_50ms_no_models', fixed(0), '', null],
  ['Scene frames/s, 2 models', 'scene_fps', fixed(1), '≥ 30', (v) => v >= 30],
  ['Scene frames/s, no model (camera moving)', 'scene_fps_no_models', fixed(1), '', null],
  ['Predictions/s with 4 activation maps over without', 'activation_overhead', fixed(2), '', null],
  ['Model load from IndexedDB', 'idb_load_ms', ms, '< network', (v, r) => v < r.network_load_ms],
  ['Model load from localhost HTTP', 'network_load_ms', ms, '', null],
  ['Soak: tensor growth per worker (end − start)', 'soak_tensor_growth', list, '0', (v) => v.every((n) => n === 0)],
  ['Soak: JS heap growth, page + workers, after GC', 'soak_heap_growth_mb', (v) => (typeof v === 'number' ? `${v.toFixed(1)} MB` : 'n/a'), '< 5 MB', (v) => v < 5],
  ['Soak: predictions shown', 'soak_frames', fixed(0), '', null],
  ['Soak: errors (model errors, page errors, restarts)', 'soak_errors', fixed(0), '0', (v) => v === 0],
  ['Imports into an on-disk profile: failed / tried', 'persistent_imports_failed', fixed(0), '0', (v) => v === 0],
  ['Sweep points/s per bundled model (36-point yaw sweep)', 'sweep_points_per_s', perModel(2), '', null],
  ['Sweep / raw predicts/s, same model, same run', 'sweep_ratio', perModel(2), '≥ 0.9', (v) => Object.values(v).every((n) => n >= 0.9)],
  ['Sweep 36 × 7 yaw × pitch, both bundled models (wall)', 'sweep_36x7_wall_s', (v) => (typeof v === 'number' ? `${v.toFixed(1)} s` : 'n/a'), '', null],
  ['First prediction of a bundled model, fresh profile (page load → prediction)', 'first_prediction_ms', ms, '', null],
  ['First prediction of a bundled model, second visit (same profile)', 'first_prediction_ms_warm', ms, '', null]
];

/** The markdown between the markers (without the markers). */
export function renderBenchTable(results) {
  const m = results.machine ?? {};
  const lines = [
    `Measured by \`npm run bench\` on ${m.date ?? '?'} (${m.cores ?? '?'} cores, ${m.chromium ?? 'Chromium ?'}, ` +
      `model ${results.model ?? '?'} on ${results.backend_choice ?? '?'}). Raw numbers and notes: \`bench/results/latest.json\`.`,
    '',
    '| Measure | Result | Target | Met |',
    '|---|---|---|---|'
  ];
  for (const [label, key, format, target, test] of ROWS) {
    const value = results[key];
    const measured = Array.isArray(value) ? value.length > 0 : value && typeof value === 'object' ? Object.keys(value).length > 0 : typeof value === 'number' && Number.isFinite(value);
    const met = !test || !measured ? '' : test(value, results) ? 'yes' : 'no';
    const shown = key === 'persistent_imports_failed' && measured ? `${value} / ${results.persistent_imports_tried}` : format(value, results);
    lines.push(`| ${label} | ${shown} | ${target} | ${met} |`);
  }
  const trials = (results.backend_trials ?? [])
    .map((t) => `${t.backend} ${t.msPerPredict == null ? `failed${t.error ? ` (${t.error})` : ''}` : `${t.msPerPredict.toFixed(0)} ms`}`)
    .join(', ');
  const first = results.first_prediction;
  if (first?.measured_by && first.measured_by !== 'npm run bench') {
    lines.push(
      '',
      `The first-prediction rows were measured separately by \`${first.measured_by}\` on ${first.date ?? '?'} ` +
        `(median of ${first.runs ?? '?'} fresh profiles; ${first.cores ?? '?'} cores, load average ${(first.loadavg_at_start ?? []).join(' / ') || '?'} at its start).`
    );
  }
  const long = results.sweep_long;
  if (long) {
    lines.push(
      '',
      `Long sweep (${long.points} points on ${long.model}, ${long.wall_s} s): worker tensors ${long.tensors_before} → ${long.tensors_after}, ` +
        `page JS heap after GC ${long.heap_mb_before} → ${long.heap_mb_after} MB.` +
        (results.machine?.sweep_measured ? ` The sweep rows were measured by \`${results.machine.sweep_measured.by}\` on ${results.machine.sweep_measured.date}.` : '')
    );
  }
  const live = results.machine?.live_measured;
  if (live) {
    lines.push('', `The live-speed rows (pipeline / raw, worker busy fractions, scene frames/s by priority, long frames, CPU cores by thread) were measured by \`${live.by}\` on ${live.date}.`);
  }
  lines.push('', `Backend chosen: **${results.backend_choice ?? '?'}**${trials ? ` (ms per predict measured at load: ${trials})` : ''}.`);
  for (const a of results.attack_times ?? []) {
    lines.push('', `Attacks on ${a.model} (${a.backend}): FGSM ${ms(a.fgsm_ms)}, PGD-10 ${ms(a.pgd10_ms)}.`);
  }
  return lines.join('\n');
}

/** Replaces the text between the markers in `text`; appends a marked section when there are none. */
export function replaceBetweenMarkers(text, body, startMarker = START_MARKER, endMarker = END_MARKER) {
  const start = text.indexOf(startMarker);
  const end = start < 0 ? -1 : text.indexOf(endMarker, start + startMarker.length);
  const block = `${startMarker}\n${body}\n${endMarker}`;
  if (start < 0 || end < 0) return `${text}${text && !text.endsWith('\n') ? '\n' : ''}${text ? '\n' : ''}${block}\n`;
  return text.slice(0, start) + block + text.slice(end + endMarker.length);
}

/** Updates (or creates, with just the markers and the table) the README at `path`. */
export function updateReadme(path, results) {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  writeFileSync(path, replaceBetweenMarkers(text, renderBenchTable(results)));
}

const pct = (p) => `${(p * 100).toFixed(1)}%`;
const views = (fraction) => `${Math.round(fraction * 12)}/12`;

/**
 * The default-view table (each bundled model's top-1 and whether it is of the right kind) and the ring
 * table (per model and subject: views of twelve with the right kind top-1 and in the top-5) from
 * bench/results/recognisability.json, as markdown.
 */
export function renderRecognisability(report) {
  const models = report.models;
  const subjects = report.default_view.results[models[0].id].subjects.map((s) => s.subject);
  const lines = [
    `Measured by \`npm run recognise\` on ${report.date} with the bundled models on ${report.background}.`,
    '',
    `**Default view** (${report.default_view.view}): the top-1 class; ✓ when it is of the right kind (top-5 in brackets).`,
    '',
    `| Subject | Expected | ${models.map((m) => m.name).join(' | ')} |`,
    `|---|---|${models.map(() => '---|').join('')}`
  ];
  subjects.forEach((name, i) => {
    const cells = models.map((m) => {
      const r = report.default_view.results[m.id].subjects[i];
      const first = r.classes[0];
      return `${first ? `${first.label.split(',')[0]} ${pct(first.p)}` : '?'} ${r.top1 ? '✓' : '✗'}${r.top1 ? '' : ` (top-5: ${r.top5 ? 'yes' : 'no'})`}`;
    });
    lines.push(`| ${name} | ${report.default_view.results[models[0].id].subjects[i].expected} | ${cells.join(' | ')} |`);
  });
  lines.push(
    `| **right kind top-1** | | ${models.map((m) => `**${report.default_view.results[m.id].top1}/${report.default_view.results[m.id].of}**`).join(' | ')} |`,
    '',
    `**Ring of twelve views** (yaw ${report.ring_view.yaws[0]}…${report.ring_view.yaws.at(-1)}° in steps of 30°, pitch ${report.ring_view.pitch}°): ` +
      'views where a class of the right kind is top-1 (top-5).',
    '',
    `| Model | ${subjects.join(' | ')} | mean top-1 |`,
    `|---|${subjects.map(() => '---|').join('')}---|`
  );
  for (const m of models) {
    const r = report.ring[m.id];
    lines.push(`| ${m.name} | ${subjects.map((s) => `${views(r[s].top1)} (${views(r[s].top5)})`).join(' | ')} | **${r.mean_top1.toFixed(2)}** |`);
  }
  return lines.join('\n');
}

export function updateReadmeRecognisability(path, report) {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  writeFileSync(path, replaceBetweenMarkers(text, renderRecognisability(report), '<!-- recognise:start -->', '<!-- recognise:end -->'));
}
