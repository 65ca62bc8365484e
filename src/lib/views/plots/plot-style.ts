/**
 * What every plot figure shares: the look (a white card with dark text, so the model colours read as in
 * the Models list and an exported file looks the same), a legend drawn as Plot marks (so it is part of
 * the SVG a figure exports), and the tagging of each series' element after render (data-series,
 * data-model, data-run), so that a series can be found and counted in the DOM.
 */
import * as Plot from '@observablehq/plot';
import type { PlotAxis, PlotRow, PlotSource } from '$lib/experiments/plot-data';
import { plotModels, runLabels } from '$lib/experiments/plot-data';

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";
export const INK = '#1b1e24';
export const PLOT_STYLE = { background: '#ffffff', color: INK, fontFamily: FONT, fontSize: '11px', overflow: 'visible' };
/** The dash of the second (overlaid) run. */
export const DASH = '6 4';

export interface FigureContext {
  sources: readonly PlotSource[];
  /** The rows of every source (PlotRow.source tells which). */
  rows: PlotRow[];
  axes: PlotAxis[];
  runLabels: string[];
  colourOf: (modelId: string) => string;
}

export interface LegendItem {
  label: string;
  /** A coloured dot before the label; none for a text-only item. */
  colour?: string;
}

/** The series a plot draws, each with its marks' class, to tag after render. */
export interface SeriesTag {
  className: string;
  series: string;
  model: string;
  runId: string;
}

/** The model (and, overlaid, run) legend of a line or polar figure. */
export function modelLegend(ctx: FigureContext): LegendItem[] {
  const seen = new Map<string, string>();
  for (const s of ctx.sources) for (const m of plotModels(s.run)) if (!seen.has(m.id)) seen.set(m.id, m.name);
  const items: LegendItem[] = [...seen].map(([id, name]) => ({ label: name, colour: ctx.colourOf(id) }));
  if (ctx.sources.length > 1) items.push({ label: `solid: ${ctx.runLabels[0]}` }, { label: `dashed: ${ctx.runLabels[1]}` });
  return items;
}

const CHAR_WIDTH = 6.3;
const ROW = 16;

/** Lays out items in rows that fit `width`: the marks, and the top margin they take. */
export function legendMarks(items: LegendItem[], width: number, left: number): { marks: Plot.Markish[]; height: number } {
  const marks: Plot.Markish[] = [];
  let x = 0;
  let row = 0;
  const placed = items.map((item) => {
    const w = (item.colour ? 14 : 0) + item.label.length * CHAR_WIDTH + 16;
    if (x > 0 && left + x + w > width) {
      x = 0;
      row++;
    }
    const at = { item, x, row };
    x += w;
    return at;
  });
  const rows = row + 1;
  for (const { item, x, row } of placed) {
    // Above the y axis's label (which sits at the top of the left margin).
    const dy = -(rows - row) * ROW + 2;
    if (item.colour) marks.push(Plot.dot([0], { frameAnchor: 'top-left', dx: x + 5, dy, r: 5, fill: item.colour }));
    marks.push(Plot.text([item.label], { frameAnchor: 'top-left', dx: x + (item.colour ? 14 : 0), dy, text: (d) => d, textAnchor: 'start', fill: INK }));
  }
  return { marks, height: rows * ROW + 22 };
}

/** Sets data-series, data-model and data-run on the element of each series' mark. */
export function tagSeries(root: Element, tags: SeriesTag[], selector = 'path'): void {
  for (const t of tags) {
    const g = root.querySelector(`g.${t.className}`);
    const el = (selector && g?.querySelector(selector)) || g;
    if (!el) continue;
    el.setAttribute('data-series', t.series);
    el.setAttribute('data-model', t.model);
    el.setAttribute('data-run', t.runId);
  }
}

/** The values of an ordinal axis to label: every k-th when all would not fit in `span` pixels. */
export function tickValues(axis: PlotAxis, span: number, vertical = false): unknown[] {
  const rotated = !vertical && axis.values.length > 6;
  const each = vertical ? 14 : rotated ? 24 : axis.texts.reduce((n, t) => Math.max(n, t.length), 0) * 6.3 + 10;
  const k = Math.max(1, Math.ceil((axis.values.length * each) / Math.max(span, 1)));
  return axis.values.filter((_, i) => i % k === 0);
}

/** An ordinal axis's scale options: its values in axis order, read as their texts, thinned to fit. */
export function ordinalScale(axis: PlotAxis, span: number, vertical = false): Plot.ScaleOptions {
  return {
    domain: axis.values,
    label: axis.label,
    ticks: tickValues(axis, span, vertical),
    tickFormat: (v: unknown) => axis.texts[axis.values.indexOf(v as never)] ?? String(v),
    tickRotate: !vertical && axis.values.length > 6 ? -30 : 0
  };
}

/** The x scale of an axis over `span` pixels: linear for numbers, points in axis order for the rest. */
export function axisScale(axis: PlotAxis, span: number): Plot.ScaleOptions {
  if (axis.kind === 'number') {
    const unit = axis.texts[0]?.replace(/^-?[\d.e+-]+/, '') ?? '';
    const ticks = axis.values.length <= 10 ? (axis.values as number[]) : undefined;
    return { label: axis.label, ticks, tickFormat: (v: number) => `${+v.toFixed(4)}${unit}` };
  }
  return { type: 'point', padding: 0.3, ...ordinalScale(axis, span) };
}

export function figureContext(sources: readonly PlotSource[], colourOf: (id: string) => string, rows: PlotRow[], axes: PlotAxis[]): FigureContext {
  return { sources, rows, axes, runLabels: runLabels(sources), colourOf };
}

/** The name a series reads by in tooltips: the model's, with the run's when overlaid. */
export function seriesLabel(ctx: FigureContext, source: number, model: string): string {
  const name = plotModels(ctx.sources[source].run).find((m) => m.id === model)?.name ?? model;
  return ctx.sources.length > 1 ? `${name} · ${ctx.runLabels[source]}` : name;
}
