// What a checker run produces: one result per check, the timeline as it happened, and the verdict.
import type { Op, Unit } from '../labs/types';
import type { CostBlock } from '../cost/types';
import type { RangeSeries } from '../metrics/prometheus';
import type { ScalingMeasurement } from '../scaling/types';

export type CheckMode = 'quick' | 'full';

/** A change in the learner's copy that the check did not run. */
export interface IgnoredChange {
  /** Relative to the lab folder. */
  file: string;
  change: 'changed' | 'added' | 'deleted';
  /** What happened to it: "the check used the lab's provider". */
  detail: string;
}

/** A compose setting the lab lets the learner change (lab.yaml learnerSettings), as the check ran it. */
export interface AppliedSetting {
  service: string;
  env: string;
  value: string;
}

export interface CheckResult {
  id: string;
  title: string;
  kind: 'promql' | 'probe' | 'constraint' | 'scaling';
  pass: boolean;
  /** null when there was no data (that fails). */
  measured: number | string | null;
  threshold: number | string;
  op: Op;
  unit?: Unit;
  /** The exact PromQL with its evaluation time, `GET <url> → <path>`, or `docker inspect …`. */
  source: string;
  /** Why it failed besides the comparison (no data, several series, request error). */
  note?: string;
  /** When a probe with `within` read its deciding value (the end of its window). */
  decidedAt?: string;
  /** A scaling check's two sides and their ratio (`measured` is the ratio, rounded). */
  scaling?: ScalingMeasurement;
}

/** The load service's last stdout line (contract: checker-contract.md, Scenario 2). */
export interface LoadSummary {
  sent: number;
  accepted: number;
  rejected: number;
  errors: number;
  durationSeconds: number;
  achievedRate: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

/** One timeline step as it happened. Times are ISO strings; `atSeconds`/`forSeconds` as planned. */
export interface TimelineRecord {
  fault: string;
  atSeconds: number;
  forSeconds?: number;
  injectedAt?: string;
  verifiedAt?: string;
  revertedAt?: string;
  verify?: string;
  error?: string;
}

export interface RunReport {
  lab: string;
  mode: CheckMode;
  verdict: 'pass' | 'fail' | 'error';
  startedAt: string;
  finishedAt: string;
  /** The folder the stack ran from: the lab's own files plus the learner's (checker/checkStack.ts). */
  stackDir: string;
  workspaceDir: string;
  // The next four are absent from reports written before checks assembled their own stack.
  /** Where the learner's files came from: the learner's copy (labs/<id>), or the bundled lab when not started. */
  learnerDir?: string;
  /** The learner's files the check ran (relative to the lab folder). */
  learnerFiles?: string[];
  /** Settings of the learner's compose.yaml that the lab lets a check take (lab.yaml learnerSettings). */
  learnerSettings?: AppliedSetting[];
  /** Changes in the learner's copy that the check did not run, each with what happened to it. */
  ignoredChanges?: IgnoredChange[];
  rebuilt: string[];
  load: { service: string; requests: number; rate: number; startedAt?: string; endedAt?: string; summary?: LoadSummary };
  timeline: TimelineRecord[];
  /** `skipped`: why the run did not wait for the drain (a proof case judged only on windowed checks). */
  drain?: { until: string; drained: boolean; endedAt: string; waitedSeconds: number; skipped?: string };
  /** Load start → drain end: what $__run spans. */
  run?: { start: string; end: string; range: string };
  checks: CheckResult[];
  /** Set when only these checks were evaluated (CheckOptions.only); a pass then says nothing of the others. */
  only?: string[];
  /** Ids of the failing checks. */
  failed: string[];
  /**
   * Seconds spent in each phase. `scrape`: until Prometheus scraped every target after the reset; `scenario` is
   * load + timeline; `scaling`: the scale proofs (both sides of each, and the restore); `total` is the wall time.
   */
  durations: { assemble?: number; build?: number; up?: number; reset?: number; scrape?: number; scenario?: number; drain?: number; evaluate?: number; scaling?: number; total: number };
  error?: string;
  /** Every panel's data over the run (load start − 10 s → drain end), for the writeup's charts. */
  series?: PanelSeries[];
  /** What the run cost, line by line and per 1,000 events (labs with lab.yaml `cost`; absent from older reports). */
  cost?: CostBlock;
  files?: { json: string; md: string };
}

/** One panel's query over a run. */
export interface PanelSeries {
  panel: string;
  title: string;
  query: string;
  unit?: Unit;
  stepSeconds: number;
  series: RangeSeries[];
}
