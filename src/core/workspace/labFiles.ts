// The learner's copy of a lab: which bundled files it gets, and how a copy differs from the bundle.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Top-level folders the learner must not see (the reference solution, the proof mutants). */
const SKIP_TOP = new Set(['solution', 'mutants']);
/** Folders skipped at any depth: installs, breakfix state, git data. */
const SKIP_ANY = new Set(['node_modules', '.breakfix', '.git']);

/** Relative paths (with `/`) of the files under `root`, sorted, without the skipped folders. */
export function listLabFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const path = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        if (SKIP_ANY.has(d.name) || (!rel && SKIP_TOP.has(d.name))) continue;
        walk(join(dir, d.name), path);
      } else if (d.isFile()) out.push(path);
    }
  };
  walk(root, '');
  return out.sort();
}

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
