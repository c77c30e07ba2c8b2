// The learner's copy of a lab: which bundled files it gets, and how a copy differs from the bundle.
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listLabFiles } from '../labs/learnerFiles';

// Its home is labs/learnerFiles.ts (the catalogue needs it too).
export { listLabFiles };

export interface CopyDiff {
  changed: string[];
  added: string[];
  missing: string[];
}

/** How `copy` differs from the bundle `src`, file by file (content only). */
export function diffLabCopy(src: string, copy: string): CopyDiff {
  const bundled = listLabFiles(src);
  const present = new Set(listLabFiles(copy));
  const diff: CopyDiff = { changed: [], added: [], missing: [] };
  for (const f of bundled) {
    if (!present.delete(f)) diff.missing.push(f);
    else if (!readFileSync(join(src, f)).equals(readFileSync(join(copy, f)))) diff.changed.push(f);
  }
  diff.added = [...present].sort();
  return diff;
}

export function copyLabFiles(src: string, dest: string): number {
  const files = listLabFiles(src);
  for (const f of files) {
    const to = join(dest, f);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(src, f), to);
  }
  if (!files.length) mkdirSync(dest, { recursive: true });
  return files.length;
}

export function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
