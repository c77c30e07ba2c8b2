// Reset Lab: the learner's copy goes back to its baseline files. Notes, attempts and hints are kept.
import { rmSync } from 'node:fs';
import { simpleGit } from 'simple-git';
import type { LabEntry } from '../labs/types';
import { baselineCommit } from './baseline';
import { commitPath } from './gitCommit';
import { copyLabFiles, diffLabCopy, isFolder } from './labFiles';
import { labCopyDir, labCopyRel } from './paths';

export interface ResetLabResult {
  dir: string;
  /** Files that differed from the baseline and were restored or removed (relative to the lab folder). */
  restored: string[];
  /** Where the files came from: the baseline commit, or the bundled lab when there is no git history. */
  from: 'baseline-commit' | 'bundle';
  commit?: string;
}

/** Files of the learner's copy that differ from the bundled lab (what a reset would throw away). */
export function labEdits(entry: LabEntry, workspaceDir: string): string[] {
  const dir = labCopyDir(workspaceDir, entry.lab.id);
  if (!isFolder(dir)) return [];
  const d = diffLabCopy(entry.dir, dir);
  return [...d.changed, ...d.added, ...d.missing].sort();
}

export async function resetLab(entry: LabEntry, workspaceDir: string): Promise<ResetLabResult> {
  const id = entry.lab.id;
  const rel = labCopyRel(id);
  const dir = labCopyDir(workspaceDir, id);
  if (!isFolder(dir)) throw new Error(`${id} is not started in ${workspaceDir}: there is no ${rel}/ to reset. Run \`breakfix start ${id}\` first.`);
  const restored = labEdits(entry, workspaceDir);
  const baseline = await baselineCommit(workspaceDir, id);
  rmSync(dir, { recursive: true, force: true });
  if (!baseline) {
    copyLabFiles(entry.dir, dir);
    return { dir, restored, from: 'bundle' };
  }
  const git = simpleGit({ baseDir: workspaceDir });
  await git.raw(['checkout', baseline, '--', rel]);
  const commit = await commitPath(git, workspaceDir, rel, `breakfix: reset ${id} to the baseline`);
  return { dir, restored, from: 'baseline-commit', ...(commit ? { commit } : {}) };
}
