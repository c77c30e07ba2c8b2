// The fault timeline of a scenario: each step injects (and verifies) a fault at `at` after load start and
// reverts it after `for`; steps without `for` stay until revertRemaining(). Times come from a Clock so
// tests can run it on a fake one.
import type { Scenario } from '../labs/types';
import { sleep } from '../runtime/timeout';
import { modeDuration, parseDuration } from './duration';
import type { FaultPeriod } from './substitute';
import type { CheckMode, TimelineRecord } from './types';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms, signal) => sleep(ms, signal, 'waiting for the next timeline step') };

export interface PlannedStep {
  fault: string;
  atMs: number;
  forMs?: number;
}

export function planTimeline(scenario: Scenario, mode: CheckMode): PlannedStep[] {
  return scenario.timeline.map((s, i) => ({
    fault: s.fault,
    atMs: parseDuration(s.at, `scenario.timeline[${i}].at`),
    ...(s.for !== undefined ? { forMs: modeDuration(s.for, mode, `scenario.timeline[${i}].for`) } : {}),
  }));
}

export interface TimelineHooks {
  /** Injects and verifies; resolves with the verify detail; rejects when the fault cannot be made active. */
  inject(fault: string): Promise<string>;
  revert(fault: string): Promise<void>;
}

interface StepState {
  step: PlannedStep;
  injectedAtMs?: number;
  verifiedAtMs?: number;
  revertedAtMs?: number;
  verify?: string;
  error?: string;
}

export class TimelineRun {
  private readonly states: StepState[];

  constructor(
    steps: PlannedStep[],
    private readonly hooks: TimelineHooks,
    private readonly clock: Clock = realClock,
  ) {
    this.states = steps.map((step) => ({ step }));
  }

  /**
   * Runs every step from `startMs` (the load start). Resolves when every step has been injected and every
   * step with `for` has been reverted; rejects at the first step that fails (the others keep their records).
   */
  async run(startMs: number, signal?: AbortSignal): Promise<void> {
    await Promise.all(this.states.map((s) => this.runStep(s, startMs, signal)));
  }

  private async runStep(s: StepState, startMs: number, signal?: AbortSignal) {
    const wait = startMs + s.step.atMs - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait, signal);
    try {
      const injecting = this.clock.now();
      s.verify = await this.hooks.inject(s.step.fault);
      s.injectedAtMs = injecting;
      s.verifiedAtMs = this.clock.now();
    } catch (err) {
      s.error = (err as Error).message;
      throw err;
    }
    if (s.step.forMs === undefined) return;
    const left = s.injectedAtMs + s.step.forMs - this.clock.now();
    if (left > 0) await this.clock.sleep(left, signal);
    await this.revertStep(s);
  }

  private async revertStep(s: StepState) {
    if (s.injectedAtMs === undefined || s.revertedAtMs !== undefined) return;
    try {
      await this.hooks.revert(s.step.fault);
      s.revertedAtMs = this.clock.now();
    } catch (err) {
      s.error = `revert failed: ${(err as Error).message}`;
      throw err;
    }
  }

  /** Reverts every step that is still active (no `for`, or cut short). Never throws; returns the errors. */
  async revertRemaining(): Promise<Error[]> {
    const errors: Error[] = [];
    for (const s of this.states) {
      try {
        await this.revertStep(s);
      } catch (err) {
        errors.push(err as Error);
      }
    }
    return errors;
  }

  /** Each fault's actual active period (inject → revert; still active → `untilMs`). */
  periods(untilMs: number): FaultPeriod[] {
    return this.states
      .filter((s) => s.injectedAtMs !== undefined)
      .map((s) => ({ fault: s.step.fault, startMs: s.injectedAtMs!, endMs: s.revertedAtMs ?? untilMs }));
  }

  records(): TimelineRecord[] {
    const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());
    return this.states.map((s) => ({
      fault: s.step.fault,
      atSeconds: s.step.atMs / 1000,
      ...(s.step.forMs !== undefined ? { forSeconds: s.step.forMs / 1000 } : {}),
      ...(s.injectedAtMs !== undefined ? { injectedAt: iso(s.injectedAtMs) } : {}),
      ...(s.verifiedAtMs !== undefined ? { verifiedAt: iso(s.verifiedAtMs) } : {}),
      ...(s.revertedAtMs !== undefined ? { revertedAt: iso(s.revertedAtMs) } : {}),
      ...(s.verify ? { verify: s.verify } : {}),
      ...(s.error ? { error: s.error } : {}),
    }));
  }
}
