// The panels' data over a checker run, kept in the run report so charts can be drawn after the stack is gone.
import type { Panel } from '../labs/types';
import type { PrometheusClient } from '../metrics/prometheus';
import type { PanelSeries } from './types';

/** About this many points per series, whatever the run's length. */
const POINTS = 240;
const LEAD_IN_MS = 10_000;

export async function capturePanels(panels: readonly Panel[], prometheus: PrometheusClient, startMs: number, endMs: number, signal?: AbortSignal): Promise<PanelSeries[]> {
  const start = startMs - LEAD_IN_MS;
  const stepSeconds = Math.max(1, Math.ceil((endMs - start) / 1000 / POINTS));
  const out: PanelSeries[] = [];
  for (const p of panels) {
    const series = await prometheus.queryRange(p.query, start / 1000, endMs / 1000, stepSeconds, { signal });
    out.push({ panel: p.id, title: p.title, query: p.query, ...(p.unit ? { unit: p.unit } : {}), stepSeconds, series });
  }
  return out;
}
