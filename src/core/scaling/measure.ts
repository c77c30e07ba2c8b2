// Measuring a scale proof: each side scales the service, resets the stack, applies the setup, runs the
// same load, waits for the drain (or the side's timeout), then reads the work done over that run with
// PromQL. Throughput = processed / seconds (load start → drain end). Afterwards the service is always
// scaled back to the lab's count, also after a failure or a cancellation, and the setup is undone.
//
// Everything that touches the stack comes in through ScalingIo, so the sequence is unit-tested with fakes;
// checker/scalingPhase.ts builds the real one from what runCheck holds after its `evaluate` phase.
import { promRange } from '../checker/duration';
import type { HttpAction } from '../labs/types';
import { isCancelled } from '../runtime/timeout';
import { evaluateScaling, throughputOf } from './evaluate';
import type { ScalingPlan } from './plan';
import type { ScalingCheckResult, ScalingSide } from './types';

export interface ScalingIo {
  /** Sets `service` to `replicas` containers with Compose's `up --scale` and waits until all are healthy. */
  scale(service: string, replicas: number): Promise<void>;
  /** Scales `service` back to the lab's count after the sides: like `scale`, but it runs after a cancellation too. */
  restore(service: string, replicas: number): Promise<void>;
  /** The lab's scenario.reset (restarting every container of its `restart` services). */
  reset(): Promise<void>;
  /** One setup action (an HTTP call inside the stack). */
  act(action: HttpAction): Promise<void>;
  /** Undoes the setup after the sides: the HTTP actions of the lab's scenario.reset (its faults cleared), no restarts. */
  clearSetup(): Promise<void>;
  /** Runs the load to its end; `startMs` is when the load service accepted it. Throws (and stops it) after `timeoutMs`. */
  runLoad(requests: number, rate: number, timeoutMs: number): Promise<{ startMs: number; endMs: number }>;
  /** Polls `until` every second until it is non-empty or `deadlineMs`. */
  drain(until: string, deadlineMs: number): Promise<{ drained: boolean; endMs: number }>;
  /** One number from an instant query at `timeMs` (waiting for the scrape first); null: no data. */
  promql(query: string, timeMs: number): Promise<number | null>;
  log?(line: string): void;
}

/** One side: scale, reset, setup, load, drain, read. Failures of the stack propagate; a failed read is no data. */
export async function measureSide(plan: ScalingPlan, replicas: number, io: ScalingIo): Promise<ScalingSide> {
  const log = (line: string) => io.log?.(`[check] scaling ${plan.check.id}: ${line}`);
  log(`${replicas} × ${plan.service}: ${plan.requests} requests at ${plan.rate}/s`);
  await io.scale(plan.service, replicas);
  await io.reset();
  for (const action of plan.setup) await io.act(action);
  // The side's clock starts when the load is accepted; its deadline bounds load + drain together.
  const deadlineOf = (startMs: number) => startMs + plan.timeoutMs;
  const { startMs, endMs: loadEnd } = await io.runLoad(plan.requests, plan.rate, plan.timeoutMs);
  if (loadEnd > deadlineOf(startMs)) throw new Error(`the load of ${replicas} × ${plan.service} ran past the side's timeout (${plan.check.timeout})`);
  const d = await io.drain(plan.until, deadlineOf(startMs));
  const endMs = Math.min(d.endMs, deadlineOf(startMs));
  const seconds = (endMs - startMs) / 1000;
  const query = plan.check.processed.replace(/\$__run\b/g, promRange(endMs - startMs));
  const source = `${query} @ ${new Date(endMs).toISOString()}`;
  let processed: number | null = null;
  let note: string | undefined;
  try {
    processed = await io.promql(query, endMs);
    if (processed === null) note = 'no data (the processed query returned no series)';
  } catch (err) {
    if (isCancelled(err)) throw err;
    note = `the processed query failed: ${(err as Error).message}`;
  }
  const side: ScalingSide = {
    replicas,
    startedAt: new Date(startMs).toISOString(),
    endedAt: new Date(endMs).toISOString(),
    seconds,
    drained: d.drained,
    processed,
    throughput: throughputOf(processed, seconds),
    source,
    ...(note ? { note } : {}),
  };
  log(`${replicas} × ${plan.service}: ${side.throughput === null ? note : `${side.throughput.toFixed(1)}/s over ${seconds.toFixed(1)} s`}${d.drained ? '' : ' (not drained)'}`);
  return side;
}

/** Both sides in order, the restore, and the verdict. The restore runs whatever happened. */
export async function runScaling(plan: ScalingPlan, io: ScalingIo): Promise<ScalingCheckResult> {
  const sides: ScalingSide[] = [];
  let failed = false;
  try {
    for (const n of plan.sides) sides.push(await measureSide(plan, n, io));
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    try {
      await io.restore(plan.service, plan.restore);
    } catch (err) {
      // A failed restore must not hide the failure that caused it; alone, it fails the run.
      if (!failed) throw new Error(`could not scale ${plan.service} back to ${plan.restore}: ${(err as Error).message}`);
      io.log?.(`[check] warning: could not scale ${plan.service} back to ${plan.restore}: ${(err as Error).message}`);
    }
    // The setup (a slow ledger, say) must not outlive the proof: the learner's next request by hand would meet it.
    if (plan.setup.length && !failed) {
      try {
        await io.clearSetup();
      } catch (err) {
        io.log?.(`[check] warning: could not undo ${plan.check.id}'s setup: ${(err as Error).message}. The next check's reset, or \`breakfix up\`, clears it.`);
      }
    }
  }
  return evaluateScaling(plan.check, sides[0], sides[1]);
}
