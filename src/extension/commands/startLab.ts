// breakfix.startLab: copies the lab's files into <workspace>/labs/<id>/ and commits them as the baseline
// (git). Never overwrites edits without asking: a copy with edits needs a modal "Overwrite".
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StartLabResult } from '../../core/workspace/startLab';
import { labLearnerFiles } from '../../core/labs/learnerFiles';
import { loadCore } from '../core';
import { reportError } from '../errors';
import { resolveLab } from '../pickLab';
import { requireTrust } from '../trust';
import { completeStep } from '../walkthrough';
import { plural, requireWorkspace } from '../workspace';
import type { CommandFactory } from './types';

const TITLE = 'Start Lab';

export const startLab: CommandFactory = (ctx) => async (arg) => {
  if (!requireTrust(TITLE, 'copies the lab into the workspace and commits it with git')) return;
  const ws = requireWorkspace(ctx, TITLE, 'the lab is copied into it (labs/<lab>/)');
  if (!ws) return;
  const entry = await resolveLab(ctx, arg, { title: TITLE });
  if (!entry) return;
  const id = entry.lab.id;
  const core = loadCore();
  let result: StartLabResult;
  try {
    result = await core.startLab(entry, ws);
  } catch (err) {
    const files = (err as { files?: unknown }).files;
    if (!Array.isArray(files)) return fail(err);
    const overwrite = `Overwrite ${plural(files.length, 'File')}`;
    const pick = await vscode.window.showWarningMessage(
      `Overwrite ${plural(files.length, 'edited file')}?`,
      { modal: true, detail: `labs/${id}/ differs from the lab's original files:\n${files.slice(0, 12).join('\n')}${files.length > 12 ? `\n… and ${files.length - 12} more` : ''}\n\nOverwriting replaces them with a fresh copy; edits not committed to git are lost.` },
      overwrite,
    );
    if (pick !== overwrite) {
      ctx.log.info(`Start Lab ${id}: kept the edited copy (${files.length} files differ)`);
      return;
    }
    try {
      result = await core.startLab(entry, ws, { overwrite: true });
    } catch (again) {
      return fail(again);
    }
  }
  for (const w of result.warnings) ctx.log.warn(w);
  ctx.log.info(`Start Lab ${id}: ${result.created ? 'copied to' : 'already in'} ${result.dir}, branch ${result.branch}${result.commit ? `, baseline ${result.commit.slice(0, 12)}` : ''}`);
  if (result.initialised) ctx.log.info(`Start Lab ${id}: initialised a git repository in ${ws}; each check commits labs/${id}/ as an attempt`);
  if (result.ignoredState) ctx.log.info(`Start Lab ${id}: .breakfix/ (progress, run reports) is ignored by git (${result.ignoredState === '.gitignore' ? '.gitignore, committed with the baseline' : '.git/info/exclude; your .gitignore is untouched'})`);
  completeStep('started');
  await ctx.refreshProgress();
  const toEdit = labLearnerFiles(entry);
  const first = toEdit[0];
  const summary = result.created
    ? `Started ${id}: labs/${id}/ with a baseline commit on ${result.branch}.${first ? ` Edit ${toEdit.join(', ')}.` : ''}`
    : `${id} is already started in labs/${id}/ (unchanged).`;
  const action = first ? `Open ${path.basename(first)}` : undefined;
  void vscode.window.showInformationMessage(summary, ...(action ? [action] : []), 'Show Lab Spec').then((pick) => {
    if (pick === action) void vscode.window.showTextDocument(vscode.Uri.file(path.join(result.dir, first)));
    if (pick === 'Show Lab Spec') void vscode.commands.executeCommand('breakfix.showLabSpec', id);
  });

  function fail(err: unknown): void {
    reportError(ctx, `Starting lab ${id}`, err);
  }
};
