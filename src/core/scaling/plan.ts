// The run plan of a scale proof: what each side runs (replicas, load, setup, drain, timeout), the Compose
// arguments that scale the service with the stack's own mechanism (`up --scale`, never a home-made runner),
// the replica count to restore afterwards, and how long the proof adds to a check.
//
// Why `up --scale <service>=N` and not an override file with deploy.replicas: it works the same in Compose v1
// (1.29, what CI runs) and v2, needs no file, and overrides deploy.replicas in both. `--no-recreate` keeps the
// running container(s) (their state is reset by scenario.reset anyway), `--no-deps` touches nothing else,
// `--no-build` runs the images the check just built.
import { parse } from 'yaml';
import { parseDuration } from '../checker/duration';
import type { HttpAction, LabEntry, ScalingCheck } from '../labs/types';

export interface ScalingPlan {
  check: ScalingCheck;
  service: string;
  /** [base, scaled], measured in this order. */
  sides: [number, number];
  /** The replica count of the lab's compose.yaml, restored after the proof (the constraints read it). */
  restore: number;
  requests: number;
  rate: number;
  setup: HttpAction[];
  /** PromQL, non-empty once a side has drained. */
  until: string;
  /** A side's longest run, from its load's start. */
  timeoutMs: number;
}

/** A scaling check the lab cannot run as written (no load, no drain condition, a bad duration). */
export class ScalingPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScalingPlanError';
  }
}

/** The check with its defaults filled from the lab's scenario and its compose.yaml (`composeText`). */
export function planScaling(entry: LabEntry, check: ScalingCheck, composeText: string): ScalingPlan {
  const where = `checks: ${check.id}`;
  const load = check.load ?? entry.lab.scenario?.load;
  if (!load) throw new ScalingPlanError(`${where} has no load and the lab has no scenario.load: give it load: {requests, rate}`);
  const until = check.until ?? entry.lab.scenario?.drain.until;
  if (!until) throw new ScalingPlanError(`${where} has no until and the lab has no scenario.drain.until: give it until (PromQL, non-empty once drained)`);
  const [base, scaled] = check.replicas;
  if (!(Number.isInteger(base) && Number.isInteger(scaled) && base >= 1 && scaled > base)) {
    throw new ScalingPlanError(`${where}.replicas must be two whole numbers, the second larger, e.g. [1, 3] (not ${JSON.stringify(check.replicas)})`);
  }
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(check.timeout, `${where}.timeout`);
  } catch (err) {
    throw new ScalingPlanError((err as Error).message);
  }
  const loadMs = (load.requests / load.rate) * 1000;
  if (timeoutMs <= loadMs) throw new ScalingPlanError(`${where}.timeout (${check.timeout}) ends before its load does (${load.requests} requests at ${load.rate}/s take ${Math.ceil(loadMs / 1000)} s): make it longer`);
  return {
    check,
    service: check.service,
    sides: [base, scaled],
    restore: composeReplicas(composeText, check.service),
    requests: load.requests,
    rate: load.rate,
    setup: check.setup ?? [],
    until,
    timeoutMs,
  };
}

/** The service's replica count in compose.yaml: deploy.replicas, else scale, else 1. */
export function composeReplicas(composeText: string, service: string): number {
  let doc: { services?: Record<string, { deploy?: { replicas?: unknown }; scale?: unknown } | null> } | null;
  try {
    doc = parse(composeText);
  } catch {
    return 1;
  }
  const svc = doc?.services?.[service];
  const n = Number(svc?.deploy?.replicas ?? svc?.scale ?? 1);
  return Number.isInteger(n) && n >= 0 ? n : 1;
}

/**
 * Argv (after the Compose command) that sets `service` to `replicas` containers: `projectArgs` is the check's
 * composeProjectArgs (its files, the learner's settings override, the project directory and name).
 */
export function scaleArgs(projectArgs: string[], service: string, replicas: number): string[] {
  return [...projectArgs, 'up', '-d', '--no-build', '--no-deps', '--no-recreate', '--scale', `${service}=${replicas}`, service];
}

/** Seconds a scale-out or scale-in plus the wait for health takes, in the worst case on a 2-core machine (vfs). */
export const SCALE_SECONDS = 15;
/** Seconds the scenario's reset takes (its HTTP actions, restarting the scaled service, health). */
export const RESET_SECONDS = 5;

/**
 * The most a scale proof adds to a check: per side a scale, a reset and the run (at most its timeout; the
 * PromQL read waits 2 s of scrape slack), then the restore. Typical is far less: a fixed design drains fast.
 */
export function budgetSeconds(plan: ScalingPlan): number {
  const side = SCALE_SECONDS + RESET_SECONDS + plan.timeoutMs / 1000 + 2;
  return Math.ceil(2 * side + SCALE_SECONDS);
}
