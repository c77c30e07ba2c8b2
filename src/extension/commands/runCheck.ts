// breakfix.runCheck: replays the lab's scenario and measures every check (the bundled definition,
// never the workspace copy). Progress and results go to the log and to the lab's dashboard.
import * as vscode from 'vscode';
import type { RunReport } from '../../core/checker/types';
import { engineEnv } from '../config';
import { compose, dockerCore } from '../docker';
import { engineReachable, reportError } from '../errors';
import { resolveLab } from '../pickLab';
import { withCancellableProgress } from '../progress';
import { requireDocker } from '../trust';
import { checkProgressFromLog, checkResultsFromReport, dashboards } from '../webviews/dashboard';
import type { Core } from '../core';
import type { Ctx } from '../ctx';
import { completeStep } from '../walkthrough';
import type { CommandFactory } from './types';

const TITLE = 'Run Check';

export const runCheck: CommandFactory = (ctx) => async (arg, options) => {
  if (!requireDocker(TITLE)) return;
  const entry = await resolveLab(ctx, arg, { title: TITLE });
  if (!entry) return;
  const id = entry.lab.id;
  const mode = (options as { mode?: 'quick' | 'full' } | undefined)?.mode ?? 'quick';
  const workspaceDir = ctx.workspaceDir;
  if (!workspaceDir) {
    void vscode.window.showWarningMessage(`${TITLE}: open a folder first; run reports are written to its .breakfix/ folder.`);
    return;
  }
  const core = dockerCore();
  const assessed = core.checkIsSubmitMessage((await core.readAssessment(workspaceDir)).record, id);
  if (assessed) {
    const submit = 'Submit';
    void vscode.window.showWarningMessage(`${TITLE}: ${assessed}`, submit).then((pick) => {
      if (pick === submit) void vscode.commands.executeCommand('breakfix.submitAssessment');
    });
    return;
  }
  ctx.log.show(true);
  await withCancellableProgress(`Checking ${id} (${mode})`, async (signal, report) => {
    try {
      const result: RunReport = await core.runCheck(entry, {
        workspaceDir,
        mode,
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
      await recordAttempt(ctx, core, workspaceDir, result);
      const summary = result.verdict === 'pass' ? `${id}: every check passed.` : `${id}: failed ${result.failed.join(', ')}.`;
      const open = await (result.verdict === 'pass' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage)(summary, 'Open Report');
      if (open && result.files) await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(result.files.md));
    } catch (err) {
      const partial = (err as { report?: RunReport }).report;
      if (partial) dashboards(ctx).postCheck(id, checkResultsFromReport(partial));
      if (partial && !signal.aborted) await recordAttempt(ctx, dockerCore(), workspaceDir, partial);
      reportError(ctx, `Checking ${id}`, err, signal);
    }
  });
};

/** The run as the lab's next attempt (.breakfix/progress.json); a pass marks the lab passed in the tree. */
async function recordAttempt(ctx: Ctx, core: Core, workspaceDir: string, report: RunReport): Promise<void> {
  try {
    const update = await core.recordCheckAttempt(workspaceDir, report);
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
