// What a scale proof measures and reports (issue 19, docs/scaling.md). The lab format of the check itself
// is `ScalingCheck` in labs/types.ts.
import type { CheckResult } from '../checker/types';

/** One side of a scale proof: the same load at one replica count, measured from load start to drain end. */
export interface ScalingSide {
  replicas: number;
  /** When the side's load started and when its run ended (drained, or its timeout), ISO. */
  startedAt: string;
  endedAt: string;
  /** The run's seconds: load start → drain end (or timeout). */
  seconds: number;
  /** Whether the side drained before its timeout (an undrained side is measured over the timeout). */
  drained: boolean;
  /** The work done over the run (the `processed` PromQL); null: no data. */
  processed: number | null;
  /** processed / seconds; null when processed is null. */
  throughput: number | null;
  /** The exact PromQL with its evaluation time. */
  source: string;
  /** Why this side has no number (no data, a failed read). */
  note?: string;
}

/** What a scale proof measured: the scaled service, both sides and their ratio. */
export interface ScalingMeasurement {
  service: string;
  /** [base, scaled], in that order. */
  sides: [ScalingSide, ScalingSide];
  /** throughput(scaled) / throughput(base), unrounded; null: no ratio. */
  ratio: number | null;
}

/** A scaling check's result: a CheckResult whose measured value is the ratio, with both sides. */
export interface ScalingCheckResult extends CheckResult {
  kind: 'scaling';
  /** The ratio throughput(scaled) / throughput(base), rounded to 2 decimals; null: no ratio. */
  measured: number | null;
  threshold: number;
  /** "throughput at 3 replicas of consumer ÷ at 1: …", both sides' PromQL with its time. */
  source: string;
  scaling: ScalingMeasurement;
}

/** Whether a check result is a scale proof's (and carries both sides). */
export function isScalingResult(r: CheckResult): r is ScalingCheckResult {
  return r.kind === 'scaling' && r.scaling !== undefined;
}
