// PromQL checks: $__run / $__window substitution and the evaluation time (window end + offset).
import type { PromqlCheck } from '../labs/types';
import { parseDuration, promRange } from './duration';

export interface Span {
  startMs: number;
  endMs: number;
}

/** A fault's actual active period(s) in the run. */
export interface FaultPeriod {
  fault: string;
  startMs: number;
  endMs: number;
}

/** The span a check's $__window covers: the run, or its fault's active period (first inject → last revert), less `skip` at its start. */
export function checkWindow(check: PromqlCheck, run: Span, periods: FaultPeriod[]): Span {
  if (!check.window) return run;
  const mine = periods.filter((p) => p.fault === check.window!.fault);
  if (!mine.length) {
    throw new Error(`check ${check.id}: window.fault "${check.window.fault}" was not active during the run; add it to scenario.timeline in lab.yaml`);
  }
  const span = { startMs: Math.min(...mine.map((p) => p.startMs)), endMs: Math.max(...mine.map((p) => p.endMs)) };
  if (!check.window.skip) return span;
  const skipMs = parseDuration(check.window.skip, `checks: ${check.id}.window.skip`);
  if (skipMs >= span.endMs - span.startMs) {
    throw new Error(
      `check ${check.id}: window.skip ${check.window.skip} leaves nothing of the fault "${check.window.fault}" window (${((span.endMs - span.startMs) / 1000).toFixed(1)} s in this run); make the fault last longer in scenario.timeline or the skip shorter in lab.yaml`,
    );
  }
  return { startMs: span.startMs + skipMs, endMs: span.endMs };
}

export function substitute(query: string, ranges: { run: string; window: string }): string {
  return query.replace(/\$__run\b/g, ranges.run).replace(/\$__window\b/g, ranges.window);
}

export interface PromqlEvaluation {
  query: string;
  /** Evaluation time, epoch milliseconds. */
  timeMs: number;
  window: Span;
}

/** The exact query and its evaluation time T = window end + offset. */
export function promqlEvaluation(check: PromqlCheck, run: Span, periods: FaultPeriod[]): PromqlEvaluation {
  const window = checkWindow(check, run, periods);
  const offsetMs = check.offset ? parseDuration(check.offset, `checks: ${check.id}.offset`) : 0;
  const query = substitute(check.query, { run: promRange(run.endMs - run.startMs), window: promRange(window.endMs - window.startMs) });
  return { query, timeMs: window.endMs + offsetMs, window };
}
