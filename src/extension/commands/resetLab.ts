// breakfix.resetLab: puts the learner's copy back to its baseline files, after a modal naming how many
// edited files are lost. Notes, hints and attempts are kept.
import * as vscode from 'vscode';
import { loadCore } from '../core';
import { reportError } from '../errors';
import { resolveLab } from '../pickLab';
import { requireTrust } from '../trust';
import { plural, requireWorkspace } from '../workspace';
import type { CommandFactory } from './types';

const TITLE = 'Reset Lab';

export const resetLab: CommandFactory = (ctx) => async (arg) => {
  if (!requireTrust(TITLE, 'restores the lab\'s files with git')) return;
  const ws = requireWorkspace(ctx, TITLE, 'the lab\'s copy lives in it');
  if (!ws) return;
  const entry = await resolveLab(ctx, arg, { title: TITLE });
  if (!entry) return;
  const id = entry.lab.id;
  await ctx.refreshProgress();
  if (!ctx.state.started.has(id)) {
    void vscode.window.showWarningMessage(`${TITLE}: ${id} is not started in this workspace (no labs/${id}/). Start it first.`, 'Start Lab').then((pick) => {
      if (pick) void vscode.commands.executeCommand('breakfix.startLab', id);
    });
    return;
  }
  const core = loadCore();
  const edits = core.labEdits(entry, ws);
  if (edits.length === 0) {
    void vscode.window.showInformationMessage(`${TITLE}: labs/${id}/ already matches the baseline; nothing to reset.`);
    return;
  }
  const reset = 'Reset';
  const pick = await vscode.window.showWarningMessage(
    `Reset ${id}? ${plural(edits.length, 'edited file')} will be lost.`,
    { modal: true, detail: `${edits.slice(0, 12).map((f) => `labs/${id}/${f}`).join('\n')}${edits.length > 12 ? `\n… and ${edits.length - 12} more` : ''}\n\nYour notes, hints and attempts are kept.` },
    reset,
  );
  if (pick !== reset) return;
  try {
    const r = await core.resetLab(entry, ws);
    ctx.log.info(`Reset ${id}: restored ${r.restored.length} files from the ${r.from === 'baseline-commit' ? 'baseline commit' : 'bundled lab'}${r.commit ? ` (commit ${r.commit.slice(0, 12)})` : ''}`);
    await ctx.refreshProgress();
    void vscode.window.showInformationMessage(`${id} reset: ${plural(r.restored.length, 'file')} restored to the baseline. Notes and attempts are kept.`);
  } catch (err) {
    reportError(ctx, `Resetting ${id}`, err);
  }
};
