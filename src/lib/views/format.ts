/** Display formatting shared by the model views. */

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export function formatPercent(p: number): string {
  if (!Number.isFinite(p)) return '—';
  const pct = p * 100;
  if (pct >= 99.95 || pct === 0) return `${pct.toFixed(0)}%`;
  if (pct < 0.1) return '<0.1%';
  return `${pct.toFixed(1)}%`;
}

export function formatPreprocess(p: { kind: string; mean?: number[]; std?: number[] }): string {
  if (p.kind === 'range01') return '[0, 1]';
  if (p.kind === 'range11') return '[-1, 1]';
  if (p.kind === 'caffe') return 'Caffe (BGR − means)';
  return `mean/std`;
}

/** A stable colour per class label (used by the sparkline and the top-5 bars). */
export function labelColour(label: string): string {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  const hue = (h >>> 0) % 360;
  return `hsl(${hue} 70% 62%)`;
}

/** "robin, American robin, Turdus migratorius" -> "robin" (ImageNet labels list synonyms). */
export function shortLabel(label: string): string {
  const first = label.split(',')[0].trim();
  return first || label;
}
