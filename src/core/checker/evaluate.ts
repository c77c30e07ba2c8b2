// Evaluates checks after a run: PromQL at the right time, JSON probes, and the constraints.
import type { Check, LabEntry, ProbeCheck, PromqlCheck } from '../labs/types';
import { getJson, targetUrl } from '../faults/http';
import { getPath } from '../faults/targets';
import { compare, singleValue } from '../metrics/compare';
import type { PrometheusClient } from '../metrics/prometheus';
import { formatTime } from '../metrics/prometheus';
import type { ServiceStatus } from '../runtime/types';
import { FaultPeriod, promqlEvaluation, Span } from './substitute';
import type { CheckResult } from './types';

export interface EvalContext {
  entry: LabEntry;
  statuses: ServiceStatus[];
  prometheus: PrometheusClient;
  run: Span;
  periods: FaultPeriod[];
  signal?: AbortSignal;
  /** Waits until a time in the future (checks with an offset past the run's end). */
  waitUntil(ms: number): Promise<void>;
}

/** Scrape interval slack: data for time T is in Prometheus shortly after T. */
export const SCRAPE_SLACK_MS = 2_000;

export async function evaluateCheck(check: Check, ctx: EvalContext): Promise<CheckResult> {
  const base = { id: check.id, title: check.title, kind: check.kind, op: check.op, threshold: check.threshold, ...(check.unit ? { unit: check.unit } : {}) };
  try {
    return check.kind === 'promql' ? await evaluatePromql(check, ctx, base) : await evaluateProbe(check, ctx, base);
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    return { ...base, pass: false, measured: null, source: check.kind === 'promql' ? check.query : `GET ${check.probe.service}:${check.probe.port}${check.probe.path} → ${check.path}`, note: (err as Error).message };
  }
}

type Base = Omit<CheckResult, 'pass' | 'measured' | 'source' | 'note'>;

async function evaluatePromql(check: PromqlCheck, ctx: EvalContext, base: Base): Promise<CheckResult> {
  const ev = promqlEvaluation(check, ctx.run, ctx.periods);
  await ctx.waitUntil(ev.timeMs + SCRAPE_SLACK_MS);
  const source = `${ev.query} @ ${formatTime(ev.timeMs / 1000)} (${new Date(ev.timeMs).toISOString()})`;
  const v = singleValue(await ctx.prometheus.query(ev.query, ev.timeMs / 1000, { signal: ctx.signal }));
  return { ...base, pass: compare(v.value, check.op, check.threshold), measured: v.value, source, ...(v.note ? { note: v.note } : {}) };
}

async function evaluateProbe(check: ProbeCheck, ctx: EvalContext, base: Base): Promise<CheckResult> {
  const url = targetUrl(ctx.entry, ctx.statuses, check.probe);
  const source = `GET ${url} → ${check.path}`;
  const raw = getPath(await getJson(url, { signal: ctx.signal }), check.path);
  const measured = typeof raw === 'number' ? raw : typeof raw === 'boolean' ? Number(raw) : null;
  const note = measured === null ? `${check.path} is ${raw === undefined ? 'missing from the answer' : `${JSON.stringify(raw)}, not a number`}` : undefined;
  return { ...base, pass: compare(measured, check.op, check.threshold), measured, source, ...(note ? { note } : {}) };
}
