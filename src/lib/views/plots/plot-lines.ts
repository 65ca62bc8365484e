/**
 * The line and polar figures of a run: one series per model (per model and run when two runs are
 * overlaid, the second dashed) of a metric along an axis, the mean where several points share an x.
 * Along a model axis (checkpoints) one grey line joins the models' dots, each in its model's colour.
 * The polar figure draws an angle axis around a circle with Plot's azimuthal-equidistant projection
 * centred on the pole (the radar-chart approach of Plot's docs): longitude is the angle, the distance
 * from the centre the value.
 */
import * as Plot from '@observablehq/plot';
import { METRICS, lineSeries, type FigurePlan, type PlotMetric, type SeriesPoint } from '$lib/experiments/plot-data';
import { DASH, INK, PLOT_STYLE, axisScale, legendMarks, modelLegend, tagSeries, type FigureContext, type SeriesTag } from './plot-style';

const CHECKPOINTS_LINE = '#8a909e';

function bySeries(points: SeriesPoint[]): Map<string, SeriesPoint[]> {
  const m = new Map<string, SeriesPoint[]>();
  for (const p of points) m.set(p.series, [...(m.get(p.series) ?? []), p]);
  return m;
}

/** The top of the value axis: 1 for shares, else the next whole number above the largest value. */
function valueTop(metric: PlotMetric, points: SeriesPoint[]): number {
  if (METRICS[metric].percent) return 1;
  return Math.max(1, Math.ceil(points.reduce((m, p) => Math.max(m, p.value), 0)));
}

function valueLabel(metric: PlotMetric): string {
  const info = METRICS[metric];
  return info.percent ? info.label : `${info.label} (${info.unit})`;
}

function formatValue(metric: PlotMetric, v: number): string {
  return METRICS[metric].percent ? `${(v * 100).toFixed(0)}%` : v.toFixed(2);
}

/** Per series: its line (tagged), its dots; the run's dash; what the tags need. */
function seriesMarks(ctx: FigureContext, points: SeriesPoint[], xy: { x: (p: SeriesPoint) => unknown; y: (p: SeriesPoint) => unknown }, tags: SeriesTag[]): Plot.Markish[] {
  const marks: Plot.Markish[] = [];
  for (const [series, pts] of bySeries(points)) {
    const { source, model } = pts[0];
    const alongModels = series.endsWith(':models');
    const colour = alongModels ? CHECKPOINTS_LINE : ctx.colourOf(model);
    const className = `plot-series-${tags.length}`;
    marks.push(Plot.line(pts, { ...xy, stroke: colour, strokeWidth: 2, strokeDasharray: source ? DASH : undefined, className }));
    // Dots while they are apart; a long series is a line (the pointer still marks its points).
    if (pts.length <= 40) marks.push(Plot.dot(pts, { ...xy, r: 3, fill: alongModels ? (p: SeriesPoint) => ctx.colourOf(p.model) : colour, stroke: 'white', strokeWidth: 0.8 }));
    tags.push({ className, series, model: alongModels ? 'models' : model, runId: ctx.sources[source].run.id });
  }
  marks.push(Plot.dot(points, Plot.pointer({ ...xy, r: 7, fill: 'none', stroke: INK, strokeWidth: 1.5, maxRadius: 40 })));
  return marks;
}

export function lineFigure(f: FigurePlan, ctx: FigureContext, width: number): SVGSVGElement | HTMLElement {
  const axis = ctx.axes[f.axis];
  const metric = f.metric as PlotMetric;
  const points = lineSeries(ctx.rows, axis, metric);
  const tags: SeriesTag[] = [];
  const marginLeft = 48;
  const legend = legendMarks(modelLegend(ctx), width, marginLeft);
  const marks = seriesMarks(ctx, points, { x: (p) => p.x, y: (p) => p.value }, tags);
  const el = Plot.plot({
    width,
    height: 240 + legend.height,
    marginTop: legend.height + 8,
    marginLeft,
    marginRight: 20,
    marginBottom: axis.kind === 'number' || axis.values.length <= 6 ? 40 : 70,
    style: PLOT_STYLE,
    color: { type: 'identity' },
    x: axisScale(axis, width - marginLeft - 20),
    y: { domain: [0, valueTop(metric, points)], label: valueLabel(metric), grid: true, tickFormat: METRICS[metric].percent ? '.0%' : undefined },
    marks: [Plot.ruleY([0], { stroke: '#c5c9d2' }), ...marks, ...legend.marks]
  });
  tagSeries(el, tags);
  return el;
}

/** The spokes of a polar figure: every 45° within the axis's span; of two on one spoke (−180° and 180°), the later. */
function spokeAngles(values: number[]): number[] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const out: number[] = [];
  for (let a = Math.ceil(lo / 45) * 45; a <= hi; a += 45) {
    const same = out.findIndex((b) => (((b - a) % 360) + 360) % 360 === 0);
    if (same >= 0) out.splice(same, 1);
    out.push(a);
  }
  return out;
}

/** Degrees from the pole of the projection's outer ring. */
const R = 10;

export function polarFigure(f: FigurePlan, ctx: FigureContext, width: number): SVGSVGElement | HTMLElement {
  const axis = ctx.axes[f.axis];
  const metric = f.metric as PlotMetric;
  const points = lineSeries(ctx.rows, axis, metric);
  const top = valueTop(metric, points);
  const unit = axis.texts[0]?.replace(/^-?[\d.e+-]+/, '') ?? '°';
  // Longitude grows anticlockwise seen from the pole, and 0 is at the bottom: angles are turned so that
  // 0 is at the top and they grow clockwise (yaw 90° on the right).
  const lon = (angle: number) => 180 - angle;
  const lat = (v: number) => 90 - (Math.min(Math.max(v, 0), top) / top) * R;
  const tags: SeriesTag[] = [];
  const legend = legendMarks(modelLegend(ctx), width, 10);
  const rings = [0.25, 0.5, 0.75, 1];
  const ringPoints = rings.flatMap((t) => Array.from({ length: 73 }, (_, i) => ({ t, lon: i * 5 - 180, lat: 90 - t * R })));
  const spokes = spokeAngles(axis.values as number[]);
  const size = Math.min(width, 460);
  const el = Plot.plot({
    width: size,
    height: size + legend.height - 20,
    marginTop: legend.height + 18,
    marginBottom: 18,
    marginLeft: 30,
    marginRight: 30,
    style: PLOT_STYLE,
    color: { type: 'identity' },
    projection: {
      type: 'azimuthal-equidistant',
      rotate: [0, -90],
      domain: { type: 'MultiPoint', coordinates: [0, 90, 180, 270].map((a) => [a, 90 - R * 1.12]) }
    },
    marks: [
      Plot.line(ringPoints, { x: 'lon', y: 'lat', z: 't', stroke: '#d3d6dd', strokeWidth: 0.8 }),
      Plot.link(spokes, { x1: lon, y1: 90, x2: lon, y2: 90 - R, stroke: '#d3d6dd', strokeWidth: 0.8 }),
      Plot.text(spokes, { x: lon, y: 90 - R * 1.07, text: (a: number) => `${a}${unit}`, fill: INK }),
      Plot.text(rings, { x: lon((spokes.includes(0) ? 0 : spokes[0]) + 22.5), y: (t: number) => 90 - t * R, text: (t: number) => formatValue(metric, t * top), fill: '#6b7080', fontSize: 9, stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' }),
      ...seriesMarks(ctx, points, { x: (p) => lon(p.x as number), y: (p) => lat(p.value) }, tags),
      ...legend.marks
    ]
  });
  tagSeries(el, tags);
  return el;
}
