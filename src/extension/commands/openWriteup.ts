// breakfix.openWriteup: the lab's postmortem (writeups/<lab>.md), created on first open from the lab's
// template with the measured evidence, opened in an editor with its Markdown preview beside it.
// Locked until the lab's checker passes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadCore } from '../core';
import { reportError } from '../errors';
import { hasPassed, writeupFile } from '../tree/learnerNodes';
import { requireTrust } from '../trust';
import { requireWorkspace } from '../workspace';
import { writeupLab } from '../writeupTarget';
import type { CommandFactory } from './types';

const TITLE = 'Open Writeup';

export const openWriteup: CommandFactory = (ctx) => async (arg) => {
  const ws = requireWorkspace(ctx, TITLE, 'writeups are kept in its writeups/ folder');
  if (!ws) return;
  const entry = await writeupLab(ctx, arg, TITLE);
  if (!entry) return;
  const id = entry.lab.id;
  await ctx.refreshProgress();
  const lab = ctx.state.progress?.labs[id];
  if (!hasPassed(lab)) {
    const last = lab?.attempts.at(-1);
    const tried = last ? ` Your last attempt (${last.n}) ${last.verdict === 'fail' ? `failed ${last.failed.join(', ')}` : 'ended in an error'}.` : ' No checker run yet.';
    void vscode.window.showWarningMessage(`The writeup of ${id} is locked until Run Check passes.${tried}`, 'Run Check', 'Reveal Hint').then((pick) => {
      if (pick === 'Run Check') void vscode.commands.executeCommand('breakfix.runCheck', id);
      if (pick === 'Reveal Hint') void vscode.commands.executeCommand('breakfix.revealHint', id);
    });
    return;
  }
  let file = writeupFile(ws, id);
  // Creating or refreshing the evidence runs git (the diff of your fix): trusted workspaces only.
  if (vscode.workspace.isTrusted || !fs.existsSync(file)) {
    if (!requireTrust(TITLE, 'writes the writeup with the diff of your fix from git')) return;
    try {
      const r = await loadCore().createWriteup(entry, ws);
      for (const w of r.warnings) ctx.log.warn(w);
      file = r.file;
      ctx.log.info(`Writeup of ${id}: ${r.created ? 'created' : 'evidence refreshed in'} ${file}`);
      if (r.created) {
        void vscode.window.showInformationMessage(`Created writeups/${path.basename(file)} with your measured evidence. Write each section, then run Validate Writeup.`, 'Validate Writeup').then((pick) => {
          if (pick) void vscode.commands.executeCommand('breakfix.validateWriteup', id);
        });
      }
    } catch (err) {
      reportError(ctx, `Opening the writeup of ${id}`, err);
      return;
    }
  }
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  await ctx.refreshProgress();
};
