// Notes and the mistake log (the notes tagged with a mistake; derived, so it cannot drift from the notes).
import type { LockOptions } from './fileLock';
import { labEntry, updateProgress, type ProgressUpdate } from './store';
import { isMistakeTag, tagProblem } from './tags';
import type { LabProgress, Note } from './types';

/** Appends a note to the lab. Throws on empty text or an unknown tag (check with tagProblem first for a usage error). `lock.onWait` hears a long wait. */
export async function addNote(workspaceDir: string, labId: string, text: string, tags: readonly string[] = [], lock?: LockOptions): Promise<ProgressUpdate<{ note: Note; count: number }>> {
  if (!text.trim()) throw new Error('the note is empty: write it as the second argument, in quotes.');
  const problem = tagProblem(tags);
  if (problem) throw new Error(problem);
  return updateProgress(workspaceDir, (progress, now) => {
    const lab = labEntry(progress, labId, now);
    lab.startedAt ??= now;
    const note: Note = { text, tags: [...new Set(tags)], at: now };
    lab.notes.push(note);
    return { note, count: lab.notes.length };
  }, lock);
}

export function mistakeLog(lab: LabProgress | undefined): Note[] {
  return lab?.notes.filter((n) => n.tags.some(isMistakeTag)) ?? [];
}
