// The scenario phase of a check: the lab's load and its fault timeline together, then the drain.
import { injectFault, revertFault } from '../faults/actions';
import type { FaultContext } from '../faults/context';
import { verifyFault } from '../faults/verify';
import type { LabEntry } from '../labs/types';
import type { PrometheusClient } from '../metrics/prometheus';
import type { Logger } from '../runtime/types';
import { CancelledError } from '../runtime/types';
import { isCancelled } from '../runtime/timeout';
import { loadProfiles, runLoad } from './load';
import type { StackContext } from './stackPhases';
import { Clock, planTimeline, TimelineRun } from './timeline';
import type { CheckMode, LoadSummary } from './types';

const DRAIN_POLL_MS = 1_000;

export interface ScenarioResult {
  /** The timeline's zero: the load's first line of output. */
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
 * Runs the load and the timeline together. The timeline's clock starts when the load does: at the load
 * service's first line of output, not when `compose run` is called (starting its container takes seconds).
 * The first failure of either aborts the other (`run`) and is rethrown once both have stopped.
 */
export async function runScenario(
  s: StackContext & { clock: Clock; run: AbortController },
  timeline: TimelineRun,
  load: { requests: number; rate: number; containerName: string },
): Promise<ScenarioResult> {
  const { entry, clock, run, log } = s;
  const scenario = entry.lab.scenario!;
  let markStarted!: () => void;
  const started = new Promise<void>((r) => (markStarted = r));
  let loadStart = clock.now();
  let summary: LoadSummary | undefined;
  let loadEnd = 0;
  log(`[check] load: ${load.requests} requests at ${load.rate}/s; timeline: ${scenario.timeline.map((t) => `${t.fault}@${t.at}`).join(', ') || '(none)'}`);
  const loadRun = runLoad(entry, {
    compose: s.compose,
    dir: s.dir,
    service: scenario.load.service,
    profiles: loadProfiles(entry, s.dir, s.compose),
    requests: load.requests,
    rate: load.rate,
    containerName: load.containerName,
    env: s.env,
    log,
    signal: run.signal,
    timeoutMs: Math.ceil((load.requests / load.rate) * 3 * 1000) + 180_000,
    onStarted: () => {
      loadStart = clock.now();
      markStarted();
    },
  }).then((result) => {
    summary = result;
    loadEnd = clock.now();
  });
  const timelineRun = Promise.race([started, loadRun]).then(() => timeline.run(loadStart, run.signal));
  await allOrAbort([loadRun, timelineRun], run);
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
