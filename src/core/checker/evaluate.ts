// Evaluates checks after a run: PromQL at the right time, JSON probes, and the constraints. A scaling check
// is no reading of the run: it runs sides of its own afterwards (scalingPhase.ts), so it is skipped here.
import type { Check, LabEntry, ProbeCheck, PromqlCheck } from '../labs/types';
import { callAction, getJson, getPath, targetUrl } from '../runtime/http';
import { compare, singleValue } from '../metrics/compare';
import type { PrometheusClient } from '../metrics/prometheus';
import { formatTime } from '../metrics/prometheus';
import { sleep } from '../runtime/timeout';
import type { ServiceStatus } from '../runtime/types';
import { parseDuration } from './duration';
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

/** How often a probe check with `within` reads its probe again. */
export const PROBE_POLL_MS = 1_000;

/** The checks that read the main run: PromQL and probes (not scaling checks). */
export type RunReadingCheck = PromqlCheck | ProbeCheck;

/** Whether a check reads the main run (a scaling check runs its own sides instead). */
export function readsTheRun(check: Check): check is RunReadingCheck {
  return check.kind === 'promql' || check.kind === 'probe';
}

/** Evaluation order: probes first (they read "now", right after the drain), then PromQL, then checks with `before` (they change the system). */
export function evaluationRank(check: RunReadingCheck): number {
  return check.kind === 'probe' ? (check.before?.length ? 2 : 0) : 1;
}

/** Scrape interval slack: data for time T is in Prometheus shortly after T. */
export const SCRAPE_SLACK_MS = 2_000;

export async function evaluateCheck(check: RunReadingCheck, ctx: EvalContext): Promise<CheckResult> {
  const base = { id: check.id, title: check.title, kind: check.kind, op: check.op, threshold: check.threshold, ...(check.unit ? { unit: check.unit } : {}) };
  try {
    return check.kind === 'promql' ? await evaluatePromql(check, ctx, base) : await evaluateProbe(check, ctx, base);
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    return { ...base, pass: false, measured: null, source: check.kind === 'promql' ? check.query : `GET ${check.probe.service}:${check.probe.port}${check.probe.path} → ${check.path}`, note: (err as Error).message };
  }
}

/**
 * Every selected PromQL and probe check in evaluation order (reported in file order); scaling checks are
 * not (scalingPhase.ts runs them). `only`: evaluate just these ids (a proof case that must fail some checks).
 */
export async function evaluateAll(ctx: EvalContext, only?: string[]): Promise<CheckResult[]> {
  const selected = ctx.entry.lab.checks.filter(readsTheRun).filter((c) => !only || only.includes(c.id));
  const results = new Map<string, CheckResult>();
  for (const check of [...selected].sort((a, b) => evaluationRank(a) - evaluationRank(b))) results.set(check.id, await evaluateCheck(check, ctx));
  return selected.map((c) => results.get(c.id)!);
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
  const steps = (check.before ?? []).map((a) => ({ action: a, url: targetUrl(ctx.entry, ctx.statuses, a) }));
  const source = [...steps.map((s) => `${s.action.method} ${s.url}`), `GET ${url} → ${check.path}${check.within ? ` (within ${check.within})` : ''}`].join('; then ');
  for (const s of steps) {
    try {
      await callAction(s.url, s.action, { signal: ctx.signal });
    } catch (err) {
      if (ctx.signal?.aborted) throw err;
      return { ...base, pass: false, measured: null, source, note: `before: ${(err as Error).message}` };
    }
  }
  const deadline = Date.now() + (check.within ? parseDuration(check.within, `checks: ${check.id}.within`) : 0);
  for (;;) {
    let result: CheckResult;
    try {
      const raw = getPath(await getJson(url, { signal: ctx.signal }), check.path);
      const measured = typeof raw === 'number' ? raw : typeof raw === 'boolean' ? Number(raw) : null;
      const note = measured === null ? `${check.path} is ${raw === undefined ? 'missing from the answer' : `${JSON.stringify(raw)}, not a number`}` : undefined;
      result = { ...base, pass: compare(measured, check.op, check.threshold), measured, source, ...(note ? { note } : {}) };
    } catch (err) {
      if (ctx.signal?.aborted) throw err;
      result = { ...base, pass: false, measured: null, source, note: (err as Error).message };
    }
    if (result.pass || Date.now() + PROBE_POLL_MS > deadline) return check.within ? { ...result, decidedAt: new Date().toISOString() } : result;
    await sleep(PROBE_POLL_MS, ctx.signal, `polling ${url} for check ${check.id}`);
  }
}
