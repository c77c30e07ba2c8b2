// The "Get started" walkthrough (package.json contributes.walkthroughs): each step completes on a
// context key `breakfix.walkthrough.<key>`, set only when the real thing happened (never on a click).
import * as vscode from 'vscode';
import { hasPassed, type ProgressFile } from '../core/progress/types';

export const WALKTHROUGH_KEYS = ['doctor', 'started', 'broken', 'dashboard', 'fix', 'checked', 'fixed', 'writtenUp'] as const;
export type WalkthroughKey = (typeof WALKTHROUGH_KEYS)[number];

export const walkthroughContextKey = (key: WalkthroughKey): string => `breakfix.walkthrough.${key}`;

/** Marks a step done for this window. VS Code remembers completed steps itself. */
export function completeStep(key: WalkthroughKey): void {
  void vscode.commands.executeCommand('setContext', walkthroughContextKey(key), true);
}

/** The steps the progress store (and the started lab folders) prove happened. */
export function keysFromProgress(progress: ProgressFile | undefined, startedLabs: Iterable<string> = []): WalkthroughKey[] {
  const labs = Object.values(progress?.labs ?? {});
  const keys = new Set<WalkthroughKey>();
  if ([...startedLabs].length || labs.some((l) => l.status !== 'not-started')) keys.add('started');
  if (labs.some((l) => l.attempts.length > 0)) keys.add('checked');
  if (labs.some(hasPassed)) keys.add('fixed');
  if (labs.some((l) => l.status === 'written-up')) keys.add('writtenUp');
  return WALKTHROUGH_KEYS.filter((k) => keys.has(k));
}
