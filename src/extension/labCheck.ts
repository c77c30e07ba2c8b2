// One home for running a lab's check from the extension: Run Check (the command, the dashboard) and the
// breakfix_runCheck AI tool both come here, so the progress notification, the log, the dashboard, the
// attempt record and the Labs tree behave the same whoever asked.
import * as vscode from 'vscode';
import type { RunReport } from '../core/checker/types';
import type { LabEntry } from '../core/labs/types';
import { engineEnv } from './config';
import { compose, dockerCore } from './docker';
import { engineReachable, reportError } from './errors';
import { withCancellableProgress } from './progress';
import { checkProgressFromLog, checkResultsFromReport, dashboards } from './webviews/dashboard';
import type { Core } from './core';
import type { Ctx } from './ctx';
import { completeStep } from './walkthrough';

export interface CheckOptions {
  mode: 'quick' | 'full';
  workspaceDir: string;
  /** Stops the check too (e.g. an AI tool's cancellation), besides the notification's Cancel. */
  signal?: AbortSignal;
  /** Shown after the title in the progress notification, e.g. "asked by an AI tool". */
  by?: string;
}

/**
 * Runs the check under a cancellable progress notification, posts progress and results to the lab's
 * dashboard and records the attempt. Resolves with the report. When the check fails to run, a partial
 * report is still posted and (unless cancelled) recorded, the error is reported to the user and the log,
 * and the promise rejects with it.
 */
export function checkLab(ctx: Ctx, entry: LabEntry, opts: CheckOptions): Thenable<RunReport> {
  const id = entry.lab.id;
  const title = `Checking ${id} (${opts.mode}${opts.by ? `, ${opts.by}` : ''})`;
  return withCancellableProgress(title, async (cancel, report) => {
    const signal = opts.signal ? AbortSignal.any([cancel, opts.signal]) : cancel;
    const core = dockerCore();
    try {
      const result: RunReport = await core.runCheck(entry, {
        workspaceDir: opts.workspaceDir,
        mode: opts.mode,
        signal,
        env: engineEnv(),
        compose: await compose(core),
        log: (line) => {
          ctx.log.info(`[${id} check] ${line}`);
          report(line.length > 80 ? line.slice(0, 77) + '…' : line);
          const progress = checkProgressFromLog(line);
          if (progress) dashboards(ctx).postCheck(id, progress);
        },
      });
      engineReachable(ctx);
      dashboards(ctx).postCheck(id, checkResultsFromReport(result));
      await recordAttempt(ctx, core, opts.workspaceDir, result, entry);
      return result;
    } catch (err) {
      const partial = (err as { report?: RunReport }).report;
      if (partial) dashboards(ctx).postCheck(id, checkResultsFromReport(partial));
      if (partial && !signal.aborted) await recordAttempt(ctx, core, opts.workspaceDir, partial, entry);
      reportError(ctx, `Checking ${id}`, err, signal);
      throw err;
    }
  });
}

/** The verdict in a notification; resolves when it is closed (after opening the report when asked). */
export async function showCheckSummary(result: RunReport): Promise<void> {
  const id = result.lab;
  const summary = result.verdict === 'pass' ? `${id}: every check passed.` : `${id}: failed ${result.failed.join(', ')}.`;
  const open = await (result.verdict === 'pass' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage)(summary, 'Open Report');
  if (open && result.files) await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(result.files.md));
}

/** The run as the lab's next attempt (.breakfix/progress.json); a pass marks the lab passed in the tree. */
async function recordAttempt(ctx: Ctx, core: Core, workspaceDir: string, report: RunReport, entry: LabEntry): Promise<void> {
  try {
    const update = await core.recordCheckAttempt(workspaceDir, report, entry.lab);
    if (!update) return ctx.log.info(`[${report.lab} check] not recorded as an attempt: the check stopped before it started the stack`);
    const { result: attempt, warnings } = update;
    for (const w of warnings) ctx.log.warn(w);
    ctx.log.info(`[${report.lab} check] attempt ${attempt.n} recorded (${attempt.verdict})`);
    completeStep('checked');
    if (attempt.verdict === 'pass') completeStep('fixed');
    await ctx.refreshProgress();
  } catch (err) {
    ctx.log.warn(`[${report.lab} check] the attempt was not recorded: ${err instanceof Error ? err.message : String(err)}`);
  }
}
