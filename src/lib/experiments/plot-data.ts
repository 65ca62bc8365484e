/**
 * What the plots of a sweep run show, as tidy data (no DOM): one row per run × point × model with its
 * axis values and metrics; series along one axis (the mean where several points share an x, e.g. a
 * two-axis run drawn along its first axis); heatmap cells; the top-1 class along an axis; and which
 * figures a run (or two runs overlaid) gets. Angle axes (degree fields whose values span 180° or more)
 * also get a polar plot; a run whose subjects have no truth plots top-1 confidence, not p(truth), and
 * no correctness. Two runs overlay only when they sweep the same axes with the same values.
 */
import { fieldEntry, stepDecimals } from '$lib/state/schema';
import { axisName, axisValues, type Axis, type AxisValue } from './axes';
import { definitionModels, definitionSubjects, truthOf } from './definition';
import type { LabelledProbability } from './metrics';
import { pointReader } from './points';
import type { ResultRow, RunRecord } from './results';

export interface PlotSource {
  run: RunRecord;
  rows: ResultRow[];
}

export type PlotMetric = 'pTruth' | 'confidence' | 'correctAt1' | 'correctAt5' | 'entropy';
export interface MetricInfo {
  label: string;
  /** In file names: "p-truth". */
  file: string;
  /** A share (drawn on a 0–100 % axis); else a number in `unit`. */
  percent: boolean;
  unit: string;
}
export const METRICS: Record<PlotMetric, MetricInfo> = {
  pTruth: { label: 'p(truth)', file: 'p-truth', percent: true, unit: '%' },
  confidence: { label: 'Top-1 confidence', file: 'confidence', percent: true, unit: '%' },
  correctAt1: { label: 'Top-1 correct', file: 'correct-at-1', percent: true, unit: '%' },
  correctAt5: { label: 'Top-5 correct', file: 'correct-at-5', percent: true, unit: '%' },
  entropy: { label: 'Entropy', file: 'entropy', percent: false, unit: 'bits' }
};

/** One model's prediction at one point of one run. */
export interface PlotRow {
  /** Index of the source (0, or 1 for the overlaid run). */
  source: number;
  point: number;
  model: string;
  /** One per axis, in axis order (subjects as keys, models as ids). */
  values: AxisValue[];
  pTruth: number | null;
  confidence: number;
  correctAt1: number | null;
  correctAt5: number | null;
  entropy: number;
  top1: string;
  top: LabelledProbability[];
}

export interface PlotAxis {
  index: number;
  /** "camera.yaw", "subject", "model". */
  name: string;
  /** "Yaw (°)", "Subject", "Model": the axis label. */
  label: string;
  /** "Yaw": in titles. */
  title: string;
  kind: 'number' | 'category' | 'model';
  angle: boolean;
  values: AxisValue[];
  /** How each value reads (toggles on/off, colours #hex, models by name). */
  texts: string[];
}

function modelName(run: RunRecord, id: string): string {
  return run.models.find((m) => m.id === id)?.name ?? id;
}

function axisInfo(run: RunRecord, axis: Axis, index: number): PlotAxis {
  const values = axisValues(axis);
  if (axis.kind === 'epsilon') {
    const texts = (values as number[]).map((v) => `${v}/255`);
    return { index, name: 'epsilon', label: 'ε (PGD L∞, of 255)', title: 'ε', kind: 'number', angle: false, values, texts };
  }
  if (axis.kind !== 'field') {
    const model = axis.kind === 'model';
    const texts = values.map((v) => (model ? modelName(run, String(v)) : String(v)));
    const title = model ? 'Model' : 'Subject';
    return { index, name: axisName(axis), label: title, title, kind: model ? 'model' : 'category', angle: false, values, texts };
  }
  const spec = fieldEntry(axis.path)!.spec;
  const unit = spec.unit.trim();
  const label = unit ? `${spec.label} (${unit})` : spec.label;
  if (spec.kind === 'number') {
    const nums = values as number[];
    const angle = spec.unit === '°' && Math.max(...nums) - Math.min(...nums) >= 180;
    // Range values have up to 10 decimals (0.1212121212): shown with the step's decimals, at least 2.
    const text = (v: number) => `${+v.toFixed(Math.max(2, stepDecimals(spec)))}${spec.unit}`;
    return { index, name: axis.path, label, title: spec.label, kind: 'number', angle, values, texts: nums.map(text) };
  }
  const texts = values.map((v) => (spec.kind === 'toggle' ? (v ? 'on' : 'off') : spec.kind === 'color' ? `#${v}` : String(v)));
  return { index, name: axis.path, label, title: spec.label, kind: 'category', angle: false, values, texts };
}

/** The run's axes as the plots read them. */
export function plotAxes(run: RunRecord): PlotAxis[] {
  return run.definition.axes.map((a, i) => axisInfo(run, a, i));
}

/** The run's models in definition order (the model axis's, or `models`), with their names. */
export function plotModels(run: RunRecord): { id: string; name: string }[] {
  return definitionModels(run.definition).map((id) => ({ id, name: modelName(run, id) }));
}

/** Whether any subject of the run has a truth (else it plots confidence and no correctness). */
export function hasTruth(run: RunRecord): boolean {
  const def = run.definition;
  return definitionSubjects(def).some((s) => truthOf(def, s).kind !== 'none');
}

/** The metrics drawn as line plots. */
export function lineMetrics(run: RunRecord): PlotMetric[] {
  return hasTruth(run) ? ['pTruth', 'correctAt1', 'correctAt5', 'entropy'] : ['confidence', 'entropy'];
}

/** The metrics the selector offers (polar plot and heatmaps); the first is the default. */
export function metricChoices(run: RunRecord): PlotMetric[] {
  return hasTruth(run) ? ['pTruth', 'confidence', 'correctAt1', 'correctAt5', 'entropy'] : ['confidence', 'entropy'];
}

const asShare = (b: boolean | null) => (b === null ? null : b ? 1 : 0);

/** One row per result row, with the point's axis values (rows of points the sweep lacks are dropped). */
export function plotRows(source: PlotSource, sourceIndex = 0): PlotRow[] {
  const read = pointReader(source.run.definition);
  const out: PlotRow[] = [];
  for (const r of source.rows) {
    if (r.top.length === 0) continue;
    let values: AxisValue[];
    try {
      values = read(r.point).values;
    } catch {
      continue;
    }
    const { point, model, pTruth, entropy, top } = r;
    out.push({ source: sourceIndex, point, model, values, pTruth, confidence: top[0].probability, correctAt1: asShare(r.correctAt1), correctAt5: asShare(r.correctAt5), entropy, top1: top[0].label, top });
  }
  return out;
}

/** A point of a series: the mean of the metric over the rows that share its x. */
export interface SeriesPoint {
  source: number;
  /** "0:m1": source and model; "0:models" for the one series along a model axis. */
  series: string;
  /** The model of the series (along a model axis: the model of this x). */
  model: string;
  x: AxisValue;
  xIndex: number;
  value: number;
  /** How many rows the mean is of. */
  count: number;
  /** The first point at this x (what a click picks and a tooltip shows). */
  point: number;
}

/** Groups rows by a key in first-seen order. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const g = m.get(k);
    if (g) g.push(t);
    else m.set(k, [t]);
  }
  return m;
}

/**
 * The series of `metric` along axis `axisIndex`: one per model (or one over the models of a model
 * axis), x in axis order, each x the mean over the other axis. Rows without the metric are left out.
 */
export function lineSeries(rows: readonly PlotRow[], axis: PlotAxis, metric: PlotMetric): SeriesPoint[] {
  const position = new Map(axis.values.map((v, i) => [String(v), i]));
  const alongModels = axis.kind === 'model';
  const withMetric = rows.filter((r) => r[metric] !== null && position.has(String(r.values[axis.index])));
  const groups = groupBy(withMetric, (r) => `${r.source}:${alongModels ? 'models' : r.model}\u0000${position.get(String(r.values[axis.index]))}`);
  const out: SeriesPoint[] = [];
  for (const [key, g] of groups) {
    const first = g.reduce((a, b) => (b.point < a.point ? b : a));
    const x = first.values[axis.index];
    const value = g.reduce((sum, r) => sum + (r[metric] as number), 0) / g.length;
    out.push({ source: first.source, series: key.split('\u0000')[0], model: first.model, x, xIndex: position.get(String(x))!, value, count: g.length, point: first.point });
  }
  return out.sort((a, b) => (a.series < b.series ? -1 : a.series > b.series ? 1 : a.xIndex - b.xIndex));
}

export interface HeatCell {
  source: number;
  model: string;
  x: AxisValue;
  y: AxisValue;
  value: number;
  point: number;
}

/** The cells of a two-axis run's heatmap of `metric` (x: axis 1, y: axis 2), for one model or all rows. */
export function heatmapCells(rows: readonly PlotRow[], metric: PlotMetric, model?: string): HeatCell[] {
  return rows
    .filter((r) => r[metric] !== null && (model === undefined || r.model === model))
    .map((r) => ({ source: r.source, model: r.model, x: r.values[0], y: r.values[1], value: r[metric] as number, point: r.point }));
}

export interface StripCell {
  source: number;
  series: string;
  model: string;
  x: AxisValue;
  xIndex: number;
  /** The most frequent top-1 class at this x (the first seen on a tie). */
  label: string;
  /** Share of the x's rows that have it. */
  share: number;
  point: number;
}

/** The top-1 class along axis `axis`, per model (along a model axis: one strip over the models). */
export function stripCells(rows: readonly PlotRow[], axis: PlotAxis): StripCell[] {
  const series = lineSeries(rows, axis, 'confidence');
  const byX = groupBy(rows, (r) => `${r.source}:${axis.kind === 'model' ? 'models' : r.model}\u0000${String(r.values[axis.index])}`);
  return series.map((s) => {
    const g = byX.get(`${s.series}\u0000${String(s.x)}`)!;
    const counts = groupBy(g, (r) => r.top1);
    let label = '';
    let n = 0;
    for (const [l, c] of counts) if (c.length > n) [label, n] = [l, c.length];
    return { source: s.source, series: s.series, model: s.model, x: s.x, xIndex: s.xIndex, label, share: n / g.length, point: s.point };
  });
}

/** "Camera yaw" → "camera-yaw": safe in a file name. */
export function fileSafe(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'plot';
}

export type FigureKind = 'line' | 'polar' | 'heatmap' | 'strip';
export interface FigurePlan {
  kind: FigureKind;
  /** 'top1' for a strip. */
  metric: PlotMetric | 'top1';
  /** The axis along x (a heatmap: 0, with axis 1 along y). */
  axis: number;
  /** A heatmap's model; absent with a model axis (one heatmap, the models along an axis). */
  model?: string;
  /** A heatmap's source; absent when the figure draws every source. */
  source?: number;
  /** File-safe and unique: "p-truth-by-camera-yaw". */
  name: string;
  title: string;
}
export type PlotPlan = { ok: true; axes: PlotAxis[]; metrics: PlotMetric[]; figures: FigurePlan[] } | { ok: false; problem: string };

const axesText = (run: RunRecord) => run.definition.axes.map((a) => `${axisName(a)} (${axisValues(a).length} values)`).join(' × ');

/** Why two runs cannot be overlaid (their axes or values differ), or null. */
export function overlayProblem(sources: readonly PlotSource[]): string | null {
  if (sources.length < 2) return null;
  const [a, b] = sources.map((s) => s.run);
  const key = (run: RunRecord) => JSON.stringify(run.definition.axes.map((x) => [axisName(x), axisValues(x)]));
  if (key(a) === key(b)) return null;
  return `"${a.name}" sweeps ${axesText(a)} and "${b.name}" sweeps ${axesText(b)}: the runs sweep different axes or values, so they are not overlaid. Show them one at a time.`;
}

/** What the runs' legend calls each run: its name, numbered when both have the same name. */
export function runLabels(sources: readonly PlotSource[]): string[] {
  const names = sources.map((s) => s.run.name);
  return names.map((n, i) => (names.filter((m) => m === n).length > 1 ? `${n} (${i + 1})` : n));
}

/**
 * The figures of one run or two overlaid: per axis, a line plot of each line metric (and, along an
 * angle, a polar plot of `metric`); with two axes, heatmaps of `metric` (one per model and run); per
 * axis, a strip of the top-1 class.
 */
export function plotPlan(sources: readonly PlotSource[], metric?: PlotMetric): PlotPlan {
  if (sources.length === 0) return { ok: false, problem: 'No run to plot.' };
  const problem = overlayProblem(sources);
  if (problem) return { ok: false, problem };
  const runs = sources.map((s) => s.run);
  // Overlaid with a run without truth, both are drawn as that one is (confidence, no correctness).
  const basis = runs.find((r) => !hasTruth(r)) ?? runs[0];
  const metrics = metricChoices(basis);
  const lines = lineMetrics(basis);
  const chosen = metric && metrics.includes(metric) ? metric : metrics[0];
  const axes = plotAxes(runs[0]);
  const figures: FigurePlan[] = [];
  const add = (f: Omit<FigurePlan, 'name'>, name: string) => {
    let unique = name;
    for (let n = 2; figures.some((g) => g.name === unique); n++) unique = `${name}-${n}`;
    figures.push({ ...f, name: unique });
  };
  for (const axis of axes) {
    const by = `by-${fileSafe(axis.name)}`;
    for (const m of lines) add({ kind: 'line', metric: m, axis: axis.index, title: `${METRICS[m].label} by ${axis.title}` }, `${METRICS[m].file}-${by}`);
    if (axis.angle) add({ kind: 'polar', metric: chosen, axis: axis.index, title: `${METRICS[chosen].label} around ${axis.title}` }, `${METRICS[chosen].file}-polar-${by}`);
  }
  if (axes.length === 2) {
    const labels = runLabels(sources);
    const title = `${METRICS[chosen].label} by ${axes[0].title} and ${axes[1].title}`;
    const name = `${METRICS[chosen].file}-by-${fileSafe(axes[0].name)}-and-${fileSafe(axes[1].name)}`;
    const overlaid = sources.length > 1;
    sources.forEach((s, source) => {
      const [runTitle, runFile] = overlaid ? [` (${labels[source]})`, `-run-${source + 1}`] : ['', ''];
      const models = axes.some((a) => a.kind === 'model') ? [null] : plotModels(s.run);
      for (const m of models) {
        const f = { kind: 'heatmap' as const, metric: chosen, axis: 0, ...(overlaid ? { source } : {}), ...(m ? { model: m.id } : {}) };
        add({ ...f, title: `${title}${m ? `: ${m.name}` : ''}${runTitle}` }, `${name}${runFile}${m ? `-${fileSafe(m.name)}` : ''}`);
      }
    });
  }
  for (const axis of axes) add({ kind: 'strip', metric: 'top1', axis: axis.index, title: `Top-1 class by ${axis.title}` }, `top-1-by-${fileSafe(axis.name)}`);
  return { ok: true, axes, metrics, figures };
}

/** What a tooltip shows of a point: its axis values and each model's top-5 there. */
export function pointSummary(source: PlotSource, point: number): { values: { axis: string; text: string }[]; models: { id: string; name: string; top: LabelledProbability[] }[] } {
  const axes = plotAxes(source.run);
  const values = pointReader(source.run.definition)(point).values;
  return {
    values: axes.map((a) => ({ axis: a.title, text: a.texts[a.values.findIndex((v) => v === values[a.index])] ?? String(values[a.index]) })),
    models: source.rows.filter((r) => r.point === point).map((r) => ({ id: r.model, name: modelName(source.run, r.model), top: r.top }))
  };
}
