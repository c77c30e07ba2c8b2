// The runs a writeup cites: the learner's first failing run ("before") and the latest passing run ("after").
import { readFile } from 'node:fs/promises';
import type { RunReport } from '../checker/types';
import type { Attempt, LabProgress } from '../progress/types';

export interface CitedRun {
  attempt: Attempt;
  report: RunReport;
}

export interface CitedRuns {
  before?: CitedRun;
  after?: CitedRun;
  /** Reports that were listed in progress but could not be read. */
  missing: string[];
}

export async function citedRuns(lab: LabProgress | undefined): Promise<CitedRuns> {
  const out: CitedRuns = { missing: [] };
  const attempts = lab?.attempts ?? [];
  const load = async (a: Attempt | undefined): Promise<CitedRun | undefined> => {
    if (!a?.report) return undefined;
    const json = a.report.replace(/\.md$/, '.json');
    try {
      return { attempt: a, report: JSON.parse(await readFile(json, 'utf8')) as RunReport };
    } catch {
      out.missing.push(json);
      return undefined;
    }
  };
  out.before = await load(attempts.find((a) => a.verdict === 'fail' && a.report));
  out.after = await load([...attempts].reverse().find((a) => a.verdict === 'pass' && a.report));
  return out;
}

/** Every number a run measured: check values (a scale proof's throughputs too) and the load summary (what "cites a measured number" matches). */
export function measuredNumbers(runs: readonly (CitedRun | undefined)[]): number[] {
  const nums: number[] = [];
  for (const r of runs) {
    if (!r) continue;
    for (const c of r.report.checks) if (typeof c.measured === 'number' && Number.isFinite(c.measured)) nums.push(c.measured);
    for (const side of r.report.checks.flatMap((c) => c.scaling?.sides ?? [])) for (const n of [side.throughput, side.processed, side.seconds]) if (typeof n === 'number' && Number.isFinite(n)) nums.push(n);
    const s = r.report.load.summary;
    if (s) nums.push(s.sent, s.accepted, s.achievedRate, s.latencyMs.p50, s.latencyMs.p95, s.latencyMs.p99);
    if (r.report.drain) nums.push(r.report.drain.waitedSeconds);
    const cost = r.report.cost;
    for (const n of [cost?.total, cost?.perThousand, ...(cost?.lines ?? []).flatMap((l) => [l.quantity, l.cost])]) if (typeof n === 'number') nums.push(n);
  }
  return nums;
}
