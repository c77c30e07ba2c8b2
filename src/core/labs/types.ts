// The lab format (lab.yaml, `format: 1`). labs/lab.schema.json is the published, validating twin.

import type { CostSpec } from '../cost/types';

export const LAB_FORMAT = 1;
export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];

/** "500ms", "30s", "5m". */
export type Duration = string;
/** A value that differs between `--quick` and `--full` checker modes. */
export type ModeDuration = Duration | { quick: Duration; full: Duration };

export type Unit = 'seconds' | 'reqps' | 'percent' | 'ratio' | 'count' | 'bytes';
export type Op = '<' | '<=' | '==' | '!=' | '>=' | '>';

export interface Panel {
  id: string;
  title: string;
  query: string;
  unit: Unit;
}

/** An HTTP call to a service inside the stack, addressed by service and container port. */
export interface HttpTarget {
  service: string;
  port: number;
  path: string;
}
export interface HttpAction extends HttpTarget {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
}

export type Verify =
  | { probe: HttpTarget; expect: { path: string; equals: unknown } }
  | { container: string; state: 'running' | 'exited' | 'paused' }
  | { network: string; connected: boolean }
  | { promql: string; op: Op; threshold: number };

interface FaultBase {
  id: string;
  title: string;
  description?: string;
  verify: Verify;
}
export interface HttpFault extends FaultBase {
  kind: 'http';
  inject: HttpAction;
  revert: HttpAction;
}
export interface ContainerFault extends FaultBase {
  kind: 'container';
  service: string;
  action: 'kill' | 'stop' | 'pause' | 'restart';
  revert: { action: 'start' | 'unpause' | 'none' };
}
export interface NetworkFault extends FaultBase {
  kind: 'network';
  service: string;
  action: 'disconnect';
  revert: { action: 'connect' };
}
export type Fault = HttpFault | ContainerFault | NetworkFault;

export interface TimelineStep {
  at: Duration;
  fault: string;
  for?: ModeDuration;
}
export interface Scenario {
  /** Brings the stack back to a clean state before a run: HTTP calls, then service restarts. */
  reset?: { http?: HttpAction[]; restart?: string[] };
  /** The load service: long-lived; POST /runs {requests, rate} on `port` starts a run, GET /runs/<id> reports it. */
  load: { service: string; port: number; requests: number; rate: number };
  /** Times are from the start of the load. */
  timeline: TimelineStep[];
  /** PromQL that is true (non-empty) once the system has drained. */
  drain: { until: string; timeout: Duration };
}

interface CheckBase {
  id: string;
  title: string;
  op: Op;
  threshold: number;
  unit?: Unit;
  /** The design mistake a failure usually means: a mistake tag (progress/tags.ts). A failing attempt logs it. */
  mistake?: string;
}
export interface PromqlCheck extends CheckBase {
  kind: 'promql';
  /** May use $__run (the run's range, e.g. "95s") and $__window (the window's range). */
  query: string;
  /**
   * What $__window spans: a fault's active period, less its first `skip` (the moments a system needs to
   * notice the fault, e.g. a breaker's trip). Default: the whole run.
   */
  window?: { fault: string; skip?: Duration };
  /** Evaluate this long after the window ends (default: at its end). */
  offset?: Duration;
}
export interface ProbeCheck extends CheckBase {
  kind: 'probe';
  probe: HttpTarget;
  path: string;
  /**
   * HTTP actions sent, in order, right before the probe (an operator's step, e.g. a redrive). Checks with
   * `before` change the system, so they are evaluated after every other check.
   */
  before?: HttpAction[];
  /** Poll the probe every second until the comparison holds or this time has passed (default: read once). */
  within?: Duration;
}
/**
 * A scale proof (issue 19, docs/scaling.md): the same load at `replicas[0]` and `replicas[1]` replicas of
 * `service` (scaled with the stack's own Compose `up --scale`), each run until drained or `timeout`;
 * throughput = `processed` (PromQL over that run, `$__run`) / the run's seconds; the check compares the ratio
 * throughput(replicas[1]) / throughput(replicas[0]) with `threshold` (src/core/scaling). The checker runs
 * it after evaluating the main run's checks (checker/scalingPhase.ts).
 */
export interface ScalingCheck extends CheckBase {
  kind: 'scaling';
  /** The compose service scaled out, e.g. consumer. */
  service: string;
  /** [base, scaled]: whole numbers, base >= 1, scaled > base, e.g. [1, 3]. */
  replicas: [number, number];
  /** The load of each side; default scenario.load's requests and rate. */
  load?: { requests: number; rate: number };
  /** HTTP actions after the scenario's reset and before each side's load (e.g. a downstream's latency). */
  setup?: HttpAction[];
  /** PromQL of the work done over one side's run (`$__run`), e.g. sum(increase(ledger_orders_booked_total[$__run])). */
  processed: string;
  /** When a side's work is done: PromQL that is non-empty once drained (default scenario.drain.until). */
  until?: string;
  /** The longest a side runs, from its load's start: an undrained side is measured over this span. */
  timeout: Duration;
}
/** Every kind of check lab.yaml may hold. */
export type Check = PromqlCheck | ProbeCheck | ScalingCheck;

export type Constraint =
  | { service: string; replicas: number }
  | { service: string; env: string; unchanged: true };

/** What `lint:labs` proves on a real engine: the baseline fails these, the solution passes all, each mutant fails its checks. */
export interface Proof {
  baselineFails: string[];
  /** Each mutant: the reference solution plus `patch`, a unified diff (relative to the lab) with one plausible mistake. */
  mutants: { id: string; patch: string; fails: string[]; description: string }[];
}

export interface Lab {
  format: typeof LAB_FORMAT;
  /** The lab kit version its services build on (`FROM breakfix-lab-kit:<kit>`); absent: no kit. */
  kit?: 1;
  id: string;
  title: string;
  level: Level;
  domains: string[];
  summary: string;
  /** Globs (relative to the lab folder) of the files a check takes from the learner's copy; `!` excludes. */
  learnerFiles: string[];
  /** Compose settings a check takes from the learner's compose.yaml; everything else comes from the lab's. */
  learnerSettings?: LearnerSetting[];
  panels: Panel[];
  faults: Fault[];
  scenario?: Scenario;
  checks: Check[];
  hints: string[];
  constraints: Constraint[];
  proof?: Proof;
  writeup?: WriteupSpec;
  /** The cost model: unit prices, their sources and what measures each quantity (src/core/cost). */
  cost?: CostSpec;
}

/** Environment variables of one service that the learner may set (names or globs such as BREAKER_*). */
export interface LearnerSetting {
  service: string;
  env: string[];
}

/** The postmortem template (relative to the lab folder; default writeup.md) and the panels charted in it. */
export interface WriteupSpec {
  template?: string;
  keyPanels: string[];
}

/** A lab as found on disk: the validated definition plus where its files are. */
export interface LabEntry {
  lab: Lab;
  /** Absolute path of the lab folder (bundled with the extension). */
  dir: string;
  composeFile: string;
  readme: string;
}

/** A lab.yaml that could not be loaded. `where` is `path:line:col`. */
export interface LabProblem {
  labDir: string;
  where: string;
  message: string;
  hint: string;
}

export interface Catalogue {
  labs: LabEntry[];
  problems: LabProblem[];
}
