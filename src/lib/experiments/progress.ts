/**
 * The order and pace of a sweep run: the cells still to do grouped by point (a runner sets the scene
 * once per point and predicts it on each of the point's models), and the progress it reports (points
 * done, points per second, time left). Pure functions.
 */
import type { Cell } from './points';

/** One point and the models it still has to run on, in run order. */
export interface PointBatch {
  point: number;
  models: string[];
}

/**
 * Groups cells (in run order, e.g. results.ts missingCells) by point, keeping the order of points as
 * they first appear and of each point's models; a cell given twice is done once.
 */
export function cellsByPoint(cells: readonly Cell[]): PointBatch[] {
  const byPoint = new Map<number, PointBatch>();
  for (const cell of cells) {
    let batch = byPoint.get(cell.point);
    if (!batch) byPoint.set(cell.point, (batch = { point: cell.point, models: [] }));
    if (!batch.models.includes(cell.model)) batch.models.push(cell.model);
  }
  return [...byPoint.values()];
}

export interface SweepPace {
  /** Points done this session, per second of its wall time (0 before the first). */
  pointsPerSecond: number;
  /** Seconds until the remaining points are done at that pace; null before the first point. */
  secondsLeft: number | null;
}

/** The pace of a run: `done` points in `elapsedMs` this session, `remaining` points still to do. */
export function sweepPace(done: number, remaining: number, elapsedMs: number): SweepPace {
  if (done <= 0 || elapsedMs <= 0) return { pointsPerSecond: 0, secondsLeft: remaining === 0 ? 0 : null };
  const pointsPerSecond = done / (elapsedMs / 1000);
  return { pointsPerSecond, secondsLeft: remaining / pointsPerSecond };
}
