// From the checker (src/core/checker) to the dashboard's check area. The checker command posts these
// through dashboards(ctx).postCheck(labId, …): its log lines as progress, its report as results.
import type { RunReport } from '../../../core/checker/types';
import { describeSide } from '../../../core/scaling/evaluate';
import type { HostMessage } from './protocol';

export type CheckMessage = Extract<HostMessage, { type: 'checkProgress' | 'checkResults' }>;

/** A checker log line ("[check] load: 1000 requests at 250/s; …") as progress; other lines (Compose output) are not shown. */
export function checkProgressFromLog(line: string): CheckMessage | undefined {
  const m = /^\[check\]\s+(?:([a-z][\w -]{0,30}?):\s+)?(.+)$/i.exec(line.trim());
  if (!m) return undefined;
  return { type: 'checkProgress', phase: m[1] ?? 'check', message: m[2] };
}

/**
 * A finished (or failed) run: every check's measured value against its threshold, and the report. A scale
 * proof shows its ratio as a plain number (the panels' `ratio` unit reads as a percent: 2.31 is not "231%")
 * and both sides' throughputs as its note.
 */
export function checkResultsFromReport(report: RunReport): CheckMessage {
  const msg: CheckMessage = {
    type: 'checkResults',
    passed: report.verdict === 'pass',
    results: report.checks.map((c) => {
      const note = [...(c.scaling?.sides.map(describeSide) ?? []), ...(c.note ? [c.note] : [])].join('; ');
      return {
        id: c.id,
        title: c.title,
        passed: c.pass,
        measured: typeof c.measured === 'number' && !Number.isFinite(c.measured) ? null : c.measured,
        op: c.op,
        threshold: c.threshold,
        ...(c.unit && !c.scaling ? { unit: c.unit } : {}),
        source: c.source,
        ...(note ? { note } : {}),
      };
    }),
  };
  if (report.files?.md) msg.reportPath = report.files.md;
  if (report.error) msg.error = report.error;
  if (report.ignoredChanges?.length) msg.notRun = report.ignoredChanges.map((c) => ({ file: c.file, detail: c.detail }));
  return msg;
}
