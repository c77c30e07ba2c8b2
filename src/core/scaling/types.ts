// What a scale proof measures and reports (issue 19, docs/scaling.md). The lab format of the check itself
// is `ScalingCheck` in labs/types.ts.
import type { Op, Unit } from '../labs/types';

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

/** A scaling check's result: the CheckResult fields, plus both sides and the ratio. */
export interface ScalingCheckResult {
  id: string;
  title: string;
  kind: 'scaling';
  pass: boolean;
  /** The ratio throughput(scaled) / throughput(base), rounded to 2 decimals; null: no ratio. */
  measured: number | null;
  threshold: number;
  op: Op;
  unit?: Unit;
  /** "throughput at 3 replicas of consumer ÷ at 1: (query @ t) / 12.3 s ÷ (query @ t) / 31.0 s". */
  source: string;
  note?: string;
  scaling: {
    service: string;
    /** [base, scaled], in that order. */
    sides: [ScalingSide, ScalingSide];
    /** Unrounded. */
    ratio: number | null;
  };
}
