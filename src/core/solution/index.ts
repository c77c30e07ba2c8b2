// The reference solution: viewable after a pass, or after every hint with the learner's confirmation
// (recorded). Its files are the lab's solution/ overlay; solution/README.md explains it.
import { join } from 'node:path';
import type { LabEntry } from '../labs/types';
import { labEntry, updateProgress } from '../progress/store';
import { hasPassed, type LabProgress, type SolutionReason } from '../progress/types';
import { isFolder, listLabFiles } from '../workspace/labFiles';

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

/** Files of the reference fix, relative to the lab folder (solution/README.md, the explanation, excluded). */
export function solutionFiles(entry: LabEntry): string[] {
  const dir = join(entry.dir, 'solution');
  return isFolder(dir) ? listLabFiles(dir).filter((f) => f !== 'README.md') : [];
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
