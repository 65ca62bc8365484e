/**
 * The grid figures of a run: a heatmap of a metric over both axes of a two-axis run (one per model, its
 * frame in the model's colour; with a model axis one over the models, each model's cells a series), and
 * a strip of the top-1 class along an axis, one row per model (per model and run when overlaid), the
 * class in each cell where it fits and in the legend.
 */
import * as Plot from '@observablehq/plot';
import { METRICS, heatmapCells, stripCells, type FigurePlan, type HeatCell, type PlotAxis, type PlotMetric, type StripCell } from '$lib/experiments/plot-data';
import { shortLabel } from '../format';
import { INK, PLOT_STYLE, legendMarks, ordinalScale, seriesLabel, tagSeries, type FigureContext, type LegendItem, type SeriesTag } from './plot-style';

const bandScale = (axis: PlotAxis, span: number, vertical = false): Plot.ScaleOptions => ({ type: 'band', ...ordinalScale(axis, span, vertical) });

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) m.set(key(t), [...(m.get(key(t)) ?? []), t]);
  return m;
}

const longest = (texts: string[]) => texts.reduce((n, t) => Math.max(n, t.length), 0);

export function heatmapFigure(f: FigurePlan, ctx: FigureContext, width: number): SVGSVGElement | HTMLElement {
  const [ax, ay] = ctx.axes;
  const metric = f.metric as PlotMetric;
  const info = METRICS[metric];
  const rows = f.source === undefined ? ctx.rows : ctx.rows.filter((r) => r.source === f.source);
  const cells = heatmapCells(rows, metric, f.model);
  const top = info.percent ? 1 : Math.max(1, Math.ceil(cells.reduce((m, c) => Math.max(m, c.value), 0)));
  const marginLeft = Math.min(160, longest(ay.texts) * 6.3 + 24);
  const cellWidth = (width - marginLeft - 24) / ax.values.length;
  // Rows of 26 px, at most 420 px in all (a 100-value axis: rows of about 4 px).
  const plotHeight = Math.max(120, Math.min(420, ay.values.length * 26));
  const inset = cellWidth < 8 || plotHeight / ay.values.length < 8 ? 0 : 0.5;
  const tags: SeriesTag[] = [];
  const marks: Plot.Markish[] = [];
  for (const [model, own] of groupBy(cells, (c) => c.model)) {
    const className = `plot-series-${tags.length}`;
    marks.push(Plot.cell(own, { x: 'x', y: 'y', fill: 'value', inset, className }));
    tags.push({ className, series: `${own[0].source}:${model}`, model, runId: ctx.sources[own[0].source].run.id });
  }
  if (cells.length <= 200 && cellWidth >= 34 && plotHeight / ay.values.length >= 16) {
    const text = (c: HeatCell) => (info.percent ? `${Math.round(c.value * 100)}%` : c.value.toFixed(2));
    marks.push(Plot.text(cells, { x: 'x', y: 'y', text, fill: (c: HeatCell) => (c.value / top > 0.6 ? INK : 'white'), fontSize: 10 }));
  }
  if (f.model) marks.push(Plot.frame({ stroke: ctx.colourOf(f.model), strokeWidth: 3 }));
  // A model axis: each model's colour beside its row (or above its column).
  if (ay.kind === 'model') for (const m of ay.values) marks.push(Plot.dot([m], { y: (d) => d, frameAnchor: 'right', dx: 10, r: 5, fill: ctx.colourOf(String(m)) }));
  if (ax.kind === 'model') for (const m of ax.values) marks.push(Plot.dot([m], { x: (d) => d, frameAnchor: 'top', dy: -8, r: 5, fill: ctx.colourOf(String(m)) }));
  marks.push(Plot.cell(cells, Plot.pointer({ x: 'x', y: 'y', fill: 'none', stroke: INK, strokeWidth: 2 })));
  const el = Plot.plot({
    width,
    height: plotHeight + 20 + (ax.values.length > 6 ? 70 : 40),
    marginLeft,
    marginTop: 20,
    marginRight: 24,
    marginBottom: ax.values.length > 6 ? 70 : 40,
    style: PLOT_STYLE,
    x: bandScale(ax, width - marginLeft - 24),
    y: bandScale(ay, plotHeight, true),
    color: {
      type: 'linear',
      domain: [0, top],
      scheme: 'viridis',
      legend: true,
      label: info.percent ? info.label : `${info.label} (${info.unit})`,
      tickFormat: info.percent ? '.0%' : undefined,
      marginLeft: 12
    } as Plot.ScaleOptions,
    marks
  });
  tagSeries(el, tags, '');
  return el;
}

/** Pastel class colours, apart from the model colours (Observable 10). */
const CLASS_SCHEME = 'set3';

export function stripFigure(f: FigurePlan, ctx: FigureContext, width: number): SVGSVGElement | HTMLElement {
  const axis = ctx.axes[f.axis];
  const cells = stripCells(ctx.rows, axis);
  const alongModels = axis.kind === 'model';
  const rowLabel = (c: StripCell) => (alongModels ? (ctx.sources.length > 1 ? ctx.runLabels[c.source] : 'Top-1') : seriesLabel(ctx, c.source, c.model));
  const classes = [...new Set(cells.map((c) => c.label))];
  const classColour = Plot.scale({ color: { type: 'ordinal', domain: classes, scheme: CLASS_SCHEME } });
  const items: LegendItem[] = classes.map((l) => ({ label: shortLabel(l), colour: classColour.apply(l) as string }));
  const series = groupBy(cells, (c) => c.series);
  const labels = [...series.values()].map((g) => rowLabel(g[0]));
  const marginLeft = Math.min(200, longest(labels) * 6.3 + 30);
  const legend = legendMarks(items, width, marginLeft);
  const cellWidth = (width - marginLeft - 20) / axis.values.length;
  const tags: SeriesTag[] = [];
  const marks: Plot.Markish[] = [];
  for (const [key, own] of series) {
    const className = `plot-series-${tags.length}`;
    const y = (c: StripCell) => rowLabel(c);
    // Along a model axis each column is a model: its cells are outlined in its colour.
    const stroke = alongModels ? (c: StripCell) => ctx.colourOf(c.model) : undefined;
    marks.push(Plot.cell(own, { x: 'x', y, fill: (c: StripCell) => classColour.apply(c.label), stroke, strokeWidth: 3, inset: alongModels ? 2 : cellWidth < 8 ? 0 : 0.5, className }));
    if (!alongModels) marks.push(Plot.dot([rowLabel(own[0])], { y: (d: string) => d, frameAnchor: 'left', dx: -marginLeft + 10, r: 5, fill: ctx.colourOf(own[0].model) }));
    tags.push({ className, series: key, model: alongModels ? 'models' : own[0].model, runId: ctx.sources[own[0].source].run.id });
  }
  if (cellWidth >= 44) {
    const fit = Math.floor((cellWidth - 6) / 6);
    const text = (c: StripCell) => {
      const s = shortLabel(c.label);
      return s.length > fit ? `${s.slice(0, fit - 1)}…` : s;
    };
    marks.push(Plot.text(cells, { x: 'x', y: rowLabel, text, fill: INK, fontSize: 10 }));
  }
  marks.push(Plot.cell(cells, Plot.pointer({ x: 'x', y: rowLabel, fill: 'none', stroke: INK, strokeWidth: 2 })));
  const marginBottom = axis.values.length > 6 ? 70 : 40;
  const el = Plot.plot({
    width,
    height: labels.length * 28 + legend.height + 8 + marginBottom,
    marginTop: legend.height + 8,
    marginLeft,
    marginBottom,
    style: PLOT_STYLE,
    color: { type: 'identity' },
    x: bandScale(axis, width - marginLeft - 20),
    y: { type: 'band', domain: labels, label: null, tickFormat: (l: string) => l, tickPadding: 4 },
    marks: [...marks, ...legend.marks]
  });
  tagSeries(el, tags, '');
  return el;
}
