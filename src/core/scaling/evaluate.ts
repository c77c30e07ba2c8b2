// The verdict of a scale proof from its two measured sides: the ratio of the throughputs against the
// check's threshold. Pure: the measurement (measure.ts) hands it both sides.
import type { ScalingCheck } from '../labs/types';
import { compare } from '../metrics/compare';
import type { ScalingCheckResult, ScalingSide } from './types';

/**
 * Below this many seconds a side's throughput is imprecise: its end is known to about a second (the drain
 * is polled every second and Prometheus scrapes every second). The result then says so; it still counts.
 */
export const SHORT_SIDE_SECONDS = 8;

/** throughput(scaled) / throughput(base); null when either is unknown or the base did nothing. */
export function scalingRatio(base: ScalingSide, scaled: ScalingSide): number | null {
  if (base.throughput === null || scaled.throughput === null) return null;
  if (!(base.throughput > 0) || !Number.isFinite(scaled.throughput)) return null;
  return scaled.throughput / base.throughput;
}

/** A side's throughput from its work and seconds: null for no data or a run of no time. */
export function throughputOf(processed: number | null, seconds: number): number | null {
  if (processed === null || !Number.isFinite(processed) || !(seconds > 0)) return null;
  return processed / seconds;
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** "38.2/s over 15.7 s (600 processed)" or "no data". */
export function describeSide(side: ScalingSide): string {
  if (side.throughput === null) return `${side.replicas} replica${side.replicas === 1 ? '' : 's'}: no throughput (${side.note ?? 'no data'})`;
  return `${side.replicas} replica${side.replicas === 1 ? '' : 's'}: ${round(side.throughput, 1)}/s over ${round(side.seconds, 1)} s (${round(side.processed ?? 0, 1)} processed${side.drained ? '' : ', NOT drained by the timeout'})`;
}

/** The check's result: both sides, the ratio (measured), the comparison, and what made it fail. */
export function evaluateScaling(check: ScalingCheck, base: ScalingSide, scaled: ScalingSide): ScalingCheckResult {
  const ratio = scalingRatio(base, scaled);
  const notes: string[] = [];
  for (const side of [base, scaled]) {
    if (side.throughput === null) notes.push(`${side.replicas} replica(s): ${side.note ?? 'no data'}`);
    else if (side.seconds < SHORT_SIDE_SECONDS) notes.push(`${side.replicas} replica(s) ran ${round(side.seconds, 1)} s only: its end is known to about 1 s, so its throughput to about ${Math.round(100 / side.seconds)}%; more requests make it precise`);
  }
  if (base.throughput === 0) notes.push(`${base.replicas} replica(s) processed nothing: no ratio`);
  if (!base.drained && !scaled.drained) notes.push(`neither side drained within ${check.timeout}: both are measured over the timeout`);
  return {
    id: check.id,
    title: check.title,
    kind: 'scaling',
    pass: compare(ratio, check.op, check.threshold),
    measured: ratio === null ? null : round(ratio),
    threshold: check.threshold,
    op: check.op,
    ...(check.unit ? { unit: check.unit } : {}),
    source: `throughput at ${scaled.replicas} replicas of ${check.service} ÷ at ${base.replicas}: ${describeSide(scaled)}; ${describeSide(base)}; each = ${check.processed} / the run's seconds (${scaled.source}; ${base.source})`,
    ...(notes.length ? { note: notes.join('; ') } : {}),
    scaling: { service: check.service, sides: [base, scaled], ratio },
  };
}

/** The result as report lines, marked as checkLine marks a result: both throughputs and the ratio (the CLI, the Markdown report, the writeup). */
export function scalingLines(r: ScalingCheckResult): string[] {
  const [base, scaled] = r.scaling.sides;
  return [
    `${r.pass ? '✔' : '✘'} ${r.id}: ${r.title}`,
    `  ${describeSide(base)}`,
    `  ${describeSide(scaled)}`,
    `  ratio ${r.measured === null ? 'none' : r.measured} (must be ${r.op} ${r.threshold})${r.note ? `: ${r.note}` : ''}`,
  ];
}
