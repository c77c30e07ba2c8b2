// The progress store: <workspace>/.breakfix/progress.json. Readers read without locking (writes are
// atomic renames); every change is a read-modify-write under <file>.lock. A file that does not parse
// or validate is never dropped: it is moved to progress.json.corrupt-<time> and a fresh store starts.
import { statSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { progressPath, stateDir } from '../workspace/paths';
import { writeFileAtomic, sweepTemps } from './atomicWrite';
import { withFileLock, type LockOptions } from './fileLock';
import { emptyLabProgress, emptyProgress, type LabProgress, type ProgressFile } from './types';
import { progressProblems } from './validate';

export interface ProgressRead {
  progress: ProgressFile;
  /** Human-readable warnings (a corrupt file moved aside, or found and left in place by a read-only read). */
  warnings: string[];
}

export interface ProgressUpdate<T> extends ProgressRead {
  result: T;
}


/** Read-only: never renames or writes. A missing file is an empty store; a corrupt one reads as empty, with a warning. */
export async function readProgress(workspaceDir: string): Promise<ProgressRead> {
  const file = progressPath(workspaceDir);
  const read = parse(await readText(file));
  if ('progress' in read) return { progress: read.progress, warnings: [] };
  return { progress: emptyProgress(), warnings: [`${file} is unreadable (${read.problem}); it will be moved aside on the next change.`] };
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
  const file = progressPath(workspaceDir);
  await mkdir(stateDir(workspaceDir), { recursive: true });
  return withFileLock(
    `${file}.lock`,
    async () => {
      await sweepTemps(file, opts?.staleMs ?? 30_000);
      const warnings: string[] = [];
      const read = parse(await readText(file));
      let progress: ProgressFile;
      if ('progress' in read) progress = read.progress;
      else {
        const moved = await quarantine(file);
        warnings.push(`${file} was unreadable (${read.problem}). It was moved to ${moved} and a fresh progress store was started; your earlier progress is in that file.`);
        progress = emptyProgress();
      }
      const result = mutate(progress, new Date().toISOString());
      await writeFileAtomic(file, JSON.stringify(progress, null, 2) + '\n');
      return { result, progress, warnings };
    },
    opts,
  );
}

/** The lab's entry, created when missing; bumps updatedAt. For use inside `updateProgress`. */
export function labEntry(progress: ProgressFile, labId: string, now: string): LabProgress {
  const lab = (progress.labs[labId] ??= emptyLabProgress(now));
  lab.updatedAt = now;
  return lab;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parse(text: string | undefined): { progress: ProgressFile } | { problem: string } {
  if (text === undefined) return { progress: emptyProgress() };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { problem: `not valid JSON: ${(err as Error).message}` };
  }
  const problems = progressProblems(data);
  if (!problems.length) return { progress: data as ProgressFile };
  return { problem: problems.length > 3 ? `${problems.slice(0, 3).join('; ')}; and ${problems.length - 3} more` : problems.join('; ') };
}

/** Renames a corrupt file to <file>.corrupt-<time> (Windows-safe name, never over an existing one). */
async function quarantine(file: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let target = `${file}.corrupt-${stamp}`;
  for (let i = 1; statSync(target, { throwIfNoEntry: false }); i++) target = `${file}.corrupt-${stamp}-${i}`;
  await rename(file, target);
  return target;
}
