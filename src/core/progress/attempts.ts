// Records a checker run as an attempt and keeps the best run and the lab's status up to date.
import { labEntry, updateProgress, type ProgressUpdate } from './store';
import { resolve } from 'node:path';
import { startedTheStack } from '../checker/report';
import type { RunReport } from '../checker/types';
import { commitAttempt } from '../workspace/attemptCommit';
import { labCopyDir } from '../workspace/paths';
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

/**
 * Records a finished checker run (CLI `check`, the Run Check command) as the lab's next attempt and,
 * when it ran from a started lab's copy in a git repo, commits that copy as "attempt N: <verdict>".
 * A run that never started the stack is not an attempt: nothing is recorded, and the answer is null.
 */
export async function recordCheckAttempt(workspaceDir: string, report: RunReport): Promise<ProgressUpdate<Attempt> | null> {
  if (!startedTheStack(report)) return null;
  const update = await recordAttempt(workspaceDir, report.lab, { verdict: report.verdict, failed: report.failed, ...(report.files ? { report: report.files.md } : {}) });
  // Only a check of a started lab (its files came from the learner's copy) is committed.
  if (!report.learnerDir || resolve(report.learnerDir) !== resolve(labCopyDir(workspaceDir, report.lab))) return update;
  const attempt = update.result;
  try {
    const commit = await commitAttempt(workspaceDir, report.lab, attempt.n, attempt.verdict);
    if (!commit) return update;
    const linked = await updateProgress(workspaceDir, (progress) => {
      const a = progress.labs[report.lab]?.attempts.find((x) => x.n === attempt.n);
      if (a) a.commit = commit;
    });
    return { ...linked, warnings: [...update.warnings, ...linked.warnings], result: { ...attempt, commit } };
  } catch (err) {
    return { ...update, warnings: [...update.warnings, `attempt ${attempt.n} was recorded but not committed to git: ${(err as Error).message}`] };
  }
}
