// The landing of `npm start`: on the first open of a learner workspace (one holding LEARNER_MARKER,
// written by scripts/start.sh), show the Break/Fix Labs view and the "Get started" walkthrough, so a
// newcomer sees the labs without clicking anything. Neither VS Code nor code-server has a setting
// for either (the active view and open walkthroughs are per-window UI state, kept in the browser for
// code-server), so the extension does it. package.json's `workspaceContains:<marker>` activation
// event starts the extension in such a workspace only; everywhere else activation stays lazy.
// Part of dist/extension.js: no app or core chunk, only a stat of one file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

/** Relative to the workspace folder. Keep in sync with package.json's activationEvents and scripts/start.sh. */
export const LEARNER_MARKER = '.breakfix/workspace.json';
export const WALKTHROUGH_ID = 'breakfix.breakfix-labs#breakfix.getStarted';
const LANDED_KEY = 'breakfix.landed';

/** Once per workspace (workspaceState): reveals the Labs view and opens the walkthrough in a learner workspace. */
export function landInLearnerWorkspace(context: vscode.ExtensionContext): void {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return;
  if (context.workspaceState.get<boolean>(LANDED_KEY)) return;
  if (!existsSync(join(folder.uri.fsPath, LEARNER_MARKER))) return;
  void context.workspaceState.update(LANDED_KEY, true);
  void Promise.resolve(vscode.commands.executeCommand('workbench.view.extension.breakfix'))
    .then(() => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false))
    .then(undefined, () => undefined); // a landing that cannot show is no error: the activity bar item is there
}
