// Host-side buffer of one panel's points for the current window. It hands out only points newer than
// any it has handed out before, and replays everything when the webview comes back (hidden/reopened).
import type { Point, SeriesPoints } from './protocol';

/** A Prometheus range series as the metrics client returns it: unix seconds, numbers (NaN kept). */
export interface RawSeries {
  labels: Record<string, string>;
  values: [number, number][];
}

/** "outcome=ok, code=500": the labels that tell series apart; "" for a single unlabelled series. */
export function seriesLabel(labels: Record<string, string>): string {
  return Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(', ');
}

/** Seconds → ms; NaN/±Inf → null (JSON has no NaN; the chart draws a gap). */
export function toPoint([t, v]: [number, number]): Point {
  return [Math.round(t * 1000), Number.isFinite(v) ? v : null];
}

export class PanelBuffer {
  private readonly series = new Map<string, Point[]>();
  /** End (unix seconds) of the last successful query; the next query starts after it. */
  cursor?: number;

  /**
   * Adds a query's answer; returns only the points that are new (per series, later than its last).
   * `stepSeconds`: the query's step. Prometheus leaves out the steps where a series had no sample (a stack
   * that was down, a paused scrape): a null goes one step after the last point before such a hole, so the
   * chart draws a gap there instead of a line across it.
   */
  merge(raw: RawSeries[], stepSeconds?: number): SeriesPoints[] {
    const fresh: SeriesPoints[] = [];
    const stepMs = stepSeconds ? stepSeconds * 1000 : undefined;
    for (const r of raw) {
      const label = seriesLabel(r.labels);
      let held = this.series.get(label);
      if (!held) this.series.set(label, (held = []));
      let prev: Point | undefined = held[held.length - 1];
      const added: Point[] = [];
      for (const v of r.values) {
        const p = toPoint(v);
        if (prev && p[0] <= prev[0]) continue;
        if (stepMs && prev && prev[1] !== null && p[0] - prev[0] > stepMs * 1.5) added.push([prev[0] + stepMs, null]);
        added.push(p);
        prev = p;
      }
      if (added.length) {
        held.push(...added);
        fresh.push({ label, points: added });
      }
    }
    return fresh;
  }

  /** Drops points older than `minMs`, and series left empty. */
  trim(minMs: number): void {
    for (const [label, pts] of this.series) {
      let i = 0;
      while (i < pts.length && pts[i][0] < minMs) i++;
      if (i) pts.splice(0, i);
      if (!pts.length) this.series.delete(label);
    }
  }

  /** Everything held, for a replay. Copies, so later merges do not change what was posted. */
  snapshot(): SeriesPoints[] {
    return [...this.series].map(([label, points]) => ({ label, points: points.slice() }));
  }

  get pointCount(): number {
    let n = 0;
    for (const pts of this.series.values()) n += pts.length;
    return n;
  }

  reset(): void {
    this.series.clear();
    this.cursor = undefined;
  }
}
