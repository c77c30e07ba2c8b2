// Each checker run of a started lab is a commit of the lab's folder: "attempt N: <verdict>".
import { simpleGit } from 'simple-git';
import { baselineCommit } from './baseline';
import { commitPath } from './gitCommit';
import { isFolder } from './labFiles';
import { labCopyDir, labCopyRel } from './paths';

/**
 * Commits <workspace>/labs/<id>/ as attempt `n` (empty when unchanged). Undefined when there is no copy, no git
 * repo, or no baseline commit of the lab (never commit into a repo where the lab was not started, such as
 * the product's own source tree).
 */
export async function commitAttempt(workspaceDir: string, labId: string, n: number, verdict: string): Promise<string | undefined> {
  const rel = labCopyRel(labId);
  if (!isFolder(labCopyDir(workspaceDir, labId))) return undefined;
  const git = simpleGit({ baseDir: workspaceDir });
  if (!(await git.checkIsRepo()) || !(await baselineCommit(workspaceDir, labId))) return undefined;
  return commitPath(git, workspaceDir, rel, `attempt ${n}: ${verdict}`, { allowEmpty: true });
}
