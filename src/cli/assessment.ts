// What every CLI command owes a running assessment: refusing the locked features, and noting the
// candidate's actions in its timeline. Both are no-ops when no assessment runs in the workspace.
import { refuseIfLocked, type LockedFeature } from '../core/assessment/locks';
import { logEvent } from '../core/assessment/record';
import type { AssessmentEventKind } from '../core/assessment/types';
import { resolve } from 'node:path';
import type { CliContext } from './context';

const workspaceOf = (ctx: CliContext) => resolve(typeof ctx.flags.workspace === 'string' ? ctx.flags.workspace : process.cwd());

/** True (after saying why on stderr) when `feature` of `labId` is locked by a running assessment. */
export async function lockedNow(ctx: CliContext, labId: string, feature: LockedFeature): Promise<boolean> {
  const message = await refuseIfLocked(workspaceOf(ctx), labId, feature).catch(() => undefined);
  if (message) ctx.err(message);
  return !!message;
}

/** Adds a line to the running assessment's timeline (never fails the command). */
export async function noteAction(ctx: CliContext, kind: AssessmentEventKind, detail: string): Promise<void> {
  await logEvent(workspaceOf(ctx), kind, detail).catch(() => undefined);
}
