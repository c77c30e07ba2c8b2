// One row per catalogue lab for `breakfix progress`: status, attempts, best verdict, hints, notes.
import type { LabEntry } from '../labs/types';
import { mistakeLog } from './notes';
import type { LabProgressStatus, ProgressFile, Verdict } from './types';

export interface ProgressRow {
  id: string;
  title: string;
  level: string;
  status: LabProgressStatus;
  attempts: number;
  best: Verdict | null;
  bestReport: string | null;
  hintsRevealed: number;
  hintsTotal: number;
  notes: number;
  mistakes: number;
  updatedAt: string | null;
}

export function progressRows(labs: readonly LabEntry[], progress: ProgressFile): ProgressRow[] {
  return labs.map(({ lab }) => {
    const p = progress.labs[lab.id];
    return {
      id: lab.id,
      title: lab.title,
      level: lab.level,
      status: p?.status ?? 'not-started',
      attempts: p?.attempts.length ?? 0,
      best: p?.best?.verdict ?? null,
      bestReport: p?.best?.report ?? null,
      hintsRevealed: Math.min(p?.hintsRevealed ?? 0, lab.hints.length),
      hintsTotal: lab.hints.length,
      notes: p?.notes.length ?? 0,
      mistakes: mistakeLog(p).length,
      updatedAt: p?.updatedAt ?? null,
    };
  });
}
