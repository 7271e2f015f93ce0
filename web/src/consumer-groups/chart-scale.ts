// The arithmetic of the lag chart, kept apart from the drawing.

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above `value`, so axis labels are round. */
export function niceCeiling(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value - 1e-9) return step * magnitude;
  }
  return 10 * magnitude;
}

export interface Axis {
  top: number;
  count: number;
}

/** Round ticks with the least headroom above `max`: 3, 4 or 5 intervals of a round step. */
export function axisFor(max: number): Axis {
  const options = [4, 5, 3].map((count) => ({ count, top: niceCeiling(Math.max(max, 1e-9) / count) * count }));
  return options.reduce((best, option) => (option.top < best.top ? option : best));
}

/** A second axis sharing the first's gridlines: same number of intervals, its own round step. */
export function axisAlongside(max: number, count: number): Axis {
  return { count, top: niceCeiling(Math.max(max, 1e-9) / count) * count };
}

export function ticks(axis: Axis): number[] {
  return Array.from({ length: axis.count + 1 }, (_, index) => (axis.top * index) / axis.count);
}

export interface Point {
  x: number;
  y: number;
}

/** Consecutive runs of known values: a missing sample breaks the line rather than drawing it as zero. */
export function segments<T>(items: T[], value: (item: T) => number | null, place: (item: T, value: number) => Point): Point[][] {
  const runs: Point[][] = [];
  let run: Point[] = [];
  for (const item of items) {
    const known = value(item);
    if (known === null || !Number.isFinite(known)) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push(place(item, known));
  }
  if (run.length) runs.push(run);
  return runs;
}

export function linePath(points: Point[]): string {
  return points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join('');
}

export function areaPath(points: Point[], baseline: number): string {
  if (points.length === 0) return '';
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return `${linePath(points)}L${last.x.toFixed(1)},${baseline}L${first.x.toFixed(1)},${baseline}Z`;
}

/** Index of the item whose time is closest to `at`. */
export function nearest(times: number[], at: number): number {
  let best = 0;
  for (let index = 1; index < times.length; index += 1) {
    if (Math.abs(times[index]! - at) < Math.abs(times[best]! - at)) best = index;
  }
  return best;
}
