// Which range to ask Prometheus for: steps aligned to the window, start/end on the step grid,
// so successive polls land on the same timestamps and only new points are fetched.
import type { WindowMinutes } from './protocol';

/** Seconds between points: 300 points for 5 min, 450 for 15 min, 600 for 30 min. */
const STEP_SECONDS: Record<WindowMinutes, number> = { 5: 1, 15: 2, 30: 3 };

/** Prometheus scrapes every 1 s: evaluating 2 s behind now lets the last scrape land first. */
export const EVAL_LAG_SECONDS = 2;

export function stepSeconds(window: WindowMinutes): number {
  return STEP_SECONDS[window];
}

export interface RangeQuery {
  /** Unix seconds, multiples of step. */
  start: number;
  end: number;
  step: number;
}

/**
 * The range to query at `nowMs`. `cursor` is the end (unix seconds) of the last successful query of
 * this panel at this window, if any: the next range starts one step after it, never before the
 * window. Undefined when nothing new can exist yet.
 */
export function nextRange(nowMs: number, window: WindowMinutes, cursor?: number): RangeQuery | undefined {
  const step = stepSeconds(window);
  const end = Math.floor((nowMs / 1000 - EVAL_LAG_SECONDS) / step) * step;
  const windowStart = end - window * 60;
  const start = cursor === undefined ? windowStart : Math.max(windowStart, cursor + step);
  if (start > end) return undefined;
  return { start, end, step };
}

/** The left edge (ms) of the window whose right edge is `endMs`. */
export function windowStartMs(endMs: number, window: WindowMinutes): number {
  return endMs - window * 60_000;
}
