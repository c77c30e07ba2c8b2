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

  /** Adds a query's answer; returns only the points that are new (per series, later than its last). */
  merge(raw: RawSeries[]): SeriesPoints[] {
    const fresh: SeriesPoints[] = [];
    for (const r of raw) {
      const label = seriesLabel(r.labels);
      let held = this.series.get(label);
      if (!held) this.series.set(label, (held = []));
      const last = held.length ? held[held.length - 1][0] : -Infinity;
      const added: Point[] = [];
      for (const v of r.values) {
        const p = toPoint(v);
        if (p[0] > last && (added.length === 0 || p[0] > added[added.length - 1][0])) added.push(p);
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
