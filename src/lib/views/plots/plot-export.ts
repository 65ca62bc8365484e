/**
 * A plot figure as a file: standalone SVG text (every SVG of the figure, a colour legend and the plot,
 * stacked under the title in one SVG with a white background and the font and colours inline, so it
 * reads the same outside the app), and a PNG of it at 2× (an Image of the SVG drawn into a canvas).
 * `runPlotSvgs` builds every figure of a run off-screen, for the headless CLI.
 */
import { plotPlan, plotRows, type PlotSource } from '$lib/experiments/plot-data';
import { FONT, INK, figureContext, type FigureContext } from './plot-style';
import { buildFigure } from './plot-figures';

const SVG_NS = 'http://www.w3.org/2000/svg';
const TITLE_HEIGHT = 28;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The figure's top-level SVGs (a Plot figure holds its legend's and the plot's). */
function svgsOf(el: Element): SVGSVGElement[] {
  if (el.tagName.toLowerCase() === 'svg') return [el as SVGSVGElement];
  return [...el.querySelectorAll('svg')].filter((s) => !s.parentElement?.closest('svg')) as SVGSVGElement[];
}

const sizeOf = (svg: SVGSVGElement) => ({ width: Number(svg.getAttribute('width')) || 640, height: Number(svg.getAttribute('height')) || 100 });

/** Standalone SVG text of a figure (a Plot SVG or figure element), with its title on top. */
export function standaloneSvg(el: Element, title?: string): string {
  const parts = svgsOf(el);
  const width = Math.max(...parts.map((s) => sizeOf(s).width), 200);
  let y = title ? TITLE_HEIGHT : 4;
  const serializer = new XMLSerializer();
  const body = parts.map((svg) => {
    const copy = svg.cloneNode(true) as SVGSVGElement;
    const { width: w, height: h } = sizeOf(svg);
    copy.setAttribute('x', '0');
    copy.setAttribute('y', String(y));
    copy.setAttribute('width', String(w));
    copy.setAttribute('height', String(h));
    copy.setAttribute('overflow', 'visible');
    y += h + 4;
    return serializer.serializeToString(copy);
  });
  const height = Math.ceil(y);
  const heading = title ? `<text x="10" y="19" font-size="14" font-weight="600" fill="${INK}">${escapeXml(title)}</text>` : '';
  return (
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${escapeXml(FONT)}" font-size="11" style="color:${INK};font-family:${escapeXml(FONT)};font-size:11px">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${heading}${body.join('')}</svg>`
  );
}

/** A PNG of standalone SVG text at `scale` × its size. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const width = Number(/width="([\d.]+)"/.exec(svg)?.[1] ?? 640);
  const height = Number(/height="([\d.]+)"/.exec(svg)?.[1] ?? 400);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const g = canvas.getContext('2d');
  if (!g) throw new Error('This browser cannot draw into a canvas, so the PNG cannot be made.');
  g.scale(scale, scale);
  g.drawImage(img, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be made.'))), 'image/png'));
}

/** Builds the context every figure of these sources draws from. */
export function plotContext(sources: readonly PlotSource[], colourOf: (id: string) => string): FigureContext | null {
  const plan = plotPlan(sources);
  if (!plan.ok) return null;
  return figureContext(sources, colourOf, sources.flatMap((s, i) => plotRows(s, i)), plan.axes);
}

/**
 * Every figure of a run (or two overlaid), built off-screen, as standalone SVG text with a file-safe
 * name ("p-truth-by-camera-yaw"). Throws when two runs cannot be overlaid.
 */
export function runPlotSvgs(sources: PlotSource[], colourOf: (modelId: string) => string, width = 640): { name: string; svg: string }[] {
  const plan = plotPlan(sources);
  if (!plan.ok) throw new Error(plan.problem);
  const ctx = plotContext(sources, colourOf)!;
  return plan.figures.map((f) => ({ name: f.name, svg: standaloneSvg(buildFigure(f, ctx, width), f.title) }));
}

/** A run's figures as SVG text and PNG (base64, 2×): what `npm run experiment` writes beside the CSV. */
export async function runPlotImages(source: PlotSource, colourOf: (modelId: string) => string): Promise<{ name: string; svg: string; png: string }[]> {
  const out: { name: string; svg: string; png: string }[] = [];
  for (const { name, svg } of runPlotSvgs([source], colourOf)) {
    const bytes = new Uint8Array(await (await svgToPng(svg)).arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    out.push({ name, svg, png: btoa(binary) });
  }
  return out;
}
