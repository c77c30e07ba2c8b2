// Which lab to do next: an unfinished lab you started (most recently touched first), else the easiest
// lab you have not started (beginner < intermediate < advanced, then catalogue order), else none.
import { LEVELS, type Level } from '../labs/types';
import type { LabProgress, ProgressFile } from './types';

export interface LabRef {
  id: string;
  title: string;
  level: Level;
}

export type NextSuggestion =
  | { kind: 'continue'; lab: LabRef; progress: LabProgress }
  | { kind: 'start'; lab: LabRef }
  | { kind: 'done'; finished: number }
  | { kind: 'no-labs' };

export const isFinished = (p: LabProgress | undefined) => p?.status === 'fixed' || p?.status === 'written-up';

/** Started: the stack ran, a check ran, or a hint or note was recorded (startedAt), and not yet passed. */
export const isInProgress = (p: LabProgress | undefined): p is LabProgress =>
  !!p && !isFinished(p) && (p.status === 'running' || p.status === 'broken' || p.startedAt !== undefined || p.attempts.length > 0);

export function suggestNext(labs: readonly LabRef[], progress: ProgressFile): NextSuggestion {
  if (!labs.length) return { kind: 'no-labs' };
  const started = labs
    .filter((l) => isInProgress(progress.labs[l.id]))
    .sort((a, b) => progress.labs[b.id].updatedAt.localeCompare(progress.labs[a.id].updatedAt));
  if (started.length) return { kind: 'continue', lab: started[0], progress: progress.labs[started[0].id] };
  const fresh = labs.filter((l) => !isFinished(progress.labs[l.id]));
  const easiest = [...fresh].sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level))[0];
  if (easiest) return { kind: 'start', lab: easiest };
  return { kind: 'done', finished: labs.length };
}
