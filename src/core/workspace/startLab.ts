// `breakfix start`: copies a bundled lab (without solution/ and mutants/) into <workspace>/labs/<id>/ and
// commits that copy as the baseline on the branch breakfix/<id>. Other changes in the repo are left alone.
import { rmSync } from 'node:fs';
import { simpleGit, type SimpleGit } from 'simple-git';
import { baselineMessage } from './baseline';
import { commitPath } from './gitCommit';
import { ignoreStateDir, type StateIgnore } from './ignoreState';
import type { LabEntry } from '../labs/types';
import { labEntry, updateProgress } from '../progress/store';
import { copyLabFiles, diffLabCopy, isFolder, type CopyDiff } from './labFiles';
import { labCopyDir, labCopyRel } from './paths';

export interface StartLabOptions {
  /** Replace an existing copy that differs from the bundle (its uncommitted edits are lost). */
  overwrite?: boolean;
}

export interface StartLabResult {
  /** Absolute path of the learner's copy. */
  dir: string;
  /** False when the copy was already there and identical to the bundle ("already started"). */
  created: boolean;
  /** The baseline commit, when one was made by this call. */
  commit?: string;
  branch: string;
  /** True when the workspace was not in a git repo and `git init` was run. */
  initialised: boolean;
  /** Where `.breakfix/` was added to git's ignore rules by this call (ignoreState.ts), if anywhere. */
  ignoredState?: StateIgnore;
  warnings: string[];
}

/** The copy differs from the bundle and `overwrite` was not given; nothing was changed. */
export class StartRefusedError extends Error {
  constructor(
    message: string,
    readonly files: string[],
  ) {
    super(message);
  }
}

export async function startLab(entry: LabEntry, workspaceDir: string, opts: StartLabOptions = {}): Promise<StartLabResult> {
  const id = entry.lab.id;
  const rel = labCopyRel(id);
  const dir = labCopyDir(workspaceDir, id);
  const branch = `breakfix/${id}`;
  // Refuse before touching git, then again after the branch switch (which may bring in the branch's copy).
  if (!opts.overwrite) refuseIfEdited(entry, dir, rel);

  const git = simpleGit({ baseDir: workspaceDir });
  const initialised = !(await git.checkIsRepo());
  if (initialised) await git.init();
  await switchBranch(git, branch, id);

  let created = false;
  if (isFolder(dir)) {
    if (!opts.overwrite) refuseIfEdited(entry, dir, rel);
    else if (!isSame(diffLabCopy(entry.dir, dir))) {
      rmSync(dir, { recursive: true, force: true });
      created = true;
    }
  } else created = true;
  if (created) copyLabFiles(entry.dir, dir);

  const ignoredState = await ignoreStateDir(git, workspaceDir, initialised);
  const commit = await commitPath(git, workspaceDir, ignoredState === '.gitignore' ? [rel, '.gitignore'] : rel, baselineMessage(id));
  const { warnings } = await updateProgress(workspaceDir, (progress, now) => {
    const lab = labEntry(progress, id, now);
    lab.startedAt ??= now;
    if (lab.status === 'not-started') lab.status = 'running';
  });
  return { dir, created, ...(commit ? { commit } : {}), branch, initialised, ...(ignoredState ? { ignoredState } : {}), warnings };
}

function isSame(d: CopyDiff): boolean {
  return !d.changed.length && !d.added.length && !d.missing.length;
}

function refuseIfEdited(entry: LabEntry, dir: string, rel: string): void {
  if (!isFolder(dir)) return;
  const d = diffLabCopy(entry.dir, dir);
  if (isSame(d)) return;
  const files = [...d.changed.map((f) => `${rel}/${f} (changed)`), ...d.added.map((f) => `${rel}/${f} (added)`), ...d.missing.map((f) => `${rel}/${f} (deleted)`)];
  const shown = files.slice(0, 10).map((f) => `  ${f}`);
  if (files.length > 10) shown.push(`  … and ${files.length - 10} more`);
  throw new StartRefusedError(
    [
      `${dir} already exists and differs from the bundled lab in ${files.length} file(s):`,
      ...shown,
      `Nothing was changed. To keep your edits, carry on with this copy (breakfix up/check use it).`,
      `To replace it with a fresh copy, run \`breakfix start ${entry.lab.id} --overwrite\`: edits not committed to git are then lost.`,
    ].join('\n'),
    files,
  );
}

/** Checks out breakfix/<id>, creating it from HEAD when missing. Git refuses a switch that would lose local changes. */
async function switchBranch(git: SimpleGit, branch: string, id: string): Promise<void> {
  const current = (await git.raw(['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '')).trim();
  if (current === branch) return;
  const exists = (await git.branchLocal()).all.includes(branch);
  try {
    await git.raw(exists ? ['checkout', branch] : ['checkout', '-b', branch]);
  } catch (err) {
    const why = (err as Error).message.trim();
    throw new Error(
      `could not switch to the git branch ${branch}: ${why}\nNothing was copied or committed. Commit or stash the changes git lists, then run \`breakfix start ${id}\` again.`,
    );
  }
}
