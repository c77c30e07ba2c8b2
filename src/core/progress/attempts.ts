// Records a checker run as an attempt and keeps the best run, the lab's status and its mistake log up to date.
import { labEntry, updateProgress, type ProgressUpdate } from './store';
import { resolve } from 'node:path';
import { startedTheStack } from '../checker/report';
import type { RunReport } from '../checker/types';
import { commitAttempt } from '../workspace/attemptCommit';
import { labCopyDir } from '../workspace/paths';
import { linkMistakeCommit, logAttemptMistakes, mistakeTags, type EvaluatedCheck, type MistakeSource } from './mistakes';
import type { Attempt, Verdict } from './types';

const rank: Record<Verdict, number> = { error: 0, fail: 1, pass: 2 };

/** A run to record. `checks` and `mistakeTags` feed the lab's mistake log (mistakes.ts). */
export interface AttemptRun {
  verdict: Verdict;
  failed: string[];
  report?: string;
  /** The checks as the run evaluated them. */
  checks?: readonly EvaluatedCheck[];
  /** check id → the mistake tag its lab.yaml names. */
  mistakeTags?: ReadonlyMap<string, string>;
}

export async function recordAttempt(workspaceDir: string, labId: string, run: AttemptRun): Promise<ProgressUpdate<Attempt>> {
  return updateProgress(workspaceDir, (progress, now) => {
    const lab = labEntry(progress, labId, now);
    lab.startedAt ??= now;
    const attempt: Attempt = { n: (lab.attempts.at(-1)?.n ?? 0) + 1, verdict: run.verdict, failed: [...run.failed], at: now, ...(run.report ? { report: run.report } : {}) };
    lab.attempts.push(attempt);
    logAttemptMistakes(lab, attempt, run.checks ?? [], run.mistakeTags ?? new Map());
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
 * `lab` (the checked lab's definition) names each check's mistake tag: a failing tagged check goes into
 * the lab's mistake log with the measured value and the attempt's commit; a passing one marks it fixed.
 * A run that never started the stack is not an attempt: nothing is recorded, and the answer is null.
 */
export async function recordCheckAttempt(workspaceDir: string, report: RunReport, lab: MistakeSource): Promise<ProgressUpdate<Attempt> | null> {
  if (!startedTheStack(report)) return null;
  const update = await recordAttempt(workspaceDir, report.lab, {
    verdict: report.verdict,
    failed: report.failed,
    ...(report.files ? { report: report.files.md } : {}),
    checks: report.checks,
    mistakeTags: mistakeTags(lab),
  });
  // Only a check of a started lab (its files came from the learner's copy) is committed.
  if (!report.learnerDir || resolve(report.learnerDir) !== resolve(labCopyDir(workspaceDir, report.lab))) return update;
  const attempt = update.result;
  try {
    const commit = await commitAttempt(workspaceDir, report.lab, attempt.n, attempt.verdict);
    if (!commit) return update;
    const linked = await updateProgress(workspaceDir, (progress) => {
      const entry = progress.labs[report.lab];
      const a = entry?.attempts.find((x) => x.n === attempt.n);
      if (a) a.commit = commit;
      if (entry) linkMistakeCommit(entry, attempt.n, commit);
    });
    return { ...linked, warnings: [...update.warnings, ...linked.warnings], result: { ...attempt, commit } };
  } catch (err) {
    return { ...update, warnings: [...update.warnings, `attempt ${attempt.n} was recorded but not committed to git: ${(err as Error).message}`] };
  }
}
