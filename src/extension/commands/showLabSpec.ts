// breakfix.showLabSpec: the lab's README.md in the Markdown preview. No Docker involved. While an
// assessment of the lab runs, the preview shows it without its acceptance signals (specText.ts).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { resolveLab } from '../pickLab';
import { acceptanceLock, specUri } from '../specText';
import type { CommandFactory } from './types';

export const showLabSpec: CommandFactory = (ctx) => async (arg) => {
  const entry = await resolveLab(ctx, arg, { title: 'Show Lab Spec' });
  if (!entry) return;
  if (!fs.existsSync(entry.readme)) {
    void vscode.window.showErrorMessage(`Show Lab Spec: ${entry.lab.id} has no README.md at ${entry.readme}.`);
    return;
  }
  const locked = await acceptanceLock(ctx, entry.lab.id);
  await vscode.commands.executeCommand('markdown.showPreview', locked ? specUri(entry.lab.id) : vscode.Uri.file(entry.readme));
};
