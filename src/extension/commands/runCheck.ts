// breakfix.runCheck: replays the lab's scenario and measures every check (the bundled definition,
// never the workspace copy). Progress and results go to the log and to the lab's dashboard (labCheck.ts,
// shared with the breakfix_runCheck AI tool).
import * as vscode from 'vscode';
import type { RunReport } from '../../core/checker/types';
import { dockerCore } from '../docker';
import { checkLab, showCheckSummary } from '../labCheck';
import { resolveLab } from '../pickLab';
import { requireDocker } from '../trust';
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
  let result: RunReport;
  try {
    result = await checkLab(ctx, entry, { mode, workspaceDir });
  } catch {
    return; // checkLab reported it
  }
  await showCheckSummary(result);
};
