// The baseline of a started lab: the commit `breakfix start` made of the bundled files, and reading
// a file as it was there (for "Compare with baseline" and the writeup's diff stat).
import { simpleGit } from 'simple-git';
import { isFolder } from './labFiles';
import { labCopyDir, labCopyRel } from './paths';

export const baselineMessage = (labId: string) => `breakfix: start ${labId} (baseline)`;

/** The newest baseline commit of the lab reachable from HEAD; undefined without a repo or a started lab. */
export async function baselineCommit(workspaceDir: string, labId: string): Promise<string | undefined> {
  if (!isFolder(labCopyDir(workspaceDir, labId))) return undefined;
  const git = simpleGit({ baseDir: workspaceDir });
  if (!(await git.checkIsRepo())) return undefined;
  const out = await git.raw(['log', '-n', '1', '--format=%H', '--fixed-strings', `--grep=${baselineMessage(labId)}`, 'HEAD']).catch(() => '');
  return out.trim() || undefined;
}

/**
 * A file of the lab (`rel` inside labs/<id>/) as committed in the baseline, or in commit `at` (an attempt's);
 * undefined when it was not there.
 */
export async function baselineFileText(workspaceDir: string, labId: string, rel: string, at?: string): Promise<string | undefined> {
  const commit = at ?? (await baselineCommit(workspaceDir, labId));
  if (!commit) return undefined;
  const path = `${labCopyRel(labId)}/${rel.replace(/\\/g, '/')}`;
  try {
    return await simpleGit({ baseDir: workspaceDir }).show([`${commit}:${path}`]);
  } catch {
    return undefined;
  }
}

/** `git diff --stat` of the lab's folder from the baseline to `to` (a commit; the working tree when omitted). */
export async function diffStatFromBaseline(workspaceDir: string, labId: string, to?: string): Promise<string | undefined> {
  const commit = await baselineCommit(workspaceDir, labId);
  if (!commit) return undefined;
  const args = ['diff', '--stat=100', commit, ...(to ? [to] : []), '--', labCopyRel(labId)];
  return (await simpleGit({ baseDir: workspaceDir }).raw(args)).trimEnd();
}

/** The lab's files (relative to labs/<id>/) that differ between the baseline and commit `to`. */
export async function changedSinceBaseline(workspaceDir: string, labId: string, to: string): Promise<string[]> {
  const commit = await baselineCommit(workspaceDir, labId);
  if (!commit) return [];
  const out = await simpleGit({ baseDir: workspaceDir }).raw(['diff', '--name-only', commit, to, '--', labCopyRel(labId)]);
  return out.split('\n').filter(Boolean).map((f) => f.slice(`${labCopyRel(labId)}/`.length));
}
