// The scenario phase of a check: the lab's load and its fault timeline together, then the drain.
import { injectFault, revertFault } from '../faults/actions';
import type { FaultContext } from '../faults/context';
import { verifyFault } from '../faults/verify';
import type { Check, LabEntry } from '../labs/types';
import type { PrometheusClient } from '../metrics/prometheus';
import type { Logger } from '../runtime/types';
import { CancelledError } from '../runtime/types';
import { isCancelled } from '../runtime/timeout';
import { startLoad, stopLoad, waitForLoad } from './load';
import type { StackContext } from './stackPhases';
import { Clock, planTimeline, TimelineRun } from './timeline';
import type { CheckMode, LoadSummary } from './types';

const DRAIN_POLL_MS = 1_000;

export interface ScenarioResult {
  /** The timeline's zero: when the load service accepted the run. */
  loadStart: number;
  loadEnd: number;
  summary: LoadSummary;
}

/** A timeline bound to the stack: inject + verify, revert. Created before the scenario so a failure can still revert it. */
export function stackTimeline(entry: LabEntry, mode: CheckMode, faults: FaultContext, clock: Clock): TimelineRun {
  return new TimelineRun(
    planTimeline(entry.lab.scenario!, mode),
    {
      inject: async (id) => {
        await injectFault(faults, entry, id);
        return (await verifyFault(faults, entry, id)).detail;
      },
      revert: (id) => revertFault(faults, entry, id),
    },
    clock,
  );
}

/**
 * Runs the load and the timeline together. The timeline's clock starts when the load service has
 * accepted the run (it sends its first requests at once). The first failure of either aborts the other
 * (`run`) and is rethrown once both have stopped; the load run is then stopped too.
 */
export async function runScenario(
  s: StackContext & { clock: Clock; run: AbortController },
  timeline: TimelineRun,
  load: { url: string; requests: number; rate: number },
): Promise<ScenarioResult> {
  const { entry, clock, run, log } = s;
  const scenario = entry.lab.scenario!;
  log(`[check] load: ${load.requests} requests at ${load.rate}/s; timeline: ${scenario.timeline.map((t) => `${t.fault}@${t.at}`).join(', ') || '(none)'}`);
  const started = await startLoad(load.url, load.requests, load.rate, { signal: run.signal, log });
  const loadStart = clock.now();
  let summary: LoadSummary | undefined;
  let loadEnd = 0;
  const loadRun = waitForLoad(load.url, started.id, {
    signal: run.signal,
    service: scenario.load.service,
    timeoutMs: Math.ceil((load.requests / load.rate) * 3 * 1000) + 180_000,
  }).then((result) => {
    summary = result;
    loadEnd = clock.now();
  });
  try {
    await allOrAbort([loadRun, timeline.run(loadStart, run.signal)], run);
  } catch (err) {
    await stopLoad(load.url, started.id).catch(() => undefined);
    throw err;
  }
  return { loadStart, loadEnd, summary: summary! };
}

/** Waits for all; at the first failure aborts the others, waits for them to stop, and rethrows that failure. */
export async function allOrAbort(work: Promise<unknown>[], run: AbortController): Promise<void> {
  let first: unknown;
  await Promise.all(
    work.map((p) =>
      p.catch((err) => {
        if (first === undefined && !(run.signal.aborted && isCancelled(err))) first = err;
        run.abort();
      }),
    ),
  );
  if (first !== undefined) throw first;
  if (run.signal.aborted) throw new CancelledError('check');
}

/** Polls `until` every second until it returns a non-empty result, or the timeout. */
export async function drain(prometheus: PrometheusClient, until: string, timeoutMs: number, clock: Clock, signal: AbortSignal, log?: Logger) {
  const start = clock.now();
  let drained = false;
  for (;;) {
    const samples = await prometheus.query(until, undefined, { signal }).catch((err: Error) => {
      if (signal.aborted) throw err;
      return [];
    });
    if (samples.length > 0) {
      drained = true;
      break;
    }
    if (clock.now() - start >= timeoutMs) break;
    await clock.sleep(DRAIN_POLL_MS, signal);
  }
  const end = clock.now();
  const result = { until, drained, endedAt: new Date(end).toISOString(), waitedSeconds: Math.round((end - start) / 100) / 10 };
  log?.(`[check] drain: ${drained ? 'drained' : 'NOT drained'} after ${result.waitedSeconds} s`);
  return result;
}

/**
 * Why a run need not wait for the drain, or undefined when it must. Only a run restricted to some checks
 * (`only`, a proof case) skips it, and only when each of them is a PromQL check on its own fault window:
 * nothing they measure comes after their window, while a probe or `$__run` reads the end of the run. With a
 * scaling check selected the run drains as usual (skipping the main run for it: docs/scaling.md, Wiring 4).
 */
export function drainSkipReason(checks: Check[], only?: string[]): string | undefined {
  if (!only) return undefined;
  const selected = checks.filter((c) => only.includes(c.id));
  if (!selected.length || selected.some((c) => c.kind !== 'promql' || !c.window || c.query.includes('$__run'))) return undefined;
  return `every check evaluated (${selected.map((c) => c.id).join(', ')}) measures its own fault window`;
}
