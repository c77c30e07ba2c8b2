// Which of a lab's files are the learner's: lab.yaml `learnerFiles`, globs relative to the lab folder.
// A file is the learner's when it matches a pattern and no `!` pattern:
//   learnerFiles: [services/worker/src/*.js, '!services/worker/src/index.js']
// A check runs exactly these files from the learner's copy; every other file comes from the lab itself.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import type { LabEntry } from './types';

export type FileMatcher = (rel: string) => boolean;

/** A matcher for paths relative to the lab folder, with `/` separators. */
export function learnerFileMatcher(patterns: string[]): FileMatcher {
  const opts = { dot: true };
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const yes = include.length ? picomatch(include, opts) : () => false;
  const no = exclude.length ? picomatch(exclude, opts) : () => false;
  return (rel) => {
    const path = rel.split('\\').join('/');
    return yes(path) && !no(path);
  };
}

/** Does the pattern name more than one literal path (`*`, `?`, `[…]`, `{…}`)? */
export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern.replace(/^!/, '')).isGlob;
}

/** The lab's own files that are the learner's to edit, relative to the lab folder. */
export function labLearnerFiles(entry: LabEntry): string[] {
  return listLabFiles(entry.dir).filter(learnerFileMatcher(entry.lab.learnerFiles));
}

/** The learner's files among `files` (paths relative to the lab folder). */
export function learnerFilesAmong(patterns: string[], files: string[]): string[] {
  const isLearner = learnerFileMatcher(patterns);
  return files.filter(isLearner);
}

/** Top-level folders the learner must not see (the reference solution, the proof mutants). */
const SKIP_TOP = new Set(['solution', 'mutants']);
/** Top-level files that are the lab's bookkeeping, not part of its stack: the proof ledger. */
const SKIP_TOP_FILES = new Set(['proof.json']);
/** Top-level files the learner must not see: the assessment (its known root cause). Proofs keep them listed. */
const SKIP_TOP_ASSESSOR = new Set(['assessment.yaml']);
/** Folders skipped at any depth: installs, breakfix state, git data. */
const SKIP_ANY = new Set(['node_modules', '.breakfix', '.git']);

/**
 * Relative paths (with `/`) of the files under `root`, sorted, without the skipped folders. `withProof`
 * keeps the solution, the mutants and the assessment (the lab's own side); the ledger is never listed.
 */
export function listLabFiles(root: string, opts: { withProof?: boolean } = {}): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const path = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        if (SKIP_ANY.has(d.name) || (!rel && !opts.withProof && SKIP_TOP.has(d.name))) continue;
        walk(join(dir, d.name), path);
      } else if (d.isFile() && !(!rel && (SKIP_TOP_FILES.has(d.name) || (!opts.withProof && SKIP_TOP_ASSESSOR.has(d.name))))) out.push(path);
    }
  };
  walk(root, '');
  return out.sort();
}
