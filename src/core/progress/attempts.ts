// Records a checker run as an attempt and keeps the best run and the lab's status up to date.
import { labEntry, updateProgress, type ProgressUpdate } from './store';
import type { RunReport } from '../checker/types';
import type { Attempt, Verdict } from './types';

const rank: Record<Verdict, number> = { error: 0, fail: 1, pass: 2 };

export async function recordAttempt(workspaceDir: string, labId: string, run: { verdict: Verdict; failed: string[]; report?: string }): Promise<ProgressUpdate<Attempt>> {
  return updateProgress(workspaceDir, (progress, now) => {
    const lab = labEntry(progress, labId, now);
    lab.startedAt ??= now;
    const attempt: Attempt = { n: (lab.attempts.at(-1)?.n ?? 0) + 1, verdict: run.verdict, failed: [...run.failed], at: now, ...(run.report ? { report: run.report } : {}) };
    lab.attempts.push(attempt);
    if (!lab.best || rank[attempt.verdict] >= rank[lab.best.verdict]) lab.best = { n: attempt.n, verdict: attempt.verdict, ...(attempt.report ? { report: attempt.report } : {}) };
    // A pass is kept: a later failing run does not undo "fixed".
    if (attempt.verdict === 'pass') {
      lab.passedAt ??= now;
      if (lab.status !== 'written-up') lab.status = 'fixed';
    } else if (attempt.verdict === 'fail' && lab.status !== 'fixed' && lab.status !== 'written-up') lab.status = 'broken';
    return attempt;
  });
}

/** Records a finished checker run (CLI `check`, the Run Check command) as the lab's next attempt. */
export function recordCheckAttempt(workspaceDir: string, report: RunReport): Promise<ProgressUpdate<Attempt>> {
  return recordAttempt(workspaceDir, report.lab, { verdict: report.verdict, failed: report.failed, ...(report.files ? { report: report.files.md } : {}) });
}
