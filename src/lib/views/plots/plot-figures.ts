/** Builds the Plot element of a planned figure (line, polar, heatmap or strip) at a width. */
import type { FigurePlan } from '$lib/experiments/plot-data';
import { heatmapFigure, stripFigure } from './plot-grids';
import { lineFigure, polarFigure } from './plot-lines';
import type { FigureContext } from './plot-style';

export function buildFigure(f: FigurePlan, ctx: FigureContext, width: number): SVGSVGElement | HTMLElement {
  if (f.kind === 'line') return lineFigure(f, ctx, width);
  if (f.kind === 'polar') return polarFigure(f, ctx, width);
  if (f.kind === 'heatmap') return heatmapFigure(f, ctx, width);
  return stripFigure(f, ctx, width);
}
