// Hints are revealed one at a time, in lab.yaml order; the store remembers how many were shown.
import { labEntry, openProgress, updateProgress } from './store';

export interface HintReveal {
  /** The hints revealed so far, in order (all of them once every hint is out). */
  shown: string[];
  total: number;
  /** True when this call revealed a new hint (the last of `shown`). */
  revealedNew: boolean;
  warnings: string[];
}

export async function revealNextHint(workspaceDir: string, labId: string, hints: readonly string[]): Promise<HintReveal> {
  const total = hints.length;
  const before = await openProgress(workspaceDir);
  const seen = Math.min(before.progress.labs[labId]?.hintsRevealed ?? 0, total);
  if (seen >= total) return { shown: hints.slice(0, total), total, revealedNew: false, warnings: before.warnings };
  const { result, warnings } = await updateProgress(workspaceDir, (progress, now) => {
    const lab = labEntry(progress, labId, now);
    lab.startedAt ??= now;
    lab.hintsRevealed = Math.min(lab.hintsRevealed, total - 1) + 1;
    return lab.hintsRevealed;
  });
  return { shown: hints.slice(0, result), total, revealedNew: true, warnings: [...before.warnings, ...warnings] };
}
