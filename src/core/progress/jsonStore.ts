// A JSON file that survives crashes and corruption: the one home of that rule, used by the progress store
// (.breakfix/progress.json) and the assessment record (.breakfix/assessment.json). Readers read without
// locking (writes are atomic renames); every change is a read-modify-write under <file>.lock. A file that
// does not parse or validate is never dropped: it is moved to <file>.corrupt-<time> and a fresh one starts.
import { statSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic, sweepTemps } from './atomicWrite';
import { withFileLock, type LockOptions } from './fileLock';

export interface JsonStoreSpec<T> {
  /** What the file holds, for messages: "progress store", "assessment record". */
  what: string;
  /** The value of a missing file (and of a corrupt one, after it is moved aside). */
  empty(): T;
  /** Problems of a parsed value; none means it is a T. */
  problems(data: unknown): string[];
}

export interface JsonRead<T> {
  value: T;
  /** Human-readable warnings (a corrupt file moved aside, or found and left in place by a read-only read). */
  warnings: string[];
}

export interface JsonUpdate<T, R> extends JsonRead<T> {
  result: R;
}

/** Read-only: never renames or writes. A missing file reads as empty; a corrupt one too, with a warning. */
export async function readJsonStore<T>(file: string, spec: JsonStoreSpec<T>): Promise<JsonRead<T>> {
  const read = parse(await readText(file), spec);
  if ('value' in read) return { value: read.value, warnings: [] };
  return { value: spec.empty(), warnings: [`${file} is unreadable (${read.problem}); it will be moved aside on the next change.`] };
}

/** Read-modify-write under the lock. `mutate` changes the value in place; the result is written atomically. */
export function updateJsonStore<T, R>(file: string, spec: JsonStoreSpec<T>, mutate: (value: T, now: string) => R, opts?: LockOptions): Promise<JsonUpdate<T, R>> {
  return transact(file, spec, (value, now) => ({ value, result: mutate(value, now) }), opts);
}

/** Under the lock, replaces the value with `next(old)`; the old value is what `next` gets, never lost silently. */
export async function replaceJsonStore<T>(file: string, spec: JsonStoreSpec<T>, next: (old: T, now: string) => T, opts?: LockOptions): Promise<JsonRead<T>> {
  const { value, warnings } = await transact(file, spec, (old, now) => ({ value: next(old, now), result: undefined }), opts);
  return { value, warnings };
}

async function transact<T, R>(file: string, spec: JsonStoreSpec<T>, change: (value: T, now: string) => { value: T; result: R }, opts?: LockOptions): Promise<JsonUpdate<T, R>> {
  await mkdir(dirname(file), { recursive: true });
  return withFileLock(
    `${file}.lock`,
    async () => {
      await sweepTemps(file, opts?.staleMs ?? 30_000);
      const warnings: string[] = [];
      const read = parse(await readText(file), spec);
      let current: T;
      if ('value' in read) current = read.value;
      else {
        const moved = await quarantine(file);
        warnings.push(`${file} was unreadable (${read.problem}). It was moved to ${moved} and a fresh ${spec.what} was started; what it held is in that file.`);
        current = spec.empty();
      }
      const { value, result } = change(current, new Date().toISOString());
      await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
      return { result, value, warnings };
    },
    opts,
  );
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parse<T>(text: string | undefined, spec: JsonStoreSpec<T>): { value: T } | { problem: string } {
  if (text === undefined) return { value: spec.empty() };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { problem: `not valid JSON: ${(err as Error).message}` };
  }
  const problems = spec.problems(data);
  if (!problems.length) return { value: data as T };
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
