// The learner's workspace folder: labs are copied into it, progress and writeups live in it.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

/** The first workspace folder; without one, says what needs it and offers to open a folder. */
export function requireWorkspace(ctx: Ctx, what: string, needs: string): string | undefined {
  const ws = ctx.workspaceDir;
  if (ws) return ws;
  void vscode.window.showWarningMessage(`${what}: open a folder first; ${needs}.`, 'Open Folder').then((pick) => {
    if (pick) void vscode.commands.executeCommand('workbench.action.files.openFolder');
  });
  return undefined;
}

/** "1 file" / "3 files". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
