// breakfix.showSolution: the lab's reference solution, each file as a diff yours ↔ solution (read-only).
// Unlocked by a pass, or by revealing every hint; the second needs a confirmation and is recorded.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadCore } from '../core';
import { refusedByAssessment } from '../assessment/locked';
import { reportError } from '../errors';
import { BASELINE_SCHEME, labTextUri, SOLUTION_SCHEME } from '../labText';
import { resolveLab } from '../pickLab';
import { requireWorkspace } from '../workspace';
import type { CommandFactory } from './types';
import { labCopyDir } from '../../core/workspace/paths';

const TITLE = 'Show Solution';

export const showSolution: CommandFactory = (ctx) => async (arg) => {
  const ws = requireWorkspace(ctx, TITLE, 'your progress (which unlocks the solution) is kept in it');
  if (!ws) return;
  const entry = await resolveLab(ctx, arg, { title: TITLE });
  if (!entry) return;
  const id = entry.lab.id;
  if (await refusedByAssessment(ctx, TITLE, id, 'solution')) return;
  const core = loadCore();
  await ctx.refreshProgress();
  try {
    const { progress } = await core.readProgress(ws);
    const access = core.solutionAccess(entry, progress.labs[id]);
    if (!access.allowed) {
      const seen = Math.min(progress.labs[id]?.hintsRevealed ?? 0, entry.lab.hints.length);
      const why = `the reference solution of ${id} unlocks when Run Check passes, or after all ${entry.lab.hints.length} hints (${seen} revealed so far).`;
      void vscode.window.showWarningMessage(`${TITLE}: ${why}`, 'Reveal Hint', 'Run Check').then((pick) => {
        if (pick === 'Reveal Hint') void vscode.commands.executeCommand('breakfix.revealHint', id);
        if (pick === 'Run Check') void vscode.commands.executeCommand('breakfix.runCheck', id);
      });
      return;
    }
    if (access.reason === 'all-hints') {
      const show = 'Show Solution';
      const pick = await vscode.window.showWarningMessage(
        `Show the reference solution of ${id}?`,
        { modal: true, detail: 'This shows the reference solution before you passed; it is recorded in your progress.' },
        show,
      );
      if (pick !== show) return;
    }
    const files = core.solutionFiles(entry);
    if (files.length === 0) {
      void vscode.window.showErrorMessage(`${TITLE}: ${id} has no reference solution (no ${path.join(entry.dir, core.SOLUTION_PATCH)}). Report this to the lab's author.`);
      return;
    }
    if (access.reason !== 'locked') await core.recordSolutionView(ws, id, access.reason);
    ctx.log.info(`Showing the solution of ${id} (${access.reason}): ${files.join(', ')}`);
    for (const rel of files) {
      // Yours: the workspace copy once started, else the lab's original file (read-only).
      const yours = ctx.state.started.has(id) ? vscode.Uri.file(path.join(labCopyDir(ws, id), ...rel.split('/'))) : labTextUri(BASELINE_SCHEME, id, rel);
      await vscode.commands.executeCommand('vscode.diff', yours, labTextUri(SOLUTION_SCHEME, id, rel), `${path.basename(rel)} (yours ↔ solution)`, { preview: false });
    }
    await ctx.refreshProgress();
  } catch (err) {
    reportError(ctx, `Showing the solution of ${id}`, err);
  }
};
