// Running a check of the learner's files and recording it as the lab's next attempt: the one home of that
// rule for every host that does both (`breakfix check`, the MCP server's runCheck tool). Kept apart from
// progress/, which light writers bundle without the checker's engine clients, and from checker/, whose
// digest is part of every proof ledger (recording an attempt is no part of what a proof measures).
import type { LabEntry } from '../labs/types';
import type { Attempt } from '../progress/types';
import { recordCheckAttempt } from '../progress/attempts';
import { CheckRunError, runCheck, type CheckOptions } from '../checker/run';
import type { RunReport } from '../checker/types';

export interface RecordedCheck {
  /** The run's report; partial when `error` is set. */
  report: RunReport;
  /** The attempt it was recorded as; null: the check stopped before it started the stack, so it is no attempt; undefined: recording failed (see warnings). */
  attempt?: Attempt | null;
  /** Problems of the progress store or the attempt's commit: never the verdict. */
  warnings: string[];
  /** Why the run could not complete (build, up, a fault that did not verify); it is recorded all the same. */
  error?: CheckRunError;
}

/**
 * Runs a check of the learner's files and records it as the lab's next attempt: what `breakfix check` and the
 * AI tools' runCheck (the MCP server) do. A cancelled run is not recorded: its CheckRunError is thrown, as is
 * any error that is not a CheckRunError.
 */
export async function checkAndRecord(entry: LabEntry, opts: CheckOptions & { workspaceDir: string }): Promise<RecordedCheck> {
  let report: RunReport;
  let error: CheckRunError | undefined;
  try {
    report = await runCheck(entry, opts);
  } catch (err) {
    if (!(err instanceof CheckRunError) || err.cancelled) throw err;
    report = err.report;
    error = err;
  }
  try {
    const update = await recordCheckAttempt(opts.workspaceDir, report, entry.lab);
    return { report, attempt: update?.result ?? null, warnings: update?.warnings ?? [], ...(error ? { error } : {}) };
  } catch (err) {
    return { report, warnings: [`the attempt was not recorded: ${(err as Error).message}`], ...(error ? { error } : {}) };
  }
}
