// Workspace Trust gate. A lab stack builds and runs code from the workspace, so in
// Restricted Mode nothing calls Docker or Compose. Every Docker-touching path asks here.
import * as vscode from 'vscode';

export const MANAGE_TRUST = 'Manage Workspace Trust';
export const RESTRICTED_REASON =
  'Docker is disabled in Restricted Mode: a lab stack builds and runs code from this workspace, which is not trusted.';

/** True when Docker and Compose may be used. Silent: for pollers. */
export function dockerAllowed(): boolean {
  return vscode.workspace.isTrusted;
}

/** For commands: when Docker may not be used, tells the user why and returns false. */
export function requireDocker(what: string): boolean {
  if (dockerAllowed()) return true;
  void vscode.window
    .showWarningMessage(`${what}: ${RESTRICTED_REASON} Trust the workspace to use Docker.`, MANAGE_TRUST)
    .then((pick) => {
      if (pick === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}

/** For commands that write the workspace with git (Start Lab, Reset Lab, Open Writeup): refuses in Restricted Mode, saying why. */
export function requireTrust(what: string, why: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(`${what} is disabled in Restricted Mode: it ${why}, and this workspace is not trusted. Trust the workspace to use it.`, MANAGE_TRUST)
    .then((pick) => {
      if (pick === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
