// Keeps the learner's state (.breakfix/: progress, run reports, build hashes) out of their git history, so
// that a `git add -A` of their own never commits it. Attempt commits take only labs/<id>/ anyway
// (gitCommit.ts); this is for the learner's own commits.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { SimpleGit } from 'simple-git';

/** Where the ignore rule was written: the workspace's .gitignore (committed with the baseline), git's local exclude file, or nowhere (already ignored). */
export type StateIgnore = '.gitignore' | 'info/exclude' | undefined;

const RULE = '.breakfix/';
const COMMENT = '# Break/Fix Labs: progress, run reports and build hashes (never committed)';

/**
 * In a repo that Break/Fix just created, `.breakfix/` goes into the workspace's .gitignore (the caller
 * commits it with the baseline). In the learner's own repo, their files are left alone: the rule goes into
 * `.git/info/exclude`, which is local to this clone and never committed. Nothing when git already ignores it.
 */
export async function ignoreStateDir(git: SimpleGit, workspaceDir: string, ownRepo: boolean): Promise<StateIgnore> {
  // check-ignore prints the path when it is ignored, nothing (exit 1) when not.
  const ignored = await git.raw(['check-ignore', '--no-index', RULE]).then(
    (out) => out.trim() !== '',
    () => false,
  );
  if (ignored) return undefined;
  if (ownRepo) {
    const file = join(workspaceDir, '.gitignore');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    writeFileSync(file, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${COMMENT}\n${RULE}\n`);
    return '.gitignore';
  }
  const rel = (await git.raw(['rev-parse', '--git-path', 'info/exclude'])).trim();
  const file = isAbsolute(rel) ? rel : join(workspaceDir, rel);
  mkdirSync(dirname(file), { recursive: true });
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  // Patterns there are relative to the repo's root; --show-prefix is the workspace's path in it ("" or "sub/dir/").
  const prefix = (await git.raw(['rev-parse', '--show-prefix'])).trim();
  appendFileSync(file, `${text && !text.endsWith('\n') ? '\n' : ''}${COMMENT}\n/${prefix}${RULE}\n`);
  return 'info/exclude';
}
