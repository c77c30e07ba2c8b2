// Commits of the learner's lab folder only: a pathspec commit, so other staged or unstaged changes in
// the repo stay exactly as they are.
import { simpleGit, type SimpleGit } from 'simple-git';

/**
 * Stages and commits only `rel` (one path or several). Without changes under them: no commit (undefined), or with
 * `allowEmpty` an empty commit (an attempt with no new edits is still an attempt). Returns the commit.
 */
export async function commitPath(git: SimpleGit, workspaceDir: string, rel: string | string[], message: string, opts: { allowEmpty?: boolean } = {}): Promise<string | undefined> {
  const paths = typeof rel === 'string' ? [rel] : rel;
  await git.raw(['add', '--all', '--', ...paths]);
  const staged = (await git.raw(['diff', '--cached', '--name-only', '--', ...paths])).trim();
  if (!staged && !opts.allowEmpty) return undefined;
  // A commit needs an identity: supply one for this command only when git config has none (GIT_* env vars still win).
  const config: string[] = [];
  if (!(await git.getConfig('user.name')).value) config.push('user.name=Break/Fix Labs');
  if (!(await git.getConfig('user.email')).value) config.push('user.email=breakfix@localhost');
  const committer = config.length ? simpleGit({ baseDir: workspaceDir, config }) : git;
  // `--only` without paths and with --allow-empty: an empty commit that takes nothing staged for other paths.
  await committer.raw(['commit', '-m', message, '--only', ...(staged ? ['--', ...paths] : ['--allow-empty'])]);
  return (await git.revparse(['HEAD'])).trim();
}
