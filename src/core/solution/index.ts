// The reference solution: viewable after a pass, or after every hint with the learner's confirmation
// (recorded). It is one patch against the baseline, solution/fix.patch, so it shows only the fix;
// solution/README.md explains it. The one home of "what are the solution's files".
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { patchedTexts, textsUnder } from '../labs/patch';
import type { LabEntry } from '../labs/types';
import { labEntry, updateProgress } from '../progress/store';
import { hasPassed, type LabProgress, type SolutionReason } from '../progress/types';

export interface SolutionAccess {
  allowed: boolean;
  /** 'locked': neither passed nor every hint revealed. 'all-hints' needs a confirmation before it is shown. */
  reason: SolutionReason | 'locked';
  message: string;
}

export function solutionAccess(entry: LabEntry, lab: LabProgress | undefined): SolutionAccess {
  const id = entry.lab.id;
  if (hasPassed(lab)) return { allowed: true, reason: 'passed', message: `${id} passed: the reference solution is yours to compare.` };
  const total = entry.lab.hints.length;
  const seen = Math.min(lab?.hintsRevealed ?? 0, total);
  if (seen >= total) {
    return {
      allowed: true,
      reason: 'all-hints',
      message: `${id} has not passed yet, but all ${total} hints are revealed. Viewing the reference solution now is recorded in your progress.`,
    };
  }
  return {
    allowed: false,
    reason: 'locked',
    message: `The reference solution of ${id} unlocks when \`breakfix check ${id}\` passes, or after all ${total} hints (${seen} revealed so far: \`breakfix hint ${id}\`).`,
  };
}

/** The solution's patch, relative to the lab. */
export const SOLUTION_PATCH = 'solution/fix.patch';

/**
 * The reference fix: each file the solution patch writes (relative to the lab) with its text, the patch
 * applied to the lab's own files. Empty when the lab has no solution patch; a PatchError when it no longer
 * applies (lint names it).
 */
export function solutionTexts(entry: LabEntry): Map<string, string> {
  const patch = join(entry.dir, SOLUTION_PATCH);
  if (!existsSync(patch)) return new Map();
  return patchedTexts(patch, textsUnder(entry.dir), 'the baseline');
}

/** Files of the reference fix, relative to the lab folder, sorted. */
export function solutionFiles(entry: LabEntry): string[] {
  return [...solutionTexts(entry).keys()].sort();
}

/** Path of the lab's solution/README.md (the explanation of the fix). */
export function solutionReadme(entry: LabEntry): string {
  return join(entry.dir, 'solution', 'README.md');
}

/** Records the first viewing (later views keep the first time and reason). */
export async function recordSolutionView(workspaceDir: string, labId: string, reason: SolutionReason): Promise<void> {
  await updateProgress(workspaceDir, (progress, now) => {
    const lab = labEntry(progress, labId, now);
    lab.solutionViewed ??= { at: now, reason };
  });
}
