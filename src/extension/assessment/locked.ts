// Refusals of what an assessment locks (the rule itself is the core's: core/assessment/locks.ts).
import * as vscode from 'vscode';
import type { LockedFeature } from '../../core/assessment/locks';
import { loadCore } from '../core';
import type { Ctx } from '../ctx';
import { FOCUS_ASSESSMENT_VIEW } from './statusBar';

/** Shows the lock message; the action shows the Assessment view. */
export function showLocked(title: string, message: string): void {
  const show = 'Show Assessment';
  void vscode.window.showWarningMessage(`${title}: ${message}`, show).then((pick) => {
    if (pick === show) void vscode.commands.executeCommand(FOCUS_ASSESSMENT_VIEW);
  });
}

/**
 * True when `feature` of the lab is locked by the running assessment: then the refusal is shown and
 * recorded in the assessment's timeline. False (go on) otherwise, or without a workspace.
 */
export async function refusedByAssessment(ctx: Ctx, title: string, labId: string, feature: LockedFeature): Promise<boolean> {
  const ws = ctx.workspaceDir;
  if (!ws) return false;
  const message = await loadCore().refuseIfLocked(ws, labId, feature);
  if (!message) return false;
  ctx.log.info(`${title} ${labId}: refused, the assessment locks ${feature}`);
  showLocked(title, message);
  return true;
}
