// The progress store: <workspace>/.breakfix/progress.json, a crash- and corruption-safe JSON store
// (jsonStore.ts): lock-free reads, locked atomic writes, a corrupt file moved aside, never dropped. A bad
// entry of a mistake log is set aside on its own (mistakes.ts), so it never costs the rest of the file.
import { progressPath } from '../workspace/paths';
import type { LockOptions } from './fileLock';
import { readJsonStore, updateJsonStore, type JsonStoreSpec } from './jsonStore';
import { emptyLabProgress, emptyProgress, type LabProgress, type ProgressFile } from './types';
import { progressProblems } from './validate';
import { salvageMistakes } from './mistakes';

export interface ProgressRead {
  progress: ProgressFile;
  /** Human-readable warnings (a corrupt file moved aside, or found and left in place by a read-only read). */
  warnings: string[];
}

export interface ProgressUpdate<T> extends ProgressRead {
  result: T;
}


const SPEC: JsonStoreSpec<ProgressFile> = { what: 'progress store', empty: emptyProgress, problems: progressProblems };

/** Read-only: never renames or writes. A missing file is an empty store; a corrupt one reads as empty, with a warning. */
export async function readProgress(workspaceDir: string): Promise<ProgressRead> {
  const { value, warnings } = await readJsonStore(progressPath(workspaceDir), SPEC);
  return { progress: value, warnings: [...warnings, ...salvageMistakes(value, true)] };
}

/** Reads the store, first moving a corrupt file aside (under the lock) so the warning names both files. */
export async function openProgress(workspaceDir: string, opts?: LockOptions): Promise<ProgressRead> {
  const read = await readProgress(workspaceDir);
  if (!read.warnings.length) return read;
  const { progress, warnings } = await updateProgress(workspaceDir, () => undefined, opts);
  return { progress, warnings };
}

/** Read-modify-write under the lock. `mutate` changes `progress` in place; the result is written atomically. */
export async function updateProgress<T>(workspaceDir: string, mutate: (progress: ProgressFile, now: string) => T, opts?: LockOptions): Promise<ProgressUpdate<T>> {
  const salvaged: string[] = [];
  const { value, warnings, result } = await updateJsonStore(
    progressPath(workspaceDir),
    SPEC,
    (progress, now) => {
      salvaged.push(...salvageMistakes(progress));
      return mutate(progress, now);
    },
    opts,
  );
  return { progress: value, warnings: [...warnings, ...salvaged], result };
}

/** The lab's entry, created when missing; bumps updatedAt. For use inside `updateProgress`. */
export function labEntry(progress: ProgressFile, labId: string, now: string): LabProgress {
  const lab = (progress.labs[labId] ??= emptyLabProgress(now));
  lab.updatedAt = now;
  return lab;
}
