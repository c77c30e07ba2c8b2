// The incident driver: replays the hidden scenario's faults over a steady background load until the time is
// up, then submits. Pure scheduling over injected effects (tested with a fake clock); driverProcess.ts runs
// it as a detached process, realIncident() gives it the real engine.
import type { Clock } from '../checker/timeline';
import type { LabEntry } from '../labs/types';
import { loadUrl, readRun, startLoad, stopLoad } from '../checker/load';
import { createFaultContext, injectFault, revertFault, type FaultContext } from '../faults';
import { stackStatus } from '../runtime/stack';
import type { Logger } from '../runtime/types';
import { occurrences, type Occurrence } from './scenario';
import type { HiddenScenario } from './types';

export interface IncidentEffects {
  inject(fault: string): Promise<void>;
  revert(fault: string): Promise<void>;
  /** Keeps the background load going (starts a run when none is going); called every tick. */
  keepLoad(): Promise<void>;
  stopLoad(): Promise<void>;
  /** The automatic submit when the time is up. */
  submit(): Promise<void>;
}

export interface IncidentOptions {
  scenario: HiddenScenario;
  startMs: number;
  deadlineMs: number;
  clock: Clock;
  effects: IncidentEffects;
  signal: AbortSignal;
  log: Logger;
  /** The longest sleep between two looks at the schedule. */
  tickMs?: number;
}

/** 'time-up': it submitted; 'stopped': the signal stopped it first (a submit, an end, Ctrl-C). */
export async function runIncident(o: IncidentOptions): Promise<'time-up' | 'stopped'> {
  const tick = o.tickMs ?? 5_000;
  const plan = occurrences(o.scenario, o.startMs, o.deadlineMs);
  const active = new Set<Occurrence>();
  const done = new Set<Occurrence>();
  const quietly = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      if (!o.signal.aborted) o.log(`[incident] ${what} failed: ${(err as Error).message}`);
    }
  };
  const revertActive = async () => {
    for (const occ of active) await quietly(`reverting ${occ.fault}`, () => o.effects.revert(occ.fault));
    active.clear();
  };
  try {
    for (;;) {
      if (o.signal.aborted) return 'stopped';
      const now = o.clock.now();
      if (now >= o.deadlineMs) {
        o.log('[incident] time is up: the faults are reverted and the fix is submitted');
        await revertActive();
        await quietly('stopping the load', () => o.effects.stopLoad());
        await o.effects.submit();
        return 'time-up';
      }
      for (const occ of [...active]) {
        if (occ.revertAt > now) continue;
        await quietly(`reverting ${occ.fault}`, () => o.effects.revert(occ.fault));
        active.delete(occ);
        done.add(occ);
      }
      for (const occ of plan) {
        if (done.has(occ) || active.has(occ) || occ.injectAt > now) continue;
        // An episode that ended while no driver ran (a submit) is skipped; one still on is joined for its rest.
        if (occ.revertAt <= now) {
          done.add(occ);
          continue;
        }
        await quietly(`injecting ${occ.fault}`, () => o.effects.inject(occ.fault));
        active.add(occ);
      }
      await quietly('keeping the load going', () => o.effects.keepLoad());
      const next = Math.min(o.deadlineMs, ...[...active].map((a) => a.revertAt), ...plan.filter((p) => !done.has(p) && !active.has(p)).map((p) => p.injectAt));
      await o.clock.sleep(Math.max(50, Math.min(tick, next - o.clock.now())), o.signal).catch(() => undefined);
    }
  } finally {
    if (o.signal.aborted) {
      await revertActive();
      await quietly('stopping the load', () => o.effects.stopLoad());
    }
  }
}

/** The real effects: faults through the engine, the lab's load service at `rate` per second in 60-s runs. */
export async function realIncidentEffects(entry: LabEntry, opts: { rate: number; submit: () => Promise<void>; log: Logger; env?: NodeJS.ProcessEnv }): Promise<IncidentEffects> {
  const faults: FaultContext = await createFaultContext({ log: opts.log, env: opts.env });
  let run: { url: string; id: string } | undefined;
  const url = async () => loadUrl(entry, await stackStatus(entry, { docker: faults.docker }));
  return {
    inject: async (f) => {
      await injectFault(faults, entry, f);
      opts.log(`[incident] injected ${f}`);
    },
    revert: async (f) => {
      await revertFault(faults, entry, f);
      opts.log(`[incident] reverted ${f}`);
    },
    keepLoad: async () => {
      if (!entry.lab.scenario) return;
      if (run && (await readRun(run.url, run.id).catch(() => undefined))?.state === 'running') return;
      const u = await url();
      const r = await startLoad(u, Math.round(opts.rate * 60), opts.rate);
      run = { url: u, id: r.id };
    },
    stopLoad: async () => {
      if (run) await stopLoad(run.url, run.id).catch(() => undefined);
      run = undefined;
    },
    submit: opts.submit,
  };
}
